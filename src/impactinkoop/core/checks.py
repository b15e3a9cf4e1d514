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


@register(Tags.staticfiles)
def front_end_packages_in_place(app_configs, **kwargs) -> list[Warning]:
    """The component CSS comes from npm tarballs that the package build fetches (decision 0016);
    a checkout whose build step never ran, or whose files were deleted, serves pages without it."""
    from . import assets

    try:
        missing = assets.missing_assets()
    except (OSError, KeyError, ValueError) as error:  # an unreadable or broken assets.toml
        missing_names = f"assets.toml cannot be read ({error})"
    else:
        if not missing:
            return []
        missing_names = ", ".join(f"{package.name} {package.version}" for package in missing)
    return [
        Warning(
            f"Front-end packages missing from {assets.VENDOR_ROOT}: {missing_names}.",
            hint="Run `impactinkoop fetch_assets` (or `make assets`, or reinstall the package); "
            "pages look unstyled without them.",
            id="impactinkoop.W002",
        )
    ]
