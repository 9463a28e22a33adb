"""The temporal extractor on the phenomena of real news text (issue 13), on fictional sentences: years,
the year a month takes from its clause's tense, future cues, anchored expressions, recurring days and
words that look like dates but are not."""

from __future__ import annotations

import datetime as dt

import pytest

from newslint.facts.temporal import TemporalExpression
from newslint.testing import document

THURSDAY = dt.date(2025, 3, 6)  # the week of Monday 2025-03-03 .. Sunday 2025-03-09


def dates(text: str, date: dt.date | None = THURSDAY) -> list[TemporalExpression]:
    return list(document(text, "story.md", date=date).facts_of("temporal"))


def resolved(text: str, date: dt.date | None = THURSDAY) -> list[tuple[str, str | None, str | None]]:
    return [(f.text, f.earliest, f.latest) for f in dates(text, date)]


def values(text: str, date: dt.date | None = THURSDAY) -> list[tuple[str, str | None]]:
    return [(f.text, f.value) for f in dates(text, date)]


# -- years --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He is charged over the 1996 harbour fire that killed two.", [("1996", "1996")]),
        ("A 2019 bylaw bans night fishing.", [("2019", "2019")]),
        ("The mill's 2023 results were poor.", [("2023", "2023")]),
        ("Ferries ran between 1994 and 1997.", [("1994", "1994"), ("1997", "1997")]),
        ("Floods hit in 1994, 1995 and 1997.", [("1994", "1994"), ("1995", "1995"), ("1997", "1997")]),
        ("The levy ran from 2009-2010.", [("2009", "2009"), ("2010", "2010")]),
        ("The quay was rebuilt in early 1997.", [("1997", "1997")]),
        ("Tolls rose in fiscal 2023.", [("2023", "2023")]),
        ("Profits for 1988 were flat.", [("1988", "1988")]),
        # "fiscal" and a hyphened "post-" make it a year whatever follows
        ("The mill beat its fiscal 2023 sales.", [("2023", "2023")]),
        ("The post-1990 ferries are faster.", [("1990", "1990")]),
        # a verb after the year leaves it a year
        ("Spending on the quay in 2026 will rise slightly.", [("2026", "2026")]),
        ("Protests began in 1992 intended to shut the mill.", [("1992", "1992")]),
    ],
)
def test_years_news_writes(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The harbour wall was built in nineteen ninety-six.", [("nineteen ninety-six", "1996")]),
        ("Brannock nineteen eighty-one. A storm breaks the pier.", [("nineteen eighty-one", "1981")]),
        ("The mill opened in nineteen fifteen.", [("nineteen fifteen", "1915")]),
        ("January nineteen ninety-seven. Brannock again.", [("January nineteen ninety-seven", "1997-01")]),
        ("The quay was to be rebuilt by the year two thousand.", [("the year two thousand", "2000")]),
        ("Tolls rose in the year two thousand and four.", [("the year two thousand and four", "2004")]),
        # counts, not years
        ("Nineteen boats were lost and two thousand people fled.", []),
    ],
)
def test_years_said_aloud_in_broadcast_transcripts(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Takings for the full year were 9 million crowns.", [("the full year", "2025")]),
        ("The mill plans to cut 40 jobs by the end of the year.", [("the year", "2025")]),
        ("Fares rose earlier in the year.", [("the year", "2025")]),
        ("Fares will rise 3% in the current year.", [("the current year", "2025")]),
        # after a date of another year it may mean that year: left unresolved, not guessed
        (
            "The mill shut in 2019. Earlier in the year it had cut jobs.",
            [("2019", "2019"), ("the year", None)],
        ),
        # not dates
        ("The harbour master was named person of the year.", []),
        ("Divers come at this time of the year.", []),
        ("The year before, fares rose.", [("The year before", None)]),
    ],
)
def test_the_year_is_the_publication_year_unless_another_year_was_just_named(text, expected):
    assert values(text) == expected


