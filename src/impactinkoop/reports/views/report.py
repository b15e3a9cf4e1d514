"""The annual impact report: the live report of a year (figures collected now, the text and
stories as saved), its editing, publishing an edition, the editions and their pages, and the
PDF of each (tagged, PDF/UA as far as WeasyPrint allows). Every figure links to the page that
shows the same number; an edition's figure that differs from today's says so next to it."""

from datetime import datetime

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import get_for_organisation, organisation_view
from impactinkoop.core.pdf import ascii_name, pdf_response
from impactinkoop.core.suppression import HIDDEN
from impactinkoop.core.urls import ORG

from .. import editions, labels
from .. import figures as report_figures
from ..models import Edition
from ..sections import SECTIONS
from ..snapshot import Snapshot

REPORT = ORG + "results/<int:year>/report/"
PDF_VARIANT = "pdf/ua-1"


def _year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise Http404(_("Not a year."))
    return year


# Presentation -----------------------------------------------------------------------------


def _figure(figure, differences, link):
    now = None
    if differences is not None and figure.key in differences.figures:
        now = labels.display(differences.figures[figure.key], figure.unit)
    return {
        "key": figure.key,
        "label": labels.figure_label(figure.key),
        "note": labels.figure_note(figure),
        "value": labels.figure_display(figure),
        "url": link(figure.url) if figure.url else "",
        "now": now,
    }


def _table(table, differences, link):
    def cells(row_key, values):
        found = []
        for index, value in enumerate(values):
            now = None
            if differences is not None and (table.key, row_key, index) in differences.cells:
                now = labels.cell_display(
                    table, index, differences.cells[table.key, row_key, index]
                )
            found.append({"value": labels.cell_display(table, index, value), "now": now})
        return found

    return {
        "key": table.key,
        "label": labels.table_label(table.key),
        "row_heading": labels.row_heading(table.key),
        "columns": [labels.column_label(column) for column in table.columns],
        "rows": [
            {
                "label": labels.row_label(table.key, row),
                "url": link(row.url) if row.url else "",
                "cells": cells(row.key, row.values),
            }
            for row in table.rows
        ],
        "total": cells(editions.TOTAL, table.total) if table.total else [],
        "url": link(table.url) if table.url else "",
        "changed": differences is not None and table.key in differences.tables,
        "people": table.counts_people,
    }


def _goals(goals, link):
    return [
        {
            "title": goal.title,
            "status": labels.status_label(goal.status),
            "value": labels.goal_value(goal.value, goal.unit),
            "target": labels.goal_value(goal.target, goal.unit),
            "outcome": labels.outcome_label(goal.outcome),
            "url": link(goal.url) if goal.url else "",
        }
        for goal in goals
    ]


def present(snapshot: Snapshot, goals, texts: dict, *, differences=None, link=str) -> list:
    """The report's sections in order, each with its text, figures and tables, labelled in
    the active language."""
    found = []
    for section in SECTIONS:
        entry = {
            "key": section.key,
            "label": str(section.label),
            "text": texts.get(section.key, ""),
            "figures": [],
            "tables": [],
        }
        if section.figures:
            entry["figures"] = [
                _figure(figure, differences, link)
                for figure in snapshot.figures.values()
                if figure.section == section.figures
            ]
            entry["tables"] = [
                _table(table, differences, link)
                for table in snapshot.tables.values()
                if table.section == section.figures
            ]
        found.append(entry)
        if section.key == "social_return":
            found.append(
                {
                    "key": "goals",
                    "label": labels.section_label("goals"),
                    "text": "",
                    "figures": [],
                    "tables": [],
                    "goals": _goals(goals, link),
                }
            )
    return found


def version_text(data_version: str) -> str:
    """A data version as people read it: the moment of the last data change and the
    fingerprint (`spend.queries.version`)."""
    moment, _sep, digest = data_version.partition(" · ")
    try:
        when = timezone.localtime(datetime.fromisoformat(moment))
    except ValueError:
        return data_version
    return f"{date_format(when, 'j F Y H:i')} · {digest}"


def _live_context(request, year: int, *, link=str) -> dict:
    organisation = request.organisation
    snapshot = report_figures.collect(organisation, year)
    report = editions.report_for(organisation, year)
    return {
        "year": year,
        "organisation": organisation,
        "report": report,
        "sections": present(
            snapshot,
            report_figures.goals(organisation, year),
            report.sections,
            link=link,
        ),
        "stories": editions.live_stories(report),
        "evaluation": editions.evaluation_of(organisation, year),
        "data_version": snapshot.data_version,
        "data_version_text": version_text(snapshot.data_version),
        "today": timezone.localdate(),
        "hidden": HIDDEN,
    }


