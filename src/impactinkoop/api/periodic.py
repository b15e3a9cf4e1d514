"""Once a day: the per-minute call counts older than 90 days go (no page shows them)."""

from datetime import timedelta

from impactinkoop.core.schedule import register_periodic


def _forget_old_usage() -> None:
    from .throttling import forget_old_usage

    forget_old_usage()


register_periodic("api.usage", every=timedelta(days=1), function=_forget_old_usage)
