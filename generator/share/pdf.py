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

The PDF goes to ``--output``, by default ``site/pdf/<id>-report.pdf``: inside the site folder
(git-ignored, kept by every build, never under ``public/``), not into the working folder. Its
links lead to its own pages or to web addresses, never to the folder it was printed from.

Chromium is Debian's ``/usr/bin/chromium`` driven by Playwright; without either, the command
exits with status 1 and says what to install.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..errors import ImgGuideError, ProjectError, display_path

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
  article.id = "img-pdf-index";
  for (const [name, html] of parts) {
    const part = document.createElement("section");
    part.className = "img-print-part";
    part.id = "img-pdf-" + name.replace(/\\.html$/, "");
    part.innerHTML = html;
    article.appendChild(part);
  }
  for (const d of document.querySelectorAll("details:not(.img-chart__data)")) d.open = true;
}"""
# Links in the PDF: a report page becomes a link inside the PDF, a web address stays, and
# everything else (the guide's pages on this machine, any file:// path) becomes plain text: a
# PDF travels, and the folder it was printed from (with its token) must not travel with it.
_LINKS = """pages => {
  const folder = new URL(".", location.href).href;
  for (const a of document.querySelectorAll("a[href]")) {
    const url = new URL(a.getAttribute("href"), location.href);
    if (url.protocol === "https:" || url.protocol === "http:" || url.protocol === "mailto:") continue;
    const rest = url.href.startsWith(folder) ? url.href.slice(folder.length).split("#")[0] : null;
    const page = rest === "" ? "index.html" : rest;
    if (page !== null && pages.includes(page)) {
      const target = url.hash && document.getElementById(decodeURIComponent(url.hash.slice(1)));
      a.setAttribute("href", target ? url.hash : "#img-pdf-" + page.replace(/\\.html$/, ""));
    } else {
      a.removeAttribute("href");
    }
  }
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
                    parts.append([name, page.locator("article").first.inner_html()])
                page.goto((folder / PAGES[0]).as_uri())
                page.evaluate(_COMBINE, parts)
                page.evaluate(_LINKS, list(PAGES))
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
