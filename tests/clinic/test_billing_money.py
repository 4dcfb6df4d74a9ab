"""Cents shown as euros the Dutch way, and euros typed in a form read back as cents."""

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from epdee.clinic.forms.billing import EuroField
from epdee.clinic.money import format_cents

FIELD = EuroField(max_cents=100_000_000, required=False)


@pytest.mark.parametrize(
    ("cents", "text"),
    [
        (16500, "€ 165,00"),
        (0, "€ 0,00"),
        (5, "€ 0,05"),
        (99, "€ 0,99"),
        (123456, "€ 1.234,56"),
        (100_000_000, "€ 1.000.000,00"),
        (-16500, "€ -165,00"),
        (-1, "€ -0,01"),
        (None, ""),
    ],
)
def test_cents_become_euros(cents, text):
    assert format_cents(cents) == text


@pytest.mark.parametrize(
    ("typed", "cents"),
    [("165", 16500), ("165,00", 16500), ("1.234,50", 123450), ("€ 12.5", 1250), ("0,05", 5), ("", 0)],
)
def test_typed_euros_become_cents(typed, cents):
    assert FIELD.clean(typed) == cents


@pytest.mark.parametrize("typed", ["12,345", "-1", "1e30", "NaN", "tien", "1000000,01", "1.234"])
def test_amounts_that_are_not_money_are_refused(typed):
    with pytest.raises(forms.ValidationError):
        FIELD.clean(typed)


@given(st.text(max_size=30))
def test_any_text_is_cents_or_a_validation_error(typed):
    try:
        cents = FIELD.clean(typed)
    except forms.ValidationError:
        return
    assert isinstance(cents, int) and 0 <= cents <= 100_000_000


@given(st.integers(min_value=0, max_value=100_000_000))
def test_what_is_shown_reads_back(cents):
    assert FIELD.clean(format_cents(cents)) == cents
