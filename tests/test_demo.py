"""The demo command: idempotent, one user per role, a second organisation, working logins."""

import base64
import re
from datetime import date
from decimal import Decimal

from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from impactinkoop.accounts.models import Membership, Organisation, User
from impactinkoop.accounts.roles import Role
from impactinkoop.core.models import AuditEntry
from impactinkoop.sso.models import IdentityProvider


def counts():
    return (
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        AuditEntry.objects.count(),
    )


def test_demo_twice_duplicates_nothing_and_the_printed_login_works(db, client, capsys):
    call_command("demo", no_serve=True, password="demo-wachtwoord-1")
    first = counts()
    call_command("demo", no_serve=True, password="ander-wachtwoord-2")
    assert counts() == first
    # Voorbeeldstad, the water authority, and five peer municipalities sharing their figures.
    assert first[0] == 7

    printed = capsys.readouterr().out
    assert "coordinator@voorbeeldstad.example" in printed
    assert "ander-wachtwoord-2" in printed

    response = client.post(
        reverse("accounts:login"),
        {"username": "coordinator@voorbeeldstad.example", "password": "ander-wachtwoord-2"},
    )
    assert response.status_code == 302
    assert client.get("/", follow=True).redirect_chain[-1][0] == "/o/voorbeeldstad/"


def test_demo_has_one_user_per_role(db):
    call_command("demo", no_serve=True, password="demo-wachtwoord-1")
    demo = Organisation.objects.get(slug="voorbeeldstad")
    for role in Role:
        user = User.objects.get(email=f"{role.value}@voorbeeldstad.example")
        assert Membership.objects.get(user=user, organisation=demo).role == role


def test_demo_generates_a_password_when_none_is_given(db, capsys):
    call_command("demo", no_serve=True)
    printed = capsys.readouterr().out
    password = printed.split("Password", 1)[1].split()[0]
    assert User.objects.get(email="admin@voorbeeldstad.example").check_password(password)


def test_demo_has_a_register_and_a_ledger_with_social_suppliers(db, settings):
    from impactinkoop.registry.models import Company
    from impactinkoop.registry.policy import social_enterprise_ids
    from impactinkoop.spend.models import LedgerLine, Supplier, SupplierMatch

    call_command("demo", no_serve=True, password="demo-wachtwoord-1")
    demo = Organisation.objects.get(slug="voorbeeldstad")
    assert Company.objects.count() > 300
    assert Company.objects.candidates().exists()
    # The baseline year, a smaller year before it for year on year, and the next year up to
    # the end of last month, for live progress on goals.
    from datetime import date

    from django.utils import timezone

    this_month = timezone.localdate().replace(day=1)
    days = max((min(this_month, date(2027, 1, 1)) - date(2026, 1, 1)).days, 0)
    full = settings.DEMO_LEDGER_LINES
    lines = full + full // 2 + full * days // 365
    assert LedgerLine.objects.filter(organisation=demo).count() == lines
    social = social_enterprise_ids(demo, __import__("datetime").date(2025, 12, 31))
    assert Supplier.objects.filter(organisation=demo, company_id__in=social).exists()
    # Names are matched after the import: some linked at once, some waiting for review.
    matches = SupplierMatch.objects.filter(organisation=demo)
    assert matches.filter(state="accepted").exists() and matches.filter(state="proposed").exists()
    # An official baseline is frozen, so step 1 is done and goals have something to measure by.
    assert demo.baselines.get(is_official=True).figures["social_share"]
    call_command("demo", no_serve=True, password="demo-wachtwoord-1")
    assert LedgerLine.objects.filter(organisation=demo).count() == lines


