"""Amounts are kept in cents; people read euros the Dutch way: 16500 → "€ 165,00", 123456 → "€ 1.234,56"."""


def format_cents(cents: int | None) -> str:
    """Euros with a decimal comma and thousands dots; a credit shows its minus after the euro sign."""
    if cents is None:
        return ""
    euros, rest = divmod(abs(int(cents)), 100)
    sign = "-" if cents < 0 else ""
    return f"€ {sign}{euros:,}".replace(",", ".") + f",{rest:02d}"
