"""Program tiers without a catalog: the score used, the tier boundaries, tracks and kinds."""

from __future__ import annotations

import pytest

from generator.engine import tiers
from generator.engine.tiers import (
    Margins,
    kind_for,
    kind_tiers,
    score_basis,
    tier_for,
    tier_reason,
    track_plans,
)

from .helpers import PROJECT, decision, practice

BOOK = PROJECT.rulebook
M = Margins(5, 10)


def test_margins_come_from_the_rulebook():
    assert tiers.margins(BOOK) == M


@pytest.mark.parametrize(
    ("gap", "tier"),
    [(15, "likely"), (1, "likely"), (0, "likely"), (-1, "target"), (-5, "target"), (-6, "reach"),
     (-10, "reach"), (-11, "unlikely"), (-40, "unlikely")],
)  # fmt: skip
def test_tier_boundaries(gap, tier):
    assert tier_for(230 + gap, 230, M) == tier


def test_tier_boundaries_follow_other_margins():
    m = Margins(2, 4)
    assert [tier_for(230 - d, 230, m) for d in (0, 2, 3, 4, 5)] == [
        "likely", "target", "reach", "reach", "unlikely",
    ]  # fmt: skip


def test_tier_reason_gives_the_numbers():
    basis = score_basis(decision({"step2ck": {"score": 228}}))
    assert tier_reason(basis, 228, M) == "Step 2 CK 228 reaches the screen of 228 (likely)"
    assert tier_reason(basis, 220, M) == "Step 2 CK 228 clears the screen of 220 by 8 (likely)"
    assert tier_reason(basis, 233, M) == "Step 2 CK 228 is 5 under the screen of 233 (target: 1–5 under)"
    assert tier_reason(basis, 234, M) == "Step 2 CK 228 is 6 under the screen of 234 (reach: 6–10 under)"
    assert tier_reason(basis, 238, M) == "Step 2 CK 228 is 10 under the screen of 238 (reach: 6–10 under)"
    assert tier_reason(basis, 239, M) == (
        "Step 2 CK 228 is 11 under the screen of 239 (unlikely: more than 10 under)"
    )


# ---- the score used ---------------------------------------------------------------------------
def test_step2_score_is_used_when_there_is_one():
    basis = score_basis(decision({"step2ck": {"score": 228}, "practice": practice(240, 245)}))
    assert (basis.score, basis.source, basis.label) == (228, "step2ck", "Step 2 CK 228")
    assert basis.note == "Tiers use the Step 2 CK score, 228."


def test_latest_practice_score_is_used_without_step2_and_the_page_says_so():
    rows = [
        {"exam": "UWSA 2", "score": 233, "date": "2026-05-28"},
        {"exam": "NBME 12", "score": 241, "date": "2026-03-02"},  # higher, but older
    ]
    basis = score_basis(decision({"practice": rows}))
    assert (basis.score, basis.source, basis.label) == (233, "practice", "practice score 233")
    assert basis.note == (
        "No Step 2 CK score yet: tiers use the latest Step 2 CK practice score, 233 (UWSA 2 on 28 May 2026)."
    )


def test_target_is_used_without_any_score():
    own = score_basis(decision({"step2ck": {"target": 244}}))
    assert (own.score, own.source, own.label) == (244, "target", "target 244")
    assert own.note == "No Step 2 CK or practice score yet: tiers use the Step 2 CK target, 244."
    default = score_basis(decision())
    assert (default.score, default.source) == (BOOK.track_defaults["internal-medicine"]["target"], "target")


# ---- tracks -----------------------------------------------------------------------------------
def _tracks(over):
    return [(p.track, p.parallel, p.rule) for p in track_plans(decision(over))]


def test_internal_medicine_applicant_has_one_track():
    assert _tracks({"step2ck": {"score": 228}}) == [("internal-medicine", False, None)]


def test_parallel_tracks_are_added_when_their_rules_fire():
    assert _tracks({"tracks": ["medicine-psychiatry"], "step2ck": {"score": 228}}) == [
        ("internal-medicine", True, "PROG-PARALLEL-IM"),
        ("medicine-psychiatry", False, None),
        ("psychiatry", True, "PROG-PARALLEL-PSYCH"),
    ]


def test_no_parallel_tracks_when_the_rules_do_not_fire():
    assert _tracks({"tracks": ["medicine-psychiatry"], "step2ck": {"score": 235}}) == [
        ("medicine-psychiatry", False, None)
    ]


def test_an_own_track_is_not_marked_parallel():
    over = {"tracks": ["internal-medicine", "medicine-psychiatry"], "step2ck": {"score": 228}}
    assert _tracks(over) == [
        ("internal-medicine", False, None),
        ("medicine-psychiatry", False, None),
        ("psychiatry", True, "PROG-PARALLEL-PSYCH"),
    ]


# ---- kinds ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("track", "program_type", "kind", "screen"),
    [
        ("internal-medicine", "university", "university", 240),
        ("internal-medicine", "university-affiliated", "university-affiliated", 230),
        ("internal-medicine", "community", "community", 220),
        ("medicine-psychiatry", "university", "university", 235),
        ("medicine-psychiatry", "university-affiliated", "university-affiliated", 225),
        ("medicine-psychiatry", "community", "university-affiliated", 225),
        ("psychiatry", "university", "any", 225),
        ("psychiatry", "community", "any", 225),
    ],
)
def test_kind_for_a_program_type(track, program_type, kind, screen):
    found = kind_for(BOOK, track, program_type)
    assert (found.kind, found.screen) == (kind, screen)


def test_kind_tiers_match_the_guides_worked_example():
    """content/guide/program-selection.md, 'A worked example' (Step 2 CK 228)."""
    result = kind_tiers(decision({"tracks": ["medicine-psychiatry"], "step2ck": {"score": 228}}), BOOK)
    got = {(t.plan.track, r.kind.kind): (r.tier, r.gap) for t in result.tracks for r in t.rows}
    assert got == {
        ("internal-medicine", "university"): ("unlikely", -12),
        ("internal-medicine", "university-affiliated"): ("target", -2),
        ("internal-medicine", "community"): ("likely", 8),
        ("medicine-psychiatry", "university"): ("reach", -7),
        ("medicine-psychiatry", "university-affiliated"): ("likely", 3),
        ("psychiatry", "any"): ("likely", 3),
    }
    assert result.basis.label == "Step 2 CK 228"
    first = result.tracks[0].rows[0]
    assert first.reason == "Step 2 CK 228 is 12 under the screen of 240 (unlikely: more than 10 under)"


def test_kind_tiers_use_the_practice_score_when_there_is_no_step2():
    result = kind_tiers(decision({"practice": practice(215, 226)}), BOOK)
    rows = {r.kind.kind: r for r in result.tracks[0].rows}
    assert rows["community"].tier == "likely"
    assert rows["community"].reason == "practice score 226 clears the screen of 220 by 6 (likely)"
    assert rows["university-affiliated"].tier == "target"


def test_tier_ids_name_the_guide_sections():
    assert [tiers.tier_id(t) for t in tiers.TIERS] == [
        "TIER-LIKELY",
        "TIER-TARGET",
        "TIER-REACH",
        "TIER-UNLIKELY",
    ]
    guide = (PROJECT.guide_dir / "program-selection.md").read_text(encoding="utf-8")
    for t in tiers.TIERS:
        assert f"{{ #tier-{t} }}" in guide
