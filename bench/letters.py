"""Before and after, letter for letter: the .docx and PDF letters two runs wrote, compared by their text.

A speed-up must not change what a creditor reads. :func:`letter_differences` pairs the letters
of two folders by name and compares each .docx's text (every paragraph, table cell, header and
footer, read with python-docx) and each PDF's text as ``pdftotext -layout`` lays it out.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


def docx_text(path: Path) -> str:
    """Everything a reader sees in a .docx, in order: body paragraphs and table cells, then headers and footers."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    lines = []
    for block in document.element.body.iterchildren():
        if block.tag.endswith("}p"):
            lines.append(Paragraph(block, document).text)
        elif block.tag.endswith("}tbl"):
            lines += [" | ".join(cell.text for cell in row.cells) for row in Table(block, document).rows]
    for section in document.sections:
        lines += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return "\n".join(lines)


def pdf_text(path: Path) -> str:
    """The PDF's text as ``pdftotext -layout`` reads it."""
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def letter_differences(before: Path, after: Path) -> tuple[int, list[str]]:
    """(letters compared, differences) between the .docx and .pdf files under two folders, paired by relative path.

    >>> import tempfile
    >>> from debtdesk.letter import Letter, Paragraph
    >>> from debtdesk.workbooks.wordml import write_docx
    >>> folder = Path(tempfile.mkdtemp())
    >>> for side, text in (("a", "We write for our client."), ("b", "We write for our client!")):
    ...     _ = write_docx(Letter(("Harbour Debt Advice",), ("Barclaycard",), "27 November 2026", "Jane Doe",
    ...                           (Paragraph(text),)), folder / side / "C-1 Barclaycard.docx")
    >>> letter_differences(folder / "a", folder / "a"), letter_differences(folder / "a", folder / "b")[1]
    ((1, []), ['C-1 Barclaycard.docx: text differs'])
    """
    found, compared = [], 0
    names = sorted({p.relative_to(before) for p in before.rglob("*") if p.suffix in (".docx", ".pdf")}
                   | {p.relative_to(after) for p in after.rglob("*") if p.suffix in (".docx", ".pdf")})
    for name in names:
        old, new = before / name, after / name
        if not (old.exists() and new.exists()):
            found.append(f"{name}: only {'after' if new.exists() else 'before'}")
            continue
        read = docx_text if name.suffix == ".docx" else pdf_text
        compared += 1
        if read(old) != read(new):
            found.append(f"{name}: text differs")
    return compared, found
