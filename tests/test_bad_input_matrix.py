"""Bad input, everywhere: every DD_* function, every argument, one mutation at a time.

The table :data:`VALID` holds one valid call per function (DESIGN.md §4 catalogue, the
docstring examples). :data:`ARGS` says what kind of value each argument is; from the kind
the matrix builds bad values (text where a number belongs, None, negative and zero where
they make no sense, NaN/inf, Excel error values as they arrive from a sheet, wrong shapes,
impossible dates) and replaces one argument at a time. Each bad call must raise
:class:`DebtDeskError` with a one-line message that starts with the function name and
names the argument (and the row where there is one): never another exception type,
never a result for garbage.

Functions are discovered with ``dir(debtdesk.udfs)`` at test time, so a function that lands
later without an entry here fails :func:`test_every_exported_function_is_in_the_matrix`.
"""

from __future__ import annotations

import inspect
import math
import re
from datetime import date, datetime
from pathlib import Path

import pytest

import debtdesk.udfs as udfs
from debtdesk.errors import DebtDeskError

DESIGN = Path(__file__).resolve().parents[2] / "shared" / "DESIGN.md"

# --------------------------------------------------------------------------------------
# The catalogue (DESIGN.md §4), pinned names and argument order; "[x]" = optional.
# --------------------------------------------------------------------------------------
CATALOGUE = {
    "DD_AMORTIZE": "principal, annual_rate, months, [start_date], [extra_payment], [payments_per_year], [when]",
    "DD_APR": "amount_financed, advance_date, payment_dates, payment_amounts",
    "DD_PAYOFF": "debts, monthly_budget, [strategy], [start_date], [rate_basis]",
    "DD_PAYOFF_SCHEDULE": "debts, monthly_budget, [strategy], [start_date], [rate_basis]",
    "DD_COMPARE": "debts, monthly_budget, [rate_basis]",
    "DD_BUDGET_FOR": "debts, months, [strategy], [rate_basis]",
    "DD_PRORATA": "amount, balances",
    "DD_DTI": "monthly_debt_payments, monthly_income",
    "DD_ASSESS": "income, expenses, debts, [credit], [guidelines]",
    "DD_BUDGET": "income, expenses, debts, [savings], [fee]",
    "DD_CONCESSION": "balance, current_apr, new_apr, months, [rate_basis]",
    "DD_SETTLEMENT": "enrolled_balance, settlement_pct, monthly_deposit, fee_pct, [fee_basis]",
    "DD_PROGRESS": "plan, actuals, as_of",
    "DD_AGE_DAYS": "due_date, as_of",
    "DD_AGE_BUCKET": "due_date, as_of, [edges]",
    "DD_AGEING": "ledger, as_of, [edges], [basis]",
    "DD_DSO": "ending_ar, credit_sales, days",
    "DD_DSO_COUNTBACK": "ending_ar, monthly_sales, month_days",
    "DD_BEST_DSO": "current_ar, credit_sales, days",
    "DD_ADD": "ending_ar, current_ar, credit_sales, days",
    "DD_CEI": "beginning_ar, credit_sales, ending_ar, ending_current_ar, [months]",
    "DD_ALLOWANCE": "bucket_balances, loss_rates",
    "DD_DUNNING": "outstanding, days_overdue, annual_rate, fee",
    "DD_PTP_STATUS": "promised_amount, promised_date, payment_dates, payment_amounts, as_of, [tolerance_days]",
    "DD_CONTACT_CHECK": "call_times, proposed_time, [conversation_times], [time_zone]",
    "DD_WORKLIST": "ledger, as_of, [promises], [disputes], [contacts]",
    "DD_LATE_PAYMENT": "amount, due_date, as_of, reference_rate",
}


def _parameters(spec: str) -> list[tuple[str, bool]]:
    """[(name, optional)] from "a, [b]"."""
    return [(p.strip("[] "), p.strip().startswith("[")) for p in spec.split(",")]


