"""Collections engine: ageing, KPIs, worklist, promises, disputes, dunning, compliance.

Pandas in, pandas out; no Excel. The ``DD_*`` cell functions in ``debtdesk.udfs`` and the
ribbon macros are thin layers over these names.
"""

from debtdesk.collections.ageing import (DEFAULT_EDGES, UNALLOCATED, age_bucket, age_days, ageing,
                                         ageing_detail, bucket_labels)
from debtdesk.collections.compliance import contact_check, next_call_day
from debtdesk.collections.disputes import disputed, open_disputes
from debtdesk.collections.dunning import (DEFAULT_LEVELS, DunningLevel, dunning_charge, dunning_level,
                                          dunning_run)
from debtdesk.collections.kpi import add, allowance, best_dso, cei, dso, dso_countback, pct_current, roll_rates
from debtdesk.collections.late_payment import late_payment
from debtdesk.collections.promises import arrangement, kept_rate, promise_statuses, ptp_status
from debtdesk.collections.worklist import worklist

__all__ = [
    "DEFAULT_EDGES", "UNALLOCATED", "age_bucket", "age_days", "ageing", "ageing_detail", "bucket_labels",
    "contact_check", "next_call_day", "disputed", "open_disputes",
    "DEFAULT_LEVELS", "DunningLevel", "dunning_charge", "dunning_level", "dunning_run",
    "add", "allowance", "best_dso", "cei", "dso", "dso_countback", "pct_current", "roll_rates", "late_payment",
    "arrangement", "kept_rate", "promise_statuses", "ptp_status", "worklist",
]
