"""A debtor's legal form decides the letter of claim: the Pre-Action Protocol for Debt Claims for an
individual (a sole trader included, 30 days, para 3.4), the Practice Direction – Pre-Action Conduct
for a company (14 days, para 6(b)); unreadable or contradictory forms are refused naming the row."""

from datetime import date, timedelta

import pandas as pd
import pytest

from debtdesk.collections import DunningLevel, dunning_run, ledger_state
from debtdesk.collections.dunning import DEFAULT_LEVELS, check_levels
from debtdesk.collections.legal_form import legal_form
from debtdesk.errors import DebtDeskError
from debtdesk.macros.dunning import unstated_forms

AS_OF = date(2024, 6, 30)
RATES = pd.DataFrame({"In force from": ["2023-08-03"], "Bank Rate": [0.0525]})
CLAIM = 5  # the default levels' letter of claim


@pytest.mark.parametrize("text, form", [
    ("Ltd", "company"), ("Limited company", "company"), ("PLC", "company"), ("L.L.P.", "company"),
    ("Limited Liability Partnership", "company"), ("Inc.", "company"), ("company limited by guarantee", "company"),
    ("Sole Trader", "individual"), ("self-employed", "individual"), ("Partnership of individuals", "individual"),
    ("  individual ", "individual"), (None, ""), ("", ""),
])
def test_legal_forms_are_read_in_their_common_names(text, form):
    assert legal_form(text) == form


def customers(*forms, header: str = "Legal form", regime: str = "commercial") -> pd.DataFrame:
    return pd.DataFrame({"Customer": [f"C{i}" for i in range(1, len(forms) + 1)], "Regime": [regime] * len(forms),
                         header: list(forms)})


def ledger(*names: str, days: int = 70) -> pd.DataFrame:
    due = AS_OF - timedelta(days=days)
    return pd.DataFrame({"Customer": list(names), "Invoice": [f"{n}-1" for n in names],
                         "Invoice Date": [due - timedelta(days=30)] * len(names), "Due Date": [due] * len(names),
                         "Amount": [1200.0] * len(names)})


def after_phone_call(*names: str) -> pd.DataFrame:
    """The dunning history of accounts whose phone level (4) was 10 days ago: the letter of claim is next."""
    return pd.DataFrame({"Customer": list(names), "Invoice": [f"{n}-1" for n in names], "Level": [4] * len(names),
                         "Sent on": [AS_OF - timedelta(days=10)] * len(names)})


def test_a_company_gets_14_days_and_an_individual_or_unstated_form_30():
    state = ledger_state(ledger("C1", "C2", "C3"), AS_OF, customers=customers("Ltd", "Sole trader", None))
    notices = dunning_run(state, 0.0, reference_rates=RATES, history=after_phone_call("C1", "C2", "C3")).notices
    got = notices.set_index("Customer")[["Legal form", "Letter", "Pay by", "Status"]]
    assert got.loc["C1"].tolist() == ["company", "Letter of claim", date(2024, 7, 14),
                                      "Send: Letter of claim (Practice Direction – Pre-Action Conduct and Protocols: "
                                      "14 days to reply)"]
    assert got.loc["C2"].tolist() == ["individual", "Letter of claim", date(2024, 7, 30),
                                      "Send: Letter of claim (Pre-Action Protocol for Debt Claims: 30 days to reply)"]
    assert got.loc["C3", "Legal form"] == "" and got.loc["C3", "Pay by"] == date(2024, 7, 30)  # the Protocol's
    assert unstated_forms(notices) == [
        "Legal form not given for C3: the letter of claim follows the Pre-Action Protocol for Debt Claims, as for an "
        "individual (30 days to reply, Information Sheet and Reply Form). For a company, give Legal form company in "
        "Customers: its letter then follows the Practice Direction – Pre-Action Conduct (14 days)."]


def test_a_consumer_is_an_individual_and_a_customer_missing_from_customers_keeps_its_regime_s_default():
    state = ledger_state(ledger("C1", "Z"), AS_OF, customers=customers(None, regime="consumer"))
    assert state.accounts.set_index("Customer")["Legal form"].to_dict() == {"C1": "individual", "Z": ""}
    alone = ledger_state(ledger("Z"), AS_OF, default_regime="consumer")
    assert alone.accounts["Legal form"].tolist() == ["individual"]


def test_legal_action_waits_the_reply_time_the_letter_of_claim_gave():
    claimed = pd.DataFrame({"Customer": ["C1", "C2"], "Invoice": ["C1-1", "C2-1"], "Level": [CLAIM, CLAIM],
                            "Sent on": [AS_OF - timedelta(days=20)] * 2})
    state = ledger_state(ledger("C1", "C2", days=120), AS_OF, customers=customers("PLC", "individual"))
    status = dunning_run(state, 0.0, reference_rates=RATES, history=claimed).notices.set_index("Customer")["Status"]
    assert status["C1"] == "Refer for legal action: no reply within 14 days of the letter of claim of 2024-06-10"
    assert status["C2"] == "Wait: Refer for legal action from 2024-07-10"  # 30 days after 10 June


@pytest.mark.parametrize("form, regime, message", [
    ("Partnership", "commercial", "Customers row 2: Legal form 'Partnership' is ambiguous: a partnership may be an LLP "
                                  "(a company) or partners who are individuals; write company (Ltd, PLC, LLP, ...) or "
                                  "individual (a person, a sole trader, a partnership of individuals)"),
    ("Business", "commercial", "Customers row 2: Legal form 'Business' is ambiguous: a business may be a sole trader "
                               "(an individual) or a company"),
    ("Charity", "commercial", "Customers row 2: Legal form 'Charity' is not a legal form DebtDesk knows; write company"),
    ("Ltd", "consumer", "Customers row 2: Legal form 'Ltd' is a company, but Regime is consumer (a consumer is an "
                        "individual): correct one of the two"),
])
def test_unreadable_or_contradictory_legal_forms_are_refused_naming_the_row(form, regime, message):
    table = customers("company", form).assign(Regime=["commercial", regime])  # the second data row
    with pytest.raises(DebtDeskError) as refused:
        ledger_state(ledger("C1", "C2"), AS_OF, customers=table)
    assert str(refused.value).startswith(message)


def test_the_legal_form_column_is_found_by_its_synonyms():
    state = ledger_state(ledger("C1"), AS_OF, customers=customers("LLP", header="Entity type"))
    assert state.accounts["Legal form"].tolist() == ["company"]


def test_a_letter_of_claim_giving_an_individual_under_30_days_is_refused():
    short = [l if l.channel != "claim" else DunningLevel(l.level, l.min_days, "claim", 0.0, 7, 21, l.name)
             for l in DEFAULT_LEVELS]
    with pytest.raises(DebtDeskError, match=r"^levels row 5: Pay within 21 is too short for a letter of claim: an "
                                            r"individual has at least 30 days to reply \(Pre-Action Protocol for Debt "
                                            r"Claims, para 3.4\)$"):
        check_levels(short)
