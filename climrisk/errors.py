"""Errors a user can fix, kept apart from programming errors.

The CLI prints a ``UserError`` as plain text and exits non-zero, with no traceback; anything
else is a bug and stays loud.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass


class UserError(Exception):
    """An error in the user's input: a message that says what, where and how to fix it."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One problem in one input file, in the ``path:line:col: field: message`` form.

    Editors and CI annotators understand this form, so a problem is clickable. ``line`` and
    ``col`` are 1-based and ``None`` for a problem with a whole file (a missing file); an empty
    ``field`` is left out. ``hint`` says how to fix it and is printed on the next line.
    """

    path: str
    line: int | None
    col: int | None
    field: str
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        text = f"{where}: {self.field}: " if self.field else f"{where}: "
        text += self.message
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class RegisterError(UserError):
    """Every problem found in a register, collected so an analyst fixes them in one pass."""

    exit_code = 1

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(
            problems, key=lambda p: (p.path, p.line or 0, p.col or 0, p.field, p.message)
        )
        n = len(self.problems)
        header = f"{n} problem{'s' if n != 1 else ''} in the register:"
        super().__init__("\n".join([header, *map(str, self.problems)]))


class InputWarning(UserWarning):
    """A value that is legal but suspicious: printed in the build log, never fatal."""


def warn_input(problem: Problem) -> None:
    """Report a suspicious input value, located like a problem; the CLI prints it as
    ``warning: path:line:col: field: message``."""
    warnings.warn(InputWarning(str(problem)), stacklevel=2)
