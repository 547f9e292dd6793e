"""What every command shares: exit codes, dates, finding the project, the progress display.

Errors become user messages in ``cli.main`` and nowhere else. Exit status: 0 success, 1 invalid
input or a failed build, 2 a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from ..project import Project, find_project

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

Command = Callable[[argparse.Namespace], int]
Add = Callable[[str, Command, str], argparse.ArgumentParser]
Progress = Callable[[str, int, int], None]

AS_OF_HELP = "the date the engine reasons from, YYYY-MM-DD (default: today)"


def parse_date(text: str) -> date:
    try:
        day = date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date as YYYY-MM-DD")
    if not 1980 <= day.year <= 2100:  # zip archives cannot date a file before 1980
        raise argparse.ArgumentTypeError(f"'{text}' is not a date between 1980-01-01 and 2100-12-31")
    return day


def today() -> date:
    """The one place the tool reads the clock: the default for --as-of."""
    return date.today()


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]  # usage errors: exit 2, no traceback
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def project_of(args: argparse.Namespace) -> Project:
    """The project named by --project, or the one holding the working folder."""
    return find_project(Path(args.project)) if args.project else find_project()


def progress_printer(stream: Any = None) -> Progress:
    """A progress bar on a terminal, plain lines otherwise."""
    stream = stream or sys.stderr
    tty = hasattr(stream, "isatty") and stream.isatty()
    last: dict[str, int] = {}

    def show(stage: str, done: int, total: int) -> None:
        if tty:
            width = 30
            filled = int(width * done / total) if total else width
            stream.write(f"\r{stage:<11} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            if done >= total:
                stream.write("\n")
            stream.flush()
        elif done in (0, total) and last.get(stage) != done:
            stream.write(f"{stage}: {done}/{total}\n")
            last[stage] = done

    return show
