"""The partnership's workbook, ``SPP_Performance.xlsm``: built from source, read back.

``layout`` says where everything is; ``build`` writes the workbook; ``reader`` reads a
(possibly staff-edited) workbook's inputs back into :class:`spp_xl.sources.Inputs`.
Heavy libraries are imported inside those modules only.
"""

from __future__ import annotations

__all__ = ["build_workbook", "read_workbook"]


def build_workbook(inputs, path, force=False, vba=None):
    """See :func:`spp_xl.workbook.build.build_workbook`."""
    from .build import build_workbook as build

    return build(inputs, path, force, vba)


def read_workbook(path, register_path=None):
    """See :func:`spp_xl.workbook.reader.read_workbook`."""
    from .reader import read_workbook as read

    return read(path, register_path)
