"""Checking one learner row: its cells, its place, duplicates in the file, the account it names.

Pure code over plain data: `PlaceIndex` holds the provinces and communes (loaded once per job by
`services.place_index_load`), `row_check` turns a `RawRow` into a `CheckedRow` or a list of
reasons, `DuplicateTracker` remembers who appeared earlier in the file and `account_match`
decides which existing account (if any) a row names; `ClassIndex` and `class_match` find the
class a row's "Lớp" cell names in the importer's area. Reasons are messages for the
administrator.
"""

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from courses.enrolment_import import parsing
from home.former_units import FormerUnit, former_units, spelling_key
from home.models import LearnerGroup
from home.text import fold_vietnamese
from home.validators import normalise_full_name, normalise_phone, validate_vietnamese_phone

COMMUNE_PREFIXES = ("xa ", "phuong ", "dac khu ")
SPELLED_PREFIXES = ("xã ", "phường ", "đặc khu ")
PROVINCE_PREFIXES = ("tinh ", "thanh pho ", "tp. ", "tp ")
# Abbreviations personnel offices write before a unit's name, folded: "X. Yên Ninh".
ABBREVIATIONS = {
    "x": "xa",
    "p": "phuong",
    "tt": "thi tran",
    "tx": "thi xa",
    "tp": "thanh pho",
    "t": "tinh",
    "dk": "dac khu",
    "h": "huyen",
    "q": "quan",
}
_ABBREVIATION = re.compile(r"^(" + "|".join(ABBREVIATIONS) + r")(\.\s*|\s+)(?=\w)")
# Kinds of unit that no longer exist since 1 July 2025 (towns and districts).
FORMER_PREFIXES = ("thi tran ", "thi xa ", "thanh pho ", "huyen ", "quan ")
DISTRICT_PREFIXES = ("huyen ", "quan ", "thi xa ", "thanh pho ")
# "Thị trấn Yên Minh, Huyện Yên Minh", "Xã Na Khê - H. Yên Minh", "Xã Na Khê (Yên Minh)".
_UNIT_PARTS = re.compile(r"\s*[,;()]\s*|\s+[-\u2013]\s+")
SUGGESTIONS = 3
SUGGESTION_CUTOFF = 0.75
GROUP_ALIASES = {
    LearnerGroup.OFFICIAL: [
        "can bo",
        "cong chuc",
        "vien chuc",
        "can bo, cong chuc, vien chuc",
        "cbccvc",
        "official",
    ],
    LearnerGroup.DIGITAL_TEAM: [
        "to cong nghe so cong dong",
        "to cnscd",
        "cnscd",
        "digital team",
        "digital_team",
    ],
    LearnerGroup.CITIZEN: ["nguoi dan", "cong dan", "citizen"],
}
MAX_FULL_NAME = 150
MAX_WORK_UNIT = 200
MAX_EMAIL = 254


@dataclass(frozen=True)
class PlaceRef:
    pk: int
    code: str
    name: str
    province_id: int


