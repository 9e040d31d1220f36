"""Every docstring example in the package runs and shows what it says (house style)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import debtdesk


PACKAGES = ("debtdesk", "debtdesk.udfs", "debtdesk.macros", "debtdesk.workbooks", "debtdesk.addin")


def _modules():
    """Every module of the distribution, the mapped top-level folders included."""
    names = set()
    for package in PACKAGES:
        names.add(package)
        path = importlib.import_module(package).__path__
        names.update(info.name for info in pkgutil.walk_packages(path, package + "."))
    return sorted(names)


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
