"""Linking ledger suppliers to register companies by name: the matching engine proposes, the
bands decide what is linked at once and what a person reviews, and decisions are remembered."""

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Max
from django.utils import timezone

from impactinkoop.core.audit import log_action
from impactinkoop.matching.engine import (
    AUTO,
    ENGINE_VERSION,
    NONE,
    REVIEW_SCORE,
    SAME_KVK,
    Register,
)
from impactinkoop.registry.models import Company

from ..changes import refresh_later
from ..models import Supplier, SupplierMatch
from .reasons import CHOSEN_BY_A_PERSON
from .recheck import recheck_links


def company_register() -> Register:
    """The register as the engine's index (ids as refs): every company under its name and its
    trade names, candidates without KvK included. The index is kept on disk and built again
    only when a company was added, changed or removed since."""
    if not settings.MATCHING_INDEX_DIR:
        return Register(_register_entries())
    state = Company.objects.aggregate(count=Count("pk"), last=Max("pk"), changed=Max("updated_at"))
    changed = state["changed"].isoformat() if state["changed"] else ""
    source = f"companies {state['count']} {state['last']} {changed}"
    return Register.kept(Path(settings.MATCHING_INDEX_DIR), "register", source, _register_entries)


def _register_entries():
    rows = Company.objects.values_list("kvk_number", "name", "trade_names", "pk").order_by("pk")
    for kvk, name, trade_names, pk in rows.iterator(chunk_size=20000):
        yield kvk or "", name, pk
        for trade_name in dict.fromkeys(filter(None, map(str.strip, trade_names.splitlines()))):
            if trade_name != name:
                yield kvk or "", trade_name, pk


def match_suppliers(*, organisation, actor, register: Register | None = None) -> dict:
    """Match every unlinked supplier without an open proposal, and check the automatic links
    of an earlier engine again (`recheck`); returns the counts per band, how many old links were
    checked again and how many of them are asked again in the review queue."""
    register = register or company_register()
    _settle_proposals_of_linked_suppliers(organisation)
    open_proposals = set(
        SupplierMatch.objects.filter(
            organisation=organisation, state=SupplierMatch.State.PROPOSED
        ).values_list("supplier_id", flat=True)
    )
    rejected = set(
        SupplierMatch.objects.filter(
            organisation=organisation, state=SupplierMatch.State.REJECTED
        ).values_list("supplier_id", "company_id")
    )
    counts = {"suppliers": 0, "auto": 0, "review": 0, "none": 0}
    suppliers = Supplier.objects.filter(organisation=organisation, company=None).exclude(
        pk__in=open_proposals
    )
    suppliers = list(suppliers.only("pk", "name", "kvk_number"))
    # A supplier waiting for review whose KvK number the register now has (a later import
    # brought the number): linked by that number, its proposals withdrawn.
    waiting = [
        supplier
        for supplier in Supplier.objects.filter(
            organisation=organisation, company=None, pk__in=open_proposals
        )
        .exclude(kvk_number="")
        .only("pk", "name", "kvk_number")
        if register.index.by_kvk(supplier.kvk_number) is not None
    ]
    by_kvk_only = {supplier.pk for supplier in waiting}
    suppliers += waiting
    # All the organisation's supplier names tell which words are common among them (no evidence
    # that a name is a register company), not only those matched now.
    everyone = Supplier.objects.filter(organisation=organisation).values_list("name", flat=True)
    matches = register.match_many(
        [(supplier.name, supplier.kvk_number) for supplier in suppliers], context=list(everyone)
    )
    with transaction.atomic():
        for supplier, match in zip(suppliers, matches, strict=True):
            if supplier.pk in by_kvk_only and (
                match.reason != SAME_KVK or (supplier.pk, match.ref) in rejected
            ):
                continue  # still waiting for a person, as before
            counts["suppliers"] += 1
            options = [(match.ref, match.score, match.reason)] + [
                (ref, score, "")
                for ref, _name, _kvk, score in match.alternatives
                if score >= REVIEW_SCORE
            ]
            options = [o for o in options if (supplier.pk, o[0]) not in rejected]
            if match.decision == NONE or not options:
                counts["none"] += 1
                continue
            company_id, score, reason = options[0]
            alternatives = [
                list(a)
                for a in match.alternatives
                if (supplier.pk, a[0]) not in rejected and a[0] != company_id
            ]
            if match.decision == AUTO and company_id == match.ref:
                if supplier.pk in by_kvk_only:  # the engine's proposals, no person's decision
                    SupplierMatch.objects.filter(
                        supplier=supplier, state=SupplierMatch.State.PROPOSED
                    ).exclude(company_id=company_id).delete()
                supplier.company_id = company_id
                supplier.save(update_fields=["company"])
                SupplierMatch.objects.update_or_create(
                    supplier=supplier,
                    company_id=company_id,
                    defaults={
                        "organisation": organisation,
                        "state": SupplierMatch.State.ACCEPTED,
                        "score": score,
                        "reason": reason[:200],
                        "alternatives": alternatives,
                        "decided_at": timezone.now(),
                        "engine_version": ENGINE_VERSION,
                    },
                )
                log_action(
                    "spend.supplier_linked",
                    actor=actor,
                    organisation=organisation,
                    obj=supplier,
                    after={"company": company_id, "score": score, "reason": reason},
                )
                counts["auto"] += 1
            else:
                SupplierMatch.objects.update_or_create(
                    supplier=supplier,
                    company_id=company_id,
                    defaults={
                        "organisation": organisation,
                        "state": SupplierMatch.State.PROPOSED,
                        "score": score,
                        "reason": (reason or match.reason)[:200],
                        "alternatives": alternatives,
                        "engine_version": ENGINE_VERSION,
                    },
                )
                counts["review"] += 1
    counts |= recheck_links(
        organisation=organisation, actor=actor, register=register, rejected=rejected
    )
    return counts


