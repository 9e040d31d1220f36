"""What the creditor letters say: one letter and one income & expenditure statement per
non-priority creditor, written from the client's case (DESIGN.md §1, capability 4).

The figures are the case's (:mod:`debtdesk.case`): the offer is the plan's payment to
the creditor in its first month, the same figure the Budget, Plan and Proposals sheets
and the client's summary give; the concession asked for is the debt's (interest frozen,
a reduced rate, or none); the months and the review date are the plan's. The letter
follows the plan the route implies:

- **Offer** (a debt management plan): the pro-rata offer, its start and how it is paid,
  the concession asked for, when the balance is cleared and when the plan is reviewed;
- **Token payment** (a deficit): a token payment, a request to freeze interest and hold
  action, and the review date; never a debt-free date or a larger payment;
- **Holding** (a breathing space, or insolvency options being explored): the protection
  in force or the interim offer, and a request to hold action;
- **Settlement**: a full and final settlement from the lump sum, shared pro rata.

A self-managed plan (budget only, consolidation) writes no letters: the client is not
asking creditors for anything. Every letter asks the creditor to deal with the firm, not
the client, and for a statement of the account. Nothing here writes a document: the
paragraphs and the statement table are what a writer (``debtdesk.workbooks.proposals``)
lays out as .docx or PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
import datetime as dt

import pandas as pd

from debtdesk.budget import Allocation, allocate
from debtdesk.letter import paper_for
from debtdesk.money import sum_cents
from debtdesk.rows import records
from debtdesk.wording import long_date, month_year, plural

#: Columns of the income and expenditure statement.
STATEMENT_COLUMNS = ["Section", "Item", "Monthly"]

#: What a letter's address block says where the Debts table gives no creditor address: in capitals,
#: where the address would be, so no one posts the letter without noticing.
NO_ADDRESS = "ADDRESS NEEDED: ADD THE CREDITOR ADDRESS TO THE DEBTS TABLE"

#: The Standard Financial Statement's expenditure groups, in its order, with the words (regular
#: expressions matched as whole words) of the categories each holds; an expense matching none is
#: "Other essential costs".
SFS_GROUPS = (
    ("Home and contents", (r"rent", r"mortgage", r"service charges?", r"ground rent", r"council tax", r"rates",
                           r"energy", r"gas", r"electric\w*", r"heating", r"heating oil", r"water", r"sewer\w*",
                           r"tv licen[cs]e", r"home insurance", r"contents", r"buildings", r"furniture",
                           r"appliances?", r"utilit\w+", r"property tax(es)?", r"hoa")),
    ("Communications and leisure", (r"phones?", r"mobile", r"internet", r"broadband", r"television", r"tv",
                                    r"streaming", r"subscriptions?", r"leisure", r"hobb\w*", r"gifts?",
                                    r"newspapers?", r"pocket money", r"sports?")),
    ("Food and housekeeping", (r"food", r"housekeeping", r"grocer\w*", r"nappies", r"diapers", r"school meals?",
                               r"pets?", r"laundry", r"toiletr\w*", r"cleaning")),
    ("Personal costs", (r"cloth\w*", r"shoes?", r"hair\w*", r"health\w*", r"prescriptions?", r"dentist",
                        r"dental", r"opticians?", r"glasses", r"medical", r"medicines?")),
    ("Travel", (r"travel", r"transport", r"bus\w*", r"trains?", r"cars?", r"petrol", r"gasoline", r"diesel",
                r"fuel", r"parking", r"vehicles?", r"mot", r"road tax", r"commut\w*")),
)
OTHER_COSTS = "Other essential costs"


@dataclass(frozen=True)
class Proposal:
    """One creditor's letter as data: who it goes to, the figures, the words and the statement.

    :meth:`letter` gives it as the :class:`debtdesk.letter.Letter` content model that the
    .docx and PDF renderers take.
    """

    creditor: str
    """The debt's name in the client's workbook."""
    debt_type: str
    balance: float
    offer: float
    """The monthly payment offered (the lump sum for a settlement; 0.00 when none is offered yet)."""
    share: float
    months: int | None
    """Months to clear the balance under the plan (None: no date is promised)."""
    kind: str
    """Offer, Token payment, Holding or Settlement."""
    legal_name: str
    address: tuple[str, ...]
    account_number: str
    letterhead: tuple[str, ...]
    date: str
    references: tuple[tuple[str, str], ...]
    """(label, value) lines: the creditor's account number, our reference, the client."""
    subject: str
    paragraphs: tuple[str, ...]
    """The body, between "Dear Sir or Madam," and "Yours faithfully,"."""
    signature: tuple[str, ...]
    enclosures: tuple[str, ...]
    running_head: str
    footer: str
    paper: str
    statement: pd.DataFrame
    household: str
    currency: str
    day: dt.date | None = None
    """The letter's date (the case's as-of date), as a date."""

    @property
    def recipient(self) -> tuple[str, ...]:
        """The address block: the creditor's legal name, then its address lines, or :data:`NO_ADDRESS`
        in capitals where the Debts table gives none, so a letter is never posted to a blank address.

        >>> import pandas as pd
        >>> debts = pd.DataFrame({"Name": ["Visa"], "Type": ["Credit card"], "Balance": [900.0], "Minimum": [60.0]})
        >>> proposals(1500, 1450, debts, client="Ann Lee", on="2026-11-01")[0].recipient
        ('Visa', 'ADDRESS NEEDED: ADD THE CREDITOR ADDRESS TO THE DEBTS TABLE')
        """
        return (self.legal_name, *(self.address or (NO_ADDRESS,)))

    def letter(self):
        """This letter as :class:`debtdesk.letter.Letter`, the income and expenditure statement
        as its appendix (amounts with their currency, totals in bold).

        >>> import pandas as pd
        >>> debts = pd.DataFrame({"Name": ["Visa"], "Type": ["Credit card"], "Balance": [900.0], "Minimum": [60.0]})
        >>> letter = proposals(1500, 1450, debts, client="Ann Lee", on="2026-11-01")[0].letter()
        >>> letter.subject, letter.paper, letter.appendix[2].rows[-1]
        ('Ann Lee: debt management plan proposal', 'A4', ('Total non-priority offers', '£50.00'))
        """
        from debtdesk.letter import Heading, Letter, Paragraph, Table
        from debtdesk.wording import money_text

        rows, bold, groups, section = [], [], [], None
        for record in records(self.statement):
            if record["Section"] != section:
                section = record["Section"]
                groups.append(len(rows))
                rows.append((section,))
            if str(record["Item"]).startswith(("Total", "Available", "Shortfall")):
                bold.append(len(rows))
            rows.append((str(record["Item"]), money_text(record["Monthly"], self.currency)))
        table = Table(("Item", "Monthly"), tuple(rows), ("left", "right"), bold_rows=tuple(bold),
                      group_rows=tuple(groups), widths=(3, 1))
        client = next((value for label, value in self.references if label == "Our client"), "")
        return Letter(letterhead=self.letterhead, recipient=self.recipient, date=self.date, subject=self.subject,
                      body=tuple(Paragraph(text) for text in self.paragraphs), signature=self.signature,
                      references=self.references, enclosures=self.enclosures, running_head=self.running_head,
                      footer=self.footer, paper=self.paper,
                      appendix=(Heading("Income and expenditure statement"),
                                Paragraph(f"{client}. {self.household}. Monthly figures."), table),
                      language="en-US" if self.paper == "Letter" else "en-GB")


