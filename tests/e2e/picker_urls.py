"""The project's URLs plus one page with the CPV picker, for the browser test: no page of the
product uses the picker yet (the contracts app will)."""

from django import forms
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from impactinkoop.core.reference.fields import CpvCodesField

PAGE = engines["django"].from_string(
    """<!doctype html><html lang="nl"><head><title>CPV</title></head><body>
<form method="post">{% csrf_token %}{{ form.as_div }}<button>Opslaan</button></form>
{% if codes %}<p id="saved">{{ codes|join:" | " }}</p>{% endif %}
{{ form.media }}</body></html>"""
)


class PickerForm(forms.Form):
    cpv_codes = CpvCodesField(label="CPV-codes")


def picker(request):
    form = PickerForm(request.POST or None)
    codes = form.cleaned_data["cpv_codes"] if request.method == "POST" and form.is_valid() else ()
    return HttpResponse(PAGE.render({"form": form, "codes": codes}, request))


urlpatterns = [path("picker/", picker), path("", include("impactinkoop.urls"))]
