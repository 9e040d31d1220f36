"""DebtDesk's Excel cell functions (``DD_*``), importable as ``debtdesk.udfs``.

Point xlwings' "UDF Modules" setting at ``debtdesk.udfs`` and "Import Python UDFs"
registers every function below under the "DebtDesk" category.
"""

from debtdesk.udfs.loans import *  # noqa: F401,F403
from debtdesk.udfs.payoff import *  # noqa: F401,F403
from debtdesk.udfs.client import *  # noqa: F401,F403
from debtdesk.udfs.collections import *  # noqa: F401,F403
