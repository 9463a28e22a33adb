"""A month-day that a past verb governs ("was arrested on March 3", "said on Dec 2") lies before the
publication date (at most a day after it): never up to three months in the future, as the looser
grace of a clause's tense allows (SPEC §3).  Fictional text throughout."""

from __future__ import annotations

import datetime as dt

import pytest

from newslint.extractors.temporal import TENSE_GOVERNED_GRACE_DAYS, infer_year
from newslint.testing import check_texts, document

JANUARY = dt.date(2031, 1, 10)


def values(text: str, date: dt.date = JANUARY) -> list[tuple[str, str | None]]:
    return [(f.text, f.value) for f in document(text, "story.md", date=date).facts_of("temporal")]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a past verb right before the date, through "on", a participle or nothing: last year's
        ("The pilot was arrested on March 3 near the Velling harbour.", [("March 3", "2030-03-03")]),
        ("Mayor Ilse Varga said on March 3 that the bridge was unsafe.", [("March 3", "2030-03-03")]),
        ("Crews said the Orrin ferry sailed on Feb. 20 with no passengers.", [("Feb. 20", "2030-02-20")]),
        ("The keeper of the Dunmere light died March 3.", [("March 3", "2030-03-03")]),
        ("Mayor Varga said on 3 March that the bridge was unsafe.", [("3 March", "2030-03-03")]),
    ],
)
def test_a_past_verb_that_governs_a_month_day_puts_it_before_publication(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the past verb is the reporting clause's, the date another's: the nearest March 3 stays
        ("Varga said the vote on March 3 would settle it.", [("March 3", "2031-03-03")]),
        # a future clause, and a deadline moved forward by a past verb
        ("The Velling council will meet on March 3.", [("March 3", "2031-03-03")]),
        (
            "The port authority extended to Feb. 20 its offer for the Orrin ferry line.",
            [("Feb. 20", "2031-02-20")],
        ),
        # a date with its year is as written
        ("The pilot was arrested on March 3, 2031, the court was told.", [("March 3, 2031", "2031-03-03")]),
        # a governed date just before publication is this year's
        ("The pilot was arrested on Jan. 8 near the harbour.", [("Jan. 8", "2031-01-08")]),
    ],
)
def test_other_month_days_keep_their_nearest_year(text, expected):
    assert values(text) == expected


def test_the_governed_grace_is_a_day():
    assert TENSE_GOVERNED_GRACE_DAYS == 1
    # March 3 in a story of January 10, past tense: within the clause's grace of 90 days it stays,
    # with the governed grace it is last year's
    assert infer_year(JANUARY, 3, 3, "past") == 2031
    assert infer_year(JANUARY, 3, 3, "past", grace=TENSE_GOVERNED_GRACE_DAYS) == 2030
    assert infer_year(JANUARY, 1, 11, "past", grace=TENSE_GOVERNED_GRACE_DAYS) == 2031


SOURCE = {
    "wire.txt": " date 2031-01-09 VELLING: The harbour pilot Ansel Drobny was arrested on March 3 last year, "
    "police said on Thursday.\n"
}


def codes(draft: str) -> list[str]:
    return [f.code for f in check_texts(draft, SOURCE, select=["NL402", "NL404"])]


def test_a_draft_that_keeps_the_past_arrest_date_is_faithful_and_a_wrong_year_is_caught():
    # faithful: "was arrested on March 3" in January is last March, as the source says
    assert (
        codes(" date 2031-01-10 The harbour pilot Ansel Drobny was arrested on March 3, police said.\n") == []
    )
    assert (
        codes(" date 2031-01-10 The harbour pilot Ansel Drobny was arrested on March 3, 2030, police said.\n")
        == []
    )
    # planted: the arrest moved to this year, which is after publication
    assert (
        codes(" date 2031-01-10 The harbour pilot Ansel Drobny was arrested on March 3, 2031, police said.\n")
        != []
    )
