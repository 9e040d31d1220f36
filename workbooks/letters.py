"""Dunning letters (.docx) and email drafts (.eml) from editable text templates. Nothing is sent.

A template is plain text: a first line ``Subject: ...``, a blank line, then the body, with
``$placeholders`` (Python :class:`string.Template`): ``$customer``, ``$address``,
``$level``, ``$amount_overdue``, ``$oldest_days``, ``$interest``, ``$fee``,
``$total_due``, ``$as_of``, ``$firm``, ``$items`` (one line per overdue invoice).
DebtDesk ships ``dunning_email.txt``, ``dunning_letter.txt`` and ``dunning_letter_3.txt``
(package data); a firm overrides any of them by putting a file of the same name in its
own templates folder, and may add per-level files named ``dunning_{channel}_{level}.txt``.
Lookup order: firm per-level, firm per-channel, DebtDesk per-level, DebtDesk per-channel.

Values from data are inserted as text: a customer called ``=1+1`` is written ``=1+1``
in the letter and the email, never evaluated; line breaks are removed from email headers.
"""

from __future__ import annotations

import re
import string
from datetime import date
from email import policy
from email.message import EmailMessage
from importlib import resources
from pathlib import Path
from typing import Mapping

import pandas as pd

from debtdesk.atomic import atomic_path
from debtdesk.errors import DebtDeskError
from debtdesk.workbooks.safe_names import safe_component

PLACEHOLDERS = ("customer", "address", "level", "amount_overdue", "oldest_days", "interest", "fee", "total_due",
                "as_of", "firm", "items")


def template_text(channel: str, level: int, folder: str | Path | None = None) -> tuple[str, str]:
    """(template text, where it came from) for a channel ("email" or "letter") and level.

    >>> text, source = template_text("letter", 3)
    >>> text.splitlines()[0], source
    ('Subject: Final notice: $total_due due', 'DebtDesk dunning_letter_3.txt')
    """
    if channel not in ("email", "letter"):
        raise DebtDeskError("channel", f"{channel!r} has no template (expected email or letter)")
    names = (f"dunning_{channel}_{level}.txt", f"dunning_{channel}.txt")
    if folder is not None:
        folder = Path(folder)
        if not folder.is_dir():
            raise DebtDeskError("templates", f"folder {folder} does not exist")
        for name in names:
            if (folder / name).is_file():
                return (folder / name).read_text("utf-8"), str(folder / name)
    shipped = resources.files("debtdesk.samples")
    for name in names:
        if shipped.joinpath(name).is_file():
            return shipped.joinpath(name).read_text("utf-8"), f"DebtDesk {name}"
    raise DebtDeskError("templates", f"no template {' or '.join(names)}")  # pragma: no cover - shipped files exist


def render(text: str, fields: Mapping[str, object], source: str = "template") -> tuple[str, str]:
    """(subject, body) of a template filled with ``fields``; an unknown placeholder is an error.

    Examples
    --------
    >>> render("Subject: Hello $customer\\n\\nYou owe $total_due.", {"customer": "=1+1", "total_due": "10.00"})
    ('Hello =1+1', 'You owe 10.00.')
    >>> render("Subject: x\\n\\n$nope", {})
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: template: template uses $nope, which is not a placeholder (known: customer, address, level, amount_overdue, oldest_days, interest, fee, total_due, as_of, firm, items)
    """
    first, _, rest = text.partition("\n")
    if not first.lower().startswith("subject:"):
        raise DebtDeskError("template", f"{source} must start with a 'Subject: ...' line")
    values = {k: "" if v is None else str(v) for k, v in fields.items()}
    try:
        subject = string.Template(first[len("subject:"):].strip()).substitute(values)
        body = string.Template(rest.strip("\n")).substitute(values)
    except KeyError as missing:
        raise DebtDeskError("template", f"{source} uses ${missing.args[0]}, which is not a placeholder "
                            f"(known: {', '.join(PLACEHOLDERS)})") from None
    except ValueError as error:
        raise DebtDeskError("template", f"{source} has a stray $ ({error}); write $$ for a dollar sign") from None
    return subject, body


def write_letter(path: str | Path, subject: str, body: str, fields: Mapping[str, object],
                 items: pd.DataFrame | None = None) -> Path:
    """A .docx letter: firm, date, address block, subject heading, body and the overdue items table."""
    from docx import Document

    document = Document()
    document.add_paragraph(str(fields.get("firm", "")))
    document.add_paragraph(str(fields.get("as_of", "")))
    for line in [str(fields.get("customer", ""))] + _lines(fields.get("address")):
        document.add_paragraph(line)
    document.add_heading(subject, level=1)
    for paragraph in body.split("\n\n"):
        if paragraph.strip() == str(fields.get("items", "")).strip() and items is not None and len(items):
            _items_table(document, items)
        else:
            document.add_paragraph(paragraph)
    with atomic_path(path) as tmp:
        document.save(tmp)
    return Path(path)


def write_email(path: str | Path, subject: str, body: str, to: str | None, sender: str | None) -> Path:
    """An .eml draft (``X-Unsent: 1`` so mail programs open it as a draft to review and send)."""
    message = EmailMessage(policy=policy.SMTP)
    message["Subject"] = _header(subject)
    if sender:
        message["From"] = _header(sender)
    if to:
        message["To"] = _header(to)
    message["X-Unsent"] = "1"
    message.set_content(body)
    with atomic_path(path) as tmp:
        tmp.write_bytes(message.as_bytes())
    return Path(path)


def items_text(items: pd.DataFrame) -> str:
    """One line per overdue item: invoice, due date, days overdue, outstanding.

    >>> items_text(pd.DataFrame({"Invoice": ["INV-1"], "Due Date": [date(2026, 8, 14)], "Days": [79],
    ...                          "Outstanding": [3281.44]}))
    'INV-1  due 2026-08-14  79 days overdue  3,281.44'
    """
    return "\n".join(f"{inv}  due {due:%Y-%m-%d}  {days} days overdue  {amount:,.2f}"
                     for inv, due, days, amount in zip(items["Invoice"], items["Due Date"], items["Days"],
                                                       items["Outstanding"]))


def file_stem(number: int, customer: str, level: int) -> str:
    """A safe file name for the ``number``-th document: letters, digits and dashes only.

    >>> file_stem(3, "=1+1", 2), file_stem(10, "Fenwick & Sons", 3), file_stem(11, "../../x", 1)
    ('03-1-1-level2', '10-Fenwick-Sons-level3', '11-x-level1')
    """
    return f"{number:02d}-{safe_component(customer, default='customer', max_bytes=40)}-level{level}"


def _header(value: str) -> str:
    return re.sub(r"[\r\n]+", " ", str(value)).strip()


def _lines(address) -> list[str]:
    if address is None or (isinstance(address, float) and address != address):
        return []
    return [part.strip() for part in re.split(r"[,\n]", str(address)) if part.strip()]


def _items_table(document, items: pd.DataFrame) -> None:
    table = document.add_table(rows=1, cols=4)
    for cell, title in zip(table.rows[0].cells, ("Invoice", "Due date", "Days overdue", "Outstanding")):
        cell.text = title
    for inv, due, days, amount in zip(items["Invoice"], items["Due Date"], items["Days"], items["Outstanding"]):
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text, row[3].text = str(inv), f"{due:%Y-%m-%d}", str(days), f"{amount:,.2f}"
