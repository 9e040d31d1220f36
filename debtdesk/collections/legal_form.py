"""A debtor's legal form: which pre-action rules a letter of claim follows (England and Wales).

Two sets of rules govern the letter a creditor sends before suing for a debt, and which one
applies turns on who the debtor is:

* **Pre-Action Protocol for Debt Claims** (in force 1 October 2017). Para 1.1: it applies to
  any business (including sole traders and public bodies) claiming payment of a debt from an
  *individual (including a sole trader)*, and not to business-to-business debts unless the
  debtor is a sole trader. Para 3.1: the Letter of Claim states the debt, whether interest or
  charges continue, the agreement, how to pay and where to send the Reply Form (3.1(a)), and
  encloses an up-to-date statement of account (3.1(b)), the Information Sheet and Reply Form
  (3.1(c), Annex 1) and a Financial Statement form (3.1(d), Annex 2). Para 3.4: proceedings
  should not start before 30 days from the date at the top of the letter.
* **Practice Direction – Pre-Action Conduct and Protocols**, for a debtor no protocol covers,
  such as a company. Para 6(a): the claimant writes with concise details of the claim: its
  basis, a summary of the facts, what is wanted and, for money, how the amount is calculated.
  Para 6(b): the defendant replies within a reasonable time, *14 days in a straightforward
  case* and no more than 3 months in a very complex one. Paras 13-16: the court takes
  non-compliance into account in managing the proceedings and in its orders for costs, and may
  impose sanctions (costs, indemnity costs, interest).

So a limited company, a PLC or an LLP (each a body corporate) gets the Practice Direction's
letter with 14 days to reply; a person, a sole trader or a partnership whose partners are
individuals gets the Protocol's letter, its enclosures and 30 days. A plain "partnership" is
refused: it may be an LLP (a company) or partners who are people, and the two letters differ.

When a commercial customer's legal form is not given, DebtDesk follows the Protocol, as for an
individual: sending a company the Protocol's letter gives it more time and more papers than the
Practice Direction asks (over-compliance), while sending a sole trader the Practice Direction's
letter would break the Protocol the court expects the creditor to have followed. The dunning
sheet names such customers whenever a letter of claim goes to one.
"""

from __future__ import annotations

import re

from debtdesk.errors import DebtDeskError
from debtdesk.values import cell_text

COMPANY, INDIVIDUAL = "company", "individual"
LEGAL_FORMS = (COMPANY, INDIVIDUAL)
#: Days an individual has to reply to a letter of claim (Pre-Action Protocol for Debt Claims, para 3.4).
CLAIM_REPLY_DAYS = 30
#: Days a company has to reply to a letter before claim in a straightforward case (Practice Direction –
#: Pre-Action Conduct and Protocols, para 6(b)).
COMPANY_REPLY_DAYS = 14
#: What the Customers sheet's Legal form dropdown offers (each read by :func:`legal_form`).
LEGAL_FORM_CHOICES = ("Limited company", "PLC", "LLP", "Company", "Sole trader", "Partnership of individuals",
                      "Individual")
#: The rules each form's letter of claim follows, as the letter and the dunning sheet name them.
RULES = {COMPANY: "Practice Direction – Pre-Action Conduct and Protocols",
         INDIVIDUAL: "Pre-Action Protocol for Debt Claims"}

_READINGS = {
    COMPANY: ("company", "limited company", "private limited company", "public limited company", "ltd", "limited",
              "plc", "llp", "limited liability partnership", "company limited by guarantee", "community interest company",
              "cic", "llc", "limited liability company", "inc", "incorporated", "corporation", "corp", "body corporate"),
    INDIVIDUAL: ("individual", "private individual", "person", "consumer", "sole trader", "sole proprietor",
                 "sole proprietorship", "self-employed", "self employed", "partnership of individuals"),
}
_READ = {text: form for form, texts in _READINGS.items() for text in texts}
#: Words that could mean either form: refused with the reason.
_AMBIGUOUS = {
    "partnership": "a partnership may be an LLP (a company) or partners who are individuals",
    "general partnership": "a partnership's partners may be individuals or companies",
    "partners": "a partnership's partners may be individuals or companies",
    "business": "a business may be a sole trader (an individual) or a company",
    "trader": "a trader may be a sole trader (an individual) or a company",
    "firm": "a firm may be a sole trader, a partnership of individuals or a company",
    "organisation": "an organisation may be a company or individuals trading together",
}


def legal_form(value, regime: str = "commercial", row: int | None = None) -> str:
    """The legal form a Customers row gives: ``"company"``, ``"individual"``, or ``""`` when not given.

    Parameters
    ----------
    value : str or None
        The Legal form cell: company or individual, or a common name for one ("Ltd", "PLC",
        "LLP", "sole trader", "partnership of individuals", ...), case, dots and spaces ignored.
    regime : {"commercial", "consumer"}
        The customer's regime. A consumer is an individual by definition: a blank reads as
        individual, and a company's form is refused as a contradiction.
    row : int, optional
        The Customers row, for messages.

    Returns
    -------
    str
        ``""`` for a commercial customer whose cell is blank: its letter of claim then follows
        the Pre-Action Protocol, as for an individual (see the module docstring for why).

    Examples
    --------
    >>> legal_form("Ltd"), legal_form("Sole Trader"), legal_form("L.L.P."), legal_form(None)
    ('company', 'individual', 'company', '')
    >>> legal_form(None, "consumer")
    'individual'
    >>> legal_form("Partnership", row=4)
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: Customers row 4: Legal form 'Partnership' is ambiguous: a partnership may be an LLP (a company) or partners who are individuals; write company (Ltd, PLC, LLP, ...) or individual (a person, a sole trader, a partnership of individuals)
    """
    text = cell_text(value, "")
    key = re.sub(r"\s+", " ", text.lower().replace(".", " ").replace(",", " ")).strip()
    key = re.sub(r"(?<=\b[a-z]) (?=[a-z]\b)", "", key)  # "l l p" (from "L.L.P.") -> "llp"
    expected = "write company (Ltd, PLC, LLP, ...) or individual (a person, a sole trader, a partnership of individuals)"
    if not key:
        return INDIVIDUAL if regime == "consumer" else ""
    if key in _AMBIGUOUS:
        raise DebtDeskError("Customers", f"Legal form {text!r} is ambiguous: {_AMBIGUOUS[key]}; {expected}", row)
    form = _READ.get(key)
    if form is None:
        raise DebtDeskError("Customers", f"Legal form {text!r} is not a legal form DebtDesk knows; {expected}", row)
    if form == COMPANY and regime == "consumer":
        raise DebtDeskError("Customers", f"Legal form {text!r} is a company, but Regime is consumer (a consumer is an "
                            "individual): correct one of the two", row)
    return form


def claim_form(form: str) -> str:
    """The form a letter of claim is written for: a form not given is written for an individual.

    >>> claim_form(""), claim_form("company")
    ('individual', 'company')
    """
    return form or INDIVIDUAL


def reply_days(form: str, individual_days: int = CLAIM_REPLY_DAYS) -> int:
    """Days a letter of claim gives to reply: a company the Practice Direction's 14, anyone else
    ``individual_days`` (the claim level's Pay within, at least the Protocol's 30).

    >>> reply_days("company"), reply_days("individual"), reply_days("", 45)
    (14, 30, 45)
    """
    return COMPANY_REPLY_DAYS if form == COMPANY else individual_days
