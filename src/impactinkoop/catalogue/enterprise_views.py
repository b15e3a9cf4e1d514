"""Pages of the enterprises themselves (their editors) and of the platform's curators.

An editor sees only the enterprises they edit; anything else is a 404. A curator (a platform
administrator) approves or rejects every change before it is published."""

import re
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impactinkoop.core.models import AuditEntry, StoredFile

from .forms import AnswerForm, EditorForm, NewEnterpriseForm, OfferForm, ProfileForm, RejectForm
from .models import (
    OFFER_FIELDS,
    PROFILE_FIELDS,
    Category,
    Enterprise,
    Offer,
    QuoteRequest,
    Revision,
)
from .services.enterprises import add_editor, create_enterprise
from .services.quotes import answer_quote_request
from .services.revisions import approve, propose_offer, propose_profile, reject, withdraw_offer
from .views import image_response


def login_or_404(test):
    """Log in first; then the test decides, and anything it refuses is a 404."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not test(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


curator_required = login_or_404(lambda user: user.is_staff)


def _my_enterprise(request, slug: str) -> Enterprise:
    """One of the user's enterprises (curators may open every one), else 404."""
    enterprises = (
        Enterprise.objects.all()
        if request.user.is_staff
        else Enterprise.objects.edited_by(request.user)
    )
    return get_object_or_404(enterprises.select_related("company"), slug=slug)


@login_required
@require_GET
def my_enterprises(request):
    enterprises = Enterprise.objects.edited_by(request.user)
    if enterprises.count() == 1:
        return redirect("catalogue:my_enterprise", enterprises.get().slug)
    return render(request, "catalogue/my_enterprises.html", {"enterprises": enterprises})


@login_required
@require_GET
def my_enterprise(request, slug: str):
    enterprise = _my_enterprise(request, slug)
    return render(
        request,
        "catalogue/my_enterprise.html",
        {
            "enterprise": enterprise,
            "offers": enterprise.offers.filter(withdrawn_at__isnull=True).select_related(
                "category"
            ),
            "pending": enterprise.revisions.filter(state=Revision.State.PENDING).select_related(
                "offer"
            ),
            # Decisions only: a change replaced by a newer one, or whose offer was withdrawn, was
            # never decided (and has no decision date to sort by).
            "decided": enterprise.revisions.filter(
                state__in=[Revision.State.APPROVED, Revision.State.REJECTED]
            )
            .select_related("offer")
            .order_by("-decided_at")[:10],
            "requests": enterprise.quote_requests.select_related("organisation", "offer")[:50],
        },
    )


