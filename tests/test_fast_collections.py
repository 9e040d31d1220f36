"""The collections engine's fast paths give what the plain reading gives (issue 15)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from debtdesk.collections import ageing
from debtdesk.errors import DebtDeskError


def _ledger(customers, invoices) -> pd.DataFrame:
    n = len(customers)
    return pd.DataFrame({"Customer": customers, "Invoice": invoices, "Invoice Date": ["2024-01-01"] * n,
                         "Due Date": ["2024-01-31"] * n, "Amount": [100.0] * n})


def _first_duplicate(customers, invoices):
    """The plain reading: the first row whose (customer, invoice) came before, and that earlier row (1-based data rows)."""
    seen = {}
    for row, key in enumerate(zip(customers, invoices), 2):
        if key[1] == "":
            continue
        if key in seen:
            return row, seen[key]
        seen[key] = row
    return None


# Invoice numbers that share their first and last eight bytes and their length, but differ inside.
_ALIKE = ["INV-2024-000001-X", "INV-2024-100001-X", "INV-2024-000001-X", "Rechnung Nr. 0001 ä", "Rechnung Nr. 9001 ä"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Acme Ltd", "Brook & Co", "Ça va SARL"]),
                          st.one_of(st.sampled_from(_ALIKE + ["1", "2", "INV-1", "€-7", ""]),
                                    st.text(alphabet="AB1é-", max_size=20))),
                min_size=1, max_size=12))
def test_the_duplicate_check_refuses_exactly_the_repeated_documents(rows):
    customers = [c for c, _ in rows]
    invoices = [i.strip() for _, i in rows]
    expected = _first_duplicate(customers, invoices)
    frame = _ledger(customers, invoices)
    frame.index = range(2, len(frame) + 2)  # data rows as a sheet numbers them
    if expected is None:
        assert ageing(frame, "2024-06-30")["Total"].sum() == 100.0 * len(rows)
    else:
        row, first = expected
        with pytest.raises(DebtDeskError, match=rf"^ledger row {row}: invoice '.*' of '.*' is already on row {first} "):
            ageing(frame, "2024-06-30")


def test_long_invoice_numbers_alike_at_both_ends_are_not_duplicates():
    frame = _ledger(["Acme Ltd"] * 2, ["INV-2024-000001-X", "INV-2024-100001-X"])
    assert ageing(frame, "2024-06-30")["Total"].tolist() == [200.0]
    frame = _ledger(["Acme Ltd"] * 3, ["INV-2024-000001-X", "INV-2024-100001-X", "INV-2024-100001-X"])
    with pytest.raises(DebtDeskError, match=r"row 3: invoice 'INV-2024-100001-X' of 'Acme Ltd' is already on row 2"):
        ageing(frame, "2024-06-30")
