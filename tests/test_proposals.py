"""Creditor letters from the case: offers, token payments, holding and settlement letters, the
I&E statement as data, and the .docx/PDF read back."""

from __future__ import annotations

from datetime import date

import docx
import pandas as pd
import pytest

from debtdesk.case import ClientDetails, ClientInputs, Firm, client_case
from debtdesk.errors import DebtDeskError
from debtdesk.money import split_cents
from debtdesk.proposals import income_and_expenditure, letters, proposals
from debtdesk.workbooks.proposals import document_name, write_proposals

# The SFS Developer Toolkit's example summary (as in debtdesk.budget's docstring):
# income 3,157.67, outgoings 2,972.08, savings 18.00, priority offers 10 + 12 + 11,
# leaving 134.59 for the one non-priority creditor, whose card is in arrears.
SFS_DEBTS = pd.DataFrame({"Name": ["HSBC", "RBS", "Another creditor", "Demo Credit"],
                          "Type": ["Mortgage", "Secured loan", "Council tax", "Credit card"],
                          "Balance": [500.0, 1250.0, 720.0, 1250.0], "Offer": [10.0, 12.0, 11.0, None],
                          "Minimum": [10.0, 12.0, 11.0, 150.0], "Arrears": [0.0, 0.0, 0.0, 300.0]})
INJECTED = "=HYPERLINK(\"http://example.invalid\",\"Sam O'Neil\")"
AS_OF = date(2026, 11, 1)


def _case(income, expenses, debts, **details):
    return client_case(ClientInputs(ClientDetails(as_of=AS_OF, name="Ann Lee", **details), income, expenses, debts))


def _text(p):
    return "\n".join(p.paragraphs)


def test_sfs_toolkit_example_gives_the_one_creditor_the_whole_134_59():
    (p,) = proposals(3157.67, 2972.08, SFS_DEBTS, client="Demo Client", on="2026-11-01", savings=18)
    assert (p.creditor, p.kind, p.offer, p.share) == ("Demo Credit", "Offer", 134.59, 1.0)
    assert p.months == 10  # ceil(1,250.00 / 134.59) with interest frozen
    figures = dict(zip(p.statement["Item"], p.statement["Monthly"]))
    assert figures["Available for priority debts"] == 167.59
    assert figures["Available for non-priority debts"] == 134.59
    assert [figures[c] for c in ("HSBC", "RBS", "Another creditor")] == [10.0, 12.0, 11.0]
    assert "the balance of £1,250.00 is cleared in 10 months, by September 2027" in _text(p)
    # A 10-month plan is reviewed when it ends, not "every twelve months".
    assert "We will review the plan by 1 September 2027" in _text(p)


def test_pro_rata_offers_are_cent_exact_and_the_plan_passes_on_a_cleared_share():
    # 100.00 between three equal balances: largest remainder gives the odd cent to the first.
    debts = pd.DataFrame({"Name": ["A", "B", "C"], "Type": ["Credit card", "Catalogue", "Overdraft"],
                          "Balance": [1000.0, 1000.0, 1000.0], "Minimum": [40.0, 40.0, 40.0]})
    found = proposals(1100, 1000, debts, client="X", on="2026-11-01")
    assert [p.offer for p in found] == [33.34, 33.33, 33.33] == [c / 100 for c in split_cents(10000, [1, 1, 1])]
    # Interest frozen: the whole 100.00 works every month, so all three clear in ceil(3,000 / 100) = 30 months.
    assert [p.months for p in found] == [30, 30, 30]
    # 2:1:1 balances share 250.00 as 125.00, 62.50, 62.50 (debt-advice pro-rata worked example).
    debts["Balance"], debts["Minimum"] = [2000.0, 1000.0, 1000.0], [100.0, 100.0, 100.0]  # 300 due: unaffordable
    assert [p.offer for p in proposals(1250, 1000, debts, client="X", on="2026-11-01")] == [125.0, 62.5, 62.5]


