"""Creditor proposal documents: for each creditor a .docx and a PDF saying the same thing.

The content comes from :func:`debtdesk.proposals.letters` as one
:class:`debtdesk.letter.Letter` per creditor (the letter, then the income and expenditure
statement on a new page); this module only names the files and writes them. The .docx is
WordprocessingML written directly (:mod:`debtdesk.workbooks.wordml`), the PDF is typeset by
Typst with an embedded font (:mod:`debtdesk.workbooks.typeset`): no word processor is needed,
a letter looks the same on every machine, and both files are on the paper of the client's
country. Every letter of a call is rendered before the first file is written, and the files
are written atomically together (the folder synced once), so a failure leaves the folder as it was. Text from data is set as
text: a client named ``=HYPERLINK(...)`` is printed as typed.
"""

from __future__ import annotations

from datetime import datetime, time, timezone
from pathlib import Path
from typing import Sequence

from debtdesk.proposals import Proposal
from debtdesk.workbooks.letter_files import write_letters
from debtdesk.workbooks.safe_names import check_name, inside, safe_component, unique_names


def document_name(reference: str, creditor: str) -> str:
    """A portable file name for a creditor's proposal (.docx; its PDF has the same stem): the
    client's reference (an id, refused when it cannot name a file) and the creditor's name made safe.

    >>> document_name("C-1003", "Energy arrears / E.ON")
    'C-1003 Energy-arrears-E-ON.docx'
    >>> document_name("../../escaped", "Visa")
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: Client ID: '../../escaped' cannot name a file: holds '/', which no file name may hold ...
    """
    safe = safe_component(creditor, default="creditor")
    return f"{check_name(reference, 'Client ID')} {safe}.docx" if reference else f"{safe}.docx"


def write_proposals(proposals: Sequence[Proposal], folder: str | Path, reference: str = "") -> list[Path]:
    """Write each proposal into ``folder`` as a .docx and a PDF of the same name; returns the
    .docx paths in order (each PDF is ``path.with_suffix(".pdf")``).

    Parameters
    ----------
    proposals : sequence of Proposal
        From :func:`debtdesk.proposals.letters`.
    folder : str or Path
        Created when missing.
    reference : str
        The client's reference, which starts every file name.

    Examples
    --------
    >>> import pandas as pd, tempfile, docx
    >>> from debtdesk.proposals import proposals
    >>> debts = pd.DataFrame({"Name": ["Visa"], "Type": ["Credit card"], "Balance": [900.0], "Minimum": [60.0]})
    >>> found = proposals(1500, 1450, debts, client="Ann Lee", on="2026-11-01")
    >>> (path,) = write_proposals(found, tempfile.mkdtemp(), "C-1")
    >>> path.name, path.with_suffix(".pdf").read_bytes()[:5]
    ('C-1 Visa.docx', b'%PDF-')
    >>> docx.Document(path).tables[-1].rows[-1].cells[1].text
    '£50.00'
    """
    folder = Path(folder)
    names = unique_names(document_name(reference, p.creditor) for p in proposals)  # "Visa 1" and "Visa/1" both live
    paths = [inside(folder, name) for name in names]
    return write_letters(paths, [p.letter() for p in proposals],  # the PDF dated the letter's day: a rerun, the same file
                         [datetime.combine(p.day, time(), timezone.utc) if p.day else None for p in proposals])
