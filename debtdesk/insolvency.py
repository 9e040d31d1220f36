"""Insolvency screening: Debt Relief Order criteria and pointers to the formal options.

**England and Wales.** A Debt Relief Order (Insolvency Act 1986, Part 7A) writes off
qualifying debts after a year for a client who cannot pay them and has little: since
28 June 2024 (Insolvency Service) qualifying debts of at most £50,000, a monthly surplus
of at most £75, assets of at most £2,000 and a vehicle worth at most £4,000 (a vehicle
adapted for a disability is not counted); the £90 fee was removed from 6 April 2024.
The client must also have lived, had a home or worked in England or Wales in the last
three years, not have had a DRO in the last six, not be bankrupt or in an IVA, and not
have given away or sold assets below value or favoured a creditor in the last two years;
DebtDesk cannot see those, so it lists them for the adviser to confirm. The limits are
settings (:mod:`debtdesk.thresholds`), dated, so a firm updates them when they change.
Student loans, magistrates' court fines and child maintenance are not qualifying debts,
nor are secured debts; DebtDesk leaves them out of the total and says so.

**Northern Ireland** has its own DROs under Northern Ireland law, with limits set by the
Department for the Economy that DebtDesk does not hold as confirmed figures: the screen
applies the Northern Ireland limits a firm enters in Settings, and says an adviser must
check them when they are empty. **Scotland** has no DROs: the pointers name the Minimal
Asset Process and full administration bankruptcy (Accountant in Bankruptcy), Protected
Trust Deeds and the Debt Arrangement Scheme, for an adviser to check against the current
Scottish criteria. **United States**: no DRO; the pointers name nonprofit credit
counselling and Chapter 7 or Chapter 13 bankruptcy through an attorney.

The screen is a pointer for an adviser, never a decision: an approved intermediary (in
England and Wales) makes the DRO application and checks every criterion.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import pandas as pd

from debtdesk.money import from_cents, sum_cents
from debtdesk.wording import money_text

#: Debt types a Debt Relief Order does not cover (secured, or excluded by the DRO rules).
NOT_QUALIFYING = ("Mortgage", "Secured loan", "Student loan", "Magistrates' court fine", "Child maintenance")
CRITERIA_COLUMNS = ["Criterion", "Client", "Limit", "Met", "Note"]
OPTIONS_COLUMNS = ["Option", "Pointer"]

_UNCHECKED = ("Lived, had a home or worked in {where} in the last 3 years",
              "No Debt Relief Order in the last 6 years",
              "Not bankrupt, in an IVA or facing a bankruptcy petition",
              "No assets given away or sold below value, and no creditor favoured, in the last 2 years")
_KEYS = {"England and Wales": ("dro_debts", "dro_surplus", "dro_assets", "dro_vehicle"),
         "Northern Ireland": ("ni_dro_debts", "ni_dro_surplus", "ni_dro_assets", "ni_dro_vehicle")}


@dataclass(frozen=True)
class Screening:
    """The insolvency screen of a case: DRO criteria, a verdict and the options to point to."""

    jurisdiction: str
    criteria: pd.DataFrame
    """Criterion, Client, Limit, Met (True, False, or None: for the adviser to check), Note."""
    eligible: bool | None
    """True: every criterion DebtDesk can check is met; False: one is not; None: no DRO here or a figure is missing."""
    summary: str
    options: pd.DataFrame
    """Option, Pointer: the formal and informal routes an adviser should consider."""


def screen(jurisdiction: str, debts: pd.DataFrame, monthly_surplus: float, assets: float | None,
           vehicle_value: float | None, home_owner: bool | None, settings: Mapping[str, float | None],
           currency: str = "GBP") -> Screening:
    """Screen a client for a Debt Relief Order and point to the other options.

    Parameters
    ----------
    jurisdiction : str
        "England and Wales", "Scotland", "Northern Ireland" or "United States".
    debts : DataFrame
        The debts as :func:`debtdesk.budget.debt_list` returns them (Type, Balance).
    monthly_surplus : float
        Income minus essential outgoings a month (negative in a deficit).
    assets, vehicle_value : float or None
        The value of the client's assets (not counting a vehicle) and of their vehicle;
        None when not recorded.
    home_owner : bool or None
        Whether the client owns their home (a home is an asset far beyond the limit).
    settings : mapping
        The case's settings (:func:`debtdesk.thresholds.read_settings`): the DRO limits.
    currency : str
        For the sentences.

    Examples
    --------
    At each England and Wales limit a criterion is met; a penny over, it is not.

    >>> from debtdesk.thresholds import defaults
    >>> owed = pd.DataFrame({"Type": ["Credit card"], "Balance": [50000.0]})
    >>> s = screen("England and Wales", owed, 75.0, 2000.0, 4000.0, False, defaults())
    >>> s.eligible, s.criteria["Met"].tolist()[:5]
    (True, [True, True, True, True, True])
    >>> screen("England and Wales", owed, 75.01, 2000.0, 4000.0, False, defaults()).eligible
    False
    >>> screen("Scotland", owed, 0.0, 0.0, 0.0, False, defaults()).summary
    'Debt Relief Orders do not exist in Scotland: see the Scottish options below'
    """
    keys = _KEYS.get(jurisdiction)
    if keys is None:
        return Screening(jurisdiction, pd.DataFrame(columns=CRITERIA_COLUMNS), None,
                         ("Debt Relief Orders do not exist in Scotland: see the Scottish options below"
                          if jurisdiction == "Scotland" else f"Debt Relief Orders do not apply in {jurisdiction}"),
                         _options(jurisdiction, None))
    limits = [settings.get(k) for k in keys]
    counted = debts[~debts["Type"].isin(NOT_QUALIFYING)]
    left_out = sorted(set(debts.loc[debts["Type"].isin(NOT_QUALIFYING), "Type"]))
    owed = from_cents(sum_cents(counted["Balance"]))
    rows = []

    def add(criterion, client, limit, note, met=None):
        if met is None and client is not None and limit is not None:
            met = client <= limit
        rows.append({"Criterion": criterion, "Client": client, "Limit": limit, "Met": met, "Note": note})

    add("Qualifying debts", owed, limits[0],
        "Not counted: " + ", ".join(left_out) + " (a DRO does not cover them)" if left_out else None)
    add("Monthly surplus income", round(monthly_surplus, 2), limits[1],
        "Income minus essential outgoings; check it against the application's budget")
    add("Assets (not counting a vehicle)", assets, limits[2], None if assets is not None else "Not recorded")
    add("Vehicle value", vehicle_value, limits[3],
        "A vehicle adapted for a disability is not counted" if vehicle_value is not None else "Not recorded")
    add("Does not own their home", None if home_owner is None else ("No" if home_owner else "Yes"), None,
        "Not recorded" if home_owner is None else ("Owns their home: a home is an asset far beyond the assets limit"
                                                   if home_owner else None),
        met=None if home_owner is None else not home_owner)
    where = "England or Wales" if jurisdiction == "England and Wales" else "Northern Ireland"
    for criterion in _UNCHECKED:
        add(criterion.format(where=where), None, None, "For the adviser to confirm", met=None)
    criteria = pd.DataFrame(rows, columns=CRITERIA_COLUMNS, dtype=object)
    checked = criteria.iloc[:5]
    failed = checked[checked["Met"] == False]  # noqa: E712 (None means unknown, not False)
    if None in limits:
        eligible, summary = None, (f"The {jurisdiction} DRO limits are not set in Settings: an adviser must check "
                                   "eligibility against the current limits")
    elif len(failed):
        eligible = False
        summary = "Not eligible for a Debt Relief Order: " + "; ".join(
            _why(r, currency) for r in failed.itertuples(index=False))
    elif checked["Met"].isna().any():
        eligible = None
        short = {"Assets (not counting a vehicle)": "assets", "Does not own their home": "home ownership"}
        missing = ", ".join(short.get(c, c.lower()) for c in checked.loc[checked["Met"].isna(), "Criterion"])
        summary = f"DRO eligibility cannot be judged until these are recorded: {missing}"
    else:
        eligible = True
        summary = ("May be eligible for a Debt Relief Order on the figures DebtDesk can check; an approved "
                   "intermediary must confirm the rest")
    return Screening(jurisdiction, criteria, eligible, summary, _options(jurisdiction, eligible))


def _why(row, currency: str) -> str:
    """Why a criterion is not met, in words.

    >>> import collections
    >>> Row = collections.namedtuple("Row", "Criterion Client Limit Met Note")
    >>> _why(Row("Qualifying debts", 50000.01, 50000.0, False, None), "GBP")
    'qualifying debts £50,000.01 are over the £50,000.00 limit'
    """
    if row.Limit is None:
        return (row.Note[0].lower() + row.Note[1:]) if row.Note else row.Criterion.lower() + " is not met"
    return f"{row.Criterion.lower()} {money_text(row.Client, currency)} {'are' if row.Criterion.endswith('debts') else 'is'} over the " \
           f"{money_text(row.Limit, currency)} limit"


def _options(jurisdiction: str, dro_eligible: bool | None) -> pd.DataFrame:
    """The options an adviser should weigh, with a one-line pointer each."""
    dro = {True: "The screen above finds no bar: refer to an approved intermediary to apply",
           False: "Ruled out on the figures above", None: "Check eligibility (see above)"}[dro_eligible]
    options = {
        "England and Wales": [
            ("Debt Relief Order", dro),
            ("Bankruptcy", "No debt limit; for debts or assets beyond a DRO. An adviser explains the effect on the "
                           "home, work and assets; the application to the Insolvency Service has a fee (check the "
                           "current fee)"),
            ("Individual Voluntary Arrangement", "A binding agreement through an insolvency practitioner, usually over "
                                                 "five or six years, for a client with a steady surplus"),
            ("Debt management plan", "Informal: no legal protection, and creditors may refuse to freeze interest"),
            ("Breathing Space", "Up to 60 days' protection from creditor action while a solution is found "
                                "(mental health crisis: while treatment lasts and 30 days after)"),
        ],
        "Northern Ireland": [
            ("Debt Relief Order (Northern Ireland)", dro),
            ("Bankruptcy (Northern Ireland)", "Through the High Court in Northern Ireland: an adviser checks the "
                                              "current fees and criteria"),
            ("Individual Voluntary Arrangement", "Through an insolvency practitioner, for a client with a steady surplus"),
            ("Debt management plan", "Informal: no legal protection"),
            ("Breathing Space", "Not available: the scheme covers England and Wales only"),
        ],
        "Scotland": [
            ("Minimal Asset Process bankruptcy", "For low income and few assets, through the Accountant in Bankruptcy: "
                                                 "an adviser must check the current criteria"),
            ("Full administration bankruptcy", "Through the Accountant in Bankruptcy: an adviser must check the "
                                               "current criteria and fee"),
            ("Protected Trust Deed", "A binding arrangement through a trustee, for a client with a steady surplus"),
            ("Debt Arrangement Scheme", "Scotland's statutory debt payment programme: interest and charges frozen "
                                        "by law, arranged through an approved money adviser"),
            ("Statutory moratorium", "Scotland's own protection from creditor action while advice is given "
                                     "(Breathing Space does not apply in Scotland)"),
        ],
        "United States": [
            ("Nonprofit credit counseling", "A debt management plan through an accredited nonprofit agency; card "
                                            "issuers often reduce rates"),
            ("Chapter 7 bankruptcy", "Liquidation, subject to the means test: refer to a bankruptcy attorney"),
            ("Chapter 13 bankruptcy", "A court-approved repayment plan over three to five years: refer to a "
                                      "bankruptcy attorney"),
            ("Debt settlement", "Fees only after a debt is settled and paid (FTC Telemarketing Sales Rule); "
                                "forgiven amounts of 600 or more are reported on Form 1099-C"),
        ],
    }[jurisdiction]
    return pd.DataFrame(options, columns=OPTIONS_COLUMNS)
