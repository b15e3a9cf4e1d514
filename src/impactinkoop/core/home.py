"""Panels that apps add to the organisation's home page, so the home page shows where each part
of the work stands without core knowing the apps that provide it."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class HomePanel:
    """`programme`: shown on the home page of members who run the programme (who see the
    steps); False for a panel of the requester's home page (search and their own requests)."""

    template: str
    context: dict = field(default_factory=dict)
    programme: bool = True


_PANELS: list[Callable[[object], HomePanel | None]] = []


def register_home_panel(function):
    """`function(request)` returns a HomePanel, or None when it has nothing to show."""
    _PANELS.append(function)
    return function


def panels_for(request, *, programme: bool = True) -> list[HomePanel]:
    return [
        panel
        for function in _PANELS
        if (panel := function(request)) is not None and panel.programme == programme
    ]
