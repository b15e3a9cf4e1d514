"""Forms of the plan. Every choice list is limited to the organisation's own rows, so a posted
id of another organisation's object is an invalid choice, never a leak."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from impactinkoop.accounts.models import Department
from impactinkoop.core.fields import DecimalTextField, WebAddressField
from impactinkoop.core.uploads import check_evidence
from impactinkoop.spend.models import Category

from . import progress
from .models import (
    SHARE_METRICS,
    Action,
    AmbitionSession,
    Goal,
    KeyPassage,
    Metric,
    PolicyDocument,
    ProgressEntry,
    TeamMember,
    Theme,
)
from .themes import LEVELS, MAX_LEVEL, SDGS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def members_of(organisation):
    return (
        get_user_model()
        # One filter call: an active account with an active membership of this organisation.
        .objects.filter(
            memberships__organisation=organisation,
            memberships__deactivated_at=None,
            is_active=True,
        )
        .order_by("full_name", "email")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.full_name or user.email


class ThemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, theme):
        return str(theme.label)


class ThemeChoiceForm(forms.Form):
    reason = forms.CharField(
        label=_("Why this theme"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OwnThemeForm(forms.ModelForm):
    sdgs = forms.TypedMultipleChoiceField(
        label=_("Sustainable Development Goals"),
        choices=[(number, f"{number}. {name}") for number, name in SDGS.items()],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Theme
        fields = ["name", "description", "sdgs"]

    def __init__(self, *args, organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Theme.objects.for_organisation(self.organisation).filter(name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("You already have a theme with this name."))
        return name


class SessionForm(forms.ModelForm):
    class Meta:
        model = AmbitionSession
        fields = [
            "title",
            "held_on",
            "subject",
            "department",
            "category",
            "tender",
            "internal_participants",
            "market_participants",
            "notes",
        ]
        widgets = {
            "held_on": DATE,
            "internal_participants": forms.Textarea(attrs={"rows": 3}),
            "market_participants": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisation, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.themes = list(themes)
        self.fields["department"].queryset = Department.objects.for_organisation(organisation)
        self.fields["category"].queryset = Category.objects.for_organisation(organisation)
        current = {}
        if self.instance.pk:
            current = {score.theme_id: score for score in self.instance.scores.all()}
        for theme in self.themes:
            score = current.get(theme.pk)
            self.fields[f"level_{theme.pk}"] = forms.TypedChoiceField(
                label=theme.label,
                choices=list(LEVELS.items()),
                coerce=int,
                initial=score.level if score else 0,
                error_messages={
                    "invalid_choice": _("Choose a level from 0 to %(max)s.") % {"max": MAX_LEVEL}
                },
            )
            self.fields[f"note_{theme.pk}"] = forms.CharField(
                label=_("Note on %(theme)s") % {"theme": theme.label},
                required=False,
                max_length=500,
                initial=score.note if score else "",
            )

    def clean(self):
        data = super().clean()
        subject = data.get("subject")
        needed = {
            AmbitionSession.Subject.DEPARTMENT: ("department", _("Choose the department.")),
            AmbitionSession.Subject.CATEGORY: ("category", _("Choose the purchase category.")),
            AmbitionSession.Subject.TENDER: ("tender", _("Name the tender.")),
        }
        if subject in needed:
            field, message = needed[subject]
            if not data.get(field):
                self.add_error(field, message)
        return data

    def theme_rows(self):
        return [
            (theme, self[f"level_{theme.pk}"], self[f"note_{theme.pk}"]) for theme in self.themes
        ]

    def levels(self) -> dict:
        return {
            theme: (self.cleaned_data[f"level_{theme.pk}"], self.cleaned_data[f"note_{theme.pk}"])
            for theme in self.themes
        }


class CompareForm(forms.Form):
    first = forms.ModelChoiceField(label=_("Session"), queryset=AmbitionSession.objects.none())
    second = forms.ModelChoiceField(
        label=_("Compare with"), queryset=AmbitionSession.objects.none()
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        sessions = AmbitionSession.objects.for_organisation(organisation)
        self.fields["first"].queryset = sessions
        self.fields["second"].queryset = sessions

    def clean(self):
        data = super().clean()
        if data.get("first") and data.get("first") == data.get("second"):
            self.add_error("second", _("Choose two different sessions."))
        return data


class MatrixForm(forms.Form):
    """One row of the matrix: which chosen themes do not apply to this category, and why."""

    def __init__(self, *args, themes, exceptions, **kwargs):
        super().__init__(*args, **kwargs)
        self.themes = list(themes)
        for theme in self.themes:
            reason = exceptions.get(theme.pk, "")
            self.fields[f"applies_{theme.pk}"] = forms.BooleanField(
                label=_("%(theme)s applies") % {"theme": theme.label},
                required=False,
                initial=not reason,
            )
            self.fields[f"reason_{theme.pk}"] = forms.CharField(
                label=_("Why %(theme)s does not apply") % {"theme": theme.label},
                required=False,
                max_length=500,
                initial=reason,
            )

    def clean(self):
        data = super().clean()
        for theme in self.themes:
            if (
                not data.get(f"applies_{theme.pk}")
                and not data.get(f"reason_{theme.pk}", "").strip()
            ):
                self.add_error(
                    f"reason_{theme.pk}",
                    _("“MVI, tenzij”: give the reason why %(theme)s does not apply.")
                    % {"theme": theme.label},
                )
        return data

    def rows(self):
        return [
            (theme, self[f"applies_{theme.pk}"], self[f"reason_{theme.pk}"])
            for theme in self.themes
        ]

    def exceptions(self) -> dict:
        return {
            theme: self.cleaned_data[f"reason_{theme.pk}"].strip()
            for theme in self.themes
            if not self.cleaned_data[f"applies_{theme.pk}"]
        }


class GoalForm(forms.ModelForm):
    baseline_value = DecimalTextField(
        label=_("Baseline"),
        required=False,
        help_text=_("Filled in from the official baseline when the metric can be computed."),
    )
    target_value = DecimalTextField(label=_("Target"), required=False)

    class Meta:
        model = Goal
        fields = [
            "title",
            "description",
            "theme",
            "metric",
            "unit",
            "baseline_value",
            "baseline_date",
            "baseline_label",
            "target_value",
            "deadline",
            "owner",
        ]
        field_classes = {"theme": ThemeChoiceField, "owner": UserChoiceField}
        widgets = {
            "baseline_date": DATE,
            "deadline": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "unit": _("Only for a number of your own, for example “contracts with SROI”."),
            "metric": _("Leave empty for a goal that is not measured in a number."),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.instance.organisation = organisation
        self.fields["theme"].queryset = Theme.objects.visible_to(organisation)
        self.fields["owner"].queryset = members_of(organisation)

    def clean(self):
        data = super().clean()
        metric, target = data.get("metric"), data.get("target_value")
        if target is not None and not metric:
            self.add_error(
                "target_value",
                _("A target needs a metric: choose what the goal is measured as."),
            )
        if metric in SHARE_METRICS and target is not None and not 0 <= target <= 100:
            self.add_error("target_value", _("A share lies between 0 and 100 percent."))
        if metric == Metric.NUMBER and not data.get("unit"):
            self.add_error("unit", _("Say what the number counts."))
        # The dates are checked against the baseline the goal will have once saved: the rule
        # that gives it one (a computed metric takes the official nulmeting's) is applied by
        # services.save_goal, through progress.apply_baseline; here only to see its outcome.
        baseline = Goal(
            organisation=self.organisation,
            metric=metric or "",
            baseline_value=data.get("baseline_value"),
            baseline_date=data.get("baseline_date"),
        )
        progress.apply_baseline(baseline)
        if baseline.baseline_value is not None and not baseline.baseline_date:
            self.add_error("baseline_date", _("Give the date the baseline was measured."))
        deadline, since = data.get("deadline"), baseline.baseline_date
        if deadline and since and deadline <= since:
            self.add_error(
                "deadline",
                _("The deadline (%(deadline)s) must lie after the baseline date (%(since)s).")
                % {
                    "deadline": date_format(deadline, "SHORT_DATE_FORMAT"),
                    "since": date_format(since, "SHORT_DATE_FORMAT"),
                },
            )
        return data


class ProgressEntryForm(forms.Form):
    measured_on = forms.DateField(label=_("Measured on"), widget=DATE)
    value = DecimalTextField(label=_("Value"))
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Where the number comes from: a report, a count, a contractor's statement."),
    )
    link = WebAddressField(
        label=_("Link to the evidence"),
        required=False,
        max_length=ProgressEntry._meta.get_field("link").max_length,
    )
    file = forms.FileField(
        label=_("Evidence file"), required=False, help_text=_("PDF, PNG or JPEG.")
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            check_evidence(upload)
        return upload

    def clean_measured_on(self):
        day = self.cleaned_data["measured_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A measurement cannot lie in the future."))
        return day


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["title", "description", "goal", "department", "owner", "due", "status"]
        field_classes = {"owner": UserChoiceField}
        widgets = {"due": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisation, department=None, **kwargs):
        """`department` is the budget holder's own: their actions always belong to it."""
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.for_organisation(organisation)
        self.fields["owner"].queryset = members_of(organisation)
        departments = Department.objects.for_organisation(organisation)
        if department is not None:
            departments = departments.filter(pk=department.pk)
            self.fields["department"].required = True
            self.fields["department"].empty_label = None
        self.fields["department"].queryset = departments


class TeamMemberForm(forms.ModelForm):
    class Meta:
        model = TeamMember
        fields = ["name", "function", "part", "department"]


class PolicyDocumentForm(forms.ModelForm):
    link = WebAddressField(
        label=_("Link"),
        required=False,
        max_length=PolicyDocument._meta.get_field("link").max_length,
    )

    class Meta:
        model = PolicyDocument
        fields = ["kind", "title", "adopted_on", "link"]
        widgets = {"adopted_on": DATE}


class PassageForm(forms.ModelForm):
    class Meta:
        model = KeyPassage
        fields = ["text", "reference", "goals"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "goals": forms.CheckboxSelectMultiple}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = Goal.objects.for_organisation(organisation)


class StepCheckForm(forms.Form):
    done = forms.BooleanField(required=False)
    note = forms.CharField(required=False, max_length=300)
