"""Collections ribbon macros run headless on the sample collections workbook (FileBook)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

import debtdesk.macros  # noqa: F401  (registers the macros)
from debtdesk.collections import contact_check
from debtdesk.errors import DebtDeskError
from debtdesk.macros.registry import run
from debtdesk.macros.workbook import COLLECTIONS_STEPS
from debtdesk.workbooks.samples import SAMPLE_AS_OF, sample_collections_inputs, sample_contacts, sample_ledger
from debtdesk.workbooks.template import collections_workbook


def fill_new_contact(book, row: dict) -> None:
    """Type a row into the NewContact table's first line, as a person would (A4:E4 under its title)."""
    for letter, column in zip("ABCDE", ("Customer", "Contact Time", "Type", "Consultant", "Note")):
        book.write_value("New contact", f"{letter}4", row.get(column))


@pytest.fixture
def book():
    return collections_workbook(sample_ledger(), SAMPLE_AS_OF, **sample_collections_inputs())


def test_collections_steps_run_in_order_and_journal(book):
    assert COLLECTIONS_STEPS == ("refresh_ageing", "check_promises", "build_worklist", "kpi_dashboard")
    assert run("regenerate", book) == list(COLLECTIONS_STEPS)
    actions = book.read_table("Journal")["Action"].tolist()
    assert actions == ["Refresh ageing", "Check promises", "Build worklist", "KPI dashboard", "Regenerate"]


def test_check_promises_statuses_and_kept_rates(book):
    # Worked by hand from promises.csv / payments.csv with 3 tolerance days (see the sample files).
    statuses = run("check_promises", book)
    assert dict(zip(statuses["Customer"], statuses["Status"])) == {
        "Acme Plumbing Ltd": "Broken",  # its only later payment (31 Oct) is after 12 Oct + 3 days
        "Brightside Cafe": "Kept", "Castle Builders": "Broken",  # Castle's payment predates the promise
        "Evergreen Florists": "Partially Kept", "Delta Logistics": "Broken",
        "Granite Dental": "Open", "Harbour Books": "Kept", "@Iris Salon": "Kept"}
    written = book.read_table("Promises")
    assert written.loc[written["Customer"] == "Evergreen Florists", "Paid"].item() == 1087.80
    rates = book.read_table("KeptRate")
    assert rates["Consultant"].tolist() == ["Ana", "Ben", "All"]
    assert rates["Kept rate"].tolist() == pytest.approx([1 / 4, 2 / 3, 3 / 7])


def test_worklist_holds_disputes_and_never_proposes_a_refused_call(book):
    ranked = run("build_worklist", book)
    status = dict(zip(ranked["Customer"], ranked["Status"]))
    assert status["Harbour Books"] == "On hold (dispute)"  # whole-account dispute open
    assert status["Delta Logistics"] == "Call from 2026-11-02"  # 7 calls 26-31 Oct: an 8th breaks 1006.14(b)(2)(i)(A)
    assert status["Castle Builders"] == "Call from 2026-11-04"  # conversation 28 Oct = day 1 of 7
    assert status["@Iris Salon"] == "Call now"  # conversation 25 Oct: 1 Nov is day 8
    contacts = sample_contacts()
    noon = datetime(2026, 11, 1, 12, 0)
    for customer in ranked.loc[ranked["Status"] == "Call now", "Customer"]:
        mine = contacts[contacts["Customer"] == customer]
        calls = mine.loc[mine["Type"].isin(["call", "conversation"]), "Contact Time"].tolist()
        talks = mine.loc[mine["Type"] == "conversation", "Contact Time"].tolist()
        assert contact_check(calls, noon, talks) == "OK", customer
    assert ranked["Rank"].tolist()[:7] == list(range(1, 8))
    assert book.read_table("Worklist")["Customer"].tolist() == ranked["Customer"].tolist()


def test_log_contact_appends_journals_clears_and_reranks(book):
    run("regenerate", book)
    before = len(book.read_table("Contacts"))
    fill_new_contact(book, {"Customer": "@Iris Salon", "Contact Time": "2026-11-01 10:00",
                            "Type": "Conversation", "Consultant": "Ben", "Note": "=HYPERLINK(\"x\")"})
    logged = run("log_contact", book)
    assert logged[0]["Type"] == "conversation"
    contacts = book.read_table("Contacts")
    assert len(contacts) == before + 1
    assert contacts.iloc[-1]["Note"] == "=HYPERLINK(\"x\")"  # data text stays text
    assert len(book.read_table("NewContact")) == 0
    journal = book.read_table("Journal")
    assert journal["Action"].tolist()[-2:] == ["Log contact", "Build worklist"]
    assert journal.iloc[-2]["Accounts"] == "@Iris Salon"
    ranked = book.read_table("Worklist")
    assert ranked.loc[ranked["Customer"] == "@Iris Salon", "Status"].item() == "Call from 2026-11-08"


def test_log_contact_warns_about_a_call_regulation_f_presumes_a_violation(book):
    fill_new_contact(book, {"Customer": "Delta Logistics", "Contact Time": datetime(2026, 11, 1, 9, 0), "Type": "call"})
    run("log_contact", book)
    outcome = book.read_table("Journal").iloc[-1]["Outcome"]
    assert "WARNING Reg F 1006.14(b)(2)(i)(A): this would be call 8" in outcome
    assert "Delta Logistics" in book.messages[-1]