def test_statement_totals_reconcile_to_the_cent():
    income = pd.DataFrame({"Source": ["Wages", "Child benefit"], "Amount": [1800.0, 25.6],
                           "Frequency": ["monthly", "weekly"]})
    expenses = pd.DataFrame({"Category": ["Rent", "Food"], "Amount": [700.0, 80.0],
                             "Frequency": ["monthly", "weekly"]})
    debts = pd.DataFrame({"Name": ["Council", "Visa", "Loan"], "Type": ["Council tax", "Credit card", "Personal loan"],
                          "Balance": [400.0, 2500.0, 1700.0], "Minimum": [40.0, 75.0, 60.0]})
    s = income_and_expenditure(income, expenses, debts, savings=25, fee=5).set_index("Item")["Monthly"]
    assert s["Child benefit"] == 110.93  # 25.60 × 52 / 12 = 110.9333 -> 110.93
    assert s["Food"] == 346.67  # 80 × 52 / 12 = 346.666 -> 346.67
    assert s["Total income"] == 1910.93 and s["Total expenditure"] == 1046.67
    assert s["Available for priority debts"] == round(1910.93 - 1046.67 - 25 - 5, 2) == 834.26
    assert s["Available for non-priority debts"] == 794.26
    assert round(s["Visa"] + s["Loan"], 2) == s["Total non-priority offers"] == 794.26


def test_deficit_letters_offer_the_token_payment_and_promise_no_date():
    debts = pd.DataFrame({"Name": ["Visa", "Loan"], "Type": ["Credit card", "Personal loan"],
                          "Balance": [900.0, 2400.0], "Minimum": [27.0, 80.0]})
    case = _case(1000, 1100, debts)  # 100.00 a month short
    found = letters(case)
    assert [(p.kind, p.offer, p.months) for p in found] == [("Token payment", 1.0, None)] * 2
    text = _text(found[0])
    assert "their income falls £100.00 a month short of their essential spending" in text
    assert "a token payment of £1.00 a month from 1 December 2026" in text
    assert "We will review our client's circumstances by 1 February 2027" in text  # three months on
    assert "cleared" not in text and "debt-free" not in text and "None" not in text
    statement = dict(zip(found[0].statement["Item"], found[0].statement["Monthly"]))
    assert statement["Visa (token payment)"] == 1.0 and statement["Total token payments"] == 2.0


def test_only_priority_debts_make_no_proposal():
    debts = pd.DataFrame({"Name": ["Council"], "Type": ["Council tax"], "Balance": [900.0], "Minimum": [50.0]})
    assert proposals(2000, 1000, debts, client="X", on="2026-11-01") == []


def test_a_large_surplus_with_one_small_arrear_writes_no_letters():
    debts = pd.DataFrame({"Name": ["Visa", "Store"], "Type": ["Credit card", "Store card"],
                          "Balance": [3000.0, 400.0], "Minimum": [90.0, 20.0], "Arrears": [0.0, 40.0]})
    case = _case(4500, 1500, debts)
    assert case.route == "Budget only" and letters(case) == []


@pytest.mark.parametrize("concession, rate, words", [
    ("Reduced rate", 0.05, "We ask you to reduce the interest rate to 5.0% while the plan is kept"),
    ("None", None, "Our client will keep to the contract rate of interest (19.9%); at this offer the balance"),
])
def test_the_concession_asked_for_is_the_debts_own(concession, rate, words):
    debts = pd.DataFrame({"Name": ["Visa"], "Type": ["Credit card"], "Balance": [3000.0], "APR": [0.199],
                          "Minimum": [120.0], "Arrears": [240.0], "Concession": [concession],
                          "Concession rate": [rate]})
    (p,) = letters(_case(1500, 1400, debts))
    assert words in _text(p)
    assert f"cleared in {p.months} months" in _text(p)


def test_settlement_letters_share_the_lump_sum_in_full_and_final_settlement():
    debts = pd.DataFrame({"Name": ["Visa", "Loan"], "Type": ["Credit card", "Personal loan"],
                          "Balance": [20000.0, 10000.0], "Minimum": [600.0, 300.0], "Arrears": [600.0, 0.0]})
    case = _case(2000, 1800, debts, lump_sum=15000)  # 200 a month would take 150 months; the lump sum is 50 %
    assert case.route == "Settlement"
    found = letters(case)
    assert [(p.kind, p.offer) for p in found] == [("Settlement", 10000.0), ("Settlement", 5000.0)]
    assert "We therefore offer £10,000.00 in full and final settlement of the balance of £20,000.00" in _text(found[0])