def test_demo_catalogue(db, client):
    from impactinkoop.catalogue.models import (
        Enterprise,
        Offer,
        Purchase,
        QuoteRequest,
        Revision,
        ShortlistEntry,
    )
    from impactinkoop.registry.policy import social_enterprise_ids

    call_command("demo", no_serve=True, password="demo-wachtwoord-1")
    sizes = [
        Enterprise.objects.filter(is_published=True).count(),
        Offer.objects.count(),
        ShortlistEntry.objects.count(),
        Revision.objects.filter(state="pending").count(),
        QuoteRequest.objects.count(),
        Purchase.objects.filter(organisation__slug="voorbeeldstad").count(),
    ]
    assert sizes[0] >= 200 and sizes[1] >= 300 and sizes[2] > 0
    assert sizes[3:] == [2, 2, 2]
    organisation = Organisation.objects.get(slug="voorbeeldstad")
    # One purchase is recognised in the ledger, the other still counts on its own.
    assert (
        Purchase.objects.filter(organisation=organisation, ledger_line_id__isnull=False).count()
        == 1
    )
    # Recommended enterprises count as social enterprises under the municipality's policy.
    from django.utils import timezone

    social = social_enterprise_ids(organisation, timezone.localdate())
    assert all(
        entry.enterprise.company_id in social
        for entry in ShortlistEntry.objects.select_related("enterprise")
    )
    call_command("demo", no_serve=True, password="demo-wachtwoord-1")
    assert Enterprise.objects.filter(is_published=True).count() == sizes[0]
    assert Purchase.objects.filter(organisation=organisation).count() == 2
    assert client.get("/catalogue/search/?q=bloemen").status_code == 200
    client.post(
        reverse("accounts:login"),
        {"username": "ondernemer@voorbeeldstad.example", "password": "demo-wachtwoord-1"},
    )
    assert "/enterprise/" in client.get("/", follow=True).redirect_chain[-1][0]


def test_demo_plan(db, client):
    from datetime import date
    from decimal import Decimal

    from django.urls import reverse
    from django.utils import timezone

    from impactinkoop.plans import progress
    from impactinkoop.plans.models import Action, AmbitionSession, Goal, StepCheck, TeamMember

    call_command("demo", no_serve=True, password="demo-wachtwoord-1")
    demo = Organisation.objects.get(slug="voorbeeldstad")
    official = demo.baselines.get(is_official=True)
    share = Goal.objects.get(organisation=demo, metric="social_share")
    expected = (Decimal(official.figures["social_share"]) * 100).quantize(Decimal("0.01"))
    assert (share.baseline_value, share.baseline) == (expected, official)
    result = progress.progress(share, timezone.localdate())
    if timezone.localdate() >= date(2026, 2, 1):
        assert result.current.label == "2026" and result.current.source == "live"
    assert AmbitionSession.objects.filter(organisation=demo).count() == 3
    assert TeamMember.objects.filter(organisation=demo, part="sponsor").exists()
    assert Action.objects.filter(organisation=demo).count() >= 5
    assert StepCheck.objects.filter(organisation=demo).exists()
    budget_holder = Membership.objects.get(
        organisation=demo, user__email="budget_holder@voorbeeldstad.example"
    )
    assert budget_holder.department.name == "Ruimte - Groen"
    client.force_login(User.objects.get(email="coordinator@voorbeeldstad.example"))
    page = client.get(reverse("plans:goals", args=[demo.slug]))
    assert page.status_code == 200 and share.title in page.content.decode()
    call_command("demo", no_serve=True, password="demo-wachtwoord-1")
    # The plan's four goals and the two goals of 2025 that the results' demo evaluated.
    assert Goal.objects.filter(organisation=demo).count() == 6


def test_demo_results(db, client):
    from impactinkoop.reports.models import Edition, Evaluation, PublicPage, Story

    call_command("demo", no_serve=True, password="demo-wachtwoord-1")
    demo = Organisation.objects.get(slug="voorbeeldstad")
    evaluation = Evaluation.objects.get(organisation=demo, year=2025)
    assert evaluation.is_closed and evaluation.data_version
    outcomes = sorted(evaluation.goals.values_list("outcome", flat=True))
    assert outcomes == ["achieved", "partly"]
    carried = evaluation.goals.get(outcome="partly").follow_up_action
    assert carried.due == date(2026, 12, 31)
    stories = Story.objects.filter(organisation=demo)
    assert [story.state for story in stories] == ["approved", "approved"]
    assert all(story.photos.exists() and story.quotes.exists() for story in stories)
    edition = Edition.objects.get(organisation=demo, year=2025)
    assert edition.number == 1 and len(edition.stories) == 2
    page = PublicPage.objects.get(organisation=demo)
    assert page.enabled and "spend.social_share" in page.figures
    public = client.get(reverse("reports:public_page", args=[demo.slug]))
    assert public.status_code == 200
    assert "Soep van groente die anders was weggegooid" in public.content.decode()
    # Idempotent: a second run adds no evaluation, edition or story.
    call_command("demo", no_serve=True, password="demo-wachtwoord-1")
    assert Edition.objects.filter(organisation=demo).count() == 1
    assert Story.objects.filter(organisation=demo).count() == 2


