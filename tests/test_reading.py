"""Numbers, lists and dates from text (DESIGN.md §3 "Numbers from text"): read when they have one
meaning in the locale in force, refused with the cell named otherwise, never a different number.

The property tests write numbers and dates the way common locales' Excel formats show them
and check that DebtDesk, under each locale setting, reads exactly the written value or refuses.
"""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from debtdesk.dates import check_era, to_date
from debtdesk.errors import DebtDeskError
from debtdesk.reading import Locale, current, reading
from debtdesk.values import column_numbers, number, number_list, plain_numbers, rate, rates

POINT, COMMA = Locale("."), Locale(",")


def refusal(read, *args, **kwargs) -> str:
    with pytest.raises(DebtDeskError) as caught:
        read(*args, **kwargs)
    return str(caught.value)


# --------------------------------------------------------------------------------------
# Numbers: each written form, under each locale.
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, point, comma", [
    ("1,234.50", 1234.5, None), ("1.234,50", None, 1234.5), ("1 234,50", None, 1234.5), ("1 234.50", 1234.5, None),
    ("1234,5", None, 1234.5), ("1'234.50", 1234.5, None), ("1’234,50", None, 1234.5), ("1\u202f234,50", None, 1234.5),
    ("24%", 0.24, 0.24), ("24,5%", None, 0.245), ("24.5%", 0.245, None), ("5.125%", 0.05125, None),
    ("£1,200", 1200.0, None), ("1.200 €", None, 1200.0), ("(100.00)", -100.0, None), ("(100,00)", None, -100.0),
    ("100.00-", -100.0, None), ("−5", -5.0, -5.0), ("-€5", -5.0, -5.0), ("CHF 1'234.50", 1234.5, None),
    ("1.5E+03", 1500.0, None), ("1,5E+03", None, 1500.0), (".5", 0.5, None), (",5", None, 0.5), ("0.125", 0.125, None),
    ("1,5", None, 1.5), ("15,45", None, 15.45), ("12,34", None, 12.34), ("0,125", None, 0.125),
    ("1,234", 1234.0, None), ("1.234", None, 1234.0), ("12.000", None, 12000.0), ("1,234,567.89", 1234567.89, None),
    ("1.234.567", None, 1234567.0), ("1.234,50.", None, None), ("--5", None, None), ("(-5)", None, None),
    ("£€5", None, None), ("1 2", None, None), ("abc", None, None), ("1,23,456.78", None, None),
])
def test_each_written_form_is_read_or_refused_in_each_locale(text, point, comma):
    for locale, expected in ((POINT, point), (COMMA, comma)):
        with reading(locale):
            if expected is None:
                refusal(number, text, "amount")
            else:
                assert number(text, "amount") == expected, (text, locale.decimal)


@pytest.mark.parametrize("text, message", [
    ("1,5", "debts row 3: APR '1,5' is written with a decimal comma (1.5?), but numbers here are read as 1,234.56: "
            "write it with a decimal point"),
    ("15,45", "debts row 3: APR '15,45' is written with a decimal comma (15.45?), but numbers here are read as 1,234.56: "
              "write it with a decimal point"),
    ("1.234,50", "debts row 3: APR '1.234,50' is written with a decimal comma (1234.50?), but numbers here are read as "
                 "1,234.56: write it with a decimal point"),
    ("24,5%", "debts row 3: APR '24,5%' is written with a decimal comma (24.5%?), but numbers here are read as 1,234.56: "
              "write it with a decimal point"),
    ("12.000", "debts row 3: APR '12.000' could be 12 or 12000 (as written where the decimal separator is a comma): "
               "write 12 or 12000 without a thousands separator"),
    ("#N/A", "debts row 3: APR holds the Excel error #N/A (expected a number)"),
])
def test_refusals_name_argument_row_cell_and_what_to_write(text, message):
    assert refusal(number, text, "debts", 3, label="APR") == message


def test_refusals_say_where_to_set_the_locale():
    with reading(where="the Client sheet"):
        assert refusal(number, "1.234,50", "Client", label="Monthly budget").endswith(
            "write it with a decimal point, or set Decimal separator to comma on the Client sheet")
    with reading(COMMA, where="regenerate"):
        assert refusal(number, "1,234.50", "clients.csv", 4, label="Loan amount") == (
            "clients.csv row 4: Loan amount '1,234.50' is written with a decimal point (1234.50?), but numbers here are "
            "read as 1.234,56: write it with a decimal comma, or run regenerate without --decimal-comma")
    with reading(where="regenerate"):
        assert refusal(to_date, "03/04/2026", "ledger.csv", 2).startswith(
            "ledger.csv row 2: '03/04/2026' could be 3 April or 4 March: write 2026-04-03 or 2026-03-04, or run "
            "regenerate with --date-order DMY")


