"""Dunning: one level at a time, pre-action before legal, charges per invoice and level, regimes, pauses."""

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from debtdesk.collections import (DEFAULT_LEVELS, DunningLevel, dunning_charge, dunning_level, dunning_run,
                                  late_payment, ledger_state, reference_rate)
from debtdesk.collections.dunning import HISTORY_COLUMNS, check_levels
from debtdesk.errors import DebtDeskError

AS_OF = date(2024, 6, 30)


def test_erpnext_dunning_example():
    # ERPNext test_dunning: outstanding 100, 8% a year, fee 20, 20 days overdue -> interest 0.44, dunning 20.44
    assert dunning_charge(100, 20, 0.08, 0) == 0.44
    assert dunning_charge(100, 20, 0.08, 20) == 20.44
    assert dunning_charge(100, 20, 0.0, 20) == 20.0


def test_interest_rounds_half_up():
    assert dunning_charge(365, 1, 0.005, 0) == 0.01  # exactly 0.005 -> 0.01, not banker's 0.00
    assert dunning_charge(1000, -5, 0.08, 10) == 0.0


def one_invoice(days_overdue: int, amount: float = 1000.0, customer: str = "A") -> pd.DataFrame:
    due = AS_OF - timedelta(days=days_overdue)
    return pd.DataFrame({"Customer": [customer], "Invoice": ["1"], "Invoice Date": [due - timedelta(days=30)],
                         "Due Date": [due], "Amount": [amount]})


def history(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["Customer", "Invoice", "Level", "Sent on", "Fee", "Compensation"])


def consumer(ledger, **kwargs):
    return ledger_state(ledger, AS_OF, default_regime="consumer", **kwargs)


def notice(run) -> dict:
    assert len(run.notices) == 1
    return run.notices.iloc[0].to_dict()


def test_levels_climb_one_at_a_time_with_the_minimum_days_between():
    # Issue 12: levels jumped straight to "Final notice" or phone.
    assert dunning_level(100).name == "Refer for legal action"  # where 100 days alone would put it
    first = notice(dunning_run(consumer(one_invoice(100)), 0.08))
    assert (first["Level"], first["Letter"], first["Status"]) == (1, "Payment reminder", "Send: Payment reminder by email")
    waiting = notice(dunning_run(consumer(one_invoice(100)), 0.08, history=history(["A", "1", 1, AS_OF - timedelta(days=3), 0, 0])))
    assert waiting["Status"] == "Wait: Second reminder from 2024-07-04" and not waiting["Send"] and waiting["Level"] == 1
    second = notice(dunning_run(consumer(one_invoice(100)), 0.08, history=history(["A", "1", 1, AS_OF - timedelta(days=7), 0, 0])))
    assert (second["Level"], second["Letter"], second["Send"]) == (2, "Second reminder", True)
    assert second["Pay by"] == date(2024, 7, 7) and second["Reference"] == "D240630-001"


def test_a_legal_step_needs_a_letter_of_claim_thirty_days_before():
    claim = lambda days: history(["A", "1", 5, AS_OF - timedelta(days=days), 0, 0])  # noqa: E731
    early = notice(dunning_run(consumer(one_invoice(120)), 0.08, history=claim(20)))
    assert early["Status"] == "Wait: Refer for legal action from 2024-07-10"
    due = notice(dunning_run(consumer(one_invoice(120)), 0.08, history=claim(30)))
    assert due["Status"] == "Refer for legal action: no reply within 30 days of the letter of claim of 2024-05-31"
    with pytest.raises(DebtDeskError, match=r"levels row 2: a legal step needs a letter of claim level"):
        check_levels([DunningLevel(1, 1, "email"), DunningLevel(2, 30, "legal")])
    with pytest.raises(DebtDeskError, match=r"levels row 2: level 2 starts at 10 days overdue, before level 1 \(20\)"):
        check_levels([DunningLevel(1, 20, "email"), DunningLevel(2, 10, "letter")])
    assert [l.channel for l in DEFAULT_LEVELS] == ["email", "letter", "letter", "phone", "claim", "legal"]


