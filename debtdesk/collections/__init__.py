"""Collections engine: the run's ledger state, ageing, KPIs, worklist, promises, disputes, dunning,
statements and compliance.

Pandas in, pandas out; no Excel. The ``DD_*`` cell functions in ``debtdesk.udfs`` and the
ribbon macros are thin layers over these names. A run builds one
:class:`~debtdesk.collections.state.LedgerState` and every view reads it.
"""

from debtdesk.collections.ageing import (DEFAULT_EDGES, UNALLOCATED, age_bucket, age_days, ageing,
                                         ageing_detail, bucket_labels, ledger_items, read_columns, report_columns)
from debtdesk.collections.compliance import call_windows, contact_check, next_call_day
from debtdesk.collections.contacts import CONTACT_TYPES, contact_log, contact_type
from debtdesk.collections.disputes import open_disputes
from debtdesk.collections.dunning import (DEFAULT_LEVELS, DunningLevel, dunning_charge, dunning_level,
                                          dunning_run, reference_rate)
from debtdesk.collections.kpi import (add, allowance, best_dso, cei, credit_sales, dso, dso_countback, pct_current,
                                      recovery_rates, roll_rates)
from debtdesk.collections.late_payment import late_payment
from debtdesk.collections.promises import arrangement, kept_rate, promise_statuses, ptp_status
from debtdesk.collections.state import LedgerState, ledger_as_of, ledger_state
from debtdesk.collections.statements import statement_lines, statement_summary
from debtdesk.collections.worklist import call_list, worklist

__all__ = [
    "DEFAULT_EDGES", "UNALLOCATED", "age_bucket", "age_days", "ageing", "ageing_detail", "bucket_labels",
    "ledger_items", "read_columns", "report_columns",
    "call_windows", "contact_check", "next_call_day", "CONTACT_TYPES", "contact_log", "contact_type", "open_disputes",
    "DEFAULT_LEVELS", "DunningLevel", "dunning_charge", "dunning_level", "dunning_run", "reference_rate",
    "add", "allowance", "best_dso", "cei", "credit_sales", "dso", "dso_countback", "pct_current", "recovery_rates",
    "roll_rates", "late_payment", "arrangement", "kept_rate", "promise_statuses", "ptp_status",
    "LedgerState", "ledger_as_of", "ledger_state", "statement_lines", "statement_summary", "call_list", "worklist",
]
