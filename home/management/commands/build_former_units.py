"""Write home/data/former_units.csv from the `vietnamadminunits` package (a dev dependency).

The package ships the 63-province units (10,040 communes, wards and towns) and the official
conversion to the 34-province units of 1 July 2025. Today's units are matched to our places
table (`Commune.code`, from `vietnam-provinces`) by province and name, never by the package's
code: the two disagree on some codes (reported when the command runs). Decision 022.
"""

import csv
import json
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from home.former_units import COLUMNS, DATA_FILE, PUNCTUATION, spelling_key
from home.models import Commune, Province
from home.text import fold_vietnamese

PACKAGE = "vietnamadminunits"
PACKAGE_VERSION = "1.0.4"


def _key(package_key: str) -> str:
    """The package's keys are names folded without spaces, except where two of today's names
    in a province fold alike ("xãvănlang", "xãvănlăng"): those keep their diacritics."""
    return unicodedata.normalize("NFC", package_key)


class Command(BaseCommand):
    help = (
        "Build home/data/former_units.csv (pre-2025 communes -> today's communes) from the "
        f"{PACKAGE}=={PACKAGE_VERSION} package; needs the places loaded (load_places)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(DATA_FILE), help="where to write the CSV")

    def handle(self, *args, output, **options):
        try:
            from vietnamadminunits import database
        except ImportError as error:
            raise CommandError(
                f"Install the dev dependencies first: pip install {PACKAGE}=={PACKAGE_VERSION}"
            ) from error
        if not Commune.objects.exists():
            raise CommandError("No communes: run `manage.py load_places` first.")
        conversion = json.loads(
            (Path(database.__file__).parent.parent / "data" / "converter_2025.json").read_text(
                encoding="utf-8"
            )
        )
        today = self._today_units(database)
        old_units = database.query(
            "SELECT provinceKey, provinceCode, province, districtKey, districtCode, district, "
            "wardKey, wardCode, ward FROM admin_units_legacy"
        )
        targets = self._targets(conversion)
        old_provinces = {
            old: new for new, olds in conversion["DICT_PROVINCE"].items() for old in olds
        }
        province_of = dict(Commune.objects.values_list("code", "province__code"))
        rows, unmapped = [], 0
        for unit in old_units:
            key = f"{unit['provinceKey']}_{unit['districtKey']}_{unit['wardKey'] or ''}"
            new_province = old_provinces[unit["provinceKey"]]
            codes = sorted(
                {
                    today[(new_province, ward_key)]
                    for ward_key in targets.get(key, [])
                    if (new_province, ward_key) in today
                }
            )
            if len(codes) != len(set(targets.get(key, []))) or not codes:
                unmapped += 1
            if not codes:
                continue
            province_code = province_of[codes[0]]
            rows.append(
                {
                    "old_province_code": unit["provinceCode"],
                    "old_province_name": unit["province"],
                    "old_district_code": unit["districtCode"] or "",
                    "old_district_name": unit["district"],
                    "old_commune_code": unit["wardCode"] or "",
                    "old_commune_name": unit["ward"] or "",
                    "province_code": province_code,
                    "commune_codes": " ".join(codes),
                }
            )
        rows.sort(
            key=lambda r: (r["old_province_code"], r["old_district_code"], r["old_commune_code"])
        )
        with open(output, "w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        split = sum(1 for r in rows if " " in r["commune_codes"])
        self.stdout.write(
            f"{len(rows)} of {len(old_units)} former units written to {output} "
            f"({split} split between several of today's communes; {unmapped} with a target "
            "missing from our places)."
        )

    def _today_units(self, database) -> dict[tuple[str, str], str]:
        """(package province key, package ward key) -> our Commune.code, matched by province
        code and spelling; reports how many package codes agree with ours."""
        ours_by_spelling = defaultdict(list)
        ours_by_folded = defaultdict(list)
        for code, name, province_code in Commune.objects.values_list(
            "code", "name", "province__code"
        ):
            ours_by_spelling[(province_code, spelling_key(name))].append(code)
            ours_by_folded[(province_code, fold_vietnamese(name.translate(PUNCTUATION)))].append(
                code
            )
        provinces = set(Province.objects.values_list("code", flat=True))
        result, agree, missing = {}, Counter(), []
        for unit in database.query(
            "SELECT provinceKey, provinceCode, wardKey, wardCode, ward FROM admin_units"
        ):
            if unit["provinceCode"] not in provinces:
                raise CommandError(f"Province {unit['provinceCode']} is not in our places.")
            codes = ours_by_spelling.get((unit["provinceCode"], spelling_key(unit["ward"])))
            if not codes:
                folded = fold_vietnamese(unit["ward"].translate(PUNCTUATION))
                codes = ours_by_folded.get((unit["provinceCode"], folded))
            if not codes or len(codes) > 1:
                missing.append(f"{unit['provinceCode']} {unit['ward']} ({unit['wardCode']})")
                continue
            result[(unit["provinceKey"], _key(unit["wardKey"]))] = codes[0]
            agree[codes[0] == unit["wardCode"]] += 1
        self.stdout.write(
            f"Today's communes: {len(result)} of {len(result) + len(missing)} matched to our "
            f"places by name; the package's code equals ours for {agree[True]}, differs for "
            f"{agree[False]} (ours is written)."
        )
        for unit in missing:
            self.stderr.write(f"Not in our places: {unit}")
        return result

    @staticmethod
    def _targets(conversion) -> dict[str, list[str]]:
        """Old "province_district_ward" key -> the package ward keys of today's communes."""
        targets = defaultdict(list)
        for wards in conversion["DICT_PROVINCE_WARD_NO_DIVIDED"].values():
            for ward_key, old_keys in wards.items():
                for old_key in old_keys:
                    targets[old_key].append(_key(ward_key))
        for wards in conversion["DICT_PROVINCE_WARD_DIVIDED"].values():
            for old_key, new_wards in wards.items():
                targets[old_key].extend(_key(ward["newWardKey"]) for ward in new_wards)
        return targets
