"""Worklist: amount × days over the ledger state, promises, disputes, pauses, credit limits, Regulation F."""

import pandas as pd
import pytest

from debtdesk.collections import call_list, ledger_state, worklist
from debtdesk.errors import DebtDeskError

AS_OF = "2024-04-10"


def ledger():
    return pd.DataFrame({"Customer": ["A", "B", "C", "D", "E"], "Invoice": ["1", "2", "3", "4", "5"],
                         "Invoice Date": ["2024-01-01"] * 5,
                         "Due Date": ["2024-03-11", "2024-03-11", "2024-03-11", "2024-03-11", "2024-05-01"],
                         "Amount": [1000.0, 1000.0, 1000.0, 1000.0, 500.0]})


def rows(frame):
    return frame.set_index("Customer")


def test_plain_ranking_is_amount_times_days():
    out = worklist(ledger(), AS_OF)
    assert out["Customer"].tolist() == ["A", "B", "C", "D"]  # ties by name; E not overdue
    assert out["Score"].tolist() == [30000.0] * 4
    assert out["Reason"].iloc[0].startswith("1,000.00 overdue, oldest 30 days (amount × days 30,000)")


def test_promises_disputes_and_contacts_change_the_order():
    promises = pd.DataFrame({"Customer": ["B", "C"], "Status": ["Broken", "Open"],
                             "Deadline": ["2024-04-01", "2024-04-15"]})
    disputes = pd.DataFrame({"Customer": ["D"], "Invoice": ["4"]})
    contacts = pd.DataFrame({"Customer": ["A"] * 2, "Contact Time": ["2024-04-08 10:00", "2024-04-09 10:00"],
                             "Type": ["attempt", "conversation"]})
    out = worklist(ledger(), AS_OF, promises, disputes, contacts)
    assert out["Customer"].tolist() == ["B", "A", "C", "D"]
    r = rows(out)
    assert r.loc["B", "Score"] == 45000.0 and "1 broken promise in the last 90 days (+50%)" in r.loc["B", "Reason"]
    # A spoke to us yesterday: Reg F 1006.14(b)(2)(i)(B) refuses a call until 2024-04-16
    assert r.loc["A", "Status"] == "Call from 2024-04-16" and "1006.14(b)(2)(i)(B)" in r.loc["A", "Reason"]
    assert r.loc["A", "Score"] == 22500.0  # contacted in the last 7 days: −25 %
    # An open promise pauses calls (no longer a −50 % score); a disputed account is on hold (CONC 7.14).
    assert r.loc["C", "Status"] == "Paused: promise to pay open until 2024-04-15" and r.loc["C", "Rank"] is None
    assert r.loc["D", "Status"] == "On hold (dispute)" and r.loc["D", "Rank"] is None
    assert r.loc["D", "Amount overdue"] == 1000.0


def test_never_proposes_a_call_the_check_refuses():
    contacts = pd.DataFrame({"Customer": ["A"] * 7, "Contact Time": [f"2024-04-0{d} 10:00" for d in range(4, 10)] + ["2024-04-10 09:00"],
                             "Type": ["attempt"] * 7})
    r = rows(worklist(ledger(), AS_OF, contacts=contacts))
    assert r.loc["A", "Status"] == "Call from 2024-04-11" and "1006.14(b)(2)(i)(A)" in r.loc["A", "Reason"]


@pytest.mark.parametrize("kind, status", [
    ("not connected", "Call now"),   # a busy signal is not a call placed (§1006.14(b)(3)(ii))
    ("busy", "Call now"),
    ("consented", "Call from 2024-04-16"),  # not counted, but a conversation happened: the 7-day wait starts
    ("inbound", "Call from 2024-04-16"),  # the customer called us: a conversation, whoever dialled
    ("attempt", "Call from 2024-04-11"),  # the seventh counted call: no eighth today
])
def test_contact_types_count_as_regulation_f_says(kind, status):
    # Issue 12: busy signals were counted; a consumer-initiated call not logged "conversation" skipped the wait.
    times = [f"2024-04-0{d} 10:00" for d in range(4, 10)]
    contacts = pd.DataFrame({"Customer": ["A"] * 7, "Contact Time": [t for t in times] + ["2024-04-09 15:00"],
                             "Type": ["attempt"] * 6 + [kind]})
    assert rows(worklist(ledger(), AS_OF, contacts=contacts)).loc["A", "Status"] == status


