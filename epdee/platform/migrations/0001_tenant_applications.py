"""TenantApplication moves from epdee.core to the platform app without touching its table.

The model keeps its table (core_tenantapplication) and every row: this migration only tells Django's state that
the platform app owns it now; core's 0007 removes it from core's state. The content type is renamed, so staff
keep the admin permissions they had on applications.
"""

from django.db import migrations, models


def _rename_content_type(apps, from_label, to_label):
    content_types = apps.get_model("contenttypes", "ContentType")
    if content_types.objects.filter(app_label=to_label, model="tenantapplication").exists():
        return
    content_types.objects.filter(app_label=from_label, model="tenantapplication").update(app_label=to_label)


def to_platform(apps, schema_editor):
    _rename_content_type(apps, "core", "platform")


def to_core(apps, schema_editor):
    _rename_content_type(apps, "platform", "core")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0006_tenant_applications"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TenantApplication",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("organisation_name", models.CharField(max_length=200)),
                        ("contact_name", models.CharField(max_length=200)),
                        ("email", models.EmailField(max_length=254)),
                        ("phone", models.CharField(blank=True, max_length=30)),
                        ("kvk_number", models.CharField(blank=True, max_length=8, verbose_name="KvK number")),
                        ("message", models.TextField(blank=True, max_length=4000)),
                        (
                            "status",
                            models.CharField(
                                choices=[("pending", "Pending"), ("approved", "Approved"), ("rejected", "Rejected")],
                                default="pending",
                                max_length=10,
                            ),
                        ),
                        ("ip_address", models.GenericIPAddressField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        "db_table": "core_tenantapplication",
                        "ordering": ["-created_at"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(to_platform, to_core),
    ]
