"""Small-cohort privacy as a stated rule (issue 14, item 4).

A count is published only when both it and the rest of the cohort are at least
``min_group_size``; the total and the shares never give a pooled count back; a value every member
shares is not published; the advisor can switch the summary off (``cohort_summary: false``).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.project import Project
from generator.report.cohort import OTHER, Summary, cohort_tables, publishable
from generator.report.render import Renderer

from .conftest import copy_project
from .helpers import AS_OF, PROJECT

M = 3  # content/site.yml's min_group_size


def cohort(*scenarios: str, band: str | None = "BAND-IM-COMPETITIVE") -> list[Summary]:
    return [Summary(s, {"internal-medicine": band}, "READY-YES", "DELAY-AVOID") for s in scenarios]


def page(summaries: list[Summary], project: Project = PROJECT) -> str:
    return Renderer(project).cohort_page("c", summaries, AS_OF, False, [])


def numbers(text: str) -> list[str]:
    """The counts and shares in a page's tables."""
    return re.findall(r"\| (\d+) \| (\d+ %) \|", text)


def test_a_cohort_of_3_that_shares_a_failed_attempt_publishes_nothing_of_it():
    text = page(cohort("SCN-FAILED-ATTEMPT", "SCN-FAILED-ATTEMPT", "SCN-FAILED-ATTEMPT"))
    assert "SCN-FAILED-ATTEMPT" not in text and "100 %" not in text and numbers(text) == []
    assert "too small to count without pointing at someone" in text
    assert text.count("pointing at someone") == 1 and OTHER not in text  # one sentence, not four tables


def test_a_cohort_of_4_does_not_print_3_of_4():
    """ "3 (75 %)" of 4 would make the pooled row exactly 1."""
    text = page(cohort("SCN-A", "SCN-A", "SCN-A", "SCN-B"))
    assert "75 %" not in text and "25 %" not in text and "SCN-A" not in text and "SCN-B" not in text
    assert numbers(text) == []


def test_a_cohort_of_6_shows_groups_of_3_and_a_pool_of_3_but_not_4_and_2():
    even = cohort("SCN-A", "SCN-A", "SCN-A", "SCN-B", "SCN-B", "SCN-C")
    rows = cohort_tables(even, M)["Scenario"]
    assert [(r["key"], r["n"], r["share"]) for r in rows] == [("SCN-A", 3, "50 %"), (OTHER, 3, "50 %")]
    uneven = cohort("SCN-A", "SCN-A", "SCN-A", "SCN-A", "SCN-B", "SCN-B")
    assert cohort_tables(uneven, M)["Scenario"] == []  # 4 would say the other 2 are not SCN-A
    uneven = [Summary(s.scenario, s.bands, r, s.delay) for s, r in zip(uneven, ["R1", "R2"] * 3, strict=True)]
    text = page(uneven)  # readiness splits 3 and 3: that table shows, the scenario table says why not
    assert re.search(r"^\| r1 .*R1.* \| 3 \| 50 % \|$", text, re.M)
    assert "## Scenario" in text and "No count here can be shown" in text
    assert "SCN-A" not in text.split("## Scenario")[1].split("##")[0]


@pytest.mark.parametrize("size", [3, 4, 6])
def test_every_count_shown_passes_the_rule_and_no_pool_can_be_worked_out(size):
    for values in itertools.product("ABC", repeat=size):
        _check(cohort(*(f"SCN-{v}" for v in values)), size)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("ABCD"), st.sampled_from([None, "BAND-X", "BAND-Y"])),
        min_size=3,
        max_size=12,
    )
)
def test_the_rule_holds_for_any_cohort(members):
    summaries = [Summary(f"SCN-{s}", {"internal-medicine": b}, "R", "D") for s, b in members]
    _check(summaries, len(summaries))


def _check(summaries: list[Summary], size: int) -> None:
    for title, rows in cohort_tables(summaries, M).items():
        population = size
        if title.startswith("Step 2 CK band") and rows:
            population = sum(r["n"] for r in rows)
        published = [r["n"] for r in rows]
        assert all(publishable(n, population, M) for n in published), (title, published)
        pool = population - sum(published)  # what a reader can work out from the total
        assert pool == 0 or pool >= M, (title, published)
        if rows:
            assert sum(published) == population
    truth = Counter(s.scenario for s in summaries)
    for r in cohort_tables(summaries, M)["Scenario"]:
        if r["key"] != OTHER:
            assert r["n"] == truth[r["key"]] and r["n"] < size


def test_the_advisor_can_switch_the_summary_off(tmp_path):
    project = copy_project(tmp_path / "p", profiles=[])
    settings_file = project.content_dir / "site.yml"
    settings_file.write_text(
        settings_file.read_text().replace("cohort_summary: true", "cohort_summary: false")
    )
    text = page(cohort(*["SCN-A"] * 3, *["SCN-B"] * 3), Project(project.root))
    assert "publishes no summary" in text and numbers(text) == [] and "<svg" not in text
    settings_file.write_text(
        settings_file.read_text().replace("cohort_summary: false", "cohort_summary: maybe")
    )
    from generator.errors import InputError

    with pytest.raises(InputError, match="cohort_summary: must be true or false"):
        Project(project.root).site_settings  # noqa: B018
