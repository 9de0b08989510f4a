"""Render a workbook as LibreOffice prints it, to look at: a PDF and one PNG a page.

    python scripts/render.py FILE.xlsx [OUTDIR]

Every formula is recalculated on load (a custom function shows #VALUE!, as LibreOffice cannot
run it). OUTDIR (default: a new temporary folder) receives FILE.pdf and page-1.png,
page-2.png...; their paths are printed. Needs LibreOffice and poppler's pdftoppm (make
system-packages installs both); without them it says so in one line (exit 2).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def main(argv: list[str]) -> int:
    if not argv or len(argv) > 2 or argv[0] in ("-h", "--help"):
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    from spp_xl.core.errors import SppError
    from spp_xl.files.libreoffice import convert

    source = Path(argv[0])
    out = Path(argv[1]) if len(argv) > 1 else Path(tempfile.mkdtemp(prefix="render_"))
    if not source.is_file():
        print(f"render: {source}: file not found", file=sys.stderr)
        return 2
    if shutil.which("pdftoppm") is None:
        print("render: pdftoppm is not installed: make system-packages installs poppler-utils", file=sys.stderr)
        return 2
    try:
        pdf = convert(source, "pdf", out, recalculate=True)
    except SppError as exc:
        print(f"render: {exc}", file=sys.stderr)
        return 2
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(out / "page")], check=True)
    print(pdf)
    for page in sorted(out.glob("page*.png")):
        print(page)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