def test_a_consumers_time_zone_sets_the_call_window_on_the_collectors_clock():
    # Regulation F time-zone case: a New York collector, a Los Angeles consumer (1006.6(b)(1)(i)).
    customers = pd.DataFrame({"Customer": ["A", "B"], "Regime": ["consumer", "consumer"], "Time zone": ["CA", ""]})
    state = ledger_state(ledger().head(2), "2026-11-02", customers=customers)
    out = rows(call_list(state, clock_timezone="America/New_York"))
    assert out.loc["A", "Call window"] == "11:00-24:00"  # 08:00-21:00 Pacific is 11:00-24:00 Eastern
    assert out.loc["B", "Call window"] == "17:00-20:00"  # unknown: every US zone, Guam to American Samoa
    assert "time zone unknown: every US time zone assumed" in out.loc["B", "Reason"]
    strict = rows(call_list(state, clock_timezone="America/New_York",
                            window=(pd.Timestamp("09:00").time(), pd.Timestamp("17:00").time())))
    assert strict.loc["B", "Status"] == "No call today"


def test_credit_limit_hold_and_stale_broken_promises():
    customers = pd.DataFrame({"Customer": ["A", "B"], "Credit limit": [800, 5000], "Credit hold": ["No", "Yes"]})
    promises = pd.DataFrame({"Customer": ["C"], "Status": ["Broken"], "Deadline": ["2023-12-01"]})
    state = ledger_state(ledger().head(3), AS_OF, customers=customers, promises=promises)
    r = rows(call_list(state, broken_days=90))
    assert r.loc["A", "Score"] == 37500.0 and "balance 1,000.00 over the credit limit 800.00 (+25%)" in r.loc["A", "Reason"]
    assert r.loc["B", "Score"] == 37500.0 and "on credit hold (+25%)" in r.loc["B", "Reason"]
    # Issue 12: broken promises never left the score; this one is 131 days old.
    assert r.loc["C", "Score"] == 30000.0 and "broken" not in r.loc["C", "Reason"]
    assert rows(call_list(state, broken_days=200)).loc["C", "Score"] == 45000.0


def test_breathing_space_pauses_calls_and_a_missing_contact_log_is_said():
    customers = pd.DataFrame({"Customer": ["A", "B"], "Breathing space from": ["2024-04-01", None],
                              "Breathing space until": ["2024-05-30", None], "Regime": ["consumer", "consumer"],
                              "Time zone": ["NY", "NY"]})
    state = ledger_state(ledger().head(2), AS_OF, customers=customers)
    r = rows(call_list(state, missing=("contacts",)))
    assert r.loc["A", "Status"] == "Paused: Breathing Space until 2024-05-30"
    assert r.loc["B", "Status"] == "Check contact log"
    assert "no contact log was supplied, so Regulation F's call counts could not be applied" in r.loc["B", "Reason"]


@pytest.mark.parametrize("kwargs, message", [
    ({"promises": pd.DataFrame({"Customer": ["A"], "Status": ["Perhaps"]})}, "promises row 1: Status 'Perhaps' is not one of"),
    ({"promises": pd.DataFrame({"Customer": ["A"]})}, "promises: missing column Status (found 'Customer')"),
    ({"contacts": pd.DataFrame({"Customer": ["A"], "Contact Time": ["later"], "Type": ["attempt"]})},
     "contacts row 1: 'later' is not a date-time"),
    ({"contacts": pd.DataFrame({"Customer": ["A"], "Contact Time": ["2024-04-01 10:00"], "Type": ["fax"]})},
     "contacts row 1: Type 'fax' is not one of attempt, conversation, not connected, inbound, consented"),
    ({"contacts": pd.DataFrame({"Customer": ["A"], "Contact Time": ["2024-04-01 10:00"]})},
     "contacts: missing column Type"),
    ({"disputes": pd.DataFrame({"Invoice": ["1"]})}, "disputes: missing column Customer (found 'Invoice')"),
    ({"as_of": None}, "as_of: is empty"),
])
def test_bad_inputs(kwargs, message):
    args = {"as_of": AS_OF, **kwargs}
    with pytest.raises(DebtDeskError) as error:
        worklist(ledger(), **args)
    assert str(error.value).startswith(message)


def test_scores_of_amounts_near_the_largest_are_exact():
    # 9e16 cents × 3,000 days overflows int64 per item: the scores are summed as Python integers instead.
    frame = pd.DataFrame({"Customer": ["A", "A", "B"], "Invoice": ["1", "2", "3"],
                          "Invoice Date": ["2016-01-01", "2016-01-02", "2024-01-01"],
                          "Due Date": ["2016-01-31", "2016-02-01", "2024-03-11"],
                          "Amount": [900_000_000_000_000.0, 800_000_000_000_000.0, 0.03]})
    out = rows(worklist(frame, AS_OF))
    days_a, days_b = (pd.Timestamp(AS_OF) - pd.Timestamp("2016-01-31")).days, 30
    assert out.loc["A", "Score"] == (90_000_000_000_000_000 * days_a + 80_000_000_000_000_000 * (days_a - 1)) / 100
    assert out.loc["B", "Score"] == 3 * days_b / 100