def test_a_long_plan_sends_holding_letters_with_the_interim_offer():
    debts = pd.DataFrame({"Name": ["Visa"], "Type": ["Credit card"], "Balance": [30000.0], "Minimum": [900.0],
                          "Arrears": [600.0]})
    case = _case(2000, 1800, debts)  # 200 a month: 150 months, longer than 60
    assert case.route == "Refer for insolvency advice" and case.plan.kind == "Interim payments"
    (p,) = letters(case)
    assert p.kind == "Holding" and p.offer == 200.0 and p.months is None
    assert "Meanwhile our client offers £200.00 a month" in _text(p)
    assert "We will write to you again by 1 February 2027" in _text(p)


def test_a_mental_health_crisis_breathing_space_holds_everything_without_dates():
    debts = pd.DataFrame({"Name": ["Visa"], "Type": ["Credit card"], "Balance": [3000.0], "Minimum": [120.0],
                          "Arrears": [240.0]})
    case = _case(1500, 1400, debts, breathing_space="Mental health crisis", breathing_space_start=date(2026, 10, 5))
    (p,) = letters(case)
    assert p.kind == "Holding" and case.plan.first_payment is None and case.plan.debt_free is None
    assert "mental health crisis breathing space under the Debt Respite Scheme from 5 October 2026" in _text(p)
    assert "When it ends, our client expects to propose £" in _text(p)  # the plan's figure, with no date
    assert "from" not in _text(p).split("expects to propose")[-1].split(".")[0]


@pytest.mark.parametrize("call, expected", [
    (lambda: proposals(2000, 1000, SFS_DEBTS, client="X", on="31/02/2026"), "on:"),
    (lambda: proposals(2000, 1000, SFS_DEBTS.assign(Type=["Mortgage", "Secured loan", "Council tax", "Spaceship"]),
                       client="X", on="2026-11-01"), "debts row 4: Type 'Spaceship' is not a known debt type"),
    (lambda: proposals(2000, 1000, SFS_DEBTS.assign(Balance=[500.0, "lots", 720.0, 1250.0]),
                       client="X", on="2026-11-01"), "debts row 2: Balance 'lots' is not a number"),
    (lambda: proposals(2000, 1000, SFS_DEBTS, client="X", on="2026-11-01", savings=-5), "savings: -5 must be at least 0"),
])
def test_bad_inputs_name_the_argument_row_and_expectation(call, expected):
    with pytest.raises(DebtDeskError) as error:
        call()
    assert expected in str(error.value)


def test_document_names_are_portable():
    assert document_name("C-1", "O2 / Virgin: mobile") == "C-1 O2-Virgin-mobile.docx"
    assert document_name("", "???") == "creditor.docx"


def test_each_letter_is_the_shared_content_model_and_renders_to_docx_and_pdf_saying_the_same():
    import io

    from pdf_text import pages_text

    from debtdesk.workbooks.typeset import letter_pdf
    from debtdesk.workbooks.wordml import letter_docx

    debts = pd.DataFrame({"Name": ["Visa"], "Type": ["Credit card"], "Balance": [3000.0], "Minimum": [120.0],
                          "Arrears": [240.0], "Legal name": ["Columbia River Bank, N.A."]})
    for country, paper, money in (("England", "A4", "£112.50"), ("United States", "Letter", "$112.50")):
        (p,) = letters(_case(1500, 1387.5, debts, country=country))
        letter = p.letter()
        assert letter.paper == paper and letter.recipient[0] == "Columbia River Bank, N.A."
        pdf = "\n".join(pages_text(letter_pdf(letter)))
        word = "\n".join(x.text for x in docx.Document(io.BytesIO(letter_docx(letter))).paragraphs)
        for text in (pdf, word):
            assert f"We therefore offer {money} a month" in " ".join(text.split())
        assert "Total non-priority offers" in " ".join(pdf.split())


def _files(paths):
    """(docx text, PDF text) of each written letter, whitespace made single spaces."""
    from pdf_text import text
    from test_letter_files import docx_text

    return [(" ".join(" ".join(docx_text(p.read_bytes())).split()), text(p.with_suffix(".pdf"))) for p in paths]


