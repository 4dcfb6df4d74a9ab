"""What every database benchmark starts with: its own PostgreSQL database (created if missing), Django, migrations.

Imported by the scripts in bench/ as `from postgres import ...` (Python puts the script's folder on the path).
"""

import os
import sys


def require_postgres() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (it is created and filled if needed).")


def ensure_database() -> None:
    from urllib.parse import urlparse, urlunparse

    import psycopg

    parsed = urlparse(os.environ["DATABASE_URL"])
    name = parsed.path.lstrip("/")
    with psycopg.connect(urlunparse(parsed._replace(path="/postgres")), autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def start_django() -> None:
    """Create the database if needed, set Django up and migrate it."""
    require_postgres()
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