def test_the_full_year_copied_into_next_years_draft_drifts():
    from newslint.testing import check_texts

    source = {
        "wire.txt": " date 2025-03-06 BRANNOCK: Takings at the Brannock mill for the full year were 9 million crowns.\n"
    }

    def codes(draft: str) -> list[str]:
        return [f.code for f in check_texts(draft, source, select=["NL402", "NL404"])]

    assert (
        codes(" date 2025-03-07 Takings at the Brannock mill for the full year were 9 million crowns.\n")
        == []
    )
    assert codes(" date 2025-03-07 Takings at the Brannock mill in 2025 were 9 million crowns.\n") == []
    assert codes(
        " date 2026-03-06 Takings at the Brannock mill for the full year were 9 million crowns.\n"
    ) == ["NL402"]


def test_a_year_said_aloud_in_a_transcript_supports_the_same_year_in_digits():
    from newslint.testing import check_texts

    source = {"radio.txt": " date 2025-03-06 The Brannock harbour wall was built in nineteen ninety-six.\n"}

    def codes(year: int) -> list[str]:
        draft = f" date 2025-03-07 The Brannock harbour wall was built in {year}.\n"
        return [f.code for f in check_texts(draft, source, select=["NL402", "NL404"])]

    assert codes(1996) == []
    assert codes(1997) == ["NL404"]


def test_early_mid_late_year_are_parts_of_it():
    (f,) = dates("The quay was rebuilt in early 1997.")
    assert (f.earliest, f.latest) == ("1997-01-01", "1997-04-30")


@pytest.mark.parametrize(
    "text",
    [
        "The 2000 people on the quay waited.",
        "The nearly 2000 villagers were moved.",
        "Builders finished work on 2022 homes.",
        "A 1500 metres swim opened the gala.",
        "The council grew the estate by 1500 new homes.",
        "Turnout rose to 2000 voters in 2000 villages.",
        "The ferry line added 2020 extra seats.",
    ],
)
def test_counts_are_not_years(text):
    assert dates(text) == []


# -- the year of a month or month-day, by tense ----------------------------------------------------


def test_a_past_month_clearly_after_the_publication_day_is_last_years():
    # a story of 2013-03-22: "arrested in early August" happened in August 2012
    (f,) = dates("Police arrested both men in early August.", dt.date(2013, 3, 22))
    assert f.value == "2012-08" and (f.earliest, f.latest) == ("2012-08-01", "2012-08-10")


def test_a_future_month_clearly_before_the_publication_day_is_next_years():
    (f,) = dates("The crew will sail for Norra in December.", dt.date(2025, 3, 4))
    assert f.value == "2025-12"


def test_a_month_without_tense_is_the_nearest():
    assert values("The ferry timetable for December.", dt.date(2025, 3, 4)) == [("December", "2024-12")]


def test_a_past_month_day_far_ahead_is_last_years_but_a_near_one_keeps_its_year():
    assert values("He was last seen on Nov. 3.", dt.date(1999, 5, 7)) == [("Nov. 3", "1998-11-03")]
    # "said ... by Jan. 14": the reporting verb's past tense does not move a date a week ahead
    assert values("The agency said the boy must leave by Jan. 14.", dt.date(2000, 1, 6)) == [
        ("Jan. 14", "2000-01-14")
    ]


def test_a_weak_future_cue_moves_a_date_forward_unless_the_clause_is_past():
    assert values("The dividend is payable Jan. 2.", dt.date(1989, 11, 2)) == [("Jan. 2", "1990-01-02")]
    # a past clause: the date stays within half a year unless it is clearly ahead (more than 90 days)
    assert values("The dividend was paid Jan. 2.", dt.date(1989, 11, 2)) == [("Jan. 2", "1990-01-02")]
    assert values("The dividend was paid Jan. 2.", dt.date(1989, 9, 20)) == [("Jan. 2", "1989-01-02")]


def test_month_this_year_and_last_year_combine():
    story = dt.date(2025, 3, 4)
    assert values("Talks began in February this year.", story) == [("February this year", "2025-02")]
    assert values("The yard closed in June last year.", story) == [("June last year", "2024-06")]


def test_a_month_as_a_noun_modifier():
    assert values("Police reopened the October shooting case.", dt.date(2025, 3, 4)) == [
        ("October", "2024-10")
    ]
    assert values("The report on December's figures is late.", dt.date(2025, 3, 4)) == [
        ("December", "2024-12")
    ]


