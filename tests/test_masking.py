"""Account-number masking for documents and reports (debtdesk.masking)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from debtdesk.masking import mask_account, mask_text


@pytest.mark.parametrize("value, masked", [
    ("12345678", "****5678"),
    (12345678, "****5678"),
    (12345678.0, "****5678"),  # a number cell
    ("00012345678", "*******5678"),  # leading zeros are characters of the number, masked too
    ("4111-1111-1111-1111", "****-****-****-1111"),  # Visa test card number, separators kept
    ("GB29 NWBK 6016 1331 9268 19", "**** **** **** **** **68 19"),  # the IBAN example of ISO 13616
    ("ACC-000991", "***-**0991"),
    ("1234", "**34"),  # never more than half shown
    ("7", "*"),
    ("", ""),
    (None, None),
])
def test_mask_account(value, masked):
    assert mask_account(value) == masked


def test_visible_and_mask_character():
    assert mask_account("12345678", visible=2, mask="#") == "######78"
    assert mask_account("12345678", visible=0) == "********"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 -ABCXYZ", min_size=1, max_size=40))
def test_masked_number_reveals_only_its_tail(value):
    masked = mask_account(value)
    assert len(masked) == len(value)
    alnum = [i for i, ch in enumerate(value) if ch.isalnum()]
    shown = [i for i in alnum if masked[i] != "*"]
    assert len(shown) <= min(4, len(alnum) // 2)
    assert shown == alnum[len(alnum) - len(shown):]  # only trailing characters are shown
    assert all(masked[i] == value[i] for i in range(len(value)) if i not in alnum)  # separators kept


@pytest.mark.parametrize("text, masked", [
    ("Your account 12345678 is 31 days overdue.", "Your account ****5678 is 31 days overdue."),
    ("Card 4111 1111 1111 1111 and card 5500-0000-0000-0004",
     "Card **** **** **** 1111 and card ****-****-****-0004"),
    ("Due 2024-01-31, invoice INV-1002, 1,234,567.89 owed, phone 0113 496 0000",
     "Due 2024-01-31, invoice INV-1002, 1,234,567.89 owed, phone **** *** 0000"),
    ("Reference 1234567 (seven digits) stays", "Reference 1234567 (seven digits) stays"),
    ("", ""),
    (None, None),
])
def test_mask_text(text, masked):
    assert mask_text(text) == masked


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"\A[0-9]{8,19}\Z"), st.text(alphabet="abc ,.", max_size=10), st.text(alphabet="abc ,.", max_size=10))
def test_no_account_number_survives_in_text(number, before, after):
    masked = mask_text(f"{before} {number} {after}")
    assert number not in masked and number[-4:] in masked