def income_and_expenditure(income, expenses, debts, savings: float = 0, fee: float = 0) -> pd.DataFrame:
    """The client's monthly income and expenditure statement in SFS order.

    Parameters
    ----------
    income, expenses, debts, savings, fee
        As for :func:`debtdesk.budget.budget`.

    Returns
    -------
    pandas.DataFrame
        Section, Item, Monthly: each income source, "Total income", each outgoing,
        "Total expenditure", savings, fee, "Available for priority debts", each priority
        offer, "Available for non-priority debts", each non-priority offer and
        "Total non-priority offers" -- the figures of :func:`debtdesk.budget.budget`.

    Examples
    --------
    >>> debts = pd.DataFrame({"Name": ["Council", "Visa", "Loan"],
    ...                       "Type": ["Council tax", "Credit card", "Personal loan"],
    ...                       "Balance": [600.0, 3000.0, 1000.0], "Minimum": [50.0, 90.0, 40.0]})
    >>> s = income_and_expenditure(1500, 1200, debts, savings=10).set_index("Item")["Monthly"]
    >>> float(s["Available for priority debts"]), float(s["Available for non-priority debts"])
    (290.0, 240.0)
    >>> float(s["Visa"]), float(s["Loan"])
    (180.0, 60.0)
    """
    return statement(allocate(income, expenses, debts, savings, fee))


