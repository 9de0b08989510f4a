"""The partnership's workbook, ``SPP_Performance.xlsm``: built from source, read back, checked.

``schema`` and ``measure_schema`` describe each sheet once (rows and columns by key, with
their roles); ``layout`` says how sheets are found again; ``build`` writes the workbook
from the schema; ``reader`` reads a (possibly staff-edited) workbook's inputs back into
:class:`spp_xl.core.inputs.Inputs`; ``disagreements`` holds every calculated cell to the
engine. Heavy libraries are imported inside ``spp_xl.files`` only.
"""