def test_fees_are_charged_once_per_invoice_and_level_not_once_per_customer_forever():
    # Issue 12: fee history was keyed by customer and level forever.
    two = pd.DataFrame({"Customer": ["A", "A"], "Invoice": ["OLD", "NEW"], "Invoice Date": ["2023-01-01", "2024-04-01"],
                        "Due Date": ["2023-01-31", "2024-05-31"], "Amount": [500.0, 800.0], "Paid": [500.0, 0.0]})
    past = history(["A", "OLD", 3, date(2023, 3, 5), 10.0, 0], ["A", "NEW", 2, date(2024, 6, 20), 0, 0])
    run = dunning_run(consumer(two), 0.0, history=past)
    assert notice(run)["Level"] == 3 and notice(run)["Fees"] == 10.0  # level 3 reached afresh by invoice NEW
    again = dunning_run(consumer(two), 0.0, history=pd.concat([past, history(["A", "NEW", 3, AS_OF, 10.0, 0])]))
    assert notice(again)["Send"] == False and notice(again)["Fees"] == 10.0  # noqa: E712  (owed, not charged twice)


def test_interest_runs_on_the_overdue_amount_for_the_days_it_was_overdue():
    # Issue 12: interest ran only on what was still unpaid. 1,000 due 31 Mar; 600 paid 29 Apr (29 days late);
    # 400 still owed on 30 Jun (91 days): 600 × 8 % × 29/365 + 400 × 8 % × 91/365 = 3.8137 + 7.9781 = 11.79.
    ledger = one_invoice(91).assign(Paid=[600.0])
    payments = pd.DataFrame({"Customer": ["A"], "Invoice": ["1"], "Payment Date": ["2024-04-29"], "Amount": [600.0]})
    run = dunning_run(consumer(ledger, payments=payments), 0.08)
    assert notice(run)["Interest"] == 11.79
    assert dunning_charge(400, 91, 0.08) == 7.98  # what the old rule charged


def test_open_promises_breathing_space_and_disputes_pause_dunning_fees_and_interest():
    # Issue 12: open promises were dunned with fees.
    promises = pd.DataFrame({"Customer": ["A"], "Made on": ["2024-06-25"], "Promised Date": ["2024-07-05"],
                             "Promised Amount": [1000]})
    run = notice(dunning_run(consumer(one_invoice(40), promises=promises), 0.08,
                             history=history(["A", "1", 2, date(2024, 6, 1), 0, 0])))
    assert run["Status"] == "Paused: promise to pay open until 2024-07-05"
    assert (run["Send"], run["Interest"], run["Fees"], run["Total due"]) == (False, 0.0, 0.0, 1000.0)
    space = pd.DataFrame({"Customer": ["A"], "Breathing space from": ["2024-06-01"], "Breathing space until": ["2024-07-30"]})
    assert notice(dunning_run(consumer(one_invoice(40), customers=space), 0.08))["Status"] == \
        "Paused: Breathing Space until 2024-07-30"
    # After Breathing Space ends, its days bear no interest: 1,000 × 8 % × (91 − 30)/365 = 13.37.
    ended = pd.DataFrame({"Customer": ["A"], "Breathing space from": ["2024-05-01"], "Breathing space until": ["2024-05-30"]})
    assert notice(dunning_run(consumer(one_invoice(91), customers=ended), 0.08))["Interest"] == 13.37
    disputes = pd.DataFrame({"Customer": ["A", "B"], "Invoice": [None, "1"], "Opened": ["2024-06-01"] * 2})
    both = pd.concat([one_invoice(40), one_invoice(40, customer="B")], ignore_index=True)
    held = dunning_run(consumer(both, disputes=disputes), 0.08).notices.set_index("Customer")
    assert held.loc["A", "Status"] == "Paused: dispute of the whole account opened 2024-06-01 (CONC 7.14)"
    assert held.loc["B", "Status"] == "Held: every overdue item is disputed (CONC 7.14)"
    assert held["Interest"].tolist() == [0.0, 0.0] and held["Send"].tolist() == [False, False]


