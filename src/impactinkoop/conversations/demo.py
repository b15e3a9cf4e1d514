"""Demo data of the supplier conversations: the first five suppliers of the list of whom to
talk to, each with a conversation and commitments in several states; one became a plan action."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from impactinkoop.registry.policy import social_enterprise_ids
from impactinkoop.spend import queries as spend

from .models import Commitment, Conversation
from .priorities import priorities
from .services import add_commitment, record_conversation, set_status, to_plan_action

TALKS = [
    (
        "Vraag: kunt u mensen met een afstand tot de arbeidsmarkt plaatsen?",
        "Twee plekken voor ex-gedetineerden, met begeleiding van de reclassering.",
        "Neemt in 2027 twee ex-gedetineerden in dienst",
        "promised",
        120,
    ),
    (
        "Vraag: kan een deel van het werk naar een sociale onderneming?",
        "De catering in het stadskantoor wordt uitbesteed aan een leerwerkbedrijf.",
        "Besteedt de catering uit aan een sociale onderneming",
        "in_progress",
        45,
    ),
    (
        "Vraag: koopt u zelf bij sociale ondernemingen in?",
        "Het drukwerk gaat naar een sociale werkplaats.",
        "Drukwerk via de sociale werkplaats",
        "kept",
        -20,
    ),
    (
        "Vraag: wilt u leerwerkplekken aanbieden?",
        "Eén leerwerkplek per jaar; nog niet ingevuld.",
        "Eén leerwerkplek in 2026",
        "not_kept",
        -60,
    ),
    (
        "Vraag: kunt u de social return uit het contract eerder invullen?",
        "Start met twee stageplaatsen na de zomer.",
        "Twee stageplaatsen na de zomer",
        "promised",
        -10,
    ),
]


def build_demo_conversations(organisation, users: dict) -> None:
    coordinator = users.get("coordinator")
    if coordinator is None or Conversation.objects.for_organisation(organisation).exists():
        return
    today = timezone.localdate()
    suppliers = [item.supplier for item in priorities(organisation, today)]
    if len(suppliers) < len(TALKS):
        # A small ledger has few large suppliers: the next largest ones that are not social.
        suppliers += _next_largest(organisation, today, {s.id for s in suppliers})
    found = suppliers[: len(TALKS)]
    with transaction.atomic():
        for index, (supplier, (asked, offered, promise, status, days)) in enumerate(
            zip(found, TALKS, strict=False)
        ):
            conversation = record_conversation(
                organisation,
                actor=coordinator,
                supplier_id=supplier.id,
                held_on=today - timedelta(days=30 + 14 * index),
                participants="MVI-coördinator, inkoper, accountmanager van de leverancier",
                asked=asked,
                offered=offered,
            )
            commitment = add_commitment(
                conversation,
                actor=coordinator,
                description=promise,
                follow_up=today + timedelta(days=days),
                owner=coordinator,
            )
            if status != Commitment.Status.PROMISED:
                set_status(commitment, actor=coordinator, status=status)
            if index == 0:
                to_plan_action(commitment, actor=coordinator)


def _next_largest(organisation, today, taken: set[int]) -> list:
    period = spend.recent_year(organisation)
    if period is None:
        return []
    social = social_enterprise_ids(organisation, today)
    return [
        item.supplier
        for item in spend.suppliers_with_spend(
            organisation, period, at_least=Decimal("0"), exclude_ids=taken
        )
        if item.supplier.company_id not in social
    ]
