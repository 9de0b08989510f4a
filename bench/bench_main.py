"""Benchmark 1: the main job on the bundled workbook against LibreOffice.

The main job is a whole process: read the workbook, compute, write the board report.
The baseline is what someone without Excel would otherwise automate: LibreOffice
headless converting the same workbook to .xlsx with every formula recalculated.
The two run alternately; the figure is the ratio of their best times.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from measure import ROOT, alternate, run_cli, run_command

WORKBOOK = ROOT / "workbook" / "SPP_Performance.xlsm"


def main(rounds: int = 5) -> list[str]:
    from spp_xl.files.libreoffice import soffice, write_profile

    exe = soffice()
    if exe is None:
        return ["1. Main job against LibreOffice: LibreOffice is not installed (make system-packages)"]
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        profile = write_profile(work / "profile", recalculate=True)
        report = work / "report.xlsx"

        def ours():
            return run_cli(["export", str(WORKBOOK), "-o", str(report), "--force"])["wall"]

        def libreoffice():
            return run_command([exe, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                                "--convert-to", "xlsx", "--outdir", str(work / "lo"), str(WORKBOOK)])

        libreoffice()  # the first start of a profile writes it: not part of the comparison
        t_ours, t_lo = alternate(ours, libreoffice, rounds)
    return [
        "1. Main job on the bundled workbook (read, compute, write the report), whole process, best of "
        f"{rounds} alternating runs",
        f"   spp-xl export            {t_ours:6.2f} s",
        f"   LibreOffice recalculate  {t_lo:6.2f} s",
        f"   ratio                    {t_lo / t_ours:6.1f} x faster than LibreOffice (goal: at least 5 x)",
    ]


if __name__ == "__main__":
    print("\n".join(main()))