def test_commercial_accounts_get_late_payment_act_interest_and_compensation():
    # The Act's published example: 2,000 paid 45 days late at a 4.25 % reference rate: 30.21 + 70.00 = 100.21.
    assert late_payment(2000, "2024-03-01", "2024-04-15", 0.0425)["Amount"].iloc[-1] == 100.21
    rates = pd.DataFrame({"In force from": ["2023-05-11"], "Bank Rate": [0.0425]})
    state = ledger_state(pd.DataFrame({"Customer": ["A"], "Invoice": ["1"], "Invoice Date": ["2024-02-01"],
                                       "Due Date": ["2024-03-01"], "Amount": [2000.0]}), "2024-04-15")
    run = dunning_run(state, 0.0, reference_rates=rates)
    first = notice(run)
    assert (first["Regime"], first["Interest"], first["Compensation"], first["Fees"], first["Total due"]) == \
        ("commercial", 30.21, 70.0, 0.0, 2100.21)
    claimed = run.history_frame(date(2024, 4, 15))
    assert claimed[["Invoice", "Compensation", "Fee"]].values.tolist() == [["1", 70.0, 0.0]]
    later = notice(dunning_run(state, 0.0, reference_rates=rates, history=claimed))
    assert later["Compensation"] == 70.0 and not later["Send"]  # claimed once, still owed
    with pytest.raises(DebtDeskError, match="ReferenceRates: is empty, but A is a commercial account"):
        dunning_run(state, 0.0)


def test_reference_rate_is_the_base_rate_on_the_half_year_day_before_the_debt_became_late():
    rates = pd.DataFrame({"In force from": ["2024-05-01", "2024-08-01", "2024-11-07"], "Bank Rate": [0.0525, 0.05, 0.0475]})
    assert reference_rate("2024-12-30", rates) == 0.0525  # late from 31 Dec 2024: the rate on 30 June 2024
    assert reference_rate("2024-12-31", rates) == 0.0475  # late from 1 Jan 2025: the rate on 31 December 2024
    with pytest.raises(DebtDeskError, match=r"has no Bank Rate in force on 31 December 2023"):
        reference_rate("2024-02-01", rates)


@pytest.mark.parametrize("call, message", [
    (lambda: dunning_charge(-1, 10, 0.08, 0), "outstanding: -1 must be at least 0"),
    (lambda: dunning_charge("x", 10, 0.08, 0), "outstanding: 'x' is not a number"),
    (lambda: dunning_charge(1, 1.5, 0.08, 0), "days_overdue: 1.5 is not a whole number"),
    (lambda: dunning_charge(1, 10, -0.08, 0), "annual_rate: -0.08 must be at least 0"),
    (lambda: dunning_charge(1, 10, 0.08, None), "fee: is empty (expected a number)"),
    (lambda: dunning_level(5, [DunningLevel(1, 1, "fax")]), "levels row 1: channel 'fax' is not one of email, letter, phone"),
    (lambda: dunning_level(5, []), "levels: needs at least one dunning level"),
    (lambda: dunning_level(5, [DunningLevel(1, 1, "email"), DunningLevel(1, 5, "phone")]), "levels row 2: level 1 is given twice"),
    (lambda: dunning_run(consumer(one_invoice(5)), 8), "annual_rate: 8 must be at most 1"),
    (lambda: dunning_run(consumer(one_invoice(5)), 0.08, history=pd.DataFrame({"Customer": ["A"], "Invoice": ["1"],
                                                                                "Level": ["two"], "Sent on": [AS_OF]})),
     "DunningHistory row 1: Level 'two' is not a number"),
])
def test_bad_inputs(call, message):
    with pytest.raises(DebtDeskError) as error:
        call()
    assert str(error.value).startswith(message)


def test_interest_figured_a_chunk_at_a_time_is_the_interest_figured_at_once(monkeypatch):
    """A million items' interest is figured 65,536 at a time; cut into chunks of 7 the run charges the same."""
    from debtdesk.collections import dunning
    from debtdesk.collections.state import ledger_state

    rng = np.random.default_rng(3)
    rows = 400
    invoice = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 600, rows), unit="D")
    amount = np.round(rng.uniform(10, 5000, rows), 2)
    ledger = pd.DataFrame({"Customer": [f"Harbour Joinery {i % 23}" for i in range(rows)],
                           "Invoice": [f"INV-{70000 + i}" for i in range(rows)], "Invoice Date": invoice.date,
                           "Due Date": (invoice + pd.to_timedelta(30, unit="D")).date, "Amount": amount,
                           "Paid": np.where(rng.random(rows) < 0.3, np.round(amount * 0.4, 2), 0.0)})
    state = ledger_state(ledger, "2026-11-01", default_regime="consumer")
    at_once = dunning_run(state, 0.08)
    monkeypatch.setattr(dunning, "_CHUNK", 7)
    chunked = dunning_run(state, 0.08)
    assert len(at_once.lines) > 7 * 3 and at_once.lines["Interest"].sum() > 0
    pd.testing.assert_frame_equal(chunked.lines, at_once.lines)
    pd.testing.assert_frame_equal(chunked.notices, at_once.notices)


