"""Where a US consumer may be: time zones by IANA name or by US state code.

Regulation F judges a call's hour at the consumer's location (12 CFR 1006.6(b)(1)(i)); when
the collector's information points to several locations, the call must be convenient in
all of them (comment 6(b)(1)(i)-2). A state that spans several zones therefore stands for
all of them (Florida's panhandle keeps Central time, El Paso Mountain, northern Idaho
Pacific, the Aleutians Hawaii-Aleutian time, the Navajo Nation in Arizona daylight time),
and a consumer whose location is unknown may be in any zone of the United States, its
territories included.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable
from zoneinfo import ZoneInfo, available_timezones

from debtdesk.errors import DebtDeskError

_EASTERN, _CENTRAL, _MOUNTAIN, _PACIFIC = "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"

#: US state, district and territory codes -> every IANA time zone in use there.
STATE_ZONES: dict[str, tuple[str, ...]] = {
    "AL": (_CENTRAL,), "AK": ("America/Anchorage", "America/Adak"), "AZ": ("America/Phoenix", _MOUNTAIN),
    "AR": (_CENTRAL,), "CA": (_PACIFIC,), "CO": (_MOUNTAIN,), "CT": (_EASTERN,), "DE": (_EASTERN,),
    "DC": (_EASTERN,), "FL": (_EASTERN, _CENTRAL), "GA": (_EASTERN,), "HI": ("Pacific/Honolulu",),
    "ID": ("America/Boise", _PACIFIC), "IL": (_CENTRAL,), "IN": ("America/Indiana/Indianapolis", _CENTRAL),
    "IA": (_CENTRAL,), "KS": (_CENTRAL, _MOUNTAIN), "KY": (_EASTERN, _CENTRAL), "LA": (_CENTRAL,),
    "ME": (_EASTERN,), "MD": (_EASTERN,), "MA": (_EASTERN,), "MI": ("America/Detroit", "America/Menominee"),
    "MN": (_CENTRAL,), "MS": (_CENTRAL,), "MO": (_CENTRAL,), "MT": (_MOUNTAIN,), "NE": (_CENTRAL, _MOUNTAIN),
    "NV": (_PACIFIC, _MOUNTAIN), "NH": (_EASTERN,), "NJ": (_EASTERN,), "NM": (_MOUNTAIN,), "NY": (_EASTERN,),
    "NC": (_EASTERN,), "ND": (_CENTRAL, _MOUNTAIN), "OH": (_EASTERN,), "OK": (_CENTRAL,),
    "OR": (_PACIFIC, "America/Boise"), "PA": (_EASTERN,), "RI": (_EASTERN,), "SC": (_EASTERN,),
    "SD": (_CENTRAL, _MOUNTAIN), "TN": (_CENTRAL, _EASTERN), "TX": (_CENTRAL, _MOUNTAIN), "UT": (_MOUNTAIN,),
    "VT": (_EASTERN,), "VA": (_EASTERN,), "WA": (_PACIFIC,), "WV": (_EASTERN,), "WI": (_CENTRAL,),
    "WY": (_MOUNTAIN,),
    "PR": ("America/Puerto_Rico",), "VI": ("America/St_Thomas",), "GU": ("Pacific/Guam",),
    "MP": ("Pacific/Saipan",), "AS": ("Pacific/Pago_Pago",),
}

#: Every zone a US consumer could be in.
US_ZONES: tuple[str, ...] = tuple(dict.fromkeys(z for zones in STATE_ZONES.values() for z in zones))


def consumer_zones(where: str | Iterable[str] | None, argument: str = "time_zone") -> list[ZoneInfo]:
    """The time zones a consumer may be in: IANA names and US state codes, or all US zones.

    Parameters
    ----------
    where : str, iterable of str, or None
        "America/Los_Angeles", "CA", or several of these (the consumer may be in any);
        None: the consumer's location is unknown, so every US zone.
    argument : str
        The argument's name for error messages.

    Returns
    -------
    list of zoneinfo.ZoneInfo
        Without repeats, in the order given.

    Examples
    --------
    >>> [z.key for z in consumer_zones("fl")]
    ['America/New_York', 'America/Chicago']
    >>> [z.key for z in consumer_zones(["CA", "America/Los_Angeles", "NY"])]
    ['America/Los_Angeles', 'America/New_York']
    >>> consumer_zones("Mars/Olympus")
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: time_zone: 'Mars/Olympus' is not a time zone (expected an IANA name such as America/Los_Angeles or a US state code such as CA)
    """
    names = list(US_ZONES) if where is None else [where] if isinstance(where, str) else list(where)
    keys: list[str] = []
    for name in names:
        text = str(name).strip()
        for key in STATE_ZONES.get(text.upper(), (_zone_names().get(text.lower()),)):
            if key is None:
                raise DebtDeskError(argument, f"{text!r} is not a time zone (expected an IANA name such as "
                                    "America/Los_Angeles or a US state code such as CA)")
            if key not in keys:
                keys.append(key)
    if not keys:
        raise DebtDeskError(argument, "is empty (expected an IANA time zone or a US state code)")
    return [_zone(key) for key in keys]


@lru_cache(maxsize=None)
def _zone(key: str) -> ZoneInfo:
    """One ZoneInfo per name for the process (a worklist asks for the same few zones thousands of times)."""
    return ZoneInfo(key)


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    """Every IANA zone name by its lower-case spelling, so "america/new_york" is found too."""
    return {name.lower(): name for name in available_timezones()}