def test_the_locale_is_a_context_local_to_each_thread():
    seen = {}

    def other():
        seen["thread"] = current().decimal

    with reading(COMMA):
        worker = threading.Thread(target=other)
        worker.start()
        worker.join()
        with reading(date_order="DMY"):
            assert current() == Locale(",", "DMY")
        assert current() == COMMA
    assert seen["thread"] == "." and current() == Locale()


def test_locale_words_from_a_settings_row():
    assert Locale.parse("1.234,56", "D/M/Y") == Locale(",", "DMY")
    assert Locale.parse(".", "mm/dd/yyyy") == Locale(".", "MDY")
    assert refusal(Locale.parse, None, "YDM", "Settings") == "Settings: Date order 'YDM' is not one of ISO, DMY, MDY"


# --------------------------------------------------------------------------------------
# The property: any number as a common locale's Excel format shows it, under any setting.
# --------------------------------------------------------------------------------------
#: (decimal separator, thousands separator) of common Excel locales: en-GB/en-US, de-DE/it-IT/es-ES,
#: fr-FR (narrow no-break space), fr-FR older (no-break space), sv-SE/nb-NO (space), de-CH (apostrophe).
WRITERS = [(".", ","), (",", "."), (",", "\u202f"), (",", "\u00a0"), (",", " "), (".", "'"), (".", "’")]
SIGNS = ["-{}", "({})", "{}-", "\u2212{}"]
CURRENCIES = ["{}", "£{}", "{} €", "$ {}", "CHF {}", "{} EUR", "€{}"]


def written(value: Decimal, decimal: str, group: str, grouped: bool, places: int | None) -> str:
    """``abs(value)`` as Excel shows it: ``places`` decimals (None: General), thousands grouped or not."""
    digits = f"{abs(value):.{places}f}" if places is not None else f"{abs(value).normalize():f}"
    whole, _, fraction = digits.partition(".")
    if grouped:
        whole = f"{int(whole):,}".replace(",", group)
    return whole + (decimal + fraction if fraction else "")


@settings(max_examples=1500, deadline=None)
@given(cents=st.integers(-10 ** 11, 10 ** 11), writer=st.sampled_from(WRITERS), layout=st.sampled_from(
    ["#,##0.00", "0.00", "General", "#,##0", "0"]), sign=st.sampled_from(SIGNS), currency=st.sampled_from(CURRENCIES),
    locale=st.sampled_from([POINT, COMMA]))
def test_any_amount_written_in_a_common_locale_format_reads_as_itself_or_is_refused(cents, writer, layout, sign,
                                                                                     currency, locale):
    value = Decimal(cents).scaleb(-2)
    if layout in ("#,##0", "0"):
        value = value.quantize(Decimal(1))  # what such a format shows is a whole number
    places = {"#,##0.00": 2, "0.00": 2, "General": None, "#,##0": 0, "0": 0}[layout]
    body = written(value, *writer, grouped=layout.startswith("#"), places=places)
    text = currency.format(sign.format(body) if value < 0 else body)
    with reading(locale):
        try:
            got = number(text, "amount")
        except DebtDeskError:
            return
    assert got == float(value), (text, locale.decimal)


@settings(max_examples=800, deadline=None)
@given(basis_points=st.integers(0, 99_999), writer=st.sampled_from(WRITERS), general=st.booleans(),
       locale=st.sampled_from([POINT, COMMA]))
def test_any_percentage_written_in_a_common_locale_format_reads_as_itself_or_is_refused(basis_points, writer, general,
                                                                                         locale):
    percent = Decimal(basis_points).scaleb(-2)  # 0.00 % to 999.99 %, as "0.00%" or General shows it
    text = written(percent, *writer, grouped=False, places=None if general else 2) + "%"
    with reading(locale):
        try:
            got = number(text, "annual_rate")
        except DebtDeskError:
            return
    assert got == float(percent.scaleb(-2)), (text, locale.decimal)


