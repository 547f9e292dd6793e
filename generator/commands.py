"""Site commands of the CLI (build, links, bundle, ...), registered beside validate/explain."""

from __future__ import annotations


def register(add, as_of_help: str) -> None:  # noqa: ANN001 - argparse plumbing
    """Add the site-building subcommands to the parser (see cli.build_parser)."""
