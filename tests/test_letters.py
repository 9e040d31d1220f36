"""Dunning notices and statements read back: .docx with python-docx, .eml with the stdlib email parser."""

from __future__ import annotations

from datetime import date, timedelta
from email import policy
from email.parser import BytesParser

import pandas as pd
import pytest
from docx import Document

import debtdesk.macros  # noqa: F401
from debtdesk.errors import DebtDeskError
from debtdesk.macros.registry import run
from debtdesk.workbooks import letters
from debtdesk.workbooks.samples import (SAMPLE_AS_OF, SAMPLE_FIRM, SAMPLE_SETTINGS, sample_collections_inputs,
                                        sample_collections_workbook, sample_ledger)
from debtdesk.workbooks.template import collections_workbook

AS_OF = date(2026, 11, 2)


@pytest.fixture(scope="module")
def dunned(tmp_path_factory):
    folder = tmp_path_factory.mktemp("letters")
    book = sample_collections_workbook(documents_dir=folder)
    sheet = run("dunning_letters", book).set_index("Customer")
    sheet.attrs["history"] = book.read_table("DunningHistory")  # what the run recorded, beside what it shows
    return folder, sheet


def text_of(path) -> str:
    document = Document(path)
    return "\n".join(p.text for p in document.paragraphs)


def cells(path, table: int = 0) -> list[list[str]]:
    """A table of the .docx as text; table 0 is the references (Our reference, Your account)."""
    return [[c.text for c in row.cells] for row in Document(path).tables[table].rows]