def test_a_letter_without_the_creditors_address_says_so_where_the_address_goes(tmp_path):
    """Never a blank address block on a posted letter: the missing address is printed in capitals
    in both files, and the Proposals sheet's "Check before posting" names what to add."""
    from debtdesk.macros.registry import run
    from debtdesk.proposals import NO_ADDRESS
    from debtdesk.workbooks.samples import sample_clients
    from debtdesk.workbooks.template import client_workbook

    client = sample_clients()[0]
    client["debts"][0].pop("Creditor address", None)
    client["debts"][1].pop("Account number", None)
    book = client_workbook(client, documents_dir=tmp_path)
    found = run("creditor_proposals", book)
    paths = sorted(tmp_path.glob("*.docx"))
    assert len(paths) == len(found) == 3
    texts = dict(zip((p.stem for p in paths), _files(paths)))
    for text in texts[f"C-1001 {found[0].creditor.replace(' ', '-')}"]:
        assert f"{found[0].legal_name} {NO_ADDRESS}" in text
    for text in texts[f"C-1001 {found[2].creditor.replace(' ', '-')}"]:
        assert NO_ADDRESS not in text
    ws = book.wb["Proposals"]
    header = [c.value for c in ws[3]]
    checks = [ws.cell(row=r, column=header.index("Check before posting") + 1).value for r in (4, 5, 6)]
    assert checks == ["add the creditor address to the Debts table", "add the account number to the Debts table",
                      None]
    assert any("before posting" in m and found[0].creditor in m for m in book.messages)


def test_a_letter_offering_nothing_asks_to_hold_action_never_to_accept(tmp_path):
    debts = pd.DataFrame({"Name": ["Visa", "Loan"], "Type": ["Credit card", "Personal loan"],
                          "Balance": [900.0, 2400.0], "Minimum": [27.0, 80.0]})
    case = client_case(ClientInputs(ClientDetails(as_of=AS_OF, name="Ann Lee"), 1000, 1100, debts,
                                    settings={"token_payment": 0.0}))
    found = letters(case)
    assert [(p.kind, p.offer) for p in found] == [("Token payment", 0.0)] * 2
    for text in _files(write_proposals(found, tmp_path, "C-9"))[0]:
        assert "cannot offer any payment" in text and "will freeze interest and charges and hold action" in text
        assert "accept" not in text and "£0.00 a month" not in text


def test_the_statement_groups_spending_as_the_sfs_does_and_shows_a_shortfall():
    income = pd.DataFrame({"Source": ["Wages"], "Amount": [1340.0]})
    expenses = pd.DataFrame({"Category": ["Travel", "Rent", "Clothing", "Phone and internet", "Food and housekeeping",
                                          "Childcare", "Water"],
                             "Amount": [55.0, 625.0, 25.0, 30.0, 300.0, 200.0, 40.0]})
    debts = pd.DataFrame({"Name": ["Energy arrears", "Card"], "Type": ["Energy (gas or electricity)", "Credit card"],
                          "Balance": [380.0, 900.0], "Minimum": [80.0, 27.0], "Offer": [80.0, None]})
    (p,) = letters(_case(income, expenses, debts))
    s = p.statement
    groups = s.drop_duplicates("Section")["Section"].tolist()
    assert groups[:7] == ["Income", "Home and contents", "Communications and leisure", "Food and housekeeping",
                          "Personal costs", "Travel", "Other essential costs"]
    assert s.loc[s["Section"] == "Home and contents", "Item"].tolist() == ["Rent", "Water"]
    figures = dict(zip(s["Item"], s["Monthly"]))
    assert figures["Available for priority debts"] == 65.0 and figures["Total priority payments"] == 80.0
    assert figures["Shortfall: priority payments above what is available"] == 15.0
    assert not any(item.startswith("Available") for item in s.loc[s["Section"] == "Savings and fees", "Item"])
    letter = p.letter()
    bold = [letter.appendix[2].rows[i][0] for i in letter.appendix[2].bold_rows]
    assert "Shortfall: priority payments above what is available" in bold and "Savings contribution" not in bold