@dataclass
class PlaceIndex:
    """Provinces and communes by code and by folded name (with and without "Xã", "Tỉnh"...)."""

    provinces_by_code: dict[str, int] = field(default_factory=dict)
    province_codes: dict[int, str] = field(default_factory=dict)
    provinces_by_name: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    province_names: dict[int, str] = field(default_factory=dict)
    communes_by_code: dict[str, PlaceRef] = field(default_factory=dict)
    communes_by_name: dict[tuple[int, str], list[PlaceRef]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # Every commune by its name without "Xã"/"Phường", across provinces, and per province.
    communes_nationally: dict[str, list[PlaceRef]] = field(
        default_factory=lambda: defaultdict(list)
    )
    names_in_province: dict[int, dict[str, list[PlaceRef]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )

    def add_province(self, *, pk: int, code: str, name: str, full_name: str) -> None:
        self.provinces_by_code[code] = pk
        self.province_codes[pk] = code
        self.province_names[pk] = full_name
        for spelling in (name, full_name):
            folded = fold_vietnamese(spelling)
            self.provinces_by_name[folded].add(pk)
            self.provinces_by_name[_strip_prefix(folded, PROVINCE_PREFIXES)].add(pk)

    def add_commune(self, *, pk: int, code: str, name: str, province_id: int) -> None:
        ref = PlaceRef(pk=pk, code=code, name=normalise_full_name(name), province_id=province_id)
        self.communes_by_code[code] = ref
        folded = fold_vietnamese(name)
        keys = {folded, _strip_prefix(folded, COMMUNE_PREFIXES)}
        for key in keys:
            self.communes_by_name[(province_id, key)].append(ref)
        stripped = _strip_prefix(folded, COMMUNE_PREFIXES)
        self.communes_nationally[folded].append(ref)
        self.communes_nationally[stripped].append(ref)
        self.names_in_province[province_id][stripped].append(ref)

    def commune(self, pk: int) -> PlaceRef | None:
        return self._by_pk().get(pk)

    def _by_pk(self) -> dict[int, PlaceRef]:
        if not hasattr(self, "_pk_index"):
            self._pk_index = {ref.pk: ref for ref in self.communes_by_code.values()}
        return self._pk_index


@dataclass(frozen=True)
class Scope:
    """The importer's area as plain ids: nothing (national), a province, or one commune."""

    province_id: int | None = None
    commune_id: int | None = None

    def contains(self, commune: PlaceRef) -> bool:
        if self.commune_id is not None:
            return commune.pk == self.commune_id
        if self.province_id is not None:
            return commune.province_id == self.province_id
        return True


@dataclass(frozen=True)
class CheckedRow:
    number: int
    full_name: str
    email: str
    phone: str
    commune: PlaceRef
    learner_group: str
    work_unit: str
    # The class the row names (or the file's class): entering it is checked when applied.
    klass: "ClassRef | None" = None


@dataclass(frozen=True)
class RowCheck:
    """A row's cleaned values, or the reasons it is rejected (then `row` is None), and the
    warnings about what was left out or read differently (they never block the row)."""

    number: int
    cells: dict[str, str]
    row: CheckedRow | None = None
    reasons: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def _spelling(text: str) -> str:
    """Lower case with the diacritics kept: "Xã Văn Lang" and "xã văn lang" are one spelling."""
    return normalise_full_name(text).lower()


def _strip_prefix(folded: str, prefixes) -> str:
    for prefix in prefixes:
        if folded.startswith(prefix):
            return folded[len(prefix) :]
    return folded


def _group_lookup() -> dict[str, str]:
    lookup = {}
    for group in LearnerGroup:
        lookup[fold_vietnamese(group.value)] = group.value
        for language in ("en", "vi"):
            with translation.override(language):
                lookup[fold_vietnamese(str(group.label))] = group.value
        for alias in GROUP_ALIASES[group]:
            lookup[fold_vietnamese(alias)] = group.value
    return lookup


def _column(key: str) -> str:
    return str(parsing.COLUMNS[key])


def unit_expand(folded: str) -> str:
    """A folded unit name with its abbreviation spelled out ("x. yen ninh" -> "xa yen ninh")."""
    match = _ABBREVIATION.match(folded)
    if match is None:
        return folded
    return ABBREVIATIONS[match.group(1)] + " " + folded[match.end() :]


@dataclass(frozen=True)
class ProvinceRead:
    """The province a cell names (today's pk), why it names none, and, for a province of
    before 1 July 2025, its old code and the warning saying which province it is today."""

    pk: int | None = None
    problem: str | None = None
    former_code: str | None = None
    warning: str | None = None


def _province(cell: str, places: PlaceIndex) -> ProvinceRead:
    if not cell:
        return ProvinceRead()
    code = cell.zfill(2) if cell.isdigit() and len(cell) <= 2 else None
    pk = places.provinces_by_code.get(code) if code else None
    if pk is None:
        folded = unit_expand(fold_vietnamese(cell))
        found = places.provinces_by_name.get(folded) or places.provinces_by_name.get(
            _strip_prefix(folded, (*PROVINCE_PREFIXES, "tinh ")), set()
        )
        if len(found) > 1:
            return ProvinceRead(
                problem=_("“%(province)s” names several provinces: write its code.")
                % {"province": cell}
            )
        pk = next(iter(found), None)
        if pk is None and not code:
            return _former_province(cell, folded, places)
    if pk is None:
        return ProvinceRead(
            problem=_(
                "Unknown province “%(province)s”: write one of the 34 provinces in force since "
                "1 July 2025, or its code."
            )
            % {"province": cell}
        )
    return ProvinceRead(pk=pk)


def _former_province(cell: str, folded: str, places: PlaceIndex) -> ProvinceRead:
    """A province of before 1 July 2025 ("Tỉnh Hà Giang"): today's province it is part of,
    with a warning; today's names were tried first."""
    former = former_units().province(folded)
    pk = places.provinces_by_code.get(former[1]) if former else None
    if pk is None:
        return ProvinceRead(
            problem=_(
                "Unknown province “%(province)s”: write one of the 34 provinces in force since "
                "1 July 2025, or its code."
            )
            % {"province": cell}
        )
    return ProvinceRead(
        pk=pk,
        former_code=former[0],
        warning=_("“%(old)s” (before 1 July 2025) read as %(province)s.")
        % {"old": cell, "province": places.province_names[pk]},
    )


def _listed(refs, places: PlaceIndex, *, with_province: bool = False) -> str:
    if with_province:
        return ", ".join(
            f"{ref.name} ({places.province_names[ref.province_id]}, {ref.code})" for ref in refs
        )
    return ", ".join(f"{ref.name} ({ref.code})" for ref in refs)


def _suggestions(name: str, province_id: int, places: PlaceIndex) -> list[PlaceRef]:
    """The communes of the province whose names are closest to `name` (folded, no prefix)."""
    names = places.names_in_province.get(province_id, {})
    close = difflib.get_close_matches(name, list(names), n=SUGGESTIONS, cutoff=SUGGESTION_CUTOFF)
    return [ref for key in close for ref in names[key]][:SUGGESTIONS]


def _unique(refs) -> list[PlaceRef]:
    return list({ref.pk: ref for ref in refs}.values())


def _exact_spelling(cell: str, matches: list[PlaceRef]) -> list[PlaceRef]:
    """Folding made two names alike ("Văn Lang", "Văn Lăng"): the exact spelling decides."""
    spelling = _spelling(cell)
    exact = [
        ref
        for ref in matches
        if spelling in {_spelling(ref.name), _strip_prefix(_spelling(ref.name), SPELLED_PREFIXES)}
    ]
    return exact or matches


def _commune_by_code(cell, province_id, places) -> tuple[PlaceRef | None, str | None]:
    commune = places.communes_by_code.get(cell.zfill(5))
    if commune is None:
        return None, _("Unknown commune code “%(code)s”.") % {"code": cell}
    if province_id is not None and commune.province_id != province_id:
        return None, _("Commune %(commune)s is not in %(province)s.") % {
            "commune": commune.name,
            "province": places.province_names[province_id],
        }
    return commune, None


def _commune_nationally(cell: str, name: str, places: PlaceIndex):
    """A commune named without its province: found when one commune in the country has the
    name, else the candidates are listed with their provinces and codes."""
    matches = _unique(
        places.communes_nationally.get(name)
        or places.communes_nationally.get(_strip_prefix(name, COMMUNE_PREFIXES), [])
    )
    if len(matches) > 1:
        matches = _exact_spelling(cell, matches)
    if len(matches) == 1:
        return matches[0], None
    if matches:
        return None, _(
            "“%(commune)s” matches several communes (%(matches)s): write the province or the "
            "commune's code."
        ) % {"commune": cell, "matches": _listed(matches, places, with_province=True)}
    return None, _("Give the province, or the commune's code, to identify “%(commune)s”.") % {
        "commune": cell
    }


def _commune_unknown(cell: str, name: str, province_id: int, places: PlaceIndex) -> str:
    province = places.province_names[province_id]
    stripped = _strip_prefix(name, (*COMMUNE_PREFIXES, *FORMER_PREFIXES))
    candidates = _suggestions(stripped, province_id, places)
    if name.startswith(FORMER_PREFIXES):
        message = _(
            "“%(commune)s” is neither a commune of %(province)s today nor a unit of it from "
            "before 1 July 2025."
        ) % {"commune": cell, "province": province}
    else:
        message = _("Unknown commune “%(commune)s” in %(province)s.") % {
            "commune": cell,
            "province": province,
        }
    if candidates:
        message += " " + _("Did you mean: %(candidates)s?") % {
            "candidates": _listed(candidates, places)
        }
    return message


@dataclass(frozen=True)
class CommuneMatch:
    """The commune a row names, or why it names none, and the warnings about how it was read
    (a unit or a province of before 1 July 2025)."""

    commune: PlaceRef | None = None
    problem: str | None = None
    warnings: tuple[str, ...] = ()


def _todays(name: str, province_id: int, places: PlaceIndex) -> list[PlaceRef]:
    matches = places.communes_by_name.get((province_id, name)) or places.communes_by_name.get(
        (province_id, _strip_prefix(name, COMMUNE_PREFIXES)), []
    )
    return _unique(matches)


def _refs(codes, places: PlaceIndex) -> list[PlaceRef]:
    return [places.communes_by_code[code] for code in codes if code in places.communes_by_code]


def _former_listed(units: list[FormerUnit], places: PlaceIndex) -> str:
    listed = []
    for unit in units:
        todays = _listed(_refs(unit.commune_codes, places), places)
        listed.append(f"{unit.name}, {unit.old_district_name} → {todays}")
    return "; ".join(listed)


def _former_district(cell: str, name: str, province_code: str, former_code, places):
    """A district named alone ("Huyện Yên Minh"): refused with the communes it became, unless
    it was an island district without communes that became one special zone."""
    units = former_units().district_units(province_code=province_code, name=name)
    if former_code:
        units = [unit for unit in units if unit.old_province_code == former_code]
    if not units:
        return None
    codes = sorted({code for unit in units for code in unit.commune_codes})
    if len(codes) == 1 and not any(unit.old_commune_name for unit in units):
        commune = places.communes_by_code.get(codes[0])
        if commune is not None:
            return CommuneMatch(commune=commune, warnings=(_former_warning(cell, commune),))
    refs = sorted(_refs(codes, places), key=lambda ref: ref.name)
    return CommuneMatch(
        problem=_(
            "“%(district)s” is a district; districts were abolished on 1 July 2025: write the "
            "commune the person belongs to today (the district's communes are now part of "
            "%(communes)s)."
        )
        % {"district": cell, "communes": _listed(refs, places)}
    )


def _former_exact_spelling(written: str, units: list[FormerUnit]) -> list[FormerUnit]:
    """Folding made two former names alike ("Vĩnh Hưng", "Vĩnh Hùng"): the exact spelling
    decides."""
    bare = _bare_spelling(written)
    exact = [unit for unit in units if _bare_spelling(unit.name) == bare]
    return exact or units


def _bare_spelling(written: str) -> tuple[str, ...]:
    """A unit's name without its kind, compared by `spelling_key`."""
    spelled = _spelling(written)
    abbreviation = _ABBREVIATION.match(spelled)
    spelled = spelled[abbreviation.end() :] if abbreviation else spelled
    return spelling_key(_strip_prefix(spelled, (*SPELLED_PREFIXES, "thị trấn ")))


def _former_warning(cell: str, commune: PlaceRef) -> str:
    return _("“%(old)s” (before 1 July 2025) imported as %(commune)s (code %(code)s).") % {
        "old": cell,
        "commune": commune.name,
        "code": commune.code,
    }


def _former_commune(
    cell: str, province_id: int, former_code, places, *, exact_only=False
) -> CommuneMatch | None:
    """A commune, ward or town of before 1 July 2025, possibly followed by its district
    ("TT. Yên Minh, H. Yên Minh"): today's commune when the mapping names one, else the row is
    refused with the candidates. None when the cell names no former unit of the province."""
    province_code = places.province_codes[province_id]
    first, *rest = [part for part in _UNIT_PARTS.split(cell) if part]
    name = unit_expand(fold_vietnamese(first))
    districts = [
        _strip_prefix(unit_expand(fold_vietnamese(part)), DISTRICT_PREFIXES) for part in rest
    ]
    if rest:
        todays = _todays(name, province_id, places)
        if len(todays) == 1 and not _spelled_otherwise(first, todays[0]):
            return CommuneMatch(commune=todays[0])
    units = former_units().communes_named(province_code=province_code, name=name)
    if former_code:
        units = [unit for unit in units if unit.old_province_code == former_code]
    if districts:
        units = [
            unit
            for unit in units
            if _strip_prefix(fold_vietnamese(unit.old_district_name), DISTRICT_PREFIXES)
            in districts
        ]
    if exact_only:
        units = [unit for unit in units if _bare_spelling(unit.name) == _bare_spelling(first)]
    elif len(units) > 1:
        units = _former_exact_spelling(first, units)
    if not units:
        if name.startswith(DISTRICT_PREFIXES) and not rest:
            return _former_district(cell, name, province_code, former_code, places)
        return None
    codes = sorted({code for unit in units for code in unit.commune_codes})
    if len(codes) == 1 and codes[0] in places.communes_by_code:
        commune = places.communes_by_code[codes[0]]
        return CommuneMatch(commune=commune, warnings=(_former_warning(cell, commune),))
    if len(units) > 1:
        return CommuneMatch(
            problem=_(
                "“%(old)s” (before 1 July 2025) names several former units of %(province)s: "
                "%(units)s. Write the district after it (“%(example)s”), today's commune or "
                "its code."
            )
            % {
                "old": cell,
                "province": places.province_names[province_id],
                "units": _former_listed(units, places),
                "example": f"{first}, {units[0].old_district_name}",
            }
        )
    return CommuneMatch(
        problem=_(
            "“%(old)s” (before 1 July 2025) was split between several communes: "
            "%(communes)s. Write today's commune or its code."
        )
        % {"old": cell, "communes": _listed(_refs(codes, places), places)}
    )


def _commune(cell: str, province_cell: str, places: PlaceIndex, scope=None) -> CommuneMatch:
    """The commune a row names, from its commune and province cells; the importer's scope
    gives the province (or commune) a row leaves out. Today's names win; a unit or province of
    before 1 July 2025 is read through `home.former_units`."""
    scope = scope or Scope()
    province = _province(province_cell, places)
    if province.problem:
        return CommuneMatch(problem=province.problem)
    found = _commune_today(cell, province.pk, places, scope)
    if found.province_id is not None and _spelled_otherwise(cell, found.commune):
        # "Xã Hạ Trung" is not today's "Xã Hà Trung": a former unit spelled so is meant.
        former = _former_commune(
            cell, found.province_id, province.former_code, places, exact_only=True
        )
        found = former or found
    if found.commune is None and found.problem is None:
        found = _former_commune(cell, found.province_id, province.former_code, places) or (
            CommuneMatch(problem=_commune_unknown(cell, found.name, found.province_id, places))
        )
    warnings = (province.warning,) if province.warning else ()
    return CommuneMatch(
        commune=found.commune, problem=found.problem, warnings=warnings + found.warnings
    )


def _spelled_otherwise(cell: str, commune: PlaceRef | None) -> bool:
    """The cell is written with diacritics that differ from the commune's name."""
    if commune is None:
        return False
    written = cell.split(",")[0]
    has_marks = fold_vietnamese(written) != " ".join(written.lower().split())
    return has_marks and _bare_spelling(written) != _bare_spelling(commune.name)


@dataclass(frozen=True)
class _TodayMatch:
    """Today's commune found by name in a known province (`province_id` set), by code or
    scope, or nationally; or why none; or nothing (`name` and `province_id` set)."""

    commune: PlaceRef | None = None
    problem: str | None = None
    warnings: tuple[str, ...] = ()
    name: str = ""
    province_id: int | None = None


def _commune_today(cell: str, province_id, places: PlaceIndex, scope: Scope) -> _TodayMatch:
    """Today's commune the cells name, or why they name none; neither when the province is
    known and no commune of today has the name."""
    if not cell and scope.commune_id is not None:
        return _TodayMatch(commune=places.commune(scope.commune_id))
    if cell.isdigit() and len(cell) <= 5:
        commune, problem = _commune_by_code(cell, province_id, places)
        return _TodayMatch(commune=commune, problem=problem)
    if province_id is None and scope.commune_id is not None:
        province_id = places.commune(scope.commune_id).province_id
    province_id = province_id if province_id is not None else scope.province_id
    name = unit_expand(fold_vietnamese(cell))
    if province_id is None:
        commune, problem = _commune_nationally(cell, name, places)
        return _TodayMatch(commune=commune, problem=problem)
    matches = _todays(name, province_id, places)
    if len(matches) > 1:
        matches = _exact_spelling(cell, matches)
    if not matches:
        return _TodayMatch(name=name, province_id=province_id)
    if len(matches) > 1:
        return _TodayMatch(
            problem=_(
                "“%(commune)s” matches several communes (%(matches)s): write the commune's code."
            )
            % {"commune": cell, "matches": _listed(matches, places)}
        )
    return _TodayMatch(commune=matches[0], name=name, province_id=province_id)


def phone_from_cell(cell: str) -> str:
    """The phone in national form; puts back the leading zero Excel drops from numbers.

    A mobile (0 + 9 digits) stored as a number reads "912345678"; a landline (02 + 9 digits)
    reads "2xxxxxxxxx". No valid number has those lengths otherwise, so the zero is safe to add.
    """
    phone = normalise_phone(cell)
    if phone.isdigit() and (
        (len(phone) == 9 and phone[0] in "35789") or (len(phone) == 10 and phone[0] == "2")
    ):
        phone = "0" + phone
    return phone


def _formula_notes(raw: parsing.RawRow) -> tuple[list[str], list[str]]:
    """Reasons for formulas without a saved value; warnings for those whose value was used."""
    reasons = [
        _("The column “%(column)s” holds a formula; formulas are not accepted.")
        % {"column": _column(key)}
        for key, value in raw.cells.items()
        if key in raw.unvalued or value.startswith("=")
    ]
    warnings = [
        _("The column “%(column)s” holds a formula: its saved value “%(value)s” was used.")
        % {"column": _column(key), "value": raw.cells[key]}
        for key in parsing.COLUMNS
        if key in raw.formulas
    ]
    return reasons, warnings


def _email_check(cell: str) -> tuple[str, str | None]:
    email = cell.strip().lower()
    if len(email) > MAX_EMAIL:
        return email, _("The e-mail address is too long.")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            return email, _("“%(email)s” is not a valid e-mail address.") % {"email": email}
    return email, None


@dataclass(frozen=True)
class ClassRef:
    """A class as the import sees it: its name and its commune."""

    pk: int
    name: str
    commune: PlaceRef

    @property
    def label(self) -> str:
        return f"{self.name} ({self.commune.name})"


@dataclass
class ClassIndex:
    """Every class by its folded name (`services.class_index_load`): a name is looked up in the
    importer's area, so that a class elsewhere is named as such rather than "unknown"."""

    by_name: dict[str, list[ClassRef]] = field(default_factory=lambda: defaultdict(list))
    by_pk: dict[int, ClassRef] = field(default_factory=dict)

    def add(self, *, pk: int, name: str, commune: PlaceRef) -> None:
        ref = ClassRef(pk=pk, name=name, commune=commune)
        self.by_name[fold_vietnamese(name)].append(ref)
        self.by_pk[pk] = ref


@dataclass(frozen=True)
class ClassMatch:
    klass: ClassRef | None = None
    warning: str | None = None


def class_match(
    *, cell: str, commune: PlaceRef, classes: ClassIndex, scope: Scope, default=None
) -> ClassMatch:
    """The class a row's "Lớp" cell names (the file's class when the cell is empty), or the
    warning saying why the row joins none. A name is looked up among the classes of the
    importer's area; several of them with the name are told apart by the row's commune, then
    by the exact spelling."""
    cell = " ".join(cell.split())
    if not cell:
        if default is not None and not scope.contains(default.commune):
            return ClassMatch(warning=_outside(default.name))
        return ClassMatch(klass=default)
    found = classes.by_name.get(fold_vietnamese(cell), [])
    if not found:
        return ClassMatch(
            warning=_(
                "No class is named “%(class)s” in the area you manage: the learner was not "
                "added to a class."
            )
            % {"class": cell}
        )
    mine = [ref for ref in found if scope.contains(ref.commune)]
    if not mine:
        return ClassMatch(warning=_outside(cell))
    if len(mine) > 1:
        mine = [ref for ref in mine if ref.commune.pk == commune.pk] or mine
    if len(mine) > 1:
        spelling = _spelling(cell)
        mine = [ref for ref in mine if _spelling(ref.name) == spelling] or mine
    if len(mine) > 1:
        return ClassMatch(
            warning=_(
                "Several classes are named “%(class)s” (%(classes)s): the learner was not "
                "added to a class. Give the classes different names, or choose the class for "
                "the whole file."
            )
            % {"class": cell, "classes": ", ".join(ref.label for ref in mine)}
        )
    return ClassMatch(klass=mine[0])


def _outside(name: str) -> str:
    return _(
        "The class “%(class)s” is outside the area you manage: the learner was not added to it."
    ) % {"class": name}


def row_check(
    *,
    raw: parsing.RawRow,
    places: PlaceIndex,
    scope: Scope,
    groups=None,
    classes: ClassIndex | None = None,
    default_class: ClassRef | None = None,
) -> RowCheck:
    """Clean one row's cells; return them with the reasons the row cannot be imported and the
    warnings about what was imported differently (an invalid phone next to a valid e-mail is
    left out, not a reason)."""
    cells = raw.cells
    reasons, warnings = _formula_notes(raw)
    if reasons:
        return RowCheck(number=raw.number, cells=cells, reasons=tuple(reasons))

    full_name = normalise_full_name(cells.get(parsing.FULL_NAME, ""))
    if not full_name:
        reasons.append(_("The full name is missing."))
    elif len(full_name) > MAX_FULL_NAME:
        reasons.append(_("The full name is too long."))

    email, problem = _email_check(cells.get(parsing.EMAIL, ""))
    if problem:
        reasons.append(problem)

    phone = phone_from_cell(cells.get(parsing.PHONE, ""))
    if phone:
        try:
            validate_vietnamese_phone(phone)
        except ValidationError:
            if email and not problem:
                warnings.append(
                    _(
                        "“%(phone)s” is not a valid Vietnamese phone number: the row was "
                        "imported without it."
                    )
                    % {"phone": cells.get(parsing.PHONE)}
                )
            else:
                reasons.append(
                    _("“%(phone)s” is not a valid Vietnamese phone number.")
                    % {"phone": cells.get(parsing.PHONE)}
                )
            phone = ""
    if not email and not phone and not reasons:
        reasons.append(_("Give an e-mail address or a phone number."))

    commune = None
    commune_cell = cells.get(parsing.COMMUNE, "")
    if not commune_cell and scope.commune_id is None:
        reasons.append(_("The commune is missing."))
    else:
        found = _commune(commune_cell, cells.get(parsing.PROVINCE, ""), places, scope)
        commune, problem = found.commune, found.problem
        warnings.extend(found.warnings)
        if problem:
            reasons.append(problem)
        elif not scope.contains(commune):
            reasons.append(
                _("%(commune)s is outside the area you manage.") % {"commune": commune.name}
            )

    group_cell = cells.get(parsing.LEARNER_GROUP, "")
    learner_group = ""
    if group_cell:
        learner_group = (groups or _group_lookup()).get(fold_vietnamese(group_cell), "")
        if not learner_group:
            reasons.append(
                _("Unknown group “%(group)s”: write one of %(choices)s.")
                % {"group": group_cell, "choices": ", ".join(str(g.label) for g in LearnerGroup)}
            )

    work_unit = " ".join(cells.get(parsing.WORK_UNIT, "").split())
    if len(work_unit) > MAX_WORK_UNIT:
        reasons.append(_("The work unit is too long."))

    if reasons:
        return RowCheck(number=raw.number, cells=cells, reasons=tuple(reasons))
    klass = None
    if classes is not None:
        found = class_match(
            cell=cells.get(parsing.CLASS, ""),
            commune=commune,
            classes=classes,
            scope=scope,
            default=default_class,
        )
        klass = found.klass
        if found.warning:
            warnings.append(found.warning)
    return RowCheck(
        number=raw.number,
        cells=cells,
        warnings=tuple(warnings),
        row=CheckedRow(
            number=raw.number,
            full_name=full_name,
            email=email,
            phone=phone,
            commune=commune,
            learner_group=learner_group,
            work_unit=work_unit,
            klass=klass,
        ),
    )


class DuplicateTracker:
    """Remembers the e-mails and phones seen so far; a later row naming one is a duplicate."""

    def __init__(self):
        self._emails: dict[str, int] = {}
        self._phones: dict[str, int] = {}

    def reason(self, row: CheckedRow) -> str | None:
        earlier = (row.email and self._emails.get(row.email)) or (
            row.phone and self._phones.get(row.phone)
        )
        if row.email:
            self._emails.setdefault(row.email, row.number)
        if row.phone:
            self._phones.setdefault(row.phone, row.number)
        if earlier:
            return _("The same person as row %(row)d (same e-mail or phone).") % {"row": earlier}
        return None


@dataclass(frozen=True)
class AccountMatch:
    """The existing account a row names (None: a new one), or why the row is refused."""

    account: object | None = None
    reason: str | None = None


def account_match(*, row: CheckedRow, by_email, by_phone, scope: Scope, places: PlaceIndex):
    """Decide which account the row names from the accounts found by its e-mail and phone."""
    if by_email is not None and by_phone is not None and by_email.pk != by_phone.pk:
        return AccountMatch(
            reason=_("The e-mail and the phone number belong to two different accounts.")
        )
    account = by_email or by_phone
    if account is None:
        if not row.email:
            return AccountMatch(reason=_("A new account needs an e-mail address."))
        return AccountMatch()
    if by_email is None and row.email:
        return AccountMatch(
            reason=_("The phone number belongs to an account with another e-mail address.")
        )
    if account.is_staff or account.is_superuser:
        return AccountMatch(
            reason=_("Staff and administrator accounts are not changed by imports.")
        )
    current = places.commune(account.commune_id) if account.commune_id else None
    if current is not None and not scope.contains(current):
        return AccountMatch(
            reason=_("This person's account belongs to a commune outside the area you manage.")
        )
    return AccountMatch(account=account)
