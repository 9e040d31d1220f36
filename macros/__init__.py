"""DebtDesk ribbon macros, importable as ``debtdesk.macros``."""
