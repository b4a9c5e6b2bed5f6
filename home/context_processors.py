from django.utils.functional import SimpleLazyObject

from home.selectors import portal_for_request

ADMIN_ACCESS_SESSION_KEY = "_elearn_admin_access"


def editing(request):
    """Whether to show Wagtail's user bar: remembered in the session for the visit.

    Wagtail's own tag reads every permission of the user (two queries) on every page just to
    learn that a learner may not edit; learners are nearly all our visitors. The admin itself
    still checks permissions on every request; a trainer given admin access sees the bar after
    signing in again."""

    def may_edit() -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        allowed = request.session.get(ADMIN_ACCESS_SESSION_KEY)
        if allowed is None:
            allowed = user.has_perm("wagtailadmin.access_admin")
            request.session[ADMIN_ACCESS_SESSION_KEY] = allowed
        return allowed

    return {"may_edit": SimpleLazyObject(may_edit)}


def portal(request):
    """The provincial portal being visited (a false value on the national site), for the
    header's name and colour; looked up only when a template uses it."""
    return {"portal": SimpleLazyObject(lambda: portal_for_request(request) or "")}
