"""Letters to PDF with Typst: a proper A4 or US Letter PDF with embedded fonts, in milliseconds.

The layout is one static Typst file shipped with DebtDesk (``letter.typ``); the letter's
content goes in as JSON through Typst's ``sys.inputs`` and is set as text, never read as
markup, so a creditor or client name holding ``#``, ``*`` or ``=HYPERLINK(...)`` prints as
typed. Only the fonts built into Typst are used (Libertinus Serif), so a letter looks the
same on every machine, with or without LibreOffice or any installed font.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources

from debtdesk.letter import Heading, Letter, Paragraph, Table


def letter_pdf(letter: Letter, *, created: datetime | None = None) -> bytes:
    """The letter as PDF bytes.

    Parameters
    ----------
    letter : debtdesk.letter.Letter
        What the letter says.
    created : datetime, optional
        The PDF's creation time (timezone-aware); now when omitted.

    Returns
    -------
    bytes

    Examples
    --------
    >>> from debtdesk.letter import Paragraph
    >>> pdf = letter_pdf(Letter(("Harbour Debt Advice",), ("Barclaycard",), "27 November 2026",
    ...                         "Jane Doe", (Paragraph("We write on behalf of our client."),)))
    >>> pdf[:5]
    b'%PDF-'
    """
    moment = (created or datetime.now(timezone.utc)).replace(microsecond=0)
    compiler, layout = _compiler()
    return compiler.compile(layout, sys_inputs={"letter": json.dumps(_plain(letter))}, timestamp=moment)


@lru_cache(maxsize=1)
def _compiler():
    """(compiler, layout) once per process: the fonts are loaded once."""
    import typst

    layout = resources.files("debtdesk.workbooks").joinpath("letter.typ").read_bytes()
    return typst.Compiler(ignore_system_fonts=True), layout


def _plain(letter: Letter) -> dict:
    """The letter as JSON-ready values, each block tagged with its kind (fields read as they are: they hold
    text, numbers and tuples of them; ``dataclasses.asdict`` would deep-copy every one)."""
    out = {f.name: getattr(letter, f.name) for f in dataclasses.fields(letter)}
    out["body"], out["appendix"] = _blocks(letter.body), _blocks(letter.appendix)
    return out


def _blocks(blocks) -> list[dict]:
    kinds = {Paragraph: "paragraph", Heading: "heading", Table: "table"}
    return [dict({f.name: getattr(b, f.name) for f in dataclasses.fields(b)}, kind=kinds[type(b)]) for b in blocks]
