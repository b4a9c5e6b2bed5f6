"""The units in force before 1 July 2025 and the communes that replaced them.

Reads `home/data/former_units.csv` (built by `manage.py build_former_units`, source and licence
in `home/data/README.md`) once per process. Names are looked up folded (`fold_vietnamese`) and
without their kind ("Xã", "Thị trấn", "Huyện"...), within today's province; each unit gives the
codes of today's communes it became part of (several when it was split). Decision 022.
"""

import csv
import functools
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from home.text import fold_vietnamese

DATA_FILE = Path(__file__).resolve().parent / "data" / "former_units.csv"
COLUMNS = (
    "old_province_code",
    "old_province_name",
    "old_district_code",
    "old_district_name",
    "old_commune_code",
    "old_commune_name",
    "province_code",
    "commune_codes",
)
COMMUNE_KINDS = ("xa ", "phuong ", "thi tran ")
DISTRICT_KINDS = ("huyen ", "quan ", "thi xa ", "thanh pho ")
PROVINCE_KINDS = ("tinh ", "thanh pho ")


PUNCTUATION = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-"})


def spelling_key(name: str) -> tuple[str, ...]:
    """A name compared with its diacritics but not their placement ("Hoà" = "Hòa"), nor the
    kind of apostrophe or dash: each word as its folded letters plus its sorted marks."""
    words = unicodedata.normalize("NFD", name.translate(PUNCTUATION).lower()).split()
    return tuple(
        fold_vietnamese(word)
        + "".join(sorted(ch for ch in word if unicodedata.combining(ch) or ch == "đ"))
        for word in words
    )


def kind_strip(folded: str, kinds) -> str:
    """A folded name without its kind ("thi tran yen minh" -> "yen minh")."""
    for kind in kinds:
        if folded.startswith(kind):
            return folded[len(kind) :]
    return folded


@dataclass(frozen=True)
class FormerUnit:
    """A commune, ward or town of before 1 July 2025 (or a district that had none) and the
    codes of today's communes it is part of."""

    old_province_code: str
    old_province_name: str
    old_district_name: str
    old_commune_code: str
    old_commune_name: str
    province_code: str
    commune_codes: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.old_commune_name or self.old_district_name

    @property
    def folded(self) -> str:
        return fold_vietnamese(self.name)


@dataclass
class FormerUnits:
    """The former units by today's province code and bare folded name."""

    communes: dict[tuple[str, str], list[FormerUnit]] = field(
        default_factory=lambda: defaultdict(list)
    )
    districts: dict[tuple[str, str], list[FormerUnit]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # Folded old province name (with and without "Tỉnh") -> (its old code, today's code).
    provinces: dict[str, tuple[str, str]] = field(default_factory=dict)
    province_names: dict[str, str] = field(default_factory=dict)

    def add(self, unit: FormerUnit) -> None:
        province = unit.province_code
        district = kind_strip(fold_vietnamese(unit.old_district_name), DISTRICT_KINDS)
        self.districts[(province, district)].append(unit)
        if unit.old_commune_name:
            self.communes[(province, kind_strip(unit.folded, COMMUNE_KINDS))].append(unit)
        folded = fold_vietnamese(unit.old_province_name)
        for spelling in (folded, kind_strip(folded, PROVINCE_KINDS)):
            self.provinces[spelling] = (unit.old_province_code, province)
        self.province_names[unit.old_province_code] = unit.old_province_name

    def communes_named(self, *, province_code: str, name: str) -> list[FormerUnit]:
        """The former communes of today's province whose folded name, with or without its kind,
        is `name`; when `name` says the kind ("thi tran ..."), only those of that kind: a
        "Thị trấn" that never existed is not taken for the "Xã" of the same name."""
        bare = kind_strip(name, COMMUNE_KINDS)
        units = self.communes.get((province_code, bare), [])
        if bare != name:
            return [unit for unit in units if unit.folded == name]
        return list(units)

    def district_units(self, *, province_code: str, name: str) -> list[FormerUnit]:
        """The former units of the district `name` (folded, with or without its kind)."""
        return list(self.districts.get((province_code, kind_strip(name, DISTRICT_KINDS)), []))

    def province(self, name: str) -> tuple[str, str] | None:
        """(old province code, today's province code) for a folded old province name."""
        return self.provinces.get(name) or self.provinces.get(kind_strip(name, PROVINCE_KINDS))


def former_units_read(path: Path = DATA_FILE) -> FormerUnits:
    """Every row of the data file, indexed."""
    units = FormerUnits()
    with open(path, encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            unit = FormerUnit(
                old_province_code=row["old_province_code"],
                old_province_name=row["old_province_name"],
                old_district_name=row["old_district_name"],
                old_commune_code=row["old_commune_code"],
                old_commune_name=row["old_commune_name"],
                province_code=row["province_code"],
                commune_codes=tuple(row["commune_codes"].split()),
            )
            units.add(unit)
    return units


@functools.cache
def former_units() -> FormerUnits:
    """The data file's units, read once per process."""
    return former_units_read()
