"""Template filters of the admin templates we copy from Wagtail (see `home.admin_labels`)."""

from django import template

from home import admin_labels

register = template.Library()


@register.filter
def permission_label(permission) -> str:
    """`{{ perm|permission_label }}`: what the permission allows, translated."""
    return admin_labels.permission_label(permission)
