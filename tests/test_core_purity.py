"""The calculation core imports no Excel library: it runs anywhere, fast."""

import subprocess
import sys

CORE = ["spp_xl", "spp_xl.core.engine", "spp_xl.core.checks", "spp_xl.core.commentary", "spp_xl.core.arithmetic",
        "spp_xl.core.register", "spp_xl.core.dataset", "spp_xl.core.periods", "spp_xl.core.framework", "spp_xl.sources"]


def test_the_core_imports_no_excel_library():
    code = (f"import sys\nfor m in {CORE!r}: __import__(m)\n"
            "from spp_xl import summarise, load_register, read_csv\n"
            "summarise(load_register(), read_csv())\n"
            "bad = [m for m in ('xlwings', 'openpyxl', 'xlsxwriter', 'python_calamine', 'pandas') if m in sys.modules]\n"
            "print(','.join(bad))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
