"""The organisation's home page: where each step stands, in a fixed number of queries (it is
one of the pages everybody opens, so its cost counts under load)."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from impactinkoop.accounts.models import Organisation, User
from impactinkoop.core.steps import STEPS_BY_SLUG, status_for
from impactinkoop.plans.models import Action, TeamMember, ThemeChoice
from impactinkoop.registry.models import RegisterPolicy
from impactinkoop.registry.policy import social_enterprise_ids


@pytest.fixture
def demo(db):
    call_command("demo", no_serve=True, password="demo-wachtwoord-1")
    return User.objects.get(email="coordinator@voorbeeldstad.example")


def test_home_shows_every_step_in_a_fixed_number_of_queries(
    demo, client, django_assert_num_queries
):
    client.force_login(demo, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("portal:home", args=["voorbeeldstad"])
    # session, user, memberships (with the switcher's list); expired job leases; six step
    # statuses in 16 (the tenders' in 5: contracts, tenders, three figures); panels in 3 (the
    # step plans', and the contract reminders with their follow-up tenders), members, jobs, audit
    # 28: issue 20 adds two panels of one query each (reviews waiting, commitments overdue).
    # 29: issue 24's step 7 reads the latest evaluation (one query while there is none).
    # 34: the results panel reads the last year's evaluation and edition and the stories waiting
    # for approval, and step 7 whether the evaluated year has a published edition.
    # 36: issue 27 asks once whether the session owes a second factor (signin) and once for the
    # providers of the person's organisations (sso).
    with django_assert_num_queries(36):
        page = client.get(url)
    statuses = [
        (step.slug, status.state if status else None)
        for step, status in page.context["steps_with_status"]
    ]
    assert statuses == [
        ("inventory", "done"),
        ("themes", "done"),
        ("ambitions", "done"),
        ("tenders", "done"),
        # The catalogue's part is done; one demo tender still has themes to decide.
        ("procurement", "started"),
        ("annual-plan", "started"),
        # The demo evaluated 2025 and closed it (issue 24).
        ("evaluate", "done"),
    ]
    html = page.content.decode()
    assert "Officiële nulmeting: Nulmeting 2025" in html
    assert "5 thema’s gekozen." in html


def test_inventory_counts_the_social_enterprises_until_a_ledger_is_imported(demo):
    organisation = Organisation.objects.get(slug="voorbeeldstad")
    inventory = status_for(STEPS_BY_SLUG["inventory"], organisation)
    assert inventory.state == "done"
    assert inventory.summary.startswith("Officiële nulmeting: Nulmeting 2025, ")
    counting = len(social_enterprise_ids(organisation, timezone.localdate()))
    assert counting > 0
    RegisterPolicy.objects.filter(organisation=organisation).delete()
    inventory = status_for(STEPS_BY_SLUG["inventory"], organisation)
    assert (inventory.state, inventory.summary) == (
        "todo",
        f"{counting} bedrijven in het register tellen voor jullie als sociale onderneming. "
        "Kies jullie beleid.",
    )


def test_themes_want_a_reason_for_each_theme(demo):
    organisation = Organisation.objects.get(slug="voorbeeldstad")
    ThemeChoice.objects.filter(organisation=organisation).update(reason="")
    themes = status_for(STEPS_BY_SLUG["themes"], organisation)
    assert (themes.state, themes.summary) == (
        "started",
        "5 thema’s gekozen. Leg per thema vast waarom.",
    )


def test_annual_plan_counts_this_years_overdue_actions_and_wants_a_sponsor(demo):
    organisation = Organisation.objects.get(slug="voorbeeldstad")
    today = timezone.localdate()
    this_year = Action.objects.filter(organisation=organisation, due__year=today.year)
    overdue = this_year.filter(status__in=["planned", "in_progress"], due__lt=today).count()
    people = TeamMember.objects.filter(organisation=organisation).count()
    expected = (
        f"{this_year.count()} acties dit jaar, {overdue} te laat, {people} personen in het team."
    )
    status = status_for(STEPS_BY_SLUG["annual-plan"], organisation)
    assert (status.state, status.summary) == ("started", expected)
    TeamMember.objects.filter(organisation=organisation, part=TeamMember.Part.SPONSOR).delete()
    status = status_for(STEPS_BY_SLUG["annual-plan"], organisation)
    assert status.summary.endswith(" Nog geen sponsor met mandaat.")


def test_a_requester_gets_a_home_page_for_buying_not_the_seven_steps(demo, client):
    """Requesters see the search box and their own requests, not the coordinator's steps or
    step plans (issue 15, item 10)."""
    requester = User.objects.get(email="requester@voorbeeldstad.example")
    client.force_login(requester, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("portal:home", args=["voorbeeldstad"]))
    html = page.content.decode()
    assert page.context["steps_with_status"] == []
    assert "Waar we staan" not in html
    assert "Stappenplannen" not in html
    assert 'id="home-search"' in html
    assert "Je offerteaanvragen" in html
    assert 'aria-label="Stappen van de aanpak"' not in html
    assert 'aria-label="Inkopen"' in html
    client.force_login(demo, backend="django.contrib.auth.backends.ModelBackend")
    html = client.get(reverse("portal:home", args=["voorbeeldstad"])).content.decode()
    assert "Waar we staan" in html
    assert 'aria-label="Stappen van de aanpak"' in html
    assert "Je offerteaanvragen" not in html
