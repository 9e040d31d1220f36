"""Collections ribbon macros run headless on the sample firm's workbook (FileBook): the demo's story.

Pennine Trade Supplies Ltd, 2 November 2026. Each scenario below was put into the sample data
on purpose (see the sample files); the expected statuses follow from the rules, worked by hand.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

import debtdesk.macros  # noqa: F401  (registers the macros)
from debtdesk.errors import DebtDeskError
from debtdesk.macros.book import TableSpec
from debtdesk.macros.collections_regenerate import STEPS
from debtdesk.macros.registry import run
from debtdesk.workbooks.filebook import FileBook
from debtdesk.workbooks.samples import sample_collections_workbook, sample_contacts, sample_ledger


def fill_new_contact(book, row: dict) -> None:
    """Type a row into the NewContact table's first line, as a person would (A4:E4 under its title)."""
    for letter, column in zip("ABCDE", ("Customer", "Contact Time", "Type", "Consultant", "Note")):
        book.write_value("New contact", f"{letter}4", row.get(column))


@pytest.fixture
def book():
    return sample_collections_workbook()


@pytest.fixture(scope="module")
def sample_settings() -> pd.DataFrame:
    """The sample firm's Settings table as its workbook holds it (read only)."""
    return sample_collections_workbook().read_table("Settings")


