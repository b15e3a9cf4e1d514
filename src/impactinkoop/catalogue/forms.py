"""Forms of the catalogue: search, profiles and offers, short lists, requests and purchases."""

import hashlib
import time
from datetime import UTC, datetime

import nh3
from django import forms
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from impactinkoop.core.fields import DecimalTextField, web_address_formfield
from impactinkoop.core.regions import LABOUR_MARKET_REGION_CHOICES
from impactinkoop.core.richtext import HTML_TAG, markdown_text
from impactinkoop.core.uploads import check_logo
from impactinkoop.registry.forms import DATE_INPUT
from impactinkoop.registry.sources import Source

from .models import OFFER_FIELDS, PROFILE_FIELDS, Category, Enterprise, Offer, UsedFormToken


def category_choices(organisation=None):
    """Categories as an indented list: platform tree first, then the organisation's own. Read as
    plain rows: this runs on every search page."""
    english = (get_language() or "nl").startswith("en")
    rows = Category.objects.visible_to(organisation).values_list(
        "pk",
        "slug",
        "name_en" if english else "name_nl",
        "parent_id",
        "position",
        "organisation_id",
    )
    by_parent: dict[int | None, list[tuple]] = {}
    for row in rows:
        by_parent.setdefault(row[3], []).append(row)
    choices = []
    for pk, slug, name, _parent, _position, _own in sorted(
        by_parent.get(None, []), key=lambda r: (r[4], r[2])
    ):
        choices.append((slug, name))
        for child in sorted(by_parent.get(pk, []), key=lambda r: (r[5] is not None, r[4], r[2])):
            choices.append((child[1], f"— {child[2]}"))
    return choices


class SearchForm(forms.Form):
    q = forms.CharField(label=_("What are you looking for?"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    region = forms.ChoiceField(
        label=_("Delivers in region"),
        required=False,
        choices=[("", _("all regions"))] + list(LABOUR_MARKET_REGION_CHOICES),
    )
    source = forms.ChoiceField(
        label=_("Qualification"),
        required=False,
        choices=[("", _("any qualification"))]
        + [(s.value, s.label) for s in Source if s != Source.OWN_JUDGEMENT],
    )

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("all categories"))] + category_choices(
            organisation
        )


MARKDOWN_HELP = _(
    "Simple formatting: **bold**, *italics*, a list with lines that start with “- ” or “1. ”, "
    "a link as [text](https://…). An empty line starts a new paragraph."
)


class RichTextFields:
    """Mixin: the named fields are rich text, written in a small Markdown and shown through the
    `rich_text` filter (rendered, then sanitised). HTML tags are refused with an explanation."""

    rich_fields: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        for name in self.rich_fields:
            value = cleaned.get(name)
            if not value:
                continue
            if HTML_TAG.search(value):
                self.add_error(
                    name,
                    _(
                        "HTML is not used here. Write plain text with the simple formatting "
                        "described below."
                    ),
                )
            elif not markdown_text(value):
                self.add_error(name, _("Write some text; only formatting is not enough."))
        return cleaned


class ProfileForm(RichTextFields, forms.ModelForm):
    rich_fields = ("summary", "impact")

    logo_upload = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG or WebP, at most 1 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )

    class Meta:
        model = Enterprise
        fields = PROFILE_FIELDS
        formfield_callback = web_address_formfield
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "impact": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "summary": MARKDOWN_HELP,
            "impact": format_lazy(
                "{} {}",
                _("Who works with you, and what your work changes for them."),
                MARKDOWN_HELP,
            ),
        }

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        if upload:
            self.logo_content_type = check_logo(upload)
        return upload


