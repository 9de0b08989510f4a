"""The ``spp-xl`` command line.

Each command lives in its own module under ``spp_xl.commands`` with
``add_arguments(parser)`` and ``run(args) -> int``; modules import heavy libraries
inside ``run`` so that a command pays only for what it uses.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__
from .core.errors import SppError

# (command, module, one-line help), in the order ``spp-xl --help`` lists them.
COMMANDS = (
    ("summary", "spp_xl.commands.summary", "judge every measure and print the results"),
    ("check", "spp_xl.commands.check", "list the data-quality findings"),
    ("export", "spp_xl.commands.export", "write the quarterly board report (.xlsx, and .pdf with --pdf)"),
    ("build-workbook", "spp_xl.commands.build_workbook", "build the partnership's workbook (.xlsm) from source"),
    ("data", "spp_xl.commands.data", "write a workbook's figures as a tidy CSV"),
    ("add-measure", "spp_xl.commands.add_measure", "add a measure (table row and sheet) to a new copy of a workbook"),
    ("new-year", "spp_xl.commands.new_year", "start the next financial year: a new workbook, this year as last year, new targets"),
    ("police", "spp_xl.commands.police", "compute all crime, SAC, the crime gap and the family group from police.uk files"),
    ("setup-excel", "spp_xl.commands.setup_excel", "tell Excel which Python runs the workbook's buttons (xlwings.conf)"),
    ("doctor", "spp_xl.commands.doctor", "check this computer is ready for the workbook's buttons and custom functions"),
)

EXIT_UNEXPECTED = 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="spp-xl",
        description="Safer Plymouth Partnership performance: judgements, checks and the board report.",
    )
    parser.add_argument("--debug", action="store_true", help="show the full traceback on an error")
    parser.add_argument("--version", action="version", version=f"spp-xl {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name, module_name, help_text in COMMANDS:
        module = importlib.import_module(module_name)
        command = sub.add_parser(name, help=help_text, formatter_class=argparse.RawDescriptionHelpFormatter,
                                 **help_texts(module))
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                             help="show the full traceback on an error")
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def help_texts(module) -> dict:
    """A command's ``--help`` texts: its docstring's paragraphs, each reflowed to the console's
    width, and its ``EXAMPLES`` kept line for line, as they are typed (a shell's continuation
    backslash must end its line, which reflowing would move into the middle of one)."""
    import shutil
    import textwrap

    width = max(min(shutil.get_terminal_size().columns, 100) - 2, 40)
    paragraphs = [" ".join(p.split()) for p in (module.__doc__ or "").strip().split("\n\n")]
    return {"description": "\n\n".join(textwrap.fill(p, width) for p in paragraphs if p),
            "epilog": getattr(module, "EXAMPLES", None)}


def console_safe(streams=None) -> None:
    """Characters a stream cannot encode are replaced ('?'), never a UnicodeEncodeError: a Windows
    console or redirected output is often cp1252, and a CSV or a title may hold any character."""
    for stream in streams if streams is not None else (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError, OSError):
            pass  # no text stream to reconfigure (closed, or replaced by an embedding)


def unexpected(exc: Exception, argv: list[str] | None) -> int:
    """The last guard's line, its traceback kept in the log the line names (exit 3)."""
    from .files.failures import record_failure, where_logged

    command = " ".join(["spp-xl", *(sys.argv[1:] if argv is None else argv)])
    logged = record_failure(command, exc)
    print(f"spp-xl: unexpected error: {type(exc).__name__}: {exc} ({where_logged(logged)}; "
          "run again with --debug to see them here)", file=sys.stderr)
    return EXIT_UNEXPECTED


def main(argv: list[str] | None = None) -> int:
    console_safe()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except SppError as exc:
        if args.debug:
            raise
        print(f"spp-xl: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        # The reader of our output went away (`spp-xl data book.xlsm | head`): not a fault.
        # Point stdout at devnull so that Python's own flush at exit stays quiet.
        import os

        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass  # stdout is no file descriptor (embedded, or under a test's capture)
        return 0
    except KeyboardInterrupt:
        print("spp-xl: interrupted; nothing was written", file=sys.stderr)
        return 130
    except Exception as exc:  # the last guard: a traceback helps no analyst, but goes to the log
        if args.debug:
            raise
        return unexpected(exc, argv)


if __name__ == "__main__":
    sys.exit(main())
