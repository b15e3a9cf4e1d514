"""The social-return app's periodic work (`core.schedule`), once a day: the reminders, and the
reduction of participant data whose retention period ended (so it happens without anyone
having to remember `reduce_sroi_participants`)."""

from datetime import timedelta

from impactinkoop.core.schedule import register_periodic


def _reminders() -> None:
    from .reminders import send_due_reminders

    send_due_reminders()


def _retention() -> None:
    from .retention import reduce_participants

    reduce_participants()


register_periodic("sroi.reminders", every=timedelta(days=1), function=_reminders)
register_periodic("sroi.retention", every=timedelta(days=1), function=_retention)