# -- future cues --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, day",
    [
        ("The ferry is set to resume on Monday.", "2025-03-10"),
        ("The vote is scheduled for Monday.", "2025-03-10"),
        ("The council is planning to vote on Monday.", "2025-03-10"),
        ("The result would be known on Monday.", "2025-03-10"),
        ("The crew could leave as soon as Monday, the harbourmaster said.", "2025-03-10"),
        ("The court postponed until Monday any ruling on the pier.", "2025-03-10"),
        ("The fair is this coming Sunday.", "2025-03-09"),
        ("The harbour board meets Monday to decide.", "2025-03-10"),
        ("The crew planned to sail for Norra on Monday.", "2025-03-10"),
        ("Both mayors meet separately on Monday with the minister.", "2025-03-10"),
    ],
)
def test_future_cues_move_a_weekday_forward(text, day):
    (f,) = dates(text)
    assert (f.earliest, f.tense) == (day, "future")


@pytest.mark.parametrize(
    "text, day",
    [
        ("The storm lasted until Monday.", "2025-03-03"),
        ("The team did not play on Monday.", "2025-03-03"),
        ("The harbour board met Monday to decide.", "2025-03-03"),
        ("On Monday, the crew planned to sail for Norra.", "2025-03-03"),
    ],
)
def test_past_clauses_keep_a_weekday_in_the_past(text, day):
    (f,) = dates(text)
    assert f.earliest == day


# -- last/this/next units -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("It opened last week.", "2025-W09"),
        ("It opens next week.", "2025-W11"),
        ("It opened this week.", "2025-W10"),
        ("It opened last month.", "2025-02"),
        ("It opens next month.", "2025-04"),
        ("It opened last year.", "2024"),
        ("It opens next year.", "2026"),
        ("It opened this year.", "2025"),
    ],
)
def test_last_this_next_units(text, value):
    ((_, got),) = values(text)
    assert got == value


@pytest.mark.parametrize(
    "text, value",
    [
        ("Takings fell last quarter.", "2024-Q4"),
        ("Takings rose this quarter.", "2025-Q1"),
        ("Takings fell in the third quarter.", "2024-Q3"),
        ("Takings fell in the latest quarter.", "2024-Q4"),
        ("The yard closed last fall.", "2024-FA"),
        ("The yard reopens this summer.", "2025-SU"),
        ("The yard closed in the winter.", "2024-WI"),
        ("The quay was built a decade ago.", "2015"),
        ("The quay was built in the 1990s.", "199"),
        ("The quay was built in the late 1970s.", "197"),
        ("Takings fell in the quarter.", "2024-Q4"),
        ("Takings will rise in next year's first quarter.", "2026-Q1"),
        ("Takings rose in the current quarter.", "2025-Q1"),
        ("Takings fell in the 2023 second quarter.", "2023-Q2"),
        ("Takings fell in the first quarter of 2023.", "2023-Q1"),
        ("The pier was shut over the weekend.", "2025-W09-WE"),
        ("The pier will be shut over the weekend.", "2025-W10-WE"),
    ],
)
def test_quarters_seasons_and_decades(text, value):
    ((_, got),) = values(text)
    assert got == value


def test_a_year_earlier_period_follows_the_period_it_compares_with():
    got = values("Takings fell in the third quarter, down from the year-earlier quarter.")
    assert got == [("the third quarter", "2024-Q3"), ("the year-earlier quarter", "2023-Q3")]


