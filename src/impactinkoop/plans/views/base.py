"""What the plan's pages share: who may change the plan, the way back, and form pages."""

from django.contrib import messages
from django.db.models import ProtectedError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import get_for_organisation

from .. import services


def may_manage(request) -> bool:
    return request.membership.has_permission(Permission.MANAGE_PLAN)


def to(request, name: str, *args):
    return redirect(f"plans:{name}", request.organisation.slug, *args)


def form_page(request, form, template: str, context: dict | None = None):
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"form": form, **(context or {})}, status=status)


def simple_edit(request, model, form_class, pk, *, action: str, template: str, back: str):
    """Add or change one object of a model whose form needs nothing but the object."""
    obj = get_for_organisation(request, model, pk=pk) if pk else None
    form = form_class(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        services.save_object(
            form, actor=request.user, organisation=request.organisation, action=action
        )
        messages.success(request, _("Saved."))
        return to(request, back)
    return form_page(request, form, template, {"object": obj})


def delete(request, model, pk: int, *, action: str, back: str, message: str):
    obj = get_for_organisation(request, model, pk=pk)
    try:
        services.delete_object(
            obj, actor=request.user, organisation=request.organisation, action=action
        )
    except ProtectedError:
        # A goal that a year's evaluation covers stays: the evaluation reports on it.
        messages.error(
            request,
            _("“%(name)s” cannot be deleted: the evaluation of a year refers to it.")
            % {"name": str(obj)},
        )
        return to(request, back)
    messages.success(request, message % {"name": str(obj)})
    return to(request, back)
