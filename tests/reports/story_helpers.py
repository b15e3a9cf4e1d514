"""What the case-story and public-page tests share: people in each role, images, a story."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from impactinkoop.accounts.models import Membership
from impactinkoop.accounts.roles import Role
from impactinkoop.reports import stories

from ..factories import make_member


def member(org, email: str, role: str):
    user = make_member(org, email, role, full_name=email.split("@")[0].title())
    return user, Membership.objects.get(user=user, organisation=org)


def people(org) -> dict:
    """A coordinator, two buyers (staff who draft stories) and a viewer."""
    return {
        "coordinator": member(org, "cora@voorbeeldstad.example", Role.COORDINATOR),
        "staff": member(org, "sam@voorbeeldstad.example", Role.BUYER),
        "other_staff": member(org, "otto@voorbeeldstad.example", Role.BUYER),
        "viewer": member(org, "vera@voorbeeldstad.example", Role.VIEWER),
    }


def png(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#336699").save(buffer, "PNG")
    return buffer.getvalue()


def upload(data: bytes, name: str = "foto.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def approved_story(org, coordinator, *, title="Schoon dankzij Groen Werkt", company=None):
    user, membership = coordinator
    story = stories.create_story(
        actor=user,
        organisation=org,
        title=title,
        text="Vier collega's vonden werk in het groen.",
        company=company,
    )
    stories.submit_story(story, actor=user, organisation=org, membership=membership)
    return stories.approve_story(story, actor=user, organisation=org, membership=membership)
