"""Regulation F guards against the rule text and the official commentary's examples (12 CFR 1006)."""

from datetime import datetime

import pytest

from debtdesk.collections import contact_check, next_call_day
from debtdesk.errors import DebtDeskError

APRIL = ["2020-04-01 09:00", "2020-04-02 09:00", "2020-04-03 09:00", "2020-04-04 09:00",
         "2020-04-06 09:00", "2020-04-06 15:00", "2020-04-07 09:00"]


def test_seven_calls_in_seven_days_then_one_on_the_eighth_day_complies():
    # comment 14(b)(2)(i)-1.i: seven calls 1-7 April, next call 8 April -> presumed compliance
    assert contact_check(APRIL, "2020-04-08 10:00") == "OK"


def test_eighth_call_within_seven_days_is_presumed_violation():
    # comment 14(b)(2)(ii)-1.i: 1 call on 1 April, 2 each on 2, 3 and 6 April, 1 on 7 April = 8 calls
    placed = ["2020-04-01 09:00"] + [f"2020-04-0{d} {h}" for d in (2, 3, 6) for h in ("09:00", "15:00")]
    assert contact_check(placed, "2020-04-07 10:00").startswith(
        "Reg F 1006.14(b)(2)(i)(A): this would be call 8 within the seven days 2020-04-01 to 2020-04-07")


def test_conversation_day_is_day_one():
    # comment 14(b)(2)(ii)-1.ii: conversation Friday 14 August -> no call before Friday 21 August
    talks = ["2020-08-14 11:00"]
    assert contact_check(["2020-08-11 10:00", "2020-08-14 11:00"], "2020-08-14 16:00", talks).startswith(
        "Reg F 1006.14(b)(2)(i)(B): telephone conversation on 2020-08-14; no call before 2020-08-21")
    assert contact_check([], "2020-08-20 20:59", talks) != "OK"
    assert contact_check([], "2020-08-21 08:00", talks) == "OK"
    assert next_call_day([], "2020-08-15", talks).isoformat() == "2020-08-21"


@pytest.mark.parametrize("when, ok", [("07:59", False), ("08:00", True), ("21:00", True), ("21:01", False)])
def test_inconvenient_times(when, ok):  # 1006.6(b)(1)(i): before 8:00 a.m. and after 9:00 p.m.
    result = contact_check([], f"2024-05-06 {when}")
    assert (result == "OK") is ok
    if not ok:
        assert result.startswith("Reg F 1006.6(b)(1)(i)")


@pytest.mark.parametrize("eastern, ok", [("10:59", False), ("11:00", True), ("21:00", True), ("21:05", False)])
def test_consumer_in_two_time_zones(eastern, ok):
    # comment 6(b)(1)(i)-2.i: Eastern mobile, Pacific residence -> after 11:00 ET and before 9:00 p.m. ET
    result = contact_check([], f"2024-05-06 {eastern}", consumer_timezones=["America/New_York", "America/Los_Angeles"],
                           clock_timezone="America/New_York")
    assert (result == "OK") is ok


@pytest.mark.parametrize("kwargs, message", [
    ({"proposed_time": None}, "proposed_time: is empty"),
    ({"proposed_time": "tomorrow"}, "proposed_time: 'tomorrow' is not a date-time"),
    ({"proposed_time": "#N/A"}, "proposed_time: holds the Excel error #N/A"),
    ({"proposed_time": "2024-05-06 10:00", "call_times": ["2024-05-01", "bad"]}, "call_times row 2: 'bad' is not a date-time"),
    ({"proposed_time": "2024-05-06 10:00", "consumer_timezones": ["Mars/Base"]}, "consumer_timezones: 'Mars/Base' is not a time zone"),
])
def test_bad_inputs(kwargs, message):
    with pytest.raises(DebtDeskError) as error:
        contact_check(**kwargs)
    assert str(error.value).startswith(message)


def test_serial_date_times_are_read():
    assert contact_check([], 45418 + 7.5 / 24) == contact_check([], datetime(2024, 5, 6, 7, 30)) != "OK"


@pytest.fixture
def new_york_clock(monkeypatch):
    """This computer's clock set to New York time, as a collector's PC there would be."""
    import time
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_nine_oclock_new_york_call_is_six_in_los_angeles(new_york_clock):
    from debtdesk import udfs
    for where in ("CA", "America/Los_Angeles", "america/los_angeles", [["CA"], ["NV"]]):
        assert udfs.DD_CONTACT_CHECK(None, "2024-05-06 09:00", None, where) == (
            "Reg F 1006.6(b)(1)(i): 06:00 in America/Los_Angeles is before 8:00 a.m. at the consumer's location "
            "(inconvenient time)")
    assert udfs.DD_CONTACT_CHECK(None, "2024-05-06 11:00", None, "CA") == "OK"
    assert udfs.DD_CONTACT_CHECK(None, "2024-05-06 09:00", None, "NY") == "OK"


@pytest.mark.parametrize("clock, ok", [("17:59", False), ("18:00", True), ("21:00", True), ("21:01", False)])
def test_without_a_time_zone_the_call_must_suit_every_us_zone(new_york_clock, clock, ok):
    """Unknown location (comment 6(b)(1)(i)-2): in May 18:00-21:00 Eastern suits Guam (08:00) to Puerto Rico (21:00)."""
    from debtdesk import udfs
    assert (udfs.DD_CONTACT_CHECK(None, f"2024-05-06 {clock}") == "OK") is ok


def test_a_state_stands_for_every_zone_in_it():
    # Florida's panhandle keeps Central time: 08:30 Eastern is 07:30 there.
    assert contact_check([], "2024-05-06 08:30", consumer_timezones="FL", clock_timezone="America/New_York") == (
        "Reg F 1006.6(b)(1)(i): 07:30 in America/Chicago is before 8:00 a.m. at the consumer's location "
        "(inconvenient time)")
    with pytest.raises(DebtDeskError, match=r"^consumer_timezones: 'ZZ' is not a time zone"):
        contact_check([], "2024-05-06 10:00", consumer_timezones="ZZ")
