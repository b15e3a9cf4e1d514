"""Forms of the intervision groups. The organisation a member speaks for is chosen from the
user's own organisations only, so a posted id of another organisation is an invalid choice."""

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impactinkoop.accounts.models import Organisation

from .models import Dilemma, Group

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "name": _("For example “UMCs” or “Universities of applied sciences North”."),
            "description": _("Who the group is for and what you want to learn from each other."),
        }


class NewGroupForm(GroupForm):
    organisation = forms.ModelChoiceField(
        queryset=None,
        label=_("On behalf of"),
        empty_label=None,
        help_text=_("Shown next to your name; the group itself belongs to no organisation."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[organisation.pk for organisation in organisations]
        ).order_by("name")


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "Anyone may be invited, from any organisation. Without an account, the invitation "
            "lets them create one."
        ),
    )


class JoinForm(forms.Form):
    """Which of the user's organisations they speak for in the group, or none."""

    organisation = forms.ChoiceField(label=_("I take part on behalf of"), widget=forms.RadioSelect)

    def __init__(self, *args, organisations, initial_organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(organisation.pk): organisation for organisation in organisations}
        field = self.fields["organisation"]
        field.choices = [(pk, organisation.name) for pk, organisation in self.organisations.items()]
        field.choices += [("", _("No organisation: I take part as myself"))]
        field.required = False
        if initial_organisation is not None and str(initial_organisation.pk) in self.organisations:
            field.initial = str(initial_organisation.pk)
        else:
            field.initial = next(iter(self.organisations), "")

    def clean_organisation(self):
        return self.organisations.get(self.cleaned_data["organisation"])


class MeetingForm(forms.Form):
    """What a host plans: when and where, the agenda; the notes may be written here too."""

    day = forms.DateField(label=_("Date"), widget=DATE)
    start = forms.TimeField(label=_("Time"), widget=TIME)
    place = forms.CharField(
        label=_("Place or link"),
        max_length=300,
        required=False,
        help_text=_("An address, or the link of an online meeting."),
    )
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What was discussed and agreed; any member may add to them afterwards."),
    )

    def __init__(self, *args, meeting=None, **kwargs):
        if meeting is not None:
            moment = timezone.localtime(meeting.starts_at)
            kwargs.setdefault(
                "initial",
                {
                    "day": moment.date(),
                    "start": moment.time(),
                    "place": meeting.place,
                    "agenda": meeting.agenda,
                    "notes": meeting.notes,
                },
            )
        else:
            kwargs.setdefault("initial", {"start": time(14, 0)})
        super().__init__(*args, **kwargs)

    def meeting_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "starts_at": timezone.make_aware(datetime.combine(data["day"], data["start"])),
            "place": data["place"],
            "agenda": data["agenda"],
            "notes": data["notes"],
        }


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What was discussed and agreed. Every member of the group can read them."),
    )


class DilemmaForm(forms.ModelForm):
    class Meta:
        model = Dilemma
        fields = ["title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "title": _("One sentence, for example “How do we keep social return in a framework?”"),
            "text": _(
                "The situation and what you are unsure about. Only the members of the group read "
                "it; leave out names of people and suppliers that need not be there."
            ),
        }


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 4}))
    # The answer replied to, checked against the dilemma's own answers by the view.
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
