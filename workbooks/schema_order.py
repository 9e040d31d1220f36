"""openpyxl writes a font's child elements in an order the Open XML schema does not allow.

The SpreadsheetML schema lists a ``<font>``'s children as b, i, strike, condense, extend,
outline, shadow, u, vertAlign, sz, color, name, family, charset, scheme, and the Open XML
SDK's validator (the one Excel's own "repair" logic follows) holds a file to that order.
openpyxl 3.1 writes ``name`` and ``family`` first, so every workbook it saves fails
validation on its very first font. Reading does not depend on the order, so fixing the
order openpyxl serialises in, once on import, makes every stylesheet we write valid.

>>> from openpyxl.styles.fonts import Font
>>> Font.__elements__[:3], Font.__elements__[-3:]
(('b', 'i', 'strike'), ('family', 'charset', 'scheme'))
"""

from __future__ import annotations

from openpyxl.styles.fonts import Font

#: CT_Font's children in schema order.
FONT_ORDER = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz", "color",
              "name", "family", "charset", "scheme")

if set(FONT_ORDER) != set(Font.__elements__):  # a new openpyxl: check its order before relying on ours
    raise ImportError("openpyxl's Font elements changed; review debtdesk.workbooks.schema_order.FONT_ORDER")
Font.__elements__ = FONT_ORDER
