"""spp_xl: the Safer Plymouth Partnership's performance workbook, engine and board report.

The public surface::

    from spp_xl import load_register, read_csv, summarise, run_checks
    summary = summarise(load_register(), read_csv(), as_of="2015/16 Jun")

and, with pandas (``pip install "spp_xl[frames]"``), the same as DataFrames::

    from spp_xl import figures_frame, summary_frame
    figures = figures_frame("workbook/SPP_Performance.xlsm")   # tidy: measure, year, period, value...
    summary = summary_frame("workbook/SPP_Performance.xlsm")   # one row a measure
"""

# Where each public name lives. They are imported when first used (PEP 562), so that the
# command line, which imports this package first, starts in a few milliseconds: a Ctrl-C
# in its first moments is then answered by the command line, not by a traceback.
_PUBLIC = {
    "crime_gap": "core.arithmetic", "straight_profile": "core.arithmetic", "seasonal_profile": "core.arithmetic",
    "Finding": "core.checks", "run_checks": "core.checks",
    "Dataset": "core.dataset", "Observation": "core.dataset", "read_csv": "core.dataset",
    "MeasureResult": "core.engine", "Summary": "core.engine", "summarise": "core.engine",
    "DataQualityError": "core.errors", "InputError": "core.errors", "RegisterError": "core.errors",
    "SppError": "core.errors",
    "AsOf": "core.periods", "FinancialYear": "core.periods",
    "Measure": "core.register", "Register": "core.register", "load_register": "core.register",
    "figures_frame": "frames", "summary_frame": "frames",
}


def __getattr__(name: str):
    if name not in _PUBLIC:
        raise AttributeError(f"module 'spp_xl' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{_PUBLIC[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_PUBLIC))


__version__ = "0.1.0"

__all__ = [
    "AsOf", "DataQualityError", "Dataset", "FinancialYear", "Finding", "InputError", "Measure",
    "MeasureResult", "Observation", "Register", "RegisterError", "SppError", "Summary",
    "crime_gap", "figures_frame", "load_register", "read_csv", "run_checks", "seasonal_profile",
    "straight_profile", "summarise", "summary_frame",
]
