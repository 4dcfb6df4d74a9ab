"""Create the successor CA (seed 000, 2019-03-26): it signs from now on, the old one stays valid."""

from django.core.management.base import BaseCommand, CommandError

from certificates import services
from epdee.core.errors import ApplicationError
from epdee.core.permissions import Actor

# The operator on the server acts as the platform; the audit log names the command.
OPERATOR = Actor(label="manage.py ca_rotate", system=True)


class Command(BaseCommand):
    help = "Rotate the client-certificate CA; both chains stay published until the old one expires."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="e.g. 'Epdee Client CA 2031'")
        parser.add_argument("--key-size", type=int, default=2048, choices=[2048, 3072, 4096])

    def handle(self, *args, name, key_size, **options):
        try:
            ca = services.rotate_ca(name, key_size=key_size, by=OPERATOR)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        old = ca.predecessor
        self.stdout.write(
            self.style.SUCCESS(f"{ca.name} signs from now on; {old.name} stays valid until {old.not_after:%Y-%m-%d}.")
        )
        self.stdout.write("Reissue production certificates under the new CA from the admin (Issued certificates).")
