"""DebtDesk engine: debt-management and collections arithmetic with no Excel dependency.

The engine takes and returns plain Python values and pandas objects. Excel lives in the
``debtdesk.udfs``, ``debtdesk.macros``, ``debtdesk.workbooks`` and ``debtdesk.addin`` layers.
"""

__version__ = "0.1.0"
