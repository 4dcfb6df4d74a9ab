"""Write the CA chain nginx verifies client certificates against (deploy/nginx: ssl_client_certificate)."""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from certificates import selectors


class Command(BaseCommand):
    help = "Write every valid client-certificate CA to a PEM file; exit code 3 when the file changed (reload nginx)."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="e.g. /etc/epdee/tls/client-ca-chain.pem")

    def handle(self, *args, output, **options):
        chain = selectors.chain_pem()
        if not chain:
            raise CommandError("There is no valid CA yet: run `manage.py ca_init` first.")
        target = Path(output)
        if target.exists() and target.read_text() == chain:
            self.stdout.write(f"{target} is up to date.")
            return
        # Written next to the target and renamed, so nginx never reads half a chain.
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".ca-chain-")
        with os.fdopen(handle, "w") as stream:
            stream.write(chain)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
        count = chain.count("BEGIN CERTIFICATE")
        self.stdout.write(self.style.SUCCESS(f"Wrote {count} CA certificate(s) to {target}."))
        raise SystemExit(3)
