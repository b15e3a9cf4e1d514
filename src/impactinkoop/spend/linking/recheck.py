"""Automatic links made by an earlier matching engine, checked again by the current one.

A new engine never changes or removes a link silently. Where it agrees (an automatic link to the
same company) the link is quietly marked as checked by it. Where it disagrees, the link stays, so
the baseline does not move, and the supplier is asked again in the review queue:

- another company is now the best candidate: a proposal for that company, marked `recheck`,
  with the current link first among its alternatives;
- the same company, but no longer sure enough to link without a person, or no candidate at all:
  the accepted link itself is marked `recheck`, with the engine's view of it now.

Only a person's answer (`answer`) moves the link. A link a person decided or chose is never
checked again, and neither is one a person has answered for."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from impactinkoop.core.audit import log_action
from impactinkoop.matching.engine import ALIKE, AUTO, ENGINE_VERSION, NONE, REVIEW_SCORE, Register

from ..changes import refresh_later
from ..models import Supplier, SupplierMatch
from .reasons import CHOSEN_BY_A_PERSON

AGREED, QUESTIONED = "agreed", "questioned"


def old_automatic_links(organisation):
    """Links the engine made on its own (no person decided them) in an earlier version, still
    the supplier's link, and not already in the review queue."""
    waiting = SupplierMatch.objects.filter(
        organisation=organisation, state=SupplierMatch.State.PROPOSED
    ).values("supplier_id")
    return (
        SupplierMatch.objects.filter(
            organisation=organisation,
            state=SupplierMatch.State.ACCEPTED,
            decided_by=None,
            recheck=False,
            engine_version__lt=ENGINE_VERSION,
            supplier__company_id=F("company_id"),
        )
        .exclude(reason=CHOSEN_BY_A_PERSON)
        .exclude(supplier_id__in=waiting)
        .select_related("supplier", "company")
        .order_by("pk")
    )


def recheck_links(*, organisation, actor, register: Register, rejected: set) -> dict:
    """Check the old automatic links again; `rejected` holds the (supplier, company) pairs a
    person rejected, which are never proposed. Returns how many were checked and asked again."""
    links = list(old_automatic_links(organisation))
    counts = {"rechecked": len(links), "questioned": 0}
    if not links:
        return counts
    matches = register.match_many((link.supplier.name, link.supplier.kvk_number) for link in links)
    with transaction.atomic():
        for link, match in zip(links, matches, strict=True):
            if _check_again(link, match, rejected, actor) == QUESTIONED:
                counts["questioned"] += 1
    return counts


def _check_again(link: SupplierMatch, match, rejected: set, actor) -> str:
    """Agree quietly, propose the engine's other candidate, or ask to confirm the link."""
    supplier = link.supplier
    candidates = [(match.ref, match.score)] + [
        (ref, score) for ref, _name, _kvk, score in match.alternatives if score >= REVIEW_SCORE
    ]
    candidates = [
        (ref, score)
        for ref, score in candidates
        if ref is not None and (supplier.pk, ref) not in rejected
    ]
    others = [
        list(alternative)
        for alternative in _all_candidates(match)
        if alternative[0] != link.company_id and (supplier.pk, alternative[0]) not in rejected
    ]
    if match.decision == AUTO and match.ref == link.company_id:
        link.engine_version = ENGINE_VERSION
        link.score, link.reason, link.alternatives = match.score, match.reason[:200], others
        link.save(update_fields=["engine_version", "score", "reason", "alternatives"])
        return AGREED
    if match.decision != NONE and candidates and candidates[0][0] != link.company_id:
        _propose_instead(link, match, candidates[0], others, actor)
    else:
        _ask_to_confirm(link, match, others, actor)
    return QUESTIONED


def _all_candidates(match) -> list[tuple]:
    """The engine's best candidate and its alternatives as (ref, name, kvk, score)."""
    best = [(match.ref, match.match_name, match.match_kvk, match.score)]
    return (best if match.ref is not None else []) + list(match.alternatives)


def _score_of(match, ref) -> float | None:
    return next((score for other, _n, _k, score in _all_candidates(match) if other == ref), None)


