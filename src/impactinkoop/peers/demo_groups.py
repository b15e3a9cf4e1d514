"""The demo's intervision group: the demo coordinator hosts "Sociaal inkopen gemeenten
Midden-Utrecht" with the buyer and the water authority's administrator (another organisation),
one meeting held with notes, one coming up, and a dilemma with two answers and a reply. Dates are
relative to today, so step 6 stays done. Idempotent: nothing is added once the group exists."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from impactinkoop.accounts.demo import OTHER_SLUG
from impactinkoop.accounts.models import Organisation, User
from impactinkoop.accounts.roles import Role

from . import group_threads, groups
from .models import Group, GroupMember

GROUP_NAME = "Sociaal inkopen gemeenten Midden-Utrecht"

DESCRIPTION = (
    "Inkopers en MVI-coördinatoren uit de regio die sociaal inkopen gewoon willen maken. We komen "
    "vier keer per jaar bij elkaar, bij toerbeurt op locatie, en leggen elkaar dilemma's voor."
)

PAST_AGENDA = (
    "1. Voorstelronde: waar staat ieders organisatie?\n"
    "2. Social return in raamovereenkomsten\n"
    "3. Kerstpakketten bij een sociale onderneming: wie deed het al?"
)
PAST_NOTES = (
    "Voorbeeldstad en Anderdorp leggen hun social-returnbepalingen naast elkaar; het waterschap "
    "rekent met de bouwblokken van Haaglanden.\n"
    "Kerstpakketten: twee organisaties kochten ze vorig jaar bij een SW-bedrijf; de contactpersoon "
    "wordt gedeeld.\n"
    "Afspraak: volgende keer neemt iedereen één lopende aanbesteding mee."
)
NEXT_AGENDA = (
    "1. Ieder één lopende aanbesteding: waar zit ruimte voor sociaal inkopen?\n"
    "2. Terugblik op het dilemma over minicompetities"
)

DILEMMA_TITLE = "Hoe houden we social return vast in minicompetities?"
DILEMMA_TEXT = (
    "In onze raamovereenkomst voor schoonmaak staat 5% social return, maar bij de minicompetities "
    "kijken de afdelingen alleen naar prijs. Hoe zorgen jullie dat de afspraak ook in de "
    "nadere opdrachten blijft staan?"
)
ANSWERS = [
    (
        "other_admin",
        "Wij nemen de social-returnparagraaf letterlijk op in het model voor de minicompetitie, "
        "zodat een afdeling hem niet kan weglaten.",
    ),
    (
        Role.BUYER.value,
        "Bij ons telt social return mee in de gunning van elke nadere opdracht, met een vast "
        "gewicht van 10%.",
    ),
]
REPLY = "Dank je! Mogen we jullie model zien? Dan leggen we het volgende keer naast het onze."


def _moment(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@transaction.atomic
def build_demo(main: Organisation, users: dict[str, User]) -> Group | None:
    if Group.objects.filter(name=GROUP_NAME).exists():
        return None
    coordinator = users[Role.COORDINATOR.value]
    other = Organisation.objects.filter(slug=OTHER_SLUG).first()
    other_admin = User.objects.filter(email__iexact=f"admin@{OTHER_SLUG}.example").first()
    group = groups.start_group(
        actor=coordinator, organisation=main, name=GROUP_NAME, description=DESCRIPTION
    )
    host = GroupMember.objects.select_related("group", "user").get(group=group, user=coordinator)
    members = {Role.COORDINATOR.value: host}
    members[Role.BUYER.value] = groups.add_member(
        member=host, user=users[Role.BUYER.value], organisation=main
    )
    if other is not None and other_admin is not None:
        members["other_admin"] = groups.add_member(
            member=host, user=other_admin, organisation=other
        )
    group_threads.plan_meeting(
        member=host,
        starts_at=_moment(-60, 14),
        place="Stadhuis Voorbeeldstad, zaal 2",
        agenda=PAST_AGENDA,
        notes=PAST_NOTES,
    )
    group_threads.plan_meeting(
        member=host,
        starts_at=_moment(42, 14),
        place="Gemaal Anderdorp, vergaderruimte",
        agenda=NEXT_AGENDA,
    )
    dilemma = group_threads.post_dilemma(member=host, title=DILEMMA_TITLE, text=DILEMMA_TEXT)
    answers = [
        group_threads.answer_dilemma(member=members[key], dilemma=dilemma, text=text)
        for key, text in ANSWERS
        if key in members
    ]
    group_threads.answer_dilemma(member=host, dilemma=dilemma, text=REPLY, parent=answers[0])
    return group
