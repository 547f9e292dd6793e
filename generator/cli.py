"""The ``img-guide`` command: a thin layer over the library.

Errors become user messages here and nowhere else. Exit status: 0 success, 1 invalid input
or a failed build, 2 a usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from . import __version__
from .engine import Decision, decide
from .errors import ImgGuideError
from .profiles import load_profiles
from .project import Project, find_project
from .render import top_actions

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def parse_date(text: str) -> date:
    try:
        day = date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date as YYYY-MM-DD")
    if not 1950 <= day.year <= 2100:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date between 1950 and 2100")
    return day


def today() -> date:
    """The one place the tool reads the clock: the default for --as-of."""
    return date.today()


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors: message and exit 2, no traceback
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _project(args: argparse.Namespace) -> Project:
    return find_project(Path(args.project)) if args.project else find_project()


# ---------------------------------------------------------------------------------------------
def cmd_validate(args: argparse.Namespace) -> int:
    project = _project(args)
    paths = [Path(p) for p in args.paths] or [project.profiles_dir]
    profiles = load_profiles(paths)
    book = project.rulebook
    for p in profiles:  # a valid profile must also be decidable
        decide(p, book, args.as_of or today())
    print(f"{len(profiles)} profile{'' if len(profiles) == 1 else 's'} valid")
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    project = _project(args)
    profiles = load_profiles([Path(p) for p in args.profiles])
    as_of = args.as_of or today()
    decisions = [decide(p, project.rulebook, as_of) for p in profiles]
    if args.json:
        data = [d.to_json() for d in decisions]
        print(json.dumps(data[0] if len(data) == 1 else data, indent=2, ensure_ascii=False))
    else:
        priority = project.site_settings["action_priority"]
        print("\n\n".join(summary(d, priority) for d in decisions))
    return EXIT_OK


def summary(d: Decision, priority: list[str]) -> str:
    """A readable account of one decision for the terminal."""
    f = d.facts
    lines = [f"{d.profile.id} (as of {d.as_of.isoformat()})"]
    lines.append(f"  scenario:  {d.scenario}: {d.get(d.scenario).reason}")
    stage = ", ".join(x.rule.id for x in d.with_prefix("STAGE-"))
    lines.append(f"  stage:     {stage}; {f['years_since_graduation']} years since graduation")
    lines.append(f"  cycle:     {d.cycle}")
    lines.append(f"  failures:  {f['failures']}")
    for track, band in d.bands.items():
        none = (
            f"no band: Step 2 CK {f['step2_score']} is under the pass mark of {f['step2_passing']}"
            if f["step2_failed_latest"]
            else "no Step 2 CK score yet"
        )
        shown = f"{band} (Step 2 CK {f['step2_score']})" if band else none
        lines.append(f"  band:      {track}: {shown}")
    ready = d.group("readiness")
    lines.append(
        "  readiness: " + (", ".join(x.rule.id for x in ready) if ready else "no exam ahead to be ready for")
    )
    lines.append("  most important actions:")
    for item in top_actions(d, priority, 5):
        lines.append(f"    - [{item.rule.id}] {item.advice}")
        lines.append(f"      because {item.reason}")
    lines.append(f"  rules fired: {len(d.fired)}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="img-guide",
        description="Residency strategy reports for international medical graduates.",
        epilog="Exit status: 0 success, 1 invalid input or failed build, 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=f"img-guide {__version__}")
    parser.add_argument("--project", metavar="DIR", help="the project folder (default: found from here)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name: str, func: Callable[[argparse.Namespace], int], help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(func=func)
        return p

    as_of_help = "the date the engine reasons from, YYYY-MM-DD (default: today)"
    p = add("validate", cmd_validate, "check profiles and report every problem with its location")
    p.add_argument("paths", nargs="*", metavar="PATH", help="profile files or folders (default: profiles/)")
    p.add_argument("--as-of", type=parse_date, metavar="DATE", help=as_of_help)

    p = add("explain", cmd_explain, "show the engine's decision for profiles, rule by rule")
    p.add_argument("profiles", nargs="+", metavar="PROFILE", help="profile files or folders")
    p.add_argument("--json", action="store_true", help="print JSON (one object, or an array for several)")
    p.add_argument("--as-of", type=parse_date, metavar="DATE", help=as_of_help)

    from .commands import register

    register(add, as_of_help)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.func(args)
    except ImgGuideError as exc:
        print(str(exc) if str(exc) else type(exc).__name__, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the last resort: a bug of ours, told plainly rather than as a traceback
        if os.environ.get("IMG_GUIDE_DEBUG"):
            raise
        print(
            f"img-guide: unexpected error: {type(exc).__name__}: {exc}\n"
            "This is a bug in img-guide; please report it (set IMG_GUIDE_DEBUG=1 for the details).",
            file=sys.stderr,
        )
        return EXIT_INVALID
    except SystemExit as exc:  # MkDocs signals some failures this way
        if isinstance(exc.code, int) or exc.code is None:
            raise
        print(f"img-guide: {exc.code}", file=sys.stderr)
        return EXIT_INVALID


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
