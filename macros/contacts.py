"""Ribbon "Log contact": move the rows of the NewContact table into the contact log.

The person fills the small NewContact table (on the "New contact" sheet) — in Excel by
typing, or by copying a Worklist row's customer; a headless run fills the same table —
and presses Log contact. The very same code then checks each row, appends it to the
Contacts table, journals it, empties NewContact and re-ranks the Worklist so the new
contact counts at once.

Types follow Regulation F (:mod:`debtdesk.collections.contacts`): attempt, conversation,
not connected, inbound (the customer called us), consented, email, letter, text. Times are
on the collector's clock (Settings "Our time zone") and judged at the customer's location
(Customers "Time zone"; every US zone for a consumer whose zone is unknown). A call
Regulation F presumes a violation, or one outside the firm's contact window, is still
logged (it happened) and the journal and the message say which rule it broke.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from debtdesk.collections.compliance import OK, clock_zone, contact_check, to_datetime
from debtdesk.collections.contacts import CONTACT_TYPES, PLACED, contact_log, contact_type
from debtdesk.collections.timezones import US_ZONES, consumer_zones
from debtdesk.columns import select_columns
from debtdesk.errors import DebtDeskError
from debtdesk.macros.book import TableSpec
from debtdesk.macros.collections import (CONTACT_COLUMNS, CONTACTS, GUARDED, CollectionsRun, collections_run,
                                         optional_table)
from debtdesk.macros.journal import journal
from debtdesk.macros.registry import macro
from debtdesk.values import cell_text, data_rows

NEW_CONTACT = "NewContact"
NEW_CONTACT_SHEET = "New contact"


def new_contacts(book, run: CollectionsRun) -> list[dict]:
    """The filled rows of NewContact, checked: a known customer, a date-time, a known type.

    An empty Consultant is the person running the macro.
    """
    frame = book.read_table(NEW_CONTACT)
    if not len(frame):
        return []
    table = select_columns(frame, ["Customer", "Contact Time", "Type"], ["Consultant", "Note"], NEW_CONTACT)
    known = set(run.state.accounts["Customer"]) | _customers(run)
    rows = []
    for row, record in zip(data_rows(frame.index), table.to_dict("records")):
        customer = cell_text(record["Customer"], "")
        if not customer:
            raise DebtDeskError(NEW_CONTACT, "Customer is empty (expected a customer from the Ledger)", row)
        if customer not in known:
            raise DebtDeskError(NEW_CONTACT, f"Customer {customer!r} is not in the Ledger", row)
        when = to_datetime(record["Contact Time"], NEW_CONTACT, row)
        kind = contact_type(record["Type"], NEW_CONTACT, row)
        consultant = cell_text(record.get("Consultant"), book.user)
        rows.append({"Customer": customer, "Contact Time": when.replace(second=0, microsecond=0), "Type": kind,
                     "Consultant": consultant, "Note": record.get("Note")})
    return rows


def call_warning(run: CollectionsRun, logged: list[dict], contact: dict) -> str:
    """The rule a logged call broke (Regulation F, or the firm's stricter contact window), or "".

    ``logged`` are the contacts logged earlier in this press of the button.
    """
    if contact["Type"] not in PLACED:
        return ""  # the customer called us, or it was not a call: no hour or frequency rule applies
    settings, state = run.settings, run.state
    account = state.accounts[state.accounts["Customer"] == contact["Customer"]]
    regime = account["Regime"].iloc[0] if len(account) else settings.default_regime
    zone = account["Time zone"].iloc[0] if len(account) else _zone(run, contact["Customer"])
    where = [z.strip() for z in zone.replace(";", ",").split(",") if z.strip()]
    limited = settings.call_limits == "all" or regime == "consumer"
    if not where and limited and regime == "consumer":
        where = list(US_ZONES)
    if limited and contact["Type"] != "consented":  # a consented call is outside the frequency limits (b)(3)(i)
        before = [c for c in logged if c["Customer"] == contact["Customer"]]
        calls = [t for t in state.contacts.calls(contact["Customer"]) if t < contact["Contact Time"]]
        talks = [t for t in state.contacts.talks(contact["Customer"]) if t < contact["Contact Time"]]
        calls += [c["Contact Time"] for c in before if c["Type"] in ("attempt", "conversation")]
        talks += [c["Contact Time"] for c in before if c["Type"] in ("conversation", "inbound", "consented")]
        check = contact_check(calls, contact["Contact Time"], talks, consumer_timezones=where or None,
                              clock_timezone=settings.clock if where else None)
        if check != OK:
            return check
    start, end = settings.window
    clock = clock_zone(settings.clock)
    for local in ([contact["Contact Time"].replace(tzinfo=clock).astimezone(z) for z in consumer_zones(where)]
                  if where else [contact["Contact Time"]]):
        if not start <= local.time().replace(tzinfo=None) <= end:
            place = f" in {local.tzinfo.key}" if where else ""
            return (f"outside the firm's contact window {start:%H:%M}-{end:%H:%M} at the customer's local time "
                    f"({local:%H:%M}{place})")
    return ""


@macro("log_contact")
def log_contact(book) -> list[dict]:
    """Append the NewContact rows to Contacts and the Journal, empty NewContact, re-rank the worklist."""
    run = collections_run(book)
    contacts = new_contacts(book, run)
    if not contacts:
        book.notify("Nothing to log: fill a row of the New contact table first.")
        return []
    warnings, logged = [], []
    for contact in contacts:
        warning = call_warning(run, logged, contact)
        outcome = f"{contact['Type']} at {contact['Contact Time']:%Y-%m-%d %H:%M} by {contact['Consultant']}"
        if contact.get("Note"):
            outcome += f": {contact['Note']}"
        if warning:
            outcome += f" — WARNING {warning}"
            warnings.append(f"{contact['Customer']}: {warning}")
        book.append_rows(CONTACTS, [contact])
        logged.append(contact)
        journal(book, "Log contact", [contact["Customer"]], outcome)
    book.write_table(NEW_CONTACT_SHEET, pd.DataFrame(columns=list(CONTACT_COLUMNS)), TableSpec(
        NEW_CONTACT, formats={"Contact Time": "datetime"},
        title="New contact: fill one row per contact, then press Log contact"))
    book.add_validation(NEW_CONTACT_SHEET, "C4:C30", CONTACT_TYPES)
    if book.has_table("Worklist"):
        from debtdesk.macros.worklist import build_worklist
        build_worklist(book, _with_logged(book, run))
    message = f"Logged {len(contacts)} contact{'s' if len(contacts) > 1 else ''}."
    if warnings:
        message += " Check these calls: " + "; ".join(warnings)
    book.notify(message)
    return contacts


def _with_logged(book, run: CollectionsRun) -> CollectionsRun:
    """``run`` as a new run would build it once the new contacts are logged, without building it again: the
    Contacts table is read again (the only input this button writes) and the ledger state's contact log made from
    it. Nothing else in a ledger state is made from the contact log, and every logged contact names a customer the
    run knows (:func:`new_contacts`), so the state's notes stay as they were.
    """
    contacts = optional_table(book, CONTACTS)
    return replace(run, state=replace(run.state, contacts=contact_log(contacts)),
                   tables={**run.tables, CONTACTS: contacts},
                   absent=tuple(name for name in GUARDED if not book.has_table(name)))


def _customers(run: CollectionsRun) -> set[str]:
    table = run.table("Customers")
    if table is None:
        return set()
    return {cell_text(c, "") for c in select_columns(table, ["Customer"], (), "Customers")["Customer"]}


def _zone(run: CollectionsRun, customer: str) -> str:
    """The Customers table's time zone of a customer with nothing open in the ledger ("" when unknown)."""
    table = run.table("Customers")
    if table is None:
        return ""
    found = select_columns(table, ["Customer"], ["Time zone"], "Customers")
    for name, zone in zip(found["Customer"], found["Time zone"] if "Time zone" in found else [None] * len(found)):
        if cell_text(name, "") == customer:
            return cell_text(zone, "")
    return ""

