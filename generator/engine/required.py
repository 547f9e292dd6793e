"""The rule IDs the code and the templates name, checked against the content when it loads.

A rule's condition, reason and advice live in ``content/rules.yml``; some rules are also named by
code (the study plan looks for ``USCE-GAP``) or by a template (the narrative cites ``LOR-IM``).
Renaming such a rule in the content alone would silently drop that part of a report, so loading
a rulebook without one of them stops with an error that names the file and line
(``check_required``). ``tests/test_architecture.py`` keeps these lists complete.
"""

from __future__ import annotations

from ..errors import InputError
from ..inputs.yamlio import Document
from .rulebook import Rulebook

# Rules of content/rules.yml that generator/ names in code or templates.
REQUIRED_RULES = frozenset(
    {
        "BAND-IM-CHALLENGING",
        "BAND-IM-COMPETITIVE",
        "BAND-IM-SOLID",
        "BAND-IM-VIABLE",
        "BAND-MP-BORDERLINE",
        "BAND-MP-CONCERNING",
        "BAND-MP-SOLID",
        "BAND-MP-VERY-COMPETITIVE",
        "DELAY-ADVISED",
        "DELAY-AVOID",
        "DELAY-WEIGH",
        "FAIL-MULTIPLE",
        "LOR-GAP",
        "LOR-IM",
        "LOR-MP",
        "NARR-IM-COMMITMENT",
        "NARR-INTERVIEW-FRAME",
        "NARR-MP-IDENTITY",
        "NARR-OWN-FAILURE",
        "NARR-SCORES-NOT-CENTRAL",
        "NARR-UPWARD-TREND",
        "PLAN-PROFILE-BUILDING",
        "PLAN-STEP1",
        "PLAN-STEP2-IM",
        "PLAN-STEP2-MP",
        "PLAN-WEAK-AREAS",
        "PROG-GEO-FLEX",
        "PROG-PARALLEL-IM",
        "PROG-PARALLEL-PSYCH",
        "READY-DO-NOT-SIT",
        "READY-INCONSISTENT",
        "READY-NOT-YET",
        "READY-OFF-TRACK",
        "READY-ON-TRACK",
        "READY-YES",
        "RES-INTEGRATED",
        "SCN-FAILED-ATTEMPT",
        "SCN-STEP1-PENDING",
        "SCN-STEP2-PENDING",
        "STEP3-CONSIDER",
        "TIME-MATCH-DAY",
        "TIME-SCORE-DEADLINE",
        "TIME-SCORE-LATE",
        "USCE-GAP",
        "VISA-H1B-STEP3",
        # rulebook v2
        "CYCLE-INTERVIEWING",
        "CYCLE-MATCH-WEEKS",
        "CYCLE-OVER",
        "CYCLE-PREPARING",
        "EXAM-LAST-ATTEMPT",
        "EXAM-NO-ATTEMPTS",
        "MATCH-SOAP-PLAN",
        "READY-STEP1-NOT-YET",
        "SIGNAL-PLAN",
        "STEP2-RETAKE",
        "TIME-MOVE-EARLIER",
        "TIME-PASS-BY-RANK",
    }
)

# Tiers are explained in the guide (content/guide/program-selection.md) under these IDs.
TIER_IDS = frozenset(
    {
        "TIER-LIKELY",
        "TIER-REACH",
        "TIER-TARGET",
        "TIER-UNLIKELY",
    }
)


def check_required(book: Rulebook, doc: Document) -> None:
    """Stop with a located error when a rule the code relies on is not in the rulebook ``doc``."""
    have = {rule.id for rule in book.rules}
    missing = sorted(REQUIRED_RULES - have)
    if missing:
        raise InputError(
            [
                doc.problem(
                    ("rules",),
                    f"no rule {rid}: img-guide's code or templates rely on it "
                    "(listed in generator/engine/required.py); rename it back, or change the code too",
                    key=True,
                )
                for rid in missing
            ]
        )
