"""The date rules on the reference corpus (../shared/corpus/kursk-2024-08), exactly as issue 5 lists."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import CORPUS, needs_corpus

from newslint.testing import check_texts

pytestmark = needs_corpus


def text(prefix: str) -> str:
    return next(CORPUS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def nl4(draft: str, sources: list[str], name: str, **kwargs):
    return check_texts(
        draft, {f"{p}.txt": text(p) for p in sources}, draft_name=name, select=["NL4"], **kwargs
    )


def where(findings) -> list[tuple[str, int, int, int, str]]:
    return [(f.code, f.line, f.column, f.end_column, f.excerpt) for f in findings]


@pytest.fixture(scope="module")
def copy_of_000_dated_0820() -> str:
    """000 with its date changed from 2024-08-13 to 2024-08-20 (built here, never committed)."""
    original = text("000")
    changed, n = re.subn(r"\A date 2024-08-13", " date 2024-08-20", original)
    assert n == 1
    return changed


@pytest.mark.parametrize("prefix, line, column, more", [("001", 1, 18, 2), ("003", 5, 4, 4)])
def test_undated_rewrites_get_nl401_once(prefix, line, column, more):
    findings = nl4(text(prefix), ["000", "004"], f"{prefix}.txt")
    assert where(findings) == [("NL401", line, column, column + 7, "Tuesday")]
    assert f"(and {more} more)" in findings[0].message


def test_002_against_000_and_004_has_no_date_finding():
    # "August 6" (line 3) is "last Tuesday" in 000; "as of Monday" and "Tuesday" (lines 15, 25, 29)
    # resolve to the same days as in the sources; 002 is one day after 004.
    assert nl4(text("002"), ["000", "004"], "002.txt") == []


def test_copy_of_000_dated_a_week_later_drifts(copy_of_000_dated_0820):
    findings = [f for f in nl4(copy_of_000_dated_0820, ["000"], "copy.txt") if f.code == "NL402"]
    found = {(f.line, f.column): f for f in findings}
    # "said on Tuesday" (line 5): now August 20, was August 13
    said_tuesday = found[(5, 17)]
    assert said_tuesday.excerpt == "Tuesday"
    assert "Tuesday, August 20, 2024" in said_tuesday.message
    assert "Tuesday, August 13, 2024" in said_tuesday.message
    assert "000.txt:5" in said_tuesday.message
    assert (said_tuesday.evidence[0].path, said_tuesday.evidence[0].line) == ("000.txt", 5)
    assert said_tuesday.evidence[0].excerpt.startswith("Ukraine said on Tuesday it would not hold on")
    # "said on Monday" (line 9): now August 19, was August 12
    said_monday = found[(9, 99)]
    assert said_monday.excerpt == "Monday"
    assert "Monday, August 19, 2024" in said_monday.message
    assert "Monday, August 12, 2024" in said_monday.message
    # Every relative date of the copy moves a week; the absolute ones (the caption's "August 11,
    # 2024", "February 2022") do not.
    assert sorted(found) == [(5, 17), (7, 48), (7, 187), (9, 99), (11, 52), (13, 45)]
    assert found[(7, 48)].excerpt == "last Tuesday" and "August 6, 2024" in found[(7, 48)].message


def test_copy_of_000_dated_a_week_later_is_also_stale(copy_of_000_dated_0820):
    findings = [f for f in nl4(copy_of_000_dated_0820, ["000"], "copy.txt") if f.code != "NL402"]
    assert where(findings) == [("NL405", 1, 7, 17, "2024-08-20")]


def test_copy_of_000_with_its_own_date_is_faithful():
    assert nl4(text("000"), ["000", "004"], "copy.txt") == []


@pytest.mark.parametrize(
    "day, drifted", [(13, False), (14, False), (15, False), (19, False), (20, True), (22, True)]
)
def test_rewrites_dated_on_other_days(day, drifted):
    """001 dated on the day of 000, later that week, or even the next Monday still means August 13 by
    "on Tuesday"; dated from the next Tuesday on, its "on Tuesday" drifts a week."""
    findings = nl4(text("001"), ["000", "004"], "001.txt", date=dt.date(2024, 8, day))
    drift = [f for f in findings if f.code == "NL402"]
    assert bool(drift) == drifted
    if drifted:
        assert ("NL402", 1, 18, 25, "Tuesday") in where(drift)
    stale = day - 14 > 2
    assert [f.code for f in findings if f.code != "NL402"] == (["NL405"] if stale else [])


def test_004_against_000_and_002_has_no_date_finding():
    assert nl4(text("004"), ["000", "002"], "004.txt") == []
