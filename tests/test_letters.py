"""Dunning drafts read back: .docx with python-docx, .eml with the stdlib email parser."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser

import pytest
from docx import Document

import debtdesk.macros  # noqa: F401
from debtdesk.errors import DebtDeskError
from debtdesk.macros.registry import run
from debtdesk.workbooks import letters
from debtdesk.workbooks.samples import SAMPLE_AS_OF, sample_collections_inputs, sample_ledger
from debtdesk.workbooks.template import collections_workbook


def _book(channel):
    """The sample workbook with every dunning level (DunningLevels, F4:F7) sent by ``channel``."""
    book = collections_workbook(sample_ledger(), SAMPLE_AS_OF, **sample_collections_inputs())
    for row in range(4, 8):
        book.write_value("Settings", f"F{row}", channel)
    return book


def test_letters_read_back_with_exact_amounts_and_text_names(tmp_path):
    book = _book("letter")
    book.documents_dir = tmp_path
    sheet = run("dunning_letters", book).set_index("Customer")
    row = sheet.loc["=1+1"]
    document = Document(tmp_path / row["Document"])
    text = "\n".join(p.text for p in document.paragraphs)
    assert row["Level"] == 4  # no level-4 template ships: the channel's template is used
    assert "Dear =1+1," in text and "Overdue account: 4,504.51" in text
    assert f"Interest of {row['Interest']:,.2f} has accrued" in text and f"Please pay {row['Total due']:,.2f}" in text
    iris = Document(tmp_path / sheet.loc["@Iris Salon", "Document"])  # level 3: the final-notice template
    assert f"Total now due: {sheet.loc['@Iris Salon', 'Total due']:,.2f}" in "\n".join(p.text for p in iris.paragraphs)
    assert "=1+1 Formula Road" in text  # address from the Customers table, kept as typed
    cells = [[c.text for c in r.cells] for r in document.tables[0].rows]
    assert cells[0] == ["Invoice", "Due date", "Days overdue", "Outstanding"]
    assert {r[0] for r in cells[1:]} == {"INV-1028", "INV-1029", "INV-1031"}
    assert sum(float(r[3].replace(",", "")) for r in cells[1:]) == pytest.approx(row["Amount overdue"], abs=0.001)


def test_email_drafts_parse_back(tmp_path):
    book = _book("email")
    book.documents_dir = tmp_path
    sheet = run("dunning_letters", book).set_index("Customer")
    path = tmp_path / sheet.loc["@Iris Salon", "Document"]
    message = BytesParser(policy=policy.default).parse(path.open("rb"))
    assert message["To"] == "iris@irissalon.example"
    assert message["X-Unsent"] == "1"
    assert message["Subject"] == f"Payment reminder from DebtDesk Collections: {sheet.loc['@Iris Salon', 'Amount overdue']:,.2f} overdue"
    body = message.get_content()
    assert "Dear @Iris Salon," in body and "INV-1048" in body
    assert "Harbour Books" not in sheet.index  # disputed: no draft (CONC 7.14)


def test_firm_templates_override_and_bad_placeholders_are_named(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "dunning_email.txt").write_text("Subject: Hi $customer\n\nPay $total_due please.", "utf-8")
    text, source = letters.template_text("email", 1, folder)
    assert letters.render(text, {"customer": "A", "total_due": "1.00"}, source) == ("Hi A", "Pay 1.00 please.")
    (folder / "dunning_letter_2.txt").write_text("Subject: x\n\n$balance", "utf-8")
    text, source = letters.template_text("letter", 2, folder)
    with pytest.raises(DebtDeskError, match=r"dunning_letter_2.txt uses \$balance, which is not a placeholder"):
        letters.render(text, {}, source)
    with pytest.raises(DebtDeskError, match="must start with a 'Subject: ...' line"):
        letters.render("Dear $customer", {})
    with pytest.raises(DebtDeskError, match="channel: 'phone' has no template"):
        letters.template_text("phone", 4)
    with pytest.raises(DebtDeskError, match="templates: folder .* does not exist"):
        letters.template_text("email", 1, tmp_path / "missing")


def test_header_line_breaks_cannot_inject_headers(tmp_path):
    path = letters.write_email(tmp_path / "x.eml", "Reminder\r\nBcc: victim@example.com", "body", "a@b.example", None)
    message = BytesParser(policy=policy.default).parse(path.open("rb"))
    assert message["Bcc"] is None and message["Subject"] == "Reminder Bcc: victim@example.com"
