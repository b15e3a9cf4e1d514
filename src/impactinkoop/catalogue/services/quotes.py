"""Quote requests: a requester asks an enterprise for a quote about an offer, the enterprise
answers or declines, the requester closes the request (or records the purchase it led to,
`catalogue.purchases`)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from impactinkoop.core.audit import log_action
from impactinkoop.core.locks import lock_row, locked_copy

from ..models import Offer, QuoteRequest


@transaction.atomic
def send_quote_request(offer: Offer, *, data: dict, actor, organisation) -> QuoteRequest:
    """Store the request and mail the enterprise; at most QUOTE_REQUESTS_PER_HOUR per requester,
    counted in the database so the limit holds across web processes; the requester's row is
    locked first, so two requests sent at once are counted one after the other."""
    locked_copy(actor)
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
    """The enterprise answers (with a quote) or declines; the requester gets an e-mail. Its
    editors act outside the organisation that asked, so there is no `organisation` to pass."""
    allowed = {QuoteRequest.Status.ANSWERED, QuoteRequest.Status.DECLINED}
    if status not in allowed:
        raise ValidationError(_("Choose whether you answer or decline the request."))
    lock_row(quote)
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
def close_quote_request(quote: QuoteRequest, *, actor, organisation) -> None:
    if quote.organisation_id != organisation.pk:
        raise PermissionDenied
    lock_row(quote)
    before = {"status": quote.status}
    quote.status = QuoteRequest.Status.CLOSED
    quote.save(update_fields=["status", "updated_at"])
    log_action(
        "catalogue.quote_closed",
        actor=actor,
        organisation=organisation,
        obj=quote,
        before=before,
        after={"status": quote.status},
    )