class OfferForm(RichTextFields, forms.ModelForm):
    rich_fields = ("description",)

    class Meta:
        model = Offer
        fields = OFFER_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "description": MARKDOWN_HELP,
            "price_indication": _("For example “from € 12.50 per person”."),
            "lead_time": _("For example “3 working days”."),
            "minimum_order": _("For example “10 people”."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Enterprises offer in the platform's categories; organisations narrow them themselves.
        self.fields["category"].queryset = Category.objects.platform().select_related("parent")
        self.fields["category"].label_from_instance = lambda c: (
            f"{c.parent.name} › {c.name}" if c.parent_id else c.name
        )


class SpamCheckedForm(forms.Form):
    """A hidden field people never fill in, and the time the form was shown (signed): a form
    filled in by a script within two seconds, or from a page a day old, is refused, and so is
    one shown form sent a second time (a script replaying one token)."""

    MIN_SECONDS = 2
    MAX_SECONDS = 24 * 60 * 60

    homepage = forms.CharField(required=False, label=_("Leave this field empty"))
    shown = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["homepage"].widget.attrs.update(
            {"tabindex": "-1", "autocomplete": "off", "class": "trap"}
        )
        fresh = signing.dumps(time.time(), salt="catalogue.form")
        if self.is_bound:
            # Checked against what was sent; a page shown again carries a fresh time.
            self.sent_shown = self.data.get("shown", "")
            self.data = self.data.copy()
            self.data["shown"] = fresh
        else:
            self.initial["shown"] = fresh

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("homepage"):
            raise forms.ValidationError(
                _("This looks like an automatic submission. Leave the last field empty."),
                code="spam",
            )
        try:
            shown = signing.loads(self.sent_shown or "", salt="catalogue.form")
        except signing.BadSignature:
            shown = None
        age = time.time() - shown if isinstance(shown, (int, float)) else None
        if age is None or age > self.MAX_SECONDS:
            raise forms.ValidationError(
                _("This form has expired. Your text is kept: send it again."), code="expired"
            )
        if age < self.MIN_SECONDS:
            raise forms.ValidationError(
                _("That was too fast for a person. Check your request and send it again."),
                code="too_fast",
            )
        if not use_token_once(self.sent_shown, expires=shown + self.MAX_SECONDS):
            raise forms.ValidationError(
                _(
                    "This form has already been sent once. Check your requests before you send "
                    "it again."
                ),
                code="used",
            )
        return cleaned


def use_token_once(token: str, *, expires: float) -> bool:
    """Record the token as used; False when it was used before. Expired records go first
    (quote requests are few, so this small delete costs nothing)."""
    now = timezone.now()
    UsedFormToken.objects.filter(expires_at__lt=now).delete()
    try:
        with transaction.atomic():
            UsedFormToken.objects.create(
                digest=hashlib.sha256(token.encode()).hexdigest(),
                expires_at=datetime.fromtimestamp(expires, tz=UTC),
            )
    except IntegrityError:
        return False
    return True


class QuoteRequestForm(SpamCheckedForm):
    message = forms.CharField(
        label=_("What do you need?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For example: lunch for 25 people on 12 March, two of them vegan."),
    )
    quantity = forms.CharField(label=_("Quantity"), max_length=100, required=False)
    wanted_by = forms.DateField(label=_("Needed by"), required=False, widget=DATE_INPUT)

    field_order = ["message", "quantity", "wanted_by", "homepage", "shown"]

    def clean_message(self):
        return nh3.clean(self.cleaned_data["message"], tags=set()).strip()

    def clean_wanted_by(self):
        day = self.cleaned_data.get("wanted_by")
        if day and day < timezone.localdate():
            raise forms.ValidationError(_("This date has passed. Choose today or later."))
        return day


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Your answer"),
        widget=forms.RadioSelect,
        choices=[
            ("answered", _("We can do it: our quote or question is below")),
            ("declined", _("We cannot do it this time")),
        ],
    )
    reply = forms.CharField(
        label=_("Message to the requester"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_reply(self):
        return nh3.clean(self.cleaned_data["reply"], tags=set()).strip()


class AmountField(DecimalTextField):
    """An amount in euros as people type it: "1.234,56", "1234.56" or "€ 75"."""

    def __init__(self, **kwargs):
        super().__init__(above_zero=True, **kwargs)


class PurchaseForm(forms.Form):
    enterprise = forms.ModelChoiceField(
        label=_("Enterprise"), queryset=Enterprise.objects.published(), required=True
    )
    description = forms.CharField(label=_("What was bought"), max_length=200)
    amount = AmountField(label=_("Amount (excluding VAT)"), help_text=_("For example 1,234.56"))
    date = forms.DateField(label=_("Invoice date"), widget=DATE_INPUT)
    invoice_number = forms.CharField(
        label=_("Invoice number"),
        max_length=64,
        required=False,
        help_text=_(
            "With the invoice number the purchase is recognised when the invoice "
            "arrives through the ledger, so it is not counted twice."
        ),
    )
    department = forms.CharField(label=_("Department"), max_length=200, required=False)

    def __init__(self, *args, quote_request=None, **kwargs):
        super().__init__(*args, **kwargs)
        if quote_request is not None:
            del self.fields["enterprise"]
            self.initial.setdefault("description", quote_request.offer.title)

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The invoice date cannot be in the future."))
        return day


class ShortlistForm(forms.Form):
    """Up to `size` choices among the enterprises that offer in the category."""

    def __init__(self, *args, enterprises, size: int, current: list, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(size):
            self.fields[f"choice_{number}"] = forms.ModelChoiceField(
                label=_("Recommendation %(number)d") % {"number": number + 1},
                queryset=enterprises,
                required=False,
                empty_label=_("(none)"),
                initial=current[number] if number < len(current) else None,
            )

    def chosen(self) -> list:
        return [self.cleaned_data[name] for name in self.fields if self.cleaned_data.get(name)]

    def clean(self):
        cleaned = super().clean()
        chosen = [value for name, value in cleaned.items() if value]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError(_("Each enterprise can be recommended only once."))
        return cleaned


class ShortlistSizeForm(forms.Form):
    shortlist_size = forms.IntegerField(
        label=_("Recommended enterprises per category"),
        min_value=1,
        max_value=10,
        help_text=_("Research advises about three: choice without overload."),
    )


class OwnCategoryForm(forms.Form):
    parent = forms.ModelChoiceField(
        label=_("Part of"), queryset=Category.objects.platform().top_level()
    )
    name = forms.CharField(label=_("Name"), max_length=100)
    search_words = forms.CharField(
        label=_("Search words"),
        max_length=200,
        required=False,
        help_text=_("Only offers that match these words are shown, for example “kerst pakket”."),
    )


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Why not (the enterprise reads this)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EditorForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the editor"))


class NewEnterpriseForm(forms.Form):
    kvk_number = forms.CharField(label=_("KvK number"), max_length=12)
    contact_email = forms.EmailField(label=_("Contact e-mail address"))
    editor_email = forms.EmailField(
        label=_("E-mail address of the editor"),
        required=False,
        help_text=_("This person gets a mail to set a password and fill in the page."),
    )

    def clean_kvk_number(self):
        from impactinkoop.core.validators import normalise_kvk
        from impactinkoop.registry.models import Company

        number = normalise_kvk(self.cleaned_data["kvk_number"])
        company = Company.objects.filter(kvk_number=number).first()
        if company is None:
            raise forms.ValidationError(_("No company with this KvK number is in the register."))
        if Enterprise.objects.filter(company=company).exists():
            raise forms.ValidationError(_("This company already has a catalogue page."))
        self.company = company
        return number
