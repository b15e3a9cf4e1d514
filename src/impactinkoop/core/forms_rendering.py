"""The form renderer: every form field in the NL Design System's (Utrecht) class conventions.

A field renders as `utrecht-form-field` with its label, description and error message, and the
control carries its component class (`utrecht-textbox`, `utrecht-select`, ...), so no template
has to repeat them (decision 0017). Django links the description and error to the control with
aria-describedby (`<id>_helptext`, `<id>_error`); our templates use those ids.

Its own template engine looks in core/form_templates, then in Django's form templates, then in
the apps' templates (a widget of our own, such as the CPV input, keeps its template there): our
overrides of Django's widget templates win without adding `django.forms` to INSTALLED_APPS.
"""

from functools import cached_property
from pathlib import Path

import django
from django.forms.renderers import DjangoTemplates

OWN_TEMPLATES = Path(__file__).resolve().parent / "form_templates"
DJANGO_TEMPLATES = Path(django.__file__).resolve().parent / "forms" / "templates"


class ComponentFormRenderer(DjangoTemplates):
    field_template_name = "forms/field.html"

    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [OWN_TEMPLATES, DJANGO_TEMPLATES],
                "NAME": "componentforms",
                "OPTIONS": {},
            }
        )
