"""Load the endpoint catalog and seed 000's deprecations (connectors/catalog_data.py) into the database."""

from django.db import migrations


def load_catalog(apps, schema_editor):
    from connectors.services.catalog import sync_catalog
    from epdee.core.permissions import SYSTEM

    sync_catalog(
        apps.get_model("connectors", "ApiModel"),
        apps.get_model("connectors", "ApiModelField"),
        apps.get_model("connectors", "Endpoint"),
        by=SYSTEM,
        using=schema_editor.connection.alias,
    )


class Migration(migrations.Migration):
    """Later changes to the catalog data ship as new migrations calling sync_catalog again; it is idempotent,
    so on a fresh database this one already loads the newest data and those change nothing."""

    dependencies = [
        ("connectors", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_catalog, migrations.RunPython.noop, elidable=False),
    ]
