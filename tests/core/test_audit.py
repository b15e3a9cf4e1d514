"""The audit log: append-only, readable and filterable by coordinators and admins, exportable."""

import csv
import io

import pytest
from django.urls import reverse

from impactinkoop.accounts.roles import Role
from impactinkoop.core.audit import log_action
from impactinkoop.core.models import AppendOnlyError, AuditEntry, Job

from ..factories import make_member


@pytest.fixture
def entries(org, other_org, alice):
    log_action(
        "members.invited",
        actor=alice,
        organisation=org,
        object_repr="a@example.org",
        after={"role": "buyer"},
    )
    log_action(
        "members.role_changed",
        actor=alice,
        organisation=org,
        object_repr="b@example.org",
        before={"role": "viewer"},
        after={"role": "buyer"},
    )
    log_action("organisation.updated", actor=alice, organisation=org, object_repr="=HYPERLINK()")
    log_action("members.invited", actor="system", organisation=other_org, object_repr="geheim")


def test_entries_cannot_be_changed_or_deleted(entries):
    entry = AuditEntry.objects.first()
    entry.action = "iets.anders"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(action="x")
    assert AuditEntry.objects.count() == 4


def test_log_page_shows_only_own_organisation(client_for, org, alice, entries):
    page = client_for(alice).get(reverse("portal:audit", args=[org.slug])).content.decode()
    assert "b@example.org" in page
    assert "geheim" not in page
    assert "4 regels" in page  # three of the fixture, and alice's sign-in


def test_filter_by_action_prefix_and_actor(client_for, org, alice, entries):
    client = client_for(alice)
    url = reverse("portal:audit", args=[org.slug])
    response = client.get(url, {"action": "members"})
    assert response.context["page"].paginator.count == 2
    response = client.get(url, {"action": "members.invited"})
    assert response.context["page"].paginator.count == 1
    response = client.get(url, {"actor": "nobody"})
    assert response.context["page"].paginator.count == 0


def test_invalid_date_filter_is_reported(client_for, org, alice, entries):
    response = client_for(alice).get(reverse("portal:audit", args=[org.slug]), {"since": "morgen"})
    assert "Voer een geldige datum in" in response.content.decode()


@pytest.mark.parametrize(
    "role,status",
    [
        (Role.COORDINATOR, 200),
        (Role.ADMIN, 200),
        (Role.BUYER, 403),
        (Role.VIEWER, 403),
        (Role.REQUESTER, 403),
        (Role.SROI_OFFICER, 403),
        (Role.TENDERBOARD, 403),
        (Role.BUDGET_HOLDER, 403),
    ],
)
def test_only_coordinators_and_admins_read_the_log(role, status, client_for, org):
    user = make_member(org, f"{role}@voorbeeldstad.example", role)
    assert client_for(user).get(reverse("portal:audit", args=[org.slug])).status_code == status


def test_export_runs_as_a_job_and_yields_a_safe_csv(
    client_for, org, alice, entries, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:audit_export", args=[org.slug]), {"action": "members"}
        )
    job = Job.objects.get()
    assert response.url == reverse("portal:job", args=[org.slug, job.pk])
    assert job.state == Job.State.SUCCEEDED
    assert job.result == {"rows": 2}

    download = client.get(reverse("portal:job_download", args=[org.slug, job.pk]))
    assert download["Content-Disposition"].startswith('attachment; filename="audit-voorbeeldstad')
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["tijd", "door", "actie"]
    assert [row[2] for row in rows[1:]] == ["members.invited", "members.role_changed"]
    assert rows[2][6:] == ['{"role": "viewer"}', '{"role": "buyer"}']


def test_export_neutralises_formulas(
    client_for, org, alice, entries, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:audit_export", args=[org.slug]), {"action": "organisation"})
    job = Job.objects.get()
    content = client.get(reverse("portal:job_download", args=[org.slug, job.pk])).content.decode()
    assert "'=HYPERLINK()" in content
    assert ";=HYPERLINK" not in content


def test_entries_read_as_sentences_not_codes(client_for, org, alice, entries):
    """The log and the home page's recent activity show sentences in the reader's language and
    the changed values with their field names, never action codes or Python dicts (issue 15,
    item 10)."""
    client = client_for(alice)
    log_action(
        "spend.baseline_frozen",
        actor=alice,
        organisation=org,
        object_repr="Nulmeting 2025",
        after={"period": "2025-01-01 – 2025-12-31", "total_spend": "118518267.09"},
    )
    from impactinkoop.registry.models import Company
    from impactinkoop.spend.models import Supplier

    company = Company.objects.create(kvk_number="01234567", name="De Werkplaats B.V.")
    supplier = Supplier.objects.create(organisation=org, key="1001", name="De Werkplaats")
    log_action(
        "spend.supplier_linked",
        actor=alice,
        organisation=org,
        obj=supplier,
        after={
            "company": company.pk,
            "score": 100.0,
            "rows": 7569,
            "reason": "same name after removing legal form and punctuation",
        },
    )
    membership = alice.memberships.get(organisation=org)
    log_action(
        "members.role_changed",
        actor=alice,
        organisation=org,
        obj=membership,
        object_repr="c@example.org",
        before={"role": "viewer"},
        after={"role": "buyer"},
    )
    page = client.get(reverse("portal:audit", args=[org.slug])).content.decode()
    assert "Alice legde Nulmeting 2025 vast" in page
    assert "Alice wijzigde de rol van b@example.org" in page
    entries_table = page.split('<table class="utrecht-table', 1)[1]
    assert "members.role_changed" not in entries_table
    assert "{&#x27;role&#x27;" not in entries_table
    # The action filter offers sentences, not codes (the codes are only the options' values).
    assert '<option value="spend.baseline_frozen">… legde … vast</option>' in page
    assert "members.invited" not in page.replace('value="members.invited"', "")
    assert "viewer → buyer" in page  # no object to look the choices up on
    assert "rol: Kijker → Inkoper" in page
    assert "periode: 1-1-2025 – 31-12-2025" in page
    assert "alle uitgaven: 118.518.267,09" in page
    assert "bedrijf in het register: De Werkplaats B.V." in page  # not the company's id
    assert "regels in het bestand: 7.569" in page
    assert "reden: dezelfde naam" in page
    home = client.get(reverse("portal:home", args=[org.slug])).content.decode()
    assert "Alice legde Nulmeting 2025 vast" in home
    assert "spend.baseline_frozen" not in home
    alice.language = "en"
    alice.save()
    page = client.get(reverse("portal:audit", args=[org.slug])).content.decode()
    assert "Alice froze Nulmeting 2025" in page
