"""Property-based tests (hypothesis): invariants that hold for every input, to the cent.

Schedules reconcile (Σ principal = amount, Σ payments = Σ principal + Σ interest, final
balance 0.00, balances never rise, interest is half-up on the balance); pro rata sums
exactly and does not depend on the order of the creditors; ageing ties out for any bucket
edges; a money column in cents equals to_cents cell by cell, whichever path it takes; the APR solver recovers the rate that generated a payment stream; payoff plans
reconcile (Σ payments = Σ opening balances + Σ interest) within the budget every month.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import numpy_financial as npf
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, example, given, settings, strategies as st

from debtdesk.amortize import amortize
from debtdesk.apr import apr
from debtdesk.collections import ageing
from debtdesk.collections._frames import money_cents
from debtdesk.dates import add_months
from debtdesk.errors import DebtDeskError
from debtdesk.money import prorata, to_cents
from debtdesk.payoff import STRATEGIES, payoff

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
cents = st.integers(min_value=1, max_value=10**8)  # 0.01 .. 1,000,000.00
rates = st.integers(min_value=0, max_value=3600).map(lambda bp: bp / 10000)  # 0% .. 36% in basis points


def _c(column) -> list[int]:
    return [to_cents(v) for v in column]


# -- single-loan schedules --------------------------------------------------------------------
@st.composite
def loans(draw):
    per_year = draw(st.sampled_from((1, 2, 4, 12, 24, 26, 52)))
    step = {1: 12, 2: 6, 4: 3, 12: 1, 24: 1, 26: 6, 52: 3}[per_year]  # months giving whole payments
    months = step * draw(st.integers(min_value=1, max_value=480 // step))
    return (draw(cents) / 100, draw(rates), months, draw(st.integers(0, 50000)) / 100, per_year,
            draw(st.sampled_from(("end", "begin"))))


@PROPERTY
@given(loans())
@example((21.87, 0.0625, 169, 0.0, 12, "end"))  # 16.32 x 6.25 % / 12 = 8.5 cents exactly: half-up gives 9
def test_schedule_reconciles_to_the_cent(loan):
    principal, rate, months, extra, per_year, when = loan
    s = amortize(principal, rate, months, extra_payment=extra, payments_per_year=per_year, when=when)
    pay, interest, princ, balance = _c(s["Payment"]), _c(s["Interest"]), _c(s["Principal"]), _c(s["Balance"])
    assert sum(princ) == to_cents(principal)
    assert balance[-1] == 0
    assert sum(pay) == sum(princ) + sum(interest)
    assert all(p == i + q for p, i, q in zip(pay, interest, princ))
    opening = [to_cents(principal)] + balance[:-1]
    # Balances never increase (no new interest is capitalised) and each one is the last minus principal.
    assert all(b == o - q and b <= o for o, b, q in zip(opening, balance, princ))
    # Interest is the opening balance times the periodic rate, half-up to the cent, in exact fractions
    # (a Decimal quotient such as 0.0625 / 12 is cut at 28 digits and puts an exact half just below it).
    periodic = Fraction(Decimal(repr(rate))) / per_year
    expected = [math.floor(o * periodic + Fraction(1, 2)) for o in opening]
    if when == "begin":
        expected[0] = 0
    assert interest == expected
    assert len(s) <= months * per_year // 12


@PROPERTY
@given(st.integers(min_value=100000, max_value=10**8), rates.filter(lambda r: r > 0), st.integers(min_value=2, max_value=360))
def test_level_payment_is_pmt_to_the_cent(principal_cents, rate, months):
    """Every payment but the last equals numpy-financial's pmt rounded to the cent."""
    s = amortize(principal_cents / 100, rate, months)
    pmt = -npf.pmt(rate / 12, months, principal_cents / 100)
    level = _c(s["Payment"])[:-1]
    assert len(set(level)) == 1 and abs(level[0] - pmt * 100) <= 0.5 + 1e-6


# -- pro rata -----------------------------------------------------------------------------------
@PROPERTY
@given(st.integers(min_value=0, max_value=10**9),
       st.lists(st.integers(min_value=0, max_value=10**8), min_size=1, max_size=25).filter(lambda b: sum(b) > 0),
       st.randoms(use_true_random=False))
def test_prorata_sums_exactly_and_ignores_order(amount_cents, balance_cents, rnd):
    balances = [b / 100 for b in balance_cents]
    shares = _c(prorata(amount_cents / 100, balances))
    assert sum(shares) == amount_cents
    total = sum(balance_cents)
    exact = [Fraction(amount_cents * b, total) for b in balance_cents]
    assert all(abs(s - e) < 1 for s, e in zip(shares, exact))  # largest remainder: within a cent of exact
    order = list(range(len(balances)))
    rnd.shuffle(order)
    shuffled = _c(prorata(amount_cents / 100, [balances[i] for i in order]))
    remainders = [e - int(e) for e in exact]
    for got, index in ((shares, range(len(shares))), (shuffled, order)):
        rem = [remainders[i] for i in index]
        extra = [g - int(exact[i]) for g, i in zip(got, index)]
        assert set(extra) <= {0, 1}
        # The odd cents go to the largest remainders, in either order (ties: any of the tied creditors).
        assert max((r for r, x in zip(rem, extra) if x == 0), default=-1) <= \
            min((r for r, x in zip(rem, extra) if x == 1), default=2)
    if len(set(remainders)) == len(remainders):  # no exact ties: each creditor's share whatever the order
        assert [shares[i] for i in order] == shuffled


