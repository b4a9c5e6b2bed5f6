from django import forms
from django.utils.translation import gettext_lazy as _


class ClassSessionForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)


class TrainerPicker(forms.CheckboxSelectMultiple):
    """The class form's trainers: the chosen ones ticked, and a search box whose results are
    added as boxes to tick — never the whole list (thousands of trainers in a country).

    The search is a submit button of the form itself (`SEARCH_BUTTON`): the view renders the
    form again with what was typed and the results, saving nothing, so it works without
    JavaScript. Only trainers of the field's queryset (`access.trainers_assignable`) are shown;
    the field refuses any other, whatever is posted.
    """

    template_name = "courses/classes/widgets/trainer_picker.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.query = ""
        self.found = None  # the search's results; None when no search was asked

    def optgroups(self, name, value, attrs=None):
        chosen = {str(v) for v in value if str(v).isdigit()}
        queryset = self.choices.queryset
        users = list(
            queryset.filter(pk__in=chosen)
            .select_related("commune__province")
            .order_by("full_name", "email", "pk")
        )
        shown = {user.pk for user in users}
        users += [user for user in self.found or () if user.pk not in shown]
        return [
            (
                None,
                [
                    self.create_option(
                        name,
                        user.pk,
                        trainer_label(user),
                        str(user.pk) in chosen,
                        index,
                        attrs=attrs,
                    )
                ],
                index,
            )
            for index, user in enumerate(users)
        ]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search"] = {
            "name": f"{name}{SEARCH_SUFFIX}",
            "button": SEARCH_BUTTON,
            "query": self.query,
            "found": self.found,
        }
        return context


SEARCH_SUFFIX = "_search"
SEARCH_BUTTON = "trainer_search"


def trainer_label(user) -> str:
    """A trainer as the picker shows them: name, e-mail, commune."""
    parts = [user.full_name or user.email]
    if user.full_name and user.email:
        parts.append(user.email)
    if user.commune_id:
        parts.append(str(user.commune))
    return " · ".join(parts)