def _propose_instead(link, match, candidate, others, actor) -> None:
    """Another company is now best: propose it, the current link first among the alternatives."""
    company_id, score = candidate
    current = link.company
    reason = match.reason if company_id == match.ref else ALIKE.format(score=f"{score:.0f}")
    alternatives = [[current.pk, current.name, current.kvk_number, _score_of(match, current.pk)]]
    alternatives += [other for other in others if other[0] != company_id]
    proposal, _created = SupplierMatch.objects.update_or_create(
        supplier=link.supplier,
        company_id=company_id,
        defaults={
            "organisation": link.organisation,
            "state": SupplierMatch.State.PROPOSED,
            "score": score,
            "reason": reason[:200],
            "alternatives": alternatives,
            "engine_version": ENGINE_VERSION,
            "recheck": True,
            "decided_by": None,
            "decided_at": None,
        },
    )
    log_action(
        "spend.link_asked_again",
        actor=actor,
        organisation=link.organisation,
        obj=link.supplier,
        after={
            "company": current.pk,
            "company_name": current.name,
            "candidate": company_id,
            "candidate_name": str(proposal.company),
            "reason": reason,
        },
    )


def _ask_to_confirm(link, match, others, actor) -> None:
    """The same company, but not sure enough now (or no candidate): the link itself is asked."""
    link.recheck = True
    link.recheck_reason = match.reason[:200] if match.ref == link.company_id else ""
    link.recheck_score = _score_of(match, link.company_id)
    link.alternatives = others
    link.save(update_fields=["recheck", "recheck_reason", "recheck_score", "alternatives"])
    log_action(
        "spend.link_asked_again",
        actor=actor,
        organisation=link.organisation,
        obj=link.supplier,
        after={
            "company": link.company_id,
            "company_name": link.company.name,
            "reason": link.recheck_reason,
        },
    )


def is_challenge(item: SupplierMatch) -> bool:
    """An item asked again that proposes another company than the current link (else it asks
    to confirm the current link itself)."""
    return item.recheck and item.state == SupplierMatch.State.PROPOSED


KEEP = "keep"  # link_to of `settle`: the supplier's current link, as it is when decided


def answer(*, actor, item: SupplierMatch, action: str, company_id: int | None = None) -> None:
    """A person's answer to an item asked again, in the queue's words: `accept` links the
    company the item shows (the engine's candidate, or the current link to confirm), `reject`
    keeps the current link against a candidate or removes a link to confirm, `other` links
    `company_id`, one of the alternatives."""
    if action == "other":
        settle(actor=actor, item=item, link_to=company_id)
    elif action == "accept":
        settle(actor=actor, item=item, link_to=item.company_id)
    else:
        settle(actor=actor, item=item, link_to=KEEP if is_challenge(item) else None)


def settle(*, actor, item: SupplierMatch, link_to) -> None:
    """Link the supplier of an item asked again to `link_to` (a company id, KEEP or None for
    no link), as a person decided: the link that holds is marked decided by them, so it is never
    asked again; the link it replaces and a candidate not chosen are rejected (remembered)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        supplier = Supplier.objects.select_for_update().get(pk=item.supplier_id)
        current = supplier.company_id
        link_to = current if link_to == KEEP else link_to
        decided = {"decided_by": user, "decided_at": timezone.now(), "recheck": False}
        rows = SupplierMatch.objects.filter(supplier=supplier)
        if item.state == SupplierMatch.State.PROPOSED and item.company_id != link_to:
            rows.filter(pk=item.pk).update(state=SupplierMatch.State.REJECTED, **decided)
        before = _company(supplier.company)
        if link_to is not None and link_to == current:
            rows.filter(company_id=current).update(
                state=SupplierMatch.State.ACCEPTED, engine_version=ENGINE_VERSION, **decided
            )
            action, before = "spend.link_confirmed", None
        else:
            if current is not None:
                rows.filter(company_id=current).update(
                    state=SupplierMatch.State.REJECTED, **decided
                )
            if link_to is not None:
                _accept(supplier, link_to, item, decided)
            supplier.company_id = link_to
            supplier.save(update_fields=["company"])
            action = "spend.match_accepted" if link_to is not None else "spend.link_removed"
        log_action(
            action,
            actor=actor,
            organisation=supplier.organisation,
            obj=supplier,
            before=before,
            after=_company(supplier.company),
        )
        refresh_later(supplier.organisation, actor=actor)


def _company(company) -> dict:
    return {"company": company.pk if company else None, "company_name": str(company or "")}


def _accept(supplier, company_id: int, item: SupplierMatch, decided: dict) -> None:
    """The chosen company's row accepted: the item's own, or a new one chosen by the person."""
    chosen = {"state": SupplierMatch.State.ACCEPTED, **decided}
    if company_id != item.company_id:
        chosen |= {"score": 0.0, "reason": CHOSEN_BY_A_PERSON}
    SupplierMatch.objects.update_or_create(
        supplier=supplier,
        company_id=company_id,
        defaults={"organisation": supplier.organisation, **chosen},
    )
