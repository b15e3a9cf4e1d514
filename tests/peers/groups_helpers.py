"""Small helpers for the intervision-group tests: a group with a host, members from other
organisations, and the link of the last invitation mail."""

import re

from django.core import mail

from impactinkoop.peers import groups
from impactinkoop.peers.models import GroupMember


def make_group(host, organisation, name="Hogescholen Noord", description="") -> GroupMember:
    """A group started by `host` on behalf of `organisation`; the host's member row."""
    group = groups.start_group(
        actor=host, organisation=organisation, name=name, description=description
    )
    return GroupMember.objects.select_related("group", "user", "organisation").get(
        group=group, user=host
    )


def add(host: GroupMember, user, organisation=None) -> GroupMember:
    member = groups.add_member(member=host, user=user, organisation=organisation)
    return GroupMember.objects.select_related("group", "user", "organisation").get(pk=member.pk)


def link_from_last_mail() -> str:
    """The path of the invitation link in the last mail sent."""
    return re.search(r"http://127\.0\.0\.1:8000(/groups/invitations/\S+/)", mail.outbox[-1].body)[1]
