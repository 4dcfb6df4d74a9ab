"""Customer codes of care organisations' environments (seed 001).

TE1002 is the development environment (the platform's sandbox), TE + 4 digits a staging environment,
CF, DF or MF + 4 digits a production environment.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models

DEVELOPMENT_CODE = "TE1002"
# ASCII digits only: \d would also accept other scripts' digits.
CODE_PATTERN = re.compile(r"^(TE|CF|DF|MF)([0-9]{4})$")
# The same rule for database CHECK constraints.
CODE_REGEX = r"^(TE|CF|DF|MF)[0-9]{4}$"
PRODUCTION_PREFIXES = ("CF", "DF", "MF")


class EnvironmentKind(models.TextChoices):
    DEVELOPMENT = "development", "Development"
    STAGING = "staging", "Staging"
    PRODUCTION = "production", "Production"


@dataclass(frozen=True)
class CustomerCode:
    code: str
    kind: EnvironmentKind
    number: str


def normalise(raw: str) -> str:
    return (raw or "").strip().upper()


def parse_customer_code(raw: str) -> CustomerCode:
    """Parse a customer code, tolerating case and surrounding spaces; raise ValidationError if malformed."""
    code = normalise(raw)
    match = CODE_PATTERN.match(code)
    if not match:
        raise ValidationError(
            "“%(value)s” is not a customer code: use TE1002 for development, TE followed by 4 digits "
            "for staging, or CF, DF or MF followed by 4 digits for production.",
            code="invalid_customer_code",
            params={"value": (raw or "").strip()[:20]},
        )
    prefix, number = match.groups()
    if code == DEVELOPMENT_CODE:
        kind = EnvironmentKind.DEVELOPMENT
    elif prefix == "TE":
        kind = EnvironmentKind.STAGING
    else:
        kind = EnvironmentKind.PRODUCTION
    return CustomerCode(code=code, kind=kind, number=number)
