"""The demo municipality's plan: chosen themes, ambition-web sessions, the category matrix, goals
(one measured live against the frozen baseline), this year's actions, the team, policy documents
and progress through both step plans. Runs once per organisation."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from impactinkoop.accounts.models import Department
from impactinkoop.spend.models import Category

from . import progress
from .models import (
    Action,
    AmbitionScore,
    AmbitionSession,
    CategoryThemeException,
    Goal,
    KeyPassage,
    Metric,
    PolicyDocument,
    ProgressEntry,
    StepCheck,
    TeamMember,
    Theme,
    ThemeChoice,
)

CHOSEN = {
    "social-return": "Coalitieakkoord: werk voor mensen met een afstand tot de arbeidsmarkt.",
    "diversiteit-en-inclusie": "We kopen al bij het SW-bedrijf en willen dat verbreden.",
    "circulair": "Meubilair en ICT gaan naar hergebruik; Rijksbrede doelen circulair 2030.",
    "klimaat": "Klimaatneutrale gemeente in 2040.",
}

# Levels per theme key (own theme: "lokaal") for each session.
SESSIONS = [
    (
        "Ambitieweb gemeente 2025",
        date(2025, 3, 12),
        "organisation",
        None,
        {
            "klimaat": 2,
            "milieu": 1,
            "circulair": 1,
            "ketenverantwoordelijkheid": 1,
            "diversiteit-en-inclusie": 2,
            "social-return": 2,
            "lokaal": 1,
        },
    ),
    (
        "Ambitieweb gemeente 2026",
        date(2026, 2, 10),
        "organisation",
        None,
        {
            "klimaat": 2,
            "milieu": 1,
            "circulair": 2,
            "ketenverantwoordelijkheid": 1,
            "diversiteit-en-inclusie": 3,
            "social-return": 3,
            "lokaal": 2,
        },
    ),
    (
        "Ambitieweb Ruimte - Groen",
        date(2026, 3, 4),
        "department",
        "Ruimte - Groen",
        {
            "klimaat": 3,
            "milieu": 2,
            "circulair": 3,
            "ketenverantwoordelijkheid": 1,
            "diversiteit-en-inclusie": 2,
            "social-return": 3,
            "lokaal": 2,
        },
    ),
]


def _themes(organisation) -> dict[str, Theme]:
    themes = {theme.key: theme for theme in Theme.objects.filter(organisation=None)}
    themes["lokaal"], _created = Theme.objects.get_or_create(
        organisation=organisation,
        name="Lokaal en regionaal inkopen",
        defaults={
            "description": "Opdrachten waar het kan aan ondernemers uit Voorbeeldstad en de regio.",
            "sdgs": [8, 11],
        },
    )
    return themes


@transaction.atomic
def build_demo_plan(organisation, users: dict) -> None:
    if Goal.objects.filter(organisation=organisation).exists():
        return
    coordinator, budget_holder = users["coordinator"], users["budget_holder"]
    themes = _themes(organisation)
    for key, reason in CHOSEN.items():
        ThemeChoice.objects.create(
            organisation=organisation, theme=themes[key], reason=reason, chosen_by=coordinator
        )
    ThemeChoice.objects.create(
        organisation=organisation,
        theme=themes["lokaal"],
        reason="Afspraak uit het coalitieakkoord 2022-2026.",
        chosen_by=coordinator,
    )

    departments = {d.name: d for d in Department.objects.filter(organisation=organisation)}
    ruimte = departments.get("Ruimte - Groen")
    for title, held_on, subject, department, levels in SESSIONS:
        session = AmbitionSession.objects.create(
            organisation=organisation,
            title=title,
            held_on=held_on,
            subject=subject,
            department=departments.get(department) if department else None,
            internal_participants="MVI-coördinator\nInkoopadviseur\nBudgethouder Groen\n"
            "Beleidsmedewerker duurzaamheid",
            market_participants="SW-bedrijf Voorbeeldstad Werkt\nOndernemersvereniging",
            notes="Gescoord op de schaal van het ambitieweb: 0 niet, 1 basis, 2 significant, "
            "3 ambitieus.",
            created_by=coordinator,
        )
        for key, level in levels.items():
            AmbitionScore.objects.create(session=session, theme=themes[key], level=level)

    categories = {c.name: c for c in Category.objects.filter(organisation=organisation)}
    for category, key, reason in [
        ("Energie", "social-return", "Energie wordt ingekocht via de landelijke raamovereenkomst."),
        ("ICT", "lokaal", "Licenties komen van wereldwijde leveranciers."),
        ("Jeugdzorg", "circulair", "Zorg in natura: geen materiële levering."),
    ]:
        if category in categories:
            CategoryThemeException.objects.create(
                organisation=organisation,
                category=categories[category],
                theme=themes[key],
                reason=reason,
                decided_by=coordinator,
            )

    share = Goal(
        organisation=organisation,
        title="5% van de inkoop bij sociale ondernemingen in 2026",
        description="Het aandeel van de inkoop bij sociale ondernemingen volgens ons beleid.",
        theme=themes["diversiteit-en-inclusie"],
        metric=Metric.SOCIAL_SHARE,
        target_value=Decimal("5"),
        deadline=date(2026, 12, 31),
        owner=coordinator,
    )
    purchases = Goal(
        organisation=organisation,
        title="Twee aankopen bij sociale ondernemingen via de catalogus in 2026",
        theme=themes["diversiteit-en-inclusie"],
        metric=Metric.SOCIAL_PURCHASES,
        target_value=Decimal("2"),
        deadline=date(2026, 12, 31),
        owner=users["requester"],
    )
    for goal in (share, purchases):
        progress.apply_baseline(goal)
        goal.save()
    jobs = Goal.objects.create(
        organisation=organisation,
        title="20 social-returnplaatsen in 2026",
        theme=themes["social-return"],
        metric=Metric.SROI_JOBS,
        baseline_value=Decimal("12"),
        baseline_date=date(2025, 12, 31),
        baseline_label="Jaarverslag social return 2025",
        target_value=Decimal("20"),
        deadline=date(2026, 12, 31),
        owner=users["sroi_officer"],
    )
    for day, value, evidence in [
        (date(2026, 3, 31), "14", "Kwartaalrapportage Werkgeversservicepunt Q1"),
        (date(2026, 6, 30), "15", "Kwartaalrapportage Werkgeversservicepunt Q2"),
    ]:
        ProgressEntry.objects.create(
            goal=jobs,
            measured_on=day,
            value=Decimal(value),
            evidence=evidence,
            entered_by=users["sroi_officer"],
        )
    furniture = Goal.objects.create(
        organisation=organisation,
        title="Helft van het nieuwe meubilair hergebruikt",
        theme=themes["circulair"],
        metric=Metric.NUMBER,
        unit="% hergebruikt",
        baseline_value=Decimal("10"),
        baseline_date=date(2025, 12, 31),
        baseline_label="Telling facilitair 2025",
        target_value=Decimal("50"),
        deadline=date(2027, 12, 31),
        owner=users["buyer"],
    )

    today = timezone.localdate()
    for title, goal, department, owner, due, status in [
        (
            "Kerstpakketten bij een sociale onderneming bestellen",
            purchases,
            None,
            users["requester"],
            date(2026, 11, 30),
            Action.Status.IN_PROGRESS,
        ),
        (
            "Koffiecontract: social return vragen bij de aanbesteding",
            jobs,
            None,
            users["buyer"],
            date(2026, 5, 1),
            Action.Status.DONE,
        ),
        (
            "Groenonderhoud deels voorbehouden aan het SW-bedrijf",
            share,
            ruimte,
            budget_holder,
            date(2026, 9, 30),
            Action.Status.PLANNED,
        ),
        (
            "Budgethouders Groen uitleg geven over de catalogus",
            purchases,
            ruimte,
            budget_holder,
            today - timedelta(days=20),
            Action.Status.PLANNED,
        ),
        (
            "Inventarisatie hergebruik meubilair met facilitair",
            furniture,
            None,
            users["buyer"],
            date(2026, 12, 15),
            Action.Status.PLANNED,
        ),
        (
            "Resultaten delen met de gemeenteraad",
            share,
            None,
            coordinator,
            date(2026, 12, 20),
            Action.Status.PLANNED,
        ),
        (
            "Intervisie met de buurgemeenten",
            None,
            None,
            coordinator,
            date(2026, 6, 15),
            Action.Status.DONE,
        ),
    ]:
        Action.objects.create(
            organisation=organisation,
            title=title,
            goal=goal,
            department=department,
            owner=owner,
            due=due,
            status=status,
        )

    for name, function, part, department in [
        ("Lotte Smit", "Wethouder Economie en Inkoop", TeamMember.Part.SPONSOR, ""),
        ("Fatima el Amrani", "MVI-coördinator", TeamMember.Part.COORDINATOR, "Bedrijfsvoering"),
        ("Jeroen de Vries", "Inkoopadviseur", TeamMember.Part.MEMBER, "Bedrijfsvoering"),
        ("Priya Ramdin", "Social return coördinator", TeamMember.Part.MEMBER, "Sociaal Domein"),
        ("Anouk Jansen", "Budgethouder", TeamMember.Part.AMBASSADOR, "Ruimte - Groen"),
        ("Daan Willems", "Teamleider Facilitair", TeamMember.Part.AMBASSADOR, "Bedrijfsvoering"),
    ]:
        TeamMember.objects.create(
            organisation=organisation,
            name=name,
            function=function,
            part=part,
            department=department,
        )

    coalition = PolicyDocument.objects.create(
        organisation=organisation,
        kind=PolicyDocument.Kind.COALITION,
        title="Coalitieakkoord 2022-2026 ‘Samen Voorbeeldstad’",
        adopted_on=date(2022, 6, 1),
    )
    KeyPassage.objects.create(
        document=coalition,
        text="Wij kopen waar het kan in bij sociale ondernemingen en lokale ondernemers.",
        reference="Hoofdstuk 3, Werk en inkomen",
    ).goals.set([share, purchases])
    policy = PolicyDocument.objects.create(
        organisation=organisation,
        kind=PolicyDocument.Kind.PROCUREMENT,
        title="Inkoop- en aanbestedingsbeleid 2024",
        adopted_on=date(2024, 1, 1),
    )
    KeyPassage.objects.create(
        document=policy,
        text="Bij opdrachten vanaf € 100.000 vragen wij 5% van de opdrachtwaarde als social "
        "return.",
        reference="Paragraaf 4.2",
    ).goals.set([jobs])
    PolicyDocument.objects.create(
        organisation=organisation,
        kind=PolicyDocument.Kind.ACTION_PLAN,
        title="Actieplan MVOI 2026",
        adopted_on=date(2026, 1, 20),
    )

    for plan, numbers in [(StepCheck.Plan.PIANOO, [1, 2, 3]), (StepCheck.Plan.DNZ, [1, 2, 3, 4])]:
        for number in numbers:
            StepCheck.objects.create(
                organisation=organisation, plan=plan, number=number, done_by=coordinator
            )

    membership = organisation.memberships.filter(user=budget_holder).first()
    if membership and ruimte:
        membership.department = ruimte
        membership.save(update_fields=["department"])
