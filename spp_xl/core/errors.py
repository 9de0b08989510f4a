"""Errors that reach the analyst as one line naming where the problem is, and lists of
findings kept to what a screen can show."""

from __future__ import annotations

import re

SCREENFUL = 40   # lines of findings printed at most; the rest are counted
OF_A_KIND = 10   # findings printed of any one kind (the same message but for its figures and places)
_FIGURES = re.compile(r"'[^']*'|\[[^\]]*\]|\d[\d,.]*")


def capped(lines: list[str], more: str = "") -> list[str]:
    """``lines`` (findings, one a line) as many as a screen shows: at most ``OF_A_KIND`` of one
    kind and ``SCREENFUL`` in all, then one line counting the rest (and ``more``: where they
    all are). A file of 100,000 duplicated lines prints a screenful, not 100,000 lines.

    >>> capped([f"ERROR: asb: entered twice [line {i}]" for i in range(12)])[-1]
    '... and 2 more like these'
    """
    shown, kinds, hidden = [], {}, 0
    for line in lines:
        kind = _FIGURES.sub("#", line)
        kinds[kind] = kinds.get(kind, 0) + 1
        if kinds[kind] <= OF_A_KIND and len(shown) < SCREENFUL:
            shown.append(line)
        else:
            hidden += 1
    if hidden:
        shown.append(f"... and {hidden:,} more like these{more}")
    return shown


def listing(lines: list[str], more: str = "") -> str:
    """``lines`` as the indented list under a message's first line, as many as a screen shows
    (``capped``): each bad line of a file, each data error, each thing ``--force`` would lose.

    >>> print(listing(["line 2: is blank", "line 3: is blank"]))
      line 2: is blank
      line 3: is blank
    """
    return "\n".join(f"  {line}" for line in capped(lines, more))


_TOML_AT = re.compile(r"^(?P<what>.*) \(at (?:line (?P<line>\d+), column (?P<column>\d+)|end of document)\)$")


def toml_problem(exc: Exception, text: str) -> str:
    """A TOML file's syntax error (``tomllib.TOMLDecodeError``) as a located message: the line
    and column, and for a key given twice (a line uncommented beside the one it was to replace)
    the key and both lines.

    >>> import tomllib
    >>> text = 'status = "developing"\\n# status = "active"\\nstatus = "active"\\n'
    >>> try:
    ...     tomllib.loads(text)
    ... except tomllib.TOMLDecodeError as exc:
    ...     print(toml_problem(exc, text))
    line 3: field 'status' is given twice (also line 1): keep one (uncommenting a line leaves the line it was to replace)
    """
    found = _TOML_AT.match(str(exc))
    if found is None:
        return f"is not valid TOML: {exc}"
    what = found["what"][:1].lower() + found["what"][1:]
    if found["line"] is None:
        return f"is not valid TOML: {what} at the end of the file"
    number, lines = int(found["line"]), text.splitlines()
    line = lines[number - 1] if number <= len(lines) else ""
    key = line.split("=", 1)[0].strip() if "=" in line else ""
    if what == "cannot overwrite a value" and key:
        earlier = None
        for k in range(number - 2, -1, -1):  # back to the start of its table
            if lines[k].strip().startswith("["):
                break
            if "=" in lines[k] and lines[k].split("=", 1)[0].strip() == key:
                earlier = k + 1
                break
        also = f" (also line {earlier})" if earlier else ""
        return (f"line {number}: field {key!r} is given twice{also}: keep one (uncommenting a line leaves the line it "
                "was to replace)")
    return f"line {number}, column {found['column']}: is not valid TOML: {what}"


class SppError(Exception):
    """Base of every error spp_xl reports to a user; ``exit_code`` is the CLI's."""

    exit_code = 2

    def __init__(self, message: str, where: str | None = None):
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class InputError(SppError):
    """A file, argument or value that cannot be read as given (exit 2)."""


class RegisterError(InputError):
    """A measure register entry (or a template) that is missing or has a bad field;
    ``field`` names the field, so that a reader can point at its cell."""

    def __init__(self, message: str, where: str | None = None, field: str | None = None):
        super().__init__(message, where)
        self.field = field


class DataError(SppError):
    """Figures that cannot be made from the data as they stand (exit 1): the message says
    which data and what to do (police files whose rows an areas file cannot place, a run
    that gives no figure at all)."""

    exit_code = 1


class DataQualityError(SppError):
    """The data hold errors (duplicates, negative counts...) that stop a report (exit 1)."""

    exit_code = 1

    def __init__(self, findings):
        self.findings = list(findings)
        errors = [f for f in self.findings if f.severity == "error"]
        if len(errors) == 1:  # one problem, one line (it names the file and the cell or line)
            super().__init__(f"1 data error(s) stop the report; fix it and run again: {errors[0].describe()}")
            return
        lines = listing([f.describe() for f in errors], " ('spp-xl check' lists them all)")
        super().__init__(f"{len(errors)} data error(s) stop the report; fix them and run again:\n{lines}")
