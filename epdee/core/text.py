"""Checks for free text that people type: what may not be in it, whatever its length."""

import unicodedata

LINE_BREAKS = {"\n", "\r", "\t"}


def control_characters(value: str, *, multiline: bool = False) -> bool:
    """True if the text holds control characters (NUL, escape, …). A single-line value (a name, a title)
    may hold none; multi-line text may keep line breaks and tabs."""
    return any(unicodedata.category(char) == "Cc" and not (multiline and char in LINE_BREAKS) for char in value)