@pytest.mark.parametrize(
    "text, expected",
    [
        # the period it compares with keeps its granularity a year back
        (
            "Takings at the Brannock mill fell in the third quarter. In the year-ago quarter they rose.",
            [("the third quarter", "2024-Q3"), ("the year-ago quarter", "2023-Q3")],
        ),
        (
            "Ferry tickets rose in January from the year-earlier month.",
            [("January", "2025-01"), ("the year-earlier month", "2024-01")],
        ),
        ("Takings rose from the year-ago third quarter.", [("the year-ago third quarter", "2023-Q3")]),
        # "year-ago" counts from the publication date: after a period already a year back it is
        # not a year before that one
        (
            "Takings fell from the 2024 level. The year-ago results included a sale of boats.",
            [("2024", "2024"), ("The year-ago results", "2024")],
        ),
        # "year-earlier" counts from the period it follows, whichever year that is
        (
            "The mill lost money in 2019. In the year-earlier period it broke even.",
            [("2019", "2019"), ("the year-earlier period", "2018")],
        ),
        # "results" (or "a year earlier") are those of the period they compare with
        (
            "Takings fell in the third quarter; the year-ago results were better.",
            [("the third quarter", "2024-Q3"), ("the year-ago results", "2023-Q3")],
        ),
        (
            "Takings fell to 1.2 million crowns in the third quarter from 1.5 million a year earlier.",
            [("the third quarter", "2024-Q3"), ("a year earlier", "2023-Q3")],
        ),
        (
            "Takings rose in the fourth quarter to 1.2 million crowns from 1.1 million a year ago.",
            [("the fourth quarter", "2024-Q4"), ("a year ago", "2023-Q4")],
        ),
        # a quarter long past is not the one being reported: "a year ago" stays the year
        (
            "Takings rose in the first quarter of 2021. A year ago the mill cut 20 jobs.",
            [("the first quarter of 2021", "2021-Q1"), ("A year ago", "2024")],
        ),
        ("A year ago the mill cut 20 jobs.", [("A year ago", "2024")]),
        # but not when it names another period, or after a day
        (
            "Takings fell in the third quarter; the year-earlier month was worse.",
            [("the third quarter", "2024-Q3"), ("the year-earlier month", "2023")],
        ),
        (
            "The pier shut on March 3. A year earlier it had been repainted.",
            [("March 3", "2025-03-03"), ("A year earlier", "2024")],
        ),
    ],
)
def test_year_ago_and_year_earlier_periods(text, expected):
    assert values(text) == expected


# -- anchored expressions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expression, day",
    [
        (
            "The pier collapsed on March 1. Divers had inspected it the day before.",
            "the day before",
            "2025-02-28",
        ),
        ("The pier collapsed on March 1. A day later the council met.", "A day later", "2025-03-02"),
        ("The pier collapsed on March 1. Two days later the council met.", "Two days later", "2025-03-03"),
        (
            "The council met on March 4. The last inspection was the previous Friday.",
            "the previous Friday",
            "2025-02-28",
        ),
        (
            "The pier collapsed on Tuesday. The council met the following day.",
            "the following day",
            "2025-03-05",
        ),
        (
            "The pier collapsed on March 1. Earlier that day divers saw cracks.",
            "Earlier that day",
            "2025-03-01",
        ),
        ("The pier collapsed on March 1, and the council met that same day.", "that same day", "2025-03-01"),
    ],
)
def test_anchored_expressions_follow_the_date_of_their_event(text, expression, day):
    got = resolved(text)
    assert got[-1] == (expression, day, day)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Ms Varga fled to Lisse in June 2021 and returned later that year.",
            [("June 2021", "2021-06"), ("later that year", "2021")],
        ),
        ("Ferry traffic fell in 2019. Fares rose that year too.", [("2019", "2019"), ("that year", "2019")]),
        # no date to follow: "that day" names none, and "that year after year" is no date at all
        ("Traders lost money on the trades made that day.", []),
        ("The quay flooded that year after year, residents said.", []),
    ],
)
def test_that_day_and_that_year_are_the_day_and_year_of_the_event_they_follow(text, expected):
    assert values(text) == expected


def test_that_year_copied_after_another_year_drifts_and_re_expressed_is_faithful():
    from newslint.testing import check_texts

    source = {
        "wire.txt": " date 2025-03-06 LISSE: Ms Varga fled to Lisse in June 2021 and returned to Oddmoor later "
        "that year, her lawyer Piet Moll said.\n"
    }

    def codes(draft: str) -> list[str]:
        return [f.code for f in check_texts(draft, source, select=["NL402", "NL404"])]

    assert (
        codes(
            " date 2025-03-07 Ms Varga fled to Lisse in June 2021 and returned to Oddmoor later that year, her "
            "lawyer Piet Moll said.\n"
        )
        == []
    )
    # "in 2021" for "later that year": the same year
    assert (
        codes(
            " date 2025-03-07 Ms Varga fled to Lisse in June 2021 and returned to Oddmoor in 2021, her lawyer "
            "Piet Moll said.\n"
        )
        == []
    )
    assert "NL404" in codes(
        " date 2025-03-07 Ms Varga fled to Lisse in June 2021 and returned to Oddmoor in 2022, her lawyer "
        "Piet Moll said.\n"
    )


