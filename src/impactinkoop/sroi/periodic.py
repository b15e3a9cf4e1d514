"""The social-return app's periodic work (`core.schedule`): the reminders, once a day."""

from datetime import timedelta

from impactinkoop.core.schedule import register_periodic


def _reminders() -> None:
    from .reminders import send_due_reminders

    send_due_reminders()


register_periodic("sroi.reminders", every=timedelta(days=1), function=_reminders)
