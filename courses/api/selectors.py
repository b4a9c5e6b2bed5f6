"""Reads of the statistics API: the token behind a bearer key, the places and courses a scope
lists. Figures come from `courses.reports.selectors` (the dashboard's), never from here."""

from django.db.models import QuerySet
from django.utils import timezone

from courses.api.models import ApiToken
from courses.api.services import token_hash
from courses.reports.scopes import COMMUNE, NATIONAL, Area
from home.models import Commune, Province

MAX_TOKEN_LENGTH = 200


def api_token_find(*, clear: str) -> ApiToken | None:
    """The usable token with this clear text and an active owner, or None."""
    if not clear or len(clear) > MAX_TOKEN_LENGTH:
        return None
    return (
        ApiToken.objects.select_related("owner")
        .filter(
            key_hash=token_hash(clear),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            owner__is_active=True,
        )
        .first()
    )


def api_tokens_visible(*, user, scope: Area | None) -> QuerySet[ApiToken]:
    """The tokens a user may see in the admin: their own, or every one for a national admin."""
    tokens = ApiToken.objects.select_related("owner")
    if scope is not None and scope.level == NATIONAL:
        return tokens
    return tokens.filter(owner_id=user.pk)


def area_places(*, area: Area) -> tuple[list[Province], list[Commune]]:
    """The provinces and communes inside the area, by code."""
    if area.level == NATIONAL:
        provinces = list(Province.objects.order_by("code"))
    else:
        provinces = [area.province]
    if area.level == COMMUNE:
        return provinces, [area.commune]
    communes = Commune.objects.filter(area.commune_q()).select_related("province").order_by("code")
    return provinces, list(communes)
