r"""Tell Excel which Python runs the workbook's buttons and custom functions: writes the line
"INTERPRETER_WIN","<this Python's pythonw.exe>" into this laptop's own xlwings settings file
(%USERPROFILE%\.xlwings\xlwings.conf; INTERPRETER_MAC on a Mac), keeping its other lines.
A different Python already named there is replaced only when you say so (or with --yes).
The release folder's install.cmd runs it after installing spp_xl, then spp-xl doctor.
Exit status 0 when the line is in place, 1 when you kept another Python, 2 when it cannot be
written (no Excel on this platform, a path Excel's VBA cannot read, a file that cannot be written).
"""

from __future__ import annotations

EXAMPLES = """examples:
  spp-xl setup-excel
  spp-xl setup-excel --yes
"""


def add_arguments(parser) -> None:
    parser.add_argument("--interpreter", metavar="PATH",
                        help="the Python to name (default: pythonw.exe beside this Python on Windows)")
    parser.add_argument("--yes", action="store_true", help="replace another Python already named, without asking")


def run(args) -> int:
    from ..excel.machine import Machine, command_line
    from ..excel.setup import plan, write

    machine = Machine.current()
    setting = plan(machine, args.interpreter)
    if setting.unchanged:
        print(f"{setting.path} already tells Excel to start {setting.interpreter}: nothing to change.")
        return 0
    if setting.current and not args.yes and not _agreed(setting):
        print(f"Kept {setting.path} as it was: Excel will still start {setting.current_interpreter}. "
              f"Run {command_line(machine, 'setup-excel --yes')} to name this Python instead.")
        return 1
    write(setting)
    done = "replaced" if setting.current else "wrote"
    print(f"{done.capitalize()} {setting.line} in {setting.path}: Excel will start {setting.interpreter} "
          "for the workbook's buttons and custom functions.")
    doctor = command_line(machine, "doctor path\\to\\SPP_Performance.xlsm")
    print(f"Next: {doctor} checks the rest.")
    return 0


def _agreed(setting) -> bool:
    """Asks before another Python's line is replaced; no answer (no console) is a no."""
    print(f"{setting.path} tells Excel to start another Python: {setting.current_interpreter}")
    try:
        answer = input(f"Replace it with {setting.interpreter}? [y/N] ")
    except EOFError:
        print()
        return False
    return answer.strip().lower() in ("y", "yes")
