"""Vietnamese labels for admin values Django and Wagtail store in English.

Django names each permission when it creates it ("Can add quiz", from the model's English
verbose name at migration time) and keeps that name in the database, where no catalogue reaches
it. The group editor (our copies of Wagtail's `wagtailusers/groups/includes/` templates) shows
`permission_label(permission)` instead: the model's standard permissions read from the codename
and the model's translated verbose name ("Được thêm bài kiểm tra"), Wagtail's page permissions
from its own translated descriptions, and any other permission from the catalogue by its name.
"""

from django.contrib.auth.models import Permission
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext
from wagtail.models import Page

STANDARD_ACTIONS = {
    "add": lambda name: pgettext("permission", "Can add %(model)s") % {"model": name},
    "change": lambda name: pgettext("permission", "Can change %(model)s") % {"model": name},
    "delete": lambda name: pgettext("permission", "Can delete %(model)s") % {"model": name},
    "view": lambda name: pgettext("permission", "Can view %(model)s") % {"model": name},
}


def _in_sentence(name: str) -> str:
    """A model's translated name starts with a capital where it also serves as a title ("Hoạt
    động H5P"); inside a sentence it is in lower case, unless it opens with an abbreviation."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def permission_label(permission: Permission) -> str:
    """What `permission` allows, in the active language, as one sentence."""
    model = permission.content_type.model_class()
    if model is Page:
        for codename, _short_label, long_label in Page.permission_types:
            if permission.codename == codename:
                return capfirst(long_label)
    if model is not None:
        action, _separator, model_name = permission.codename.partition("_")
        if action in STANDARD_ACTIONS and model_name == model._meta.model_name:
            return STANDARD_ACTIONS[action](_in_sentence(str(model._meta.verbose_name)))
    return gettext(permission.name)
