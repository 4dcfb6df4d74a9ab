"""Walk the audit log's hash chain and name the first broken link (exit status 1 if broken)."""

from django.core.management.base import BaseCommand, CommandError

from epdee.core.audit import verify_chain


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; names the first broken link."

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.intact:
            raise CommandError(f"Audit chain broken after {report.checked} intact events: {report.problem}")
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {report.checked} events verified."))
