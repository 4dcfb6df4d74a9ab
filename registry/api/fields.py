"""Serializer building blocks shared by the registry resources (the spec's camelCase shapes)."""

from datetime import UTC

from rest_framework import serializers

from epdee.core.api.fields import CamelCaseFields


class UtcDateTimeField(serializers.DateTimeField):
    """ISO 8601 in UTC with a Z, as the spec's examples ("2023-10-24T14:15:30.500Z")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("default_timezone", UTC)
        super().__init__(**kwargs)


class StrictCharField(serializers.CharField):
    """A string field that refuses numbers and booleans instead of turning them into text."""

    default_error_messages = {"not_a_string": "Must be a string."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_a_string")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """An integer field that refuses strings, floats and booleans."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


def text(max_length, *, required=True, nullable=False, **kwargs):
    return StrictCharField(
        max_length=max_length,
        required=required,
        allow_null=nullable,
        allow_blank=nullable or not required,
        **kwargs,
    )


class RegistrySerializer(CamelCaseFields, serializers.Serializer):
    # Fields declared in snake_case are named in camelCase in the JSON and the schema, as the spec names them.
    # (A comment: a docstring here would describe every registry schema that has none of its own.)
    pass


class BasicUserSerializer(RegistrySerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    name = serializers.CharField(source="display_name", read_only=True)


class BasicNamedSerializer(RegistrySerializer):
    """{id, name} of an organization, API specification or standard."""

    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)


class BookkeepingSerializer(RegistrySerializer):
    """The spec's BasicResponse: who created and last updated the item, and when."""

    create_time = UtcDateTimeField(read_only=True)
    created_by_user_id = serializers.UUIDField(source="created_by.uuid", read_only=True)
    created_by_user = BasicUserSerializer(source="created_by", read_only=True)
    update_time = UtcDateTimeField(read_only=True)
    updated_by_user_id = serializers.UUIDField(source="updated_by.uuid", read_only=True)
    updated_by_user = BasicUserSerializer(source="updated_by", read_only=True)


class SemVerSerializer(RegistrySerializer):
    major = StrictIntegerField(min_value=0, max_value=2**31 - 1)
    minor = StrictIntegerField(min_value=0, max_value=2**31 - 1)
    patch = StrictIntegerField(min_value=0, max_value=2**31 - 1)
    pre_release = StrictCharField(max_length=255, required=False, allow_blank=True)
    build = StrictCharField(max_length=255, required=False, allow_blank=True)

    def to_internal_value(self, data):
        """The model's sem_ver_* columns (merged into the parent's data: the field has source="*")."""
        validated = super().to_internal_value(data)
        return {f"sem_ver_{key}": value for key, value in validated.items()}

    def to_representation(self, instance):
        body = {
            "major": instance.sem_ver_major,
            "minor": instance.sem_ver_minor,
            "patch": instance.sem_ver_patch,
        }
        if instance.sem_ver_pre_release:
            body["preRelease"] = instance.sem_ver_pre_release
        if instance.sem_ver_build:
            body["build"] = instance.sem_ver_build
        return body


def omit_none(body: dict, *keys: str) -> dict:
    """Drop keys whose value is None where the spec's type is not nullable (e.g. an embedded object)."""
    for key in keys:
        if body.get(key) is None:
            body.pop(key, None)
    return body