# -- ageing ----------------------------------------------------------------------------------------
AS_OF = date(2026, 11, 1)


@st.composite
def ledgers(draw):
    rows = []
    for i in range(draw(st.integers(min_value=1, max_value=40))):
        amount = draw(st.integers(min_value=-50000, max_value=10**7))
        paid = draw(st.integers(min_value=0, max_value=max(amount, 0)))
        credit = draw(st.integers(min_value=0, max_value=max(amount - paid, 0)))
        invoice = AS_OF - timedelta(days=draw(st.integers(min_value=-30, max_value=720)))
        due = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=90).map(lambda d: invoice + timedelta(d))))
        rows.append({"Customer": draw(st.sampled_from(("Acme", "Bolt", "=1+1", "@Iris"))), "Invoice": f"INV-{i}",
                     "Invoice Date": invoice, "Due Date": due, "Amount": amount / 100, "Paid": paid / 100,
                     "Credit": credit / 100})
    return pd.DataFrame(rows)


edge_sets = st.lists(st.integers(min_value=1, max_value=400), min_size=1, max_size=6, unique=True).map(sorted)


@settings(PROPERTY, max_examples=100)  # ledgers of up to 40 items: 100 reach every line and branch 200 did
@given(ledgers(), edge_sets, st.sampled_from(("due", "invoice")))
def test_ageing_buckets_tie_out_for_any_edges(ledger, edges, basis):
    report = ageing(ledger, AS_OF, edges, basis)
    outstanding = {}
    for row in ledger.itertuples(index=False):
        if row[2] > AS_OF:  # Invoice Date: an item dated after the as-of date did not exist yet
            continue
        outstanding[row.Customer] = outstanding.get(row.Customer, 0) + to_cents(row.Amount) - to_cents(row.Paid) \
            - to_cents(row.Credit)
    buckets = [c for c in report.columns if c not in ("Customer", "Total")]
    assert len(buckets) == len(edges) + 3  # Current, one per edge, the last open bucket, Unallocated
    for row in report.to_dict("records"):
        assert sum(to_cents(row[b]) for b in buckets) == to_cents(row["Total"])
        assert to_cents(row["Total"]) == outstanding[row["Customer"]]
        assert all(row[b] >= 0 for b in buckets[:-1]) and row["Unallocated"] <= 0
    assert sum(_c(report["Total"])) == sum(outstanding.values())
    listed = {c for c, v in outstanding.items() if v != 0}
    assert listed <= set(report["Customer"])


# -- APR -------------------------------------------------------------------------------------------
@PROPERTY
@given(st.integers(min_value=10000, max_value=10**8), st.integers(min_value=1, max_value=3600),
       st.integers(min_value=2, max_value=120), st.dates(date(1990, 1, 1), date(2040, 12, 28)).filter(
           lambda d: d.day <= 28))
def test_apr_recovers_the_rate_of_an_exact_annuity(amount_cents, rate_bp, n, advance):
    """Monthly payments of the exact annuity at rate r give back APR = r (unit-period rate × 12)."""
    rate = rate_bp / 10000
    payment = float(-npf.pmt(rate / 12, n, amount_cents / 100))
    dates = [add_months(advance, k) for k in range(1, n + 1)]
    assert abs(apr(amount_cents / 100, advance, dates, [payment] * n) - rate) < 1e-9


@PROPERTY
@given(st.integers(min_value=100000, max_value=10**8), st.integers(min_value=100, max_value=3600),
       st.integers(min_value=6, max_value=360), st.dates(date(1990, 1, 1), date(2040, 12, 28)).filter(
           lambda d: d.day <= 28))
def test_apr_of_a_cent_exact_schedule_is_within_reg_z_tolerance(amount_cents, rate_bp, months, advance):
    """The rounded schedule's APR is within 1/8 of a percentage point of the note rate (Reg Z 1026.22(a)(2))."""
    rate = rate_bp / 10000
    s = amortize(amount_cents / 100, rate, months, start_date=advance)
    found = apr(amount_cents / 100, advance, list(s["Date"]), list(s["Payment"]))
    assert abs(found - rate) <= 0.00125


# -- multi-debt payoff -------------------------------------------------------------------------------
money = st.one_of(
    st.integers(min_value=-10**12, max_value=10**12).map(lambda mills: mills / 1000),  # half cents, binary noise
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))


