"""spp_xl: the Safer Plymouth Partnership's performance workbook, engine and board report.

The public surface::

    from spp_xl import load_register, read_csv, summarise, run_checks
    summary = summarise(load_register(), read_csv(), as_of="2015/16 Jun")

and, with pandas (``pip install "spp_xl[frames]"``), the same as DataFrames::

    from spp_xl import figures_frame, summary_frame
    figures = figures_frame("workbook/SPP_Performance.xlsm")   # tidy: measure, year, period, value...
    summary = summary_frame("workbook/SPP_Performance.xlsm")   # one row a measure
"""

from .core.arithmetic import crime_gap, straight_profile, seasonal_profile
from .core.checks import Finding, run_checks
from .core.dataset import Dataset, Observation, read_csv
from .core.engine import MeasureResult, Summary, summarise
from .core.errors import DataQualityError, InputError, RegisterError, SppError
from .core.periods import AsOf, FinancialYear
from .core.register import Measure, Register, load_register
from .frames import figures_frame, summary_frame

__version__ = "0.1.0"

__all__ = [
    "AsOf", "DataQualityError", "Dataset", "FinancialYear", "Finding", "InputError", "Measure",
    "MeasureResult", "Observation", "Register", "RegisterError", "SppError", "Summary",
    "crime_gap", "figures_frame", "load_register", "read_csv", "run_checks", "seasonal_profile",
    "straight_profile", "summarise", "summary_frame",
]
