"""Suppliers, the register and goals. Every role may look up the register and read the plan, so
those endpoints name no permission here: there is no role to refuse (the views still check
theirs, `register.view` and `plan.view`)."""

from datetime import date

from impactinkoop.accounts.roles import Permission
from impactinkoop.plans.models import Goal, Metric
from impactinkoop.registry.models import Company
from impactinkoop.spend.models import Supplier

from .harness import Endpoint


def _supplier(org, user) -> dict:
    supplier = Supplier.objects.create(organisation=org, key="n:1001", name="De Werkplaats B.V.")
    return {"pk": supplier.pk}


def _company(org, user) -> dict:
    Company.objects.create(kvk_number="01234567", name="De Werkplaats B.V.")
    return {}


def _verdict(org, user) -> dict:
    _company(org, user)
    return {"kvk": "01234567"}


def _goal(org, user) -> dict:
    goal = Goal.objects.create(
        organisation=org,
        title="Tien contracten met social return",
        metric=Metric.NUMBER,
        target_value=10,
        deadline=date(2030, 12, 31),
    )
    return {"pk": goal.pk}


ENDPOINTS = [
    Endpoint("suppliers", permission=Permission.VIEW_SPEND),
    Endpoint("supplier", permission=Permission.VIEW_SPEND, setup=_supplier),
    Endpoint("register_companies", query="kvk=01234567", setup=_company),
    Endpoint("register_verdict", query="on=2025-06-30", setup=_verdict),
    Endpoint("goals"),
    Endpoint("goal", setup=_goal),
]
