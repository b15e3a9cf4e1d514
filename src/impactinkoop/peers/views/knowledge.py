"""The knowledge per step and theme (`peers.knowledge`): every member reads it and opens its
documents; the coordinator adds, changes and removes items and adds PIANOo's starter set."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import get_for_organisation, organisation_view
from impactinkoop.core.urls import ORG

from .. import knowledge
from ..knowledge_forms import KnowledgeItemForm, ThemeFilterForm
from ..models import KnowledgeItem

KNOWLEDGE = ORG + "peers/knowledge/"


def _to_list(request, item=None):
    """Back to the list, at the item's step."""
    url = reverse("peers:knowledge", args=[request.organisation.slug])
    return redirect(url + (f"#step-{item.step}" if item is not None else ""))


@organisation_view(Permission.VIEW_PEERS)
@require_GET
def knowledge_list(request):
    organisation = request.organisation
    form = ThemeFilterForm(request.GET or None, organisation=organisation)
    theme = form.cleaned_data["theme"] if form.is_valid() else None
    return render(
        request,
        "peers/knowledge.html",
        {
            "form": form,
            "theme": theme,
            "step_rows": knowledge.by_step(organisation, theme),
            "may_manage": request.membership.has_permission(Permission.MANAGE_KNOWLEDGE),
            "starter_urls": knowledge.STARTER_URLS,
            "starter_missing": knowledge.starter_missing(organisation),
        },
    )


def _form_page(request, form, item):
    return render(
        request,
        "peers/knowledge_form.html",
        {"form": form, "item": item},
        status=400 if request.method == "POST" else 200,
    )


@organisation_view(Permission.MANAGE_KNOWLEDGE)
@require_http_methods(["GET", "POST"])
def knowledge_new(request):
    initial = {}
    step = request.GET.get("step", "")
    if step.isdecimal() and len(step) == 1 and int(step) in knowledge.STEP_NUMBERS:
        initial["step"] = int(step)
    form = KnowledgeItemForm(
        request.POST or None,
        request.FILES or None,
        organisation=request.organisation,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = knowledge.add_item(
                actor=request.user, organisation=request.organisation, **form.service_arguments()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("“%(title)s” is added.") % {"title": item.title})
            return _to_list(request, item)
    return _form_page(request, form, None)


def _item(request, pk: int) -> KnowledgeItem:
    return get_for_organisation(request, KnowledgeItem.objects.defer("document"), pk=pk)


@organisation_view(Permission.MANAGE_KNOWLEDGE)
@require_http_methods(["GET", "POST"])
def knowledge_edit(request, pk: int):
    item = _item(request, pk)
    form = KnowledgeItemForm(
        request.POST or None,
        request.FILES or None,
        instance=item,
        organisation=request.organisation,
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = knowledge.change_item(
                KnowledgeItem.objects.get(pk=item.pk),
                actor=request.user,
                organisation=request.organisation,
                **form.service_arguments(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return _to_list(request, item)
    return _form_page(request, form, item)


@organisation_view(Permission.MANAGE_KNOWLEDGE)
@require_POST
def knowledge_remove(request, pk: int):
    item = _item(request, pk)
    knowledge.remove_item(item, actor=request.user, organisation=request.organisation)
    messages.success(request, _("“%(title)s” is removed.") % {"title": item.title})
    return _to_list(request)


@organisation_view(Permission.MANAGE_KNOWLEDGE)
@require_POST
def knowledge_starter(request):
    added = knowledge.add_starter_set(actor=request.user, organisation=request.organisation)
    if added:
        messages.success(
            request,
            ngettext(
                "%(count)d page of guidance is added.",
                "%(count)d pages of guidance are added.",
                len(added),
            )
            % {"count": len(added)},
        )
    else:
        messages.info(request, _("PIANOo's guidance is already in your knowledge."))
    return _to_list(request)


@organisation_view(Permission.VIEW_PEERS)
@require_GET
def knowledge_document(request, pk: int):
    """An own document, for members of the organisation only: always a download, with its type
    from its own bytes, and nothing in it allowed to run in the browser."""
    item = get_for_organisation(request, KnowledgeItem, pk=pk)
    if not item.file_name or item.document is None:
        raise Http404
    response = HttpResponse(bytes(item.document), content_type=item.content_type)
    response["Content-Disposition"] = content_disposition_header(True, item.file_name)
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path(KNOWLEDGE, knowledge_list, name="knowledge"),
    path(KNOWLEDGE + "new/", knowledge_new, name="knowledge_new"),
    path(KNOWLEDGE + "pianoo/", knowledge_starter, name="knowledge_starter"),
    path(KNOWLEDGE + "<int:pk>/edit/", knowledge_edit, name="knowledge_edit"),
    path(KNOWLEDGE + "<int:pk>/remove/", knowledge_remove, name="knowledge_remove"),
    path(KNOWLEDGE + "<int:pk>/document/", knowledge_document, name="knowledge_document"),
]
