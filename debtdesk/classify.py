"""Priority and non-priority debts, by debt type, as UK debt advice sorts them.

A *priority* debt is one whose non-payment can cost the client their home, their
liberty, an essential service or essential goods: mortgage and rent arrears, secured
loans, council tax, gas and electricity, water in Scotland (collected with council
tax), magistrates' court fines, child maintenance, income tax, VAT and National
Insurance, the TV licence, and hire purchase or conditional sale on essential goods;
for US clients likewise a secured auto loan (repossession), property tax (a lien on the
home) and federal or state tax (levies), as US credit counsellors rank them.
Everything else -- credit and store cards, personal loans, overdrafts, catalogues,
payday loans, buy now pay later, water in England and Wales, benefit overpayments --
is *non-priority* and shares what is left pro rata (Citizens Advice and National
Debtline's "priority debts" guidance; CPAG Debt Advice Handbook, ch. "Priority debts"),
as are US medical bills and collection accounts.

:data:`DEBT_TYPES` is the list for a data-validation dropdown. Matching is case- and
space-insensitive with a few common aliases ("Gas", "Rent arrears", "Credit card").
A type not in the list is an error naming the known types; use ``"Other (non-priority)"``
for anything else.
"""

from __future__ import annotations

import re

from debtdesk.errors import DebtDeskError

#: Priority debt types (non-payment threatens home, liberty, essential services or goods).
PRIORITY_TYPES: tuple[str, ...] = (
    "Mortgage",
    "Rent",
    "Secured loan",
    "Council tax",
    "Energy (gas or electricity)",
    "Water (Scotland)",
    "Magistrates' court fine",
    "Child maintenance",
    "Income tax",
    "VAT",
    "National Insurance",
    "TV licence",
    "Hire purchase (essential goods)",
    "Conditional sale (essential goods)",
    "Auto loan",
    "Property tax",
)

#: Non-priority debt types (shared pro rata from what is left after priority offers).
NON_PRIORITY_TYPES: tuple[str, ...] = (
    "Credit card",
    "Store card",
    "Personal loan",
    "Overdraft",
    "Catalogue",
    "Payday loan",
    "Buy now pay later",
    "Water (England and Wales)",
    "Benefit overpayment",
    "Tax credit overpayment",
    "Hire purchase (non-essential goods)",
    "Phone or broadband",
    "Medical bill",
    "Student loan",
    "Friends and family",
    "Other (non-priority)",
)

#: Every recognised type, priority first: the data-validation dropdown for the Debts sheet.
DEBT_TYPES: tuple[str, ...] = PRIORITY_TYPES + NON_PRIORITY_TYPES

_ALIASES = {
    "Mortgage": ("Mortgage arrears", "Home loan"),
    "Rent": ("Rent arrears",),
    "Secured loan": ("Second mortgage", "Secured loan arrears", "Home equity loan", "HELOC"),
    "Council tax": ("Council tax arrears", "Rates"),
    "Energy (gas or electricity)": ("Energy", "Gas", "Electricity", "Fuel", "Gas arrears",
                                    "Electricity arrears", "Utilities", "Utility bill"),
    "Magistrates' court fine": ("Magistrates court fine", "Court fine", "Fine"),
    "Child maintenance": ("Child support",),
    "Income tax": ("Tax", "HMRC income tax", "Self assessment", "IRS", "Federal tax", "State tax",
                   "Back taxes", "Tax debt"),
    "National Insurance": ("NI", "National Insurance contributions"),
    "TV licence": ("TV license", "Television licence"),
    "Credit card": ("Card",),
    "Personal loan": ("Loan", "Unsecured loan", "Bank loan", "Installment loan"),
    "Auto loan": ("Car loan", "Auto", "Vehicle loan", "Auto finance", "Auto loan arrears"),
    "Property tax": ("Property taxes", "Real estate tax"),
    "Medical bill": ("Medical", "Medical debt", "Hospital bill", "Doctor bill"),
    "Catalogue": ("Catalog", "Mail order"),
    "Buy now pay later": ("BNPL",),
    "Phone or broadband": ("Phone", "Mobile phone", "Broadband"),
    "Other (non-priority)": ("Other", "Collection account", "Collections"),
}


def _key(text) -> str:
    return re.sub(r"[^a-z0-9]+", "", str(text).lower())


_LOOKUP = {_key(t): t for t in DEBT_TYPES}
_LOOKUP.update({_key(a): t for t, aliases in _ALIASES.items() for a in aliases})


def debt_type(value, argument: str = "debts", row: int | None = None) -> str:
    """The canonical debt type for ``value`` (case, spaces and punctuation ignored).

    Parameters
    ----------
    value : str
        A debt type from :data:`DEBT_TYPES` or a common alias ("Gas", "Rent arrears").
    argument : str
        The argument's name for error messages.
    row : int, optional
        The data row for error messages.

    Returns
    -------
    str
        One of :data:`DEBT_TYPES`.

    Examples
    --------
    >>> debt_type(" rent ARREARS "), debt_type("gas"), debt_type("BNPL")
    ('Rent', 'Energy (gas or electricity)', 'Buy now pay later')
    >>> debt_type("auto loan"), debt_type("Medical"), debt_type("IRS")
    ('Auto loan', 'Medical bill', 'Income tax')
    """
    if value is None or not str(value).strip() or value != value:
        raise DebtDeskError(argument, "Type is empty (expected a debt type such as "
                            "'Credit card' or 'Council tax', or 'Other (non-priority)')", row)
    found = _LOOKUP.get(_key(value))
    if found is None:
        raise DebtDeskError(argument, f"Type {str(value).strip()!r} is not a known debt type "
                            f"(expected one of {', '.join(DEBT_TYPES)})", row)
    return found


def is_priority(value, argument: str = "debts", row: int | None = None) -> bool:
    """Whether a debt of this type is a priority debt.

    Examples
    --------
    >>> is_priority("Council tax"), is_priority("Credit card"), is_priority("Water (Scotland)")
    (True, False, True)
    """
    return debt_type(value, argument, row) in PRIORITY_TYPES


def classify(value, argument: str = "debts", row: int | None = None) -> str:
    """``"Priority"`` or ``"Non-priority"`` for a debt type.

    Examples
    --------
    >>> classify("Hire purchase (essential goods)"), classify("Water (England and Wales)")
    ('Priority', 'Non-priority')
    """
    return "Priority" if is_priority(value, argument, row) else "Non-priority"