@pytest.mark.parametrize("row, message", [
    ({"Customer": "Nobody Ltd", "Contact Time": "2026-11-01 10:00", "Type": "call"},
     "NewContact row 1: Customer 'Nobody Ltd' is not in the Ledger"),
    ({"Customer": None, "Contact Time": "2026-11-01 10:00", "Type": "call"}, "NewContact row 1: Customer is empty"),
    ({"Customer": "Castle Builders", "Contact Time": "yesterday", "Type": "call"},
     "NewContact row 1: 'yesterday' is not a date-time"),
    ({"Customer": "Castle Builders", "Contact Time": "2026-11-01 10:00", "Type": "fax"},
     "NewContact row 1: Type 'fax' is not one of call, conversation, email, letter"),
])
def test_log_contact_refuses_bad_rows_and_logs_nothing(book, row, message):
    before = len(book.read_table("Contacts"))
    fill_new_contact(book, row)
    with pytest.raises(DebtDeskError) as error:
        run("log_contact", book)
    assert str(error.value).startswith(message)
    assert len(book.read_table("Contacts")) == before


def test_log_contact_with_nothing_to_log_says_so(book):
    assert run("log_contact", book) == []
    assert "Nothing to log" in book.messages[-1]


def test_kpi_dashboard_figures(book):
    figures = run("kpi_dashboard", book)
    ledger = sample_ledger()
    dated = pd.to_datetime(ledger["Invoice Date"])
    october = ledger[(dated > "2026-10-01") & (dated <= "2026-11-01") & (ledger["Amount"] > 0)]
    assert figures["sales"] == round(october["Amount"].sum(), 2) == 16571.03
    assert figures["days"] == 31
    assert figures["ending"] == round((ledger["Amount"] - ledger["Paid"] - ledger["Credit"]).sum(), 2)
    assert figures["dso"] == pytest.approx(figures["ending"] / 16571.03 * 31)
    assert figures["add"] == pytest.approx(figures["dso"] - figures["best"])
    # Beginning receivables rebuilt by hand: invoices dated by 1 Oct less payments dated by 1 Oct.
    from debtdesk.workbooks.samples import sample_payments
    pay = sample_payments()
    early = ledger[dated <= "2026-10-01"]
    paid_by_then = pay[pd.to_datetime(pay["Payment Date"]) <= "2026-10-01"]
    paid_by_then = paid_by_then[paid_by_then["Invoice"].isin(early["Invoice"])]
    assert figures["beginning"] == pytest.approx(round(early["Amount"].sum() - early["Credit"].sum()
                                                       - paid_by_then["Amount"].sum(), 2), abs=0.001)
    assert figures["allowance_total"] == pytest.approx(sum(a for *_, a in figures["allowance"]), abs=0.001)
    assert book.has_table("RollRates") and book.has_table("OverdueTrend") and book.has_table("DashKeptRate")


def test_kpis_without_reconciling_payments_say_why(book):
    book.append_rows("Payments", [{"Customer": "Delta Logistics", "Invoice": "INV-1015",
                                   "Payment Date": "2026-10-20", "Amount": 100.0}])
    figures = run("kpi_dashboard", book)
    assert "cei" not in figures
    assert any("INV-1015 add up to 100.00 but the Ledger shows Paid 0.00" in n for n in figures["notes"])


def test_dunning_letters_hold_disputes_and_charge_each_fee_once(book, tmp_path):
    book.documents_dir = tmp_path
    sheet = run("dunning_letters", book)
    assert "Harbour Books" not in sheet["Customer"].tolist()  # whole account disputed (CONC 7.14)
    fenwick = sheet[sheet["Customer"] == "Fenwick & Sons"].iloc[0]
    assert fenwick["Amount overdue"] == 355.64  # INV-1025 under dispute, only INV-1027 dunned
    # ERPNext-style interest: 355.64 × 8% ÷ 365 × 79 days = 6.16 (half-up), level 4 fee 20.
    assert fenwick["Interest"] == 6.16 and fenwick["Fee"] == 20.0 and fenwick["Total due"] == 381.80
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(d for d in sheet["Document"] if d.endswith((".docx", ".eml")))
    again = run("dunning_letters", book)
    assert again["Fee"].sum() == 0.0
    assert "held out under open disputes: Fenwick & Sons, Harbour Books" in book.read_table("Journal").iloc[-1]["Outcome"]


def test_dunning_without_a_folder_writes_the_sheet_only(book):
    sheet = run("dunning_letters", book)
    assert set(sheet["Document"]) <= {"", "phone call: see the Worklist"}
    assert "Save the workbook first" in book.messages[-1]


@pytest.mark.parametrize("label, value, message", [
    ("As of", None, "Settings: needs a row 'As of' with a value"),
    ("Bucket edges", "30, sixty", "Settings: Bucket edges '30, sixty' must be whole days"),
    ("Promise tolerance (days)", -1, "Settings: Promise tolerance (days) -1 must be a number of at least 0"),
    ("Dunning interest rate", 8, "Settings: Dunning interest rate 8 must be a fraction"),
    ("KPI period (months)", 1.5, "Settings: KPI period (months) 1.5 must be a whole number of at least 1"),
    ("Contact window", "07:00-22:00", "Settings: Contact window '07:00-22:00' must lie within 08:00-21:00"),
    ("Ageing basis", "posting", "Settings: Ageing basis 'posting' is not one of due, invoice"),
])
def test_bad_settings_are_refused_naming_the_row(book, label, value, message):
    settings = book.read_table("Settings")
    row = settings.index[settings["Input"] == label][0]
    book.write_value("Settings", f"B{row + 3}", value)
    with pytest.raises(DebtDeskError) as error:
        run("build_worklist", book)
    assert str(error.value).startswith(message)
