"""Errors that reach the analyst as one line naming where the problem is."""

from __future__ import annotations


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
        lines = "\n".join(f"  {f.describe()}" for f in errors)
        super().__init__(f"{len(errors)} data error(s) stop the report; fix them and run again:\n{lines}")
