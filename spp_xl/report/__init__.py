"""The quarterly board report.

``build_report`` turns the engine's Summary and the Inputs into a plain description
(``spec``); ``write_xlsx`` lays that description out on sheets and writes them;
``export_report`` does both, writing atomically, and optionally converts to PDF through
LibreOffice::

    from spp_xl.report import export_report
    from spp_xl.sources import load_inputs
    result = export_report(load_inputs(), output="exports/report.xlsx")   # the bundled data
"""

from .build import build_report, file_label, long_date, period_covered
from .export import ExportResult, default_output, export_report
from .spec import Report

__all__ = ["ExportResult", "Report", "build_report", "default_output", "export_report", "file_label",
           "long_date", "period_covered"]
