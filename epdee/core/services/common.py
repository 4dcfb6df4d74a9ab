"""What the kernel's services share: a model's own validation turned into the one application error."""

from django.core.exceptions import ValidationError

from ..errors import NON_FIELD, Invalid


def invalid(error: ValidationError) -> Invalid:
    """Invalid with every field's messages, from Django's ValidationError (full_clean, a validator)."""
    if hasattr(error, "error_dict"):
        return Invalid.collect(error.message_dict)
    code = next((item.code for item in error.error_list if item.code), None)
    return Invalid.collect({NON_FIELD: error.messages}, code=code)


def full_clean(instance, *, exclude=None) -> None:
    """The row's own rules (field formats, uniqueness, constraints); raises Invalid naming every field at fault."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise invalid(error) from error