def test_catalogue_transcribed_from_design():
    """The pinned table above is DESIGN.md §4, not a paraphrase of it (skips where DESIGN.md is absent)."""
    if not DESIGN.exists():
        pytest.skip(f"DESIGN.md is not beside the checkout ({DESIGN})")
    text = DESIGN.read_text(encoding="utf-8")
    section = text[text.index("## 4."):text.index("## 5.")]
    found = dict(re.findall(r"^\| `(DD_\w+)\(([^)]*)\)`", section, flags=re.M))
    assert found == CATALOGUE


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_catalogue_function_exists_with_pinned_argument_order(name):
    fn = getattr(udfs, name, None)
    assert fn is not None, f"{name} is in the DESIGN.md §4 catalogue but not exported by debtdesk.udfs"
    parameters = list(inspect.signature(fn).parameters.values())
    got = [(p.name, p.default is not inspect.Parameter.empty) for p in parameters]
    assert got == _parameters(CATALOGUE[name])
    assert fn.category == "DebtDesk" and "Example" in fn.__doc__


# --------------------------------------------------------------------------------------
# One valid call per function.
# --------------------------------------------------------------------------------------
DEBTS = [["Name", "Balance", "APR", "Minimum"], ["Card", 1000.0, 0.24, 50.0], ["Loan", 500.0, 0.06, 25.0]]
LEDGER = [["Customer", "Invoice", "Invoice Date", "Due Date", "Amount", "Paid", "Credit"],
          ["Acme", "INV-1", "2024-01-01", "2024-01-31", 1000.0, 200.0, 0.0],
          ["Bolt", "INV-2", "2024-02-01", "2024-03-02", 500.0, 0.0, 0.0]]
CLIENT_DEBTS = [["Name", "Type", "Balance", "APR", "Minimum", "Arrears"],
                ["Council", "Council tax", 600.0, 0.0, 60.0, 600.0],
                ["Visa", "Credit card", 3000.0, 0.24, 90.0, None]]
INCOME = [["Source", "Amount", "Frequency"], ["Wages", 2000.0, "monthly"], ["Benefit", 100.0, "monthly"]]
EXPENSES = [["Category", "Amount"], ["Rent", 800.0], ["Food", 300.0]]
CREDIT = [["Name", "Limit", "Balance"], ["Visa", 4000.0, 3000.0], ["Store", 1000.0, 200.0]]
GUIDELINES = [["Category", "Monthly limit"], ["Rent", 900.0], ["Food", 250.0]]
PLAN = [["Month", "Planned"], ["2024-01-05", 100.0], ["2024-02-05", 100.0], ["2024-03-05", 100.0]]
ACTUALS = [["Date", "Amount"], ["2024-01-05", 100.0], ["2024-02-08", 40.0]]
PROMISES = [["Customer", "Status"], ["Acme", "Broken"], ["Bolt", "Open"]]
DISPUTES = [["Customer", "Invoice"], ["Bolt", "INV-2"], ["Acme", "INV-9"]]
CONTACTS = [["Customer", "Contact Time", "Type"], ["Acme", "2024-04-01 10:00", "attempt"], ["Bolt", "2024-04-02 10:00", "conversation"]]
# Regulation Z Appendix J (c)(1)(i): 5,000 advanced 1978-01-10, 24 monthly payments of 230.
APR_DATES = [f"{1978 + m // 12}-{m % 12 + 1:02d}-10" for m in range(1, 25)]

