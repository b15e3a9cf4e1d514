"""Writes in the catalogue: profiles and their approval, short lists, quote requests, purchases.
Each runs in a transaction and writes its audit entry."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from impactinkoop.core.audit import log_action, snapshot

from . import search
from .models import (
    OFFER_FIELDS,
    PROFILE_FIELDS,
    CatalogueSettings,
    Category,
    Enterprise,
    Offer,
    QuoteRequest,
    Revision,
    ShortlistEntry,
)


def free_slug(model, text: str) -> str:
    """A slug for `text` that no row of `model` has yet ("naam", "naam-2", ...)."""
    base = slugify(text)[:70] or "onderneming"
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


# Profiles, offers and approval ---------------------------------------------------------------


@transaction.atomic
def create_enterprise(*, company, actor, editors=(), **profile) -> Enterprise:
    """A curator opens a catalogue profile for a company in the register, unpublished until the
    first profile is approved."""
    enterprise = Enterprise.objects.create(
        company=company,
        slug=free_slug(Enterprise, profile.get("name") or company.name),
        name=profile.pop("name", None) or company.name,
        website=profile.pop("website", None) or company.website,
        **profile,
    )
    enterprise.editors.add(*editors)
    log_action("catalogue.enterprise_created", actor=actor, obj=enterprise)
    return enterprise


def _offer_data(cleaned: dict) -> dict:
    data = {name: cleaned[name] for name in OFFER_FIELDS if name in cleaned}
    if isinstance(data.get("category"), Category):
        data["category"] = data["category"].pk
    return data


@transaction.atomic
def propose_profile(enterprise: Enterprise, *, data: dict, logo=None, actor) -> Revision:
    """An editor's new profile; it replaces any earlier one still waiting."""
    enterprise.revisions.filter(
        subject=Revision.Subject.PROFILE, state=Revision.State.PENDING
    ).update(state=Revision.State.SUPERSEDED)
    revision = Revision.objects.create(
        enterprise=enterprise,
        subject=Revision.Subject.PROFILE,
        data={name: data[name] for name in PROFILE_FIELDS if name in data},
        logo=logo,
        submitted_by=actor,
    )
    log_action(
        "catalogue.profile_proposed",
        actor=actor,
        obj=enterprise,
        before=snapshot(enterprise, PROFILE_FIELDS),
        after=revision.data,
    )
    return revision


@transaction.atomic
def propose_offer(enterprise: Enterprise, *, data: dict, offer: Offer | None = None, actor):
    if offer is not None and offer.enterprise_id != enterprise.pk:
        raise ValidationError(_("This offer belongs to another enterprise."))
    pending = enterprise.revisions.filter(state=Revision.State.PENDING)
    if offer is not None:
        pending.filter(offer=offer).update(state=Revision.State.SUPERSEDED)
    revision = Revision.objects.create(
        enterprise=enterprise,
        offer=offer,
        subject=Revision.Subject.OFFER if offer else Revision.Subject.NEW_OFFER,
        data=_offer_data(data),
        submitted_by=actor,
    )
    log_action(
        "catalogue.offer_proposed",
        actor=actor,
        obj=offer or enterprise,
        before=snapshot(offer, OFFER_FIELDS) if offer else None,
        after=revision.data,
    )
    return revision


@transaction.atomic
def withdraw_offer(offer: Offer, *, actor) -> None:
    """Taking an offer off the catalogue needs no approval: it only removes information."""
    offer.withdrawn_at = timezone.now()
    offer.save(update_fields=["withdrawn_at", "updated_at"])
    offer.revisions.filter(state=Revision.State.PENDING).update(state=Revision.State.WITHDRAWN)
    log_action("catalogue.offer_withdrawn", actor=actor, obj=offer)
    search.index_enterprise(offer.enterprise)


@transaction.atomic
def approve(revision: Revision, *, actor) -> None:
    if revision.state != Revision.State.PENDING:
        raise ValidationError(_("This change has already been decided."))
    enterprise = revision.enterprise
    if revision.subject == Revision.Subject.PROFILE:
        before = snapshot(enterprise, PROFILE_FIELDS)
        for name in PROFILE_FIELDS:
            if name in revision.data:
                setattr(enterprise, name, revision.data[name])
        if revision.logo_id:
            enterprise.logo_id = revision.logo_id
        enterprise.is_published = True
        enterprise.save()
        target = enterprise
    else:
        offer = revision.offer or Offer(enterprise=enterprise)
        before = snapshot(offer, OFFER_FIELDS) if offer.pk else None
        for name in OFFER_FIELDS:
            if name in revision.data:
                setattr(offer, "category_id" if name == "category" else name, revision.data[name])
        offer.is_published = True
        offer.save()
        revision.offer = offer
        target = offer
    revision.state = Revision.State.APPROVED
    revision.decided_by = actor
    revision.decided_at = timezone.now()
    revision.save()
    log_action(
        "catalogue.change_approved", actor=actor, obj=target, before=before, after=revision.data
    )
    search.index_enterprise(enterprise)
    _tell_editors(revision)