def statement(a: Allocation, token: float | None = None) -> pd.DataFrame:
    """The income and expenditure statement of an SFS allocation (see :func:`income_and_expenditure`);
    with ``token``, each non-priority creditor's line is the token payment offered instead of the
    nothing the budget leaves, so the statement and the letters give the same figure."""
    rows = [("Income", r["Source"], r["Net"]) for r in records(a.incomes)]
    rows.append(("Income", "Total income", a.income / 100))
    outgoings = records(a.outgoings)
    groups = [sfs_group(r["Category"]) for r in outgoings]
    order = [name for name, _ in SFS_GROUPS] + [OTHER_COSTS]
    rows += sorted(((group, r["Category"], r["Monthly"]) for group, r in zip(groups, outgoings)),
                   key=lambda row: order.index(row[0]))  # stable: each group keeps the client's order
    rows.append(("Expenditure", "Total expenditure", a.spending / 100))
    rows += [("Savings and fees", "Savings contribution", a.savings / 100),
             ("Savings and fees", "Debt admin fee", a.fee / 100)]
    if a.for_priority < 0:
        rows.append(("Available", "Shortfall: spending, savings and fee above income", -a.for_priority / 100))
    rows.append(("Available", "Available for priority debts", max(a.for_priority, 0) / 100))
    if len(a.priority):
        rows += [("Priority debts", r["Name"], r["Offer"]) for r in records(a.priority)]
        rows.append(("Priority debts", "Total priority payments", sum_cents(a.priority["Offer"]) / 100))
    if a.for_non_priority < 0 <= a.for_priority:
        rows.append(("Available", "Shortfall: priority payments above what is available",
                     -a.for_non_priority / 100))
    rows.append(("Available", "Available for non-priority debts", max(a.for_non_priority, 0) / 100))
    if token is None:
        rows += [("Non-priority creditors", name, share / 100) for name, share in zip(a.others["Name"], a.offers)]
        rows.append(("Non-priority creditors", "Total non-priority offers", sum(a.offers) / 100))
    else:
        owed = a.others[a.others["Balance"] > 0]
        rows += [("Non-priority creditors", f"{name} (token payment)", token) for name in owed["Name"]]
        rows.append(("Non-priority creditors", "Total token payments", round(token * len(owed), 2)))
    return pd.DataFrame(rows, columns=STATEMENT_COLUMNS)


def sfs_group(category: str) -> str:
    """The Standard Financial Statement expenditure group an expense category belongs to.

    >>> sfs_group("Council tax"), sfs_group("Phone and internet"), sfs_group("Car insurance"), sfs_group("Childcare")
    ('Home and contents', 'Communications and leisure', 'Travel', 'Other essential costs')
    """
    words = str(category).lower()
    for group, keys in SFS_GROUPS:
        if re.search(r"\b(" + "|".join(keys) + r")\b", words):
            return group
    return OTHER_COSTS


