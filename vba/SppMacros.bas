Attribute VB_Name = "SppMacros"
' The workbook's four buttons. Each runs one Python function in spp_xl.excel.macros
' through xlwings' RunPython; all the work happens in Python (see docs/excel.md).
' The names are fixed: the buttons on the workbook's sheets are wired to them.
Option Explicit

Public Sub SppRecalculate()
    RunPython "import spp_xl.excel.macros as m; m.recalculate()"
End Sub

Public Sub SppExport()
    RunPython "import spp_xl.excel.macros as m; m.export()"
End Sub

Public Sub SppCheck()
    RunPython "import spp_xl.excel.macros as m; m.check()"
End Sub

Public Sub SppAddMeasures()
    RunPython "import spp_xl.excel.macros as m; m.add_measures()"
End Sub
