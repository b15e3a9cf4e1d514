"""Themes: the national ones and the organisation's own, which it chooses with a reason, and the
"MVI, tenzij" matrix of which chosen themes do not apply to a purchase category, and why."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import get_for_organisation, organisation_view
from impactinkoop.spend.models import Category

from .. import services
from ..forms import MatrixForm, OwnThemeForm, ThemeChoiceForm
from ..models import CategoryThemeException, Theme, ThemeChoice
from ..themes import SDGS
from .base import form_page, may_manage, to


@organisation_view(Permission.VIEW_PLAN)
@require_GET
def themes(request):
    organisation = request.organisation
    choices = {
        choice.theme_id: choice for choice in ThemeChoice.objects.for_organisation(organisation)
    }
    rows = [
        (theme, choices.get(theme.pk), [(number, SDGS.get(number, "")) for number in theme.sdgs])
        for theme in Theme.objects.visible_to(organisation)
    ]
    context = {"rows": rows, "may_manage": may_manage(request)}
    return render(request, "plans/themes.html", context)


def _theme(request, pk: int) -> Theme:
    theme = Theme.objects.visible_to(request.organisation).filter(pk=pk).first()
    if theme is None:
        raise Http404
    return theme


@organisation_view(Permission.MANAGE_PLAN)
@require_POST
def theme_choose(request, pk: int):
    theme = _theme(request, pk)
    form = ThemeChoiceForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("reason", [])))
        return to(request, "themes")
    if request.POST.get("drop"):
        services.drop_theme(theme, actor=request.user, organisation=request.organisation)
        messages.success(request, _("“%(theme)s” is no longer chosen.") % {"theme": theme.label})
    else:
        services.choose_theme(
            theme,
            reason=form.cleaned_data["reason"],
            actor=request.user,
            organisation=request.organisation,
        )
        messages.success(request, _("“%(theme)s” is chosen.") % {"theme": theme.label})
    return to(request, "themes")


@organisation_view(Permission.MANAGE_PLAN)
@require_http_methods(["GET", "POST"])
def theme_edit(request, pk: int | None = None):
    theme = get_for_organisation(request, Theme, pk=pk) if pk else None
    form = OwnThemeForm(request.POST or None, instance=theme, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        services.save_object(
            form, actor=request.user, organisation=request.organisation, action="plan.theme"
        )
        messages.success(request, _("The theme is saved."))
        return to(request, "themes")
    return form_page(request, form, "plans/theme_form.html", {"theme": theme})


@organisation_view(Permission.VIEW_PLAN)
@require_GET
def matrix(request):
    organisation = request.organisation
    themes_in_use = Theme.objects.in_use(organisation)
    exceptions: dict[tuple[int, int], str] = {
        (row.category_id, row.theme_id): row.reason
        for row in CategoryThemeException.objects.for_organisation(organisation)
    }
    rows = [
        (category, [(theme, exceptions.get((category.pk, theme.pk))) for theme in themes_in_use])
        for category in Category.objects.for_organisation(organisation).order_by("name")
    ]
    context = {"themes": themes_in_use, "rows": rows, "may_manage": may_manage(request)}
    return render(request, "plans/matrix.html", context)


@organisation_view(Permission.MANAGE_PLAN)
@require_http_methods(["GET", "POST"])
def matrix_row(request, pk: int):
    organisation = request.organisation
    category = get_for_organisation(request, Category, pk=pk)
    current = dict(
        CategoryThemeException.objects.for_organisation(organisation)
        .filter(category=category)
        .values_list("theme_id", "reason")
    )
    form = MatrixForm(
        request.POST or None, themes=Theme.objects.in_use(organisation), exceptions=current
    )
    if request.method == "POST" and form.is_valid():
        services.save_matrix_row(
            category, form.exceptions(), actor=request.user, organisation=organisation
        )
        messages.success(
            request, _("The themes of “%(category)s” are saved.") % {"category": category}
        )
        return to(request, "matrix")
    return form_page(request, form, "plans/matrix_row.html", {"category": category})
