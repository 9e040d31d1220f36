"""US Regulation F (12 CFR part 1006) contact guards.

* §1006.6(b)(1)(i): absent other knowledge, a time before 8:00 a.m. or after 9:00 p.m.
  local time at the consumer's location is inconvenient. If the consumer may be in
  several time zones, the time must be convenient in all of them (comment 6(b)(1)(i)-2).
* §1006.14(b)(2): a collector is presumed to violate the harassment rule if it places a
  telephone call about a particular debt (A) more than seven times within seven
  consecutive days, or (B) within seven consecutive days after a telephone conversation
  about it, the date of the conversation being the first day of the seven.

Times: naive datetimes are the consumer's local time unless ``consumer_timezones`` is
given, in which case naive times are read in ``clock_timezone`` (the collector's clock;
None: this computer's local time, as Excel's NOW() gives it) and converted; aware
datetimes are converted as they are. Day counting uses the date in the first consumer
time zone (or the naive date). Consumer zones are IANA names or US state codes
(:mod:`debtdesk.collections.timezones`).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Iterable, Sequence
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from debtdesk.collections.timezones import consumer_zones
from debtdesk.dates import from_serial
from debtdesk.errors import DebtDeskError

EARLIEST = time(8, 0)
LATEST = time(21, 0)
OK = "OK"


def to_datetime(value, argument: str, row: int | None = None) -> datetime:
    """A date-time from a datetime, Excel serial (fraction = time of day) or ISO text.

    >>> to_datetime(45292.75, "proposed_time"), to_datetime("2024-01-01 20:30", "proposed_time")
    (datetime.datetime(2024, 1, 1, 18, 0), datetime.datetime(2024, 1, 1, 20, 30))
    """
    expected = "(expected a date-time: YYYY-MM-DD HH:MM, a datetime or an Excel serial)"
    if isinstance(value, pd.Timestamp):
        if value is pd.NaT:
            raise DebtDeskError(argument, f"is empty {expected}", row)
        return value.to_pydatetime()
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        day = from_serial(float(value), argument, row)
        seconds = round((float(value) - int(value)) * 86400)
        return datetime(day.year, day.month, day.day) + timedelta(seconds=seconds)
    if isinstance(value, str) and value.strip():
        text = value.strip()
        if text.startswith("#"):
            raise DebtDeskError(argument, f"holds the Excel error {text} {expected}", row)
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            raise DebtDeskError(argument, f"{value!r} is not a date-time {expected}", row) from None
    if value is None or (isinstance(value, str) and not value.strip()) or value != value:
        raise DebtDeskError(argument, f"is empty {expected}", row)
    raise DebtDeskError(argument, f"{value!r} is not a date-time {expected}", row)


def _zones(consumer_timezones, clock_timezone) -> tuple[list[ZoneInfo], ZoneInfo | None]:
    if consumer_timezones is None or consumer_timezones == () or consumer_timezones == []:
        return [], None
    zones = consumer_zones(consumer_timezones, "consumer_timezones")
    return zones, None if clock_timezone is None else clock_zone(clock_timezone)


def _local(moment: datetime, zone: ZoneInfo | None, clock: ZoneInfo | None) -> datetime:
    if zone is None:
        return moment.replace(tzinfo=None) if moment.tzinfo is None else moment
    if moment.tzinfo is None:
        moment = moment.astimezone() if clock is None else moment.replace(tzinfo=clock)
    return moment.astimezone(zone)


def contact_check(call_times: Iterable = (), proposed_time=None, conversation_times: Iterable = (),
                  consumer_timezones: Sequence[str] | str | None = None,
                  clock_timezone: str = "UTC") -> str:
    """``"OK"``, or the Regulation F rule a proposed telephone call would break.

    Parameters
    ----------
    call_times : iterable of date-times
        Telephone calls already placed to the person about this debt (connected calls;
        calls excluded by §1006.14(b)(3) should be left out).
    proposed_time : date-time
        When the next call would be placed.
    conversation_times : iterable of date-times
        Telephone conversations with the person about this debt.
    consumer_timezones : str or sequence of str, optional
        IANA zones or US state codes where the consumer may be; the call must be
        convenient in all.
    clock_timezone : str or None, default "UTC"
        Zone of naive times when ``consumer_timezones`` is given; None for this
        computer's local time.

    Examples
    --------
    Comment 14(b)(2)(ii)-1.ii: conversation on Friday 14 August; calling again before
    Friday 21 August is presumed a violation.

    >>> contact_check([], "2020-08-20 10:00", ["2020-08-14 11:00"])
    'Reg F 1006.14(b)(2)(i)(B): telephone conversation on 2020-08-14; no call before 2020-08-21'
    >>> contact_check([], "2020-08-21 10:00", ["2020-08-14 11:00"])
    'OK'

    09:00 in New York is 06:00 for a consumer in Los Angeles:

    >>> contact_check([], "2024-05-06 09:00", consumer_timezones="CA", clock_timezone="America/New_York")
    "Reg F 1006.6(b)(1)(i): 06:00 in America/Los_Angeles is before 8:00 a.m. at the consumer's location (inconvenient time)"
    """
    if proposed_time is None:
        raise DebtDeskError("proposed_time", "is empty (expected the date-time of the proposed call)")
    zones, clock = _zones(consumer_timezones, clock_timezone)
    proposed = to_datetime(proposed_time, "proposed_time")
    first = zones[0] if zones else None
    calls = [_local(to_datetime(t, "call_times", i), first, clock).date()
             for i, t in enumerate(_cells(call_times), 1)]
    talks = [_local(to_datetime(t, "conversation_times", i), first, clock).date()
             for i, t in enumerate(_cells(conversation_times), 1)]
    for zone in zones or [None]:
        local = _local(proposed, zone, clock)
        if not (EARLIEST <= local.time().replace(tzinfo=None) <= LATEST):
            where = f" in {zone.key}" if zone is not None else ""
            side = "before 8:00 a.m." if local.time() < EARLIEST else "after 9:00 p.m."
            return (f"Reg F 1006.6(b)(1)(i): {local:%H:%M}{where} is {side} at the consumer's location "
                    "(inconvenient time)")
    day = _local(proposed, first, clock).date()
    for talk in sorted(talks, reverse=True):
        if talk <= day <= talk + timedelta(days=6):
            return (f"Reg F 1006.14(b)(2)(i)(B): telephone conversation on {talk:%Y-%m-%d}; "
                    f"no call before {talk + timedelta(days=7):%Y-%m-%d}")
    for start in (day - timedelta(days=k) for k in range(6, -1, -1)):
        end = start + timedelta(days=6)
        placed = sum(start <= c <= end for c in calls) + 1
        if placed > 7:
            return (f"Reg F 1006.14(b)(2)(i)(A): this would be call {placed} within the seven days "
                    f"{start:%Y-%m-%d} to {end:%Y-%m-%d} (at most 7)")
    return OK


def call_windows(day, consumer_timezones, clock_timezone: str | None = None,
                 window: tuple[time, time] = (EARLIEST, LATEST)) -> list[tuple[datetime, datetime]]:
    """When on ``day`` (the collector's calendar day) a call suits every place the consumer may be.

    Parameters
    ----------
    day : date, datetime, Excel serial or ISO text
        The collector's day.
    consumer_timezones : str or sequence of str
        IANA zones or US state codes where the consumer may be (comment 6(b)(1)(i)-2: the
        call must be convenient in all of them).
    clock_timezone : str or None
        The collector's zone; None for this computer's local time.
    window : (time, time)
        The convenient hours at the consumer's location: Regulation F's 08:00-21:00, or a
        firm's stricter window.

    Returns
    -------
    list of (datetime, datetime)
        Start and end of each stretch, aware datetimes on the collector's clock, in order;
        empty when no time of that day suits every place.

    Examples
    --------
    A consumer in California, a collector in London, on 2 November 2026 (Pacific time is
    eight hours behind by then): 08:00-21:00 there is 16:00 to 05:00 the next morning here.

    >>> [(a.strftime("%H:%M"), b.strftime("%H:%M")) for a, b in call_windows("2026-11-02", "CA", "Europe/London")]
    [('00:00', '05:00'), ('16:00', '00:00')]

    A consumer who may be anywhere in the United States (territories included) can be
    called from New York only between 17:00 and 20:00 that day; with a firm's 09:00-17:00
    window, a consumer who may be in Guam or New York cannot be called at all:

    >>> from debtdesk.collections.timezones import US_ZONES
    >>> window_text(call_windows("2026-11-02", US_ZONES, "America/New_York"))
    '17:00-20:00'
    >>> call_windows("2026-11-02", ["Pacific/Guam", "NY"], "America/New_York", (time(9), time(17)))
    []
    """
    where = (consumer_timezones,) if isinstance(consumer_timezones, str) else tuple(consumer_timezones)
    return list(_windows(to_datetime(day, "day").date(), where, clock_timezone, tuple(window)))


@lru_cache(maxsize=1024)
def _windows(start_day: date, where: tuple, clock_timezone: str | None, window: tuple[time, time]) -> tuple:
    """:func:`call_windows` worked out once per day, places, clock and window (a worklist repeats them)."""
    zones = consumer_zones(list(where), "consumer_timezones")
    clock = clock_zone(clock_timezone)
    opening = datetime.combine(start_day, time(0), tzinfo=clock)
    closing = datetime.combine(start_day + timedelta(days=1), time(0), tzinfo=clock)
    spans = [(opening.astimezone(timezone.utc), closing.astimezone(timezone.utc))]
    for zone in zones:
        local = [(datetime.combine(start_day + timedelta(days=k), window[0], tzinfo=zone).astimezone(timezone.utc),
                  datetime.combine(start_day + timedelta(days=k), window[1], tzinfo=zone).astimezone(timezone.utc))
                 for k in range(-2, 3)]
        spans = [(max(a, c), min(b, d)) for a, b in spans for c, d in local if max(a, c) < min(b, d)]
    return tuple((a.astimezone(clock), b.astimezone(clock)) for a, b in sorted(spans))


def window_text(spans: list[tuple[datetime, datetime]]) -> str:
    """Call windows as text: ``"16:00-24:00"``, several joined by commas, ``"none"`` when empty.

    >>> window_text(call_windows("2026-11-02", "NY", "America/New_York"))
    '08:00-21:00'
    """
    if not spans:
        return "none"
    return ", ".join(f"{a:%H:%M}-{'24:00' if b.time() == time(0) and b.date() > a.date() else f'{b:%H:%M}'}"
                     for a, b in spans)


def clock_zone(clock_timezone: str | None):
    """The collector's zone: an IANA name, or this computer's local zone for None."""
    if clock_timezone is None or not str(clock_timezone).strip():
        return datetime.now().astimezone().tzinfo
    try:
        return ZoneInfo(str(clock_timezone).strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise DebtDeskError("clock_timezone", f"{clock_timezone!r} is not a time zone name "
                            "(expected e.g. Europe/London or America/New_York)") from None


def next_call_day(call_times: Iterable, from_day, conversation_times: Iterable = ()) -> date:
    """First day on or after ``from_day`` when a call would pass the §1006.14(b)(2) presumptions.

    >>> next_call_day([], "2020-08-17", ["2020-08-14 11:00"])
    datetime.date(2020, 8, 21)
    """
    start = to_datetime(from_day, "from_day").date()
    calls, talks = list(_cells(call_times)), list(_cells(conversation_times))
    day = start
    while contact_check(calls, datetime.combine(day, time(12, 0)), talks) != OK:
        day += timedelta(days=1)  # ends: no rule reaches more than seven days past the log
    return day


def _cells(values) -> list:
    if values is None:
        return []
    if isinstance(values, (str, datetime, date, int, float, pd.Timestamp)):
        values = [values]
    out = []
    for v in values:
        if isinstance(v, (list, tuple)):
            out.extend(v)
        else:
            out.append(v)
    return [v for v in out if not (v is None or (isinstance(v, str) and not v.strip()) or
                                   (isinstance(v, float) and v != v))]
