"""The intervision group pages: my groups, starting one, inviting and accepting (with or without
an account), meetings with notes by any member, the dilemma thread, leaving; every page without an
organisation in its address still shows the user's organisations in the header."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from impactinkoop.accounts.roles import Role
from impactinkoop.peers import group_threads, groups
from impactinkoop.peers.models import Answer, Dilemma, Group, GroupInvitation, GroupMember, Meeting
from tests.factories import PASSWORD, make_member, make_user
from tests.test_accessibility import check

from .groups_helpers import add, link_from_last_mail, make_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def host(org, alice):
    return make_group(alice, org, name="UMC's", description="Wij leren van elkaar.")


@pytest.fixture
def guest(other_org, charlie, host):
    return add(host, charlie, other_org)


def group_url(name, member_or_group, **kwargs):
    group = getattr(member_or_group, "group", member_or_group)
    return reverse(f"peers:{name}", kwargs={"group_pk": group.pk, **kwargs})


def english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def invite(client, host, email, capture):
    with capture(execute=True):
        return client.post(group_url("group_members", host), {"email": email})


# My groups and starting one ---------------------------------------------------------------------


def test_my_groups_lists_only_my_own(host, guest, org, alice, client_for):
    make_group(make_member(org, "dana@voorbeeldstad.example", Role.COORDINATOR), org, name="Geheim")
    page = client_for(english(alice)).get(reverse("peers:groups"))
    text = page.content.decode()
    assert page.status_code == 200
    assert [group for group, _next in page.context["groups"]] == [host.group]
    assert "UMC&#x27;s" in text and "Geheim" not in text
    assert reverse("peers:group_new") in text
    assert "2 members" in text


def test_starting_a_group_needs_peers_groups(bob, client_for):
    client = client_for(bob)
    assert reverse("peers:group_new") not in client.get(reverse("peers:groups")).content.decode()
    assert client.get(reverse("peers:group_new")).status_code == 403
    assert client.post(reverse("peers:group_new"), {"name": "X"}).status_code == 403
    assert not Group.objects.exists()


def test_a_coordinator_starts_a_group_for_her_organisation(org, other_org, client_for):
    fatima = make_member(org, "fatima@voorbeeldstad.example", Role.COORDINATOR)
    make_member(other_org, "fatima@voorbeeldstad.example", Role.VIEWER)
    client = client_for(fatima)
    page = client.get(reverse("peers:group_new"))
    assert list(page.context["form"].fields["organisation"].queryset) == [org]
    # Not on behalf of the organisation where she only reads along.
    refused = client.post(reverse("peers:group_new"), {"name": "X", "organisation": other_org.pk})
    assert refused.status_code == 400 and not Group.objects.exists()
    response = client.post(
        reverse("peers:group_new"), {"name": "Hogescholen Noord", "organisation": org.pk}
    )
    group = Group.objects.get()
    assert response.url == group_url("group_members", group)
    assert GroupMember.objects.get(group=group).is_host


def test_a_group_page_has_no_organisation_but_the_header_shows_mine(host, org, alice, client_for):
    page = client_for(alice).get(group_url("group", host))
    text = page.content.decode()
    assert page.context["current_organisation"] is None
    assert 'id="switch-organisation"' in text and org.name in text
    assert "steps-nav" not in text  # the steps belong to an organisation


# Inviting and accepting -------------------------------------------------------------------------


def test_the_host_invites_and_a_member_may_not(
    host, guest, alice, charlie, client_for, django_capture_on_commit_callbacks
):
    response = invite(
        client_for(alice), host, "noor@example.org", django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    assert GroupInvitation.objects.get().email == "noor@example.org"
    assert mail.outbox[0].to == ["noor@example.org"]
    refused = invite(
        client_for(charlie), host, "erik@example.org", django_capture_on_commit_callbacks
    )
    assert refused.status_code == 403
    assert GroupInvitation.objects.count() == 1
    page = client_for(charlie).get(group_url("group_members", host)).content.decode()
    assert "noor@example.org" not in page  # open invitations are the hosts' business


def test_a_bad_address_is_refused_at_the_field(host, alice, client_for):
    response = client_for(english(alice)).post(group_url("group_members", host), {"email": "geen"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert response.context["form"].errors["email"]


def test_someone_without_an_account_creates_one_and_joins(
    host, alice, client, client_for, django_capture_on_commit_callbacks
):
    invite(client_for(alice), host, "eva@example.org", django_capture_on_commit_callbacks)
    client.logout()
    link = link_from_last_mail()
    page = client.get(link)
    assert page.status_code == 200 and "UMC&#x27;s" in page.content.decode()
    response = client.post(
        link, {"full_name": "Eva Expert", "password1": PASSWORD, "password2": PASSWORD}
    )
    member = GroupMember.objects.get(user__email="eva@example.org")
    assert response.url == group_url("group", host)
    assert member.organisation is None
    assert client.get(group_url("group", host)).status_code == 200  # logged in
    assert client.get(link).status_code == 410  # used


def test_an_existing_account_logs_in_first_then_chooses_its_organisation(
    host, other_org, charlie, client, client_for, django_capture_on_commit_callbacks
):
    invite(client_for(host.user), host, charlie.email, django_capture_on_commit_callbacks)
    client.logout()
    link = link_from_last_mail()
    page = client.get(link).content.decode()
    assert f"{reverse('accounts:login')}?next={link}" in page
    client = client_for(charlie)
    form = client.get(link).context["form"]
    assert [choice for choice, _label in form.fields["organisation"].choices] == [
        str(other_org.pk),
        "",
    ]
    response = client.post(link, {"organisation": str(other_org.pk)})
    assert response.url == group_url("group", host)
    assert GroupMember.objects.get(user=charlie).organisation == other_org


def test_an_organisation_that_is_not_ones_own_is_an_invalid_choice(
    host, org, charlie, client_for, django_capture_on_commit_callbacks
):
    invite(client_for(host.user), host, charlie.email, django_capture_on_commit_callbacks)
    link = link_from_last_mail()
    response = client_for(charlie).post(link, {"organisation": str(org.pk)})
    assert response.status_code == 400
    assert not GroupMember.objects.filter(user=charlie).exists()


def test_a_link_for_someone_else_is_refused(
    host, bob, client_for, django_capture_on_commit_callbacks
):
    invite(client_for(host.user), host, "noor@example.org", django_capture_on_commit_callbacks)
    link = link_from_last_mail()
    client = client_for(bob)
    assert client.get(link).status_code == 403
    assert client.post(link, {"organisation": ""}).status_code == 403
    assert not GroupMember.objects.filter(user=bob).exists()


def test_expired_withdrawn_and_unknown_links(
    host, charlie, client_for, django_capture_on_commit_callbacks
):
    client = client_for(host.user)
    invite(client, host, charlie.email, django_capture_on_commit_callbacks)
    invitation = GroupInvitation.objects.get()
    link = link_from_last_mail()
    GroupInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client_for(charlie).post(link, {"organisation": ""}).status_code == 410
    GroupInvitation.objects.update(expires_at=timezone.now() + timedelta(days=1))
    client = client_for(host.user)
    client.post(group_url("group_invitation_withdraw", host, pk=invitation.pk))
    assert client_for(charlie).get(link).status_code == 410
    assert client_for(charlie).get(link[:-5] + "xxxx/").status_code == 404
    assert not GroupMember.objects.filter(user=charlie).exists()


def test_an_open_invitation_is_accepted_from_my_groups(
    host, bob, charlie, org, client_for, django_capture_on_commit_callbacks
):
    invite(client_for(host.user), host, bob.email, django_capture_on_commit_callbacks)
    invitation = GroupInvitation.objects.get()
    accept = reverse("peers:group_invitation_accept", args=[invitation.pk])
    # Someone else cannot even see it.
    assert client_for(charlie).get(accept).status_code == 404
    assert client_for(charlie).post(accept, {"organisation": ""}).status_code == 404
    client = client_for(bob)
    assert accept in client.get(reverse("peers:groups")).content.decode()
    response = client.post(accept, {"organisation": str(org.pk)})
    assert response.url == group_url("group", host)
    assert GroupMember.objects.get(user=bob).organisation == org
    # Accepted: no longer offered.
    assert accept not in client.get(reverse("peers:groups")).content.decode()
    assert client.get(accept).status_code == 404


# Inside the group -------------------------------------------------------------------------------


def test_the_overview_shows_members_meetings_and_dilemmas(host, guest, other_org, client_for):
    upcoming = group_threads.plan_meeting(
        member=host, starts_at=timezone.now() + timedelta(days=3), place="Utrecht"
    )
    held = group_threads.plan_meeting(member=host, starts_at=timezone.now() - timedelta(days=3))
    dilemma = group_threads.post_dilemma(member=guest, title="Raamovereenkomst?", text="Hoe?")
    page = client_for(guest.user).get(group_url("group", host))
    text = page.content.decode()
    assert list(page.context["upcoming"]) == [upcoming]
    assert list(page.context["past"]) == [held]
    assert other_org.name in text and "Gemeente Voorbeeldstad" in text
    assert group_url("dilemma", host, pk=dilemma.pk) in text
    # A member who is no host gets no planning or settings links.
    assert group_url("meeting_new", host) not in text
    assert group_url("group_edit", host) not in text


def test_the_host_plans_a_meeting_in_local_time(host, alice, client_for):
    client = client_for(alice)
    response = client.post(
        group_url("meeting_new", host),
        {"day": "2030-03-12", "start": "14:30", "place": "Stadhuis", "agenda": "1. Opening"},
    )
    meeting = Meeting.objects.get()
    assert response.url == group_url("meeting", host, pk=meeting.pk)
    local = timezone.localtime(meeting.starts_at)
    assert (local.date().isoformat(), local.hour, local.minute) == ("2030-03-12", 14, 30)
    edit = client.get(group_url("meeting_edit", host, pk=meeting.pk))
    assert edit.context["form"].initial["start"].strftime("%H:%M") == "14:30"


def test_a_member_writes_the_notes_only(host, guest, client_for):
    moment = timezone.make_aware(datetime(2026, 3, 12, 14, 0))
    meeting = group_threads.plan_meeting(member=host, starts_at=moment, agenda="1. Opening")
    client = client_for(guest.user)
    assert client.get(group_url("meeting_new", host)).status_code == 403
    form = client.get(group_url("meeting_edit", host, pk=meeting.pk)).context["form"]
    assert list(form.fields) == ["notes"]
    response = client.post(
        group_url("meeting_edit", host, pk=meeting.pk),
        {"notes": "Afgesproken: iedereen neemt een aanbesteding mee.", "agenda": "Gekaapt"},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.notes.startswith("Afgesproken") and meeting.agenda == "1. Opening"
    assert client.post(group_url("meeting_delete", host, pk=meeting.pk)).status_code == 403


def test_post_a_dilemma_answer_and_reply(host, guest, alice, client_for):
    client = client_for(guest.user)
    response = client.post(
        group_url("dilemma_new", host), {"title": "Minicompetities", "text": "Hoe houden we..."}
    )
    dilemma = Dilemma.objects.get()
    assert response.url == group_url("dilemma", host, pk=dilemma.pk)
    client = client_for(alice)
    client.post(group_url("dilemma", host, pk=dilemma.pk), {"text": "Wij nemen het op."})
    answer = Answer.objects.get()
    client = client_for(guest.user)
    client.post(
        group_url("dilemma", host, pk=dilemma.pk), {"text": "Dank je!", "parent": answer.pk}
    )
    reply = Answer.objects.get(parent=answer)
    page = client.get(group_url("dilemma", host, pk=dilemma.pk))
    text = page.content.decode()
    replies = text.index('class="checklist thread-replies"')
    assert text.index("Wij nemen het op.") < replies < text.index("Dank je!")
    assert page.context["answer_count"] == 2
    # Charlie may delete his own reply, not Alice's answer.
    assert group_url("answer_delete", host, pk=dilemma.pk, answer=reply.pk) in text
    assert group_url("answer_delete", host, pk=dilemma.pk, answer=answer.pk) not in text
    refused = client.post(group_url("answer_delete", host, pk=dilemma.pk, answer=answer.pk))
    assert refused.status_code == 403
    client.post(group_url("answer_delete", host, pk=dilemma.pk, answer=reply.pk))
    assert list(Answer.objects.all()) == [answer]


def test_an_empty_answer_is_refused_at_the_field(host, alice, client_for):
    dilemma = group_threads.post_dilemma(member=host, title="Vraag", text="Tekst")
    response = client_for(english(alice)).post(
        group_url("dilemma", host, pk=dilemma.pk), {"text": " "}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Answer.objects.exists()


def test_hosts_appoint_remove_and_members_leave(host, guest, org, alice, client_for):
    third = add(host, make_member(org, "dana@voorbeeldstad.example", Role.BUYER), org)
    client = client_for(alice)
    client.post(group_url("group_member_host", host, pk=guest.pk), {"host": "1"})
    guest.refresh_from_db()
    assert guest.is_host
    client.post(group_url("group_member_remove", host, pk=third.pk))
    assert not GroupMember.objects.filter(pk=third.pk).exists()
    response = client.post(group_url("group_leave", host))
    assert response.url == reverse("peers:groups")
    assert not GroupMember.objects.filter(pk=host.pk).exists()
    assert client.get(group_url("group", host)).status_code == 404


def test_the_only_host_is_told_to_appoint_another_first(host, guest, alice, client_for):
    client = client_for(english(alice))
    response = client.post(group_url("group_leave", host), follow=True)
    assert "make another member host before you leave" in response.content.decode()
    assert GroupMember.objects.filter(pk=host.pk).exists()


# Every page's structure, in both languages ------------------------------------------------------


@pytest.fixture(params=["nl", "en"])
def language(request, client):
    client.cookies["django_language"] = request.param
    return request.param


def test_group_pages_in_both_languages(language, host, guest, alice, client_for):
    alice.language = language
    alice.save(update_fields=["language"])
    meeting = group_threads.plan_meeting(
        member=host, starts_at=timezone.now() - timedelta(days=1), notes="Notities"
    )
    dilemma = group_threads.post_dilemma(member=guest, title="Vraag", text="Tekst")
    answer = group_threads.answer_dilemma(member=host, dilemma=dilemma, text="Antwoord")
    group_threads.answer_dilemma(member=guest, dilemma=dilemma, text="Reactie", parent=answer)
    client = client_for(alice)
    for address in (
        reverse("peers:groups"),
        reverse("peers:group_new"),
        group_url("group", host),
        group_url("group_edit", host),
        group_url("group_members", host),
        group_url("group_leave", host),
        group_url("meeting_new", host),
        group_url("meeting", host, pk=meeting.pk),
        group_url("meeting_edit", host, pk=meeting.pk),
        group_url("dilemma_new", host),
        group_url("dilemma", host, pk=dilemma.pk),
    ):
        check(client.get(address), language)


def test_invitation_pages_in_both_languages(
    language, host, alice, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        groups.invite(member=host, email="eva@example.org")
    check(client.get(link_from_last_mail()), language)  # create an account
    with django_capture_on_commit_callbacks(execute=True):
        groups.invite(member=host, email=make_user("bas@example.org").email)
    check(client.get(link_from_last_mail()), language)  # log in first
    check(client.get(reverse("peers:group_invitation", args=["onbekend"])), language, 404)