VALID = {
    "DD_AMORTIZE": dict(principal=10000.0, annual_rate=0.08, months=10.0, start_date="2024-01-15",
                        extra_payment=0.0, payments_per_year=12.0, when="end"),
    "DD_APR": dict(amount_financed=5000.0, advance_date="1978-01-10", payment_dates=APR_DATES,
                   payment_amounts=[230.0] * 24),
    "DD_PAYOFF": dict(debts=DEBTS, monthly_budget=300.0, strategy="avalanche", start_date="2024-01-01",
                      rate_basis="nominal"),
    "DD_PAYOFF_SCHEDULE": dict(debts=DEBTS, monthly_budget=300.0, strategy="snowball", start_date="2024-01-01",
                               rate_basis="effective"),
    "DD_COMPARE": dict(debts=DEBTS, monthly_budget=300.0, rate_basis="effective"),
    "DD_BUDGET_FOR": dict(debts=DEBTS, months=12.0, strategy="avalanche", rate_basis="nominal"),
    "DD_PRORATA": dict(amount=100.0, balances=[500.0, 1000.0, 233.0, 200.0]),
    "DD_DTI": dict(monthly_debt_payments=[1500.0, 100.0, 400.0], monthly_income=6000.0),
    "DD_ASSESS": dict(income=INCOME, expenses=EXPENSES, debts=CLIENT_DEBTS, credit=CREDIT, guidelines=GUIDELINES),
    "DD_BUDGET": dict(income=INCOME, expenses=EXPENSES, debts=CLIENT_DEBTS, savings=20.0, fee=5.0),
    "DD_CONCESSION": dict(balance=1000.0, current_apr=0.12, new_apr=0.06, months=3.0, rate_basis="effective"),
    "DD_SETTLEMENT": dict(enrolled_balance=10000.0, settlement_pct=0.5, monthly_deposit=300.0, fee_pct=0.2,
                          fee_basis="enrolled"),
    "DD_PROGRESS": dict(plan=PLAN, actuals=ACTUALS, as_of="2024-02-20"),
    "DD_AGE_DAYS": dict(due_date="2024-01-31", as_of="2024-03-01"),
    "DD_AGE_BUCKET": dict(due_date="2024-01-31", as_of="2024-03-31", edges=[30.0, 60.0, 90.0]),
    "DD_AGEING": dict(ledger=LEDGER, as_of="2024-04-15", edges=[30.0, 60.0, 90.0], basis="due"),
    "DD_DSO": dict(ending_ar=150000.0, credit_sales=1800000.0, days=365.0),
    "DD_DSO_COUNTBACK": dict(ending_ar=212000.0, monthly_sales=[100000.0, 80000.0, 70000.0],
                             month_days=[30.0, 31.0, 30.0]),
    "DD_BEST_DSO": dict(current_ar=8000.0, credit_sales=30000.0, days=28.0),
    "DD_ADD": dict(ending_ar=120000.0, current_ar=80000.0, credit_sales=100000.0, days=30.0),
    "DD_CEI": dict(beginning_ar=6200.0, credit_sales=10890.0, ending_ar=6340.0, ending_current_ar=3590.0, months=3.0),
    "DD_ALLOWANCE": dict(bucket_balances=[76000.0, 14000.0, 6000.0, 3000.0, 1000.0],
                         loss_rates=[0.01, 0.05, 0.1, 0.25, 0.5]),
    "DD_DUNNING": dict(outstanding=100.0, days_overdue=20.0, annual_rate=0.08, fee=20.0),
    "DD_PTP_STATUS": dict(promised_amount=500.0, promised_date="2024-03-15", payment_dates=["2024-03-10", "2024-03-14"],
                          payment_amounts=[200.0, 300.0], as_of="2024-03-20", tolerance_days=3.0),
    "DD_CONTACT_CHECK": dict(call_times=["2021-04-05 10:00", "2021-04-06 11:00"], proposed_time="2021-04-07 12:00-05:00",
                             conversation_times=["2021-03-01 10:00", "2021-03-02 10:00"], time_zone="America/Chicago"),
    "DD_WORKLIST": dict(ledger=LEDGER, as_of="2024-04-15", promises=PROMISES, disputes=DISPUTES, contacts=CONTACTS),
    "DD_LATE_PAYMENT": dict(amount=2000.0, due_date="2024-03-01", as_of="2024-04-15", reference_rate=0.0425),
}


# --------------------------------------------------------------------------------------
# Argument kinds. Scalars: Num(positive=.., nonneg=.., whole=..); Date; Choice.
# Vectors: Numbers(..), Dates. Tables: Table(cells={column: kind}).
# --------------------------------------------------------------------------------------
class Num:
    def __init__(self, positive=False, nonneg=True, whole=False, optional=False):
        self.positive, self.nonneg, self.whole, self.optional = positive, nonneg or positive, whole, optional


class Date:
    def __init__(self, optional=False, time=False):
        self.optional, self.time = optional, time


class Choice:
    optional = True


class Zones(Choice):
    """Time zones: one, or a range of them (the consumer may be in any)."""


class Numbers(Num):
    pass


class Dates(Date):
    pass


class Table:
    def __init__(self, cells, optional=False, scalar_ok=False):
        self.cells, self.optional, self.scalar_ok = cells, optional, scalar_ok


