from impactinkoop.accounts.roles import Permission

from .harness import Endpoint

ENDPOINTS = [
    Endpoint("baseline", permission=Permission.VIEW_SPEND, query="year=2025"),
]