def test_the_property_is_not_empty_each_locale_reads_its_own_formats():
    """The property above would pass by refusing everything: each locale must read its own writers' text."""
    for locale, writers in ((POINT, [(".", ","), (".", "'")]), (COMMA, [(",", "."), (",", "\u202f"), (",", " ")])):
        for decimal, group in writers:
            with reading(locale):
                assert number(written(Decimal("-1234567.5"), decimal, group, True, 2), "a") == 1234567.5
                assert number("(" + written(Decimal("1234.5"), decimal, group, True, 2) + ")", "a") == -1234.5


# --------------------------------------------------------------------------------------
# Lists written in one cell.
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, edges", [
    ("30,60,90", [30, 60, 90]), ("30, 60, 90", [30, 60, 90]), ("30;60;90", [30, 60, 90]), (" 30 ; 60 ; 90 ", [30, 60, 90]),
    ("15,45", [15, 45]), ("30 60 90", [30, 60, 90]), ("45", [45]),
])
def test_a_list_in_one_cell_is_a_list(text, edges):
    assert number_list(text, "edges", whole=True, minimum=1) == edges


def test_list_text_that_could_be_one_number_is_refused():
    assert refusal(number_list, "100,200,300", "edges", whole=True) == (
        "edges: '100,200,300' could be the number 100200300 or the list 100; 200; 300: write one number without "
        "thousands separators, or separate the items of a list with ';'")
    assert refusal(number_list, "15,45", "balances").startswith(
        "balances: '15,45' could be the number 15.45 written with a decimal comma or the list 15; 45")
    assert refusal(number_list, "30, x, 90", "edges", whole=True) == "edges: 'x' is not a number"
    with reading(COMMA):
        assert number_list("1,5; 2,5", "rates") == [1.5, 2.5]
        assert number_list("30 60 90", "edges", whole=True) == [30, 60, 90]


# --------------------------------------------------------------------------------------
# Rates: fractions; a percentage typed as a whole number is named.
# --------------------------------------------------------------------------------------
def test_rates_above_100_percent_are_refused_unless_written_with_their_percent_sign():
    assert refusal(rate, 6, "debts", 2, label="APR") == (
        "debts row 2: APR 6 would be 600% a year: rates are fractions (6% is 0.06); write 6% or 0.06, "
        "or '600%' as text if that is meant")
    assert refusal(rate, "24.9", "annual_rate").startswith("annual_rate: '24.9' would be 2490% a year")
    assert rate("600%", "APR") == 6.0 and rate(1, "APR") == 1.0 and rate(None, "APR", blank=None) is None
    assert rates([0.19, "100%", 0.22], "debts", [1, 2, 3]) == [0.19, 1.0, 0.22]
    assert refusal(rates, [0.19, 1, 0.22], "debts", [1, 4, 5]).startswith("debts row 4: APR 1 would be 100% a year")


# --------------------------------------------------------------------------------------
# Dates: never guessed.
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, iso, dmy, mdy", [
    ("2026-04-03", date(2026, 4, 3), date(2026, 4, 3), date(2026, 4, 3)),
    ("2026/4/3", date(2026, 4, 3), date(2026, 4, 3), date(2026, 4, 3)),
    ("03/04/2026", None, date(2026, 4, 3), date(2026, 3, 4)),
    ("13/04/2026", None, date(2026, 4, 13), None),
    ("03.04.2026 10:30", None, date(2026, 4, 3), date(2026, 3, 4)),
    ("1 June 2026", None, date(2026, 6, 1), date(2026, 6, 1)),
    ("June 1st, 2026", None, date(2026, 6, 1), date(2026, 6, 1)),
    ("01-Jun-2026", None, date(2026, 6, 1), date(2026, 6, 1)),
    ("46327", date(2026, 11, 1), date(2026, 11, 1), date(2026, 11, 1)),
    ("2026-04-03T00:30:00+02:00", date(2026, 4, 3), date(2026, 4, 3), date(2026, 4, 3)),
    ("2026-04-03T23:30:00-05:00", date(2026, 4, 3), date(2026, 4, 3), date(2026, 4, 3)),
    ("now", None, None, None), ("today", None, None, None), ("June 1st", None, None, None), ("April", None, None, None),
    ("1/2/3", None, None, None), ("03/04/26", None, None, None), ("0026-04-03", None, None, None),
])
def test_each_written_date_is_read_or_refused_in_each_date_order(text, iso, dmy, mdy):
    for order, expected in (("", iso), ("DMY", dmy), ("MDY", mdy)):
        with reading(date_order=order):
            if expected is None:
                refusal(to_date, text, "due_date")
            else:
                assert to_date(text, "due_date") == expected, (text, order)


