"""The firm's collections exports for ``debtdesk regenerate --ledger``: customers, contacts, promises, disputes.

A nightly run regenerates the collections workbook from the AR ledger and the exports
beside it, named for what they hold among the ``--data`` files: ``customers``,
``contacts``, ``promises``, ``disputes``, ``receipts`` (dated payments against invoices),
``dunning`` (notices already sent), ``columns`` (the firm's column map) and ``settings``
(Input, Value rows over the workbook's defaults: firm, currency, time zone, call limits,
payment details), each ``.csv``, ``.xlsx`` or ``.parquet``. Without the contact log, the dispute register, the
promises or the customers, a compliance guard cannot work (Regulation F's call counts,
the CONC 7.14 hold, the pause for an open promise, Breathing Space and time zones): the
run goes ahead, but the summary says so loudly and the workbook's Worklist and Dunning
sheets say NOT SUPPLIED on every row it could change.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Iterable

import pandas as pd

from debtdesk.collections.compliance import to_datetime
from debtdesk.columns import normalise
from debtdesk.dates import to_date
from debtdesk.errors import DebtDeskError
from debtdesk.reading import Locale, reading
from debtdesk.workbooks.fastio import READABLE, read_frame
from debtdesk.workbooks.manifest import sha256_file
from debtdesk.workbooks.jobs import Job
from debtdesk.workbooks.sources import ledger_frame, ledger_job

#: File-name stem -> the collections workbook table it fills.
EXPORTS = {"customers": "Customers", "contacts": "Contacts", "promises": "Promises", "disputes": "Disputes",
           "receipts": "Payments", "dunning": "DunningHistory", "columns": "ColumnMap", "settings": "Settings"}
#: Exports whose absence switches a guard off, and what is lost (said in the run's summary).
GUARDED = {
    "contacts": "Regulation F's call counts cannot be applied, so no account under them is proposed as 'Call now'",
    "disputes": "open disputes cannot be held (CONC 7.14)",
    "promises": "open promises to pay cannot pause calls and letters",
    "customers": "Breathing Space, time zones, regimes, credit limits and holds are unknown",
}
#: Columns read as dates (and date-times) when an export holds them as text.
DATES = ("Payment Date", "Made on", "Promised Date", "Opened", "Resolved", "Sent on", "Breathing space from",
         "Breathing space until")
TIMES = ("Contact Time",)
#: collections_workbook's keyword for each table.
KEYWORDS = {"Customers": "customers", "Contacts": "contacts", "Promises": "promises", "Disputes": "disputes",
            "Payments": "payments", "DunningHistory": "dunning_history", "ColumnMap": "column_map"}


def split_exports(files: Iterable[str | Path]) -> tuple[dict[str, Path], list[Path]]:
    """The collections exports among ``--data`` files (by file name), and the other files.

    >>> exports, rest = split_exports(["x/clients.csv", "x/Disputes-2026.csv", "x/contacts.xlsx"])
    >>> sorted(exports), [p.name for p in rest]
    (['contacts', 'disputes'], ['clients.csv'])
    """
    exports: dict[str, Path] = {}
    rest = []
    for path in map(Path, files):
        stem = normalise(path.stem)
        kind = next((k for k in EXPORTS if stem.startswith(k)), None)
        if kind is None:
            rest.append(path)
            continue
        if path.suffix.lower() not in READABLE:
            raise DebtDeskError("data", f"{path.name}: expected one of {', '.join(READABLE)}")
        if kind in exports:
            raise DebtDeskError("data", f"{path.name} and {exports[kind].name} both hold {kind}; give one file each")
        exports[kind] = path
    return exports, rest


def collections_job(ledger: str | Path, out_dir: Path, as_of, exports: dict[str, Path],
                    locale: Locale | None = None) -> Job:
    """The collections workbook job with its exports, all read in ``locale`` when it runs; its input hash
    covers every file's bytes, the date and the locale."""
    job = ledger_job(ledger, out_dir, as_of, locale)
    digests = [job.input_sha256]
    for kind in sorted(exports):
        digest = sha256_file(exports[kind])
        if digest is None:
            raise DebtDeskError("--data", f"{exports[kind]} does not exist")
        digests.append(f"{kind}:{digest}")
    payload = json.dumps({kind: str(Path(path).resolve()) for kind, path in sorted(exports.items())})
    return dataclasses.replace(job, payload=payload, input_sha256=hashlib.sha256(" ".join(digests).encode()).hexdigest())


def missing_exports(exports: dict[str, Path]) -> list[str]:
    """One loud line per guarded export a ``--ledger`` run was not given.

    >>> missing_exports({"contacts": Path("c.csv"), "customers": Path("k.csv"), "promises": Path("p.csv")})
    ['WARNING collections: no disputes export among --data (a file named disputes.csv, .xlsx or .parquet): open disputes cannot be held (CONC 7.14); the Worklist and Dunning sheets say NOT SUPPLIED']
    """
    return [f"WARNING collections: no {kind} export among --data (a file named {kind}.csv, .xlsx or .parquet): "
            f"{lost}; the Worklist and Dunning sheets say NOT SUPPLIED" for kind, lost in GUARDED.items()
            if kind not in exports]


def collections_book(job: Job):
    """The collections workbook of a ``--ledger`` job: the ledger and its exports in the template."""
    from debtdesk.workbooks.documents import documents_folder
    from debtdesk.workbooks.template import collections_workbook

    exports = {kind: Path(path) for kind, path in json.loads(job.payload or "{}").items()}
    with reading(job.locale):
        tables = {KEYWORDS[EXPORTS[kind]]: export_frame(path) for kind, path in exports.items() if kind != "settings"}
        settings = _settings(exports["settings"]) if "settings" in exports else {}
    missing = [EXPORTS[kind] for kind in GUARDED if kind not in exports]
    return collections_workbook(ledger_frame(job.source, job.locale), job.as_of, not_supplied=missing, settings=settings,
                                documents_dir=documents_folder(job.output), locale=job.locale, **tables)


def _settings(path: Path) -> dict:
    """A settings export (Input, Value) as {label: value}."""
    from debtdesk.columns import select_columns
    from debtdesk.values import cell_text

    table = select_columns(read_frame(path), ["Input", "Value"], (), path.name)
    return {cell_text(k, ""): (None if v != v else v) for k, v in zip(table["Input"], table["Value"]) if cell_text(k, "")}


def export_frame(path: str | Path) -> pd.DataFrame:
    """An export file with its date and date-time columns read in the current locale (cells that are not
    dates are left for the macros to name).

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "contacts.csv")
    >>> _ = open(p, "w").write("Customer,Contact Time,Type\\nA,2026-10-27 09:30,attempt\\n")
    >>> export_frame(p).iloc[0]["Contact Time"]
    datetime.datetime(2026, 10, 27, 9, 30)
    """
    frame = read_frame(path).astype(object)
    frame = frame.where(frame.notna(), None)
    dates, times = {normalise(c) for c in DATES}, {normalise(c) for c in TIMES}
    for column in frame.columns:
        key = normalise(column)
        if key in dates or key in times:
            frame[column] = pd.Series([_read(v, key in times) for v in frame[column]], index=frame.index, dtype=object)
    return frame


def _read(value, with_time: bool):
    if value is None:
        return None
    try:
        return to_datetime(value, "export") if with_time else to_date(value, "export")
    except DebtDeskError:
        return value
