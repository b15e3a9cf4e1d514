"""The one answer to "is this company a social enterprise for organisation X on date D, and why".
Every other part of the platform (baseline, catalogue, SROI) asks these functions.

A computation that asks more than once (the baseline of a year, a goal's progress over several
years, a page of search results) reads the policy once with `policy_of` and passes the `Policy`
down, instead of reading the organisation's choice again for every supplier, line or row."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Company, Qualification, RegisterPolicy
from .sources import DEFAULT_POLICY_KEYS, policy_key

if TYPE_CHECKING:
    from impactinkoop.accounts.models import Organisation


def accepted_keys(organisation) -> frozenset[str]:
    """The organisation's chosen keys, or the default until it has chosen."""
    policy = RegisterPolicy.objects.filter(organisation=organisation).first()
    return frozenset(policy.accepted) if policy else DEFAULT_POLICY_KEYS


@dataclass(frozen=True)
class Policy:
    """An organisation's policy as read at the start of a computation: the keys it accepts."""

    organisation: "Organisation"
    keys: frozenset[str]

    def qualifications(self, day: date):
        """Qualifications that make a company a social enterprise on `day` (a queryset)."""
        return counting_qualifications(self.organisation, day, self.keys)

    def company_ids(self, day: date) -> set[int]:
        """Ids of every company that counts on `day`."""
        return set(self.qualifications(day).values_list("company_id", flat=True).distinct())

    def counting_among(self, qualifications, day: date) -> set[int]:
        """The companies that count among qualifications a page has already loaded."""
        return counting_among(qualifications, self.organisation, day, self.keys)


def policy_of(organisation) -> Policy:
    """Read the organisation's policy once, for one computation."""
    return Policy(organisation, accepted_keys(organisation))


# Apps above the register that keep figures computed under a policy (spend's kept baseline
# figures) register here to hear that an organisation chose another; the register imports none.
_POLICY_HOOKS: list[Callable[..., object]] = []


def after_policy_changed(hook: Callable[..., object]) -> Callable[..., object]:
    """Register `hook(organisation, actor=...)`, run when an organisation's policy changed,
    inside the transaction that changed it. Registering the same function twice keeps one."""
    if hook not in _POLICY_HOOKS:
        _POLICY_HOOKS.append(hook)
    return hook


def policy_changed(organisation, *, actor) -> None:
    for hook in list(_POLICY_HOOKS):
        hook(organisation, actor=actor)


def counting_qualifications(organisation, day: date, keys: frozenset[str] | None = None):
    """Qualifications that make a company a social enterprise for the organisation on `day`.
    `keys`: the organisation's accepted keys when the caller has read them already."""
    return (
        Qualification.objects.visible_to(organisation)
        .valid_on(day)
        .with_keys(accepted_keys(organisation) if keys is None else keys)
    )


def counting_among(
    qualifications, organisation, day: date, keys: frozenset[str] | None = None
) -> set[int]:
    """The same rule as `counting_qualifications`, applied to qualifications a page has already
    loaded (for a handful of companies): the ids of the companies that count."""
    keys = accepted_keys(organisation) if keys is None else keys
    own = organisation.pk
    return {
        q.company_id
        for q in qualifications
        if q.organisation_id in (None, own)
        and q.is_valid_on(day)
        and policy_key(q.source, q.level) in keys
    }


def social_enterprise_ids(organisation, day: date) -> set[int]:
    """Ids of every company that counts on `day`: what baselines and lists filter on."""
    return policy_of(organisation).company_ids(day)


@dataclass
class Verdict:
    company: Company
    day: date
    counted: list[Qualification] = field(default_factory=list)
    not_counted: list[tuple[Qualification, str]] = field(default_factory=list)

    @property
    def is_social_enterprise(self) -> bool:
        return bool(self.counted)

    def explanation(self) -> str:
        if self.counted:
            return _("Counts as a social enterprise on %(day)s because of: %(list)s.") % {
                "day": date_format(self.day),
                "list": "; ".join(q.describe() for q in self.counted),
            }
        if self.not_counted:
            return _("Does not count as a social enterprise on %(day)s: %(list)s.") % {
                "day": date_format(self.day),
                "list": "; ".join(f"{q.describe()} ({why})" for q, why in self.not_counted),
            }
        return _("Does not count as a social enterprise: no qualifications are known.")


def verdict(company: Company, organisation, day: date) -> Verdict:
    """Why a company does or does not count, qualification by qualification."""
    keys = accepted_keys(organisation)
    counting = set(
        counting_qualifications(organisation, day, keys)
        .filter(company=company)
        .values_list("pk", flat=True)
    )
    result = Verdict(company=company, day=day)
    for qualification in Qualification.objects.visible_to(organisation).filter(company=company):
        if qualification.pk in counting:
            result.counted.append(qualification)
        elif qualification.valid_from > day:
            result.not_counted.append(
                (
                    qualification,
                    _("valid only from %(day)s") % {"day": date_format(qualification.valid_from)},
                )
            )
        elif qualification.valid_until and qualification.valid_until < day:
            result.not_counted.append(
                (
                    qualification,
                    _("expired on %(day)s") % {"day": date_format(qualification.valid_until)},
                )
            )
        elif policy_key(qualification.source, qualification.level) not in keys:
            result.not_counted.append(
                (qualification, _("does not count under your organisation's policy"))
            )
    return result
