"""Forms of the supplier conversations: the conversation (with its first commitment), another
commitment, and a commitment as a measurement of a goal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from impactinkoop.accounts.models import Membership
from impactinkoop.plans.models import Goal
from impactinkoop.plans.progress import COMPUTED
from impactinkoop.registry.forms import DATE_INPUT
from impactinkoop.spend import queries as spend


def _member_choices(organisation):
    members = Membership.objects.active().filter(organisation=organisation).select_related("user")
    return [("", "—")] + [
        (m.user_id, m.user.full_name or m.user.email)
        for m in sorted(members, key=lambda m: m.user.email)
    ]


class CommitmentFields(forms.Form):
    description = forms.CharField(label=_("Commitment"), max_length=300)
    follow_up = forms.DateField(label=_("Follow up on"), widget=DATE_INPUT)
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = _member_choices(organisation)


class ConversationForm(forms.Form):
    supplier = forms.TypedChoiceField(label=_("Supplier"), coerce=int)
    held_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    participants = forms.CharField(label=_("Who took part"), max_length=300)
    asked = forms.CharField(label=_("What we asked"), widget=forms.Textarea(attrs={"rows": 3}))
    offered = forms.CharField(
        label=_("What the supplier offered"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description = forms.CharField(
        label=_("Commitment"),
        max_length=300,
        required=False,
        help_text=_("For example: hires two ex-prisoners in 2027. More can be added later."),
    )
    follow_up = forms.DateField(label=_("Follow up on"), widget=DATE_INPUT, required=False)
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].choices = [("", "—")] + [
            (s.id, s.name) for s in spend.suppliers(organisation)
        ]
        self.fields["owner"].choices = _member_choices(organisation)

    def clean(self):
        data = super().clean()
        if data.get("description") and not data.get("follow_up"):
            self.add_error("follow_up", _("A commitment needs a follow-up date."))
        return data


class MeasurementForm(forms.Form):
    goal = forms.TypedChoiceField(label=_("Goal"), coerce=int)
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=2)
    measured_on = forms.DateField(label=_("Measured on"), widget=DATE_INPUT)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        # Only goals measured by hand: the computed ones are measured from the ledger.
        self.goals = {
            goal.pk: goal
            for goal in Goal.objects.for_organisation(organisation).exclude(metric__in=COMPUTED)
        }
        self.fields["goal"].choices = [("", "—")] + [
            (pk, goal.title) for pk, goal in self.goals.items()
        ]

    def clean_goal(self):
        return self.goals[self.cleaned_data["goal"]]
