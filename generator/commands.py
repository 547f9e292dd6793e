"""Site commands of the CLI (build, ...), registered beside validate/explain."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import catalog_cli, pdf
from .errors import display_path


def cmd_build(args: argparse.Namespace) -> int:
    from .cli import _project, today
    from .sites import build_sites

    project = _project(args)
    as_of = args.as_of or today()
    site_dir = Path(args.site_dir).resolve() if args.site_dir else project.site_dir
    publish = set(args.publish_reports) if args.publish_reports else None
    gen, specs = build_sites(project, as_of, site_dir, publish)
    shown = display_path(site_dir)
    print(f"Built {len(specs)} sites as of {as_of.isoformat()} in {shown}/:")
    for spec in specs:
        print(f"  {spec.kind:<9} {shown}/{spec.out.as_posix()}/index.html")
    print(f"Open {shown}/index.html in a browser, or run: python3 -m http.server -d {shown}")
    return 0


def register(add, as_of_help: str) -> None:  # noqa: ANN001 - argparse plumbing
    """Add the site-building and catalog subcommands to the parser (see cli.build_parser)."""
    from .cli import parse_date

    p = add("build", cmd_build, "validate, write the reports into docs/ and build every site")
    p.add_argument("--as-of", type=parse_date, metavar="DATE", help=as_of_help)
    p.add_argument("--site-dir", metavar="DIR", help="where to write the sites (default: site/)")
    p.add_argument(
        "--publish-reports",
        action="append",
        metavar="COHORT",
        help="include this cohort's reports in its cohort site (opt-in; repeatable; "
        "default: the plugin's publish_reports in mkdocs.yml)",
    )
    catalog_cli.register(add, as_of_help)
    pdf.register(add, as_of_help)
