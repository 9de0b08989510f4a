"""The Excel binding: custom functions, the button macros and the workbook's VBA.

``udfs`` (the custom functions), ``macros`` (Recalculate, Export, Check), ``vba``
(every VBA module the workbook carries), ``vba_project`` (the ``vbaProject.bin`` made
of them) and ``doctor`` (is this laptop set up?). Each imports xlwings itself; the
calculation core never does.
"""


def build_workbook(inputs, path, force: bool = False):
    """The partnership's macro-enabled workbook: ``spp_xl.workbook.build.build_workbook`` with its VBA
    project (the buttons' macros and the custom functions' wrappers), made to match its sheets."""
    from ..workbook.build import build_workbook as build
    from .vba_project import workbook_project

    return build(inputs, path, force, vba=workbook_project)
