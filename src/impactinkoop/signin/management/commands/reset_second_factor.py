"""`impactinkoop reset_second_factor EMAIL`: the operators' way back in for someone who lost
their phone and recovery codes and has no administrator to ask (a platform administrator)."""

from django.core.management.base import BaseCommand, CommandError

from impactinkoop.accounts.models import User
from impactinkoop.signin import twofactor


class Command(BaseCommand):
    help = "Remove a person's authenticator app and recovery codes; they set up a new app."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account has the e-mail address {email}.")
        if twofactor.confirmed_app(user) is None:
            raise CommandError(f"{user.email} has no authenticator app.")
        twofactor.remove_second_factor(user, actor="cli")
        self.stdout.write(f"{user.email} sets up a new authenticator app at the next sign-in.")
