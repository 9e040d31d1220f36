"""The DebtDesk ribbon tab as customUI XML, generated from the macro registry.

The XML uses the Office 2010+ ribbon namespace (``customui14``, 2009/07); its package
part is ``customUI/customUI14.xml``, reached from the package's root relationships by
:data:`RELATIONSHIP_TYPE`. Every button calls the one VBA callback :data:`CALLBACK`
(``DebtDesk.bas``), which passes the pressed control's id to
:func:`debtdesk.macros.dispatch.run_button`, so a control id is a registry button id.
"""

from __future__ import annotations

from typing import Sequence
from xml.etree import ElementTree as ET

from debtdesk.errors import DebtDeskError
from debtdesk.macros.registry import BUTTONS, GROUPS, Button

#: Ribbon namespace of Office 2010 and later (Excel for Windows and for Mac).
NAMESPACE = "http://schemas.microsoft.com/office/2009/07/customui"
#: Package part the XML goes to, and the relationship type that points at it.
PART = "customUI/customUI14.xml"
RELATIONSHIP_TYPE = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
#: The VBA standard module holding the callback (its ``Attribute VB_Name`` in DebtDesk.bas).
CALLBACK_MODULE = "DebtDeskRibbon"
#: What every button's ``onAction`` names: ``Sub OnAction(control As IRibbonControl)``.
CALLBACK = f"{CALLBACK_MODULE}.OnAction"
TAB_ID = "DebtDeskTab"
TAB_LABEL = "DebtDesk"


def ribbon_xml(buttons: Sequence[Button] = BUTTONS, groups: Sequence[str] = GROUPS) -> str:
    """The customUI XML of the DebtDesk tab: one group per name, one large button per ``Button``.

    Groups appear in the order given, buttons in their order within a group. Each button
    shows its label, its ``imageMso`` icon, and a screentip (the label) with a supertip
    (the button's tip); its ``onAction`` is :data:`CALLBACK`.

    Parameters
    ----------
    buttons : sequence of Button
        Ribbon buttons (default: the registry's :data:`~debtdesk.macros.registry.BUTTONS`).
    groups : sequence of str
        Group labels in display order (default: :data:`~debtdesk.macros.registry.GROUPS`).

    Returns
    -------
    str
        The XML document, with declaration, UTF-8.

    Raises
    ------
    DebtDeskError
        A button names a group that is not in ``groups``, two buttons share an id, a
        group has no buttons, or a group is listed twice.

    Examples
    --------
    >>> xml = ribbon_xml()
    >>> xml.count("<button "), xml.count('onAction="DebtDeskRibbon.OnAction"')
    (14, 14)
    >>> 'label="Build plan"' in xml
    True
    """
    _check(buttons, groups)
    ET.register_namespace("", NAMESPACE)
    root = ET.Element(_q("customUI"))
    tabs = ET.SubElement(ET.SubElement(root, _q("ribbon")), _q("tabs"))
    tab = ET.SubElement(tabs, _q("tab"), id=TAB_ID, label=TAB_LABEL)
    for name in groups:
        group = ET.SubElement(tab, _q("group"), id=group_id(name), label=name)
        for b in (b for b in buttons if b.group == name):
            ET.SubElement(group, _q("button"), {
                "id": b.id, "label": b.label, "size": "large", "imageMso": b.image,
                "screentip": b.label, "supertip": b.tip, "onAction": CALLBACK,
            })
    ET.indent(root)
    return _DECLARATION + ET.tostring(root, encoding="unicode") + "\n"


def group_id(name: str) -> str:
    """The ribbon id of a group, distinct from every button id.

    >>> group_id("Collections")
    'DebtDeskCollections'
    """
    return "DebtDesk" + "".join(name.split())


_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _q(tag: str) -> str:
    """``tag`` qualified with the ribbon namespace, as ElementTree spells it."""
    return f"{{{NAMESPACE}}}{tag}"


def _check(buttons: Sequence[Button], groups: Sequence[str]) -> None:
    if len(set(groups)) != len(groups):
        raise DebtDeskError("groups", f"each group is listed once (got {', '.join(groups)})")
    seen: set[str] = set()
    for row, b in enumerate(buttons, start=1):
        if b.group not in groups:
            raise DebtDeskError("buttons", f"button {b.id!r} is in group {b.group!r}, expected one of {', '.join(groups)}", row=row)
        if b.id in seen:
            raise DebtDeskError("buttons", f"button id {b.id!r} is used twice; ids must be unique", row=row)
        seen.add(b.id)
    empty = [g for g in groups if not any(b.group == g for b in buttons)]
    if empty:
        raise DebtDeskError("groups", f"group {empty[0]!r} has no buttons; every group needs at least one")
