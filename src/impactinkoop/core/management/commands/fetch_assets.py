"""`impactinkoop fetch_assets`: put the pinned front-end packages of core/assets.toml in place
again, for a checkout whose files went missing or after a version change (decision 0016)."""

from django.core.management.base import BaseCommand, CommandError

from impactinkoop.core import assets


class Command(BaseCommand):
    help = (
        "Fetch the front-end packages listed in core/assets.toml (from the cache, else the npm "
        "registry), check their integrity hashes and place their files under static/vendor/."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="write the files again even if they are there"
        )
        parser.add_argument(
            "--test",
            action="store_true",
            help="also fetch the test-only packages (axe-core) into the cache",
        )

    def handle(self, *args, **options):
        try:
            written = assets.install_assets(force=options["force"])
            test_files = [
                assets.test_asset_path(package.name, path)
                for package in assets.load_packages()
                if options["test"] and package.test_only
                for path in package.files
            ]
        except assets.AssetError as error:
            raise CommandError(str(error)) from error
        for package in written:
            self.stdout.write(f"Installed {package.name} {package.version}")
        for path in test_files:
            self.stdout.write(f"Test file ready: {path}")
        if not written:
            self.stdout.write(f"The front-end packages are in place ({assets.VENDOR_ROOT}).")
