"""Breathing Space: the Debt Respite Scheme's moratorium as a status of the client's case.

The Debt Respite Scheme (Breathing Space Moratorium and Mental Health Crisis Moratorium)
(England and Wales) Regulations 2020 (SI 2020/1311, in force 4 May 2021) give a client
in problem debt, living in England or Wales, legal protection from creditor action:

- a **standard** breathing space lasts up to 60 days (reg. 26; the Insolvency Service's
  guidance: "up to 60 days"), with a midway review by the debt adviser between the 25th
  and the 35th day (reg. 27); one a year at most;
- a **mental health crisis** breathing space lasts while the client receives mental
  health crisis treatment and for 30 days after it ends, however long that is; it has no
  end date until the treatment's end is known.

While it lasts, creditors must stop enforcement and contact about the debts, and freeze
interest, fees and charges; the client keeps paying ongoing liabilities (rent or mortgage,
council tax instalments, utilities) but payments towards the debts in it are not
required. A case in breathing space therefore pauses creditor action in its plan, its
letters and its progress: plan payments start after it ends, letters are holding letters,
and instalments due during it are "Paused", never "Missed".

The end date here is the start plus the scheme's days (a setting, default 60); the
Insolvency Service's register shows the exact end date, which an adviser should check.
Scotland has its own statutory moratorium (through the Accountant in Bankruptcy) and
Northern Ireland has no Breathing Space scheme, so a breathing space there is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from debtdesk.errors import DebtDeskError
from debtdesk.values import match_key
from debtdesk.wording import long_date

STANDARD = "Standard"
MENTAL_HEALTH_CRISIS = "Mental health crisis"
#: The kinds of breathing space, as a client workbook's dropdown offers them.
KINDS = (STANDARD, MENTAL_HEALTH_CRISIS)
_KIND_ALIASES = {"standard": STANDARD, "standardbreathingspace": STANDARD, "mentalhealthcrisis": MENTAL_HEALTH_CRISIS,
                 "mentalhealth": MENTAL_HEALTH_CRISIS, "mhc": MENTAL_HEALTH_CRISIS,
                 "mentalhealthcrisisbreathingspace": MENTAL_HEALTH_CRISIS, "mentalhealthcrisismoratorium":
                 MENTAL_HEALTH_CRISIS}


@dataclass(frozen=True)
class BreathingSpace:
    """A client's breathing space: which kind, when it runs, and whether it is in force."""

    kind: str | None
    start: date | None
    end: date | None
    """Last day of protection; None for a mental health crisis breathing space whose end is not known yet."""
    as_of: date

    @property
    def applies(self) -> bool:
        """True when a breathing space has been recorded for the client."""
        return self.kind is not None

    def in_force(self, day: date) -> bool:
        """True when ``day`` is within the breathing space.

        >>> bs = breathing_space("Standard", date(2026, 10, 20), date(2026, 11, 1), "England and Wales")
        >>> bs.in_force(date(2026, 12, 19)), bs.in_force(date(2026, 12, 20))
        (True, False)
        """
        return self.applies and self.start <= day and (self.end is None or day <= self.end)

    @property
    def active(self) -> bool:
        """True when the breathing space is in force on (or starts after) the case's as-of date."""
        return self.applies and (self.end is None or self.end >= self.as_of)

    @property
    def midway_review(self) -> tuple[date, date] | None:
        """The window for the adviser's midway review of a standard breathing space (days 25 to 35)."""
        if self.kind != STANDARD:
            return None
        return self.start + timedelta(days=24), self.start + timedelta(days=34)

    def status(self) -> str:
        """The breathing space in one sentence.

        >>> breathing_space("Standard", date(2026, 10, 20), date(2026, 11, 1), "England and Wales").status()
        'Standard breathing space from 20 October 2026 until 19 December 2026 (midway review due 13 November 2026 to 23 November 2026; check the end date on the Breathing Space register)'
        >>> breathing_space(None, None, date(2026, 11, 1), "Scotland").status()
        'No breathing space recorded'
        """
        if not self.applies:
            return "No breathing space recorded"
        if self.kind == MENTAL_HEALTH_CRISIS:
            until = (f"until {long_date(self.end)}" if self.end else
                     "while crisis treatment lasts and for 30 days after it ends (no end date yet)")
            return f"Mental health crisis breathing space from {long_date(self.start)} {until}"
        if self.end < self.as_of:
            return f"Standard breathing space from {long_date(self.start)} ended on {long_date(self.end)}"
        first, last = self.midway_review
        return (f"Standard breathing space from {long_date(self.start)} until {long_date(self.end)} (midway review due "
                f"{long_date(first)} to {long_date(last)}; check the end date on the Breathing Space register)")


def breathing_space(kind, start: date | None, as_of: date, jurisdiction: str, end: date | None = None,
                    days: int = 60) -> BreathingSpace:
    """The client's breathing space from the workbook's inputs.

    Parameters
    ----------
    kind : str or None
        "Standard" or "Mental health crisis" (case ignored); None or empty for none.
    start : date or None
        The day it started (the register's start date).
    as_of : date
        The case's as-of date.
    jurisdiction : str
        The client's jurisdiction (:mod:`debtdesk.jurisdiction`): the scheme is England and Wales only.
    end : date, optional
        The last day of protection when known (a mental health crisis breathing space once
        the treatment's end is confirmed, or the register's end date); a standard one
        otherwise ends ``days`` after its start.
    days : int
        Length of a standard breathing space.

    Examples
    --------
    >>> bs = breathing_space("mental health crisis", date(2026, 9, 1), date(2026, 11, 1), "England and Wales")
    >>> bs.kind, bs.end, bs.active
    ('Mental health crisis', None, True)
    >>> breathing_space("Standard", date(2026, 9, 1), date(2026, 11, 1), "Scotland")
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: Breathing Space type: Breathing Space is an England and Wales scheme; a client in Scotland has the Scottish statutory moratorium instead (ask the Accountant in Bankruptcy)
    """
    if kind is None or not str(kind).strip():
        if start is not None:
            raise DebtDeskError("Breathing Space type", f"is empty but a Breathing Space start ({start.isoformat()}) is "
                                f"given (expected one of {', '.join(KINDS)})")
        return BreathingSpace(None, None, None, as_of)
    found = _KIND_ALIASES.get(match_key(kind))
    if found is None:
        raise DebtDeskError("Breathing Space type", f"{str(kind).strip()!r} is not one of {', '.join(KINDS)}")
    if jurisdiction != "England and Wales":
        other = {"Scotland": "a client in Scotland has the Scottish statutory moratorium instead (ask the "
                             "Accountant in Bankruptcy)",
                 "Northern Ireland": "Northern Ireland has no Breathing Space scheme"}.get(
            jurisdiction, f"it does not apply in {jurisdiction}")
        raise DebtDeskError("Breathing Space type", f"Breathing Space is an England and Wales scheme; {other}")
    if start is None:
        raise DebtDeskError("Breathing Space start", f"is empty (expected the date the {found.lower()} breathing "
                            "space started)")
    if end is None and found == STANDARD:
        end = start + timedelta(days=days)
    if end is not None and end < start:
        raise DebtDeskError("Breathing Space end", f"{end.isoformat()} is before its start {start.isoformat()}")
    return BreathingSpace(found, start, end, as_of)