def test_date_refusals_say_why():
    assert refusal(to_date, "today", "as_of") == (
        "as_of: 'today' is not a date: write the date itself (DebtDesk never reads an implicit today) "
        "(expected YYYY-MM-DD, a date or an Excel serial number)")
    assert refusal(to_date, "03/04/26", "as_of").startswith("as_of: '03/04/26' has a 2-digit year: write the year in full")
    assert refusal(to_date, "0026-04-03", "as_of").startswith(
        "as_of: '0026-04-03' has the year 0026: dates start in 1900")
    assert refusal(to_date, "1 June 2026", "as_of").startswith(
        "as_of: '1 June 2026' names its month: month names are read only when a date order is set")
    assert refusal(check_era, to_date(30, "due"), "ledger", 3, "Due Date") == (
        "ledger row 3: Due Date 1900-01-30 is before 1990: a date that old is a typing or export error "
        "(the Excel serial 30 is 1900-01-30)")
    assert refusal(check_era, date(2206, 1, 1), "ledger", 3, "Due Date") == \
        "ledger row 3: Due Date 2206-01-01 is after 2100: check the year"


def test_date_objects_with_offsets_keep_their_own_day_and_offsets_may_differ():
    late = datetime(2026, 4, 3, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    early = datetime(2026, 4, 3, 0, 30, tzinfo=timezone(timedelta(hours=2)))
    assert to_date(late, "due") == to_date(early, "due") == date(2026, 4, 3)
    assert to_date(pd.Timestamp(late), "due") == date(2026, 4, 3)


@settings(max_examples=600, deadline=None)
@given(day=st.dates(date(1990, 1, 1), date(2100, 12, 31)),
       writer=st.sampled_from(["ISO", "DMY", "MDY", "named"]), separator=st.sampled_from("/.-"),
       order=st.sampled_from(["", "DMY", "MDY"]))
def test_any_date_is_read_as_written_or_refused(day, writer, separator, order):
    """Under no date order only ISO text is read; under an order, ISO, named months and that order are read exactly."""
    text = {"ISO": day.isoformat(),
            "DMY": f"{day.day:02d}{separator}{day.month:02d}{separator}{day.year}",
            "MDY": f"{day.month:02d}{separator}{day.day:02d}{separator}{day.year}",
            "named": f"{day.day} {day:%B %Y}"}[writer]
    with reading(date_order=order):
        try:
            got = to_date(text, "due_date")
        except DebtDeskError:
            assert writer != "ISO" and (not order or writer not in ("named", order)), text
            return
    assert order or writer == "ISO", text
    if writer in ("ISO", "named", order):
        assert got == day, (text, order)


# --------------------------------------------------------------------------------------
# Column readers.
# --------------------------------------------------------------------------------------
def test_column_numbers_reads_a_column_once_and_names_the_first_bad_row():
    column = pd.Series(["1,200.50", 3.0, None, "(4.00)", "1,200.50", " "], dtype=object)
    got = column_numbers(column, "ledger", "Amount")
    assert got[[0, 1, 3, 4]].tolist() == [1200.5, 3.0, -4.0, 1200.5] and np.isnan(got[[2, 5]]).all()
    bad = pd.Series(["1.0", "2.0", "1.200,50"], index=[4, 7, 9], dtype=object)
    assert refusal(column_numbers, bad, "ledger", "Amount").startswith("ledger row 9: Amount '1.200,50' is written with")
    with reading(COMMA):
        assert column_numbers(bad.iloc[2:], "ledger", "Amount").tolist() == [1200.5]
    assert refusal(column_numbers, pd.Series([1.0, np.inf]), "ledger", "Amount") == \
        "ledger row 2: Amount inf is not a finite number"


def test_plain_numbers_turns_only_wholly_numeric_text_columns_into_numbers():
    assert plain_numbers(pd.Series(["1,234.50", "2"], dtype="str")).tolist() == [1234.5, 2.0]
    assert plain_numbers(pd.Series(["12.000", "2"], dtype="str")) is None  # two readings: left for the reader to refuse
    assert plain_numbers(pd.Series(["£5", "2"], dtype="str")) is None
    with reading(COMMA):
        assert plain_numbers(pd.Series(["1.234,50", "12.000"], dtype="str")).tolist() == [1234.5, 12000.0]
