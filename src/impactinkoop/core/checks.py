"""System checks of the project's own settings, shown by `impactinkoop check`."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def secret_key_kept_in_the_data_folder(app_configs, **kwargs) -> list[Warning]:
    """A key made and kept in one machine's data folder (no SECRET_KEY set) is that machine's
    only: a second web machine would make another, and sessions, password-reset links and
    signed values of one would not hold on the other."""
    key_file = getattr(settings, "SECRET_KEY_FILE", None)
    if not key_file:
        return []
    return [
        Warning(
            f"SECRET_KEY is not set: the key made on this machine is kept in {key_file}.",
            hint="Fine for one machine. A deployment with more than one machine must set the "
            "same SECRET_KEY in the environment of each.",
            id="impactinkoop.W001",
        )
    ]
