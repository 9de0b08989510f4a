"""spp_xl: the Safer Plymouth Partnership's performance workbook, engine and board report.

The public surface::

    from spp_xl import load_register, read_csv, summarise, run_checks
    summary = summarise(load_register(), read_csv(), as_of="2015/16 Jun")
"""

from .arithmetic import crime_gap, straight_profile, seasonal_profile
from .checks import Finding, run_checks
from .dataset import Dataset, Observation, read_csv
from .engine import MeasureResult, Summary, summarise
from .errors import DataQualityError, InputError, RegisterError, SppError
from .periods import AsOf, FinancialYear
from .register import Measure, Register, load_register

__version__ = "0.1.0"

__all__ = [
    "AsOf", "DataQualityError", "Dataset", "FinancialYear", "Finding", "InputError", "Measure",
    "MeasureResult", "Observation", "Register", "RegisterError", "SppError", "Summary",
    "crime_gap", "load_register", "read_csv", "run_checks", "seasonal_profile", "straight_profile",
    "summarise",
]
