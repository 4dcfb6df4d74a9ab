"""Load (or reload) the Nictiz API requirements markdown into the registry as an API requirements version."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from epdee.core.errors import ApplicationError
from registry import services


class Command(BaseCommand):
    help = (
        "Load the Nictiz API requirements from a folder of markdown (e.g. ../shared/zorgapis/api-requirements-1.2.0) "
        "as an API requirements version. Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Folder with the requirement documents (api-design-rules.md, ...).")
        parser.add_argument("--version-name", default="1.2.0", help="The version's name, a SemVer (default 1.2.0).")
        parser.add_argument(
            "--as-user",
            metavar="EMAIL",
            help="Act as this user, one of the platform staff (default: the first active superuser).",
        )

    def handle(self, *args, folder, version_name, as_user=None, **options):
        path = Path(folder)
        if not path.is_dir():
            raise CommandError(f"No such folder: {path}. Give the folder that holds api-design-rules.md and the rest.")
        user = self._acting_user(as_user)
        try:
            report = services.load_api_requirements(path, by=user, version_name=version_name)
        except ApplicationError as exc:  # an unreadable document, or a user who may not publish requirements
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(str(report)))

    def _acting_user(self, email):
        users = get_user_model().objects.filter(is_active=True)
        if email:
            user = users.filter(email__iexact=email).first()
            if user is None:
                raise CommandError(f"No active user with e-mail address {email}.")
            return user
        user = users.filter(is_superuser=True).order_by("pk").first()
        if user is None:
            raise CommandError("No active superuser to record the change as; create one or pass --as-user EMAIL.")
        return user
