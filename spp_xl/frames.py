"""The figures and the summary as pandas DataFrames, for work in a notebook or a script.

pandas is imported only when a frame is asked for: ``import spp_xl`` and the commands never
load it. It comes with the ``frames`` extra: ``pip install "spp_xl[frames]"``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas

FIGURE_COLUMNS = ("measure", "year", "period", "value", "raw", "where")


def figures_frame(source: str | os.PathLike | None = None, register: str | None = None) -> "pandas.DataFrame":
    """The tidy figures of a source, one row a figure, in the source's order.

    Args:
        source: the workbook (``.xlsm``), a tidy CSV, or None for the bundled 2015/16 data,
            as for ``spp-xl``'s SOURCE.
        register: a TOML measure register for a CSV source.

    Returns:
        A DataFrame with the columns ``measure``, ``year`` (``"2015/16"``), ``period``
        (``Apr``..``Mar``, ``Q1``..``Q4``, or ``Year`` for an out-turn), ``value`` (NaN where
        what was typed is not a number), ``raw`` (as typed) and ``where`` (the CSV line or
        the sheet and cell).

    >>> from spp_xl import figures_frame
    >>> figures = figures_frame()
    >>> asb = figures.query("measure == 'asb' and year == '2015/16'")
    >>> dict(zip(asb.period, asb.value)), float(asb.value.sum())
    ({'Apr': 864.0, 'May': 894.0, 'Jun': 769.0}, 2527.0)
    """
    pd = _pandas()
    from .sources import load_inputs

    observations = load_inputs(source, register).dataset.observations
    rows = [(o.measure, o.year.label, o.period, o.value, o.raw, o.where) for o in observations]
    frame = pd.DataFrame(rows, columns=list(FIGURE_COLUMNS))
    return frame.astype({"value": "float64"})


def summary_frame(source: str | os.PathLike | None = None, as_of: str | None = None,
                  register: str | None = None) -> "pandas.DataFrame":
    """Every measure judged at the as-of month, one row a measure (indexed by its id), with
    the columns of ``spp-xl summary --json``; ``frame.attrs["as_of"]`` names the month.

    Args:
        source: as for ``figures_frame``.
        as_of: the month reported to, e.g. ``"2015/16 Jun"``; default: the latest with data.
        register: a TOML measure register for a CSV source.

    Raises:
        DataQualityError: the figures hold errors (as ``spp-xl summary`` refuses them).

    >>> from spp_xl import summary_frame
    >>> summary = summary_frame()
    >>> summary.attrs["as_of"]
    '2015/16 Jun'
    >>> summary.loc["da_referrals", ["ytd_actual", "forecast", "rag", "judgement"]].to_dict()
    {'ytd_actual': 525.0, 'forecast': 2224.0, 'rag': 'red', 'judgement': 'Area of significant concern \
(outside of 15% of performance measure)'}
    """
    pd = _pandas()
    from .core.engine import summarise
    from .sources import load_inputs

    inputs = load_inputs(source, register)
    summary = summarise(inputs.register, inputs.dataset, as_of)
    rows = [{**r.to_json(), "commentary": tuple(r.commentary)} for r in summary.results]
    frame = pd.DataFrame(rows).set_index("id")
    frame.attrs["as_of"] = summary.as_of.label
    return frame


def _pandas():
    try:
        import pandas
    except ImportError:
        raise ImportError('spp_xl\'s DataFrames need pandas: pip install "spp_xl[frames]"') from None
    return pandas
