"""Ribbon "Log contact": move the rows of the NewContact table into the contact log.

The person fills the small NewContact table (on the "New contact" sheet) — in Excel by
typing, or by copying a Worklist row's customer; a headless run fills the same table —
and presses Log contact. The very same code then checks each row, appends it to the
Contacts table, journals it, empties NewContact and re-ranks the Worklist so the new
contact counts at once. A logged call that Regulation F presumes a violation is still
logged (it happened) and the journal and the message say which rule it broke.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from debtdesk.collections.compliance import OK, contact_check, to_datetime
from debtdesk.columns import select_columns
from debtdesk.errors import DebtDeskError
from debtdesk.macros.book import TableSpec
from debtdesk.macros.collections import (CONTACT_COLUMNS, CONTACT_TYPES, CONTACTS, LEDGER, collections_settings,
                                         optional_table)
from debtdesk.macros.journal import journal
from debtdesk.macros.registry import macro

NEW_CONTACT = "NewContact"
NEW_CONTACT_SHEET = "New contact"
CALLS = ("call", "conversation")


def new_contacts(book) -> list[dict]:
    """The filled rows of NewContact, checked: known customer, a date-time, a known type.

    An empty Consultant is the person running the macro.
    """
    frame = book.read_table(NEW_CONTACT)
    if not len(frame):
        return []
    table = select_columns(frame, ["Customer", "Contact Time", "Type"], ["Consultant", "Note"], NEW_CONTACT)
    known = {str(c).strip() for c in select_columns(book.read_table(LEDGER), ["Customer"], (), LEDGER)["Customer"]}
    rows = []
    for row, record in zip(table.index, table.to_dict("records")):
        customer = "" if record["Customer"] is None else str(record["Customer"]).strip()
        if not customer:
            raise DebtDeskError(NEW_CONTACT, "Customer is empty (expected a customer from the Ledger)", row)
        if customer not in known:
            raise DebtDeskError(NEW_CONTACT, f"Customer {customer!r} is not in the Ledger", row)
        when = to_datetime(record["Contact Time"], NEW_CONTACT, row)
        kind = "" if record["Type"] is None else str(record["Type"]).strip().lower()
        if kind not in CONTACT_TYPES:
            raise DebtDeskError(NEW_CONTACT, f"Type {record['Type']!r} is not one of {', '.join(CONTACT_TYPES)}", row)
        consultant = record.get("Consultant")
        consultant = book.user if consultant is None or not str(consultant).strip() else str(consultant).strip()
        rows.append({"Customer": customer, "Contact Time": when.replace(second=0, microsecond=0), "Type": kind,
                     "Consultant": consultant, "Note": record.get("Note")})
    return rows


def call_warning(log: pd.DataFrame | None, contact: dict, window) -> str:
    """The rule a logged call broke (Regulation F, or the firm's stricter contact window), or "".

    >>> from datetime import time
    >>> call_warning(None, {"Customer": "A", "Contact Time": datetime(2026, 11, 1, 7, 30), "Type": "call"},
    ...              (time(8), time(21)))
    "Reg F 1006.6(b)(1)(i): 07:30 is before 8:00 a.m. at the consumer's location (inconvenient time)"
    """
    if contact["Type"] not in CALLS:
        return ""
    calls, talks = [], []
    if log is not None:
        past = select_columns(log, ["Customer", "Contact Time", "Type"], (), CONTACTS)
        mine = past[past["Customer"].astype(str).str.strip() == contact["Customer"]]
        for i, (when, kind) in zip(mine.index, zip(mine["Contact Time"], mine["Type"])):
            when = to_datetime(when, CONTACTS, i)
            if str(kind).strip().lower() in CALLS and when < contact["Contact Time"]:
                calls.append(when)
                if str(kind).strip().lower() == "conversation":
                    talks.append(when)
    check = contact_check(calls, contact["Contact Time"], talks)
    if check != OK:
        return check
    start, end = window
    if not start <= contact["Contact Time"].time() <= end:
        return f"outside the firm's contact window {start:%H:%M}-{end:%H:%M}"
    return ""


@macro("log_contact")
def log_contact(book) -> list[dict]:
    """Append the NewContact rows to Contacts and the Journal, empty NewContact, re-rank the worklist."""
    settings = collections_settings(book)
    contacts = new_contacts(book)
    if not contacts:
        book.notify("Nothing to log: fill a row of the New contact table first.")
        return []
    log = optional_table(book, CONTACTS)
    warnings = []
    for contact in contacts:
        warning = call_warning(log, contact, settings.window)
        outcome = f"{contact['Type']} at {contact['Contact Time']:%Y-%m-%d %H:%M} by {contact['Consultant']}"
        if contact.get("Note"):
            outcome += f": {contact['Note']}"
        if warning:
            outcome += f" — WARNING {warning}"
            warnings.append(f"{contact['Customer']}: {warning}")
        book.append_rows(CONTACTS, [contact])
        log = optional_table(book, CONTACTS)
        journal(book, "Log contact", [contact["Customer"]], outcome)
    book.write_table(NEW_CONTACT_SHEET, pd.DataFrame(columns=list(CONTACT_COLUMNS)), TableSpec(
        NEW_CONTACT, formats={"Contact Time": "datetime"},
        title="New contact: fill one row per contact, then press Log contact"))
    book.add_validation(NEW_CONTACT_SHEET, "C4:C30", CONTACT_TYPES)
    if book.has_table("Worklist"):
        from debtdesk.macros.worklist import build_worklist
        build_worklist(book)
    message = f"Logged {len(contacts)} contact{'s' if len(contacts) > 1 else ''}."
    if warnings:
        message += " Check these calls: " + "; ".join(warnings)
    book.notify(message)
    return contacts
