"""The figures advice turns on, each with where it comes from and since when (dated defaults).

A client workbook's Settings sheet lists every one of :data:`SETTINGS` with its value, its
source and the date it has been in force; a firm edits the value (a new DRO limit, its own
DTI policy) and the whole case follows. A value left empty keeps the default.
"Since" is the date the figure took effect at its source (a statutory limit) or the date
DebtDesk adopted it (a guideline or an assumption a firm should review).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Mapping

import pandas as pd

from debtdesk.errors import DebtDeskError
from debtdesk.values import data_rows, is_blank, match_key, number


@dataclass(frozen=True)
class Setting:
    """One figure: its key in code, its label in the workbook, default, format and provenance."""

    key: str
    label: str
    default: float | None
    format: str  # "percent", "money", "integer"
    source: str
    since: date | None


_DEBTDESK = date(2026, 11, 1)  # when DebtDesk set its own guideline defaults; firms review them
_DRO_2024 = date(2024, 6, 28)

#: Every setting a client case reads, in the order the Settings sheet lists them.
SETTINGS: tuple[Setting, ...] = (
    Setting("front_end", "Front-end DTI threshold", 0.28, "percent",
            "28/36 conventional-mortgage guideline (housing costs / gross income)", _DEBTDESK),
    Setting("back_end", "Back-end DTI threshold", 0.36, "percent",
            "28/36 conventional-mortgage guideline (housing + debt payments / gross income)", _DEBTDESK),
    Setting("consumer", "Consumer DTI threshold", 0.20, "percent",
            "20/10 rule: non-mortgage debt payments within 20 % of take-home pay", _DEBTDESK),
    Setting("utilisation", "Credit utilisation threshold", 0.30, "percent",
            "Level credit reference agencies advise staying under", _DEBTDESK),
    Setting("arrears_months", "Clear arrears from the surplus within (months)", 6, "integer",
            "DebtDesk policy: arrears the surplus clears this fast need no debt management plan", _DEBTDESK),
    Setting("plan_months", "Longest debt management plan (months)", 60, "integer",
            "DebtDesk policy: a longer plan points to insolvency advice", _DEBTDESK),
    Setting("settlement_share", "Lump sum share for a settlement", 0.5, "percent",
            "DebtDesk policy: a lump sum of this share of the non-priority debts makes a full and final offer "
            "worth proposing", _DEBTDESK),
    Setting("token_payment", "Token payment per creditor", 1.00, "money",
            "Common practice in UK debt advice (a token payment of 1.00 a month)", _DEBTDESK),
    Setting("review_months", "Plan review every (months)", 12, "integer",
            "Debt management plans are reviewed at least yearly", _DEBTDESK),
    Setting("token_review_months", "Token payment review after (months)", 3, "integer",
            "DebtDesk policy: a deficit budget is reviewed within three months", _DEBTDESK),
    Setting("consolidation_apr", "Consolidation loan APR (assumed)", 0.12, "percent",
            "Assumption: replace it with a real quotation for the client", _DEBTDESK),
    Setting("consolidation_term", "Longest consolidation loan term (months)", 60, "integer",
            "DebtDesk policy", _DEBTDESK),
    Setting("consolidation_saving", "Smallest interest saving for a consolidation loan", 500.00, "money",
            "DebtDesk policy: below this a new loan is not worth its risks", _DEBTDESK),
    Setting("emergency_months", "Emergency fund (months of outgoings)", 3, "integer",
            "Common financial-planning guideline", _DEBTDESK),
    Setting("dro_debts", "DRO debt limit (England and Wales)", 50000.00, "money",
            "Insolvency Service: Debt Relief Order limits in force from 28 June 2024", _DRO_2024),
    Setting("dro_surplus", "DRO monthly surplus limit (England and Wales)", 75.00, "money",
            "Insolvency Service: Debt Relief Order limits in force from 28 June 2024", _DRO_2024),
    Setting("dro_assets", "DRO assets limit (England and Wales)", 2000.00, "money",
            "Insolvency Service: Debt Relief Order limits in force from 28 June 2024", _DRO_2024),
    Setting("dro_vehicle", "DRO vehicle value limit (England and Wales)", 4000.00, "money",
            "Insolvency Service: Debt Relief Order limits in force from 28 June 2024", _DRO_2024),
    Setting("ni_dro_debts", "DRO debt limit (Northern Ireland)", None, "money",
            "Not held by DebtDesk: enter the Northern Ireland Insolvency Service's current limit", None),
    Setting("ni_dro_surplus", "DRO monthly surplus limit (Northern Ireland)", None, "money",
            "Not held by DebtDesk: enter the Northern Ireland Insolvency Service's current limit", None),
    Setting("ni_dro_assets", "DRO assets limit (Northern Ireland)", None, "money",
            "Not held by DebtDesk: enter the Northern Ireland Insolvency Service's current limit", None),
    Setting("ni_dro_vehicle", "DRO vehicle value limit (Northern Ireland)", None, "money",
            "Not held by DebtDesk: enter the Northern Ireland Insolvency Service's current limit", None),
    Setting("breathing_space_days", "Standard Breathing Space (days)", 60, "integer",
            "Debt Respite Scheme (Breathing Space Moratorium and Mental Health Crisis Moratorium) "
            "(England and Wales) Regulations 2020, in force 4 May 2021", date(2021, 5, 4)),
)

_BY_LABEL = {match_key(s.label): s for s in SETTINGS}


def defaults() -> dict[str, float | None]:
    """Every setting's default, by key.

    >>> d = defaults()
    >>> d["dro_debts"], d["token_payment"], d["ni_dro_debts"]
    (50000.0, 1.0, None)
    """
    return {s.key: s.default for s in SETTINGS}


def settings_table() -> pd.DataFrame:
    """The Settings sheet as a new workbook holds it: Setting, Value, Source, Since.

    >>> settings_table().iloc[14].tolist()[:2]
    ['DRO debt limit (England and Wales)', 50000.0]
    """
    return pd.DataFrame({"Setting": [s.label for s in SETTINGS],
                         "Value": pd.Series([s.default for s in SETTINGS], dtype=object),
                         "Source": [s.source for s in SETTINGS], "Since": [s.since for s in SETTINGS]})


def read_settings(table: pd.DataFrame | None, overrides: Mapping[str, float] | None = None) -> dict:
    """Settings by key: the defaults, then the values a Settings table gives, then ``overrides``.

    Parameters
    ----------
    table : DataFrame or None
        The first column names a setting (its label, case and spaces ignored), the second
        holds its value; an empty value keeps the default. A label that is no setting is
        refused, so a typing slip never leaves a figure at its default unnoticed.
    overrides : mapping, optional
        Values by key (or label), applied last.

    Examples
    --------
    >>> t = pd.DataFrame({"Setting": ["Token payment per creditor", "Front-end DTI threshold"],
    ...                   "Value": [2.0, None]})
    >>> s = read_settings(t, {"plan_months": 72})
    >>> s["token_payment"], s["front_end"], s["plan_months"]
    (2.0, 0.28, 72)
    >>> read_settings(pd.DataFrame({"Setting": ["Token"], "Value": [1]}))
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: Settings row 1: 'Token' is not a setting (expected one of Front-end DTI threshold, ...)
    """
    values = defaults()
    if table is not None and len(table):
        if table.shape[1] < 2:
            raise DebtDeskError("Settings", "expected two columns: a setting and its value")
        for row, label, value in zip(data_rows(table.index), table.iloc[:, 0], table.iloc[:, 1]):
            if is_blank(label):
                continue
            found = _BY_LABEL.get(match_key(label))
            if found is None:
                raise DebtDeskError("Settings", f"{str(label).strip()!r} is not a setting (expected one of "
                                    f"{', '.join(s.label for s in SETTINGS)})", row)
            if not is_blank(value):
                values[found.key] = _checked(found, value, row)
    for key, value in (overrides or {}).items():
        setting = next((s for s in SETTINGS if key == s.key or match_key(key) == match_key(s.label)), None)
        if setting is None:
            raise DebtDeskError("thresholds", f"{key!r} is not one of {', '.join(s.key for s in SETTINGS)}")
        values[setting.key] = _checked(setting, value, None, "thresholds")
    return values


def _checked(setting: Setting, value, row, argument: str = "Settings") -> float:
    whole = setting.format == "integer"
    result = number(value, argument, row, label=setting.label, minimum=0, whole=whole,
                    maximum=1.0 if setting.format == "percent" and setting.key != "consolidation_apr" else None)
    return int(result) if whole else result
