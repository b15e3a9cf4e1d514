"""For the members page (accounts' template, which may not import this app): who of the listed
people has an authenticator app, in one query."""

from django import template
from django_otp.plugins.otp_totp.models import TOTPDevice

register = template.Library()


@register.simple_tag
def users_with_two_factors(memberships) -> set[int]:
    user_ids = [membership.user_id for membership in memberships]
    return set(
        TOTPDevice.objects.filter(user_id__in=user_ids, confirmed=True).values_list(
            "user_id", flat=True
        )
    )
