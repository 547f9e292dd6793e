"""``img-guide validate`` and ``img-guide explain``: profiles and the engine's decision."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..engine.engine import Decision, decide
from ..inputs.profiles import load_profiles
from ..report.model import top_actions
from .common import AS_OF_HELP, EXIT_OK, Add, parse_date, project_of, today
from .console import info


def cmd_validate(args: argparse.Namespace) -> int:
    project = project_of(args)
    paths = [Path(p) for p in args.paths] or [project.profiles_dir]
    profiles = load_profiles(paths)
    book = project.rulebook
    for p in profiles:  # a valid profile must also be decidable
        decide(p, book, args.as_of or today())
    info(f"{len(profiles)} profile{'' if len(profiles) == 1 else 's'} valid")
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    project = project_of(args)
    profiles = load_profiles([Path(p) for p in args.profiles])
    as_of = args.as_of or today()
    decisions = [decide(p, project.rulebook, as_of) for p in profiles]
    if args.json:
        data = [d.to_json() for d in decisions]
        print(json.dumps(data[0] if len(data) == 1 else data, indent=2, ensure_ascii=False))
    else:
        settings = project.site_settings
        print("\n\n".join(summary(d, settings) for d in decisions))
    return EXIT_OK


def summary(d: Decision, settings: dict[str, Any]) -> str:
    """A readable account of one decision for the terminal."""
    f = d.facts
    lines = [f"{d.profile.id} (as of {d.as_of.isoformat()})"]
    scenario = d.get(d.scenario)
    lines.append(f"  scenario:  {d.scenario}: {scenario.reason if scenario else ''}")
    stage = ", ".join(x.rule.id for x in d.with_prefix("STAGE-"))
    lines.append(f"  stage:     {stage}; {f['years_since_graduation']} years since graduation")
    lines.append(f"  cycle:     {d.cycle}")
    lines.append(f"  failures:  {f['failures']}")
    for track, band in d.bands.items():
        none = (
            f"no band: Step 2 CK {f['step2_score']} is under the pass mark of {f['step2_passing']}"
            if f["step2_failed_latest"]
            else "no Step 2 CK score yet"
        )
        shown = f"{band} (Step 2 CK {f['step2_score']})" if band else none
        lines.append(f"  band:      {track}: {shown}")
    ready = d.group("readiness")
    lines.append(
        "  readiness: " + (", ".join(x.rule.id for x in ready) if ready else "no exam ahead to be ready for")
    )
    lines.append("  most important actions:")
    for item in top_actions(d, settings, 5):
        lines.append(f"    - [{item.rule.id}] {item.advice}")
        lines.append(f"      because {item.reason}")
    lines.append(f"  rules fired: {len(d.fired)}")
    return "\n".join(lines)


def register(add: Add) -> None:
    """Add ``validate`` and ``explain``."""
    p = add("validate", cmd_validate, "check profiles and report every problem with its location")
    p.add_argument("paths", nargs="*", metavar="PATH", help="profile files or folders (default: profiles/)")
    p.add_argument("--as-of", type=parse_date, metavar="DATE", help=AS_OF_HELP)

    p = add("explain", cmd_explain, "show the engine's decision for profiles, rule by rule")
    p.add_argument("profiles", nargs="+", metavar="PROFILE", help="profile files or folders")
    p.add_argument("--json", action="store_true", help="print JSON (one object, or an array for several)")
    p.add_argument("--as-of", type=parse_date, metavar="DATE", help=AS_OF_HELP)
