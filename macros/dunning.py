"""Ribbon "Dunning letters": dunning level, channel, interest and fee per account, and the drafts.

The Dunning sheet lists every account with overdue items not under an open dispute (UK
CONC 7.14: disputed items are held out), its level by days overdue (the DunningLevels
table), channel, interest at the Settings "Dunning interest rate" and the level's fee —
all from the engine (:func:`debtdesk.collections.dunning_run`). For each email or letter
level it writes an .eml draft or a .docx letter from the templates (see
:mod:`debtdesk.workbooks.letters`) into the book's ``documents_dir`` (headless: the folder
the caller gives; in Excel: a folder beside the workbook). Phone levels go to the
worklist, not to paper. Nothing is sent. Drafted levels are recorded in the
DunningHistory table so a level's fee is never charged twice.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from debtdesk.collections.ageing import ageing_detail
from debtdesk.collections.disputes import disputed, open_disputes
from debtdesk.collections.dunning import dunning_run
from debtdesk.columns import select_columns
from debtdesk.macros.book import TableSpec
from debtdesk.macros.collections import (CUSTOMERS, DISPUTES, DUNNING_LEVELS, LEDGER, collections_settings,
                                         optional_table)
from debtdesk.macros.inputs import read_settings, setting
from debtdesk.macros.journal import journal
from debtdesk.macros.publish import finish
from debtdesk.macros.registry import macro

DUNNING = "Dunning"
HISTORY = "DunningHistory"


@macro("dunning_letters")
def dunning_letters(book) -> pd.DataFrame:
    """Write the Dunning sheet and one draft per email/letter account; record them in DunningHistory."""
    from debtdesk.workbooks import letters

    settings = collections_settings(book)
    ledger = book.read_table(LEDGER)
    disputes = optional_table(book, DISPUTES)
    levels = book.read_table(DUNNING_LEVELS) if book.has_table(DUNNING_LEVELS) else None
    run = dunning_run(ledger, settings.as_of, settings.dunning_rate,
                      **({"levels": levels} if levels is not None else {}),
                      disputes=disputes, history=optional_table(book, HISTORY))
    folder = getattr(book, "documents_dir", None)
    templates = setting(read_settings(book, "Settings"), "Settings", "Letter templates folder", default=None)
    items = ageing_detail(ledger, settings.as_of, settings.edges, settings.basis)
    items = items[(items["Outstanding"] > 0) & (items["Days"] > 0)]
    items = items[~disputed(items["Customer"], items["Invoice"], disputes, settings.as_of)]
    addresses = _addresses(optional_table(book, CUSTOMERS))
    documents, history = [], []
    for number, row in enumerate(run.to_dict("records"), 1):
        if row["Channel"] == "phone":
            documents.append("phone call: see the Worklist")
            history.append({"Customer": row["Customer"], "Level": int(row["Level"]), "Channel": "phone",
                            "Drafted on": settings.as_of, "Document": documents[-1]})
            continue
        if folder is None:
            documents.append("")
            continue
        mine = items[items["Customer"] == row["Customer"]]
        email, address = addresses.get(row["Customer"], (None, None))
        fields = {"customer": row["Customer"], "address": address, "level": row["Level"],
                  "amount_overdue": f"{row['Amount overdue']:,.2f}", "oldest_days": row["Oldest days"],
                  "interest": f"{row['Interest']:,.2f}", "fee": f"{row['Fee']:,.2f}", "total_due": f"{row['Total due']:,.2f}",
                  "as_of": f"{settings.as_of:%d %B %Y}", "firm": settings.firm, "items": letters.items_text(mine)}
        text, source = letters.template_text(row["Channel"], int(row["Level"]), templates)
        subject, body = letters.render(text, fields, source)
        stem = Path(folder) / letters.file_stem(number, row["Customer"], int(row["Level"]))
        if row["Channel"] == "email":
            path = letters.write_email(stem.with_suffix(".eml"), subject, body, email, settings.firm_email or None)
        else:
            path = letters.write_letter(stem.with_suffix(".docx"), subject, body, fields, mine)
        documents.append(path.name)
        history.append({"Customer": row["Customer"], "Level": int(row["Level"]), "Channel": row["Channel"],
                        "Drafted on": settings.as_of, "Document": path.name})
    sheet = run.assign(Document=documents)
    book.write_table(DUNNING, sheet, TableSpec(
        DUNNING, title=f"Dunning as of {settings.as_of:%d %b %Y} at {settings.dunning_rate:.2%} a year — drafts only, nothing is sent",
        formats={c: "money" for c in ("Amount overdue", "Interest", "Fee", "Total due")},
        totals={c: "sum" for c in ("Amount overdue", "Interest", "Fee", "Total due")}))
    finish(book, DUNNING, ("Settings", "Ledger", "Payments", "Customers", "Disputes", "DunningLevels"))
    if history:
        book.append_rows(HISTORY, history)
    held = sorted(set(open_disputes(disputes, settings.as_of)["Customer"])) if disputes is not None else []
    drafts = sum(h["Channel"] != "phone" for h in history)
    outcome = f"{len(run)} accounts, {drafts} drafts" + (f" in {folder}" if folder else "")
    if folder is None:
        outcome += "; no documents folder (save the workbook first), so no drafts were written"
        book.notify("Save the workbook first: drafts are written to a folder beside it.")
    if held:
        outcome += f"; held out under open disputes: {', '.join(held)}"
    journal(book, "Dunning letters", run["Customer"], outcome)
    return sheet


def _addresses(customers: pd.DataFrame | None) -> dict[str, tuple[str | None, str | None]]:
    if customers is None:
        return {}
    table = select_columns(customers, ["Customer"], ["Email", "Address"], CUSTOMERS)
    return {str(r["Customer"]).strip(): (r.get("Email"), r.get("Address")) for r in table.to_dict("records")}
