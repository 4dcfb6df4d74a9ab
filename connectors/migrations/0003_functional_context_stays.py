"""Re-sync the catalog: the /f/ functional context is deprecated but not removed (seed 000, 2019-12-17)."""

from django.db import migrations


def resync(apps, schema_editor):
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
    dependencies = [("connectors", "0002_endpoint_catalog")]

    operations = [migrations.RunPython(resync, migrations.RunPython.noop)]
