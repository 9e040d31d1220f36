"""Ageing engine: conventions of DESIGN.md §3, tie-outs to the cent, bad input."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from debtdesk.collections import age_bucket, age_days, ageing, ageing_detail, bucket_labels
from debtdesk.errors import DebtDeskError

AS_OF = "2024-03-31"


def ledger():
    return pd.DataFrame({
        "Customer": ["Acme", "Acme", "Acme", "Bolt", "Bolt", "Cove", "Acme"],
        "Invoice": ["I1", "I2", "I3", "I4", "PAY-1", "I5", "I6"],
        "Invoice Date": ["2023-11-01", "2024-02-01", "2024-03-01", "2024-01-15", "2024-03-10", "2024-03-31", "2024-01-01"],
        "Due Date": ["2023-12-01", "2024-03-01", None, "2024-02-14", None, "2024-04-30", "2024-01-31"],
        "Amount": [1000.00, 500.00, 200.00, 300.00, -120.00, 80.00, 100.00],
        "Paid": [250.00, 0, 0, 300.00, 0, 0, 0],
        "Credit": [0, 100.00, 0, 0, 0, 0, 0],
    })


def test_buckets_follow_the_pinned_conventions():
    assert bucket_labels() == ["Current", "1-30", "31-60", "61-90", "91+"]
    assert age_days("2024-03-31", AS_OF) == 0 and age_bucket("2024-03-31", AS_OF) == "Current"
    assert [age_bucket(d, AS_OF) for d in ("2024-03-30", "2024-03-01", "2024-02-29", "2024-01-01", "2023-12-31")] \
        == ["1-30", "1-30", "31-60", "61-90", "91+"]
    assert age_days(45322, date(2024, 3, 31)) == 60  # serial 45322 = 2024-01-31


def test_report_nets_payments_and_credits_and_shows_unallocated():
    report = ageing(ledger(), AS_OF).set_index("Customer")
    # Acme: I1 750 (121 days), I2 400 (30 days), I3 200 due-date missing -> invoice date (30 days), I6 100 (60 days)
    assert report.loc["Acme"].to_dict() == {"Current": 0.0, "1-30": 600.0, "31-60": 100.0, "61-90": 0.0,
                                             "91+": 750.0, "Unallocated": 0.0, "Total": 1450.0}
    # Bolt: I4 fully paid (closed); PAY-1 is a payment on account
    assert report.loc["Bolt", "Unallocated"] == -120.0 and report.loc["Bolt", "Total"] == -120.0
    assert report.loc["Cove", "Current"] == 80.0
    assert list(report.index) == ["Acme", "Bolt", "Cove"]


def test_invoice_basis_ages_from_invoice_date():
    report = ageing(ledger(), AS_OF, basis="invoice").set_index("Customer")
    assert report.loc["Acme", "91+"] == 750.0 and report.loc["Acme", "61-90"] == 100.0  # I6 invoiced 90 days ago
    assert report.loc["Cove", "Current"] == 80.0


def test_detail_lists_open_items_with_days_and_bucket():
    detail = ageing_detail(ledger(), AS_OF)
    assert detail["Invoice"].tolist() == ["I1", "I2", "I3", "PAY-1", "I5", "I6"]
    assert detail.set_index("Invoice").loc["PAY-1", "Bucket"] == "Unallocated"
    assert detail.set_index("Invoice").loc["I1", "Days"] == 121


@pytest.mark.parametrize("seed", range(5))
def test_random_ledgers_tie_out_to_the_cent_for_random_edges(seed):
    rng = np.random.default_rng(seed)
    n = 2000
    edges = tuple(np.cumsum(rng.integers(1, 60, rng.integers(1, 6))).tolist())
    due = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(-200, 200, n), unit="D")
    frame = pd.DataFrame({"Customer": rng.choice([f"C{i}" for i in range(40)], n), "Invoice": np.arange(n).astype(str),
                          "Invoice Date": due - pd.Timedelta(days=30), "Due Date": due,
                          "Amount": rng.integers(-5000, 100000, n) / 100, "Paid": rng.integers(0, 3000, n) / 100,
                          "Credit": rng.integers(0, 500, n) / 100})
    report = ageing(frame, "2024-01-01", edges)
    assert list(report.columns[1:-2]) == bucket_labels(edges)
    cents = np.rint(report.drop(columns="Customer").to_numpy() * 100).astype(np.int64)
    assert (cents[:, :-1].sum(axis=1) == cents[:, -1]).all()
    dated = frame["Invoice Date"] <= pd.Timestamp("2024-01-01")  # later items did not exist yet: left out
    ledger_cents = int(np.rint((frame["Amount"] - frame["Paid"] - frame["Credit"])[dated] * 100).sum())
    assert cents[:, -1].sum() == ledger_cents
    # cross-check the vectorised buckets against the scalar function on a sample of rows
    detail = ageing_detail(frame, "2024-01-01", edges)
    for _, row in detail[detail["Outstanding"] > 0].head(50).iterrows():
        assert row["Bucket"] == age_bucket(row["Due Date"], "2024-01-01", edges)


def test_headers_by_synonym_and_excel_serials():
    frame = pd.DataFrame({"client": ["A"], "ref": ["1"], "posting date": [45292.0], "due": [45322.0],
                          "invoiced": ["1,000.50"], "amount paid": [None]})
    assert ageing(frame, 45382.0)["31-60"].tolist() == [1000.5]


@pytest.mark.parametrize("change, message", [
    (lambda f: f.drop(columns="Due Date"), "ledger: missing column Due Date (found 'Customer', 'Invoice'"),
    (lambda f: f.assign(Amount=["abc"] + [1.0] * 6), "ledger row 1: Amount 'abc' is not a number"),
    (lambda f: f.assign(Amount=[1.0, "#N/A"] + [1.0] * 5), "ledger row 2: Amount holds the Excel error #N/A"),
    (lambda f: f.assign(Customer=["A", None] + ["B"] * 5), "ledger row 2: Customer is empty"),
    (lambda f: f.assign(**{"Due Date": ["2024-02-30"] + [None] * 6}), "ledger row 1: Due Date '2024-02-30' is not a real date"),
    (lambda f: f.assign(**{"Due Date": [None] * 7, "Invoice Date": [None] * 7}),
     "ledger row 1: needs a Due Date or an Invoice Date to age an open item"),
])
def test_bad_ledgers_name_row_and_expectation(change, message):
    with pytest.raises(DebtDeskError) as error:
        ageing(change(ledger()), AS_OF)
    assert str(error.value).startswith(message)


@pytest.mark.parametrize("kwargs, message", [
    ({"edges": (60, 30)}, "edges: 30 must be greater than the edge before it (60)"),
    ({"edges": (0, 30)}, "edges row 1: 0 must be a whole number of days of at least 1"),
    ({"edges": ()}, "edges: needs at least one edge"),
    ({"basis": "posting"}, "basis: 'posting' is not one of due, invoice"),
    ({"as_of": "31/03/2024"}, "as_of: '31/03/2024' is not a date"),
])
def test_bad_arguments(kwargs, message):
    args = {"as_of": AS_OF, **kwargs}
    with pytest.raises(DebtDeskError) as error:
        ageing(ledger(), **args)
    assert str(error.value).startswith(message)


def test_a_long_column_of_python_string_ids_ages_the_same_through_arrow(monkeypatch):
    """From ARROW_FROM rows, object-dtype ids are hashed in Arrow: same report, same error row as the object path."""
    from debtdesk.collections import _frames

    rng = np.random.default_rng(5)
    rows = _frames.ARROW_FROM
    ledger = pd.DataFrame({
        "Customer": np.array([f"C{n:04d} " if n % 7 else f" c{n:04d}" for n in rng.integers(0, 3000, rows)], dtype=object),
        "Invoice": np.arange(rows).astype(str).astype(object), "Invoice Date": "2026-01-05", "Due Date": None,
        "Amount": np.round(rng.uniform(-50, 900, rows), 2)})
    through_arrow = ageing(ledger, "2026-06-30")
    monkeypatch.setattr(_frames, "ARROW_FROM", rows + 1)
    assert through_arrow.equals(ageing(ledger, "2026-06-30"))
    assert through_arrow["Total"].sum() == pytest.approx(ledger["Amount"].sum(), abs=1e-6)
    ledger.loc[70_000, "Customer"] = None
    for limit in (rows, rows + 1):
        monkeypatch.setattr(_frames, "ARROW_FROM", limit)
        with pytest.raises(DebtDeskError, match=r"^ledger row 70001: Customer is empty$"):
            ageing(ledger, "2026-06-30")


def test_python_ids_shared_as_a_csv_reader_gives_them_age_as_ids_made_one_by_one():
    """A long column of ids sharing one Python object per id (pandas' CSV reader with dtype=object, openpyxl) is
    coded by object: the same report, and an Excel error or an empty id refused at the same row, as one object a cell."""
    import io

    from debtdesk.collections import _frames

    rng = np.random.default_rng(9)
    rows = _frames.ARROW_FROM
    ids = [f"C{n:04d} " if n % 7 else f" c{n:04d}" for n in rng.integers(0, 3000, rows)]
    ids[60_000] = ids[80_000] = "#REF!"  # an Excel error first on row 60,001
    one_by_one = pd.DataFrame({"Customer": np.array(ids, dtype=object), "Invoice": np.arange(rows).astype(str).astype(object),
                               "Invoice Date": "2026-01-05", "Due Date": None, "Amount": np.round(rng.uniform(-50, 900, rows), 2)})
    shared = one_by_one.assign(Customer=pd.read_csv(io.StringIO("Customer\n" + "\n".join(f'"{i}"' for i in ids)),
                                                    dtype=object, keep_default_na=False)["Customer"])
    assert shared["Customer"].tolist() == ids and len(set(map(id, shared["Customer"]))) < rows // 2
    assert _frames.shared_objects(shared["Customer"].to_numpy()) is not None
    assert _frames.shared_objects(one_by_one["Customer"].to_numpy()) is None
    for table in (one_by_one, shared):
        with pytest.raises(DebtDeskError, match=r"^ledger row 60001: Customer holds the Excel error #REF!$"):
            ageing(table, "2026-06-30")
    for table in (one_by_one, shared):
        table.loc[[60_000, 80_000], "Customer"] = "C0001 "
    report = ageing(shared, "2026-06-30")
    assert report.equals(ageing(one_by_one, "2026-06-30"))
    assert report["Total"].sum() == pytest.approx(one_by_one["Amount"].sum(), abs=1e-6)
    for table in (one_by_one, shared):
        table.loc[[70_000, 90_000], "Customer"] = None
        with pytest.raises(DebtDeskError, match=r"^ledger row 70001: Customer is empty$"):
            ageing(table, "2026-06-30")


@pytest.mark.parametrize("rows", [2, 600_000])  # in one thread, and with the invoice numbers stripped beside it
def test_an_invoice_number_with_half_a_character_is_refused_by_its_row(rows):
    """A lone UTF-16 surrogate (what broken copying leaves of an emoji or an accented letter) cannot be held as
    text to compare invoice numbers by: the ledger is refused naming the row and the number, not crashed on."""
    invoices = pd.Series([f"INV-{i}" for i in range(rows)], dtype=object)
    invoices.iloc[rows - 1] = "INV-\ud83d"
    ledger = pd.DataFrame({"Customer": "Acme Ltd", "Invoice": invoices, "Invoice Date": pd.Timestamp("2026-09-01"),
                           "Due Date": pd.Timestamp("2026-10-01"), "Amount": 10.0})
    with pytest.raises(DebtDeskError, match=rf"^ledger row {rows}: Invoice 'INV-\\ud83d' holds half of a character"):
        ageing(ledger, "2026-11-01")
