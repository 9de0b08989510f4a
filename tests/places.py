"""Where the tests find things on the bundled register's measure sheets: every bundled
measure is a count or a rate, and their sheets share one table of rows (``ROWS``)."""

from __future__ import annotations

from spp_xl.core.register import load_register
from spp_xl.workbook import measure_schema as M

ROWS = M.rows_of(load_register().get("asb"))
