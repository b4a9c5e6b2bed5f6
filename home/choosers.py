"""The commune chooser of the Wagtail admin: a modal that lists communes a page at a time.

A select of every commune put all 3,321 of them (and a query for each one's province) into
every admin form that asks for a commune. The chooser sends only the chosen commune with the
form; the modal searches by name (with or without diacritics) or code and filters by province.
Registered in `home/wagtail_hooks.py`, which also makes it the widget of every foreign key to a
commune in admin model forms (completion targets, manager scopes); the user forms name it.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets.chooser import BaseChooser

from home.models import Commune, Province
from home.text import fold_vietnamese


class CommuneFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Name or code")}),
        required=False,
    )
    province = forms.ModelChoiceField(
        label=_("Province or city"),
        queryset=Province.objects.all(),
        required=False,
        empty_label=_("All provinces"),
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        if province := self.cleaned_data.get("province"):
            objects = objects.filter(province=province)
        if query := self.cleaned_data.get("q", "").strip():
            objects = objects.filter(commune_search_q(query))
            self.is_searching = True
            self.search_query = query
        return objects


def commune_search_q(query: str) -> Q:
    """Communes whose name contains `query`, typed with or without diacritics, or its code."""
    folded = fold_vietnamese(query).replace(" ", "_")
    return Q(name__icontains=query) | Q(codename__icontains=folded) | Q(code=query)


class CommuneChooserWidgetBase(BaseChooser):
    show_edit_link = False

    def get_instance(self, value):
        if value is None or isinstance(value, Commune):
            return value
        return Commune.objects.select_related("province").filter(pk=value).first()


class CommuneChooseView(ChooseView):
    filter_form_class = CommuneFilterForm


class CommuneChooseResultsView(ChooseResultsView):
    filter_form_class = CommuneFilterForm


class CommuneChooserViewSet(ChooserViewSet):
    model = Commune
    icon = "home"
    choose_one_text = _("Choose a commune")
    choose_another_text = _("Choose another commune")
    page_title = _("Choose a commune, ward or special zone")
    per_page = 20
    base_widget_class = CommuneChooserWidgetBase

    choose_view_class = CommuneChooseView
    choose_results_view_class = CommuneChooseResultsView

    def get_object_list(self):
        return Commune.objects.select_related("province")


commune_chooser_viewset = CommuneChooserViewSet("commune_chooser", url_prefix="places/choose")
CommuneChooserWidget = commune_chooser_viewset.widget_class
