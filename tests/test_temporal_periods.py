"""Quarters and year comparisons of business news (issue 13), on fictional sentences: a quarter just
ended stays this year's in a future clause; "year-earlier" after a figure of a year back is that
same period, not one more year back."""

from __future__ import annotations

import datetime as dt

import pytest

from newslint.testing import check_texts, document


def values(text: str, date: dt.date) -> list[tuple[str, str | None]]:
    return [(f.text, f.value) for f in document(text, "story.md", date=date).facts_of("temporal")]


@pytest.mark.parametrize(
    "text, date, expected",
    [
        # a quarter just ended, in a future clause: its results are still to come
        (
            "The mill plans to restructure after a third-quarter loss.",
            dt.date(2025, 10, 23),
            [("third-quarter", "2025-Q3")],
        ),
        (
            "The mill will report its third-quarter results.",
            dt.date(2025, 10, 23),
            [("third-quarter", "2025-Q3")],
        ),
        # a quarter long ended, in a future clause: next year's
        (
            "The mill will open a second kiln in the second quarter.",
            dt.date(2025, 12, 23),
            [("the second quarter", "2026-Q2")],
        ),
        # a past clause: the latest such quarter begun
        (
            "The mill lost money in the third quarter.",
            dt.date(2025, 10, 23),
            [("the third quarter", "2025-Q3")],
        ),
    ],
)
def test_a_quarter_just_ended_is_this_years_in_a_future_clause(text, date, expected):
    assert values(text, date) == expected


STORY = dt.date(2025, 3, 6)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Losses last year totaled 5 million crowns. The year-earlier results have been restated.",
            [("last year", "2024"), ("The year-earlier results", "2024")],
        ),
        # "a year earlier" after "a year ago": the same comparison, or a year further back? no guess
        (
            "The mill lost 2 million crowns a year ago. Sales were 3 million crowns, against 2.5 million a year earlier.",
            [("a year ago", "2024"), ("a year earlier", None)],
        ),
        # after a year that is no comparison, "a year earlier" is the year before it
        (
            "The mill lost 2 million crowns in 2019. A year earlier it made a profit.",
            [("2019", "2019"), ("A year earlier", "2018")],
        ),
    ],
)
def test_a_year_comparison_after_a_figure_of_a_year_back(text, expected):
    assert values(text, STORY) == expected


SOURCE = {
    "wire.txt": " date 2025-03-06 BRANNOCK: Storm losses at the Brannock mill totaled 5 million crowns last year. "
    "The year-earlier results have been restated.\n"
}


def codes(draft: str) -> list[str]:
    return [f.code for f in check_texts(draft, SOURCE, select=["NL402", "NL404"])]


def test_year_earlier_results_after_last_year_support_that_year():
    # faithful: the restated results are 2024's, as "last year" in a story of 2025
    assert codes(" date 2025-03-07 The Brannock mill's results for 2024 have been restated.\n") == []
    # planted: a year further back
    assert codes(" date 2025-03-07 The Brannock mill's results for 2023 have been restated.\n") == ["NL404"]


FRIDAY = dt.date(2025, 3, 7)  # the week of Monday 2025-03-03


def spans(text: str, date: dt.date = FRIDAY) -> list[tuple[str, str | None, str | None]]:
    return [
        (f.text, f.earliest, f.latest) for f in document(text, "story.md", date=date).facts_of("temporal")
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # "the last week" is the days up to the publication date, as "the past week"
        ("The ferry has been idle for the last week.", [("last week", "2025-02-28", "2025-03-07")]),
        ("The ferry has been idle for the past week.", [("past week", "2025-02-28", "2025-03-07")]),
        # "last week" alone is the calendar week before
        ("The ferry was idle last week.", [("last week", "2025-02-24", "2025-03-02")]),
        # "the last week of March", "the last year of his life": no week or year before this one
        ("The last week of March was wet.", [("March", "2025-03-01", "2025-03-31")]),
        ("The last year of his life was spent in Oddmoor.", []),
        ("In the last month of the campaign he spoke daily.", []),
    ],
)
def test_the_last_week_is_the_past_week_and_the_last_week_of_a_period_is_no_date(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The pier was wrecked in the summer of 1996.", [("in the summer of 1996", "1996-SU")]),
        ("Prices peaked in the winter of 1994.", [("in the winter of 1994", "1994-WI")]),
        # without a year the season is the tense's, as before
        ("The pier was wrecked last summer.", [("last summer", "2024-SU")]),
    ],
)
def test_a_season_of_a_year_is_that_years(text, expected):
    assert values(text, FRIDAY) == expected


