"""Changes an enterprise's editors propose (its profile, its offers) and the curator's decision:
nothing is published before a curator approves it; withdrawing an offer needs no approval."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from impactinkoop.core.audit import log_action, snapshot
from impactinkoop.core.locks import lock_row

from .. import search
from ..models import OFFER_FIELDS, PROFILE_FIELDS, Category, Enterprise, Offer, Revision


def _offer_data(cleaned: dict) -> dict:
    data = {name: cleaned[name] for name in OFFER_FIELDS if name in cleaned}
    if isinstance(data.get("category"), Category):
        data["category"] = data["category"].pk
    return data


@transaction.atomic
def propose_profile(enterprise: Enterprise, *, data: dict, logo=None, actor) -> Revision:
    """An editor's new profile; it replaces any earlier one still waiting."""
    lock_row(enterprise)
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
    lock_row(offer or enterprise)
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
    lock_row(offer)
    offer.withdrawn_at = timezone.now()
    offer.save(update_fields=["withdrawn_at", "updated_at"])
    offer.revisions.filter(state=Revision.State.PENDING).update(state=Revision.State.WITHDRAWN)
    log_action("catalogue.offer_withdrawn", actor=actor, obj=offer)
    search.index_enterprise(offer.enterprise)


def _decide(revision: Revision) -> None:
    """Lock the revision and check it still waits: two curators deciding at once is one
    decision and one refusal, never two decisions."""
    lock_row(revision)
    if revision.state != Revision.State.PENDING:
        raise ValidationError(_("This change has already been decided."))


@transaction.atomic
def approve(revision: Revision, *, actor) -> None:
    _decide(revision)
    enterprise = lock_row(revision.enterprise)
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
        offer = lock_row(revision.offer) if revision.offer else Offer(enterprise=enterprise)
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
    _decide(revision)
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
