"""Creditor proposal documents: one .docx per creditor (letter, then the income and
expenditure statement), and a PDF of each when LibreOffice is installed (converted by
:mod:`debtdesk.workbooks.documents`: at once, or after a headless batch).

The content comes from :func:`debtdesk.proposals.proposals`; this module only lays it
out. Every text goes into the document as a text run, so a client name such as
``=HYPERLINK(...)`` is printed as typed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from debtdesk.atomic import atomic_path
from debtdesk.proposals import Proposal
from debtdesk.workbooks.documents import convert_or_defer
from debtdesk.workbooks.safe_names import check_name, inside, safe_component, unique_names


def document_name(reference: str, creditor: str) -> str:
    """A portable file name for a creditor's proposal: the client's reference (an id, refused
    when it cannot name a file) and the creditor's name made safe.

    >>> document_name("C-1003", "Energy arrears / E.ON")
    'C-1003 Energy-arrears-E-ON.docx'
    >>> document_name("../../escaped", "Visa")
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: Client ID: '../../escaped' cannot name a file: holds '/', which no file name may hold ...
    """
    safe = safe_component(creditor, default="creditor")
    return f"{check_name(reference, 'Client ID')} {safe}.docx" if reference else f"{safe}.docx"


def write_proposal(proposal: Proposal, path: str | Path) -> Path:
    """Write one creditor's proposal as a .docx (atomically); returns the path.

    Examples
    --------
    >>> import pandas as pd, tempfile, docx
    >>> from debtdesk.proposals import proposals
    >>> debts = pd.DataFrame({"Name": ["Visa"], "Type": ["Credit card"], "Balance": [900.0], "Minimum": [60.0]})
    >>> p = proposals(1500, 1450, debts, client="Ann Lee", on="2026-11-01")[0]
    >>> out = write_proposal(p, Path(tempfile.mkdtemp()) / "Visa.docx")
    >>> docx.Document(out).tables[0].rows[-1].cells[2].text
    '50.00'
    """
    path = Path(path)
    document = Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Calibri", Pt(11)
    for i, line in enumerate(proposal.letterhead):
        header = document.add_paragraph()
        header.add_run(line).bold = i == 0
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for line in (*proposal.recipient, proposal.date, *(f"{label}: {value}" for label, value in proposal.references)):
        document.add_paragraph(line)
    document.add_paragraph("Dear Sir or Madam,")
    subject = document.add_paragraph()
    subject.add_run("Re: " + proposal.subject).bold = True
    for text in proposal.paragraphs:
        document.add_paragraph(text)
    for line in ("Yours faithfully,", *proposal.signature, "Enclosures: " + "; ".join(proposal.enclosures),
                 proposal.footer):
        document.add_paragraph(line)
    document.add_page_break()
    document.add_heading("Income and expenditure statement", level=1)
    client = next((value for label, value in proposal.references if label == "Our client"), "")
    document.add_paragraph(f"{client}. {proposal.household}. Monthly figures.")
    table = document.add_table(rows=1, cols=3)
    table.style = "Light Grid Accent 1"
    for cell, title in zip(table.rows[0].cells, ("Section", "Item", "Monthly")):
        cell.text = title
    for row in proposal.statement.itertuples(index=False):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = str(row.Section), str(row.Item), f"{row.Monthly:,.2f}"
        cells[2].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if str(row.Item).startswith(("Total", "Available")):
            for cell in cells:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    with atomic_path(path) as tmp:
        document.save(tmp)
    return path


def write_proposals(proposals: Sequence[Proposal], folder: str | Path, reference: str = "",
                    pdf: bool = True) -> list[Path]:
    """Write each proposal into ``folder`` as .docx and, when ``pdf``, have it converted to PDF
    where LibreOffice is installed: now, or after the batch inside
    :func:`debtdesk.workbooks.documents.deferred`. Returns the .docx paths in order."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    names = unique_names(document_name(reference, p.creditor) for p in proposals)  # "Visa 1" and "Visa/1" both live
    written = [write_proposal(p, inside(folder, name)) for p, name in zip(proposals, names)]
    if pdf and written:
        convert_or_defer(written)
    return written
