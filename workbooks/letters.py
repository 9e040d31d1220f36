"""Dunning notices (.docx letters, .eml email drafts) and statements of account. Nothing is sent.

A notice's words come from an editable text template: a first line ``Subject: ...``, a
blank line, then the body, with ``$placeholders`` (Python :class:`string.Template`; see
:data:`PLACEHOLDERS`). A paragraph that is just ``$items`` becomes the table of overdue
invoices, ``$charges`` the table of what is owed (overdue, interest, fees or
compensation, total), ``$payment_details`` the firm's bank details; in an email they are
lines of text. DebtDesk ships ``dunning_email.txt``, ``dunning_letter.txt``,
``dunning_letter_3.txt`` (the final notice), ``dunning_claim.txt`` (the letter of claim to an
individual, a sole trader included, under the UK Pre-Action Protocol for Debt Claims, which
also encloses the Information Sheet and Reply Form, para 3.1(c), and a financial statement form, para
3.1(d), as the protocol requires) and
``dunning_claim_company.txt`` (the letter before claim to a company under the Practice
Direction – Pre-Action Conduct and Protocols, para 6(a): the claim, how the sum is made up, a
reply within 14 days, para 6(b); no Protocol enclosures). A firm overrides any of them by
putting a file of the same name in its own templates folder, and may add per-level files named
``dunning_{channel}_{level}.txt`` (``dunning_claim_company_{level}.txt`` for companies).
Lookup order: firm per-level, firm per-channel, DebtDesk per-level, DebtDesk per-channel; a
company's letter of claim is never taken from an individual's file, nor the other way round.

Every letter is a :class:`debtdesk.letter.Letter` (the firm's letterhead, the date, the
customer's contact and address, "Our reference" and "Your account", the subject, the body,
the signature), written as .docx and as PDF from that one content model. Values from data
are inserted as text: a customer called ``=1+1`` is written ``=1+1``, never evaluated;
line breaks are removed from email headers.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date
from email import policy
from email.message import EmailMessage
from importlib import resources
from pathlib import Path
from typing import Mapping

import pandas as pd

from debtdesk.collections.legal_form import COMPANY, claim_form
from debtdesk.errors import DebtDeskError
from debtdesk.letter import Heading, Letter, Paragraph, Table
from debtdesk.wording import currency_mark, long_date as written_out, money_text
from debtdesk.workbooks.safe_names import safe_component

PLACEHOLDERS = ("customer", "contact", "salutation", "address", "level", "letter", "reference", "currency",
                "amount_overdue", "oldest_days", "interest", "fee", "compensation", "total_due", "pay_by",
                "charges_basis", "payment_details", "as_of", "firm", "firm_address", "firm_phone", "firm_email",
                "signed_by", "items", "charges", "reply_days")


@dataclass(frozen=True)
class Firm:
    """Who writes: the letterhead, the signature and how to pay."""

    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    payment_details: str = ""
    signed_by: str = ""


def long_date(day: date | None) -> str:
    """A date as a letter writes it.

    >>> long_date(date(2026, 11, 2))
    '2 November 2026'
    """
    return "" if day is None else written_out(day)


def short_date(day: date | None) -> str:
    """A date as a table cell shows it.

    >>> short_date(date(2026, 9, 10))
    '10 Sep 2026'
    """
    return "" if day is None else f"{day.day} {day:%b %Y}"


def template_text(channel: str, level: int, folder: str | Path | None = None, form: str = "") -> tuple[str, str]:
    """(template text, where it came from) for a channel ("email", "letter" or "claim") and level; a letter
    of claim's for the debtor's legal ``form`` (``"company"``, else an individual's).

    >>> text, source = template_text("letter", 3)
    >>> text.splitlines()[0], source
    ('Subject: Final notice $reference: $total_due due by $pay_by', 'DebtDesk dunning_letter_3.txt')
    >>> template_text("claim", 5, form="company")[1]
    'DebtDesk dunning_claim_company.txt'
    """
    if channel not in ("email", "letter", "claim"):
        raise DebtDeskError("channel", f"{channel!r} has no template (expected email, letter or claim)")
    kind = "claim_company" if channel == "claim" and claim_form(form) == COMPANY else channel
    names = (f"dunning_{kind}_{level}.txt", f"dunning_{kind}.txt")
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
    >>> render("Subject: x\\n\\n$nope", {})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: template: template uses $nope, which is not a placeholder (known: customer, ...)
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


def notice_fields(notice: Mapping, lines: pd.DataFrame, account: Mapping, firm: Firm, as_of: date) -> dict[str, str]:
    """The placeholders' values for one account's notice (amounts as the letter prints them)."""
    currency = str(notice.get("Currency") or "")
    contact = str(account.get("Contact") or "").strip()
    commercial = notice.get("Regime") == "commercial"
    basis = ("Under the Late Payment of Commercial Debts (Interest) Act 1998 we are entitled to statutory interest "
             "at 8% a year over the Bank of England reference rate on each invoice from the day after it fell due, and "
             "to fixed compensation for the cost of recovering each late invoice." if commercial else
             "Interest is charged under our terms on the overdue amount for the days it has been overdue.")
    fields = {
        "customer": notice["Customer"], "contact": contact,
        "salutation": contact or "Sir or Madam", "address": account.get("Address") or "",
        "level": notice["Level"], "letter": notice["Letter"], "reference": notice.get("Reference") or "",
        "currency": currency, "amount_overdue": money_text(notice["Amount overdue"], currency),
        "oldest_days": notice["Oldest days"], "interest": money_text(notice["Interest"], currency),
        "fee": money_text(notice["Fees"], currency), "compensation": money_text(notice["Compensation"], currency),
        "total_due": money_text(notice["Total due"], currency), "pay_by": long_date(notice.get("Pay by")),
        "charges_basis": basis, "payment_details": firm.payment_details, "as_of": long_date(as_of),
        "firm": firm.name, "firm_address": firm.address, "firm_phone": firm.phone, "firm_email": firm.email,
        "signed_by": firm.signed_by,
        "reply_days": (notice["Pay by"] - as_of).days if notice.get("Pay by") else "",
    }
    fields["items"] = items_text(lines, currency)
    fields["charges"] = "\n".join(f"{label}: {value}" for label, value in charge_rows(notice))
    return fields


def charge_rows(notice: Mapping) -> list[tuple[str, str]]:
    """(label, amount) rows of what a notice asks for: overdue, interest, fees or compensation, total."""
    currency = str(notice.get("Currency") or "")
    rows = [("Overdue invoices", money_text(notice["Amount overdue"], currency))]
    if notice["Interest"]:
        rows.append(("Interest to date", money_text(notice["Interest"], currency)))
    if notice["Compensation"]:
        rows.append(("Fixed compensation (Late Payment Act)", money_text(notice["Compensation"], currency)))
    if notice["Fees"]:
        rows.append(("Late-payment fees", money_text(notice["Fees"], currency)))
    rows.append(("Total now due", money_text(notice["Total due"], currency)))
    return rows


def items_text(items: pd.DataFrame, currency: str = "") -> str:
    """One line per overdue invoice, then what money on account covers.

    >>> items_text(pd.DataFrame({"Invoice": ["INV-1"], "Due Date": [date(2026, 8, 14)], "Days": [79],
    ...                          "Outstanding": [3281.44], "Applied": [0.0], "Net": [3281.44]}), "GBP")
    'INV-1  due 14 August 2026  79 days overdue  £3,281.44'
    """
    lines = [f"{inv}  due {long_date(due)}  {days} days overdue  {money_text(amount, currency)}"
             for inv, due, days, amount in zip(items["Invoice"], items["Due Date"], items["Days"], items["Outstanding"])]
    applied = float(items["Applied"].sum()) if "Applied" in items else 0.0
    if applied:
        lines.append(f"Less money on account  {money_text(-applied, currency)}")
    return "\n".join(lines)


def notice_letter(subject: str, body: str, fields: Mapping[str, object], lines: pd.DataFrame, notice: Mapping,
                  firm: Firm, claim: bool = False, statement: pd.DataFrame | None = None) -> Letter:
    """A dunning notice as a :class:`~debtdesk.letter.Letter`: the rendered template's paragraphs, with
    ``$items``, ``$charges`` and ``$payment_details`` paragraphs as tables. A letter of claim encloses
    the statement of account (``statement``, as :func:`~debtdesk.collections.statements.statement_lines`
    gives it): how the sum is made up (Practice Direction – Pre-Action Conduct, para 6(a); Pre-Action
    Protocol for Debt Claims, para 3.1(b)); to an individual (the notice's Legal form not company) also
    the Protocol's Information Sheet and Reply Form (para 3.1(c)) and a financial statement form to fill in
    (para 3.1(d))."""
    currency = str(fields.get("currency", ""))
    blocks: list = []
    for paragraph in (p.strip() for p in body.split("\n\n")):
        if not paragraph:
            continue
        if paragraph == str(fields.get("items", "")).strip() and len(lines):
            blocks.append(_items_table(lines, currency))
        elif paragraph == str(fields.get("charges", "")).strip():
            blocks.append(_two_columns(charge_rows(notice)))
        elif paragraph == str(fields.get("payment_details", "")).strip():
            blocks += _payment_details(paragraph)
        else:
            blocks.append(Paragraph(paragraph))
    appendix: list = []
    enclosures: tuple[str, ...] = ()
    if claim:
        if statement is not None:
            appendix += [Heading(f"Statement of account as at {fields.get('as_of', '')}"),
                         Paragraph(f"{fields.get('customer', '')}: every invoice, credit note and payment on account "
                                   "still open, oldest first, with the running balance."),
                         _statement_table(statement, currency)]
        enclosures = ("Statement of account",) if statement is not None else ()
        if claim_form(str(notice.get("Legal form") or "")) != COMPANY:
            appendix += _information_sheet(fields) + _reply_form(fields) + _financial_statement(fields)
            enclosures += ("Information Sheet", "Reply Form", "Financial statement")
    return _letter(firm, fields, subject, blocks, tuple(appendix), enclosures)


def statement_letter(account: Mapping, lines: pd.DataFrame, firm: Firm, as_of: date) -> Letter:
    """A statement of account: every open item with the running balance, and the balance split."""
    currency = str(account.get("Currency") or "")
    fields = {"customer": account["Customer"], "contact": str(account.get("Contact") or "").strip(),
              "address": account.get("Address") or "", "as_of": long_date(as_of), "reference": ""}
    blocks: list = [Paragraph("Here is your statement: every invoice, credit note and payment on account still open "
                              "on your account, oldest first, with the running balance."),
                    _statement_table(lines, currency)]
    split = [("Not yet due", account["Not yet due"]), ("Overdue", account["Overdue"])]
    if account["Disputed"]:
        split.append(("Disputed (collection on hold)", account["Disputed"]))
    if account["On account"]:
        split.append(("Money on account not yet allocated", account["On account"]))
    split.append(("Balance", account["Balance"]))
    blocks.append(_two_columns([(label, money_text(value, currency)) for label, value in split]))
    applied = round(float(account["On account"]) - float(lines.loc[lines["Outstanding"] < 0, "Outstanding"].sum()), 2)
    if applied > 0:
        blocks.append(Paragraph(f"We have set the {money_text(applied, currency)} you paid on account against your oldest "
                                "invoices: the overdue figure above is what is left."))
    if account["Overdue"] > 0:
        blocks.append(Paragraph(f"Please pay the overdue {money_text(account['Overdue'], currency)} now."))
    elif account["Balance"] < 0:
        blocks.append(Paragraph(f"We hold {money_text(-account['Balance'], currency)} of yours on account: tell us whether "
                                "to set it against future invoices or refund it."))
    if firm.payment_details:
        blocks += _payment_details(firm.payment_details)
    blocks.append(Paragraph("If anything on this statement looks wrong, tell us and we will look into it."))
    return _letter(firm, fields, f"Statement of account as at {long_date(as_of)}", blocks)


def email_text(body: str, fields: Mapping[str, object], firm: Firm) -> str:
    """An email's text: the salutation, the rendered template, the closing and signature.

    >>> print(email_text("Please pay.", {"contact": "Priya Nair"}, Firm("Pennine", phone="01632 960142",
    ...                                                                     signed_by="Sarah Whitaker")))
    Dear Priya Nair,
    <BLANKLINE>
    Please pay.
    <BLANKLINE>
    Kind regards,
    Sarah Whitaker
    Pennine
    01632 960142
    """
    contact = str(fields.get("contact") or "").strip()
    sign = "\n".join(line for line in (firm.signed_by, firm.name, firm.phone) if line)
    return f"Dear {contact or 'Sir or Madam'},\n\n{body}\n\nKind regards,\n{sign}"


def email_draft(subject: str, body: str, to: str | None, sender: str | None) -> bytes:
    """An .eml draft's bytes (``X-Unsent: 1`` so mail programs open it as a draft to review and send); line
    breaks in the headers' values are removed.

    >>> email_draft("Reminder\\r\\nBcc: x@example.com", "Please pay.", "a@b.example", None).splitlines()[:3]
    [b'Subject: Reminder Bcc: x@example.com', b'To: a@b.example', b'X-Unsent: 1']
    """
    message = EmailMessage(policy=policy.SMTP)
    message["Subject"] = _header(subject)
    if sender:
        message["From"] = _header(sender)
    if to:
        message["To"] = _header(to)
    message["X-Unsent"] = "1"
    message.set_content(body)
    return message.as_bytes()


def file_stem(number: int, customer: str, level: int | str) -> str:
    """A safe file name for the ``number``-th document: letters, digits and dashes only.

    >>> file_stem(3, "=1+1", 2), file_stem(10, "Fenwick & Sons", 3), file_stem(11, "../../x", 1)
    ('03-1-1-level2', '10-Fenwick-Sons-level3', '11-x-level1')
    >>> file_stem(4, "Acme", "statement")
    '04-Acme-statement'
    """
    tail = f"level{level}" if isinstance(level, int) else str(level)
    return f"{number:02d}-{safe_component(customer, default='customer', max_bytes=40)}-{tail}"


# -- layout ------------------------------------------------------------------------------------
def _letter(firm: Firm, fields: Mapping[str, object], subject: str, body: list, appendix: tuple = (),
            enclosures: tuple[str, ...] = ()) -> Letter:
    """The letter around a body: letterhead, the customer's contact and address, references, signature."""
    contact, customer = str(fields.get("contact") or "").strip(), str(fields.get("customer", ""))
    reference = str(fields.get("reference") or "")
    references = ((("Our reference", reference),) if reference else ()) + (("Your account", customer),)
    head = [firm.name, *_lines(firm.address), firm.phone, firm.email]
    return Letter(
        letterhead=tuple(line for line in head if line),
        recipient=tuple(line for line in (contact if contact != customer else "", customer,
                                          *_lines(fields.get("address"))) if line),
        date=str(fields.get("as_of", "")), subject=subject, body=tuple(body), references=references,
        salutation=f"Dear {contact}" if contact else "Dear Sir or Madam",
        closing="Yours sincerely" if contact else "Yours faithfully",
        signature=tuple(_lines(firm.signed_by) + [firm.name]), enclosures=enclosures,
        running_head=f"{customer}" + (f" — {reference}" if reference else ""),
        footer=", ".join(line for line in [firm.name, *_lines(firm.address)] if line), appendix=appendix)


def _items_table(lines: pd.DataFrame, currency: str) -> Table:
    rows = [(str(r["Invoice"]), short_date(r["Invoice Date"]), short_date(r["Due Date"]), str(r["Days"]),
             money_text(r["Amount"], currency), money_text(r["Outstanding"], currency)) for r in lines.to_dict("records")]
    applied = float(lines["Applied"].sum())
    if applied:
        rows.append(("Less money on account", "", "", "", "", money_text(-applied, currency)))
    rows.append(("Overdue", "", "", "", "", money_text(float(lines["Net"].sum()), currency)))
    return Table(("Invoice", "Invoice date", "Due date", "Days overdue", "Amount", "Outstanding"), tuple(rows),
                 ("left", "left", "left", "right", "right", "right"), bold_rows=(len(rows) - 1,),
                 widths=(2.8, 2.6, 2.6, 2.2, 3.0, 3.2))


def _statement_table(lines: pd.DataFrame, currency: str) -> Table:
    rows = [(short_date(r["Date"]), str(r["Document"]), short_date(r["Due Date"]),
             str(r["Days overdue"]) if r["Days overdue"] else "", money_text(r["Outstanding"], currency),
             money_text(r["Balance"], currency)) for r in lines.to_dict("records")]
    return Table(("Date", "Document", "Due date", "Days overdue", "Outstanding", "Balance"), tuple(rows),
                 ("left", "left", "left", "right", "right", "right"), widths=(2.6, 2.9, 2.6, 2.2, 3.1, 3.0))


def _two_columns(rows: list[tuple[str, str]]) -> Table:
    """Label and amount rows, the last (the total) in bold."""
    return Table(("Item", "Amount"), tuple(rows), ("left", "right"), bold_rows=(len(rows) - 1,), widths=(3, 1))


def _payment_details(text: str) -> list:
    return [Paragraph("How to pay", bold=True), Paragraph("\n".join(_lines(text, separators=r"[\n;]")))]


def _information_sheet(fields: Mapping[str, object]) -> list:
    return [Heading("Information Sheet")] + [Paragraph(text) for text in (
        f"This sheet comes with a letter of claim from {fields.get('firm', '')} dated {fields.get('as_of', '')} "
        f"(reference {fields.get('reference', '')}). Please read it: it explains what you can do now.",
        f"You have {fields.get('reply_days', '')} days from the date of the letter, that is until "
        f"{fields.get('pay_by', '')}, to reply using the "
        "Reply Form enclosed. If you do not reply, court proceedings may be started against you, which could add "
        "court fees and costs to what you owe.",
        "You can get free and independent advice about this debt. Citizens Advice (citizensadvice.org.uk), National "
        "Debtline (nationaldebtline.org, 0808 808 4000), StepChange Debt Charity (stepchange.org) and, if you run "
        "a business, Business Debtline (businessdebtline.org, 0800 197 6026) all give advice free of charge.",
        "If you need more time to get advice, say so on the Reply Form: tell us who you have asked for advice and "
        "when your appointment is. We will not start court proceedings while you are getting advice within a "
        "reasonable time.",
        "If you agree you owe the money, you can pay it in full, or offer to pay by instalments: fill in the "
        "Financial statement enclosed (your monthly income and outgoings) and send it back with the Reply Form so "
        "that we can consider your offer. You may instead send a Standard Financial Statement: a free debt adviser "
        "can help you fill one in.",
        "If you do not agree you owe the money, or think part of it is wrong, say which part and why on the Reply "
        "Form, and send copies of any documents that support what you say. You can ask us for copies of any "
        "documents you need to understand the claim.")]


def _reply_form(fields: Mapping[str, object]) -> list:
    symbol = currency_mark(str(fields.get("currency") or ""))
    blocks = [Heading("Reply Form", new_page=True),  # a sheet of its own, to tear off and send back
              Paragraph(f"To: {fields.get('firm', '')}, {fields.get('firm_address', '')}. Reference "
                        f"{fields.get('reference', '')}. Amount claimed: {fields.get('total_due', '')}.")]
    for section, lines in (
        ("1. Your details", ["Name: ____________________________", "Address: __________________________",
                             "Telephone or email: _______________"]),
        ("2. The debt (tick one)", ["[ ] I agree I owe the debt",
                                    f"[ ] I agree I owe part of the debt: {symbol}____________ (say why not the rest below)",
                                    "[ ] I do not agree I owe the debt (say why below)"]),
        ("3. More time", ["[ ] I need more time to get advice. I have asked ______________________ for advice; "
                          "my appointment is on ____________"]),
        ("4. Paying", ["[ ] I will pay the amount I owe in full by ____________",
                       f"[ ] I want to pay by instalments of {symbol}____________ a month. I enclose the Financial "
                       "statement, filled in (or a Standard Financial Statement)."]),
        ("5. Documents", ["I would like copies of these documents: ______________________________"]),
        ("6. Anything else we should know", ["_________________________________________________________"]),
        ("Signature", ["Signed: ______________________   Date: ____________"]),
    ):
        blocks += [Heading(section, level=2), Paragraph("\n".join(lines))]
    return blocks + [Paragraph(f"Send this form back within {fields.get('reply_days', '')} days of the date of the "
                               "letter of claim. Keep a copy.")]


def _financial_statement(fields: Mapping[str, object]) -> list:
    """The Protocol's financial statement form (para 3.1(d)) on a page of its own: ruled rows to write
    in, in the Standard Financial Statement's categories, with totals and what is left each month."""
    a_month = f"{currency_mark(str(fields.get('currency') or ''))} a month"

    def form(columns: tuple[str, ...], rows: list, totals: tuple[int, ...] = (), widths=(3.2, 1)) -> Table:
        cells = tuple(row if isinstance(row, tuple) else (row,) + ("",) * (len(columns) - 1) for row in rows)
        groups = tuple(i for i, row in enumerate(rows) if isinstance(row, tuple) and len(row) == 1)
        return Table(columns, cells, ("left",) * len(columns), bold_rows=totals, group_rows=groups, widths=widths,
                     form=True)

    outgoings = ["Rent or mortgage", "Council tax", "Utilities: gas, electricity, water", "Food and housekeeping",
                 "Transport: fares, fuel, car costs", "Childcare", "Insurance", "Phone and internet",
                 "Other essential costs (say what): ______________________", "Total outgoings"]
    debts = [("Priority debts: rent, mortgage, council tax or energy arrears, fines, child maintenance, tax",),
             *[("", "", "")] * 4,
             ("Other debts: credit cards, loans, overdrafts, catalogues, this claim",), *[("", "", "")] * 5,
             ("Total", "", "")]
    return [
        Heading("Financial statement", new_page=True),
        Paragraph(f"Reference {fields.get('reference', '')}. Fill this in if you want to pay by instalments, so that "
                  f"{fields.get('firm', '')} can see what you can afford, and send it back with the Reply Form. "
                  "Give monthly figures (a weekly amount × 52 ÷ 12). You may instead use the Standard Financial "
                  "Statement: a free debt adviser (Citizens Advice, National Debtline 0808 808 4000, StepChange) "
                  "will help you fill it in and can send it to us."),
        Heading("1. You and your household", level=2),
        form(("About you", ""), ["Full name", "Address", ("", ""), "Telephone or email",
                                 "Adults in your household (you included)", "Children in your household, their ages"],
             widths=(1.6, 1.4)),
        Heading("2. Monthly income", level=2),
        form(("Income", a_month), ["Wages or salary after tax (you)", "Wages or salary after tax (partner)",
                                   "Benefits and tax credits (Universal Credit, Child Benefit, ...)", "Pensions",
                                   "Other income (maintenance, lodgers, help from family)", "Total income"], (5,)),
        Heading("3. Monthly outgoings", level=2),
        form(("Outgoings", a_month), outgoings, (len(outgoings) - 1,)),
        Heading("4. Debts", level=2, new_page=True),
        form(("Who you owe", "Amount owed", "Paying a month"), debts, (len(debts) - 1,), widths=(2.6, 1, 1)),
        Heading("5. What is left", level=2),
        form(("Each month", a_month), ["Total income", "less total outgoings", "less payments to priority debts",
                                       "Left over for other debts", f"I offer to pay {fields.get('firm', '')}"], (3,)),
        Paragraph("I believe the facts in this statement are true.\n"
                  "Signed: ______________________   Date: ____________"),
    ]


def _header(value: str) -> str:
    return re.sub(r"[\r\n]+", " ", str(value)).strip()


def _lines(text, separators: str = r"[,\n]") -> list[str]:
    if text is None or (isinstance(text, float) and text != text):
        return []
    return [part.strip() for part in re.split(separators, str(text)) if part.strip()]
