"""Workbook adapters, templates, demo and regeneration, importable as ``debtdesk.workbooks``."""
