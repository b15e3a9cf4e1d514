"""Demo data of the tenderboard: two of the demo's tenders above the tenderboard's threshold,
one approved with conditions after the buyer raised the ambition, one sent back to revise."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from impactinkoop.contracts.models import Tender
from impactinkoop.contracts.services import decide_themes

from .models import Submission
from .services import advise, submit


def build_demo_tenderboard(organisation, users: dict) -> None:
    buyer, member = users.get("buyer"), users.get("tenderboard")
    if buyer is None or member is None:
        return
    if Submission.objects.for_organisation(organisation).exists():
        return
    candidates = [
        tender
        for tender in Tender.objects.for_organisation(organisation)
        .open()
        .select_related("rules")
        .order_by("-estimated_value", "pk")
        if tender.tenderboard_review
    ][:2]
    if len(candidates) < 2:
        return
    with transaction.atomic():
        conditions, sent_back = candidates
        _decide(conditions, buyer, ambition=1)
        _decide(sent_back, buyer, ambition=1)
        first = submit(conditions, actor=buyer, note="Graag jullie blik op de MVI-eisen.")
        advise(
            first,
            actor=member,
            verdict="revise",
            summary="De markt kan meer: vraag circulair ontwerp op niveau 2.",
            advice=_advice(
                conditions, "improve", "Niveau 2 is haalbaar volgens de marktconsultatie."
            ),
        )
        _decide(conditions, buyer, ambition=2)
        second = submit(conditions, actor=buyer, note="Ambitie verhoogd naar niveau 2.")
        advise(
            second,
            actor=member,
            verdict="conditions",
            summary="Akkoord, mits de social return in de uitvoering wordt gemonitord.",
            advice=_advice(conditions, "agree", ""),
        )
        third = submit(sent_back, actor=buyer)
        advise(
            third,
            actor=member,
            verdict="revise",
            summary="Leg uit waarom sociale voorwaarden ontbreken, of neem ze op.",
            advice=_advice(sent_back, "revise", "Uitleg ontbreekt of is te algemeen."),
        )
        # Spread the rounds over the past weeks, so the figures show a time to advice.
        now = timezone.now()
        for submission, submitted, advised in (
            (first, 40, 33),
            (second, 25, 21),
            (third, 12, 6),
        ):
            Submission.objects.filter(pk=submission.pk).update(
                submitted_at=now - timedelta(days=submitted),
                advised_at=now - timedelta(days=advised),
            )


def _decide(tender: Tender, actor, ambition: int) -> None:
    themes = list(tender.themes.all())
    for theme in themes:
        theme.decision = "applied"
        theme.how = theme.how or "award"
        theme.ambition = ambition
        theme.text = theme.text or f"{theme.theme_name}: criterium uit de MVI-criteriatool."
    decide_themes(tender, themes, actor=actor)


def _advice(tender: Tender, opinion: str, text: str) -> dict:
    return dict.fromkeys(tender.themes.values_list("theme_key", flat=True), (opinion, text))
