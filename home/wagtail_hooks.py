import copy

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.utils.version import get_main_version

from home.choosers import commune_chooser_viewset
from home.models import Commune, Province
from home.permissions import commune_policy, province_policy

register_permission_policy(Province, province_policy, exact_class=True)
register_permission_policy(Commune, commune_policy, exact_class=True)


class ProvinceViewSet(ModelViewSet):
    model = Province
    icon = "site"
    menu_label = _("Provinces")
    list_display = ["code", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "codename"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["code", "name", "kind", "codename"]


class CommuneViewSet(ModelViewSet):
    model = Commune
    icon = "home"
    menu_label = _("Communes")
    list_display = ["code", "name", "kind", "province"]
    list_filter = ["kind", "province"]
    search_fields = ["code", "name", "codename"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    list_per_page = 50
    form_fields = ["code", "name", "kind", "codename", "province"]

    def get_index_view_kwargs(self, **kwargs):
        # ModelViewSet has no get_queryset(request): the listing takes its queryset from here.
        return super().get_index_view_kwargs(
            queryset=Commune.objects.select_related("province"), **kwargs
        )


class PlacesViewSetGroup(ViewSetGroup):
    menu_label = _("Places")
    menu_icon = "site"
    menu_order = 900
    items = (ProvinceViewSet("provinces"), CommuneViewSet("communes"))


@hooks.register("register_admin_viewset")
def register_places_viewsets():
    return [PlacesViewSetGroup(), commune_chooser_viewset]


@hooks.register("construct_help_menu")
def whats_new_in_the_language_of_the_request(request, menu_items):
    """Wagtail formats the label of its "What's new" help item once per process, in the
    language of whichever request first built the help menu: formatted again per request."""
    version = get_main_version(include_patch=False)
    name = f"whats-new-in-wagtail-{version}"
    for index, item in enumerate(menu_items):
        if item.name == name:
            item = copy.copy(item)
            item.label = gettext("What's new in Wagtail %(version)s") % {"version": version}
            menu_items[index] = item
