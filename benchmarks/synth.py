"""A seeded generator of synthetic applicant profiles (valid, varied, fictional)."""

from __future__ import annotations

import random
from pathlib import Path

FIRST = [
    "Amal",
    "Bilal",
    "Chen",
    "Dara",
    "Elif",
    "Farid",
    "Gita",
    "Hugo",
    "Ines",
    "Jomo",
    "Kenji",
    "Leila",
    "Mateo",
    "Nour",
    "Omar",
    "Pia",
    "Qiu",
    "Rania",
    "Sami",
    "Tala",
    "Umar",
    "Vera",
    "Wen",
    "Yara",
    "Zain",
]
LAST = [
    "Abara",
    "Bose",
    "Cruz",
    "Diallo",
    "Eze",
    "Fofana",
    "Gupta",
    "Haddad",
    "Ivanova",
    "Jabari",
    "Khan",
    "Lopez",
    "Mendes",
    "Nair",
    "Okoro",
    "Patel",
    "Quispe",
    "Rossi",
    "Silva",
    "Tran",
    "Usman",
    "Varga",
]
WEAK = [
    "cardiology",
    "nephrology",
    "endocrinology",
    "biostatistics",
    "ethics",
    "psychiatry",
    "pulmonology",
    "infectious disease",
    "rheumatology",
    "pharmacology",
]
REGIONS = ["northeast", "midwest", "south", "west"]


def profile_text(rng: random.Random, i: int, cohorts: int) -> tuple[str, str]:
    pid = f"applicant-{i:05d}"
    tracks = rng.choice(
        [["internal-medicine"], ["medicine-psychiatry"], ["internal-medicine", "medicine-psychiatry"]]
    )
    match = rng.choice([2027, 2028])
    final = rng.random() < 0.3
    grad = match if final else match - rng.randint(1, 7)
    lines = [
        "# yaml-language-server: $schema=../schema/profile.schema.json",
        f"id: {pid}",
        f"name: {rng.choice(FIRST)} {rng.choice(LAST)}",
        f"cohort: cohort-{i % cohorts + 1:02d}",
        f"tracks: [{', '.join(tracks)}]",
        f"match_year: {match}",
        f"graduation: {{status: {'final-year' if final else 'graduated'}, year: {grad}}}",
    ]
    step1 = rng.choices(["pass", "pending", "fail"], [0.85, 0.1, 0.05])[0]
    lines.append(
        f"step1: {{result: {step1}, attempts: {0 if step1 == 'pending' else rng.choice([1, 1, 1, 2])}}}"
    )
    if step1 == "pass" and rng.random() < 0.6:
        lines.append(
            f"step2ck: {{score: {rng.randint(205, 262)}, date: {match - 1}-0{rng.randint(3, 7)}-15}}"
        )
    elif step1 == "pass":
        lines.append(f"step2ck: {{date: {match - 1}-0{rng.randint(4, 9)}-10}}")
    n = rng.randint(0, 4)
    if n:
        lines.append("practice:")
        score = rng.randint(195, 235)
        for k in range(n):
            score += rng.randint(-4, 12)
            lines.append(f"  - {{exam: NBME {k + 9}, score: {min(score, 280)}, date: 2026-0{k + 2}-10}}")
    lines.append(f"visa: {rng.choice(['none', 'j1', 'j1', 'h1b'])}")
    lines.append(f"can_delay: {rng.choice(['true', 'false'])}")
    lines.append("usce:")
    lines.append(
        f"  - {{specialty: internal-medicine, kind: {rng.choice(['hands-on', 'observership'])}, months: {rng.randint(1, 4)}}}"
    )
    lines.append("letters:")
    for _ in range(rng.randint(1, 4)):
        spec = rng.choice(["internal-medicine", "psychiatry"])
        lines.append(
            f"  - {{specialty: {spec}, us: {rng.choice(['true', 'false'])}, academic: {rng.choice(['true', 'false'])}}}"
        )
    lines.append(f"weak_areas: [{', '.join(rng.sample(WEAK, rng.randint(0, 3)))}]")
    lines.append(f"preferences: {{regions: [{rng.choice(REGIONS)}]}}")
    return pid, "\n".join(lines) + "\n"


def write_profiles(folder: Path, n: int, seed: int = 2026, cohorts: int = 1) -> list[Path]:
    """Write ``n`` synthetic profiles into ``folder`` (same seed, same files)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        pid, text = profile_text(rng, i, cohorts)
        path = folder / f"{pid}.yml"
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out
