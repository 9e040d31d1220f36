"""Which rules apply to a client: their country, its legal jurisdiction and its defaults.

Debt advice differs by jurisdiction. England and Wales share one insolvency law (Debt
Relief Orders, bankruptcy, IVAs, the Breathing Space scheme); Scotland has its own
(no DROs or Breathing Space: the Minimal Asset Process and other bankruptcy through the
Accountant in Bankruptcy, Protected Trust Deeds, the Debt Arrangement Scheme and its own
statutory moratorium); Northern Ireland has its own DROs, bankruptcy and IVAs under
Northern Ireland law and no Breathing Space scheme. A "United Kingdom" client is refused:
which of the three applies decides the advice.

Defaults that follow the country: the currency (GBP or USD) and the rate basis (UK card
and loan APRs are effective annual rates; US APRs are nominal, APR / 12).
"""

from __future__ import annotations

from dataclasses import dataclass

from debtdesk.errors import DebtDeskError
from debtdesk.values import match_key


@dataclass(frozen=True)
class Jurisdiction:
    """The rules a country's clients come under, and the defaults that follow from it."""

    country: str
    name: str
    currency: str
    rate_basis: str

    @property
    def uk(self) -> bool:
        """True for England, Wales, Scotland and Northern Ireland."""
        return self.currency == "GBP"


_ENGLAND_WALES = "England and Wales"
#: Countries a client workbook offers, with the jurisdiction each comes under.
COUNTRIES: dict[str, Jurisdiction] = {
    "England": Jurisdiction("England", _ENGLAND_WALES, "GBP", "effective"),
    "Wales": Jurisdiction("Wales", _ENGLAND_WALES, "GBP", "effective"),
    "Scotland": Jurisdiction("Scotland", "Scotland", "GBP", "effective"),
    "Northern Ireland": Jurisdiction("Northern Ireland", "Northern Ireland", "GBP", "effective"),
    "United States": Jurisdiction("United States", "United States", "USD", "nominal"),
}
_ALIASES = {"englandandwales": "England", "cymru": "Wales", "ni": "Northern Ireland",
            "us": "United States", "usa": "United States", "unitedstatesofamerica": "United States"}
_AMBIGUOUS = {"uk", "unitedkingdom", "greatbritain", "gb", "britain"}


def jurisdiction(country) -> Jurisdiction:
    """The jurisdiction of a client living in ``country`` (case and spaces ignored).

    Examples
    --------
    >>> jurisdiction("wales").name, jurisdiction("USA").rate_basis
    ('England and Wales', 'nominal')
    >>> jurisdiction("UK")
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: Country: 'UK' is not specific enough: debt solutions differ between England and Wales, Scotland and Northern Ireland (expected one of England, Wales, Scotland, Northern Ireland, United States)
    """
    key = match_key(country)
    choices = ", ".join(COUNTRIES)
    if key in _AMBIGUOUS:
        raise DebtDeskError("Country", f"{str(country).strip()!r} is not specific enough: debt solutions differ "
                            f"between England and Wales, Scotland and Northern Ireland (expected one of {choices})")
    name = _ALIASES.get(key) or next((c for c in COUNTRIES if match_key(c) == key), None)
    if name is None:
        raise DebtDeskError("Country", f"{str(country).strip()!r} is not one of {choices}")
    return COUNTRIES[name]
