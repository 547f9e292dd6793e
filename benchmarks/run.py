"""Measure the advisor's loop and cohort-scale builds against the naive one-build-per-applicant way.

    python -m benchmarks.run            # serve; N = 200 and 1,000; a clean build of 10,000
    python -m benchmarks.run --quick    # a fast check: serve, N = 50
    python -m benchmarks.run --sizes 200 --scale "" --no-serve

Prints, in one run: the serve latency (an edited profile on its page under `mkdocs serve`); for
each N the naive single-applicant build (one process per applicant, each a whole site), the
one-change rebuild (a saved profile to its page under `img-guide build --watch`, a build() call in
a running process, and a new `img-guide build` command) and its ratio to naive, the full-build speed-up per applicant, sizes and peak memory, and that an incremental
result equals a clean build; then the clean build of 10,000 against the largest N and its peak
memory (the largest process).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.serve import serve_latency
from benchmarks.synth import write_profiles
from benchmarks.watch import watch_latency

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 11, 22)
SECRET = b"benchmark-link-secret-0123456789-abcdefghij"


def make_project(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True)
    shutil.copytree(ROOT / "content", folder / "content")
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    (folder / "docs").mkdir()
    write_profiles(folder / "profiles", n)
    return folder


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def timed(func):  # noqa: ANN001, ANN201
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


NAIVE = """
import sys
from datetime import date
from pathlib import Path
from generator.project import Project
from generator.site.specs import applicant_spec
from generator.site.mkbuild import build_one
from dataclasses import replace
project = Project(Path(sys.argv[1]))
spec = replace(applicant_spec(project, sys.argv[2]), offline=False, trim=False)  # plain MkDocs output
build_one(project, spec, Path(sys.argv[3]), date(2026, 11, 22))
"""


def naive(project: Path, ids: list[str], out: Path) -> tuple[float, int]:
    """Seconds and bytes per applicant for one full site per applicant, each its own process."""
    sizes, start = [], time.perf_counter()
    for pid in ids:
        dest = out / pid
        subprocess.run(
            [sys.executable, "-c", NAIVE, str(project), pid, str(dest)],
            check=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        sizes.append(du(dest))
    return (time.perf_counter() - start) / len(ids), sum(sizes) // len(sizes)


FULL = """
import json, resource, sys, time
from datetime import date
from pathlib import Path
from generator.project import Project
from generator.site.build import build
project = Project(Path(sys.argv[1]))
start = time.perf_counter()
result = build(project, date(2026, 11, 22), secret=sys.argv[2].encode(), jobs=int(sys.argv[3]), incremental=False)
wall = time.perf_counter() - start
peak = max(resource.getrusage(r).ru_maxrss for r in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(json.dumps({"wall_s": wall, "peak_mb": peak / 1024, "reports": len(result.built)}))
"""


def full_build(folder: Path, jobs: int) -> dict[str, float]:
    """A clean build in a process of its own: wall time and the largest process's peak memory."""
    out = subprocess.run(
        [sys.executable, "-c", FULL, str(folder), SECRET.decode(), str(jobs)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def edit_one(project: Path, i: int) -> None:
    """Change one applicant's name (the advisor's everyday edit)."""
    one = project / "profiles" / "applicant-00007.yml"
    lines = [
        f"name: Edited Name {i}" if line.startswith("name:") else line
        for line in one.read_text().splitlines()
    ]
    one.write_text("\n".join(lines) + "\n")


def cli_build(project: Path, jobs: int) -> float:
    """``img-guide build`` as the advisor runs it: a new process (its caches on disk are warm)."""
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "--quiet",
            "--project",
            str(project),
            "build",
            "--as-of",
            AS_OF.isoformat(),
            "--jobs",
            str(jobs),
        ],
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "IMG_GUIDE_LINK_SECRET": SECRET.decode()},
    )
    return time.perf_counter() - start


