"""Give every user a UUID for the APIs (existing users get a fresh one each)."""
import uuid

from django.db import migrations, models


def fill_uuids(apps, schema_editor):
    User = apps.get_model("core", "User")
    for user in User.objects.filter(uuid__isnull=True).only("pk"):
        User.objects.filter(pk=user.pk).update(uuid=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_verify_schedule")]

    operations = [
        migrations.AddField(model_name="user", name="uuid", field=models.UUIDField(null=True, editable=False)),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