def by_customer(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("Customer")


def test_regenerate_runs_every_step_on_one_ledger_state_and_journals(book):
    assert list(STEPS) == ["refresh_ageing", "check_promises", "build_worklist", "dunning_letters", "kpi_dashboard"]
    assert run("regenerate", book) == list(STEPS)
    actions = book.read_table("Journal")["Action"].tolist()
    assert actions == ["Refresh ageing", "Check promises", "Build worklist", "Dunning letters", "KPI dashboard",
                       "Regenerate"]


def test_a_run_keeps_no_copy_of_the_ledger_as_read_once_its_state_is_built(monkeypatch):
    """Read from its sheet, the Ledger is a Python object per cell (~0.3 GiB at a million items); every sheet renders
    the run's ledger state, so neither the run nor the book keeps the table as read. The book still keeps small
    tables (Settings, read a dozen times a Regenerate)."""
    import gc
    import weakref

    from debtdesk.macros.collections import collections_run, collections_settings
    from debtdesk.workbooks import filebook

    monkeypatch.setattr(filebook, "KEPT_ROWS", 100)  # the sample's 395-row Ledger is a big table, its Settings not
    book = sample_collections_workbook()
    reads, ledgers = [], []
    read_table = FileBook._read_table

    def reading(self, name):
        frame = read_table(self, name)
        reads.append(name)
        if name == "Ledger":
            ledgers.append(weakref.ref(frame))
        return frame

    monkeypatch.setattr(FileBook, "_read_table", reading)
    run = collections_run(book)
    gc.collect()
    assert len(ledgers) == 1 and ledgers[0]() is None, "the Ledger as read outlived the run's state"
    assert run.state.ageing()["Total"].sum() == pytest.approx(148_448.15)  # the Dashboard's receivables
    assert run.state.history is not None  # the sample's dated payments reconcile: the KPIs' earlier days
    collections_settings(book)
    assert reads.count("ColumnMap") == 1 and reads.count("Settings") <= 1  # asked for by every table read


def test_check_promises_carries_surplus_and_fills_two_promises_on_one_day(book):
    statuses = run("check_promises", book)
    rows = list(zip(statuses["Customer"], statuses["Promised Amount"], statuses["Paid"], statuses["Status"]))
    # Granite's arrangement: 2,500 paid on 14 Oct fills instalment 1 and carries 500 to instalment 2.
    assert [r[2:] for r in rows if r[0] == "Granite Kitchens Ltd"] == [(2000.0, "Kept"), (500.0, "Open"), (0.0, "Open")]
    # Pacific Coast promised 500 and 800 by 23 Oct and paid 1,000 on 22 Oct: filled in turn.
    assert [r[2:] for r in rows if r[0] == "Pacific Coast Outfitters Inc."] == [(500.0, "Kept"), (500.0, "Partially Kept")]
    assert dict((r[0], r[3]) for r in rows if r[0] in ("Oakfield Care Homes Ltd", "Kestrel Logistics Ltd", "Mersey Print & Pack Ltd")) \
        == {"Oakfield Care Homes Ltd": "Partially Kept", "Kestrel Logistics Ltd": "Broken", "Mersey Print & Pack Ltd": "Broken"}
    rates = book.read_table("KeptRate").set_index("Consultant")
    assert rates.loc["All", "Promises"] == 9


def test_worklist_tells_the_story(book):
    ranked = by_customer(run("build_worklist", book))
    status = ranked["Status"].to_dict()
    # Seven counted calls 27 Oct-1 Nov (the engaged tone on 1 Nov is not a call placed): an 8th today breaks
    # 1006.14(b)(2)(i)(A); the window 28 Oct-3 Nov holds six, so 3 Nov is fine.
    assert status["Kestrel Logistics Ltd"] == "Call from 2026-11-03"
    assert status["Brightwater Hotels Ltd"] == "Call from 2026-11-06"  # conversation on 30 Oct is day 1 of 7
    assert status["Harbour Books Ltd"] == "Paused: dispute of the whole account opened 2026-10-22 (CONC 7.14)"
    assert status["Riverside Cafe (Jane Porter)"] == "Paused: Breathing Space until 2026-12-17"
    assert status["Granite Kitchens Ltd"] == "Paused: promise to pay open until 2026-11-18"  # 15 Nov + 3 days' grace
    assert "Hudson Valley Hospitality LLC" not in ranked.index  # in credit: never called
    assert ranked.loc["Pacific Coast Outfitters Inc.", "Call window"] == "00:00-02:00, 16:30-24:00"  # Portland, OR
    calder = ranked.loc["Calder Valley Builders Ltd"]
    assert "1,500.00 on account set against the oldest invoices" in calder["Reason"]
    oakfield = ranked.loc["Oakfield Care Homes Ltd"]
    assert oakfield["Rank"] == 1 and "over the credit limit 8,000.00 (+25%)" in oakfield["Reason"] \
        and "on credit hold (+25%)" in oakfield["Reason"] and "1 broken promise in the last 60 days" in oakfield["Reason"]
    assert "broken" not in ranked.loc["Mersey Print & Pack Ltd", "Reason"]  # broken in August: left the score
    contacts = sample_contacts()
    for customer in ranked.index[ranked["Status"] == "Call now"]:
        mine = contacts[(contacts["Customer"] == customer) & contacts["Type"].isin(["attempt", "conversation"])]
        assert len(mine[mine["Contact Time"] >= datetime(2026, 10, 27)]) < 7, customer
    assert ranked["Rank"].dropna().tolist() == list(range(1, 14))
    for collector in ("Sarah Whitaker", "Daniel Okafor"):
        mine = book.read_table(f"Worklist_{collector}")
        assert set(mine["Customer"]) == set(ranked.index[ranked["Collector"] == collector])


def test_dunning_climbs_one_level_and_respects_pauses_and_the_protocol(book):
    # the levels, pauses and history, not the letters (tests/test_letters.py reads the demo's letters)
    sheet = by_customer(run("dunning_letters", book))
    assert sheet.loc["Marlow Property Services Ltd", "Letter"] == "Letter of claim"  # after the phone level on 5 Oct
    # A company: 14 days to reply (Practice Direction – Pre-Action Conduct, para 6(b)), not the Protocol's 30.
    assert sheet.loc["Marlow Property Services Ltd", "Pay by"].isoformat() == "2026-11-16"
    assert sheet.loc["Sefton Dental Practice LLP", "Status"] == \
        "Refer for legal action: no reply within 14 days of the letter of claim of 2026-09-28"
    assert sheet.loc["Brightwater Hotels Ltd", "Status"] == "Wait: Final notice from 2026-11-17"
    assert sheet.loc["Kestrel Logistics Ltd", "Letter"] == "Second reminder"  # level 1 on 12 Oct, never a jump
    ellison = sheet.loc["David Ellison"]  # the one consumer: a fee, contractual interest, no compensation
    assert (ellison["Regime"], ellison["Letter"], ellison["Fees"], ellison["Compensation"]) == \
        ("consumer", "Final notice", 10.0, 0.0)
    for paused in ("Harbour Books Ltd", "Riverside Cafe (Jane Porter)", "Granite Kitchens Ltd"):
        assert sheet.loc[paused, "Status"].startswith("Paused") and sheet.loc[paused, "Interest"] == 0.0
    assert "Hudson Valley Hospitality LLC" not in sheet.index
    history = book.read_table("DunningHistory")
    today = history[history["Sent on"] == datetime(2026, 11, 2)]
    sent = sheet.index[sheet["Status"].str.startswith(("Send", "Call", "Refer"))]
    assert set(today["Customer"]) == set(sent) and len(sent) == 12
    assert today.groupby("Customer")["Level"].max().to_dict() == sheet.loc[sent, "Level"].to_dict()
    again = by_customer(run("dunning_letters", book))
    assert not again["Status"].str.startswith("Send").any()  # a level is never sent twice


WORKLISTS = ("Worklist", "Worklist_Daniel Okafor", "Worklist_Sarah Whitaker")


@pytest.mark.parametrize("contacts_kept", [True, False], ids=["contact log kept", "no contact log yet"])
def test_log_contact_appends_journals_clears_and_reranks(book, contacts_kept):
    if not contacts_kept:  # the first contact logged starts the log: the worklist's NOT SUPPLIED warning goes
        book.wb.remove(book.wb["Contacts"])
    run("build_worklist", book)
    before = len(book.read_table("Contacts")) if contacts_kept else 0
    assert ("NOT SUPPLIED: Contacts" in str(book.read_range("Worklist", "A1:A200"))) is not contacts_kept
    fill_new_contact(book, {"Customer": "Aldgate Catering Ltd", "Contact Time": "2026-11-02 10:00",
                            "Type": "Conversation", "Consultant": "Sarah Whitaker", "Note": "Payment run on Friday"})
    logged = run("log_contact", book)
    assert logged[0]["Type"] == "conversation"
    contacts = book.read_table("Contacts")
    assert len(contacts) == before + 1 and contacts.iloc[-1]["Note"] == "Payment run on Friday"
    assert len(book.read_table("NewContact")) == 0
    journal = book.read_table("Journal")
    assert journal["Action"].tolist()[-2:] == ["Log contact", "Build worklist"]
    ranked = by_customer(book.read_table("Worklist"))
    assert ranked.loc["Aldgate Catering Ltd", "Status"] == "Call from 2026-11-09"
    assert "NOT SUPPLIED" not in str(book.read_range("Worklist", "A1:A200"))
    # Log contact re-ranks from its own run with the new contact in it: what pressing Build worklist now gives
    reranked = {name: book.read_table(name) for name in WORKLISTS}
    notes = book.read_range("Worklist", "A1:A200")
    run("build_worklist", book)
    for name, frame in reranked.items():
        pd.testing.assert_frame_equal(frame, book.read_table(name))
    assert book.read_range("Worklist", "A1:A200") == notes


def test_log_contact_warns_about_a_call_regulation_f_presumes_a_violation(book):
    fill_new_contact(book, {"Customer": "Kestrel Logistics Ltd", "Contact Time": datetime(2026, 11, 2, 9, 0),
                            "Type": "attempt"})
    run("log_contact", book)
    outcome = book.read_table("Journal").iloc[-1]["Outcome"]
    assert "WARNING Reg F 1006.14(b)(2)(i)(A): this would be call 8" in outcome
    assert "Kestrel Logistics Ltd" in book.messages[-1]


def test_log_contact_judges_the_hour_at_the_customers_location(book):
    # 09:00 in London is 01:00 in Portland, Oregon: Regulation F's hours (the firm applies them to everyone).
    fill_new_contact(book, {"Customer": "Pacific Coast Outfitters Inc.", "Contact Time": "2026-11-02 09:00",
                            "Type": "attempt"})
    run("log_contact", book)
    assert "WARNING Reg F 1006.6(b)(1)(i): 01:00 in America/Los_Angeles is before 8:00 a.m. at the consumer's " \
           "location" in book.read_table("Journal").iloc[-1]["Outcome"]
    # 16:15 in London is 08:15 there: within Regulation F's hours, before the firm's 08:30.
    fill_new_contact(book, {"Customer": "Pacific Coast Outfitters Inc.", "Contact Time": "2026-11-02 16:15",
                            "Type": "attempt"})
    run("log_contact", book)
    assert "WARNING outside the firm's contact window 08:30-18:00 at the customer's local time (08:15 in " \
           "America/Los_Angeles)" in book.read_table("Journal").iloc[-1]["Outcome"]
    fill_new_contact(book, {"Customer": "Pacific Coast Outfitters Inc.", "Contact Time": "2026-11-02 09:05",
                            "Type": "inbound"})
    run("log_contact", book)  # the customer called us: no hour or frequency rule applies
    assert "WARNING" not in book.read_table("Journal").iloc[-1]["Outcome"]


@pytest.mark.parametrize("row, message", [
    ({"Customer": "Nobody Ltd", "Contact Time": "2026-11-02 10:00", "Type": "attempt"},
     "NewContact row 1: Customer 'Nobody Ltd' is not in the Ledger"),
    ({"Customer": None, "Contact Time": "2026-11-02 10:00", "Type": "attempt"}, "NewContact row 1: Customer is empty"),
    ({"Customer": "Calder Valley Builders Ltd", "Contact Time": "yesterday", "Type": "attempt"},
     "NewContact row 1: 'yesterday' is not a date-time"),
    ({"Customer": "Calder Valley Builders Ltd", "Contact Time": "2026-11-02 10:00", "Type": "fax"},
     "NewContact row 1: Type 'fax' is not one of attempt, conversation, not connected, inbound, consented"),
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


def test_kpis_on_the_invoice_basis_equal_those_by_due_date(book):
    # Issue 12: with the "invoice" basis current AR dropped to 0, best DSO to 0, ADD rose to equal DSO and the
    # allowance went from 11,477 to 21,950. KPIs on past-due status always use due-date ageing.
    by_due = run("kpi_dashboard", book)
    settings = book.read_table("Settings")
    book.write_value("Settings", f"B{settings.index[settings['Input'] == 'Ageing basis'][0] + 3}", "invoice")
    by_invoice = run("kpi_dashboard", book)
    assert by_invoice["kpis"] == by_due["kpis"] and by_invoice["buckets"] == by_due["buckets"]
    assert by_due["kpis"]["Best possible DSO"] > 0 and by_due["kpis"]["Average days delinquent"] < by_due["kpis"]["DSO"]
    assert by_invoice["allowance"] == by_due["allowance"]


def test_cei_over_a_three_month_period_is_the_published_total_sales_form(book):
    # Issue 12: CEI was -84.9 % on the demo with a 3-month period (credit sales ÷ 3 against 3 months of AR change).
    settings = book.read_table("Settings")
    book.write_value("Settings", f"B{settings.index[settings['Input'] == 'KPI period (months)'][0] + 3}", 3)
    f = run("kpi_dashboard", book)
    begin, sales, end, current = f["beginning"], f["sales"], f["ending"], f["current"]
    assert f["kpis"]["CEI"] == pytest.approx((begin + sales - end) / (begin + sales - current), abs=1e-12)
    assert 0 < f["kpis"]["CEI"] < 1 and f["days"] == 92


def test_a_period_without_credit_sales_is_explained_not_fatal(book):
    # Issue 12: the KPI dashboard failed outright when a period had no credit sales.
    ledger = sample_ledger()
    ledger = ledger[pd.to_datetime(ledger["Invoice Date"]) <= "2026-09-30"]
    from debtdesk.workbooks.samples import SAMPLE_SETTINGS, sample_collections_inputs
    from debtdesk.workbooks.template import collections_workbook
    inputs = sample_collections_inputs()
    inputs["payments"] = inputs["payments"][inputs["payments"]["Invoice"].isin(ledger["Invoice"])]
    for name in ("promises", "contacts", "disputes", "dunning_history"):
        inputs.pop(name)
    quiet = collections_workbook(ledger, "2026-11-02", settings=SAMPLE_SETTINGS, **inputs)
    f = run("kpi_dashboard", quiet)
    assert f["sales"] == 0.0 and f["kpis"]["DSO"] is None and f["kpis"]["CEI"] is None
    assert any(n.startswith("No credit sales between 2 Oct 2026 and 2 Nov 2026") for n in f["notes"])
    kpi = by_customer(quiet.read_table("KPI").rename(columns={"Metric": "Customer"}))
    assert kpi.loc["% current", "Value"] is not None


def test_a_third_party_collector_gets_recovery_kpis(book):
    settings = book.read_table("Settings")
    book.write_value("Settings", f"B{settings.index[settings['Input'] == 'Business'][0] + 3}", "third-party collection")
    f = run("kpi_dashboard", book)
    recovery = f["recovery"]
    assert recovery["Recovery rate"] == pytest.approx(recovery["Collected to date"] / recovery["Placed to date"])
    assert book.read_table("KPI")["Metric"].tolist()[:4] == ["Recovery rate", "Liquidation rate",
                                                             "Right-party contact rate", "Promise kept rate"]


@pytest.mark.parametrize("label, value, message", [
    ("As of", None, "Settings: needs a row 'As of' with a value"),
    ("Bucket edges", "30, sixty", "Settings: Bucket edges '30, sixty' must be whole days"),
    ("Promise tolerance (days)", -1, "Settings: Promise tolerance (days) -1 must be a number of at least 0"),
    ("Dunning interest rate", 8, "Settings: Dunning interest rate 8 must be a fraction"),
    ("KPI period (months)", 1.5, "Settings: KPI period (months) 1.5 must be a whole number of at least 1"),
    ("Contact window", "07:00-22:00", "Settings: Contact window '07:00-22:00' must lie within 08:00-21:00"),
    ("Ageing basis", "posting", "Settings: Ageing basis 'posting' is not one of due, invoice"),
    ("Default regime", "retail", "Settings: Default regime 'retail' is not one of commercial, consumer"),
    ("Our time zone", "Mars/Olympus", "Settings: Our time zone 'Mars/Olympus' is not a time zone name"),
    ("Currency", "pounds", "Settings: Currency 'POUNDS' is not a three-letter currency code"),
    ("Inputs not supplied", "Ledger", "Settings: Inputs not supplied 'Ledger' is not one of Contacts"),
])
def test_bad_settings_are_refused_naming_the_row(sample_settings, label, value, message):
    book = FileBook()  # a button reads Settings first and refuses it before any other table
    book.write_table("Settings", sample_settings, TableSpec("Settings", title="Collections settings"))
    row = sample_settings.index[sample_settings["Input"] == label][0]
    book.write_value("Settings", f"B{row + 3}", value)
    with pytest.raises(DebtDeskError) as error:
        run("build_worklist", book)
    assert str(error.value).startswith(message)


@pytest.mark.parametrize("country, as_of", [("GB", "2 Nov 2026"), ("US", "Nov 2, 2026")])
def test_titles_write_the_as_of_date_as_the_sheets_show_dates(book, sample_settings, country, as_of):
    """Every sheet's title states the as-of date the way the workbook's date cells show dates ("2 Nov 2026",
    "Nov 2, 2026" in the US), not "02 Nov 2026" beside cells that say "2 Nov 2026"."""
    book.write_value("Settings", f"B{sample_settings.index[sample_settings['Input'] == 'Country'][0] + 3}", country)
    run("regenerate", book)
    titles = {sheet: book.wb[sheet]["A1"].value for sheet in ("Dashboard", "KPIs", "Ageing", "Ageing detail", "Statements",
                                                             "Worklist", "Dunning")}
    assert {sheet: f"as of {as_of}" in title for sheet, title in titles.items()} == dict.fromkeys(titles, True), titles
    assert book.wb["Ageing detail"]["C4"].number_format == ("mmm d, yyyy" if country == "US" else "d mmm yyyy")
