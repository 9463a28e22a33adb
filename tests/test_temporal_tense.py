"""The tense a date takes from its clause (issue 13), on fictional sentences: a present tense, a
participle after a form of "be", and an "-ed" adjective carry no past tense."""

from __future__ import annotations

import datetime as dt

import pytest

from newslint.testing import check_texts, document

MARCH = dt.date(2025, 3, 26)  # a Wednesday


def values(text: str, date: dt.date = MARCH) -> list[tuple[str, str | None]]:
    return [(f.text, f.value) for f in document(text, "story.md", date=date).facts_of("temporal")]


@pytest.mark.parametrize(
    "text, expected",
    [
        # the nearest verb is a present ("is heard"), not the reporting clause's past
        (
            "The warden had not signed the order before the appeal is heard in May in the high court.",
            [("May", "2025-05")],
        ),
        # (the story of March: "by February" without a tense is the nearest February)
        (
            "The sale, which had been expected, is part of a plan to repay the loan by February.",
            [("February", "2025-02")],
        ),
        # a participle after "be" takes the auxiliary's tense
        ("The ferry was sold in May.", [("May", "2024-05")]),
        ("The two men were arrested in early August.", [("early August", "2024-08")]),
        # an "-ed" adjective after a determiner is no past verb: "would be" decides
        ("The bonus would be paid on a still unspecified date in January.", [("January", "2026-01")]),
        ("The bonus would be paid in January, the unnamed official added.", [("January", "2026-01")]),
        # a past verb still makes a later month last year's
        ("Police arrested both men in early August.", [("early August", "2024-08")]),
        ("The company reported a loss in August.", [("August", "2024-08")]),
    ],
)
def test_the_tense_a_month_takes(text, expected):
    assert values(text) == expected


def test_a_present_clause_after_a_past_one_is_not_moved_a_year_back():
    story = dt.date(2025, 10, 30)
    text = "The sale, which had been expected, is part of a plan to repay the loan by February."
    assert values(text, story) == [("February", "2026-02")]


SOURCE = {
    "wire.txt": " date 2025-03-26 ODDMOOR: The warden had not signed the order before the appeal is heard "
    "in May in the high court, his lawyer said.\n"
}


def codes(draft: str) -> list[str]:
    return [f.code for f in check_texts(draft, SOURCE, select=["NL402", "NL404"])]


def test_a_present_tense_month_is_this_years_for_drafts_and_sources():
    # faithful: the source's "in May" (present tense) is May 2025, as the draft says
    assert (
        codes(" date 2025-03-27 The appeal is heard in May 2025 in the high court, the lawyer said.\n") == []
    )
    assert codes(" date 2025-03-27 The warden's appeal is heard in May, his lawyer said.\n") == []
    # planted: another year
    assert codes(
        " date 2025-03-27 The appeal is heard in May 2026 in the high court, the lawyer said.\n"
    ) == ["NL404"]
