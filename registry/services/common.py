"""Helpers the registry services share: writing fields with bookkeeping, auditing."""

from epdee.core.audit import record_event


def apply_changes(obj, changes: dict, by) -> bool:
    """Set the changed fields, stamp the update and save; False when nothing changed."""
    changed = [field for field, value in changes.items() if getattr(obj, field) != value]
    if not changed:
        return False
    for field in changed:
        setattr(obj, field, changes[field])
    obj.touch(by)
    obj.save()
    return True


def create(model, fields: dict, by):
    return model.objects.create(**fields, created_by=by, updated_by=by)


def audit(action: str, obj, by, **details):
    record_event(f"registry.{action}", actor=by, obj=obj, details={k: str(v) for k, v in details.items()})
