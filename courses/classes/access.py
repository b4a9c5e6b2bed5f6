"""Who may see and manage which class: the one place every class screen asks.

Managers (national, province, commune: `courses.reports.scopes`) create, edit and follow the
classes of their area; trainers see and manage only the classes they lead (roster, progress,
sessions, reminders) and never create or re-assign classes. Everything is read from the
database on each request, like the statistics scopes (docs/decisions/006, 021).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q, QuerySet

from courses.classes.models import Class
from courses.reports.scopes import COMMUNE, NATIONAL, PROVINCE, Area, scope_of
from courses.services import TRAINERS_GROUP


def _area_q(area: Area | None) -> Q | None:
    """Filter for the Class queryset: the classes inside the area (None: no area)."""
    if area is None:
        return None
    if area.level == COMMUNE:
        return Q(commune_id=area.commune.pk)
    if area.level == PROVINCE:
        return Q(commune__province_id=area.province.pk)
    return Q()


def classes_managed(*, user) -> QuerySet[Class]:
    """Classes the user may edit: those in their manager scope (none for a plain trainer)."""
    area_q = _area_q(scope_of(user=user))
    if area_q is None:
        return Class.objects.none()
    return Class.objects.filter(area_q)


def classes_visible(*, user) -> QuerySet[Class]:
    """Classes the user may open: those of their area plus those they lead."""
    if not (user and user.is_authenticated and user.is_active):
        return Class.objects.none()
    area_q = _area_q(scope_of(user=user))
    if area_q is not None and area_q == Q():
        return Class.objects.all()
    led = Q(pk__in=Class.trainers.through.objects.filter(user_id=user.pk).values("class_id"))
    return Class.objects.filter(led | area_q if area_q is not None else led)


def class_for_user(*, user, class_id: int) -> Class | None:
    """The class if the user may open it, else None (the view answers 404)."""
    return (
        classes_visible(user=user).select_related("commune__province").filter(pk=class_id).first()
    )


def class_may_edit(*, user, klass: Class) -> bool:
    return classes_managed(user=user).filter(pk=klass.pk).exists()


def class_may_create(*, user) -> bool:
    return scope_of(user=user) is not None


def class_may_open_admin(*, user) -> bool:
    """Whether the Classes menu is shown: managers, and trainers who lead a class."""
    return class_may_create(user=user) or user.classes_led.exists()


def commune_allowed(*, user, commune) -> bool:
    """Whether the user may put a class in this commune (their area contains it)."""
    area = scope_of(user=user)
    if area is None:
        return False
    if area.level == NATIONAL:
        return True
    if area.level == PROVINCE:
        return commune.province_id == area.province.pk
    return commune.pk == area.commune.pk


def trainers_assignable(*, user, klass: Class | None = None) -> QuerySet:
    """The trainers the user may put on a class: active members of the Trainers group whose
    commune lies in the user's area (any trainer for a national manager), plus the trainers
    already on `klass` (so that editing the class never drops one silently). The class form's
    choices and its check of what is posted, whatever the browser sends."""
    User = get_user_model()
    area = scope_of(user=user)
    in_group = User.groups.through.objects.filter(
        group__in=Group.objects.filter(name=TRAINERS_GROUP)
    ).values("user_id")
    allowed = Q(pk__in=[])
    if area is not None:
        allowed = Q(is_active=True, pk__in=in_group)
        if area.level == PROVINCE:
            allowed &= Q(commune__province_id=area.province.pk)
        elif area.level == COMMUNE:
            allowed &= Q(commune_id=area.commune.pk)
    if klass is not None and klass.pk is not None:
        allowed |= Q(
            pk__in=Class.trainers.through.objects.filter(class_id=klass.pk).values("user_id")
        )
    return User.objects.filter(allowed)
