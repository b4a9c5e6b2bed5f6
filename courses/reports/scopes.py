"""Who may see which area: the one gate in front of every report, chart, export and link.

`scope_resolve(user=..., province_code=..., commune_code=...)` reads the user's scope from the
database (never from the session), checks that the requested area lies inside it, and returns
an `Area` whose `enrolment_q()` / `count_q()` / `target_q()` / `commune_q()` filter querysets.
Anything outside the scope raises `PermissionDenied` (HTTP 403); a malformed or unknown code
raises `Http404`.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from courses.models import ManagerScope
from home.models import Commune, Province

PROVINCE_CODE = re.compile(r"\d{2}")
COMMUNE_CODE = re.compile(r"\d{5}")

NATIONAL = ManagerScope.Level.NATIONAL
PROVINCE = ManagerScope.Level.PROVINCE
COMMUNE = ManagerScope.Level.COMMUNE


@dataclass(frozen=True)
class Area:
    """The country, one province or one commune; `province` is set for a commune too."""

    level: str
    province: Province | None = None
    commune: Commune | None = None

    @property
    def is_national(self) -> bool:
        return self.level == NATIONAL

    def enrolment_q(self) -> Q:
        """Filter for the Enrolment queryset, on the commune and province kept on each row."""
        if self.level == COMMUNE:
            return Q(commune_id=self.commune.pk)
        if self.level == PROVINCE:
            return Q(province_id=self.province.pk)
        return Q()

    def count_q(self) -> Q:
        """Filter for the statistics table (`DailyCount`), whose cells name only their commune."""
        if self.level == COMMUNE:
            return Q(commune_id=self.commune.pk)
        if self.level == PROVINCE:
            return Q(commune__province_id=self.province.pk)
        return Q()

    def target_q(self) -> Q:
        """Filter for the Target queryset (a target names only its commune)."""
        if self.level == COMMUNE:
            return Q(commune_id=self.commune.pk)
        if self.level == PROVINCE:
            return Q(commune__province_id=self.province.pk)
        return Q()

    def commune_q(self) -> Q:
        """Filter for the Commune queryset: the communes inside this area."""
        if self.level == COMMUNE:
            return Q(pk=self.commune.pk)
        if self.level == PROVINCE:
            return Q(province_id=self.province.pk)
        return Q()

    def params(self) -> dict[str, str]:
        """The query parameters that ask for this area again (for links)."""
        if self.level == COMMUNE:
            return {"commune": self.commune.code}
        if self.level == PROVINCE:
            return {"province": self.province.code}
        return {}

    def contains(self, other: "Area") -> bool:
        if self.level == NATIONAL:
            return True
        if self.level == PROVINCE:
            return other.province is not None and other.province.pk == self.province.pk
        return other.level == COMMUNE and other.commune.pk == self.commune.pk

    def __str__(self):
        if self.level == COMMUNE:
            return str(self.commune)
        if self.level == PROVINCE:
            return self.province.full_name
        return str(ManagerScope.Level.NATIONAL.label)


NATIONAL_AREA = Area(level=NATIONAL)


def scope_of(*, user) -> Area | None:
    """The user's whole area, read from the database now; None when they have no scope."""
    if not (user and user.is_authenticated and user.is_active):
        return None
    if user.is_superuser:
        return NATIONAL_AREA
    scope = (
        ManagerScope.objects.select_related("province", "commune__province")
        .filter(user_id=user.pk)
        .first()
    )
    if scope is None:
        return None
    if scope.level == COMMUNE:
        return Area(level=COMMUNE, province=scope.commune.province, commune=scope.commune)
    if scope.level == PROVINCE:
        return Area(level=PROVINCE, province=scope.province)
    return NATIONAL_AREA


def scope_for_request(request) -> Area | None:
    """`scope_of(request.user)`, read once per request (kept on the request, never the session)."""
    if not hasattr(request, "_statistics_scope"):
        request._statistics_scope = scope_of(user=request.user)
    return request._statistics_scope


def user_is_national(*, user) -> bool:
    scope = scope_of(user=user)
    return scope is not None and scope.is_national


_READ = object()


def scope_resolve(
    *,
    user,
    province_code: str | None = None,
    commune_code: str | None = None,
    scope: "Area | object | None" = _READ,
) -> Area:
    """The area the user asked for (their whole scope when they asked for none).

    Raises PermissionDenied when the user has no scope or the area lies outside it, and Http404
    for a malformed code or a place that does not exist (only a national user can tell).
    `scope` passes the user's scope already read from the database during this request.
    """
    if scope is _READ:
        scope = scope_of(user=user)
    if scope is None:
        raise PermissionDenied
    province_code = (province_code or "").strip()
    commune_code = (commune_code or "").strip()
    if commune_code:
        return _resolve_commune(scope, commune_code, province_code)
    if province_code:
        return _resolve_province(scope, province_code)
    return scope


def _resolve_commune(scope: Area, code: str, province_code: str) -> Area:
    if not COMMUNE_CODE.fullmatch(code) or (
        province_code and not PROVINCE_CODE.fullmatch(province_code)
    ):
        raise Http404
    if scope.level == COMMUNE:
        if code != scope.commune.code:
            raise PermissionDenied
        if province_code and province_code != scope.province.code:
            raise PermissionDenied
        return scope
    commune = Commune.objects.select_related("province").filter(code=code).first()
    if scope.level == PROVINCE and (commune is None or commune.province_id != scope.province.pk):
        raise PermissionDenied
    if commune is None:
        raise Http404
    if province_code and province_code != commune.province.code:
        raise Http404
    return Area(level=COMMUNE, province=commune.province, commune=commune)


def _resolve_province(scope: Area, code: str) -> Area:
    if not PROVINCE_CODE.fullmatch(code):
        raise Http404
    if scope.level == COMMUNE:
        raise PermissionDenied
    if scope.level == PROVINCE:
        if code != scope.province.code:
            raise PermissionDenied
        return scope
    province = Province.objects.filter(code=code).first()
    if province is None:
        raise Http404
    return Area(level=PROVINCE, province=province)