def letters(case) -> list[Proposal]:
    """One letter per creditor the case's plan writes to (:data:`debtdesk.case.LETTERS`), in the
    order of the debts table; none for a self-managed plan.

    Examples
    --------
    >>> from datetime import date
    >>> from debtdesk.case import ClientDetails, ClientInputs, client_case
    >>> debts = pd.DataFrame({"Name": ["Visa", "Loan"], "Type": ["Credit card", "Personal loan"],
    ...                       "Balance": [3000.0, 1000.0], "Minimum": [120.0, 60.0], "Arrears": [240.0, 0.0]})
    >>> case = client_case(ClientInputs(ClientDetails(as_of=date(2026, 11, 1), name="Ann Lee"), 1500, 1350, debts))
    >>> [(p.creditor, p.kind, p.offer, p.months) for p in letters(case)]
    [('Visa', 'Offer', 112.5, 27), ('Loan', 'Offer', 37.5, 27)]
    >>> letters(case)[0].paragraphs[3]
    'We therefore offer £112.50 a month, 75.00% of the amount available, from 1 December 2026, paid by our client each month.'
    """
    from debtdesk.case import LETTERS

    if LETTERS.get(case.plan.kind) is None or not len(case.offers):
        return []
    household = _household(case.details)
    table = statement(case.allocation, case.settings["token_payment"] if case.plan.kind == "Token payments" else None)
    out = []
    for offer in records(case.offers):
        months = None if offer["Months to clear"] is None or offer["Months to clear"] != offer["Months to clear"] \
            else int(offer["Months to clear"])
        out.append(Proposal(
            creditor=offer["Creditor"], debt_type=offer["Type"], balance=float(offer["Balance"]),
            offer=float(offer["Offer"]), share=float(offer["Share"]), months=months, kind=offer["Letter"],
            legal_name=offer["Legal name"], address=_lines(offer["Address"]), account_number=offer["Account number"],
            letterhead=_letterhead(case.firm), date=long_date(case.details.as_of) if case.details.as_of else "",
            references=_references(case, offer), subject=_subject(case, offer),
            paragraphs=_paragraphs(case, offer, months), signature=_signature(case.firm),
            enclosures=("Income and expenditure statement", "Letter of authority"),
            running_head=_running_head(case), footer=_footer(case.firm),
            paper=paper_for(case.jurisdiction.country), statement=table, household=household,
            currency=case.currency, day=case.details.as_of))
    return out


def proposals(income, expenses, debts, *, client: str, on, reference: str = "", savings: float = 0,
              fee: float = 0) -> list[Proposal]:
    """The letters of a case made from these inputs alone (no firm, settings or payments).

    Parameters
    ----------
    income, expenses, debts, savings, fee
        As for :func:`debtdesk.budget.budget`.
    client : str
        The client's name, as the letters give it (any text, kept as typed).
    on : date, datetime, Excel serial or ISO text
        The letters' date (the case's as-of date).
    reference : str
        The client's reference at the firm.

    Examples
    --------
    >>> debts = pd.DataFrame({"Name": ["Visa", "Loan"], "Type": ["Credit card", "Personal loan"],
    ...                       "Balance": [3000.0, 1000.0], "Minimum": [90.0, 40.0], "Arrears": [180.0, 0.0]})
    >>> [(x.creditor, x.offer, x.months) for x in proposals(1500, 1350, debts, client="Ann Lee", on="2026-11-01")]
    [('Visa', 112.5, 27), ('Loan', 37.5, 27)]
    """
    from debtdesk.case import ClientDetails, ClientInputs, client_case
    from debtdesk.dates import to_date

    details = ClientDetails(as_of=to_date(on, "on"), name=client, client_id=reference, savings=savings, fee=fee)
    return letters(client_case(ClientInputs(details, income, expenses, debts)))


