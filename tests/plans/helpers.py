"""A small plan for Voorbeeldstad: chosen themes, two sessions, a category, a goal, actions of
two departments, a team member and a policy document with a passage."""

from datetime import date, timedelta

from django.utils import timezone

from impactinkoop.accounts.models import Department
from impactinkoop.plans import models as plan
from impactinkoop.spend.models import Category


def national(key: str) -> plan.Theme:
    return plan.Theme.objects.get(organisation=None, key=key)


def small_plan(org, owner) -> dict:
    ruimte = Department.objects.create(organisation=org, name="Ruimte")
    sociaal = Department.objects.create(organisation=org, name="Sociaal Domein")
    catering = Category.objects.create(organisation=org, name="Catering")
    social_return, circular = national("social-return"), national("circulair")
    for theme in (social_return, circular):
        plan.ThemeChoice.objects.create(organisation=org, theme=theme, reason="Coalitieakkoord")
    sessions = []
    for title, held_on, levels in [
        ("Ambitieweb 2025", date(2025, 3, 1), (1, 2)),
        ("Ambitieweb 2026", date(2026, 3, 1), (3, 2)),
    ]:
        session = plan.AmbitionSession.objects.create(
            organisation=org, title=title, held_on=held_on, market_participants="SW-bedrijf"
        )
        for theme, level in zip((social_return, circular), levels, strict=True):
            plan.AmbitionScore.objects.create(session=session, theme=theme, level=level)
        sessions.append(session)
    goal = plan.Goal.objects.create(
        organisation=org,
        title="Tien contracten met social return",
        metric=plan.Metric.NUMBER,
        unit="contracten",
        baseline_value=2,
        baseline_date=date(2025, 12, 31),
        target_value=10,
        deadline=date(2026, 12, 31),
        owner=owner,
    )
    today = timezone.localdate()
    own = plan.Action.objects.create(
        organisation=org,
        title="Groenonderhoud voorbehouden",
        department=ruimte,
        due=today - timedelta(days=3),
        goal=goal,
    )
    other = plan.Action.objects.create(
        organisation=org,
        title="Schuldhulp via sociale onderneming",
        department=sociaal,
        due=today + timedelta(days=30),
    )
    member = plan.TeamMember.objects.create(
        organisation=org, name="Lotte Smit", function="Wethouder", part="sponsor"
    )
    document = plan.PolicyDocument.objects.create(
        organisation=org, kind="coalition", title="Coalitieakkoord"
    )
    passage = plan.KeyPassage.objects.create(document=document, text="Wij kopen sociaal in.")
    passage.goals.add(goal)
    return {
        "ruimte": ruimte,
        "sociaal": sociaal,
        "catering": catering,
        "sessions": sessions,
        "goal": goal,
        "own_action": own,
        "other_action": other,
        "member": member,
        "document": document,
        "passage": passage,
        "social_return": social_return,
        "circular": circular,
    }
