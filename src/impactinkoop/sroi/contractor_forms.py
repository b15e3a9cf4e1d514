"""Forms of the contractor portal and of the officer's invitation of a contractor.

The contractor's report is the officer's `RealisationForm` with the obligation as a field: the
same rules (participant code, no number that could be a BSN, hours a week up to 60, dates within
the obligation, a block of the obligation's edition) hold for both, written once."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from impactinkoop.core.uploads import check_evidence

from .forms import RealisationForm
from .models import Block, BlockKind, Obligation, RealisationKind

MAX_EVIDENCE_FILES = 10
PERSON_KINDS = (RealisationKind.PLACEMENT, RealisationKind.LEARNING)
PERSON_FIELDS = ("participant_code", "target_group", "age_band", "residence")


INVITE_AUTO_ID = "contractor-%s"


class ContractorInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the contractor's contact"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """One or more evidence files, each a PDF, PNG or JPEG within the size limit."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        if not uploads:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(uploads) > MAX_EVIDENCE_FILES:
            raise ValidationError(
                _("Give at most %(count)s files at a time.") % {"count": MAX_EVIDENCE_FILES},
                code="too_many",
            )
        errors = []
        for upload in uploads:
            try:
                check_evidence(super().clean(upload, initial))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return list(uploads)


