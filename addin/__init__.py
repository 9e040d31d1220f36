"""The DebtDesk.xlam add-in: ribbon XML, VBA callback and the builder.

>>> from debtdesk.addin import build_addin, ribbon_xml
"""

from debtdesk.addin.build import build_addin
from debtdesk.addin.ribbon import ribbon_xml

__all__ = ["build_addin", "ribbon_xml"]
