"""Helpers the registry services share: authorising, writing fields with bookkeeping, auditing."""

from django.utils.translation import gettext as _

from epdee.core.audit import record_event
from epdee.core.errors import PermissionDenied
from epdee.core.permissions import Actor, require


def authorise(by, permission: str, obj=None) -> Actor:
    """require() the permission; registry rows name their author, so the actor must be a person."""
    actor = require(by, permission, obj)
    if actor.user is None:
        raise PermissionDenied(_("Sign in first."))
    return actor


def apply_changes(obj, changes: dict, actor: Actor) -> bool:
    """Set the changed fields, stamp the update and save; False when nothing changed."""
    changed = [field for field, value in changes.items() if getattr(obj, field) != value]
    if not changed:
        return False
    for field in changed:
        setattr(obj, field, changes[field])
    obj.touch(actor.user)
    obj.save()
    return True


def create(model, fields: dict, actor: Actor):
    return model.objects.create(**fields, created_by=actor.user, updated_by=actor.user)


def touch(obj, actor: Actor) -> None:
    """Stamp an update of the row's relations (links, care types) on the row itself."""
    obj.touch(actor.user)
    obj.save(update_fields=["update_time", "updated_by"])


def audit(action: str, obj, actor: Actor, **details):
    record_event(f"registry.{action}", actor=actor, obj=obj, details={k: str(v) for k, v in details.items()})
