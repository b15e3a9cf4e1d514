"""Enterprises in the catalogue: a curator opens one for a company in the register and gives
people the right to edit its page."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify

from impactinkoop.core.audit import log_action

from ..models import Enterprise


def free_slug(model, text: str) -> str:
    """A slug for `text` that no row of `model` has yet ("naam", "naam-2", ...)."""
    base = slugify(text)[:70] or "onderneming"
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def create_enterprise(*, company, actor, editors=(), **profile) -> Enterprise:
    """A curator opens a catalogue profile for a company in the register, unpublished until the
    first profile is approved."""
    enterprise = Enterprise.objects.create(
        company=company,
        slug=free_slug(Enterprise, profile.get("name") or company.name),
        name=profile.pop("name", None) or company.name,
        website=profile.pop("website", None) or company.website,
        **profile,
    )
    enterprise.editors.add(*editors)
    log_action("catalogue.enterprise_created", actor=actor, obj=enterprise)
    return enterprise


@transaction.atomic
def add_editor(enterprise: Enterprise, *, email: str, actor):
    """Give a person (new or known) the right to edit the enterprise's page. A new person gets
    an account without a password and a mail with a link to choose one."""
    User = get_user_model()
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email)
        user.set_unusable_password()
        user.save()
    enterprise.editors.add(user)
    log_action("catalogue.editor_added", actor=actor, obj=enterprise, after={"email": email})
    if not user.has_usable_password():
        _welcome_editor(user, enterprise)
    return user


def _welcome_editor(user, enterprise: Enterprise) -> None:
    """The password-reset link (the same token and page), in a mail that says why it comes."""
    protocol, _sep, domain = settings.SITE_URL.partition("://")
    context = {
        "enterprise": enterprise,
        "email": user.email,
        "protocol": protocol,
        "domain": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    with translation.override(user.language):
        send_mail(
            render_to_string("catalogue/email/editor_welcome_subject.txt", context).strip(),
            render_to_string("catalogue/email/editor_welcome.txt", context),
            None,
            [user.email],
        )