def test_demo_learning_with_peers(db, client):
    from impactinkoop.peers.models import BenchmarkSnapshot, Group, KnowledgeItem

    call_command("demo", no_serve=True, password="demo-wachtwoord-1")
    demo = Organisation.objects.get(slug="voorbeeldstad")
    snapshot = BenchmarkSnapshot.objects.get(year=2025)
    # Voorbeeldstad and five peer municipalities of its size share: the group is shown.
    group = snapshot.groups.get(kind=demo.kind, size_band=demo.peer_sharing.size_band)
    assert group.organisations >= 5 and group.statistics.exists()
    intervision = Group.objects.filter(members__organisation=demo).distinct().get()
    assert intervision.meetings.count() == 2 and intervision.dilemmas.get().answers.count() == 3
    assert KnowledgeItem.objects.filter(organisation=demo).values("step").distinct().count() >= 3
    client.force_login(User.objects.get(email="coordinator@voorbeeldstad.example"))
    page = client.get(reverse("peers:benchmark", args=[demo.slug])).content.decode()
    assert "Rivierstad" in page  # the one peer that chose to be named
    # A peer's published story in the case library, found by its national theme, with the
    # contact person that peer chose to show.
    from impactinkoop.plans.models import Theme

    social_return = Theme.objects.get(organisation=None, key="social-return")
    cases = client.get(
        reverse("peers:cases", args=[demo.slug]), {"theme": social_return.pk}
    ).content.decode()
    assert "Groenonderhoud met een leerwerkbedrijf" in cases and "Anouk Smit" in cases


def test_demo_payees_under_a_collective_number_are_suppliers_of_their_own(db):
    from impactinkoop.spend.generator import ONE_OFF_PAYEES
    from impactinkoop.spend.models import LedgerLine, Supplier

    call_command("demo", no_serve=True, password="demo-wachtwoord-1")
    demo = Organisation.objects.get(slug="voorbeeldstad")
    one_off = Supplier.objects.filter(organisation=demo, ledger_number="DIVERSEN")
    assert sorted(one_off.values_list("name", flat=True)) == sorted(ONE_OFF_PAYEES)
    assert all(key.startswith("n:DIVERSEN|") for key in one_off.values_list("key", flat=True))
    # Two lines a year each, in each of the demo's years.
    lines = LedgerLine.objects.filter(supplier__in=one_off).count()
    assert lines == 2 * len(ONE_OFF_PAYEES) * demo.ledger_imports.count()


