"""Program tiers: which score is compared with which screen, and the tier that follows.

Pure functions over a Decision and the Rulebook: nothing here reads the clock or the disk.

API (used by the program tiers page and by ``generator.catalog``):

- ``TIERS`` = ("likely", "target", "reach", "unlikely"), best first; ``tier_id(tier)`` gives the
  guide's ID (``TIER-LIKELY``; anchor ``program-selection.md#tier-likely``).
- ``score_basis(decision) -> ScoreBasis``: the score tiers use (Step 2 CK, else the latest
  practice score, else the target), with ``.label`` ("Step 2 CK 228") and ``.note`` (a sentence
  for the page that says which score was used and why).
- ``margins(book) -> Margins`` (``.target`` 5, ``.reach`` 10 from rules.yml) and
  ``tier_for(score, screen, margins) -> str``; ``tier_reason(basis, screen, margins, where="")``
  words it with the numbers ("Step 2 CK 228 is 7 under the screen of 235 (reach: 6–10 under)").
- ``track_plans(decision) -> list[TrackPlan]``: the tracks the page covers, in TRACK_ORDER: the
  applicant's own, plus internal-medicine when PROG-PARALLEL-IM fired and psychiatry when
  PROG-PARALLEL-PSYCH fired (``parallel=True``, ``rule`` = the rule ID).
- ``kind_for(book, track, program_type) -> Kind``: the kind whose screen a catalog program
  without its own screen uses.
- ``kind_tiers(decision, book) -> KindTiers``: tiers by kind of program (no catalog):
  ``.basis``, ``.margins`` and ``.tracks``, one ``TrackKinds(plan, rows)`` per track, each row a
  ``KindTier(kind, tier, gap, reason)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import InputError, Problem
from .engine import Decision
from .rulebook import Rulebook, human_day

TIERS = ("likely", "target", "reach", "unlikely")
TRACK_ORDER = ("internal-medicine", "medicine-psychiatry", "psychiatry")
TRACK_LABELS = {
    "internal-medicine": "Internal medicine",
    "medicine-psychiatry": "Internal medicine–psychiatry",
    "psychiatry": "Categorical psychiatry",
}
PARALLEL_RULES = {"internal-medicine": "PROG-PARALLEL-IM", "psychiatry": "PROG-PARALLEL-PSYCH"}
# A program type with no kind of its own in a track falls back to these kinds, in order.
_KIND_FALLBACK = {"community": ("university-affiliated",)}


def tier_id(tier: str) -> str:
    """``likely`` -> ``TIER-LIKELY`` (the guide explains it at ``#tier-likely``)."""
    return f"TIER-{tier.upper()}"


# ---- the score ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ScoreBasis:
    """The score compared with every screen, and where it came from."""

    score: int
    source: str  # "step2ck" | "practice" | "target"
    label: str  # "Step 2 CK 228", "practice score 233", "target 240"
    note: str  # one sentence for the page


def score_basis(decision: Decision) -> ScoreBasis:
    """A passed Step 2 CK score; else the latest counted Step 2 CK practice score (said so);
    else the target. A failed score never places a program (rulebook v2)."""
    f = decision.facts
    if f["step2_passed"]:
        score = int(f["step2_score"])
        return ScoreBasis(score, "step2ck", f"Step 2 CK {score}", f"Tiers use the Step 2 CK score, {score}.")
    why = (
        f"The latest Step 2 CK score, {f['step2_score']}, is under the pass mark and places no program"
        if f["step2_failed_latest"]
        else "No Step 2 CK score yet"
    )
    practice = f["practice"]
    if practice:
        last = practice[-1]
        return ScoreBasis(
            int(last.score),
            "practice",
            f"practice score {last.score}",
            f"{why}: tiers use the latest Step 2 CK practice score, {last.score} "
            f"({last.exam} on {human_day(last.date)}).",
        )
    target = int(f["target"])
    lead = (
        f"{why}, and no Step 2 CK practice score since"
        if f["step2_failed_latest"]
        else "No Step 2 CK or practice score yet"
    )
    return ScoreBasis(
        target,
        "target",
        f"target {target}",
        f"{lead}: tiers use the Step 2 CK target, {target}.",
    )


def tier_cap(decision: Decision, book: Rulebook, track: str, kind: str) -> tuple[str, str] | None:
    """The best tier a kind of program can reach for this applicant, and why (rules.yml caps)."""
    f = decision.facts
    for cap in book.tiers.get("caps") or ():
        holds = {"failure": f["failures"] >= 1, "long_gap": bool(f["long_gap"])}.get(str(cap["when"]), False)
        if holds and cap["track"] in ("any", track) and cap["kind"] == kind:
            return str(cap["best"]), str(cap["why"])
    return None


def capped(tier: str, reason: str, cap: tuple[str, str] | None) -> tuple[str, str]:
    """Lower ``tier`` to the cap, saying why in the reason."""
    if cap is None or TIERS.index(tier) >= TIERS.index(cap[0]):
        return tier, reason
    return cap[0], f"{reason}, but with {cap[1]} programs of this kind are at best a {cap[0]}"


# ---- the tier -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Margins:
    """Points under a screen that still count as target / reach (rules.yml ``tiers``)."""

    target: int
    reach: int


def margins(book: Rulebook) -> Margins:
    return Margins(int(book.tiers["TARGET_MARGIN"]), int(book.tiers["REACH_MARGIN"]))


def tier_for(score: int, screen: int, m: Margins) -> str:
    """likely at or above the screen, target up to ``m.target`` under, reach up to ``m.reach``."""
    gap = score - screen
    if gap >= 0:
        return "likely"
    if gap >= -m.target:
        return "target"
    if gap >= -m.reach:
        return "reach"
    return "unlikely"


def tier_reason(basis: ScoreBasis, screen: int, m: Margins, where: str = "") -> str:
    """Plain words with the numbers, for example
    ``Step 2 CK 228 is 7 under the screen of 235 (reach: 6–10 under)``.

    ``where`` names the screen (default ``the screen of 235``).
    """
    where = where or f"the screen of {screen}"
    gap = basis.score - screen
    tier = tier_for(basis.score, screen, m)
    if tier == "likely":
        verb = f"clears {where} by {gap}" if gap else f"reaches {where}"
        return f"{basis.label} {verb} (likely)"
    span = {
        "target": f"target: 1–{m.target} under",
        "reach": f"reach: {m.target + 1}–{m.reach} under",
        "unlikely": f"unlikely: more than {m.reach} under",
    }[tier]
    return f"{basis.label} is {-gap} under {where} ({span})"


# ---- tracks ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class TrackPlan:
    track: str
    label: str
    parallel: bool  # added by a parallel-plan rule, not one of the applicant's own tracks
    rule: str | None  # the PROG-PARALLEL-* rule that added it


def track_plans(decision: Decision) -> list[TrackPlan]:
    """The applicant's tracks plus the parallel-plan tracks whose rules fired, in TRACK_ORDER."""
    own = set(decision.profile.tracks)
    out: list[TrackPlan] = []
    for track in TRACK_ORDER:
        rule = PARALLEL_RULES.get(track)
        if track in own:
            out.append(TrackPlan(track, TRACK_LABELS[track], False, None))
        elif rule and decision.has(rule):
            out.append(TrackPlan(track, TRACK_LABELS[track], True, rule))
    return out


# ---- kinds of program -----------------------------------------------------------------------
@dataclass(frozen=True)
class Kind:
    track: str
    kind: str  # university | university-affiliated | community | any
    label: str
    screen: int


def kinds(book: Rulebook, track: str) -> list[Kind]:
    """The kinds of program of ``track`` in rules.yml order."""
    rows: list[dict[str, Any]] = book.tiers["kinds"].get(track) or []
    return [Kind(track, str(r["kind"]), str(r["label"]), int(r["screen"])) for r in rows]


def kind_for(book: Rulebook, track: str, program_type: str) -> Kind:
    """The kind a program of ``program_type`` in ``track`` belongs to, for its screen.

    Exact kind first, then the track's ``any`` kind, then the fallbacks (a community
    medicine-psychiatry program uses the non-university kind).
    """
    by_kind = {k.kind: k for k in kinds(book, track)}
    for name in (program_type, "any", *_KIND_FALLBACK.get(program_type, ())):
        if name in by_kind:
            return by_kind[name]
    raise InputError(
        [
            Problem(
                book.path,
                1,
                1,
                f"tiers.kinds.{track}",
                f"no kind of program with a screen for {program_type} programs; add one",
            )
        ]
    )


@dataclass(frozen=True)
class KindTier:
    kind: Kind
    tier: str
    gap: int  # score - screen
    reason: str


@dataclass(frozen=True)
class TrackKinds:
    plan: TrackPlan
    rows: tuple[KindTier, ...]


@dataclass(frozen=True)
class KindTiers:
    basis: ScoreBasis
    margins: Margins
    tracks: tuple[TrackKinds, ...]


def kind_tiers(decision: Decision, book: Rulebook) -> KindTiers:
    """Tiers by kind of program for every track the page covers (no catalog needed)."""
    basis = score_basis(decision)
    m = margins(book)
    tracks = []
    for plan in track_plans(decision):
        rows = tuple(_kind_row(decision, book, basis, m, plan.track, k) for k in kinds(book, plan.track))
        tracks.append(TrackKinds(plan, rows))
    return KindTiers(basis, m, tuple(tracks))


def _kind_row(d: Decision, book: Rulebook, basis: ScoreBasis, m: Margins, track: str, k: Kind) -> KindTier:
    tier, reason = capped(
        tier_for(basis.score, k.screen, m), _kind_reason(basis, k, m), tier_cap(d, book, track, k.kind)
    )
    return KindTier(k, tier, basis.score - k.screen, reason)


def _kind_reason(basis: ScoreBasis, kind: Kind, m: Margins) -> str:
    return tier_reason(basis, kind.screen, m)