class ContractorRealisationForm(RealisationForm):
    """A contractor's report: it picks one of its own obligations (grouped by organisation)
    and the kind, then the fields of that kind, with evidence."""

    obligation = forms.ModelChoiceField(
        label=capfirst(_("obligation")),
        queryset=Obligation.objects.none(),
        help_text=_("The contract this realisation counts for. It counts for one obligation only."),
    )
    evidence = EvidenceField(
        label=_("Evidence"),
        required=False,
        help_text=_(
            "One or more files: a contract, payslip, invoice or attendance list. PDF, PNG or "
            "JPEG. Leave out names and citizen service numbers."
        ),
    )

    class Meta(RealisationForm.Meta):
        fields = [
            "kind",
            "block",
            "bonuses",
            "participant_code",
            "hours_per_week",
            "start_date",
            "end_date",
            "target_group",
            "age_band",
            "residence",
            "invoice_number",
            "amount_excl_vat",
            "kvk_number",
            "hours",
            "description",
        ]
        help_texts = {
            "participant_code": _(
                "The code the organisation gave this participant, such as SR-24-AB12. Never a "
                "name or a citizen service number."
            ),
            "age_band": _(
                "Only fill this in when you choose a bonus for age. Without such a bonus, "
                "leave it empty."
            ),
            "residence": _(
                "Only when the organisation counts local placements: the municipality, never an "
                "address."
            ),
            "kvk_number": _("For a purchase: the social enterprise's KvK number (8 digits)."),
        }

    field_order = ["obligation", "kind"]

    def __init__(self, *args, obligations, **kwargs):
        self.obligations = list(obligations)
        data = args[0] if args else kwargs.get("data")
        chosen = self._chosen(data, kwargs.get("initial") or {}, kwargs.get("instance"))
        super().__init__(*args, obligation=chosen or self.obligations[0], **kwargs)
        field = self.fields["obligation"]
        field.queryset = Obligation.objects.filter(pk__in=[o.pk for o in self.obligations])
        field.choices = self._grouped_choices()
        if chosen is not None:
            field.initial = chosen.pk
        if self.instance.pk:
            # A resubmitted realisation stays with its obligation.
            field.disabled = True
            field.initial = self.instance.obligation_id
        self.order_fields(self.field_order)
        # Only the tables of the contractor's own obligations, grouped per table; once the
        # obligation is known (chosen, given as ?obligation= or the only one) only its table.
        # Every block of its own tables stays valid, so clean() refuses a block of another
        # obligation's table with the parent's message instead of "not one of the choices".
        tables = {o.rule_set_id: o.rule_set for o in self.obligations}
        blocks = Block.objects.filter(rule_set__in=tables).order_by("rule_set__name", "pk")
        shown = [chosen.rule_set] if chosen is not None else list(tables.values())
        self.fields["block"].queryset = blocks.exclude(kind=BlockKind.BONUS)
        self.fields["block"].choices = [("", "---------")] + self._per_table(
            self.fields["block"].queryset, shown
        )
        if "bonuses" in self.fields:
            self.fields["bonuses"].queryset = blocks.filter(kind=BlockKind.BONUS)
            self.fields["bonuses"].choices = self._per_table(self.fields["bonuses"].queryset, shown)

    @staticmethod
    def _per_table(blocks, tables) -> list:
        """Django's grouped choices: one `<optgroup>` per table, labelled by its name."""
        wanted = {table.pk for table in tables}
        groups: dict[int, list] = {table.pk: [] for table in sorted(tables, key=lambda t: t.name)}
        for block in blocks:
            if block.rule_set_id in wanted:
                groups[block.rule_set_id].append((block.pk, block.name))
        names = {table.pk: table.name for table in tables}
        return [(names[pk], options) for pk, options in groups.items() if options]

    def _chosen(self, data, initial, instance):
        """The obligation the report is for, if known: the resubmitted realisation's, the one
        chosen (posted or given in the query string), or the only one."""
        if instance is not None and instance.pk:
            return next(o for o in self.obligations if o.pk == instance.obligation_id)
        wanted = (data.get("obligation") if data is not None else None) or initial.get("obligation")
        for obligation in self.obligations:
            if str(obligation.pk) == str(getattr(wanted, "pk", wanted)):
                return obligation
        return self.obligations[0] if len(self.obligations) == 1 else None

    def _grouped_choices(self):
        groups: dict[str, list] = {}
        for obligation in self.obligations:
            label = f"{obligation.contract.title} ({obligation.contract.reference})".replace(
                " ()", ""
            )
            groups.setdefault(obligation.organisation.name, []).append((obligation.pk, label))
        choices = [("", "---------")] if len(self.obligations) > 1 else []
        return choices + list(groups.items())

    def clean(self):
        obligation = self.cleaned_data.get("obligation")
        if obligation is not None:
            self.obligation = next(o for o in self.obligations if o.pk == obligation.pk)
        data = super().clean()
        if data.get("kind") in PERSON_KINDS:
            # Privacy by design: the age band only where a bonus may depend on it.
            if data.get("age_band") and not data.get("bonuses"):
                self.add_error(
                    "age_band",
                    _("Leave the age band empty: only a bonus can need it, and none is chosen."),
                )
        else:
            # A purchase or an activity is no person: nothing about a participant is kept.
            for name in PERSON_FIELDS:
                data[name] = ""
        return data

    def _post_clean(self):
        super()._post_clean()
        if self.cleaned_data.get("kind") not in PERSON_KINDS:
            for name in PERSON_FIELDS:
                setattr(self.instance, name, "")


class AnswerForm(forms.Form):
    message = forms.CharField(
        label=_("Your answer to the officer"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ResubmitForm(ContractorRealisationForm):
    message = forms.CharField(
        label=_("What you changed"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


YES_NO = [("", _("Not known yet")), ("yes", _("Yes")), ("no", _("No"))]


class FollowUpForm(forms.Form):
    """Still employed 6 and 12 months after the start: only the follow-ups that are due."""

    def __init__(self, *args, due: list[int], realisation, **kwargs):
        super().__init__(*args, **kwargs)
        for months in due:
            current = getattr(realisation, f"employed_after_{months}")
            self.fields[f"after_{months}"] = forms.ChoiceField(
                label=_("Still employed %(months)s months after the start?") % {"months": months},
                choices=YES_NO,
                required=False,
                initial="" if current is None else ("yes" if current else "no"),
            )

    def answers(self) -> dict[int, bool | None]:
        return {
            int(name.split("_")[1]): {"yes": True, "no": False}.get(value)
            for name, value in self.cleaned_data.items()
        }
