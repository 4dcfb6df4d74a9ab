"""camelCase JSON field names for serializers written in Python's snake_case.

The tenant API (seed 004) and the ZorgAPIs registry name their JSON fields in camelCase; the suppliers' API
keeps its published snake_case. `CamelCaseFields` renames a serializer's fields where DRF collects them, so
the JSON, the OpenAPI schema (drf-spectacular reads the same fields) and DRF's validation errors all use the
camelCase name, while the Python side — `source`, `Meta.fields`, `validate_<field>()` — keeps snake_case.

Why not djangorestframework-camel-case: it rewrites every key of every body, data included (a webhook's
payload, a label map), and drf-spectacular's matching hook camelizes the schema of every API at once,
the suppliers' snake_case API included.

`HoneypotField` is the public endpoints' honeypot (the forms' one is in `epdee.core.forms`).
"""

import re

from rest_framework import serializers

_UNDERSCORE = re.compile(r"_([a-z0-9])")


def to_camel(name: str) -> str:
    """birth_date → birthDate; a name without underscores is kept as is."""
    return _UNDERSCORE.sub(lambda match: match.group(1).upper(), name)


# Mix into a Serializer or ModelSerializer (before it) to read and write its fields in camelCase. (A comment, not a
# docstring: drf-spectacular would show an inherited docstring as the description of every serializer.)
class CamelCaseFields:
    def get_fields(self):
        renamed = {}
        for name, field in super().get_fields().items():
            camel = to_camel(name)
            if camel != name and field.source is None:
                field.source = name
            renamed[camel] = field
        return renamed

    def __getattr__(self, name):
        # DRF looks up validate_<JSON name>(); the method is written validate_<snake_case name>().
        if name.startswith("validate_") and name != "validate_":
            snake = "validate_" + re.sub(r"(?<!^)([A-Z])", r"_\1", name.removeprefix("validate_")).lower()
            if snake != name:
                try:
                    return object.__getattribute__(self, snake)
                except AttributeError:
                    pass
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


class CamelCaseFilters:
    """Mix into a django-filter FilterSet (before it): filters declared in snake_case (`patient_id =
    NumberFilter()`, filtering on that field) are read from camelCase query parameters (`?patientId=`)."""

    @classmethod
    def get_filters(cls):
        return {to_camel(name): declared for name, declared in super().get_filters().items()}


class HoneypotField(serializers.CharField):
    """The API's honeypot, the counterpart of `epdee.core.forms.HoneypotField`: optional, never shown to people;
    a client that fills it is answered as usual and nothing is kept (`epdee.core.forms.is_bot(serializer)`)."""

    honeypot = True

    def __init__(self, *, refuse: bool = False, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault(
            "help_text", "Leave empty. (A field people never see; software that fills it in is not a person.)"
        )
        super().__init__(**kwargs)
        self.refuse = refuse

    def to_internal_value(self, data):
        from ..forms import HONEYPOT_REFUSED  # the same words as the page's honeypot

        value = super().to_internal_value(data)
        if self.refuse and value.strip():
            raise serializers.ValidationError(HONEYPOT_REFUSED, code="honeypot")
        return value
