"""Checks for free text that people type: what may not be in it, whatever its length."""

import unicodedata

LINE_BREAKS = {"\n", "\r", "\t"}


def control_characters(value: str, *, multiline: bool = False) -> bool:
    """True if the text holds control characters (NUL, escape, …). A single-line value (a name, a title)
    may hold none; multi-line text may keep line breaks and tabs."""
    return any(unicodedata.category(char) == "Cc" and not (multiline and char in LINE_BREAKS) for char in value)


def hidden_characters(value: str) -> bool:
    """True if the text holds invisible characters that change how the text around them reads: text-direction
    overrides and isolates (U+202A–U+202E, U+2066–U+2069: "invoice", U+202E, "gnp.exe" shows as "invoiceexe.png"),
    zero-width spaces and joiners, the byte-order mark, soft hyphens (Unicode's format category, Cf). A name a
    person reads must read as what it is."""
    return any(unicodedata.category(char) == "Cf" for char in value)