def _edition_context(request, edition: Edition, *, link=str) -> dict:
    frozen = editions.edition_snapshot(edition)
    live = report_figures.collect(request.organisation, edition.year)
    differences = editions.differences(edition, live)
    return {
        "year": edition.year,
        "organisation": request.organisation,
        "edition": edition,
        "sections": present(
            frozen,
            editions.edition_goals(edition),
            edition.sections,
            differences=differences,
            link=link,
        ),
        "stories": edition.stories,
        "evaluation": edition.figures.get("evaluation"),
        "differences": differences,
        "data_version": edition.data_version,
        "data_version_text": version_text(edition.data_version),
        "hidden": HIDDEN,
    }


# Pages ------------------------------------------------------------------------------------


@organisation_view(Permission.VIEW_RESULTS)
@require_GET
def report(request, year: int):
    year = _year(year)
    context = _live_context(request, year)
    context["editions"] = Edition.objects.for_organisation(request.organisation).filter(year=year)
    context["may_manage"] = request.membership.has_permission(Permission.MANAGE_RESULTS)
    return render(request, "reports/report.html", context)


class ReportForm(forms.Form):
    stories = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Case stories in the report"),
        help_text=gettext_lazy("Only approved stories can be chosen."),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        for section in SECTIONS:
            self.fields[section.key] = forms.CharField(
                label=section.label,
                help_text=section.help_text,
                required=False,
                max_length=editions.MAX_SECTION_LENGTH,
                widget=forms.Textarea(attrs={"rows": 5}),
            )
        stories = self.fields.pop("stories")
        stories.queryset = editions.choosable_stories(organisation)
        self.fields["stories"] = stories


@organisation_view(Permission.MANAGE_RESULTS)
@require_http_methods(["GET", "POST"])
def report_edit(request, year: int):
    year = _year(year)
    organisation = request.organisation
    report = editions.report_for(organisation, year)
    initial = dict(report.sections)
    if report.pk is not None:
        initial["stories"] = list(report.stories.values_list("pk", flat=True))
    form = ReportForm(request.POST or None, initial=initial, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        editions.save_report(
            actor=request.user,
            organisation=organisation,
            year=year,
            sections={section.key: data[section.key] for section in SECTIONS},
            stories=data["stories"],
        )
        messages.success(request, _("The impact report is saved."))
        return redirect("reports:report", org_slug=organisation.slug, year=year)
    return render(
        request,
        "reports/report_edit.html",
        {"form": form, "year": year},
        status=400 if request.method == "POST" else 200,
    )


@organisation_view(Permission.MANAGE_RESULTS)
@require_POST
def report_publish(request, year: int):
    year = _year(year)
    edition = editions.publish(request.organisation, year, actor=request.user)
    messages.success(
        request,
        _("Edition %(number)s of the impact report %(year)s is published.")
        % {"number": edition.number, "year": year},
    )
    return redirect(
        "reports:edition", org_slug=request.organisation.slug, year=year, number=edition.number
    )


@organisation_view(Permission.VIEW_RESULTS)
@require_GET
def edition_list(request, year: int):
    year = _year(year)
    found = (
        Edition.objects.for_organisation(request.organisation)
        .filter(year=year)
        .select_related("published_by")
    )
    return render(request, "reports/editions.html", {"year": year, "editions": found})


@organisation_view(Permission.VIEW_RESULTS)
@require_GET
def edition(request, year: int, number: int):
    found = get_for_organisation(request, Edition, year=_year(year), number=number)
    return render(request, "reports/edition.html", _edition_context(request, found))


@organisation_view(Permission.VIEW_RESULTS)
@require_GET
def report_pdf(request, year: int):
    year = _year(year)

    def context():
        found = _live_context(request, year, link=request.build_absolute_uri)
        return {**found, "pdf": True}

    name = f"impact-report-{request.organisation.slug}-{year}"
    return pdf_response(request, "reports/report_pdf.html", context, name, variant=PDF_VARIANT)


@organisation_view(Permission.VIEW_RESULTS)
@require_GET
def edition_pdf(request, year: int, number: int):
    found = get_for_organisation(request, Edition, year=_year(year), number=number)

    def context():
        return {
            **_edition_context(request, found, link=request.build_absolute_uri),
            "pdf": True,
        }

    name = ascii_name(f"impact-report-{request.organisation.slug}-{found.year}-{found.number}")
    return pdf_response(request, "reports/report_pdf.html", context, name, variant=PDF_VARIANT)


urlpatterns = [
    path(REPORT, report, name="report"),
    path(REPORT + "edit/", report_edit, name="report_edit"),
    path(REPORT + "publish/", report_publish, name="report_publish"),
    path(REPORT + "pdf/", report_pdf, name="report_pdf"),
    path(REPORT + "editions/", edition_list, name="editions"),
    path(REPORT + "editions/<int:number>/", edition, name="edition"),
    path(REPORT + "editions/<int:number>/pdf/", edition_pdf, name="edition_pdf"),
]
