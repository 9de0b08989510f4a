"""The Excel binding: custom functions, the button macros and the workbook's VBA.

``udfs`` (the custom functions), ``macros`` (Recalculate, Export, Check), ``vba``
(every VBA module the workbook carries), ``vba_project`` (the ``vbaProject.bin`` made
of them) and ``doctor`` (is this laptop set up?). Each imports xlwings itself; the
calculation core never does.
"""