MONEY, MONEY_POS, RATE = Num(), Num(positive=True), Num()
DEBTS_T = Table({"Balance": MONEY, "APR": RATE, "Minimum": MONEY})
LEDGER_T = Table({"Amount": Num(nonneg=False), "Due Date": Date(), "Invoice Date": Date()})

ARGS = {
    "DD_AMORTIZE": dict(principal=MONEY_POS, annual_rate=RATE, months=Num(positive=True, whole=True),
                        start_date=Date(optional=True), extra_payment=Num(optional=True),
                        payments_per_year=Num(positive=True, whole=True, optional=True), when=Choice()),
    "DD_APR": dict(amount_financed=MONEY_POS, advance_date=Date(), payment_dates=Dates(), payment_amounts=Numbers(positive=True)),
    "DD_PAYOFF": dict(debts=DEBTS_T, monthly_budget=MONEY_POS, strategy=Choice(), start_date=Date(optional=True),
                      rate_basis=Choice()),
    "DD_PAYOFF_SCHEDULE": dict(debts=DEBTS_T, monthly_budget=MONEY_POS, strategy=Choice(), start_date=Date(optional=True),
                               rate_basis=Choice()),
    "DD_COMPARE": dict(debts=DEBTS_T, monthly_budget=MONEY_POS, rate_basis=Choice()),
    "DD_BUDGET_FOR": dict(debts=DEBTS_T, months=Num(positive=True, whole=True), strategy=Choice(), rate_basis=Choice()),
    "DD_PRORATA": dict(amount=MONEY, balances=Numbers()),
    "DD_DTI": dict(monthly_debt_payments=Numbers(), monthly_income=MONEY_POS),
    "DD_ASSESS": dict(income=Table({"Amount": MONEY}, scalar_ok=True), expenses=Table({"Amount": MONEY}, scalar_ok=True),
                      debts=Table({"Balance": MONEY}, optional=True), credit=Table({"Limit": MONEY, "Balance": MONEY}, optional=True),
                      guidelines=Table({"Monthly limit": MONEY}, optional=True)),
    "DD_BUDGET": dict(income=Table({"Amount": MONEY}, scalar_ok=True), expenses=Table({"Amount": MONEY}, scalar_ok=True),
                      debts=Table({"Balance": MONEY}, optional=True), savings=Num(optional=True), fee=Num(optional=True)),
    "DD_CONCESSION": dict(balance=MONEY_POS, current_apr=RATE, new_apr=RATE, months=Num(positive=True, whole=True),
                          rate_basis=Choice()),
    "DD_SETTLEMENT": dict(enrolled_balance=MONEY_POS, settlement_pct=Num(positive=True), monthly_deposit=MONEY_POS,
                          fee_pct=Num(), fee_basis=Choice()),
    "DD_PROGRESS": dict(plan=Table({"Planned": MONEY, "Month": Date()}),
                        actuals=Table({"Amount": MONEY, "Date": Date()}, optional=True), as_of=Date()),
    "DD_AGE_DAYS": dict(due_date=Date(), as_of=Date()),
    "DD_AGE_BUCKET": dict(due_date=Date(), as_of=Date(), edges=Numbers(positive=True, whole=True, optional=True)),
    "DD_AGEING": dict(ledger=LEDGER_T, as_of=Date(), edges=Numbers(positive=True, whole=True, optional=True), basis=Choice()),
    "DD_DSO": dict(ending_ar=MONEY, credit_sales=MONEY_POS, days=Num(positive=True)),
    "DD_DSO_COUNTBACK": dict(ending_ar=MONEY, monthly_sales=Numbers(), month_days=Numbers(positive=True)),
    "DD_BEST_DSO": dict(current_ar=MONEY, credit_sales=MONEY_POS, days=Num(positive=True)),
    "DD_ADD": dict(ending_ar=MONEY, current_ar=MONEY, credit_sales=MONEY_POS, days=Num(positive=True)),
    "DD_CEI": dict(beginning_ar=MONEY, credit_sales=MONEY, ending_ar=MONEY, ending_current_ar=MONEY,
                   months=Num(positive=True, whole=True, optional=True)),
    # A negative bucket balance is accepted by the engine (see the report: arguably a credit
    # should not lower the allowance); left open here rather than pinned either way.
    "DD_ALLOWANCE": dict(bucket_balances=Numbers(nonneg=False), loss_rates=Numbers()),
    # Negative days overdue are "not yet due" (DD_AGE_DAYS' sign): no charge, by design.
    # An empty fee cell reads as no fee, although §4 lists fee without brackets.
    "DD_DUNNING": dict(outstanding=MONEY, days_overdue=Num(nonneg=False, whole=True), annual_rate=RATE,
                       fee=Num(optional=True)),
    "DD_PTP_STATUS": dict(promised_amount=MONEY_POS, promised_date=Date(), payment_dates=Dates(),
                          payment_amounts=Numbers(), as_of=Date(), tolerance_days=Num(whole=True, optional=True)),
    "DD_CONTACT_CHECK": dict(call_times=Dates(optional=True, time=True), proposed_time=Date(time=True),
                             conversation_times=Dates(optional=True, time=True), time_zone=Zones()),
    "DD_WORKLIST": dict(ledger=LEDGER_T, as_of=Date(), promises=Table({}, optional=True),
                        disputes=Table({}, optional=True), contacts=Table({"Contact Time": Date(time=True)}, optional=True)),
    "DD_LATE_PAYMENT": dict(amount=MONEY_POS, due_date=Date(), as_of=Date(), reference_rate=RATE),
}

