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


@pytest.mark.parametrize(
    "text, date, expected",
    [
        # "effective" before a month-day cancels the past tense of the clause: the nearest such day
        (
            "The bank created a new post of deputy, effective Feb. 1.",
            dt.date(2025, 10, 23),
            [("Feb. 1", "2026-02-01")],
        ),
        (
            "The costs came from the new wage pact effective June 1.",
            dt.date(2025, 10, 23),
            [("June 1", "2025-06-01")],
        ),
        # without the cue a past clause keeps a date far ahead in last year
        (
            "The bank created a new post of deputy on Feb. 1.",
            dt.date(2025, 10, 23),
            [("Feb. 1", "2025-02-01")],
        ),
        # before a weekday the cue stays weak: a past clause keeps the weekday past
        ("The ban, effective Monday, was lifted.", dt.date(2025, 10, 23), [("Monday", "2025-10-20")]),
    ],
)
def test_effective_before_a_month_day_cancels_a_past_tense(text, date, expected):
    assert values(text, date) == expected


def test_a_sentence_whose_verb_comes_late_still_gives_its_tense():
    text = (
        "In January, a week after the anniversary of the founding of the Brannock harbour board and of "
        "the harbour master's office, a storm on the northern coast of the island wrecked the pier."
    )
    assert values(text, dt.date(2025, 10, 26)) == [("January", "2025-01")]


def test_an_effective_date_re_expressed_with_its_year_is_faithful_and_a_wrong_year_is_caught():
    source = {
        "wire.txt": " date 2025-10-23 ODDMOOR: The Oddmoor bank created a new post of deputy governor, "
        "effective Feb. 1.\n"
    }

    def found(draft: str) -> list[str]:
        return [f.code for f in check_texts(draft, source, select=["NL402", "NL404"])]

    assert (
        found(" date 2025-10-24 The Oddmoor bank created a new post of deputy governor, effective Feb. 1.\n")
        == []
    )
    assert (
        found(" date 2025-10-24 The Oddmoor bank's new deputy governor post takes effect on Feb. 1, 2026.\n")
        == []
    )
    assert (
        found(" date 2025-10-24 The Oddmoor bank's new deputy governor post took effect on Feb. 1, 2025.\n")
        != []
    )
