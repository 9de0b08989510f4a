"""Figures from police.uk street-level files: all crime, serious acquisitive crime, the crime
gap, the neighbourhoods behind it and the family group, computed rather than typed
(``spp-xl police``; docs/police.md).

An adapter over the core: it reads the files (folders or police.uk's zip archives), the
partnership's areas and ONS's LSOA lookup, and returns tidy observations, the
neighbourhoods' figures and a family group; the command puts them into a CSV or a workbook.
"""

from __future__ import annotations

from .archive import StreetFile, street_files
from .areas import Areas, read_areas, read_family
from .family import FAMILY_MEASURE
from .figures import PoliceFigures, buckets, check_inputs, compute, compute_family, computed_measures
from .lookup import Lookup, read_lookup
from .progress import Progress
from .streets import STREET_HEADER, TRANSPORT_POLICE, StreetCounts, count_streets

__all__ = ["Areas", "buckets", "FAMILY_MEASURE", "Lookup", "PoliceFigures", "Progress", "STREET_HEADER", "StreetCounts",
           "StreetFile", "TRANSPORT_POLICE", "check_inputs", "compute", "compute_family", "computed_measures", "count_streets",
           "read_areas", "read_family", "read_lookup", "street_files"]
