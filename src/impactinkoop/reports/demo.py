"""The demo's results: Voorbeeldstad's 2025 evaluated and closed (with a follow-up in the 2026
plan), two approved case stories modelled on the seeds (a communication agency staffed by people
with a disability, a soup kitchen that rescues vegetables), the impact report of 2025 published as
edition 1, and the public impact page turned on. Idempotent: nothing is added once 2025 has an
evaluation."""

import io
from datetime import date, datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from impactinkoop.accounts.models import Membership
from impactinkoop.plans.models import Goal, Metric, ProgressEntry
from impactinkoop.registry.models import Company
from impactinkoop.registry.policy import social_enterprise_ids

from . import editions, evaluations, public, stories
from .models import Evaluation, GoalEvaluation

YEAR = 2025

# Goals the demo municipality set for 2025 at the start of that year, measured by hand with
# evidence: (title, unit, baseline, target, measured, outcome, helped, hindered, follow-up, note)
GOALS_2025 = [
    (
        "12 social-returnplaatsen in 2025",
        "plaatsen",
        "6",
        "12",
        "13",
        GoalEvaluation.Outcome.ACHIEVED,
        "Social return stond in alle vier de grote aanbestedingen; het Werkgeversservicepunt "
        "leverde kandidaten binnen twee weken.",
        "Twee opdrachtnemers meldden hun plaatsen pas na herinnering.",
        GoalEvaluation.FollowUp.NONE,
        "",
    ),
    (
        "Drie aanbestedingen met voorbehouden opdracht in 2025",
        "aanbestedingen",
        "0",
        "3",
        "2",
        GoalEvaluation.Outcome.PARTLY,
        "Het SW-bedrijf dacht mee bij het groenonderhoud en de schoonmaak.",
        "De derde aanbesteding (catering stadhuis) schoof door naar 2026.",
        GoalEvaluation.FollowUp.CARRY_OVER,
        "Catering stadhuis voorbehouden aanbesteden in 2026\n"
        "Overgebracht uit de evaluatie: de aanbesteding staat gepland voor het tweede kwartaal.",
    ),
]

SUMMARY = (
    "2025 was het jaar van de nulmeting: we weten nu dat een klein deel van onze inkoop bij "
    "sociale ondernemingen terechtkomt. Social return werkte goed; voorbehouden aanbesteden kost "
    "meer voorbereiding dan gedacht."
)

SECTIONS = {
    "introduction": (
        "Voorbeeldstad koopt in met impact: bij sociale ondernemingen, met social return in de "
        "contracten en met aandacht voor de regio. Dit verslag laat zien wat dat in 2025 "
        "opleverde, gemeten aan onze eigen cijfers."
    ),
    "spend": (
        "De nulmeting over 2025 is het vertrekpunt van ons plan. Ieder bedrag hieronder leidt naar "
        "de facturen erachter."
    ),
    "social_return": (
        "Opdrachtnemers boden werkplekken en leerplaatsen aan mensen met afstand tot de "
        "arbeidsmarkt. Aantallen onder de vijf personen tonen we niet."
    ),
    "outlook": (
        "In 2026 besteden we de catering van het stadhuis voorbehouden aan en brengen we het "
        "aandeel bij sociale ondernemingen naar 5%."
    ),
}

STORIES = [
    (
        ("Digitale diensten",),
        "Campagne door een bureau dat werkt met mensen met een beperking",
        "Voor de campagne over afvalscheiding vroegen we offertes bij drie bureaus, waaronder een "
        "sociale onderneming waar ontwerpers met een autismespectrumstoornis of een lichamelijke "
        "beperking werken. Hun voorstel was het sterkste. De campagne haalde meer bereik dan de "
        "vorige, en twee medewerkers kregen er een vast contract door.",
        [
            (
                "Hier wordt gekeken naar wat ik kan, niet naar wat ik niet kan.",
                "ontwerper bij het bureau",
            ),
            (
                "We kozen op kwaliteit; dat het bureau sociaal onderneemt, is winst erbovenop.",
                "communicatieadviseur gemeente",
            ),
        ],
        ("D", "Ontwerpstudio", (45, 95, 140)),
    ),
    (
        ("Catering",),
        "Soep van groente die anders was weggegooid",
        "De lunches bij raadsvergaderingen komen sinds 2025 van een soepkeuken die groente redt "
        "bij telers en de markt. De koks zijn mensen die via de keuken weer aan het werk komen. "
        "Per vergadering gaat er zo'n twintig kilo groente niet verloren.",
        [
            (
                "Elke ochtend weten we pas wat we krijgen; daar maken we dan iets moois van.",
                "kok in opleiding",
            ),
        ],
        ("S", "Soepkeuken", (60, 120, 60)),
    ),
]

# The demo's catalogue purchases and tenders fall in 2026, so 2025's would show zeros.
PUBLIC_FIGURES = [
    "spend.social",
    "spend.social_share",
    "spend.local_share",
    "sroi.accepted",
    "sroi.people",
    "sroi.placements_by_target_group",
]

PUBLIC_INTRODUCTION = (
    "Zo koopt Voorbeeldstad in met impact: de cijfers van ons gepubliceerde impactverslag en de "
    "verhalen erachter."
)


