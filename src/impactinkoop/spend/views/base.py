"""What the pages of spend share."""


def id_or_zero(value) -> int:
    """A number from the query string; anything else (or a number too large) is no id."""
    return int(value) if value and value.isdigit() and len(value) < 19 else 0