def test_demo_port_sets_the_site_address_mails_use(
    db, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    """`demo --port 8123` serves on 8123, so invitation links must point there (issue 15,
    item 18)."""
    import os

    from django.conf import settings as django_settings

    from impactinkoop.accounts.services import invite_member

    monkeypatch.setattr(django_settings, "SITE_URL", django_settings.SITE_URL)
    monkeypatch.setenv("SITE_URL", "http://127.0.0.1:8000")
    call_command("demo", no_serve=True, password="demo-wachtwoord-1", port=8123)
    assert os.environ["SITE_URL"] == "http://127.0.0.1:8123"  # the worker inherits it
    demo = Organisation.objects.get(slug="voorbeeldstad")
    admin = User.objects.get(email="admin@voorbeeldstad.example")
    with django_capture_on_commit_callbacks(execute=True):
        invite_member(
            actor=admin, organisation=demo, email="nieuw@voorbeeldstad.example", role="viewer"
        )
    assert "http://127.0.0.1:8123/" in mailoutbox[-1].body
    assert ":8000" not in mailoutbox[-1].body


def test_demo_organisations_wear_different_house_styles(db, client):
    from impactinkoop.accounts.models import Theme

    call_command("demo", no_serve=True, password="demo-wachtwoord-1")
    main = Theme.objects.get(organisation__slug="voorbeeldstad")
    other = Theme.objects.get(organisation__slug="anderdorp")

    assert (main.token_set, other.token_set) == ("utrecht", "")
    assert other.primary_colour == "#006a70"
    assert main.logo_content_type == other.logo_content_type == "image/png"
    assert bytes(main.logo) != bytes(other.logo)
    assert client.get("/p/anderdorp/catalogue/").status_code == 200


def test_demo_has_contracts_ending_soon_and_a_pipeline_with_one_award(db, settings):
    from datetime import timedelta

    from django.utils import timezone

    from impactinkoop.contracts.models import Contract, Tender, TenderTheme
    from impactinkoop.spend import queries as spend_queries

    call_command("demo", no_serve=True, password="demo-wachtwoord-1")
    demo = Organisation.objects.get(slug="voorbeeldstad")
    # The tests' small ledger may have no supplier above the threshold; the demo's full one has.
    above = spend_queries.suppliers_with_spend(
        demo, spend_queries.recent_year(demo), at_least=Decimal("50000")
    )
    contracts = Contract.objects.for_organisation(demo)
    assert contracts.filter(source="import").count() == 60
    assert contracts.filter(social_return=True).exists()
    soon = timezone.localdate() + timedelta(days=180)
    assert contracts.filter(end_date__lte=soon).count() >= 10
    tenders = Tender.objects.for_organisation(demo)
    assert tenders.count() == 14 + bool(above)
    assert tenders.filter(origin="spend").count() == bool(above)
    assert len(set(tenders.values_list("status", flat=True))) == 5
    awarded = tenders.get(status="awarded")
    assert awarded.awarded_contract.mvi_themes
    assert TenderTheme.objects.filter(tender__organisation=demo, decision="explained").exists()
    call_command("demo", no_serve=True, password="demo-wachtwoord-1")
    assert Contract.objects.for_organisation(demo).count() == 61


def test_demo_social_return_under_two_tables_with_every_kind_of_realisation(db, client):
    from impactinkoop.sroi.models import Obligation, Realisation

    call_command("demo", no_serve=True, password="demo-wachtwoord-1")
    demo = Organisation.objects.get(slug="voorbeeldstad")
    obligations = Obligation.objects.for_organisation(demo)
    assert 15 <= obligations.count() <= 20
    assert set(obligations.values_list("rule_set__key", flat=True)) == {
        "utrecht-current",
        "haaglanden-2023",
    }
    realisations = Realisation.objects.filter(obligation__organisation=demo)
    assert set(realisations.values_list("kind", flat=True)) == {
        "placement",
        "learning",
        "purchase",
        "activity",
    }
    assert realisations.filter(status="submitted", kvk_known=False).exists()
    assert realisations.filter(bonuses__isnull=False).exists()
    first = (obligations.count(), realisations.count())
    call_command("demo", no_serve=True, password="demo-wachtwoord-1")
    assert (obligations.count(), realisations.count()) == first
    officer = User.objects.get(email="sroi_officer@voorbeeldstad.example")
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("sroi:obligations", args=["voorbeeldstad"])).status_code == 200
    page = client.get(reverse("contracts:contracts", args=["voorbeeldstad"]))
    assert "Social return gerealiseerd" in page.content.decode()


def test_demo_tenderboard_reviews_and_supplier_conversations(db, client):
    from impactinkoop.conversations.models import Commitment, Conversation
    from impactinkoop.plans.models import Action
    from impactinkoop.tenderboard.figures import tenderboard_figures
    from impactinkoop.tenderboard.models import Submission

    call_command("demo", no_serve=True, password="demo-wachtwoord-1")
    demo = Organisation.objects.get(slug="voorbeeldstad")
    rounds = Submission.objects.for_organisation(demo).order_by("tender_id", "number")
    latest = {s.tender_id: s.verdict for s in rounds}
    assert sorted(latest.values()) == ["conditions", "revise"]
    figures = tenderboard_figures(demo)
    assert (figures.reviewed_tenders, figures.ambition_rose) == (2, 1)
    assert Conversation.objects.for_organisation(demo).count() == 5
    statuses = set(Commitment.objects.for_organisation(demo).values_list("status", flat=True))
    assert statuses == {"promised", "in_progress", "kept", "not_kept"}
    planned = Commitment.objects.for_organisation(demo).exclude(plan_action=None).get()
    assert Action.objects.filter(pk=planned.plan_action_id, organisation=demo).exists()
    client.force_login(
        demo.memberships.get(role="tenderboard").user,
        backend="django.contrib.auth.backends.ModelBackend",
    )
    assert client.get(f"/o/{demo.slug}/tenderboard/").status_code == 200
    assert client.get(f"/o/{demo.slug}/supplier-conversations/priorities/").status_code == 200


