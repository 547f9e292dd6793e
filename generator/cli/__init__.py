"""The ``img-guide`` command: a thin layer over the library.

Each command group lives in its own module (``profiles``, ``site``, ``programs``, ``pdf``, ``init``) and
registers its subcommands here. Errors become user messages here and nowhere else; exit codes
and the helpers every command shares are in ``common``.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence

from .. import __version__
from ..errors import ImgGuideError, display_path, scrub
from . import init, pdf, profiles, programs, site
from .common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, Command, Parser
from .console import set_level


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="img-guide",
        description="Residency strategy reports for international medical graduates.",
        epilog="Exit status: 0 success, 1 invalid input or failed build, 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=f"img-guide {__version__}")
    parser.add_argument("--project", metavar="DIR", help="the project folder (default: found from here)")
    noise = parser.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true", help="print only results and errors")
    noise.add_argument(
        "-v", "--verbose", action="store_true", help="print more detail (and tracebacks of bugs)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def add(name: str, func: Command, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(func=func)
        return p

    for group in (profiles, site, programs, pdf, init):
        group.register(add)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    set_level(quiet=args.quiet, verbose=args.verbose)
    try:
        return args.func(args)
    except ImgGuideError as exc:
        print(scrub(str(exc) if str(exc) else type(exc).__name__), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # the file system refused: say which file and why, not "a bug"
        where = f" {display_path(exc.filename)}" if exc.filename else ""
        print(scrub(f"img-guide: cannot use{where}: {exc.strerror or exc}"), file=sys.stderr)
        return EXIT_INVALID
    except Exception as exc:  # the last resort: a bug of ours, told plainly rather than as a traceback
        if os.environ.get("IMG_GUIDE_DEBUG"):
            raise
        if args.verbose:
            print(scrub(traceback.format_exc()), file=sys.stderr, end="")
        print(
            scrub(f"img-guide: unexpected error: {type(exc).__name__}: {exc}\n")
            + "This is a bug in img-guide; please report it (set IMG_GUIDE_DEBUG=1 for the details).",
            file=sys.stderr,
        )
        return EXIT_INVALID
    except SystemExit as exc:  # MkDocs signals some failures this way
        if isinstance(exc.code, int) or exc.code is None:
            raise
        print(scrub(f"img-guide: {exc.code}"), file=sys.stderr)
        return EXIT_INVALID


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