def _settle_proposals_of_linked_suppliers(organisation) -> None:
    """An import links a supplier by the KvK number it brings; the engine's proposals waiting for
    that supplier are then settled: the one for its company accepted (by KvK), the rest
    withdrawn. Links asked again keep waiting for a person."""
    waiting = SupplierMatch.objects.filter(
        organisation=organisation,
        state=SupplierMatch.State.PROPOSED,
        recheck=False,
        supplier__company__isnull=False,
    )
    waiting.filter(company_id=F("supplier__company_id")).update(
        state=SupplierMatch.State.ACCEPTED,
        reason=SAME_KVK,
        score=100.0,
        decided_at=timezone.now(),
        engine_version=ENGINE_VERSION,
    )
    waiting.exclude(company_id=F("supplier__company_id")).delete()


def decide(*, actor, proposal: SupplierMatch, accept: bool, company_id: int | None = None):
    """A person's decision on a proposal; with `company_id` they picked another candidate."""
    with transaction.atomic():
        supplier = Supplier.objects.select_for_update().get(pk=proposal.supplier_id)
        now = timezone.now()
        if company_id is not None and company_id != proposal.company_id:
            # Picking another candidate rejects the proposed one and accepts the chosen one.
            proposal.state = SupplierMatch.State.REJECTED
            proposal.decided_by, proposal.decided_at = actor, now
            proposal.save(update_fields=["state", "decided_by", "decided_at"])
            proposal, _created = SupplierMatch.objects.update_or_create(
                supplier=supplier,
                company_id=company_id,
                defaults={
                    "organisation": proposal.organisation,
                    "score": 0.0,
                    "reason": CHOSEN_BY_A_PERSON,
                },
            )
            accept = True
        proposal.state = SupplierMatch.State.ACCEPTED if accept else SupplierMatch.State.REJECTED
        proposal.decided_by, proposal.decided_at = actor, now
        proposal.save(update_fields=["state", "decided_by", "decided_at"])
        if accept:
            supplier.company_id = proposal.company_id
            supplier.save(update_fields=["company"])
        log_action(
            "spend.match_accepted" if accept else "spend.match_rejected",
            actor=actor,
            organisation=proposal.organisation,
            obj=supplier,
            after={"company": proposal.company_id, "company_name": str(proposal.company)},
        )
        refresh_later(proposal.organisation, actor=actor)
    return proposal


def link_after_import(*, ledger_import, actor) -> dict:
    """What every import ends with: match the organisation's unlinked suppliers by name and
    note the counts on the import, so its page can say how many were linked and proposed."""
    counts = match_suppliers(organisation=ledger_import.organisation, actor=actor)
    ledger_import.summary = {**(ledger_import.summary or {}), "matching": counts}
    ledger_import.save(update_fields=["summary"])
    return counts