NAN, INF = float("nan"), float("inf")
EXCEL_ERRORS = ("#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?")


def _scalar_bad(kind) -> list[tuple[str, object]]:
    """(label, bad value) for one cell of a kind."""
    bad = [(e, e) for e in EXCEL_ERRORS]
    if isinstance(kind, Date):
        bad += [("text", "soon"), ("feb30", "2024-02-30"), ("month13", "2023-13-01"), ("nan", NAN), ("inf", INF),
                ("negative serial", -1.0), ("serial past 9999", 3e6), ("bool", True)]
        if kind.time:
            bad += [("hour25", "2021-04-07 25:00")]
    elif isinstance(kind, Num):
        bad += [("text", "abc"), ("nan", NAN), ("inf", INF), ("-inf", -INF), ("bool", True), ("date", date(2024, 1, 1))]
        if kind.nonneg:
            bad.append(("negative", -5.0))
        if kind.positive:
            bad.append(("zero", 0.0))
        if kind.whole:
            bad.append(("fraction", 1.5))
    elif isinstance(kind, Choice):
        bad += [("unknown", "bogus"), ("number", 7.5)]
    return bad


#: Bad only as a whole argument: inside a range a NaN cell is an empty cell (pandas' and
#: convert's reading), checked by test_nan_cell_reads_as_an_empty_cell instead.
CELL_ONLY = ("bool", "date", "number", "nan")


def _mutations(name: str, arg: str, kind, valid):
    """Yield (label, bad value, row expected in the message or None)."""
    required = not kind.optional
    if isinstance(kind, (Numbers, Dates)):
        cells = list(valid)
        if required:
            yield "None", None, None
            yield "empty range", [], None
            yield "blank column", [[None], [None]], None
        yield "2-D block", [cells[:2], cells[:2]], None
        yield "ragged", [[cells[0]], cells[:2]], None
        for label, bad in _scalar_bad(Date(time=kind.time) if isinstance(kind, Dates) else Num(
                positive=kind.positive, nonneg=kind.nonneg, whole=kind.whole)):
            if label in CELL_ONLY:
                continue
            yield f"row 2 {label}", cells[:1] + [bad] + cells[2:], 2
    elif isinstance(kind, Table):
        header, rows = valid[0], valid[1:]
        if required:
            yield "None", None, None
            yield "empty range", [], None
            yield "header only", [header, [None] * len(header)], None
        if not kind.scalar_ok:
            yield "a number", 5.0, None
        yield "a row of text", ["a", "b", "c"], None
        yield "ragged", [header, rows[0][:-1]] + rows[1:], None
        yield "no header", [[None] * len(header)] + rows, None
        yield f"missing {header[0]}", [r[1:] for r in valid], None
        r = min(2, len(rows))
        for column, cell_kind in kind.cells.items():
            j = header.index(column)
            for label, bad in _scalar_bad(cell_kind):
                if label in CELL_ONLY:
                    continue
                poisoned = [list(row) for row in valid]
                poisoned[r][j] = bad
                yield f"{column} row {r} {label}", poisoned, r
    else:
        if required:
            yield "None", None, None
            yield "empty text", "  ", None
            yield "empty range", [], None
        if not isinstance(kind, Zones):
            yield "two cells", [[valid, valid]], None
        for label, bad in _scalar_bad(kind):
            yield label, bad, None


