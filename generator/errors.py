"""The error hierarchy. Only the CLI edge turns these into messages and exit codes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# Characters that would let input text move the cursor or split a problem over lines.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in an input file: ``file:line:col: field: message``."""

    file: str
    line: int
    col: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return one_line(text)  # one problem, one line


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters written as escapes (``\\n``)."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group(0))[1:-1], text)


class ImgGuideError(Exception):
    """Base class of every error the tool reports to a user (never as a traceback)."""

    exit_code = 1


class UsageError(ImgGuideError):
    """The command line itself is wrong (exit status 2)."""

    exit_code = 2


class InputError(ImgGuideError):
    """One or more located problems in user input (profiles, catalogs, content)."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type, tuple[list[Problem]]]:  # crosses process boundaries whole
        return (type(self), (self.problems,))


class ProjectError(ImgGuideError):
    """The project folder is missing something the tool needs."""


class BuildError(ImgGuideError):
    """A site could not be built (MkDocs reported errors or warnings in strict mode)."""


class LockedError(ImgGuideError):
    """Another build of the same project is running."""


def display_path(path: Path | str) -> str:
    """A path as the user should see it: relative to the working folder when possible."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


# A private report's token: 32 base64url characters (see ``share.links``). Applicant ids are
# lowercase, so a 32-character run with a capital letter, or after ``r/``, is taken as a token.
_TOKEN = re.compile(
    r"(?<![A-Za-z0-9_-])(?:(?<=r/)|(?<=r\\)|(?=[A-Za-z0-9_-]*[A-Z]))[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])"
)


def scrub(message: str) -> str:
    """A message fit to print: every private link token replaced (the README's promise)."""
    return _TOKEN.sub("[private link]", message)