@transaction.atomic
def reject(revision: Revision, *, note: str, actor) -> None:
    if revision.state != Revision.State.PENDING:
        raise ValidationError(_("This change has already been decided."))
    if not note.strip():
        raise ValidationError(_("Say why, so the enterprise can improve its change."))
    revision.state = Revision.State.REJECTED
    revision.note = note.strip()
    revision.decided_by = actor
    revision.decided_at = timezone.now()
    revision.save()
    log_action(
        "catalogue.change_rejected",
        actor=actor,
        obj=revision.offer or revision.enterprise,
        after={"note": revision.note},
    )
    _tell_editors(revision)


def _tell_editors(revision: Revision) -> None:
    for editor in revision.enterprise.editors.filter(is_active=True):
        with translation.override(editor.language):
            send_mail(
                _("Your change in the Impactinkoop catalogue: %(state)s")
                % {"state": revision.get_state_display()},
                render_to_string(
                    "catalogue/email/revision_decided.txt",
                    {
                        "revision": revision,
                        "url": settings.SITE_URL
                        + reverse("catalogue:my_enterprise", args=[revision.enterprise.slug]),
                    },
                ),
                None,
                [editor.email],
            )


@transaction.atomic
def add_editor(enterprise: Enterprise, *, email: str, actor):
    """Give a person (new or known) the right to edit the enterprise's page. A new person gets
    an account without a password and a mail with a link to choose one."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email)
        user.set_unusable_password()
        user.save()
    enterprise.editors.add(user)
    log_action("catalogue.editor_added", actor=actor, obj=enterprise, after={"email": email})
    if not user.has_usable_password():
        _welcome_editor(user, enterprise)
    return user


def _welcome_editor(user, enterprise: Enterprise) -> None:
    """The password-reset link (the same token and page), in a mail that says why it comes."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    protocol, _sep, domain = settings.SITE_URL.partition("://")
    context = {
        "enterprise": enterprise,
        "email": user.email,
        "protocol": protocol,
        "domain": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    with translation.override(user.language):
        send_mail(
            render_to_string("catalogue/email/editor_welcome_subject.txt", context).strip(),
            render_to_string("catalogue/email/editor_welcome.txt", context),
            None,
            [user.email],
        )


# Short lists ---------------------------------------------------------------------------------


def shortlist_size(organisation) -> int:
    settings_row = CatalogueSettings.objects.filter(organisation=organisation).first()
    return settings_row.shortlist_size if settings_row else 3


@transaction.atomic
def set_shortlist_size(organisation, *, size: int, actor) -> None:
    row, _created = CatalogueSettings.objects.get_or_create(organisation=organisation)
    before = {"shortlist_size": row.shortlist_size}
    row.shortlist_size = size
    row.full_clean()
    row.save()
    log_action(
        "catalogue.shortlist_size_changed",
        actor=actor,
        organisation=organisation,
        obj=row,
        before=before,
        after={"shortlist_size": size},
    )


@transaction.atomic
def set_shortlist(organisation, category: Category, *, enterprises: list, actor) -> None:
    """Recommend these enterprises (in this order) in the category, replacing the list."""
    limit = shortlist_size(organisation)
    unique = list(dict.fromkeys(enterprises))
    if len(unique) > limit:
        raise ValidationError(
            _("Recommend at most %(limit)d enterprises per category.") % {"limit": limit}
        )
    entries = ShortlistEntry.objects.filter(organisation=organisation, category=category)
    before = [str(entry.enterprise) for entry in entries.select_related("enterprise")]
    entries.delete()
    ShortlistEntry.objects.bulk_create(
        ShortlistEntry(
            organisation=organisation,
            category=category,
            enterprise=enterprise,
            position=position,
            added_by=actor,
        )
        for position, enterprise in enumerate(unique)
    )
    log_action(
        "catalogue.shortlist_changed",
        actor=actor,
        organisation=organisation,
        obj=category,
        before={"enterprises": before},
        after={"enterprises": [str(e) for e in unique]},
    )


@transaction.atomic
def create_own_category(organisation, *, parent, name: str, search_words: str, actor) -> Category:
    slug = free_slug(Category, f"{organisation.slug}-{name}")
    position = (Category.objects.filter(parent=parent).aggregate(m=Max("position"))["m"] or 0) + 1
    category = Category.objects.create(
        slug=slug,
        name_nl=name,
        name_en=name,
        parent=parent,
        organisation=organisation,
        search_words=search_words,
        position=position,
    )
    log_action(
        "catalogue.category_created",
        actor=actor,
        organisation=organisation,
        obj=category,
        after={"parent": str(parent), "search_words": search_words},
    )
    return category


@transaction.atomic
def delete_own_category(category: Category, *, actor) -> None:
    log_action(
        "catalogue.category_deleted",
        actor=actor,
        organisation=category.organisation,
        obj=category,
        before={"parent": str(category.parent), "search_words": category.search_words},
    )
    category.delete()


# Quote requests ------------------------------------------------------------------------------


@transaction.atomic
def send_quote_request(organisation, offer: Offer, *, data: dict, actor) -> QuoteRequest:
    """Store the request and mail the enterprise; at most QUOTE_REQUESTS_PER_HOUR per requester,
    counted in the database so the limit holds across web processes."""
    since = timezone.now() - timedelta(hours=1)
    sent = QuoteRequest.objects.filter(requester=actor, created_at__gte=since).count()
    if sent >= settings.QUOTE_REQUESTS_PER_HOUR:
        raise ValidationError(
            ngettext(
                "You sent %(count)d request in the last hour, the most we allow. Your "
                "text is kept: try again later.",
                "You sent %(count)d requests in the last hour, the most we allow. Your "
                "text is kept: try again later.",
                sent,
            )
            % {"count": sent},
            code="rate_limited",
        )
    quote = QuoteRequest.objects.create(
        organisation=organisation,
        offer=offer,
        enterprise=offer.enterprise,
        requester=actor,
        message=data["message"],
        quantity=data.get("quantity", ""),
        wanted_by=data.get("wanted_by"),
    )
    log_action("catalogue.quote_requested", actor=actor, organisation=organisation, obj=quote)
    recipients = {offer.enterprise.contact_email} | set(
        offer.enterprise.editors.filter(is_active=True).values_list("email", flat=True)
    )
    transaction.on_commit(lambda: _mail_enterprise(quote, sorted(recipients)))
    return quote


def _mail_enterprise(quote: QuoteRequest, recipients: list[str]) -> None:
    # Replies go straight to the requester, so the conversation continues by ordinary e-mail.
    # Enterprises get Dutch; the request itself is in the requester's own words.
    with translation.override("nl"):
        _quote_message(quote, recipients).send()


def _quote_message(quote: QuoteRequest, recipients: list[str]) -> EmailMessage:
    return EmailMessage(
        _("Quote request from %(organisation)s: %(offer)s")
        % {"organisation": quote.organisation, "offer": quote.offer},
        render_to_string(
            "catalogue/email/quote_request.txt",
            {
                "quote": quote,
                "url": settings.SITE_URL
                + reverse("catalogue:enterprise_request", args=[quote.enterprise.slug, quote.pk]),
            },
        ),
        to=recipients,
        reply_to=[quote.requester.email],
    )


@transaction.atomic
def answer_quote_request(quote: QuoteRequest, *, status: str, reply: str, actor) -> None:
    """The enterprise answers (with a quote) or declines; the requester gets an e-mail."""
    allowed = {QuoteRequest.Status.ANSWERED, QuoteRequest.Status.DECLINED}
    if status not in allowed:
        raise ValidationError(_("Choose whether you answer or decline the request."))
    before = {"status": quote.status}
    quote.status = status
    quote.reply = reply
    quote.save(update_fields=["status", "reply", "updated_at"])
    log_action(
        "catalogue.quote_answered",
        actor=actor,
        organisation=quote.organisation,
        obj=quote,
        before=before,
        after={"status": status},
    )
    requester = quote.requester

    def mail():
        with translation.override(requester.language):
            send_mail(
                _("%(enterprise)s replied to your quote request")
                % {"enterprise": quote.enterprise},
                render_to_string(
                    "catalogue/email/quote_answered.txt",
                    {
                        "quote": quote,
                        "url": settings.SITE_URL
                        + reverse("catalogue:request", args=[quote.organisation.slug, quote.pk]),
                    },
                ),
                None,
                [requester.email],
            )

    transaction.on_commit(mail)


@transaction.atomic
def close_quote_request(quote: QuoteRequest, *, actor) -> None:
    before = {"status": quote.status}
    quote.status = QuoteRequest.Status.CLOSED
    quote.save(update_fields=["status", "updated_at"])
    log_action(
        "catalogue.quote_closed",
        actor=actor,
        organisation=quote.organisation,
        obj=quote,
        before=before,
        after={"status": quote.status},
    )
