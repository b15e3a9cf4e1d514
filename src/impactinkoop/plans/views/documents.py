"""Policy documents and their key passages, each linked to the goals it grounds."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import get_for_organisation, organisation_view

from .. import services
from ..forms import PassageForm, PolicyDocumentForm
from ..models import KeyPassage, PolicyDocument
from .base import delete, form_page, may_manage, simple_edit, to


@organisation_view(Permission.VIEW_PLAN)
@require_GET
def documents(request):
    context = {
        "documents": PolicyDocument.objects.for_organisation(request.organisation).prefetch_related(
            "passages__goals"
        ),
        "may_manage": may_manage(request),
    }
    return render(request, "plans/documents.html", context)


@organisation_view(Permission.MANAGE_PLAN)
@require_http_methods(["GET", "POST"])
def document_edit(request, pk: int | None = None):
    return simple_edit(
        request,
        PolicyDocument,
        PolicyDocumentForm,
        pk,
        action="plan.document",
        template="plans/document_form.html",
        back="documents",
    )


@organisation_view(Permission.MANAGE_PLAN)
@require_POST
def document_delete(request, pk: int):
    return delete(
        request,
        PolicyDocument,
        pk,
        action="plan.document",
        back="documents",
        message=_("“%(name)s” is deleted."),
    )


def _passage(document: PolicyDocument, pk: int) -> KeyPassage:
    passage = KeyPassage.objects.filter(document=document, pk=pk).first()
    if passage is None:
        raise Http404
    return passage


@organisation_view(Permission.MANAGE_PLAN)
@require_http_methods(["GET", "POST"])
def passage_edit(request, pk: int, passage: int | None = None):
    document = get_for_organisation(request, PolicyDocument, pk=pk)
    instance = _passage(document, passage) if passage else None
    form = PassageForm(request.POST or None, instance=instance, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        form.instance.document = document
        services.save_object(
            form, actor=request.user, organisation=request.organisation, action="plan.passage"
        )
        messages.success(request, _("The passage is saved."))
        return to(request, "documents")
    return form_page(request, form, "plans/passage_form.html", {"document": document})


@organisation_view(Permission.MANAGE_PLAN)
@require_POST
def passage_delete(request, pk: int, passage: int):
    document = get_for_organisation(request, PolicyDocument, pk=pk)
    services.delete_object(
        _passage(document, passage),
        actor=request.user,
        organisation=request.organisation,
        action="plan.passage",
    )
    messages.success(request, _("The passage is deleted."))
    return to(request, "documents")
