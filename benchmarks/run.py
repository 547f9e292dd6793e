"""Measure build speed and size at cohort scale, against the naive one-build-per-applicant way.

    python -m benchmarks.run                  # N = 100 and 1,000; generation also at 10,000
    python -m benchmarks.run --sizes 100 --gen-sizes 1000 --naive-sample 5

Prints, for each N: wall time, ms per applicant, bytes per applicant report, total published
bytes, peak memory, the no-change and one-change rebuild times (and that the result equals a
clean build), and the ratio against a naive baseline measured on a sample in the same run.
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

from benchmarks.synth import write_profiles

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
        subprocess.run([sys.executable, "-c", NAIVE, str(project), pid, str(dest)], check=True,
                       env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        sizes.append(du(dest))
    return (time.perf_counter() - start) / len(ids), sum(sizes) // len(sizes)


def bench_build(n: int, work: Path, jobs: int, sample: int) -> dict[str, object]:
    from generator.project import Project
    from generator.site.build import build

    folder = make_project(work / f"n{n}", n)
    project = Project(folder)
    wall, result = timed(lambda: build(project, AS_OF, secret=SECRET, jobs=jobs, incremental=False))
    public = project.site_dir / "public"
    reports = [public / spec.out.relative_to("public") for spec in result.specs if spec.kind == "applicant"]
    report_bytes = sum(du(r) for r in reports) // len(reports)
    cohorts = [public / spec.out.relative_to("public") for spec in result.specs if spec.kind == "cohort"]
    total = du(public)
    nochange, r2 = timed(lambda: build(project, AS_OF, secret=SECRET, jobs=jobs))
    assert r2.up_to_date
    one = project.profiles_dir / "applicant-00007.yml"
    one.write_text(one.read_text().replace("can_delay: true", "can_delay: false").replace(
        "can_delay: false\n", "can_delay: true\n", 1) + "# edited\n")
    onechange, r3 = timed(lambda: build(project, AS_OF, secret=SECRET, jobs=jobs))
    assert r3.built == ["applicant-00007"], r3.built
    build(project, AS_OF, work / f"clean{n}", secret=SECRET, jobs=jobs, incremental=False)
    identical = tree(project.site_dir) == tree(work / f"clean{n}")
    ids = [f"applicant-{i:05d}" for i in range(0, n, max(1, n // sample))][:sample]
    naive_s, naive_bytes = naive(folder, ids, work / f"naive{n}")
    return {
        "n": n, "wall_s": wall, "ms_per_applicant": 1000 * wall / n, "report_bytes": report_bytes,
        "published_bytes": total, "published_per_applicant": total // n,
        "cohort_site_bytes": sum(du(c) for c in cohorts), "peak_mb": peak_mb(),
        "nochange_s": nochange, "onechange_s": onechange, "identical_to_clean": identical,
        "naive_s_per_applicant": naive_s, "naive_bytes": naive_bytes, "naive_sample": len(ids),
        "speedup": naive_s * n / wall, "size_ratio": naive_bytes / report_bytes,
    }


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
    out = subprocess.run([sys.executable, "-c", GENERATE, str(ROOT), str(folder), str(jobs)], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="applicants per build benchmark")
    parser.add_argument("--gen-sizes", default="100,1000,10000", help="profiles per generation benchmark")
    parser.add_argument("--naive-sample", type=int, default=10, help="applicants built the naive way")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"jobs {args.jobs}")
    figures: dict[str, list[dict[str, object]]] = {"build": [], "generate": []}
    with tempfile.TemporaryDirectory(prefix="img-guide-bench-") as tmp:
        work = Path(tmp)
        for n in (int(x) for x in args.gen_sizes.split(",") if x):
            g = bench_generate(n, work, args.jobs)
            figures["generate"].append(g)
            print(f"generate N={n:>6}: {g['ms_per_profile_wall']:.2f} ms per profile with {g['jobs']} processes "
                  f"({g['ms_per_profile_one_process']:.2f} ms of one process' time; calendar "
                  f"{g['calendar_ms_per_profile']:.2f} ms more), peak {g['peak_mb']:.0f} MB per process")
        for n in (int(x) for x in args.sizes.split(",") if x):
            b = bench_build(n, work, args.jobs, args.naive_sample)
            figures["build"].append(b)
            print(f"build N={n:>5}: {b['wall_s']:.1f} s wall, {b['ms_per_applicant']:.1f} ms per applicant, "
                  f"report {b['report_bytes'] / 1024:.0f} KB, published {b['published_bytes'] / 2**20:.1f} MB "
                  f"({b['published_per_applicant'] / 1024:.0f} KB per applicant), cohort site "
                  f"{b['cohort_site_bytes'] / 2**20:.1f} MB, peak {b['peak_mb']:.0f} MB")
            print(f"             no-change rebuild {b['nochange_s']:.2f} s, one changed profile "
                  f"{b['onechange_s']:.2f} s, identical to a clean build: {b['identical_to_clean']}")
            print(f"             naive (one build per applicant, sample {b['naive_sample']}): "
                  f"{b['naive_s_per_applicant']:.2f} s and {b['naive_bytes'] / 1024:.0f} KB per applicant; "
                  f"speed-up {b['speedup']:.1f}x, size ratio {b['size_ratio']:.1f}x")
    builds = figures["build"]
    if len(builds) >= 2:
        a, b = builds[0], builds[-1]
        ratio = (b["published_per_applicant"] / a["published_per_applicant"])
        print(f"published bytes per applicant, N={b['n']} vs N={a['n']}: {ratio:.2f}x")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
