"""``img-guide pdf APPLICANT``: a PDF of one report, printed by headless Chromium.

The four report pages (overview, study plan, narrative guidance, program tiers) become one PDF,
in that order, each starting on a new page. Chromium prints them with the sites' own print
styles (``assets/stylesheets/img-guide.css``: no navigation, charts kept, no figure or table row
split across pages), in the light scheme, with page numbers in the footer.

Where the pages come from:

- by default the report is built afresh, as of ``--as-of`` (default: today), into a temporary
  folder, as ``img-guide bundle`` does (this writes the applicant's pages under ``docs/``, like
  every build); ``site/`` is not touched;
- with ``--site-dir DIR`` the report already built there by ``img-guide build`` is printed
  (``DIR/local/applicants/<id>/``, or ``DIR/public/r/<token>/`` when a link secret is set); when
  it is missing the command says to run ``img-guide build`` first.

Chromium is Debian's ``/usr/bin/chromium`` driven by Playwright; without either, the command
exits with status 1 and says what to install.
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from . import console
from .errors import ImgGuideError, ProjectError, UsageError, display_path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PAGES = ("index.html", "study-plan.html", "narrative.html", "program-tiers.html")
FOOTER = (
    '<div style="width:100%;font-size:8px;color:#555;text-align:center;">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)
# Append the article of every later page to the first one, each part on a new page, and open
# collapsed details (except the charts' data tables, which print as the charts themselves).
_COMBINE = """parts => {
  const article = document.querySelector("article.md-content__inner") || document.querySelector("article");
  for (const html of parts) {
    const part = document.createElement("section");
    part.className = "img-print-part";
    part.innerHTML = html;
    article.appendChild(part);
  }
  for (const d of document.querySelectorAll("details:not(.img-chart__data)")) d.open = true;
}"""
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


class PdfError(ImgGuideError):
    """The PDF could not be made: Chromium or Playwright is missing, or printing failed (exit 1)."""


def check_tools() -> None:
    """Fail early, with what to install, when Chromium or Playwright is missing."""
    missing = []
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        missing.append(f"Chromium at {CHROMIUM}: install it with `apt-get install chromium` (as root)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the Playwright Python package: install it with `pip install playwright`")
    if missing:
        raise PdfError(
            "img-guide pdf prints with headless Chromium, and this machine lacks:\n"
            + "\n".join(f"  - {m}" for m in missing)
        )


def count_pages(data: bytes) -> int:
    """The number of page objects in a PDF (Chromium writes them uncompressed)."""
    return len(_PAGE.findall(data))


def print_report(folder: Path, output: Path) -> int:
    """Print the report pages in ``folder`` to ``output``; the number of pages printed.

    Chromium runs from a worker thread, so this also works where an event loop is already
    running in the calling thread (Playwright's sync API refuses to run inside one).
    """
    missing = [name for name in PAGES if not (folder / name).is_file()]
    if missing:
        raise ProjectError(f"{display_path(folder)} is not a built report: {', '.join(missing)} missing")
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="img-guide-pdf") as pool:
        pool.submit(_print, folder, output).result()
    return count_pages(output.read_bytes())


def _print(folder: Path, output: Path) -> None:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                context = browser.new_context(color_scheme="light", viewport={"width": 1100, "height": 1400})
                page = context.new_page()
                parts = []
                for name in PAGES[1:]:
                    page.goto((folder / name).as_uri())
                    parts.append(page.locator("article").first.inner_html())
                page.goto((folder / PAGES[0]).as_uri())
                page.evaluate(_COMBINE, parts)
                page.emulate_media(media="print", color_scheme="light")
                page.pdf(
                    path=str(output),
                    format="A4",
                    print_background=True,
                    display_header_footer=True,
                    header_template="<div></div>",
                    footer_template=FOOTER,
                    margin={"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"},
                )
            finally:
                browser.close()
    except PlaywrightError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise PdfError(f"Chromium could not print the report: {first}") from None


def _built_report(site_dir: Path, project, pid: str) -> Path:  # noqa: ANN001 - a Project
    """The folder of ``pid``'s report in a site built by ``img-guide build``."""
    from .links import load_secret, profile_token
    from .profiles import load_profiles

    profiles = {p.id: p for p in load_profiles([project.profiles_dir])}
    if pid not in profiles:
        raise UsageError(f"no applicant '{pid}' (one of: {', '.join(sorted(profiles))})")
    candidates = [site_dir / "local" / "applicants" / pid, site_dir / "applicants" / pid]
    secret = load_secret(project.root)
    if secret:
        candidates.insert(0, site_dir / "public" / "r" / profile_token(secret, profiles[pid]))
    for folder in candidates:
        if (folder / PAGES[0]).is_file():
            return folder
    raise ProjectError(
        f"no built report of '{pid}' in {display_path(site_dir)}: run `img-guide build` first, "
        "or leave out --site-dir to build the report for the PDF"
    )


def cmd_pdf(args: argparse.Namespace) -> int:
    from .cli import _project, today
    from .sites import build_one, one_report

    project = _project(args)
    pid = args.applicant
    output = Path(args.output) if args.output else Path(f"{pid}-report.pdf")
    if output.suffix.lower() != ".pdf":
        raise UsageError(f"--output must name a .pdf file (got '{args.output}')")
    if not output.resolve().parent.is_dir():
        raise UsageError(f"the folder of --output does not exist: {display_path(output.resolve().parent)}")
    if args.site_dir and args.as_of:
        raise UsageError("--as-of builds the report afresh; it cannot be combined with --site-dir")
    check_tools()
    if args.site_dir:
        folder = _built_report(Path(args.site_dir).resolve(), project, pid)
        pages = print_report(folder, output.resolve())
    else:
        as_of = args.as_of or today()
        with tempfile.TemporaryDirectory(prefix="img-guide-pdf-") as work:
            spec = one_report(project, pid, as_of, Path(work))
            folder = Path(work) / "site" / pid
            build_one(project, replace(spec, offline=False), folder, as_of)
            pages = print_report(folder, output.resolve())
    console.info(f"Wrote {display_path(output)} ({pages} page{'' if pages == 1 else 's'})")
    return 0


def register(add, as_of_help: str) -> None:  # noqa: ANN001 - argparse plumbing
    """Add the ``pdf`` subcommand."""
    from .cli import parse_date

    p = add("pdf", cmd_pdf, "print one applicant's report to a PDF with headless Chromium")
    p.add_argument("applicant", metavar="APPLICANT", help="the applicant id (the profile's file name)")
    p.add_argument(
        "--output", metavar="FILE.pdf", help="where to write it (default: APPLICANT-report.pdf here)"
    )
    p.add_argument("--as-of", type=parse_date, metavar="DATE", help=as_of_help + "; builds the report afresh")
    p.add_argument(
        "--site-dir",
        metavar="DIR",
        help="print the report already built there by `img-guide build` instead of building it",
    )
