"""Plausible later quarters of 2015/16 made from the bundled data, for tests beyond the seed.

Each measure's missing periods of 2015/16 follow last year's figures for the same period,
scaled by how this year compares with last year so far, with a small deterministic wobble:
the kind of year a partnership actually has. The lagging measure (serious acquisitive
crime, a month behind in the seed) stays a month behind.
"""

from __future__ import annotations

from spp_xl.core.dataset import Dataset, Observation, read_csv
from spp_xl.core.periods import AsOf
from spp_xl.core.register import Register

LAGGING = {"sac": 1}  # months behind the report


def year_to(register: Register, as_of: str, lag: dict | None = None) -> Dataset:
    """The bundled figures, extended through ``as_of`` (e.g. ``"2015/16 Sep"``)."""
    lag = LAGGING if lag is None else lag
    point = AsOf.parse(as_of)
    base = read_csv()
    year, last = register.year, register.year.previous()
    observations = list(base.observations)
    for m in register:
        if m.is_developing:
            continue
        now, before = base.series(m.id, year), base.series(m.id, last)
        if not now or not all(p in before for p in m.periods):
            continue
        end = AsOf(year, max(point.month_index - lag.get(m.id, 0), 0)).index_for(m.frequency)
        typed = [p for p in m.periods if p in now]
        ratio = now[typed[-1]] / before[typed[-1]]
        step = 10 ** -m.precision
        value = now[typed[-1]]
        for k in range(m.periods.index(typed[-1]) + 1, end + 1):
            p = m.periods[k]
            wobble = 1 + 0.03 * ((k * 7) % 5 - 2) / 2  # -3% .. +3%, the same every run
            if m.entry == "ytd":
                grown = (before[p] - before[m.periods[k - 1]]) * ratio * wobble
                value = round(value + max(grown, step), m.precision)
            else:
                value = round(before[p] * ratio * wobble, m.precision)
            observations.append(Observation(m.id, year, p, float(value), f"synthetic {p}", str(value)))
    return Dataset(observations, f"bundled data extended to {as_of}")