def test_demo_contractor_is_not_a_member_and_has_realisations_in_every_state(db):
    from impactinkoop.accounts.models import ContractorAccess
    from impactinkoop.sroi.models import Realisation

    call_command("demo", no_serve=True, password="demo-wachtwoord-1")
    contractor = User.objects.get(email="leverancier@voorbeeldstad.example")
    assert not Membership.objects.filter(user=contractor).exists()
    access = ContractorAccess.objects.get(user=contractor)
    assert access.organisation.slug == "voorbeeldstad"
    reported = Realisation.objects.filter(source="contractor", company_id=access.company_id)
    assert set(reported.values_list("status", flat=True)) == {"submitted", "accepted", "rejected"}
    assert all(realisation.evidence.exists() for realisation in reported)
    assert reported.filter(events__action="resubmitted").exists()
    # One participant code placed under two obligations in overlapping months.
    doubles = [
        (mine, theirs)
        for mine in reported.exclude(participant_code="")
        for theirs in Realisation.objects.filter(participant_code=mine.participant_code).exclude(
            obligation=mine.obligation
        )
        if theirs.start_date <= mine.end_date and mine.start_date <= theirs.end_date
    ]
    assert len(doubles) == 1
    # One report is overdue: the contractor's old contract, nothing reported since the deadline
    # before its last passed one.
    from django.utils import timezone

    from impactinkoop.sroi.models import Obligation
    from impactinkoop.sroi.monitoring import overdue_deadlines

    today = timezone.localdate()
    overdue = [
        (
            obligation.contract.supplier_name,
            overdue_deadlines(
                obligation,
                [
                    timezone.localdate(row.submitted_at or row.created_at)
                    for row in obligation.realisations.all()
                ],
                today,
            ),
        )
        for obligation in Obligation.objects.select_related("contract")
    ]
    assert [name for name, days in overdue if days] == ["Bakker Bouw B.V."]
    # Only pseudonymous fields: the placements carry a target group and a municipality.
    placements = Realisation.objects.filter(
        kind="placement", obligation__organisation__slug="voorbeeldstad"
    )
    assert placements.exclude(target_group="").count() == placements.count()
    assert placements.exclude(residence="").count() == placements.count()


def test_demo_api_tokens_and_the_printed_token_works(db, capsys):
    import re

    from impactinkoop.api.models import ApiToken, ApiUsage

    from .api.conftest import ApiClient

    call_command("demo", no_serve=True, password="demo-wachtwoord-1")
    call_command("demo", no_serve=True, password="demo-wachtwoord-1")
    secret = re.findall(r"Bearer (iik_[\w-]+)", capsys.readouterr().out)[-1]
    tokens = ApiToken.objects.filter(organisation__slug="voorbeeldstad")
    # Made once, the try-out token too: its secret is derived from the installation's key.
    assert tokens.filter(name="Proberen vanaf de opdrachtregel", revoked_at=None).count() == 1
    assert tokens.count() == 6
    assert set(tokens.values_list("kind", flat=True)) == {"organisation", "personal", "contractor"}
    assert tokens.exclude(revoked_at=None).count() == 1
    assert ApiUsage.objects.filter(token__name="Power BI-dashboard inkoop").count() == 24
    response = ApiClient(secret).get("/api/v1/o/voorbeeldstad/baseline/?year=2025")
    assert response.status_code == 200
    assert response.json()["total_spend"] != "0.00"


def test_the_demo_admin_signs_in_with_a_code_from_the_printed_key(db, client, capsys, settings):
    settings.TWO_FACTOR_FOR_ADMINS = True
    call_command("demo", no_serve=True, password="demo-wachtwoord-1")
    key = re.search(r"Key +([A-Z2-7 ]+)", capsys.readouterr().out).group(1).replace(" ", "")
    code = f"{TOTP(base64.b32decode(key)).token():06d}"  # what the person's app shows
    client.post(
        reverse("accounts:login"),
        {"username": "admin@voorbeeldstad.example", "password": "demo-wachtwoord-1"},
    )
    assert client.get("/o/voorbeeldstad/").url.startswith(reverse("signin:verify"))
    assert client.post(reverse("signin:verify"), {"code": code}).status_code == 302
    assert client.get("/o/voorbeeldstad/").status_code == 200
    # Everyone else keeps the password alone.
    assert not TOTPDevice.objects.filter(user__email="coordinator@voorbeeldstad.example").exists()
    assert TOTPDevice.objects.filter(user__email="curator@impactinkoop.example").exists()


def test_the_water_authority_shows_a_provider_filled_in_and_switched_off(db, capsys):
    call_command("demo", no_serve=True, password="demo-wachtwoord-1")
    provider = IdentityProvider.objects.get(organisation__slug="anderdorp")
    assert not provider.enabled and not provider.has_client_secret
    assert provider.local_admin.email == "admin@anderdorp.example"
    assert list(provider.domains.values_list("domain", flat=True)) == ["anderdorp.example"]
