"""The administrator's form of what the organisation shares with peers."""

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .benchmark_sharing import FIELDS, band_of
from .models import Sharing, SizeBand, SizeMeasure


class SharingForm(forms.ModelForm):
    class Meta:
        model = Sharing
        fields = FIELDS
        labels = {
            "shares_figures": _("Share our yearly figures in the benchmark"),
            "named": _("Show our name with our figures"),
            "size_band": _("Size band"),
            "size_measure": _("Our size is counted in"),
            "size": _("Number of inhabitants or employees"),
            "shares_contact": _("Show a contact person with our published case stories"),
        }
        help_texts = {
            "shares_figures": _(
                "Off by default. When on, the next yearly snapshot includes our rounded figures."
            ),
            "named": _(
                "Off: peers see our figures only inside the group's range and never know they "
                "are ours. On: peers also see our name next to our own figures."
            ),
            "size_band": _("Peers are grouped by kind of organisation and this band."),
            "size": _(
                "Optional. Needed for catalogue purchases per 1,000 employees or inhabitants; "
                "it must fall in the band chosen above."
            ),
            "contact_email": _("Peers who read our case stories can write to this address."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["size_band"].choices = [("", _("Not entered")), *SizeBand.choices]
        self.fields["size_measure"].choices = [
            ("", _("Not entered")),
            *self.fields["size_measure"].choices[1:],
        ]

    def clean(self):
        data = super().clean()
        band, measure, size = data.get("size_band"), data.get("size_measure"), data.get("size")
        if data.get("shares_figures") and not band:
            self.add_error(
                "size_band",
                _("Choose a size band: the benchmark compares organisations of one band."),
            )
        if size is not None and not measure:
            self.add_error(
                "size_measure", _("Say whether the number counts inhabitants or employees.")
            )
        if size is not None and size < 1:
            self.add_error("size", _("Enter a number of at least 1."))
        elif size and measure and band and band_of(measure, size) != band:
            expected = SizeBand(band_of(measure, size)).label
            self.add_error(
                "size_band",
                _("With %(size)s %(measure)s the band is “%(band)s”.")
                % {
                    "size": number_format(size, force_grouping=True),
                    "measure": SizeMeasure(measure).label,
                    "band": expected,
                },
            )
        if data.get("shares_contact"):
            if not data.get("contact_name"):
                self.add_error("contact_name", _("Enter the contact person's name."))
            if not data.get("contact_email"):
                self.add_error("contact_email", _("Enter the contact person's e-mail address."))
        return data
