"""What a letter says, apart from how it is typeset: one content model, rendered to .docx and PDF.

A :class:`Letter` holds plain text only (never markup): the letterhead, the recipient's
address, the date, reference lines, the subject, the body as :data:`Block` items, the
closing and signature, enclosures, a running head that names the client and reference
on every page, a footer (the firm's regulatory line) and an optional appendix that starts
on a new page (an income and expenditure statement, an itemised statement of account).
Both renderers (:mod:`debtdesk.workbooks.wordml` for .docx, :mod:`debtdesk.workbooks.typeset`
for PDF) take the same object, so the two files of a letter always say the same thing,
and text from data (a name such as ``=HYPERLINK(...)``) is printed exactly as typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence, Union

PAPERS = ("A4", "Letter")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of text; ``bold`` for a whole-paragraph emphasis (a subject, a total).

    >>> Paragraph("Please deal with us, not our client.").text
    'Please deal with us, not our client.'
    """

    text: str
    bold: bool = False


@dataclass(frozen=True)
class Heading:
    """A heading within the body or the appendix (level 1 or 2); ``new_page`` starts it on a fresh page
    (an enclosure the reader fills in and sends back on its own).

    >>> Heading("Income and expenditure statement").level, Heading("Financial statement", new_page=True).new_page
    (1, True)
    """

    text: str
    level: int = 1
    new_page: bool = False


@dataclass(frozen=True)
class Table:
    """A table of text already formatted for people (amounts with their currency, dates written out).

    ``align`` gives ``"left"`` or ``"right"`` per column (amounts right); ``bold_rows``
    are the 0-based body rows shown in bold (totals); ``group_rows`` are body rows that
    head a group (their first cell spans the table, e.g. "Household bills"); ``form`` makes it a form
    to fill in by hand (every cell boxed, every row tall enough to write a figure in).

    >>> t = Table(("Item", "Monthly"), (("Rent", "£650.00"), ("Total", "£650.00")), ("left", "right"), bold_rows=(1,))
    >>> len(t.rows), t.bold_rows
    (2, (1,))
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: tuple[str, ...] = ()
    bold_rows: tuple[int, ...] = ()
    group_rows: tuple[int, ...] = ()
    widths: tuple[float, ...] = ()  # relative column widths; equal when empty
    form: bool = False

    def __post_init__(self):
        if any(len(row) != len(self.columns) for i, row in enumerate(self.rows) if i not in self.group_rows):
            raise ValueError("every table row needs one cell per column")


Block = Union[Paragraph, Heading, Table]


@dataclass(frozen=True)
class Letter:
    """One letter, ready to render.

    Examples
    --------
    >>> letter = Letter(letterhead=("Harbour Debt Advice", "12 Quay Street, Bristol BS1 4DJ"),
    ...                 recipient=("Barclaycard", "PO Box 9155", "Leicester LE4 3ZZ"),
    ...                 date="27 November 2026", subject="Jane Doe: proposal for account ending 1234",
    ...                 body=(Paragraph("We write on behalf of our client."),),
    ...                 signature=("Sam Patel", "Debt adviser"))
    >>> letter.paper, letter.salutation, letter.closing
    ('A4', 'Dear Sir or Madam', 'Yours faithfully')
    """

    letterhead: tuple[str, ...]
    recipient: tuple[str, ...]
    date: str
    subject: str
    body: tuple[Block, ...]
    signature: tuple[str, ...] = ()
    references: tuple[tuple[str, str], ...] = ()
    salutation: str = "Dear Sir or Madam"
    closing: str = "Yours faithfully"
    enclosures: tuple[str, ...] = ()
    running_head: str = ""
    footer: str = ""
    appendix: tuple[Block, ...] = ()
    paper: str = "A4"
    language: str = "en-GB"

    def __post_init__(self):
        if self.paper not in PAPERS:
            raise ValueError(f"paper {self.paper!r} is not one of {', '.join(PAPERS)}")

    def text(self) -> list[str]:
        """Every piece of text in reading order (what a reader of either file sees), for checks.

        >>> Letter(("Firm",), ("Creditor",), "1 May 2026", "Re", (Paragraph("Body"),)).text()[:5]
        ['Firm', 'Creditor', '1 May 2026', 'Dear Sir or Madam,', 'Re']
        """
        out = [*self.letterhead, *self.recipient, self.date]
        out += [f"{label}: {value}" for label, value in self.references]
        out += [f"{self.salutation},", self.subject, *_block_text(self.body), f"{self.closing},", *self.signature]
        if self.enclosures:
            out += ["Enclosures: " + "; ".join(self.enclosures)]
        return out + _block_text(self.appendix)


def paper_for(country: str) -> str:
    """The paper letters are printed on in ``country``: US Letter in the US and Canada, else A4.

    >>> paper_for("United States"), paper_for("US"), paper_for("England and Wales")
    ('Letter', 'Letter', 'A4')
    """
    return "Letter" if str(country).strip().lower() in _LETTER_COUNTRIES else "A4"


_LETTER_COUNTRIES = {"us", "usa", "united states", "united states of america", "ca", "canada"}


def _block_text(blocks: Sequence[Block]) -> list[str]:
    out = []
    for block in blocks:
        if isinstance(block, Table):
            out += [" | ".join(block.columns)] + [" | ".join(row) for row in block.rows]
        else:
            out.append(block.text)
    return out
