"""Read-side queries of the site core: places and the public counters on the home page."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from home.models import Commune, Province


def province_list() -> QuerySet[Province]:
    return Province.objects.order_by("name")


def commune_list_for_province(*, province_code: str) -> QuerySet[Commune]:
    """Communes of one province in alphabetical order (an unknown code gives none)."""
    return (
        Commune.objects.filter(province__code=province_code)
        .select_related("province")
        .order_by("name")
    )


def phone_is_taken(*, phone: str, exclude_user_pk: int | None = None) -> bool:
    """Whether another account already has this (normalised) phone number."""
    others = get_user_model().objects.filter(phone=phone)
    if exclude_user_pk is not None:
        others = others.exclude(pk=exclude_user_pk)
    return others.exists()


def site_counters() -> dict[str, int]:
    """Learners with an account, and the number of distinct communes they come from."""
    learners = get_user_model().objects.filter(is_active=True, commune__isnull=False)
    return {
        "learners": learners.count(),
        "communes": learners.values("commune").distinct().count(),
    }