def bench_build(n: int, work: Path, jobs: int, sample: int, repeat: int) -> dict[str, object]:
    from generator.project import Project
    from generator.site.build import build

    folder = make_project(work / f"n{n}", n)
    full = full_build(folder, jobs)
    project = Project(folder)
    public = project.site_dir / "public"
    result = build(project, AS_OF, secret=SECRET, jobs=jobs)  # up to date: the specs of the sites
    reports = [public / spec.out.relative_to("public") for spec in result.specs if spec.kind == "applicant"]
    report_bytes = sum(du(r) for r in reports) // len(reports)
    cohorts = [public / spec.out.relative_to("public") for spec in result.specs if spec.kind == "cohort"]
    total = du(public)
    nochange, r2 = timed(lambda: build(Project(folder), AS_OF, secret=SECRET, jobs=jobs))
    assert r2.up_to_date
    inproc, cli = [], []
    for i in range(repeat):  # in this process (a new Project each time, as a build makes), then as a command
        edit_one(folder, 2 * i)
        seconds, r3 = timed(lambda: build(Project(folder), AS_OF, secret=SECRET, jobs=jobs))
        assert r3.built == ["applicant-00007"], r3.built
        inproc.append(seconds)
        edit_one(folder, 2 * i + 1)
        cli.append(cli_build(folder, jobs))
    build(Project(folder), AS_OF, work / f"clean{n}", secret=SECRET, jobs=jobs, incremental=False)
    identical = tree(project.site_dir) == tree(work / f"clean{n}")
    shutil.rmtree(work / f"clean{n}")
    ids = [f"applicant-{i:05d}" for i in range(0, n, max(1, n // sample))][:sample]
    naive_s, naive_bytes = naive(folder, ids, work / f"naive{n}")
    watched = watch_latency(folder, "applicant-00007", SECRET, AS_OF.isoformat(), jobs, edits=repeat)
    wall = full["wall_s"]
    onechange, onechange_cli = min(inproc), min(cli)
    onechange_watch = sorted(watched)[len(watched) // 2]
    return {
        "n": n,
        "wall_s": wall,
        "ms_per_applicant": 1000 * wall / n,
        "report_bytes": report_bytes,
        "published_bytes": total,
        "published_per_applicant": total // n,
        "cohort_site_bytes": sum(du(c) for c in cohorts),
        "peak_mb": full["peak_mb"],
        "nochange_s": nochange,
        "onechange_s": onechange,
        "onechange_cli_s": onechange_cli,
        "onechange_watch_s": onechange_watch,
        "onechange_watch_runs": watched,
        "rebuild_ratio_watch": onechange_watch / naive_s,
        "onechange_runs": inproc,
        "onechange_cli_runs": cli,
        "identical_to_clean": identical,
        "naive_s_per_applicant": naive_s,
        "naive_bytes": naive_bytes,
        "naive_sample": len(ids),
        "speedup": naive_s * n / wall,
        "size_ratio": naive_bytes / report_bytes,
        "rebuild_ratio": onechange / naive_s,
        "rebuild_ratio_cli": onechange_cli / naive_s,
    }


def bench_scale(n: int, work: Path, jobs: int) -> dict[str, float]:
    folder = make_project(work / f"scale{n}", n)
    out = {"n": n, **full_build(folder, jobs)}
    shutil.rmtree(folder)
    return out


GENERATE = """
import json, os, resource, sys, time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from multiprocessing import get_context
from pathlib import Path
from generator.report.calendar import applicant_calendar
from generator.report.cohort import summarize
from generator.engine.engine import decide
from generator.report.model import assemble
from generator.inputs.profiles import load_profiles
from generator.project import Project
from generator.report.render import REPORT_PAGES, Renderer

project = Project(Path(sys.argv[1]))
renderer = Renderer(project)
book = project.rulebook
project.programs, project.plans, project.anchors

def work(paths):
    # load, decide and render the Markdown pages of each profile, keeping nothing
    start, ics = time.perf_counter(), 0.0
    for path in paths:
        for profile in load_profiles([Path(path)]):
            d = decide(profile, book, date(2026, 11, 22))
            report = assemble(d, project)
            ctx = renderer.context(report)
            for name, template in REPORT_PAGES.items():
                renderer.env.get_template(template).render(**ctx)
            summarize(report)
            t = time.perf_counter()
            applicant_calendar(d, report.plan)
            ics += time.perf_counter() - t
    return time.perf_counter() - start - ics, ics

paths = sorted(str(p) for p in Path(sys.argv[2]).glob("*.yml"))
jobs = int(sys.argv[3])
chunks = [paths[i::jobs] for i in range(jobs)]
start = time.perf_counter()
with ProcessPoolExecutor(jobs, mp_context=get_context("fork")) as pool:
    results = list(pool.map(work, chunks))
wall = time.perf_counter() - start
cpu = sum(r[0] for r in results)
ics = sum(r[1] for r in results)
n = len(paths)
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"n": n, "jobs": jobs, "ms_per_profile_wall": 1000 * (wall - ics / jobs) / n,
                  "ms_per_profile_one_process": 1000 * cpu / n, "calendar_ms_per_profile": 1000 * ics / n,
                  "peak_mb": peak / 1024}))
"""


def bench_generate(n: int, work: Path, jobs: int) -> dict[str, object]:
    folder = work / f"gen{n}"
    write_profiles(folder, n)
    out = subprocess.run(
        [sys.executable, "-c", GENERATE, str(ROOT), str(folder), str(jobs)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def _print_build(b: dict[str, Any]) -> None:
    n = b["n"]
    print(
        f"build N={n:>5}: {b['wall_s']:.1f} s wall, {b['ms_per_applicant']:.1f} ms per applicant, "
        f"report {b['report_bytes'] / 1024:.0f} KB, published {b['published_bytes'] / 2**20:.1f} MB "
        f"({b['published_per_applicant'] / 1024:.0f} KB per applicant), cohort site "
        f"{b['cohort_site_bytes'] / 2**20:.1f} MB, peak {b['peak_mb']:.0f} MB"
    )
    print(
        f"             naive single-applicant build (one process per applicant, sample {b['naive_sample']}): "
        f"{b['naive_s_per_applicant']:.2f} s, {b['naive_bytes'] / 1024:.0f} KB"
    )
    print(
        f"             full-build speed-up over naive: {b['speedup']:.1f}x per applicant (target >= 10x); "
        f"size ratio {b['size_ratio']:.1f}x"
    )
    runs = ", ".join(f"{t:.2f}" for t in b["onechange_watch_runs"])
    print(
        f"             one-change rebuild in a running `img-guide build --watch`: saved profile to its page "
        f"{b['onechange_watch_s']:.2f} s (median of {runs}), ratio to naive {b['rebuild_ratio_watch']:.2f} "
        "(target <= 0.33)"
    )
    print(
        f"             the same as a build() call in a running process {b['onechange_s']:.2f} s (ratio "
        f"{b['rebuild_ratio']:.2f}); as a new `img-guide build` command {b['onechange_cli_s']:.2f} s "
        f"(ratio {b['rebuild_ratio_cli']:.2f}: Python, MkDocs and Material start again)"
    )
    print(
        f"             no-change rebuild {b['nochange_s']:.2f} s; identical to a clean build: "
        f"{b['identical_to_clean']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a fast check: N = 50, no 10,000, fewer repeats")
    parser.add_argument("--sizes", help="applicants per build benchmark (default 200,1000; quick 50)")
    parser.add_argument(
        "--scale",
        help="clean builds timed for linearity (default 10000, beside the largest of --sizes; quick: none)",
    )
    parser.add_argument(
        "--gen-sizes", default="", help="profiles per generation-only benchmark (e.g. 1000,10000)"
    )
    parser.add_argument(
        "--naive-sample", type=int, help="applicants built the naive way (default 5; quick 2)"
    )
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve measurement")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()
    sizes = [int(x) for x in (args.sizes or ("50" if args.quick else "200,1000")).split(",") if x]
    scale = [
        int(x)
        for x in (args.scale if args.scale is not None else ("" if args.quick else "10000")).split(",")
        if x
    ]
    sample = args.naive_sample or (2 if args.quick else 5)
    repeat = 2 if args.quick else 3
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    load = os.getloadavg()[0]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"jobs {args.jobs}, load average {load:.1f} at the start"
    )
    figures: dict[str, Any] = {
        "build": [],
        "scale": [],
        "generate": [],
        "machine": platform.platform(),
        "load_at_start": load,
    }
    with tempfile.TemporaryDirectory(prefix="img-guide-bench-") as tmp:
        work = Path(tmp)
        if not args.no_serve:
            s = serve_latency(work / "serve", edits=2 if args.quick else 3)
            figures["serve"] = s
            runs = ", ".join(f"{t:.2f}" for t in s["edit_to_page_s"])
            print(
                f"mkdocs serve, 15 sample profiles: an edited profile shows on its page after "
                f"{s['median_s']:.2f} s (median of {runs}; target <= 1 s)"
            )
        for n in sizes:
            b = bench_build(n, work, args.jobs, sample, repeat)
            figures["build"].append(b)
            _print_build(b)
            shutil.rmtree(work / f"n{n}", ignore_errors=True)
        base = next((b for b in reversed(figures["build"]) if scale), None)
        for n in scale:
            c = bench_scale(n, work, args.jobs)
            figures["scale"].append(c)
            if base is not None:
                ratio = c["wall_s"] / base["wall_s"]
                print(
                    f"scale: N={base['n']} in {base['wall_s']:.1f} s (peak {base['peak_mb']:.0f} MB), N={n} in "
                    f"{c['wall_s']:.1f} s (peak {c['peak_mb']:.0f} MB): {ratio:.1f}x the time for "
                    f"{n / base['n']:.0f}x the applicants (target <= {n / base['n']:.0f}x, peak < 1 GB)"
                )
        for n in (int(x) for x in args.gen_sizes.split(",") if x):
            g = bench_generate(n, work, args.jobs)
            figures["generate"].append(g)
            print(
                f"generate N={n:>6}: {g['ms_per_profile_wall']:.2f} ms per profile with {g['jobs']} processes "
                f"({g['ms_per_profile_one_process']:.2f} ms of one process' time; calendar "
                f"{g['calendar_ms_per_profile']:.2f} ms more), peak {g['peak_mb']:.0f} MB per process"
            )
    print(
        f"load average {os.getloadavg()[0]:.1f} at the end (above {os.cpu_count()}: other work shared the machine)"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2, default=str) + "\n")


if __name__ == "__main__":
    main()
