"""CLI commands for the program catalog (``img-guide programs ...``).

- ``img-guide programs import FILE.csv [--output PATH] [--force]``: an advisor's spreadsheet to a
  catalog file (default ``content/programs/<csv stem>.yml``), written atomically, never over an
  existing file without ``--force``.
- ``img-guide programs check [PATH] [--as-of DATE]``: validate the catalog (default
  ``content/programs/``) and warn about entries not verified in the 12 months before DATE.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

from .. import catalog
from ..errors import ProjectError, UsageError, display_path
from .common import AS_OF_HELP, EXIT_OK, Add, parse_date, project_of, today
from .console import info

CATALOG_DIR = Path("content") / "programs"


def register(add: Add) -> None:
    """Add ``programs import`` and ``programs check`` to the parser (see cli.build_parser)."""
    p = add(
        "programs", cmd_programs, "the program catalog: import an advisor's spreadsheet, check the catalog"
    )
    actions = p.add_subparsers(dest="programs_action", metavar="ACTION")

    text = "turn a CSV spreadsheet into a catalog file (see content/programs/README.md)"
    imp = actions.add_parser("import", help=text, description=text)
    imp.set_defaults(func=cmd_import)
    imp.add_argument("csv", metavar="FILE.csv", help="the spreadsheet, saved as CSV UTF-8 with a header row")
    imp.add_argument(
        "--output",
        "-o",
        metavar="PATH",
        help="the catalog file to write (default: content/programs/<stem>.yml)",
    )
    imp.add_argument("--force", action="store_true", help="replace the output file if it exists")

    text = "check catalog files and report every problem with its location"
    chk = actions.add_parser("check", help=text, description=text)
    chk.set_defaults(func=cmd_check)
    chk.add_argument(
        "path", nargs="?", metavar="PATH", help="a catalog file or folder (default: content/programs/)"
    )
    chk.add_argument(
        "--as-of",
        type=parse_date,
        metavar="DATE",
        help=AS_OF_HELP + "; entries last verified more than 12 months before it are listed",
    )


def cmd_programs(args: argparse.Namespace) -> int:
    raise UsageError("programs: name an action, import or check (see img-guide programs --help)")


# ---- import ---------------------------------------------------------------------------------
def cmd_import(args: argparse.Namespace) -> int:
    source = Path(args.csv)
    if not source.is_file():
        what = "is a folder, not a CSV file" if source.is_dir() else "no such file"
        raise UsageError(f"{display_path(source)}: {what}")
    output = _output_path(args, source)
    programs = catalog.read_csv(source)
    text = catalog.dump_catalog(
        programs,
        comment=(
            f"Imported from {source.name} by `img-guide programs import` ({len(programs)} programs).\n"
            "Check after editing with: img-guide programs check"
        ),
        schema_ref=_schema_ref(output),
    )
    _write_atomic(output, text, replace=args.force)
    info(f"wrote {display_path(output)}: {_count(len(programs))} from {display_path(source)}")
    return EXIT_OK


def _output_path(args: argparse.Namespace, source: Path) -> Path:
    if args.output:
        output = Path(args.output)
        if not output.parent.is_dir():
            raise UsageError(
                f"{display_path(output)}: the folder {display_path(output.parent)} does not exist"
            )
    else:
        output = project_of(args).root / CATALOG_DIR / f"{source.stem}.yml"
    if output.suffix not in (".yml", ".yaml"):
        raise UsageError(f"{display_path(output)}: a catalog file name ends in .yml")
    if output.is_dir():
        raise UsageError(f"{display_path(output)}: is a folder")
    if output.exists() and not args.force:
        raise UsageError(f"{display_path(output)}: already exists; pass --force to replace it")
    return output


def _schema_ref(output: Path) -> str:
    schema = Path(__file__).resolve().parent.parent / "schema" / catalog.SCHEMA
    try:
        return Path(os.path.relpath(schema, output.resolve().parent)).as_posix()
    except ValueError:  # another drive
        return schema.as_uri()


def _write_atomic(output: Path, text: str, *, replace: bool) -> None:
    """Write ``text`` to a temporary file beside ``output``, then move it into place."""
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = None
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=output.parent, prefix=f".{output.name}.", suffix=".tmp", delete=False
        ) as fh:
            tmp = Path(fh.name)
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if replace:
            os.replace(tmp, output)
        else:
            _link_new(tmp, output)
    except FileExistsError:
        raise UsageError(f"{display_path(output)}: already exists; pass --force to replace it") from None
    except OSError as exc:
        raise ProjectError(f"{display_path(output)}: cannot write: {exc.strerror or exc}") from None
    finally:
        if tmp is not None and tmp.exists():
            tmp.unlink()


def _link_new(tmp: Path, output: Path) -> None:
    """Move ``tmp`` to ``output`` only if ``output`` does not exist (never overwrite)."""
    try:
        os.link(tmp, output)  # atomic, and fails if the file appeared meanwhile
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if output.exists():
            raise FileExistsError(output) from None
        os.replace(tmp, output)


# ---- check ----------------------------------------------------------------------------------
def cmd_check(args: argparse.Namespace) -> int:
    path = Path(args.path) if args.path else project_of(args).root / CATALOG_DIR
    if not path.exists():
        raise UsageError(f"{display_path(path)}: no such file or folder")
    files = catalog.catalog_files(path)
    if not files:
        raise ProjectError(f"{display_path(path)}: no catalog files (*.yml) here")
    programs = catalog.load_catalog(path)
    as_of = args.as_of or today()
    by_track = Counter(p.track for p in programs)
    tracks = ", ".join(f"{by_track[t]} {t}" for t in catalog.TRACKS if by_track[t])
    info(f"{_count(len(programs))} in {len(files)} file{'' if len(files) == 1 else 's'} valid ({tracks})")
    for p in programs:
        if catalog.is_stale(p, as_of):
            print(
                f"{p.file}:{p.line}:1: warning: '{p.name}' was last verified on {p.last_verified.isoformat()}, "
                f"more than 12 months before {as_of.isoformat()}",
                file=sys.stderr,
            )
    return EXIT_OK


def _count(n: int) -> str:
    return f"{n} program{'' if n == 1 else 's'}"
