"""``img-guide pdf APPLICANT``: one applicant's report as a PDF (see ``share.pdf``)."""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import replace
from pathlib import Path

from ..errors import ProjectError, UsageError, display_path
from ..inputs.profiles import load_profiles
from ..project import Project
from ..report.pages import calendar_salt
from ..share import pdf
from ..share.links import load_secret, profile_token
from ..site.mkbuild import build_one
from ..site.paths import PDFS
from ..site.specs import one_report
from .common import AS_OF_HELP, Add, parse_date, project_of, today
from .console import info


def _built_report(site_dir: Path, project: Project, pid: str) -> Path:
    """The folder of ``pid``'s report in a site built by ``img-guide build``."""
    profiles = {p.id: p for p in load_profiles([project.profiles_dir])}
    if pid not in profiles:
        raise UsageError(f"no applicant '{pid}' (one of: {', '.join(sorted(profiles))})")
    candidates = [site_dir / "local" / "applicants" / pid, site_dir / "applicants" / pid]
    secret = load_secret(project.root)
    if secret:
        candidates.insert(0, site_dir / "public" / "r" / profile_token(secret, profiles[pid]))
    for folder in candidates:
        if (folder / pdf.PAGES[0]).is_file():
            return folder
    raise ProjectError(
        f"no built report of '{pid}' in {display_path(site_dir)}: run `img-guide build` first, "
        "or leave out --site-dir to build the report for the PDF"
    )


def cmd_pdf(args: argparse.Namespace) -> int:
    project = project_of(args)
    pid = args.applicant
    output = Path(args.output) if args.output else project.site_dir / PDFS / f"{pid}-report.pdf"
    if output.suffix.lower() != ".pdf":
        raise UsageError(f"--output must name a .pdf file (got '{args.output}')")
    if not args.output:  # inside the git-ignored site folder, outside what is published
        output.parent.mkdir(parents=True, exist_ok=True)
    if not output.resolve().parent.is_dir():
        raise UsageError(f"the folder of --output does not exist: {display_path(output.resolve().parent)}")
    if args.site_dir and args.as_of:
        raise UsageError("--as-of builds the report afresh; it cannot be combined with --site-dir")
    pdf.check_tools()
    if args.site_dir:
        folder = _built_report(Path(args.site_dir).resolve(), project, pid)
        pages = pdf.print_report(folder, output.resolve())
    else:
        as_of = args.as_of or today()
        with tempfile.TemporaryDirectory(prefix="img-guide-pdf-") as work:
            salt = calendar_salt(project.docs_dir, load_secret(project.root))
            spec = one_report(project, pid, as_of, Path(work), salt)
            folder = Path(work) / "site" / pid
            build_one(project, replace(spec, offline=False), folder, as_of)
            pages = pdf.print_report(folder, output.resolve())
    info(f"Wrote {display_path(output)} ({pages} page{'' if pages == 1 else 's'})")
    return 0


def register(add: Add) -> None:
    """Add the ``pdf`` subcommand."""
    p = add("pdf", cmd_pdf, "print one applicant's report to a PDF with headless Chromium")
    p.add_argument("applicant", metavar="APPLICANT", help="the applicant id (the profile's file name)")
    p.add_argument(
        "--output",
        metavar="FILE.pdf",
        help="where to write it (default: site/pdf/APPLICANT-report.pdf, which builds keep and never publish)",
    )
    p.add_argument("--as-of", type=parse_date, metavar="DATE", help=AS_OF_HELP + "; builds the report afresh")
    p.add_argument(
        "--site-dir",
        metavar="DIR",
        help="print the report already built there by `img-guide build` instead of building it",
    )
