"""Ribbon "Dunning letters": each account's dunning level, what is charged, the notices, and statements.

The Dunning sheet lists every account with money overdue after money on account (a
customer in credit is never dunned), its level, the notice due today (one level at a time,
with the DunningLevels table's minimum days between levels, and a letter of claim at least the
debtor's time to reply before any legal step), interest,
fees or Late Payment Act compensation, the total due and the pay-by date — all from the
engine (:func:`debtdesk.collections.dunning.dunning_run`) over the run's ledger state.
Accounts in Breathing Space, under a dispute of the whole account or with an open promise
to pay are paused: no notice, fee or interest.

A letter of claim follows the customer's Legal form (Customers table): to an individual, a sole
trader included, the Pre-Action Protocol for Debt Claims (30 days, Information Sheet and Reply
Form); to a company, the Practice Direction – Pre-Action Conduct and Protocols (14 days). A
commercial customer whose Legal form is blank gets the Protocol's letter, and the sheet's notes
name it (:mod:`debtdesk.collections.legal_form` says why).

For each email or letter notice it writes an .eml draft, or a letter as .docx and PDF, from
the templates (see :mod:`debtdesk.workbooks.letters`), and a statement of account for every
customer with a balance, into the book's ``documents_dir`` (headless: the folder the caller
gives; in Excel: a folder beside the workbook). Phone levels go to the worklist, legal steps to the firm's solicitor, not to
paper. Nothing is sent. Every notice is recorded in the DunningHistory table, one row per
invoice, with the interest, fee and compensation it claimed, so a level is never sent twice
and a fee or compensation never charged twice.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from debtdesk.collections.dunning import DEFAULT_LEVELS, dunning_run
from debtdesk.collections.legal_form import CLAIM_REPLY_DAYS, COMPANY_REPLY_DAYS
from debtdesk.collections.statements import account_statements
from debtdesk.macros.book import TableSpec
from debtdesk.macros.collections import (DUNNING_HISTORY, DUNNING_LEVELS, PROMISES, REFERENCE_RATES, WATCHED,
                                         CollectionsRun, collections_run, column_cells, notes_block)
from debtdesk.macros.journal import journal
from debtdesk.macros.publish import finish
from debtdesk.macros.registry import macro
from debtdesk.workbooks.letter_files import Batches

DUNNING = "Dunning"
MONEY = ("Amount overdue", "Interest", "Fees", "Compensation", "Total due")


@macro("dunning_letters")
def dunning_letters(book, run: CollectionsRun | None = None) -> pd.DataFrame:
    """Write the Dunning sheet, the notices and the statements; record the notices in DunningHistory."""
    from debtdesk.workbooks import letters

    run = run or collections_run(book)
    settings, state = run.settings, run.state
    levels = run.table(DUNNING_LEVELS)
    result = dunning_run(state, settings.dunning_rate, levels if levels is not None else DEFAULT_LEVELS,
                         run.table(DUNNING_HISTORY), run.table(REFERENCE_RATES))
    folder = getattr(book, "documents_dir", None)
    firm = letters.Firm(settings.firm, settings.firm_address, settings.firm_phone, settings.firm_email,
                        settings.payment_details, settings.signed_by)
    accounts = state.accounts.set_index(["Customer", "Currency"])
    documents: dict[tuple[str, str], str] = {}
    written: list[Path] = []
    if folder is not None:
        Path(folder).mkdir(parents=True, exist_ok=True)
        queue = Batches()  # letters and e-mail drafts written 64 at a time: the folder synced once a batch
        statements = account_statements(state)  # every account's lines at once, then one account at a time
        for notice in result.notices[result.notices["Send"]].to_dict("records"):
            key = (notice["Customer"], notice["Currency"])
            if notice["Channel"] in ("phone", "legal"):
                documents[key] = "phone call: see the Worklist" if notice["Channel"] == "phone" \
                    else "refer to the firm's solicitor"
                continue
            lines = result.lines_of(*key)
            account = accounts.loc[key].to_dict() | {"Customer": key[0], "Currency": key[1]}
            fields = letters.notice_fields(notice, lines, account, firm, state.as_of)
            text, source = letters.template_text(notice["Channel"], int(notice["Level"]), settings.templates,
                                                 notice["Legal form"])
            subject, body = letters.render(text, fields, source)
            stem = Path(folder) / letters.file_stem(len(written) + 1, key[0], int(notice["Level"]))
            if notice["Channel"] == "email":
                path = queue.add_file(stem.with_suffix(".eml"), letters.email_draft(
                    subject, letters.email_text(body, fields, firm), account.get("Email") or None,
                    settings.firm_email or None))
            else:
                claim = notice["Channel"] == "claim"
                path = queue.add(stem, letters.notice_letter(
                    subject, body, fields, lines, notice, firm, claim, statements(*key) if claim else None))
            written.append(path)
            documents[key] = path.name
        for account in state.accounts.to_dict("records"):
            if account["Balance"] == 0:
                continue
            stem = Path(folder) / letters.file_stem(len(written) + 1, account["Customer"], "statement")
            written.append(queue.add(stem, letters.statement_letter(
                account, statements(account["Customer"], account["Currency"]), firm, state.as_of)))
        queue.flush()
    else:
        for notice in result.notices[result.notices["Send"]].to_dict("records"):
            key = (notice["Customer"], notice["Currency"])
            documents[key] = {"phone": "phone call: see the Worklist", "legal": "refer to the firm's solicitor"}.get(
                notice["Channel"], "")
    sheet = result.notices.drop(columns="Send").assign(
        Document=[documents.get((c, k), "") for c, k in zip(result.notices["Customer"], result.notices["Currency"])])
    if len(state.currencies) == 1:
        sheet = sheet.drop(columns="Currency")
    ref = book.write_table(DUNNING, sheet, TableSpec(
        DUNNING, title=f"Dunning as of {book.region().dated(state.as_of)} — drafts only, nothing is sent",
        formats={**{c: "money" for c in MONEY}, "Pay by": "date", "Oldest days": "integer"},
        totals={c: "sum" for c in MONEY} if len(state.currencies) == 1 else {}))
    if len(sheet):
        cells, _ = column_cells(ref, sheet.columns, "Status")
        top = cells.split(":")[0]
        book.highlight(DUNNING, cells, f'OR(LEFT({top},6)="Paused",LEFT({top},4)="Wait")', "caution")
        book.highlight(DUNNING, cells, f'OR(LEFT({top},4)="Send",LEFT({top},4)="Call",LEFT({top},5)="Refer")', "good")
    notes = run.warnings() + list(state.notes) + unstated_forms(result.notices)
    if folder is None:
        notes.append("No documents folder (save the workbook first): no letters were written.")
        book.notify("Save the workbook first: letters are written to a folder beside it.")
    notes_block(book, DUNNING, ref, notes)
    finish(book, DUNNING, WATCHED + (PROMISES, DUNNING_LEVELS, REFERENCE_RATES))
    history = result.history_frame(state.as_of, documents)  # HISTORY_COLUMNS as columns: appended as they are
    if len(history):
        book.append_rows(DUNNING_HISTORY, history)
    sent = result.notices[result.notices["Send"]]
    paused = result.notices[result.notices["Status"].str.startswith("Paused")]
    outcome = f"{len(result.notices)} accounts overdue, {len(sent)} notices today, {len(paused)} paused"
    outcome += f"; {len(written)} documents in {Path(folder).name}" if folder else "; no documents folder, so no letters"
    journal(book, "Dunning letters", sent["Customer"], outcome)
    return sheet


def unstated_forms(notices: pd.DataFrame) -> list[str]:
    """A note naming the customers sent a letter of claim today whose Legal form is not given.

    >>> unstated_forms(pd.DataFrame({"Customer": ["Acme", "Bell Ltd"], "Channel": ["claim", "claim"],
    ...                              "Legal form": ["", "company"], "Send": [True, True]}))  # doctest: +NORMALIZE_WHITESPACE
    ['Legal form not given for Acme: the letter of claim follows the Pre-Action Protocol for Debt Claims, as for an
      individual (30 days to reply, Information Sheet, Reply Form and Financial statement). For a company, give Legal
      form company in Customers: its letter then follows the Practice Direction – Pre-Action Conduct (14 days).']
    """
    unstated = notices[notices["Send"] & (notices["Channel"] == "claim") & (notices["Legal form"] == "")]
    if not len(unstated):
        return []
    return [f"Legal form not given for {', '.join(unstated['Customer'])}: the letter of claim follows the Pre-Action "
            f"Protocol for Debt Claims, as for an individual ({CLAIM_REPLY_DAYS} days to reply, Information Sheet, "
            "Reply Form and Financial statement). For a company, give Legal form company in Customers: its letter then follows the Practice "
            f"Direction – Pre-Action Conduct ({COMPANY_REPLY_DAYS} days)."]