def test_a_season_of_a_year_copied_is_faithful_and_another_year_or_season_is_caught():
    source = {
        "wire.txt": " date 2025-03-06 ODDMOOR: The Oddmoor pier was wrecked in the summer of 1996 by a storm.\n"
    }

    def found(draft: str) -> list[str]:
        return [f.code for f in check_texts(draft, source, select=["NL402", "NL404"])]

    assert found(" date 2025-03-07 The Oddmoor pier was wrecked in the summer of 1996 by a storm.\n") == []
    assert found(" date 2025-03-07 The Oddmoor pier was wrecked in 1996 by a storm.\n") == []
    assert found(" date 2025-03-07 The Oddmoor pier was wrecked in July 1996 by a storm.\n") == []
    assert "NL402" in found(
        " date 2025-03-07 The Oddmoor pier was wrecked in the winter of 1996 by a storm.\n"
    )
    assert "NL402" in found(
        " date 2025-03-07 The Oddmoor pier was wrecked in the summer of 1997 by a storm.\n"
    )


def test_the_week_of_a_day_is_that_week():
    story = dt.date(2025, 3, 6)
    assert spans("The appeal will be heard the week of March 10.", story) == [
        ("the week of March 10", "2025-03-10", "2025-03-16")
    ]
    assert spans("The appeal will be heard on March 10.", story) == [("March 10", "2025-03-10", "2025-03-10")]


def test_the_week_of_a_day_copied_is_faithful_and_another_week_drifts():
    source = {
        "wire.txt": " date 2025-03-06 ODDMOOR: The Oddmoor appeal will be heard the week of March 10, his lawyer said.\n"
    }

    def found(draft: str) -> list[str]:
        return [f.code for f in check_texts(draft, source, select=["NL402", "NL404"])]

    assert (
        found(" date 2025-03-07 The Oddmoor appeal will be heard the week of March 10, his lawyer said.\n")
        == []
    )
    assert "NL402" in found(
        " date 2025-03-07 The Oddmoor appeal will be heard the week of March 17, his lawyer said.\n"
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        # a figure compared with "a year earlier", no period before it: a year before the publication's
        ("Wages were 3.8 percent higher than a year earlier.", [("a year earlier", "2024")]),
        (
            "Takings fell to 8 million crowns from 9 million crowns a year earlier.",
            [("a year earlier", "2024")],
        ),
        # narrative "a year earlier" with nothing to follow stays unresolved
        ("He joined the mill. A year earlier he had left school.", [("A year earlier", None)]),
        # the comparison word of another sentence does not count
        ("Takings rose from 8 million crowns. A year earlier the mill had shut.", [("A year earlier", None)]),
    ],
)
def test_a_figures_year_earlier_with_nothing_to_follow_is_the_year_before(text, expected):
    assert values(text, FRIDAY) == expected


def test_a_figures_year_earlier_copied_is_faithful_and_another_year_drifts():
    source = {
        "wire.txt": " date 2025-03-06 BRANNOCK: Takings at the Brannock mill fell to 8 million crowns from 9 "
        "million crowns a year earlier.\n"
    }

    def found(draft: str) -> list[str]:
        return [f.code for f in check_texts(draft, source, select=["NL402", "NL404"])]

    assert (
        found(
            " date 2025-03-07 Takings at the Brannock mill fell to 8 million crowns from 9 million crowns a year earlier.\n"
        )
        == []
    )
    assert (
        found(
            " date 2025-03-07 Takings at the Brannock mill fell to 8 million crowns from 9 million crowns in 2024.\n"
        )
        == []
    )
    assert (
        found(
            " date 2025-03-07 Takings at the Brannock mill fell to 8 million crowns from 9 million crowns in 2022.\n"
        )
        != []
    )