def photo(initial: str, label: str, colour: tuple[int, int, int]) -> SimpleUploadedFile:
    """A photo drawn in code (a coloured card with an initial and a word): no image file in the
    repository."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (640, 400), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((220, 60, 420, 260), outline="white", width=8)
    draw.text((320, 160), initial, fill="white", anchor="mm", font=ImageFont.load_default(110))
    draw.text((320, 330), label, fill="white", anchor="mm", font=ImageFont.load_default(40))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return SimpleUploadedFile(f"{label.lower()}.png", buffer.getvalue(), "image/png")


def build_demo_results(organisation, users: dict) -> None:
    if Evaluation.objects.filter(organisation=organisation, year=YEAR).exists():
        return
    coordinator, admin = users["coordinator"], users["admin"]
    _goals_of_2025(organisation, users)
    _evaluate(organisation, coordinator)
    chosen = _stories(organisation, users)
    editions.save_report(
        actor=coordinator, organisation=organisation, year=YEAR, sections=SECTIONS, stories=chosen
    )
    editions.publish(organisation, YEAR, actor=coordinator)
    _snapshot, items, _approved = public.choosable(organisation)
    shown = {key for key, _label in items}
    public.save_public_page(
        organisation,
        actor=admin,
        enabled=True,
        introduction=PUBLIC_INTRODUCTION,
        figures=[key for key in PUBLIC_FIGURES if key in shown],
        stories=chosen,
    )


def _goals_of_2025(organisation, users: dict) -> None:
    set_on = timezone.make_aware(datetime(YEAR, 1, 20, 10, 0))
    for title, unit, baseline, target, measured, *_rest in GOALS_2025:
        goal = Goal.objects.create(
            organisation=organisation,
            title=title,
            metric=Metric.NUMBER,
            unit=unit,
            baseline_value=Decimal(baseline),
            baseline_date=date(YEAR - 1, 12, 31),
            baseline_label="Jaarverslag 2024",
            target_value=Decimal(target),
            deadline=date(YEAR, 12, 31),
            owner=users["coordinator"],
        )
        # Set at the start of 2025 (auto_now_add wrote today): the evaluation of 2025 covers the
        # goals that existed in 2025.
        Goal.objects.filter(pk=goal.pk).update(created_at=set_on)
        ProgressEntry.objects.create(
            goal=goal,
            measured_on=date(YEAR, 12, 31),
            value=Decimal(measured),
            evidence="Jaaroverzicht 2025 van het team inkoop",
            entered_by=users["coordinator"],
        )


def _evaluate(organisation, coordinator) -> None:
    evaluation = evaluations.start_evaluation(YEAR, actor=coordinator, organisation=organisation)
    answers = {row[0]: row for row in GOALS_2025}
    for item in evaluation.goals.select_related("goal"):
        row = answers.get(item.goal.title)
        if row is None:  # a goal of 2026 the plan had already set: on its way
            data = {"outcome": GoalEvaluation.Outcome.PARTLY, "helped": "", "hindered": ""}
        else:
            *_figures, outcome, helped, hindered, follow_up, note = row
            data = {
                "outcome": outcome,
                "helped": helped,
                "hindered": hindered,
                "follow_up": follow_up,
                "follow_up_note": note,
            }
        evaluations.save_goal_evaluation(item, data, actor=coordinator, organisation=organisation)
    evaluations.save_summary(evaluation, SUMMARY, actor=coordinator, organisation=organisation)
    evaluations.close_evaluation(evaluation, actor=coordinator, organisation=organisation)


def _company(organisation, trades: tuple[str, ...], taken: set[int]) -> Company | None:
    social = social_enterprise_ids(organisation, date(YEAR, 12, 31))
    for company in Company.objects.filter(pk__in=social).order_by("name"):
        if company.pk not in taken and company.name.endswith(trades):
            return company
    return None


def _stories(organisation, users: dict) -> list:
    coordinator, buyer = users["coordinator"], users["buyer"]
    memberships = {m.user_id: m for m in Membership.objects.filter(organisation=organisation)}
    chosen, taken = [], set()
    for trades, title, text, quotes, (initial, label, colour) in STORIES:
        company = _company(organisation, trades, taken)
        if company is not None:
            taken.add(company.pk)
        story = stories.create_story(
            actor=buyer, organisation=organisation, title=title, text=text, company=company
        )
        writer = memberships[buyer.pk]
        stories.add_photo(
            story,
            actor=buyer,
            organisation=organisation,
            membership=writer,
            upload=photo(initial, label, colour),
            alt_text=f"Illustratie: {label.lower()}",
        )
        for quote, speaker in quotes:
            stories.add_quote(
                story,
                actor=buyer,
                organisation=organisation,
                membership=writer,
                text=quote,
                speaker=speaker,
            )
        stories.submit_story(story, actor=buyer, organisation=organisation, membership=writer)
        story = stories.approve_story(
            story,
            actor=coordinator,
            organisation=organisation,
            membership=memberships[coordinator.pk],
        )
        chosen.append(story)
    return chosen