CASES = [pytest.param(name, arg, bad, row, id=f"{name}-{arg}-{label}")
         for name, kinds in ARGS.items() for arg, kind in kinds.items()
         for label, bad, row in _mutations(name, arg, kind, VALID[name][arg])]


def test_every_exported_function_is_in_the_matrix():
    exported = sorted(n for n in dir(udfs) if n.startswith("DD_") and callable(getattr(udfs, n)))
    assert exported == sorted(VALID) == sorted(ARGS)
    for name in exported:
        assert list(ARGS[name]) == list(inspect.signature(getattr(udfs, name)).parameters), name


def _finite(value) -> bool:
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    return not (isinstance(value, float) and not math.isfinite(value))


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_call_gives_a_finite_result(name):
    result = getattr(udfs, name)(**VALID[name])
    assert result is not None and _finite(result)


@pytest.mark.parametrize("name, arg, bad, row", CASES)
def test_bad_argument_is_named(name, arg, bad, row):
    kwargs = dict(VALID[name], **{arg: bad})
    try:
        result = getattr(udfs, name)(**kwargs)
    except DebtDeskError as error:
        message = str(error)
        assert "\n" not in message
        where = f"{name}: {arg}" + (f" row {row}:" if row else "")
        assert message.startswith(where), message
        assert len(message) > len(where) + 8  # says what was expected, not just where
    else:
        pytest.fail(f"{name}({arg}={bad!r}) returned {result!r} instead of refusing")


# --------------------------------------------------------------------------------------
# Valid forms of the same argument give the same result.
# --------------------------------------------------------------------------------------
def _date_forms(iso: str) -> list:
    day = date.fromisoformat(iso[:10])
    serial = float((day - date(1899, 12, 30)).days)
    return [iso, datetime(day.year, day.month, day.day), day, serial, [[iso]], [[serial]]]


def _equivalent_forms():
    for name, kinds in ARGS.items():
        for arg, kind in kinds.items():
            value = VALID[name][arg]
            if isinstance(kind, Dates):
                if kind.time:
                    forms = [value, [[v] for v in value], [list(value)], [datetime.fromisoformat(v) for v in value]]
                else:
                    forms = [value, [[v] for v in value], [list(value)], [_date_forms(v)[3] for v in value],
                             [_date_forms(v)[1] for v in value]]
            elif isinstance(kind, Numbers):
                forms = [value, [[v] for v in value], [list(value)], [f"{v:,}" for v in value], value + [None, " "]]
            elif isinstance(kind, Date) and not kind.time:
                forms = _date_forms(value)
            elif isinstance(kind, Date):
                forms = [value, [[value]], datetime.fromisoformat(value)]
            elif isinstance(kind, Num):
                forms = [value, [[value]], [value], f"{value:,}", int(value) if value.is_integer() else value]
            elif isinstance(kind, Choice):
                forms = [value, [[value]], value.upper(), f" {value} "]
            else:
                continue
            yield pytest.param(name, arg, forms, id=f"{name}-{arg}")


@pytest.mark.parametrize("name, arg, forms", list(_equivalent_forms()))
def test_forms_of_one_value_agree(name, arg, forms):
    fn = getattr(udfs, name)
    results = [fn(**dict(VALID[name], **{arg: form})) for form in forms]
    assert all(r == results[0] for r in results[1:]), results


def test_matrix_size():
    """The matrix is what it claims: a few hundred cases over 26 functions and every argument."""
    assert len(VALID) >= 26
    assert sum(len(k) for k in ARGS.values()) >= 90
    assert len(CASES) >= 1000


