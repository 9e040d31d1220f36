"""Placeholder until this module lands."""
__all__ = []
