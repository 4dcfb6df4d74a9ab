"""TenantApplication moved from epdee.core to the platform app: a database migrated before the move keeps its
table, its rows and the admin permissions on them."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from epdee.platform.models import TenantApplication

BEFORE_THE_MOVE = ("core", "0006_tenant_applications")


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_a_database_migrated_before_the_move_keeps_its_applications():
    permission = Permission.objects.get(codename="change_tenantapplication")
    executor = _migrate([BEFORE_THE_MOVE, ("platform", None)])
    try:
        assert "core_tenantapplication" in connection.introspection.table_names()
        assert ContentType.objects.get(pk=permission.content_type_id).app_label == "core"  # as it was then
        old_model = executor.loader.project_state(BEFORE_THE_MOVE).apps.get_model("core", "TenantApplication")
        kept = old_model.objects.create(
            organisation_name="Praktijk Oud", contact_name="An", email="an@oud.test", status="approved"
        )
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    moved = TenantApplication.objects.get(pk=kept.pk)
    assert (moved.organisation_name, moved.email, moved.status) == ("Praktijk Oud", "an@oud.test", "approved")
    content_type = ContentType.objects.get_for_model(TenantApplication)
    assert (content_type.pk, content_type.app_label) == (permission.content_type_id, "platform")
    assert Permission.objects.get(pk=permission.pk).content_type == content_type  # staff keep their permission
