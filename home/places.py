"""Loading the official list of provinces and communes from the `vietnam-provinces` package.

The package carries the two-level structure in force since 1 July 2025: 34 provinces and
3,321 communes, wards and special zones. Loading is idempotent and runs in one transaction, so
an interrupted run leaves the previous state and a re-run finishes the job.
"""

from dataclasses import dataclass

from django.db import transaction
from django.dispatch import Signal
from vietnam_provinces import Province as PackageProvince
from vietnam_provinces import VietNamDivisionType as DivisionType
from vietnam_provinces import Ward as PackageWard

from home.models import Commune, Province

PROVINCE_KINDS = {
    DivisionType.TINH: Province.Kind.PROVINCE,
    DivisionType.THANH_PHO_TRUNG_UONG: Province.Kind.CITY,
}
COMMUNE_KINDS = {
    DivisionType.XA: Commune.Kind.COMMUNE,
    DivisionType.PHUONG: Commune.Kind.WARD,
    DivisionType.DAC_KHU: Commune.Kind.SPECIAL_ZONE,
}

# Sent inside the loading transaction when communes now belong to another province, with
# `commune_ids`; whatever keeps a copy of a commune's province (enrolments do) follows it.
communes_moved = Signal()


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _sync(model, rows: dict[str, dict], fields: list[str]) -> LoadResult:
    existing = {obj.code: obj for obj in model.objects.all()}
    to_create, to_update = [], []
    for code, values in rows.items():
        obj = existing.get(code)
        if obj is None:
            to_create.append(model(code=code, **values))
        elif any(getattr(obj, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(obj, f, v)
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=500)
    model.objects.bulk_update(to_update, fields, batch_size=500)
    return LoadResult(
        created=len(to_create),
        updated=len(to_update),
        unchanged=len(rows) - len(to_create) - len(to_update),
    )


@transaction.atomic
def places_load() -> tuple[LoadResult, LoadResult]:
    """Create or update every province and commune; returns (provinces, communes) counts."""
    provinces = {
        f"{p.code.value:02d}": {
            "name": p.name,
            "kind": PROVINCE_KINDS[p.division_type],
            "codename": p.codename,
        }
        for p in PackageProvince.iter_all()
    }
    province_result = _sync(Province, provinces, ["name", "kind", "codename"])
    province_ids = dict(Province.objects.values_list("code", "pk"))
    communes = {
        f"{w.code.value:05d}": {
            "name": w.name,
            "kind": COMMUNE_KINDS[w.division_type],
            "codename": w.codename,
            "province_id": province_ids[f"{w.province_code.value:02d}"],
        }
        for w in PackageWard.iter_all()
    }
    provinces_before = dict(Commune.objects.values_list("code", "province_id"))
    commune_result = _sync(Commune, communes, ["name", "kind", "codename", "province"])
    moved = [
        code
        for code, values in communes.items()
        if provinces_before.get(code) not in (None, values["province_id"])
    ]
    if moved:
        commune_ids = list(Commune.objects.filter(code__in=moved).values_list("pk", flat=True))
        communes_moved.send(sender=Commune, commune_ids=commune_ids)
    return province_result, commune_result
