"""Figures from police.uk street-level files: all crime, serious acquisitive crime, the crime
gap and the family group, computed rather than typed (``spp-xl police``; docs/police.md).

An adapter over the core: it reads the files and the partnership's areas and returns tidy
observations and a family group; the command puts them into a CSV or a workbook.
"""

from __future__ import annotations

from .areas import Areas, read_areas, read_family
from .figures import FAMILY_MEASURE, PoliceFigures, check_inputs, compute, computed_measures
from .progress import Progress
from .streets import STREET_HEADER, StreetCounts, count_streets, street_files

__all__ = ["Areas", "FAMILY_MEASURE", "PoliceFigures", "Progress", "STREET_HEADER", "StreetCounts", "check_inputs", "compute",
           "computed_measures", "count_streets", "read_areas", "read_family", "street_files"]