@PROPERTY
@given(st.lists(money, min_size=1, max_size=40), st.booleans())
@example([542171450.425], False)  # found by hypothesis: x 100 is 54217145042.49999, rounding to 6 places kept it below
def test_money_column_in_cents_equals_to_cents_cell_by_cell(values, whole_cents_only):
    """The vectorised column reader (with its fast path for columns far from any half cent) rounds
    each amount exactly as the engine's half-up to_cents does."""
    if whole_cents_only:
        values = [round(v, 2) for v in values]
    frame = pd.DataFrame({"Amount": values})
    assert money_cents(frame["Amount"], "ledger", "Amount", frame).tolist() == [to_cents(v) for v in values]


@st.composite
def plans(draw):
    n = draw(st.integers(min_value=1, max_value=5))
    rows = []
    for i in range(n):
        balance = draw(st.integers(min_value=0, max_value=5 * 10**6))
        apr_ = draw(rates)
        minimum = draw(st.integers(min_value=0, max_value=max(balance // 10, 1)))
        rows.append({"Name": f"D{i}", "Balance": balance / 100, "APR": apr_, "Minimum": minimum / 100,
                     "Order": n - i})
    minimums = sum(to_cents(r["Minimum"]) for r in rows)
    budget = minimums + draw(st.integers(min_value=0, max_value=5 * 10**5))
    return pd.DataFrame(rows), budget, draw(st.sampled_from(STRATEGIES))


@PROPERTY
@given(plans())
def test_payoff_reconciles_and_stays_within_budget(plan):
    debts, budget, strategy = plan
    try:
        result = payoff(debts, budget / 100, strategy)
    except DebtDeskError as error:  # refusals must say what would work
        assert error.argument in ("monthly_budget", "strategy")
        assert "at least" in error.expected or "clears them in" in error.expected
        assume(False)
    paid = sum(map(sum, result.payments))
    interest = sum(map(sum, result.interest))
    assert paid == sum(result.opening) + interest
    assert to_cents(result.total_paid) == paid and to_cents(result.total_interest) == interest
    assert all(b == 0 for b in result.balances[-1]) if result.balances else sum(result.opening) == 0
    previous = list(result.opening)
    for month, (pay, charged, closing) in enumerate(zip(result.payments, result.interest, result.balances), 1):
        assert sum(pay) <= budget  # never more than the budget
        for o, p, i, c in zip(previous, pay, charged, closing):
            assert c == o + i - p and c <= o + i and c >= 0  # balances rise only by new interest
        if any(closing) and strategy != "minimum":
            assert sum(pay) == budget  # the whole budget is used while anything is owed
        previous = closing


def _half_cent(mills: int, side: int) -> float:
    """An amount written with a half cent (``mills`` tenths of a cent, ending in 5), or the float either side of it."""
    amount = (mills * 10 + 5) / 1000
    return amount if side == 0 else math.nextafter(amount, side * math.inf)


@PROPERTY
@given(st.lists(st.one_of(money, st.floats(min_value=-9.99e14, max_value=9.99e14, allow_nan=False),
                          st.integers(min_value=-10**17 + 100, max_value=10**17 - 100).map(lambda c: c / 100),
                          st.builds(_half_cent, st.integers(min_value=-10**14, max_value=10**14),
                                    st.sampled_from([0, 0, -1, 1]))),
                min_size=1, max_size=40))
@example([542171450.425, 2.675, -0.125, 1.005, 0.0, -0.0, 9.99999999999995e14])  # half cents, the largest amounts
@example([87960930222.085, 87960930222.095, 90071992547409.91])  # around FLOAT_CENTS and 2**53 cents
def test_to_cents_array_is_to_cents_element_by_element(values):
    """The one array helper behind every column of money (ledger columns, dunning sums, snapshots) rounds each
    amount exactly as to_cents does, near a half cent and at the largest amounts alike."""
    from debtdesk.money import to_cents_array

    assert to_cents_array(values).tolist() == [to_cents(v) for v in values]
    assert to_cents_array(pd.Series(values).to_numpy().reshape(1, -1)).tolist() == [[to_cents(v) for v in values]]


def test_to_cents_array_refuses_what_to_cents_refuses():
    from debtdesk.money import to_cents_array

    for bad in (1e15, -2e15, float("inf"), float("nan")):
        with pytest.raises(DebtDeskError, match=r"^amount: .* is too large for an amount of money"):
            to_cents_array([1.0, bad])


def test_a_float_money_column_too_large_is_refused_naming_the_row():
    """A float Amount past MAX_AMOUNT is refused as a text cell holding it is (it once became a wrapped int64)."""
    frame = pd.DataFrame({"Amount": [10.0, 1e20]}, index=[2, 3])
    with pytest.raises(DebtDeskError, match=r"^ledger row 3: Amount 1e\+20 is too large \(at most 1e\+15\)$"):
        money_cents(frame["Amount"], "ledger", "Amount", frame)
