"""The catalogue's services: a decision is taken once, even by two curators at once; an
organisation's writes refuse another organisation's rows and change nothing then; the "before"
of an audit entry is what the row held."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from impactinkoop.accounts.roles import Role
from impactinkoop.catalogue.models import Category, QuoteRequest, Revision
from impactinkoop.catalogue.services.quotes import close_quote_request
from impactinkoop.catalogue.services.revisions import approve, propose_profile, reject
from impactinkoop.catalogue.services.shortlists import (
    create_own_category,
    delete_own_category,
    set_shortlist_size,
)
from impactinkoop.core.models import AuditEntry

from ..factories import make_member, make_user
from .helpers import published_enterprise


@pytest.fixture
def curator(db):
    return make_user("curator@example.org", is_staff=True)


@pytest.fixture
def proposal(db):
    enterprise = published_enterprise("20000001", "Zeeperij Zuiver")
    editor = make_user("ondernemer@example.org")
    enterprise.editors.add(editor)
    return propose_profile(enterprise, data={"summary": "Zeep uit Zwolle."}, actor=editor)


def test_a_revision_decided_meanwhile_is_not_decided_again(proposal, curator):
    stale = Revision.objects.get(pk=proposal.pk)  # what a second curator's page still shows
    approve(proposal, actor=curator)
    with pytest.raises(ValidationError):
        approve(stale, actor=curator)
    with pytest.raises(ValidationError):
        reject(stale, note="Te kort", actor=curator)
    assert AuditEntry.objects.filter(action="catalogue.change_approved").count() == 1
    assert not AuditEntry.objects.filter(action="catalogue.change_rejected").exists()
    stale.refresh_from_db()
    assert stale.state == Revision.State.APPROVED


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has one writer and no row locks"
)
def test_approving_locks_the_revision_and_the_enterprise_first(proposal, curator):
    with CaptureQueriesContext(connection) as queries:
        approve(proposal, actor=curator)
    sql = [query["sql"] for query in queries.captured_queries]
    locks = [i for i, q in enumerate(sql) if "FOR UPDATE" in q]
    revision = next(i for i in locks if 'FROM "catalogue_revision"' in sql[i])
    enterprise = next(i for i in locks if 'FROM "catalogue_enterprise"' in sql[i])
    audit = next(i for i, q in enumerate(sql) if q.startswith('INSERT INTO "core_auditentry"'))
    assert revision < enterprise < audit


def test_an_organisation_cannot_delete_a_platform_category_or_anothers(org, other_org, alice):
    platform = Category.objects.get(slug="bedankjes")
    theirs = create_own_category(
        parent=platform.parent or platform,
        name="Kerstpakketten",
        search_words="kerst",
        actor=alice,
        organisation=other_org,
    )
    for category in (platform, theirs):
        with pytest.raises(PermissionDenied):
            delete_own_category(category, actor=alice, organisation=org)
    assert Category.objects.filter(pk__in=[platform.pk, theirs.pk]).count() == 2
    assert not AuditEntry.objects.filter(action="catalogue.category_deleted").exists()


def test_closing_another_organisations_request_is_refused(org, other_org, alice):
    enterprise = published_enterprise(
        "60000001", "Soepbar Samen", [("lunch-en-broodjes", "Soep", "Lunch")]
    )
    requester = make_member(other_org, "ruud@anderdorp.example", Role.REQUESTER)
    quote = QuoteRequest.objects.create(
        organisation=other_org,
        offer=enterprise.offers.get(),
        enterprise=enterprise,
        requester=requester,
        message="Lunch",
    )
    with pytest.raises(PermissionDenied):
        close_quote_request(quote, actor=alice, organisation=org)
    quote.refresh_from_db()
    assert quote.status == QuoteRequest.Status.SENT
    assert not AuditEntry.objects.filter(action="catalogue.quote_closed").exists()


def test_the_shortlist_size_logs_the_size_it_replaces(org, alice):
    set_shortlist_size(size=4, actor=alice, organisation=org)
    set_shortlist_size(size=2, actor=alice, organisation=org)
    entries = AuditEntry.objects.filter(action="catalogue.shortlist_size_changed").order_by("pk")
    assert [(e.before, e.after) for e in entries] == [
        ({"shortlist_size": 3}, {"shortlist_size": 4}),
        ({"shortlist_size": 4}, {"shortlist_size": 2}),
    ]


def test_a_proposal_logs_the_published_profile_not_the_form_edited_copy(db):
    """The profile form edits the enterprise in memory; the "before" is what is stored."""
    enterprise = published_enterprise("20000002", "Bakkerij Brood", summary="Brood uit de buurt.")
    editor = make_user("bakker@example.org")
    enterprise.summary = "Brood en banket."  # as ProfileForm leaves it after validation
    propose_profile(enterprise, data={"summary": "Brood en banket."}, actor=editor)
    entry = AuditEntry.objects.get(action="catalogue.profile_proposed")
    assert entry.before["summary"] == "Brood uit de buurt."
    assert entry.after == {"summary": "Brood en banket."}
    enterprise.refresh_from_db()
    assert enterprise.summary == "Brood uit de buurt."