def _revision_initial(enterprise: Enterprise, subject: str, offer=None) -> dict:
    """Start from the change still waiting, so an editor continues where they left off."""
    pending = enterprise.revisions.filter(
        state=Revision.State.PENDING, subject=subject, offer=offer
    )
    revision = pending.order_by("-submitted_at").first()
    return dict(revision.data) if revision else {}


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request, slug: str):
    enterprise = _my_enterprise(request, slug)
    initial = _revision_initial(enterprise, Revision.Subject.PROFILE)
    form = ProfileForm(
        request.POST or None, request.FILES or None, instance=enterprise, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            logo = None
            upload = form.cleaned_data.get("logo_upload")
            if upload:
                logo = StoredFile.from_bytes(
                    upload.read(),
                    name=upload.name,
                    content_type=form.logo_content_type,
                    uploaded_by=request.user,
                )
            propose_profile(
                enterprise,
                data={name: form.cleaned_data[name] for name in PROFILE_FIELDS},
                logo=logo,
                actor=request.user,
            )
        messages.success(
            request, _("Thank you. A curator checks your change before it is published.")
        )
        return redirect("catalogue:my_enterprise", enterprise.slug)
    # The form edits a copy: nothing reaches the live profile before approval.
    enterprise.refresh_from_db()
    return render(
        request,
        "catalogue/profile_form.html",
        {"enterprise": enterprise, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request, slug: str, pk: int | None = None):
    enterprise = _my_enterprise(request, slug)
    offer = None
    if pk is not None:
        offer = get_object_or_404(enterprise.offers.filter(withdrawn_at__isnull=True), pk=pk)
    subject = Revision.Subject.OFFER if offer else Revision.Subject.NEW_OFFER
    initial = _revision_initial(enterprise, subject, offer) if offer else {}
    form = OfferForm(request.POST or None, instance=offer, initial=initial)
    if request.method == "POST" and form.is_valid():
        propose_offer(
            enterprise,
            data={name: form.cleaned_data[name] for name in OFFER_FIELDS},
            offer=offer,
            actor=request.user,
        )
        messages.success(
            request, _("Thank you. A curator checks your offer before it is published.")
        )
        return redirect("catalogue:my_enterprise", enterprise.slug)
    return render(
        request,
        "catalogue/offer_form.html",
        {"enterprise": enterprise, "offer": offer, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def offer_withdraw(request, slug: str, pk: int):
    enterprise = _my_enterprise(request, slug)
    offer = get_object_or_404(enterprise.offers.filter(withdrawn_at__isnull=True), pk=pk)
    withdraw_offer(offer, actor=request.user)
    messages.success(request, _("“%(offer)s” is no longer in the catalogue.") % {"offer": offer})
    return redirect("catalogue:my_enterprise", enterprise.slug)


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_request(request, slug: str, pk: int):
    enterprise = _my_enterprise(request, slug)
    quote = get_object_or_404(
        enterprise.quote_requests.select_related("organisation", "offer", "requester"), pk=pk
    )
    form = AnswerForm(request.POST or None)
    may_answer = quote.status in (QuoteRequest.Status.SENT, QuoteRequest.Status.ANSWERED)
    if request.method == "POST" and may_answer and form.is_valid():
        answer_quote_request(
            quote,
            status=form.cleaned_data["status"],
            reply=form.cleaned_data["reply"],
            actor=request.user,
        )
        messages.success(request, _("Your answer is sent to the requester."))
        return redirect("catalogue:my_enterprise", enterprise.slug)
    return render(
        request,
        "catalogue/enterprise_request.html",
        {"enterprise": enterprise, "quote": quote, "form": form, "may_answer": may_answer},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def revision_logo(request, pk: int):
    """The logo of a change waiting for approval: for its editors and for curators only."""
    revisions = Revision.objects.select_related("logo", "enterprise")
    if not request.user.is_staff:
        revisions = revisions.filter(enterprise__editors=request.user)
    revision = get_object_or_404(revisions, pk=pk, logo__isnull=False)
    return image_response(revision.logo, cache="private, no-store")


# Curators ------------------------------------------------------------------------------------


@curator_required
@require_http_methods(["GET", "POST"])
def curation(request):
    form = NewEnterpriseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        editors = []
        enterprise = create_enterprise(
            company=form.company,
            actor=request.user,
            summary="",
            impact="",
            contact_email=form.cleaned_data["contact_email"],
        )
        if form.cleaned_data["editor_email"]:
            editors.append(
                add_editor(enterprise, email=form.cleaned_data["editor_email"], actor=request.user)
            )
        messages.success(
            request,
            _("The page of %(name)s is opened. It is published when its first profile is approved.")
            % {"name": enterprise.name},
        )
        return redirect("catalogue:curate_enterprise", enterprise.slug)
    pending = Revision.objects.filter(state=Revision.State.PENDING).select_related(
        "enterprise", "offer", "submitted_by"
    )
    return render(
        request,
        "catalogue/curation.html",
        {
            "pending": pending,
            "form": form,
            "unpublished": Enterprise.objects.filter(is_published=False).order_by("name")[:50],
        },
        status=400 if request.method == "POST" else 200,
    )


def _comparable(name: str, value) -> str:
    """A stored or proposed value as text that compares equal when nothing changed: the
    database, the form and the JSON of a revision give the same value as different types
    (a number or a string, None or "", "\r\n" or "\n"), and a phone number is its digits."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").strip()
    if name == "contact_phone":
        return re.sub(r"[^0-9+]", "", text)
    if name in ("summary", "impact", "description"):
        return "\n".join(line.rstrip() for line in text.split("\n"))
    return " ".join(text.split())


def _changes(revision: Revision) -> list[tuple[str, str, str, bool, bool]]:
    """(label, now, proposed, changed, rich) for every field, so the curator sees what changes.
    Only the form's rich-text fields are shown rendered (Markdown, sanitised); every other value
    is text."""
    if revision.subject == Revision.Subject.PROFILE:
        model, names, current, form = Enterprise, PROFILE_FIELDS, revision.enterprise, ProfileForm
    else:
        model, names, current, form = Offer, OFFER_FIELDS, revision.offer, OfferForm
    rows = []
    for name in names:
        field = model._meta.get_field(name)
        proposed = revision.data.get(name, "")
        now = getattr(current, field.attname, "") if current is not None else ""
        changed = _comparable(name, now) != _comparable(name, proposed)
        if name == "category":
            proposed = Category.objects.filter(pk=proposed).first() or proposed
            now = Category.objects.filter(pk=now).first() if now else ""
        elif field.choices:
            lookup = dict(field.choices)
            proposed, now = lookup.get(proposed, proposed), lookup.get(now, now)
        rich = name in form.rich_fields
        rows.append((field.verbose_name, now or "", proposed or "", changed, rich))
    return rows


@curator_required
@require_http_methods(["GET", "POST"])
def curate_revision(request, pk: int):
    revision = get_object_or_404(
        Revision.objects.select_related("enterprise__company", "offer", "submitted_by", "logo"),
        pk=pk,
    )
    form = RejectForm(request.POST if request.POST.get("action") == "reject" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "approve":
                approve(revision, actor=request.user)
                messages.success(request, _("The change is published."))
                return redirect("catalogue:curation")
            if form.is_valid():
                reject(revision, note=form.cleaned_data["note"], actor=request.user)
                messages.success(request, _("The change is rejected; the enterprise is told why."))
                return redirect("catalogue:curation")
        except ValidationError as error:
            form.add_error(None, error)
    return render(
        request,
        "catalogue/curate_revision.html",
        {"revision": revision, "changes": _changes(revision), "form": form},
        status=400 if request.method == "POST" else 200,
    )


@curator_required
@require_http_methods(["GET", "POST"])
def curate_enterprise(request, slug: str):
    enterprise = get_object_or_404(Enterprise.objects.select_related("company"), slug=slug)
    form = EditorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        add_editor(enterprise, email=form.cleaned_data["email"], actor=request.user)
        messages.success(request, _("The editor can now keep this page up to date."))
        return redirect("catalogue:curate_enterprise", enterprise.slug)
    offer_ids = [str(pk) for pk in enterprise.offers.values_list("pk", flat=True)]
    history = AuditEntry.objects.filter(
        Q(object_type="catalogue.enterprise", object_id=str(enterprise.pk))
        | Q(object_type="catalogue.offer", object_id__in=offer_ids)
    ).select_related("actor")[:50]
    return render(
        request,
        "catalogue/curate_enterprise.html",
        {
            "enterprise": enterprise,
            "form": form,
            "editors": enterprise.editors.all(),
            "history": history,
            "revisions": enterprise.revisions.select_related("offer").order_by("-submitted_at")[
                :30
            ],
        },
        status=400 if request.method == "POST" else 200,
    )