def pdf_text(path) -> str:
    """The PDF beside the .docx, as text (the other rendering of the same letter)."""
    import subprocess

    return subprocess.run(["pdftotext", "-layout", str(path.with_suffix(".pdf")), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_final_notice_has_reference_items_pay_by_date_and_payment_details(dunned):
    # Issue 12: the final notice had no reference, pay-by date or payment details, and its table contradicted it.
    folder, sheet = dunned
    row = sheet.loc["David Ellison"]
    path = folder / row["Document"]
    text = text_of(path)
    assert text.startswith(f"{SAMPLE_FIRM['Firm name']}\nUnit 4\nCalder Park\nDenby Dale Road\nWakefield WF2 7AZ")
    assert cells(path, 0) == [["Our reference:", row["Reference"]], ["Your account:", "David Ellison"]]
    assert f"Final notice {row['Reference']}: £1,491.06 due by 16 November 2026" in text
    assert "Dear David Ellison," in text and "27 Chapel Street\nLeeds LS6 3AB" in text
    assert "Please pay the total now due, £1,491.06, by 16 November 2026." in text
    assert "How to pay\nBank transfer to Pennine Trade Supplies Ltd\nSort code 99-00-42, account 00427153" in text
    items = cells(path, 1)
    assert items[0] == ["Invoice", "Invoice date", "Due date", "Days overdue", "Amount", "Outstanding"]
    assert [r[2] for r in items[1:-1]] == ["10 Sep 2026", "27 Sep 2026", "22 Oct 2026"]
    assert [r[3] for r in items[1:-1]] == ["53", "36", "11"]  # days from each due date to 2 November
    assert items[-1][0] == "Overdue" and items[-1][5] == "£1,468.20" == f"£{row['Amount overdue']:,.2f}"
    charges = dict(r for r in cells(path, 2)[1:])
    assert "Yours sincerely,\nSarah Whitaker\nCredit Controller\nPennine Trade Supplies Ltd" in text
    pdf = " ".join(pdf_text(path).split())
    assert f"Final notice {row['Reference']}: £1,491.06 due by 16 November 2026" in pdf and "Total now due £1,491.06" in pdf
    assert charges == {"Overdue invoices": "£1,468.20", "Interest to date": f"£{row['Interest']:,.2f}",
                       "Late-payment fees": "£10.00", "Total now due": "£1,491.06"}


def claim_agrees_with_the_workbook(path, row, history: pd.DataFrame) -> str:
    """The letter of claim's text, once its sums and its pay-by date agree with the Dunning sheet's row and the
    DunningHistory rows it recorded."""
    text = text_of(path)
    items = cells(path, 1)
    assert items[-1][0] == "Overdue" and items[-1][5] == f"£{row['Amount overdue']:,.2f}"
    charges = dict(r for r in cells(path, 2)[1:])
    cents = {label: round(float(value.strip("£").replace(",", "")) * 100) for label, value in charges.items()}
    assert charges["Total now due"] == f"£{row['Total due']:,.2f}"
    assert cents["Overdue invoices"] + cents["Interest to date"] + cents["Fixed compensation (Late Payment Act)"] \
        == cents["Total now due"]
    sent_on = pd.to_datetime(history["Sent on"]).dt.date
    mine = history[(history["Customer"] == row.name) & (sent_on == AS_OF)]
    assert len(mine) == len(items) - 2  # one row per invoice claimed
    assert round(mine["Interest"].sum() * 100) == cents["Interest to date"] == round(row["Interest"] * 100)
    invoices = history[(history["Customer"] == row.name) & history["Invoice"].isin(mine["Invoice"])]
    assert round(invoices["Compensation"].sum() * 100) == cents["Fixed compensation (Late Payment Act)"]  # once each
    assert set(mine["Document"]) == {row["Document"]} and text.count("2 November 2026") >= 1
    pay_by = f"{row['Pay by'].day} {row['Pay by']:%B %Y}"
    assert f"that is by {pay_by}" in text
    pdf = " ".join(pdf_text(path).split())
    assert f"that is by {pay_by}" in pdf and f"Total now due £{row['Total due']:,.2f}" in pdf
    return text


def test_letter_before_claim_to_a_company_follows_the_practice_direction(dunned):
    folder, sheet = dunned
    row = sheet.loc["Marlow Property Services Ltd"]  # Legal form: Limited company
    assert (row["Legal form"], row["Pay by"]) == ("company", AS_OF + timedelta(days=14))
    text = claim_agrees_with_the_workbook(folder / row["Document"], row, sheet.attrs["history"])
    assert f"Letter before claim {row['Reference']}: £6,344.00 owed to Pennine Trade Supplies Ltd" in text
    assert "in accordance with the Practice Direction on Pre-Action Conduct and Protocols" in text
    assert "Please pay £6,344.00 within 14 days of the date of this letter, that is by 16 November 2026." in text
    assert "The court may take into account whether each party has followed the Practice Direction when it decides " \
           "the costs of the proceedings." in text
    for protocol_only in ("Pre-Action Protocol", "Reply Form", "Information Sheet", "financial statement", "30 days",
                          "Financial statement", "Standard Financial Statement"):
        assert protocol_only not in text, protocol_only
    tables = "\n".join(c.text for table in Document(folder / row["Document"]).tables for r in table.rows for c in r.cells)
    pdf = " ".join(pdf_text(folder / row["Document"]).split())
    for form_only in FINANCIAL_STATEMENT:
        assert form_only not in tables and form_only not in pdf, form_only
    assert text.rstrip().endswith("Enclosures: Statement of account") or "Enclosures: Statement of account\n" in text
    assert cells(folder / row["Document"], 3)[0] == ["Date", "Document", "Due date", "Days overdue", "Outstanding",
                                                     "Balance"]


def test_letter_of_claim_to_a_sole_trader_follows_the_pre_action_protocol(tmp_path):
    inputs = sample_collections_inputs()
    customers = inputs["customers"]
    customers.loc[customers["Customer"] == "Marlow Property Services Ltd", "Legal form"] = "Sole trader"
    book = collections_workbook(sample_ledger(), SAMPLE_AS_OF, settings=SAMPLE_SETTINGS, documents_dir=tmp_path,
                                **inputs)
    row = run("dunning_letters", book).set_index("Customer").loc["Marlow Property Services Ltd"]
    assert (row["Legal form"], row["Pay by"]) == ("individual", AS_OF + timedelta(days=30))
    text = claim_agrees_with_the_workbook(tmp_path / row["Document"], row, book.read_table("DunningHistory"))
    assert "in accordance with the Pre-Action Protocol for Debt Claims" in text
    assert "within 30 days of the date of this letter, that is by 2 December 2026" in text
    assert "You have 30 days from the date of the letter, that is until 2 December 2026, to reply" in text
    assert "Send this form back within 30 days of the date of the letter of claim." in text
    assert "[ ] I do not agree I owe the debt (say why below)" in text
    assert "[ ] I need more time to get advice" in text and "National Debtline" in text
    assert f"Amount claimed: £{row['Total due']:,.2f}" in text
    assert "Late Payment of Commercial Debts (Interest) Act 1998" in text
    assert "Enclosures: Statement of account; Information Sheet; Reply Form; Financial statement" in text
    assert "I enclose the Financial statement, filled in (or a Standard Financial Statement)." in text
    assert "Practice Direction" not in text
    pages = pdf_text(tmp_path / row["Document"]).split("\f")
    pdf = " ".join(" ".join(pages).split())
    assert "Information Sheet" in pdf and "Reply Form" in pdf and "Pre-Action Protocol for Debt Claims" in pdf
    # "How to pay" falls at the foot of page 1 here unless it keeps with the bank details it introduces
    assert [("How to pay" in page, "Sort code" in page) for page in pages if "How to pay" in page] == [(True, True)]
    reply = next(page for page in pages if "1. Your details" in page)  # a sheet of its own, to send back
    assert "Reply Form" in reply and "Information Sheet" not in reply and "Signed" in reply
    lead_in = next(p for p in Document(tmp_path / row["Document"]).paragraphs if p.text == "How to pay")
    assert lead_in.paragraph_format.keep_with_next
    a_financial_statement_form_is_enclosed(tmp_path / row["Document"], pages)


#: The financial statement form's headings and the Standard Financial Statement's categories, in order.
FINANCIAL_STATEMENT = ("1. You and your household", "2. Monthly income", "Wages or salary after tax (you)",
                       "Benefits and tax credits", "Pensions", "Other income", "Total income", "3. Monthly outgoings",
                       "Rent or mortgage", "Council tax", "Utilities: gas, electricity, water", "Food and housekeeping",
                       "Transport", "Childcare", "Insurance", "Phone and internet", "Other essential costs",
                       "Total outgoings", "4. Debts", "Priority debts", "Other debts", "5. What is left",
                       "Left over for other debts", "I offer to pay Pennine Trade Supplies Ltd")


def a_financial_statement_form_is_enclosed(path, pages: list[str]) -> None:
    """The Pre-Action Protocol's para 3.1(d) form: on pages of its own, each heading on the page of the table
    it heads, every figure left blank in a boxed cell tall enough to write in (.docx and PDF)."""
    document = Document(path)
    heading = next(p for p in document.paragraphs if p.text == "Financial statement")
    assert heading.paragraph_format.page_break_before and heading.paragraph_format.keep_with_next
    debts = next(p for p in document.paragraphs if p.text == "4. Debts")
    assert debts.paragraph_format.page_break_before
    forms = [t for t in document.tables if t.rows[0].cells[0].text in ("About you", "Income", "Outgoings",
                                                                        "Who you owe", "Each month")]
    words = "\n".join(p.text for p in document.paragraphs) + "\n" + "\n".join(
        r.cells[0].text for t in forms for r in t.rows)
    assert [label for label in FINANCIAL_STATEMENT if label not in words] == []
    for table in forms:  # what the debtor writes is blank, in a boxed cell at least 7 mm high
        assert all(c.text == "" for r in table.rows[1:] for c in r.cells[1:] if c.text != r.cells[0].text)
        written = [r for r in table.rows[1:] if not r.cells[0].text.startswith(("Priority debts", "Other debts"))]
        assert "insideV" in table._tbl.tblPr.xml and all('w:hRule="atLeast"' in r._tr.xml for r in written)
    assert "Standard Financial Statement: a free debt adviser" in words
    pages = [page for page in pages if page.strip()]
    form_pages = [page for page in pages if "Financial statement" in page and "Reference D" in page
                  or "4. Debts" in page]
    assert len(form_pages) == 2 and pages[-2:] == form_pages  # the last two pages, the form alone on them
    first, second = (" ".join(page.split()) for page in form_pages)
    at = [(first + " " + second).find(label) for label in FINANCIAL_STATEMENT]  # in this order, split at 4. Debts
    assert -1 not in at and at == sorted(at) and at[18] > len(first), dict(zip(FINANCIAL_STATEMENT, at))
    assert "Signed:" in second
    for label, header in (("1. You and your household", "About you"), ("2. Monthly income", "Income"),
                          ("3. Monthly outgoings", "Outgoings"), ("4. Debts", "Who you owe"),
                          ("5. What is left", "Each month")):
        assert f"{label} {header}" in first + " " + second, label  # no heading left at the foot of a page


def test_email_reminder_parses_back(dunned):
    folder, sheet = dunned
    row = sheet.loc["Aldgate Catering Ltd"]
    message = BytesParser(policy=policy.default).parse((folder / row["Document"]).open("rb"))
    assert message["To"] == "accounts@aldgatecatering.example" and message["X-Unsent"] == "1"
    assert message["From"] == SAMPLE_FIRM["Firm email"]
    assert message["Subject"] == f"Payment reminder {row['Reference']}: £{row['Amount overdue']:,.2f} overdue"
    body = message.get_content()
    assert body.startswith("Dear Priya Nair,") and f"Please pay £{row['Total due']:,.2f} by 9 November 2026." in body
    assert body.rstrip().endswith("Sarah Whitaker, Credit Controller\nPennine Trade Supplies Ltd\n01632 960 142")
    assert "Sort code 99-00-42" in body


def test_statements_show_money_on_account_and_a_customer_in_credit(dunned):
    folder, _ = dunned
    calder = next(folder.glob("*-Calder-Valley-Builders-Ltd-statement.docx"))
    rows = cells(calder, 1)
    assert rows[-1][1] == "RCPT-4471" and rows[-1][4] == "-£1,500.00"
    split = dict(r for r in cells(calder, 2)[1:])
    assert split["Balance"] == rows[-1][5]
    hudson = text_of(next(folder.glob("*-Hudson-Valley-Hospitality-LLC-statement.docx")))
    assert "We hold £640.00 of yours on account" in hudson


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


def test_header_line_breaks_cannot_inject_headers():
    draft = letters.email_draft("Reminder\r\nBcc: victim@example.com", "body", "a@b.example", None)
    message = BytesParser(policy=policy.default).parsebytes(draft)
    assert message["Bcc"] is None and message["Subject"] == "Reminder Bcc: victim@example.com"