def _paragraphs(case, offer: dict, months: int | None) -> tuple[str, ...]:
    """The letter's body: date, greeting, who we are, the proposal, the requests, the close."""
    d, plan, money = case.details, case.plan, case.money
    others = len(case.offers)
    opening = (f"We act for our client, {d.name or d.label}, about the {offer['Type'].lower()} account above "
               f"(balance {money(offer['Balance'])}). Please deal with us, not our client, about this account from "
               "now on; our client's signed letter of authority is enclosed"
               + (f" (our reference {d.authority_reference})." if d.authority_reference else "."))
    method = case.firm.payment_method or "by our client each month"
    first = long_date(plan.first_payment) if plan.first_payment else None
    sfs = ("The enclosed income and expenditure statement, prepared by the Standard Financial Statement method, "
           if case.jurisdiction.uk else "The enclosed income and expenditure statement ")
    kind = offer["Letter"]
    if kind == "Holding":
        middle = _holding(case, offer, method)
    elif kind == "Token payment":
        short = -case.allocation.for_priority / 100
        middle = ("Our client is in financial difficulty. " + sfs + "shows " +
                  (f"that their income falls {money(short)} a month short of their essential spending"
                   if short > 0 else "that nothing is left after essential spending and the priority debts") + ".",
                  (f"Our client can offer a token payment of {money(offer['Offer'])} a month from {first}, paid "
                   f"{method}, while their situation is reviewed. We ask you to accept it, to freeze interest and "
                   "charges, and to hold any recovery action." if offer["Offer"] > 0 else
                   "Our client cannot offer any payment while their situation is reviewed. We ask you to freeze "
                   "interest and charges and to hold any recovery action."),
                  f"We will review our client's circumstances by {long_date(plan.review)} and write to you again "
                  "then.",
                  "Please confirm in writing that you accept these token payments." if offer["Offer"] > 0 else
                  _HOLD)
    elif kind == "Settlement":
        middle = ("Our client is in financial difficulty and cannot repay their debts in full within a reasonable "
                  "time. " + sfs + "shows their monthly income and essential spending.",
                  f"A lump sum of {money(plan.monthly_payment)} is available, which our client offers to share between "
                  f"their {plural(others, 'non-priority creditor')} in proportion to what each is owed.",
                  f"We therefore offer {money(offer['Offer'])} in full and final settlement of the balance of "
                  f"{money(offer['Balance'])}, payable within 14 days of your written acceptance.",
                  "Please confirm in writing that you accept this offer in full and final settlement, that the "
                  "balance will be written off and that the account will be recorded as settled.")
    else:  # a debt management plan's offer
        middle = ("Our client is in financial difficulty. " + sfs + "shows their monthly income and essential "
                  "spending, and the payments to priority debts that must come first.",
                  f"After these, {money(plan.monthly_payment)} a month is available to share between our client's "
                  f"{plural(others, 'non-priority creditor')} in proportion to what each is owed "
                  f"({money(sum(case.offers['Balance']))} in total).",
                  *((f"We therefore offer {money(offer['Offer'])} a month, {offer['Share']:.2%} of the amount "
                     f"available, from {first}, paid {method}.",
                     _concession(case, offer, months)) if offer["Offer"] > 0 else
                    ("Your share of that amount rounds to nothing, so no payment can be offered to you yet. We ask "
                     "you to freeze interest and charges while the plan is kept.",)),
                  "Please hold any recovery action while the plan is kept. We will review the plan by "
                  f"{long_date(plan.review)}, or sooner if our client's circumstances change.",
                  "Please confirm in writing that you accept this proposal." if offer["Offer"] > 0 else _HOLD)
    closing = ("Please also send us a statement of the account showing the current balance, and a copy of any "
               "default notice.",)
    return (opening,) + middle + closing


#: The request of a letter that offers no payment: never "accept this proposal".
_HOLD = "Please confirm in writing that you will freeze interest and charges and hold action."


def _concession(case, offer: dict, months: int | None) -> str:
    """The concession the letter asks for, and when the balance is cleared on that basis."""
    money = case.money
    clears = (f"the balance of {money(offer['Balance'])} is cleared in {plural(months, 'month')}, by "
              f"{month_year(case.plan.schedule.date_of(months))}" if months else
              f"the balance of {money(offer['Balance'])} is not cleared at this offer")
    if offer["Concession"] == "Interest frozen":
        return f"We ask you to freeze interest and charges while the plan is kept: on that basis {clears}."
    if offer["Concession"] == "Reduced rate":
        rate = offer["Interest assumption"].replace("interest reduced to ", "")
        return f"We ask you to reduce the interest rate to {rate} while the plan is kept: on that basis {clears}."
    rate = re.search(r"at ([0-9.]+%)", offer["Interest assumption"])
    return (f"Our client will keep to the contract rate of interest ({rate.group(1) if rate else 'as agreed'}); "
            f"at this offer {clears}.")


