"""TenantApplication now belongs to the platform app (its 0001): core forgets the model, the table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_tenant_applications"),
        ("platform", "0001_tenant_applications"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="TenantApplication")],
            database_operations=[],
        ),
    ]
