"""``img-guide build``, ``links`` and ``bundle``: the sites and what is shared from them."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

from ..errors import ImgGuideError, UsageError, display_path, scrub
from ..inputs.profiles import load_profiles
from ..project import Project
from ..report.pages import calendar_salt
from ..share.links import load_secret, profile_token
from ..site.build import BuildResult, build
from ..site.lock import project_lock
from ..site.mkbuild import build_bundle
from ..site.specs import guide_spec, one_report
from .common import AS_OF_HELP, Add, parse_date, progress_printer, project_of, today
from .console import detail, info, level, material_notice, notice, version_of


def cmd_build(args: argparse.Namespace) -> int:
    project = project_of(args)
    if args.watch:
        return _watch(args, project)
    _build_once(args, project)
    return 0


def _watch(args: argparse.Namespace, project: Project) -> int:
    """Build, then build again after each saved change, until interrupted (Ctrl-C)."""
    from ..site.watch import warm_up, watch

    def again(first: bool = False) -> None:
        start = time.perf_counter()
        try:
            result = _build_once(args, project_of(args), summary=first)
        except ImgGuideError as exc:  # told, and the watch goes on: the advisor fixes and saves again
            print(scrub(str(exc)), file=sys.stderr)
            info("Not built; watching for the next change (Ctrl-C to stop).")
            return
        if first:
            return
        if result.up_to_date:
            info("Up to date.")
            return
        ids = ", ".join(result.built[:5]) + (
            f" and {len(result.built) - 5} more" if len(result.built) > 5 else ""
        )
        gone = f"; removed {', '.join(result.removed)}" if result.removed else ""
        info(f"Rebuilt {ids or 'the shared pages'}{gone} in {time.perf_counter() - start:.2f} s.")

    again(first=True)
    warm_up(project_of(args), args.as_of or today())  # the first saved change as fast as the next
    info("Watching profiles/, content/ and mkdocs.yml; each saved change is built at once (Ctrl-C to stop).")
    try:
        watch(project, again, threading.Event())
    except KeyboardInterrupt:
        info("Stopped watching.")
    return 0


def _build_once(args: argparse.Namespace, project: Project, summary: bool = True) -> BuildResult:
    """One build; with ``summary``, what was built and where to open it."""
    as_of = args.as_of or today()
    site_dir = Path(args.site_dir).resolve() if args.site_dir else project.site_dir
    publish = set(args.publish_reports) if args.publish_reports else None
    secret = load_secret(project.root)
    if summary:
        _build_details(project, as_of, site_dir, args.jobs)
    progress = progress_printer() if level() and summary else _silent
    result = build(
        project,
        as_of,
        site_dir,
        publish,
        secret,
        jobs=args.jobs,
        shard=args.shard,
        incremental=not args.full,
        progress=progress,
        wait=args.wait,
    )
    if not summary:
        return result
    shown = display_path(site_dir)
    if result.up_to_date:
        info(f"Up to date: nothing changed since the last build in {shown}/.")
    else:
        info(
            f"Built as of {as_of.isoformat()} in {shown}/ ({len(result.built)} reports built"
            f"{f', {len(result.removed)} removed' if result.removed else ''}):"
        )
    reports = [s for s in result.specs if s.kind == "applicant"]
    for spec in result.specs:
        if spec.kind == "applicant" and (secret or len(reports) > 20):
            continue  # private links are never printed in build logs: see `img-guide links`
        info(f"  {spec.kind:<9} {shown}/{spec.out.as_posix()}/index.html")
    if secret:
        info(
            f"  {len(reports)} private reports in {shown}/public/r/ (list their links with: img-guide links)"
        )
    elif len(reports) > 20:
        info(f"  {len(reports)} reports in {shown}/local/applicants/<id>/index.html")
    info(f"  offline   {shown}/bundles/img-guide-offline.zip")
    info(f"Open {shown}/index.html in a browser, or run: python3 -m http.server -d {shown}")
    info(f"Publish only {shown}/public/ (the guide, the cohort sites and the private report links).")
    return result


def _silent(stage: str, done: int, total: int) -> None:
    return None


def _build_details(project: Project, as_of: date, site_dir: Path, jobs: int | None) -> None:
    notice(material_notice(today()))
    versions = ", ".join(f"{d} {version_of(d)}" for d in ("img-guide", "mkdocs", "mkdocs-material"))
    detail(f"project {project.root}; as of {as_of.isoformat()}; site {site_dir}; jobs {jobs or 'default'}")
    detail(f"versions: {versions}")


def parse_shard(text: str) -> tuple[int, int]:
    try:
        k, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not K/N, for example 1/4") from None
    if not 1 <= k <= n:
        raise argparse.ArgumentTypeError(f"'{text}': K must be between 1 and N")
    return k, n


def parse_jobs(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of processes") from None
    if n < 1:
        raise argparse.ArgumentTypeError("--jobs must be 1 or more")
    return n


def cmd_links(args: argparse.Namespace) -> int:
    project = project_of(args)
    secret = load_secret(project.root, required=True)
    assert secret is not None  # required: a missing secret is an error already
    base = args.base_url.rstrip("/")
    if not base.startswith("https://") or len(base) <= len("https://"):
        raise UsageError(f"--base-url must start with https:// (got '{args.base_url}')")
    profiles = load_profiles([project.profiles_dir])
    rows = [(p.id, p.cohort or "", f"{base}/r/{profile_token(secret, p)}/") for p in profiles]
    if args.json:
        print(json.dumps([{"id": i, "cohort": c, "url": u} for i, c, u in rows], indent=2))
    else:
        for pid, _cohort, url in rows:
            print(f"{pid}\t{url}")
    return 0


def cmd_bundle(args: argparse.Namespace) -> int:

    project = project_of(args)
    as_of = args.as_of or today()
    with project_lock(project.root):
        return _bundle(args, project, as_of)


def _bundle(args: argparse.Namespace, project: Project, as_of: date) -> int:
    name = "img-guide" if args.what == "guide" else args.what
    output = Path(args.output) if args.output else project.site_dir / "bundles" / f"{name}-offline.zip"
    with tempfile.TemporaryDirectory(prefix="img-guide-bundle-") as work:
        if args.what == "guide":
            spec = guide_spec(project)
        else:
            try:
                salt = calendar_salt(project.docs_dir, load_secret(project.root))
                spec = one_report(project, args.what, as_of, Path(work), salt)
            except UsageError as exc:
                raise UsageError(f"{exc} (or 'guide')") from None
        build_bundle(project, spec, as_of, output.resolve(), Path(work) / "site")
    info(f"Wrote {display_path(output)}: unzip it and open index.html (works offline, search included)")
    return 0


def register(add: Add) -> None:
    """Add ``build``, ``links`` and ``bundle``."""
    p = add("build", cmd_build, "validate, write the reports into docs/ and build every site")
    p.add_argument("--as-of", type=parse_date, metavar="DATE", help=AS_OF_HELP)
    p.add_argument("--site-dir", metavar="DIR", help="where to write the sites (default: site/)")
    p.add_argument(
        "--jobs",
        type=parse_jobs,
        metavar="N",
        help="build in N processes (default: the CPUs this process may use)",
    )
    p.add_argument(
        "--shard",
        type=parse_shard,
        metavar="K/N",
        help="build only the K-th of N parts of the applicants (the first also builds the guide "
        "and the cohorts); join the parts' site/ folders afterwards",
    )
    p.add_argument("--full", action="store_true", help="rebuild everything, ignoring what is up to date")
    p.add_argument(
        "--watch",
        action="store_true",
        help="after the build, stay running and build again whenever a profile, content/ or "
        "mkdocs.yml changes (fast: everything stays loaded); Ctrl-C stops",
    )
    p.add_argument(
        "--wait",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="when another build of the project is running, wait this long for it (default: stop)",
    )
    p.add_argument(
        "--publish-reports",
        action="append",
        metavar="COHORT",
        help="include this cohort's reports in its cohort site (opt-in; repeatable; "
        "default: the plugin's publish_reports in mkdocs.yml)",
    )
    p = add("links", cmd_links, "print each applicant's private report link (needs the link secret)")
    p.add_argument(
        "--base-url",
        required=True,
        metavar="URL",
        help="where site/public/ is published (https:// only: the links carry the tokens)",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of tab-separated lines")

    p = add("bundle", cmd_bundle, "write a zip of the guide or of one applicant's report that works offline")
    p.add_argument("what", metavar="guide|APPLICANT", help="'guide', or an applicant id")
    p.add_argument("--output", metavar="FILE.zip", help="where to write it (default: site/bundles/)")
    p.add_argument("--as-of", type=parse_date, metavar="DATE", help=AS_OF_HELP)