# --------------------------------------------------------------------------------------
# Empty optional arguments, NaN cells, blank cells inside a range.
# --------------------------------------------------------------------------------------
OPTIONAL = [pytest.param(name, arg, id=f"{name}-{arg}") for name, kinds in ARGS.items()
            for arg, kind in kinds.items() if kind.optional and not isinstance(kind, Table)]


@pytest.mark.parametrize("name, arg", OPTIONAL)
def test_an_empty_optional_argument_is_the_default(name, arg):
    """An omitted argument, an empty cell, an empty range and blank text all mean "use the default"."""
    fn = getattr(udfs, name)
    kwargs = dict(VALID[name], **{arg: None})
    if inspect.signature(fn).parameters[arg].default is not inspect.Parameter.empty:
        kwargs.pop(arg)
    omitted = fn(**kwargs)
    empties = (None, [], [[None]], "  ", [[None], [" "]], [None, None])
    for empty in empties:
        assert fn(**dict(kwargs, **{arg: empty})) == omitted, empty


def _nan_cases():
    for name, kinds in ARGS.items():
        for arg, kind in kinds.items():
            valid = VALID[name][arg]
            if isinstance(kind, (Numbers, Dates)):
                yield pytest.param(name, arg, (2,), id=f"{name}-{arg}")
            elif isinstance(kind, Table):
                for column in kind.cells:
                    yield pytest.param(name, arg, (2, valid[0].index(column)), id=f"{name}-{arg}-{column}")


def _with(value, at, cell):
    value = [list(r) if isinstance(r, list) else r for r in value]
    if len(at) == 1:
        value[at[0] - 1] = cell
    else:
        value[at[0]][at[1]] = cell
    return value


@pytest.mark.parametrize("name, arg, at", list(_nan_cases()))
def test_nan_cell_reads_as_an_empty_cell(name, arg, at):
    """NaN inside a range (as pandas hands it over) is an empty cell: the same result, or both refused.

    The refusal may name the paired argument ("has 2 values but payment_dates has 1").
    """
    fn = getattr(udfs, name)
    outcomes = []
    for cell in (float("nan"), None):
        try:
            outcomes.append(fn(**dict(VALID[name], **{arg: _with(VALID[name][arg], at, cell)})))
        except DebtDeskError as error:
            assert str(error).startswith(f"{name}: ")
            outcomes.append(DebtDeskError)
    assert outcomes[0] == outcomes[1]


def test_prorata_keeps_shares_beside_their_balances():
    """Shares spill beside the balances row by row: a blank inside the range would shift every share below it."""
    with pytest.raises(DebtDeskError, match=r"^DD_PRORATA: balances row 2: is empty \(expected a number\)$"):
        udfs.DD_PRORATA(100.0, [[500.0], [None], [1500.0]])
    assert udfs.DD_PRORATA(100.0, [[500.0], [1500.0], [None], [None]]) == [[25.0], [75.0]]  # trailing blanks: fine


def test_blank_rows_inside_a_range_are_not_silently_shifted_for_paired_vectors():
    """Where two ranges pair up row by row (dates with amounts) a blank in one is refused, not shifted."""
    amounts = [230.0] * 24
    amounts[5] = None
    with pytest.raises(DebtDeskError, match=r"^DD_APR: payment_amounts row 6: is empty but payment_dates row 6 holds"):
        udfs.DD_APR(5000.0, "1978-01-10", APR_DATES, amounts)
    with pytest.raises(DebtDeskError, match=r"^DD_ALLOWANCE: loss_rates: has 5 rates but there are 4 bucket"):
        udfs.DD_ALLOWANCE([1.0, None, 2.0, 3.0, 4.0], [0.1] * 5)


def test_ptp_status_with_an_empty_payments_column_is_no_payments():
    """A fresh promise's payments columns are blank ranges: no payments yet, not an error."""
    no_payments = udfs.DD_PTP_STATUS(500.0, "2024-03-15", None, None, "2024-03-20")
    blank = [[None], [None], [None]]
    assert udfs.DD_PTP_STATUS(500.0, "2024-03-15", blank, blank, "2024-03-20") == no_payments == "Broken"
    assert udfs.DD_PTP_STATUS(500.0, "2024-03-15", blank, blank, "2024-03-10") == "Open"