def _holding(case, offer: dict, method: str) -> tuple[str, ...]:
    """A holding letter: a breathing space in force, or insolvency options being explored."""
    bs, plan, money = case.breathing_space, case.plan, case.money
    if bs.active and bs.end is None:
        return (f"Our client is in a mental health crisis breathing space under the Debt Respite Scheme from "
                f"{long_date(bs.start)}. It lasts while their crisis treatment continues and for 30 days after it "
                "ends. While it lasts you must not contact our client about this debt or take any enforcement "
                "action, and interest, fees and charges are frozen.",
                (f"When it ends, our client expects to propose {money(offer['Offer'])} a month with "
                 f"{offer['Interest assumption']}; we will confirm the proposal and its start date then."
                 if offer["Offer"] else "We will write to you with our client's proposal when the breathing space "
                                        "ends."),
                "Please confirm that you have recorded the breathing space on the account.")
    if bs.active:
        if plan.kind == "Token payments":
            proposal = (f"a token payment of {money(offer['Offer'])} a month from {long_date(plan.first_payment)}, "
                        f"paid {method}, while their situation is reviewed")
        else:
            proposal = (f"{money(offer['Offer'])} a month from {long_date(plan.first_payment)}, paid {method}, with "
                        f"{offer['Interest assumption']}")
        after = (f"When it ends, our client proposes {proposal}; we will confirm the proposal before then."
                 if offer["Offer"] and plan.first_payment else
                 "We will write to you with our client's proposal before it ends.")
        return (f"Our client is in a standard breathing space under the Debt Respite Scheme from "
                f"{long_date(bs.start)} until {long_date(bs.end)} (please check the end date on the Breathing "
                "Space register). While it lasts you must not contact our client about this debt or take any "
                "enforcement action, and interest, fees and charges are frozen.",
                after,
                "Please confirm that you have recorded the breathing space on the account.")
    return ("We are advising our client about the ways of dealing with their debts, including the formal "
            "insolvency options.",
            (f"Meanwhile our client offers {money(offer['Offer'])} a month, {offer['Share']:.2%} of what their "
             f"budget leaves for their non-priority creditors, from {long_date(plan.first_payment)}, paid {method}. "
             "We ask you to accept it, to freeze interest and charges and to hold any recovery action while we "
             "advise our client." if offer["Offer"] > 0 else
             "Meanwhile our client cannot offer you a payment. We ask you to freeze interest and charges and to "
             "hold any recovery action while we advise our client."),
            f"We will write to you again by {long_date(plan.review)}.",
            "Please confirm in writing that you will hold action.")


def _subject(case, offer: dict) -> str:
    what = {"Offer": "debt management plan proposal", "Token payment": "token payment offer",
            "Holding": "please hold action", "Settlement": "full and final settlement offer"}[offer["Letter"]]
    account = f", account {offer['Account number']}" if offer["Account number"] else ""
    return f"{case.details.name or case.details.label}{account}: {what}"


def _references(case, offer: dict) -> tuple[tuple[str, str], ...]:
    d = case.details
    client = d.name or d.label
    if d.date_of_birth:
        client += f", born {long_date(d.date_of_birth)}"
    lines = [("Your reference", offer["Account number"]), ("Our reference", _our_reference(case)),
             ("Our client", client), ("Client's address", ", ".join(_lines(d.address)))]
    return tuple((label, value) for label, value in lines if value)


def _our_reference(case) -> str:
    return "/".join(p for p in (case.firm.reference, case.details.client_id) if p)


def _running_head(case) -> str:
    ours = _our_reference(case)
    return (case.details.name or case.details.label) + (f" · our reference {ours}" if ours else "")


def _letterhead(firm) -> tuple[str, ...]:
    lines = [firm.name or "Debt advice", *_lines(firm.address),
             " | ".join(p for p in (f"Telephone {firm.phone}" if firm.phone else "",
                                    f"E-mail {firm.email}" if firm.email else "") if p)]
    return tuple(line for line in lines if line)


def _footer(firm) -> str:
    parts = [f"Authorised and regulated by the Financial Conduct Authority (FRN {firm.fca_number})."
             if firm.fca_number else "",
             f"Standard Financial Statement membership {firm.sfs_number}." if firm.sfs_number else ""]
    return " ".join(p for p in parts if p)


def _signature(firm) -> tuple[str, ...]:
    lines = [firm.signatory or firm.caseworker,
             f"Caseworker: {firm.caseworker}" if firm.caseworker and firm.caseworker != firm.signatory else "",
             firm.name]
    return tuple(line for line in lines if line)


def _household(d) -> str:
    """The household, as the statement heads it.

    >>> from debtdesk.case import ClientDetails
    >>> _household(ClientDetails(adults=2, children=1))
    'Household: 2 adults, 1 child'
    """
    children = plural(d.children, "child", "children") if d.children else "no children"
    return f"Household: {plural(d.adults, 'adult')}, {children}"


def _lines(text) -> tuple[str, ...]:
    """An address typed on one line (commas) or several, as lines.

    >>> _lines("1 High Street, Leeds\\nLS1 4AP")
    ('1 High Street', 'Leeds', 'LS1 4AP')
    """
    if not text or text != text:
        return ()
    return tuple(part.strip() for part in re.split(r"[,\n]", str(text)) if part.strip())
