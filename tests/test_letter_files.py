"""One letter, two files: the .docx (WordprocessingML) and the PDF (Typst) say the same thing.

Both files are read back as a reader would (python-docx, pypdf's text), never compared with
what the code meant to write.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, timezone

import docx
import pytest
from pypdf import PdfReader

from conftest import require_libreoffice
from libreoffice import to_pdf
from pdf_text import pages_text

from debtdesk.letter import Heading, Letter, Paragraph, Table, paper_for
from debtdesk.workbooks.typeset import letter_pdf
from debtdesk.workbooks.wordml import letter_docx

ODD = '=HYPERLINK("http://example.invalid","Sam") #strong[x] $5 *bold* @ref <b> & "quotes" \\ [1]'
STATEMENT = Table(("Item", "Monthly"),
                  (("Income",), ("Wages", "£2,100.00"), ("Total income", "£2,100.00"),
                   ("Household bills",), ("Rent", "£650.00"), ("Total outgoings", "£650.00")),
                  ("left", "right"), bold_rows=(2, 5), group_rows=(0, 3), widths=(3, 1))


def letter(paper="A4", paragraphs=3, name="Ms Jane Doe") -> Letter:
    return Letter(
        letterhead=("Harbour Debt Advice", "12 Quay Street, Bristol BS1 4DJ"),
        recipient=("Barclays Bank UK PLC", "PO Box 9155", "Leicester LE4 3ZZ"),
        date="27 November 2026", references=(("Our ref", "C-1001"), ("Your account", "4929 0000 0000 1234")),
        subject=f"{name}: repayment proposal",
        body=tuple(Paragraph(f"Paragraph {i}: {ODD}") for i in range(paragraphs)) + (STATEMENT,),
        signature=("Sam Patel", "Debt adviser"), enclosures=("Income and expenditure statement",),
        running_head=f"{name} · our ref C-1001", footer="Authorised and regulated by the FCA (FRN 123456).",
        appendix=(Heading("Income and expenditure statement"), STATEMENT), paper=paper)


def words(lines) -> list[str]:
    return [w for line in lines for w in line.split() if w != "|"]


def pdf_text(data: bytes) -> tuple[list[str], list[str]]:
    """(body lines, running head and footer lines) of a PDF, page by page."""
    body, margins = [], []
    for page in pages_text(data):
        for line in page.splitlines():
            (margins if re.search(r"Page \d+ of \d+$", line) else body).append(line)
    return body, margins


def docx_text(data: bytes) -> list[str]:
    """Paragraphs and table rows of the document body, in order (line breaks and tabs as spaces)."""
    def text(element) -> str:
        return "".join(node.text or "" if node.tag.endswith("}t") else " " for node in element.iter()
                       if node.tag.endswith(("}t", "}br", "}tab")))

    out = []
    for element in docx.Document(io.BytesIO(data)).element.body:
        if element.tag.endswith("}p"):
            out.append(text(element))
        elif element.tag.endswith("}tbl"):
            out += [" ".join(text(c) for c in row if c.tag.endswith("}tc"))
                    for row in element.iter() if row.tag.endswith("}tr")]
    return [line for line in out if line.strip()]


def test_both_files_say_what_the_letter_says_in_the_same_order():
    one = letter()
    body, margins = pdf_text(letter_pdf(one))
    assert words(body) == words(one.text())
    assert words(docx_text(letter_docx(one))) == words(one.text())
    assert " ".join(ODD.split()) in " ".join(words(body))  # as typed, never read as markup or a formula


def test_every_page_says_page_x_of_y_and_later_pages_name_the_client():
    data = letter_pdf(letter(paragraphs=14))
    pages = len(PdfReader(io.BytesIO(data)).pages)
    assert pages == 3
    _, margins = pdf_text(data)
    assert [m for m in margins if "FRN" in m] == [
        f"Authorised and regulated by the FCA (FRN 123456). Page {n} of {pages}" for n in range(1, pages + 1)]
    assert [m for m in margins if "our ref" in m] == [
        f"Ms Jane Doe · our ref C-1001 Page {n} of {pages}" for n in range(2, pages + 1)]
    package = zipfile.ZipFile(io.BytesIO(letter_docx(letter(paragraphs=14))))
    assert ' PAGE ' in package.read("word/footer1.xml").decode() and ' NUMPAGES ' in package.read("word/footer1.xml").decode()
    assert "Ms Jane Doe · our ref C-1001" in package.read("word/header1.xml").decode()
    assert "<w:titlePg/>" in package.read("word/document.xml").decode()  # no running head on page 1


@pytest.mark.parametrize("country, points, twips", [
    ("England and Wales", (595.2756, 841.8898), (11906, 16838)),
    ("United States", (612, 792), (12240, 15840))])
def test_paper_follows_the_country(country, points, twips):
    one = letter(paper=paper_for(country))
    box = PdfReader(io.BytesIO(letter_pdf(one))).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(points, abs=0.01)
    document = zipfile.ZipFile(io.BytesIO(letter_docx(one))).read("word/document.xml").decode()
    assert f'<w:pgSz w:w="{twips[0]}" w:h="{twips[1]}"/>' in document


def signed_off(paragraphs: int) -> Letter:
    """A letter whose body is ``paragraphs`` plain paragraphs, so that some length ends a page at its sign-off."""
    text = "we write about the account and the plan the client can afford each month."
    return Letter(("Harbour Debt Advice", "12 Quay Street, Bristol BS1 4DJ"), ("Barclays Bank UK PLC", "Leicester LE4 3ZZ"),
                  "27 November 2026", "Ms Jane Doe: repayment proposal",
                  tuple(Paragraph(f"Paragraph {i}: {text}") for i in range(paragraphs)),
                  signature=("Sam Patel", "Debt adviser"), closing="Yours sincerely", running_head="Ms Jane Doe")


def sign_off_alone(pages: list[str]) -> bool:
    """Whether the closing is on another page than the signature, or on a page without body text before it."""
    closing = next(i for i, page in enumerate(pages) if "Yours sincerely," in page)
    signature = next(i for i, page in enumerate(pages) if "Sam Patel" in page)
    return closing != signature or "Paragraph" not in pages[closing].split("Yours sincerely,")[0]


def test_the_sign_off_never_stands_alone_on_a_page(tmp_path):
    """At every length from one page to three, the closing, the signature and the body's last paragraph share a
    page, in the PDF and in the .docx as LibreOffice lays it out (Word honours the same keep-with-next and
    keep-lines-together). Before, "Yours sincerely," ended page 1 with the name alone on page 2 (the PDF at 23-26
    paragraphs), or the sign-off stood on a page without a word of the letter (the PDF at 27, the .docx at 14)."""
    require_libreoffice()
    lengths = range(10, 40)
    files = [tmp_path / f"{n}.docx" for n in lengths]
    for n, path in zip(lengths, files):
        path.write_bytes(letter_docx(signed_off(n)))
    laid_out = {"PDF": {n: pages_text(letter_pdf(signed_off(n))) for n in lengths},
                ".docx": {int(path.stem): pages_text(pdf) for path, pdf in to_pdf(files, tmp_path).items()}}
    for each in laid_out.values():  # the lengths cross a page's end in both
        assert {len(pages) for pages in each.values()} >= {1, 2}
    for kind, each in laid_out.items():
        assert [n for n, pages in each.items() if sign_off_alone(pages)] == [], f"the {kind}'s sign-off stands alone"


def test_pdf_fonts_are_embedded():
    reader = PdfReader(io.BytesIO(letter_pdf(letter())))
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font.get_object()["/BaseFont"]


def test_the_same_letter_gives_the_same_bytes():
    when = datetime(2026, 11, 27, 9, 30, tzinfo=timezone.utc)
    assert letter_docx(letter()) == letter_docx(letter())
    assert letter_pdf(letter(), created=when) == letter_pdf(letter(), created=when)


def test_control_characters_in_data_cannot_break_the_docx():
    data = letter_docx(letter(name="Ms Jane\x00 Doe\x1b"))
    assert "Ms Jane Doe: repayment proposal" in docx_text(data)


def test_a_letter_refuses_unknown_paper_and_ragged_tables():
    with pytest.raises(ValueError, match="paper 'A5'"):
        Letter(("Firm",), ("Creditor",), "1 May 2026", "Re", (), paper="A5")
    with pytest.raises(ValueError, match="one cell per column"):
        Table(("Item", "Monthly"), (("Rent",),))
