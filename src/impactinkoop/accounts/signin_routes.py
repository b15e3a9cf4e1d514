"""Rules that send a person elsewhere than the password login, registered by the apps above
accounts (single sign-on: `sso.password_rule`); accounts may not import them (the layers).

A rule takes the user whose password was just found correct and returns None, or the message
that says where this person signs in instead."""

from collections.abc import Callable

_RULES: list[Callable[[object], str | None]] = []


def register(rule: Callable[[object], str | None]) -> None:
    if rule not in _RULES:
        _RULES.append(rule)


def password_refusal(user) -> str | None:
    """The first rule's message that refuses this user a password login, or None."""
    for rule in _RULES:
        message = rule(user)
        if message:
            return message
    return None
