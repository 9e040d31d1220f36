Attribute VB_Name = "DebtDeskRibbon"
' DebtDesk ribbon callback: every button on the DebtDesk tab calls OnAction, which hands
' the pressed button's id to the Python dispatcher (debtdesk.macros.dispatch.run_button).
' RunPython comes from the xlwings module of this add-in.
Option Explicit

Sub OnAction(control As IRibbonControl)
    RunPython "import debtdesk.macros.dispatch as d; d.run_button('" & control.Id & "')"
End Sub
