"""How often the checks query a plausible figure, and whether they catch planted typos.

    python bench/bench_checks.py [TRIALS]        (also: python bench/run.py 6)

Plausible years: for each of the seed's eight live measures, last year and this year are
made from the seed's own 2014/15 figures (their real seasonal shape) times a level for
the year (uniform 0.85 to 1.15) times noise for each period (log-normal, 10%; 15% for the
rough variant), and counts are then drawn as Poisson counts of that mean; year-to-date
measures are typed as running totals, rates to their precision. The checks run on each
pair of years exactly as on an analyst's figures.

False queries: every figure of the two years that a finding names (a finding about a
whole year, such as "spread evenly", names all of that year's figures), over all figures.
Planted typos: one a trial, on a figure of this year chosen at random among those it can
apply to; caught when an ERROR names that figure (or, for a year-to-date measure, the next
one, which the typed figure also makes).
"""

from __future__ import annotations

import dataclasses
import math
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from spp_xl.core import arithmetic as ar  # noqa: E402
from spp_xl.core.checks import run_checks  # noqa: E402
from spp_xl.core.dataset import Dataset, Observation, read_csv  # noqa: E402
from spp_xl.core.framework import framework  # noqa: E402
from spp_xl.core.register import Register, load_register  # noqa: E402

