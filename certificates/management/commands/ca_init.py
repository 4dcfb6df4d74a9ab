"""Create the platform's client-certificate CA (5 years; key encrypted with EPDEE_CA_KEY_PASSPHRASE)."""

from django.core.management.base import BaseCommand, CommandError

from certificates import services
from certificates.exceptions import CertificateError


class Command(BaseCommand):
    help = "Create the client-certificate CA if there is none."

    def add_arguments(self, parser):
        parser.add_argument("--name", default="Epdee Client CA")
        parser.add_argument("--key-size", type=int, default=2048, choices=[2048, 3072, 4096])
        parser.add_argument("--if-missing", action="store_true", help="Succeed quietly when a CA exists.")

    def handle(self, *args, name, key_size, if_missing, **options):
        if if_missing and services.CertificateAuthority.objects.filter(is_current=True).exists():
            return
        try:
            ca = services.init_ca(name, key_size=key_size)
        except CertificateError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            self.style.SUCCESS(f"Created {ca.name}, valid until {ca.not_after:%Y-%m-%d} ({ca.fingerprint}).")
        )