# --------------------------------------------------------------------------------------
# Dead ends: say what is wrong and, where there is one, what would work.
# --------------------------------------------------------------------------------------
NEVER_CLEARS = [["Name", "Balance", "APR", "Minimum"], ["Card", 10000.0, 0.30, 100.0]]


@pytest.mark.parametrize("call, message", [
    # 10,000 at 30% accrues 250.00 a month, more than a 100.00 budget pays; budget_for finds 323.54 for 60 months.
    (lambda: udfs.DD_PAYOFF(NEVER_CLEARS, 100.0),
     "DD_PAYOFF: monthly_budget: 100.00 a month never clears the debts (the balances grow instead of falling "
     "after 1200 months); a budget of 323.54 clears them in 60 months"),
    (lambda: udfs.DD_PAYOFF_SCHEDULE(DEBTS, 74.0),
     "DD_PAYOFF_SCHEDULE: monthly_budget: 74.00 is below the sum of the minimum payments due in month 1 (75.00); "
     "the budget must be at least 75.00"),
    (lambda: udfs.DD_COMPARE(DEBTS, 10.0), "DD_COMPARE: monthly_budget: 10.00 is below the sum of the minimum"),
    (lambda: udfs.DD_DSO(100.0, 0.0, 30.0), "DD_DSO: credit_sales: is 0, so DSO is undefined"),
    (lambda: udfs.DD_BEST_DSO(100.0, 0.0, 30.0), "DD_BEST_DSO: credit_sales: is 0, so DSO is undefined"),
    (lambda: udfs.DD_ADD(100.0, 50.0, 0.0, 30.0), "DD_ADD: credit_sales: is 0, so DSO is undefined"),
    (lambda: udfs.DD_CEI(0.0, 0.0, 0.0, 0.0), "DD_CEI: ending_current_ar: equals beginning_ar + credit sales, "
                                              "so nothing was collectable and CEI is undefined"),
    (lambda: udfs.DD_DSO_COUNTBACK(100.0, [0.0, 0.0], 30.0),
     "DD_DSO_COUNTBACK: ending_ar: is larger than all 2 months of sales given (100.00 not covered); "
     "add older months to monthly_sales"),
    (lambda: udfs.DD_DTI(100.0, 0.0), "DD_DTI: monthly_income: 0 must be greater than 0"),
    (lambda: udfs.DD_PRORATA(10.0, [0.0, 0.0]), "DD_PRORATA: balances: sum to 0"),
    (lambda: udfs.DD_AMORTIZE(1000.0, 24.0, 12.0),
     "DD_AMORTIZE: annual_rate: 24 would be 2400% a year: rates are fractions (24% is 0.24); write 24% or 0.24"),
    (lambda: udfs.DD_AMORTIZE(1000.0, "2400%", 12.0),
     "DD_AMORTIZE: annual_rate: 24 is above 10 (1000% a year); give the rate as a fraction, e.g. 0.24 for 24%"),
])
def test_dead_ends_say_what_is_wrong_and_what_would_work(call, message):
    with pytest.raises(DebtDeskError) as caught:
        call()
    assert str(caught.value).startswith(message)


def test_budget_for_the_never_clearing_debt_is_the_pmt_figure():
    """What the refusal suggests is right: PMT(30%/12, 60, -10000) = 323.5367 -> 323.54 clears it in 60 months."""
    assert udfs.DD_BUDGET_FOR(NEVER_CLEARS, 60.0) == 323.54
    plan = udfs.DD_PAYOFF(NEVER_CLEARS, 323.54)
    assert plan[-1][:2] == ["Total", 60]


def test_deficit_budget_is_shown_not_hidden():
    """Outgoings above income: the allocation shows the deficit as a negative line and offers nothing."""
    out = udfs.DD_BUDGET(1000.0, 1200.0, CLIENT_DEBTS)
    by_item = {r[0]: r[4] for r in out[1:] if r[1] is None}
    assert by_item["Income minus outgoings"] == -200.0
    assert by_item["Deficit"] == 260.0  # 200.00 short, plus the 60.00 council tax priority offer
    assert [r[1:5] for r in out if r[0] == "Non-priority offer"] == [["Visa", "Credit card", 3000.0, 0.0]]
    assert by_item["Months to clear non-priority debts"] is None