def test_history_rows_are_each_sent_notices_lines_whether_every_notice_goes_or_some_wait():
    """The DunningHistory rows: one per line of each notice sent today, the notice's fields repeated. On a first
    run every line is sent and the history shares the lines' columns; a change to it leaves the lines as they were."""
    ledger = pd.DataFrame({"Customer": ["B", "A", "A", "C", "B"], "Invoice": ["7", "2", "1", "9", "8"],
                           "Invoice Date": [AS_OF - timedelta(days=d) for d in (90, 70, 95, 60, 40)],
                           "Due Date": [AS_OF - timedelta(days=d) for d in (60, 40, 65, 30, 10)],
                           "Amount": [300.0, 200.0, 100.0, 50.0, 80.0]})

    def expected(run, documents):
        rows = []
        for notice in run.notices[run.notices["Send"]].to_dict("records"):
            key = (notice["Customer"], notice["Currency"])
            for line in run.lines_of(*key).to_dict("records"):
                rows.append([key[0], key[1], line["Invoice"], notice["Level"], notice["Channel"], AS_OF,
                             notice["Reference"], line["Interest"], line["New fee"], line["New compensation"],
                             documents.get(key, "")])
        return rows

    first = dunning_run(consumer(ledger), 0.08, [DunningLevel(1, 1, "email", 5.0), DunningLevel(2, 30, "letter", 10.0, 7)])
    documents = {("A", ""): "0001-A-reminder.eml", ("C", ""): "0003-C-reminder.eml"}
    sent = first.history_frame(AS_OF, documents)
    assert first.notices["Send"].all() and len(sent) == 5
    assert sent.values.tolist() == expected(first, documents)
    assert sent["Invoice"].tolist() == ["1", "2", "7", "8", "9"] and sent["Fee"].tolist() == [5.0, 0.0, 5.0, 0.0, 5.0]
    sent.loc[0, "Interest"] = 99.0  # the lines' own column is not changed through the history
    assert first.lines["Interest"].iloc[0] != 99.0 and first.history_frame(AS_OF).values.tolist()[0][7] != 99.0
    # Ten days on: A is paused by an open promise (no notice), B and C move to level 2 (sent).
    promises = pd.DataFrame({"Customer": ["A"], "Made on": [AS_OF], "Promised Date": [AS_OF + timedelta(days=7)],
                             "Promised Amount": [100.0]})
    past = first.history_frame(AS_OF - timedelta(days=10))
    later = dunning_run(consumer(ledger, promises=promises), 0.08,
                        [DunningLevel(1, 1, "email", 5.0), DunningLevel(2, 20, "letter", 10.0, 7)], history=past)
    assert later.notices["Send"].tolist() == [False, True, True] and later.notices["Status"].iloc[0].startswith("Paused")
    again = later.history_frame(AS_OF, {("C", ""): "0002-C-letter.pdf"})
    assert again.values.tolist() == expected(later, {("C", ""): "0002-C-letter.pdf"}) and len(again) == 3
    assert again["Customer"].tolist() == ["B", "B", "C"] and again["Level"].tolist() == [2, 2, 2]


def test_a_ledger_with_nothing_overdue_regenerates_to_no_notices_no_history_and_no_letters(tmp_path):
    """Every invoice paid: the Dunning table and today's history are empty and no letter is written (the empty
    notices' Send column once read as a list of column names and the run stopped with KeyError: 'Customer')."""
    import debtdesk.macros  # noqa: F401  (registers the macros)
    from debtdesk.macros.registry import run
    from debtdesk.workbooks.samples import SAMPLE_AS_OF, sample_ledger
    from debtdesk.workbooks.template import collections_workbook

    paid = sample_ledger().head(10)
    assert (paid["Paid"] == paid["Amount"]).all()
    result = dunning_run(ledger_state(paid, SAMPLE_AS_OF))
    assert len(result.notices) == 0 and result.notices["Send"].dtype == bool
    assert result.history_frame(date(2026, 11, 2)).columns.tolist() == HISTORY_COLUMNS
    book = collections_workbook(paid, SAMPLE_AS_OF, documents_dir=tmp_path / "documents")
    run("regenerate", book)
    assert len(book.read_table("Dunning")) == 0 and len(book.read_table("DunningHistory")) == 0
    assert book.read_table("Ageing").empty
    assert not any((tmp_path / "documents").glob("**/*.*"))
