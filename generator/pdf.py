"""``img-guide pdf APPLICANT``: a PDF of one report, printed by headless Chromium."""

from __future__ import annotations


def register(add, as_of_help: str) -> None:  # noqa: ANN001 - argparse plumbing
    """Add the ``pdf`` subcommand."""
