"""What a PDF says, page by page, as a reader sees it: the tests' way to read back a letter or a printout.

PDFium (through pypdfium2, the engine Chrome renders PDFs with) extracts a page's text in C++: about
25x less CPU than pypdf's pure-Python extraction, and it keeps cells printed side by side apart
(pypdf ran "£147.40" and "35.29%" into "£147.4035.29%"). pypdf still reads the documents' structure
(page sizes, fonts), which costs little.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium


def pages_text(pdf: Path | str | bytes) -> list[str]:
    """The text of each page of ``pdf`` (a path or the file's bytes), lines separated by ``\\n``.

    Example::

        pages_text(tmp_path / "letter.pdf")   # ['Harbour Joinery Ltd\\nYour account with us ...', ...]
    """
    document = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        return [page.get_textpage().get_text_range().replace("\r\n", "\n") for page in document]
    finally:
        document.close()


def text(pdf: Path | str | bytes) -> str:
    """Every page's text of ``pdf`` with all whitespace made single spaces: what a test searches for a sentence.

    Example::

        assert "please pay £1,240.00 now." in text(tmp_path / "letter.pdf")
    """
    return " ".join(" ".join(pages_text(pdf)).split())