def test_the_day_before_yesterday_is_relative_to_the_publication_day():
    assert resolved("The pier closed the day before yesterday.") == [
        ("the day before yesterday", "2025-03-04", "2025-03-04")
    ]
    assert resolved("The pier reopens the day after tomorrow.") == [
        ("the day after tomorrow", "2025-03-08", "2025-03-08")
    ]


def test_an_anchored_expression_with_nothing_to_follow_stays_unresolved():
    (f,) = dates("Divers had inspected the pier the day before.")
    assert f.form == "anchored" and f.earliest is None


# -- not one date, or not a date -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The market opens every Thursday.",
        "Each Sunday the ferry runs late.",
        "Today's youth rarely fish.",
        "The mayor spoke of the people of tomorrow.",
        "She told the talk show This Week that she would run.",
        'Speaking on the Norra Radio show "This Week," she said she would run.',
        "The ferry left later in the day before returning to Norra.",
    ],
)
def test_recurring_days_and_false_dates_are_not_dates(text):
    assert dates(text) == []


def test_today_and_tomorrow_that_are_dates_stay_dates():
    assert [f.text for f in dates("Today's meeting was short. The vote is as of today.")] == [
        "Today",
        "today",
    ]


def test_a_date_inside_any_quotation_mark_the_quotes_extractor_knows_is_quoted():
    facts = dates("«We met on Tuesday», the mayor said on Wednesday.")
    assert [(f.text, f.quoted) for f in facts] == [("Tuesday", True), ("Wednesday", False)]


# -- the calendar pack ------------------------------------------------------------------------------


def test_a_newsroom_pack_adds_a_spelling_of_a_month():
    from newslint.rulepacks import RulePacks, builtin_pack_paths

    packs = RulePacks()
    for path in builtin_pack_paths():
        packs.add_file(path)
    packs.add({"calendar": {"month-abbreviations": {"febr": "february"}}}, "newsroom.toml")
    doc = document("The levy rose on Febr. 3.", "story.md", date=THURSDAY)
    from newslint.extractors.temporal import extract

    assert [(f.text, f.earliest) for f in extract(doc, packs)] == [("Febr. 3", "2025-02-03")]


def test_a_pack_that_breaks_the_month_list_is_refused_clearly():
    from newslint.extractors.temporal import vocabulary
    from newslint.rulepacks import RulePacks

    packs = RulePacks()
    packs.add({"calendar": {"months": ["janvier"], "weekdays": []}}, "bad.toml")
    with pytest.raises(ValueError, match="12 months and the 7 weekdays"):
        vocabulary(packs)


# -- the granularity an expression names ------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        # "six weeks ago" names a week, not the day exactly 42 days back (HeidelTime's "1999-W47")
        ("The ferry sank six weeks ago.", "2025-W04"),
        ("The ferry sank two weeks ago.", "2025-W08"),
        # "a week ago" is the day a week back, as wire copy means it
        ("The ferry sank a week ago.", "2025-02-27"),
        ("The ferry sank three days ago.", "2025-03-03"),
    ],
)
def test_weeks_ago_is_a_week_unless_it_is_one(text, value):
    ((_, got),) = values(text)
    assert got == value


def test_weeks_ago_copied_a_day_later_is_faithful_a_fortnight_later_drifts():
    from newslint.testing import check_texts

    source = {
        "wire.txt": " date 2025-03-06 ODDMOOR: The Kessel ferry sank six weeks ago off Brannock Point.\n"
    }

    def drift(draft: str) -> list[str]:
        return [f.code for f in check_texts(draft, source, select=["NL402"])]

    # the next day is in the same week: "six weeks ago" still names the week of 20 January
    assert drift(" date 2025-03-07 The Kessel ferry sank six weeks ago off Brannock Point.\n") == []
    # re-expressed for a week later: seven weeks
    assert drift(" date 2025-03-13 The Kessel ferry sank seven weeks ago off Brannock Point.\n") == []
    # copied unchanged into a draft dated two weeks later: a fortnight off
    assert drift(" date 2025-03-20 The Kessel ferry sank six weeks ago off Brannock Point.\n") == ["NL402"]


