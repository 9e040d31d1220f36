"""DebtDesk ribbon macros, importable as ``debtdesk.macros``.

Importing the package binds every implemented macro to its ribbon button
(:mod:`debtdesk.macros.registry`).
"""

from debtdesk.macros import ageing, assess, payments, plan, proposals, strategies, workbook  # noqa: F401  (registers the macros)
from debtdesk.macros import contacts, dunning, kpis, promises, worklist  # noqa: F401  (Collections group)