TRIALS = 400
LEVEL = (0.85, 1.15)


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (normal approximation above 50, Knuth's method below)."""
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while p > limit:
        k += 1
        p *= rng.random()
    return k - 1


def shapes(register: Register) -> dict:
    """Each live measure's 2014/15 period figures from the bundled data: the shape to vary."""
    data, last = read_csv(), register.year.previous()
    out = {}
    for m in register:
        if m.is_developing:
            continue
        series = data.series(m.id, last)
        out[m] = ar.as_entered([series.get(p) for p in m.periods], m.entry)[0]
    return out


def make_year(rng: random.Random, measure, base: list, noise: float) -> list:
    """One plausible year of a measure, as typed (year to date for a ytd measure)."""
    level = rng.uniform(*LEVEL)
    means = [v * level * math.exp(rng.gauss(0, noise)) for v in base]
    if measure.unit == "count":
        periods = [float(_poisson(rng, mu)) for mu in means]
    else:
        periods = [round(mu, 1) for mu in means]
    if measure.entry == "ytd":
        return [round(v, measure.precision) for v in ar.cumulative(periods)]
    return periods


def _swap_leading(value: float) -> float | None:
    text = str(int(value))
    if len(text) != 4 or text[0] == text[1] or value != int(value):
        return None
    return float(text[1] + text[0] + text[2:])


def _swap_any(rng: random.Random, value: float) -> float | None:
    text = str(int(value))
    pairs = [i for i in range(3) if text[i] != text[i + 1]] if len(text) == 4 and value == int(value) else []
    if not pairs:
        return None
    i = rng.choice(pairs)
    return float(text[:i] + text[i + 1] + text[i] + text[i + 2:])


def _typo(kind: str, rng: random.Random, measure, typed: list, k: int):
    """The figure typed in place of ``typed[k]`` (None when the typo cannot apply to it)."""
    value, ytd = typed[k], measure.entry == "ytd"
    if kind == "x10":
        return value * 10
    if kind.startswith("/10"):
        small = kind.endswith("under 20)")
        if measure.unit != "count":
            return None if small else round(value / 10, measure.precision)
        if not 10 <= value < 20 if small else value < 20:
            return None
        return float(int(value) // 10)  # the last digit dropped
    if kind.startswith("transposed"):
        if kind.endswith("any pair)"):
            return _swap_any(rng, value)
        return _swap_leading(value) if ytd == kind.endswith("running total)") else None
    if kind == "negative":
        return -value if value else None
    if kind == "falling year to date":  # the month's own figure typed in the year-to-date row
        own = typed[k] - typed[k - 1] if ytd and k > 0 else None
        return own if own is not None and own < typed[k - 1] else None
    return value  # duplicate: the same figure entered twice


TYPOS = ("x10", "/10 (20 and over)", "transposed (period figure)", "transposed (running total)", "negative",
         "duplicate", "falling year to date", "whole year x100", "whole year x1,000")
HARD = ("/10 (under 20)", "transposed (any pair)")  # shown apart: what the checks cannot all see, and why


def observations(register: Register, years: dict) -> list[Observation]:
    obs = []
    for (measure, year), typed in years.items():
        obs += [Observation(measure.id, year, p, v, f"{measure.id} {p}") for p, v in zip(measure.periods, typed)]
    return obs


def queried(findings, register: Register, severity: str | None = None) -> set:
    named = set()
    for f in findings:
        if severity and f.severity != severity:
            continue
        if f.measure not in register or f.year is None:
            continue
        periods = [f.period] if f.period else register.get(f.measure).periods
        named |= {(f.measure, f.year, p) for p in periods}
    return named


def trial(rng: random.Random, register: Register, base: dict, noise: float, fw, typo: str | None):
    """(figures, figures queried, typo applied?, typo caught?) for one synthetic pair of years."""
    this, last = register.year, register.year.previous()
    years = {(m, y): make_year(rng, m, shape, noise) for m, shape in base.items() for y in (last, this)}
    obs = observations(register, years)
    applied = caught = False
    if typo and typo.startswith("whole year"):  # every figure of one measure's year in another unit
        m = rng.choice(list(base))
        factor = float(typo.rsplit("x", 1)[1].replace(",", ""))
        obs = [dataclasses.replace(o, value=o.value * factor) if (o.measure, o.year) == (m.id, this) else o
               for o in obs]
        findings = run_checks(register, Dataset(obs), fw)
        caught = any(f.severity == "error" and f.measure == m.id and f.year == this.label for f in findings)
        return 0, 0, True, caught or f"{m.id} {this.label} x{factor:g}: {years[(m, this)]}, last year " \
                                     f"{years[(m, last)]}"
    if typo:
        candidates = [(m, k) for m in base for k in range(len(m.periods))]
        rng.shuffle(candidates)
        for m, k in candidates:
            typed = years[(m, this)]
            new = _typo(typo, rng, m, typed, k)
            if new is None or new == typed[k] and typo != "duplicate":
                continue
            spot = next(i for i, o in enumerate(obs) if (o.measure, o.year, o.period) == (m.id, this, m.periods[k]))
            planted = dataclasses.replace(obs[spot], value=new)
            obs = obs[:spot] + [planted] + obs[spot + 1:] + ([planted] if typo == "duplicate" else [])
            applied, target = True, (m, k)
            break
    findings = run_checks(register, Dataset(obs), fw)
    if applied:
        m, k = target
        periods = {m.periods[k]} | ({m.periods[k + 1]} if m.entry == "ytd" and k + 1 < len(m.periods) else set())
        caught = any(f.severity == "error" and f.measure == m.id and f.year == this.label and f.period in periods
                     for f in findings)
        typed = years[(m, this)]
        return 0, 0, applied, caught or f"{m.id} {m.periods[k]} {typed[k]:g} typed {new:g}: {typed}, last year " \
                                        f"{years[(m, last)]}"
    return len(obs), (len(queried(findings, register)), len(queried(findings, register, "error"))), applied, caught


def measure(trials: int, noise: float, fw, seed: int = 2015) -> dict:
    register = Register(load_register().year, tuple(m for m in load_register() if not m.is_developing))
    base = shapes(register)
    rng = random.Random(seed)
    figures = flagged = errors = 0
    for _ in range(trials):
        n, (q, e), _, _ = trial(rng, register, base, noise, fw, None)
        figures, flagged, errors = figures + n, flagged + q, errors + e
    caught, missed = {}, []
    for typo in TYPOS + HARD:
        hits = tries = 0
        for _ in range(trials):
            _, _, applied, got = trial(rng, register, base, noise, fw, typo)
            tries += applied
            hits += got is True
            if isinstance(got, str):
                missed.append(f"{typo}: {got}")
        caught[typo] = (hits, tries)
    return {"figures": figures, "queried": flagged, "errors": errors, "caught": caught, "missed": missed}


def table(trials: int = TRIALS) -> list[str]:
    """The measured table (Markdown), for the README."""
    fw = framework()
    runs = {noise: measure(trials, noise, fw) for noise in (0.10, 0.15)}
    lines = [f"{trials} synthetic pairs of years for each column; thresholds from templates/judgement.toml "
             f"(outlier_ratio {fw.outlier_ratio:g}, outlier_noise {fw.outlier_noise:g}, lag_drop {fw.lag_drop:g}, "
             f"transposed_off {fw.transposed_off:g}, transposed_fit {fw.transposed_fit:g})", "",
             "| | " + " | ".join(f"noise {n:.0%}" for n in runs) + " |", "| --- |" + " --- |" * len(runs)]
    cells = []
    for got in runs.values():
        rate = got["queried"] / got["figures"]
        cells.append(f"{got['queried']} of {got['figures']:,} ({rate:.2%}, 1 in {1 / rate:,.0f})" if rate
                     else f"0 of {got['figures']:,}")
    lines.append("| plausible figures queried | " + " | ".join(cells) + " |")
    lines.append("| ... of them as errors (stopping the report until confirmed) | "
                 + " | ".join(f"{got['errors']} ({got['errors'] / got['figures']:.2%})" for got in runs.values()) + " |")
    for typo in TYPOS + HARD:
        label = f"planted {typo} caught" + (" (shown apart)" if typo in HARD else "")
        lines.append(f"| {label} | " + " | ".join("{}/{}".format(*got["caught"][typo]) for got in runs.values())
                     + " |")
    return lines


def missed(trials: int = TRIALS, noise: float = 0.10) -> list[str]:
    """Every planted typo the checks missed, with its year: what to look at when tuning."""
    return measure(trials, noise, framework())["missed"]


def main() -> list[str]:
    return ["", "6. Data checks: plausible figures queried and planted typos caught", *table()]


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--missed"]
    count = int(arguments[0]) if arguments else TRIALS
    print("\n".join(missed(count) if "--missed" in sys.argv else table(count)))