def test_a_year_ago_quarter_supports_that_quarter_named_with_its_year():
    from newslint.testing import check_texts

    source = {
        "wire.txt": " date 2025-03-06 BRANNOCK: Takings at the Brannock mill fell to 1.8 million crowns in the "
        "fourth quarter, from 2.1 million crowns in the year-ago quarter.\n"
    }
    draft = (
        " date 2025-03-07 Takings at the Brannock mill fell to 1.8 million crowns in the fourth quarter of "
        "2024, from 2.1 million crowns in the fourth quarter of {year}.\n"
    )

    def codes(year: int) -> list[str]:
        return [f.code for f in check_texts(draft.format(year=year), source, select=["NL402", "NL404"])]

    assert codes(2023) == []  # the year-ago quarter re-expressed with its year (was a false NL404)
    assert codes(2022) == ["NL402", "NL404"]  # a year off


def test_a_quarter_compared_with_a_year_ago_supports_that_quarter_a_year_back():
    from newslint.testing import check_texts

    source = {
        "wire.txt": " date 2025-03-06 BRANNOCK: Takings at the Brannock mill rose to 1.2 million crowns in "
        "the fourth quarter from 1.1 million crowns a year ago.\n"
    }
    draft = (
        " date 2025-03-07 Takings at the Brannock mill rose to 1.2 million crowns in the fourth quarter of "
        "2024 from 1.1 million crowns in the fourth quarter of {year}.\n"
    )

    def codes(year: int) -> list[str]:
        return [f.code for f in check_texts(draft.format(year=year), source, select=["NL402", "NL404"])]

    assert codes(2023) == []  # re-expressed faithfully
    assert "NL404" in codes(2022)  # a year off: no source date supports it


# -- holidays ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The boy was pulled from the sea on Thanksgiving Day.", [("Thanksgiving Day", "2024-11-28")]),
        ("The boy was pulled from the sea last Thanksgiving.", [("last Thanksgiving", "2024-11-28")]),
        ("The quay flooded on Christmas Eve.", [("Christmas Eve", "2024-12-24")]),
        ("The ferry sank on New Year’s Day.", [("New Year’s Day", "2025-01-01")]),
        ("The ferry will sail again next Christmas Day.", [("next Christmas Day", "2025-12-25")]),
        # a word, not the holiday
        ("The crews gave thanksgiving for the rain.", []),
    ],
)
def test_holidays_are_month_days_of_the_year_the_clause_implies(text, expected):
    assert values(text) == expected


def test_a_holiday_is_checked_like_the_month_day_it_is():
    from newslint.testing import check_texts

    source = {
        "wire.txt": " date 2025-03-06 ODDMOOR: The Kessel ferry sank off Brannock Point on Christmas Eve.\n"
    }

    def codes(draft: str) -> list[str]:
        return [f.code for f in check_texts(draft, source, select=["NL402", "NL404"])]

    assert codes(" date 2025-03-07 The Kessel ferry sank off Brannock Point on December 24.\n") == []
    assert codes(" date 2025-03-07 The Kessel ferry sank off Brannock Point on Christmas Eve.\n") == []
    assert "NL404" in codes(" date 2025-03-07 The Kessel ferry sank off Brannock Point on December 23.\n")


def test_a_newsroom_pack_adds_a_holiday_and_a_broken_one_is_refused():
    from newslint.extractors.temporal import extract, vocabulary
    from newslint.rulepacks import RulePacks, builtin_pack_paths

    packs = RulePacks()
    for path in builtin_pack_paths():
        packs.add_file(path)
    packs.add({"calendar": {"holidays": {"harbour day": "07-monday-1"}}}, "newsroom.toml")
    doc = document("The regatta was held on Harbour Day.", "story.md", date=THURSDAY)
    assert [(f.text, f.earliest) for f in extract(doc, packs)] == [("Harbour Day", "2024-07-01")]
    packs.add({"calendar": {"holidays": {"pier day": "13-40"}}}, "bad.toml")
    with pytest.raises(ValueError, match="holidays"):
        vocabulary(packs)
