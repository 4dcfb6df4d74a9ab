"""Create the platform's client-certificate CA (5 years; key encrypted with EPDEE_CA_KEY_PASSPHRASE)."""

from django.core.management.base import BaseCommand, CommandError

from certificates import selectors, services
from epdee.core.errors import ApplicationError
from epdee.core.permissions import Actor

# The operator on the server acts as the platform; the audit log names the command.
OPERATOR = Actor(label="manage.py ca_init", system=True)


class Command(BaseCommand):
    help = "Create the client-certificate CA if there is none."

    def add_arguments(self, parser):
        parser.add_argument("--name", default="Epdee Client CA")
        parser.add_argument("--key-size", type=int, default=2048, choices=[2048, 3072, 4096])
        parser.add_argument("--if-missing", action="store_true", help="Succeed quietly when a CA exists.")

    def handle(self, *args, name, key_size, if_missing, **options):
        if if_missing and selectors.has_current_authority():
            return
        try:
            ca = services.init_ca(name, key_size=key_size, by=OPERATOR)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            self.style.SUCCESS(f"Created {ca.name}, valid until {ca.not_after:%Y-%m-%d} ({ca.fingerprint}).")
        )
