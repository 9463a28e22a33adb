"""The temporal extractor on the phenomena the TimeML benchmark (bench/accuracy/timeml.py) showed it
missing or resolving wrong, on fictional sentences: datelines set alone in their paragraph, years
in all their forms, decades and centuries, halves of a year, the end of a year, and the planted /
faithful pairs the date rules must keep apart."""

from __future__ import annotations

import datetime as dt

import pytest

from newslint.facts.temporal import TemporalExpression
from newslint.testing import check_texts, document

THURSDAY = dt.date(2025, 3, 6)  # the week of Monday 2025-03-03 .. Sunday 2025-03-09


def dates(text: str, date: dt.date | None = THURSDAY) -> list[TemporalExpression]:
    return list(document(text, "story.txt", date=date).facts_of("temporal"))


def values(text: str, date: dt.date | None = THURSDAY) -> list[tuple[str, str | None]]:
    return [(f.text, f.value) for f in dates(text, date)]


# -- a dateline alone in its paragraph ------------------------------------------------------------

DATELINE_ALONE = (
    "ODDMOOR, March 4 (Northwire) --\n\n"
    "Fishermen blockaded the Oddmoor harbour mouth on Tuesday in protest at the new mooring fees.\n"
)


def test_a_dateline_alone_in_its_paragraph_dates_the_story():
    doc = document(DATELINE_ALONE, "wire.txt")
    assert doc.date is not None and (doc.date.month, doc.date.day) == (3, 4)
    assert doc.dateline == "ODDMOOR, March 4 (Northwire)"
    facts = {f.text: f for f in doc.facts_of("temporal")}
    assert facts["March 4"].form == "dateline"
    tuesday = doc.date - dt.timedelta(days=(doc.date.weekday() - 1) % 7)  # the Tuesday up to it
    assert facts["Tuesday"].earliest == tuesday.isoformat()


def test_a_dateline_date_is_neither_unsourced_nor_drift():
    draft = "ODDMOOR, March 4 (Northwire) --\n\nFishermen blockaded the Oddmoor harbour mouth in protest.\n"
    source = " date 2025-03-03 ODDMOOR: Fishermen blockaded the Oddmoor harbour mouth in protest.\n"
    assert check_texts(draft, {"wire.txt": source}, select=["NL402", "NL404"]) == []


# -- years in all their forms ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mayor Orla Fenn, who lost her bitter 2019 campaign, spoke.", [("2019", "2019")]),
        ("That 2017 bylaw still stands.", [("2017", "2017")]),
        ("Thefts dating to 2016 were never solved.", [("2016", "2016")]),
        ("Thefts dating back to 2016 were never solved.", [("2016", "2016")]),
        ("It sold bonds due 2031 to the pension fund.", [("2031", "2031")]),
        ("Leaders of the 2019 protests have left Varn.", [("2019", "2019")]),
        ("The 2023 results of the mill were poor.", [("2023", "2023")]),
    ],
)
def test_years_after_determiners_adjectives_and_prepositions(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Officials counted the 2000 homes on the ridge.",
        "That 1500 people came surprised the organisers.",
        "Crews rowed the last 2000 metres in silence.",
        "The ferry carried its usual 1200 passengers.",
    ],
)
def test_counts_after_determiners_stay_counts(text):
    assert values(text) == []


# -- halves, decades, centuries, the year's end ---------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Profit fell in the first half of 2024.", [("the first half of 2024", "2024-H1")]),
        ("It expects losses in the second half of this year.", [("the second half of this year", "2025-H2")]),
        (
            "Sales slowed through the last two quarters of 2023.",
            [("the last two quarters of 2023", "2023-H2")],
        ),
        ("Varn boomed through the nineties.", [("the nineties", "199")]),
        ("The mill closed in the late eighties.", [("the late eighties", "198")]),
        ("Ferries have run since the '70s.", [("the '70s", "197")]),
        ("The chapel is a 14th century ruin.", [("14th century", "13")]),
        ("It was the worst flood of the 20th century.", [("the 20th century", "19")]),
        ("Orders were weak in the early summer, it said.", [("in the early summer", "2024-SU")]),
        ("The pier reopens in late spring.", [("in late spring", "2025-SP")]),
        ("The sale should close by year-end.", [("year-end", "2025-12-31")]),
        ("Sales at Varn rose in the current fiscal year.", [("the current fiscal year", "2025")]),
        ("Its shares have fallen 8% since year end.", [("year end", "2024-12-31")]),
        ("The new pier should be open by year's end.", [("year's end", "2025-12-31")]),
    ],
)
def test_halves_decades_centuries_and_the_end_of_the_year(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "She scored twice in the first half of the match.",
        "He moved to Varn in his twenties.",
        "Their first half was poor.",
    ],
)
def test_halves_of_other_things_and_ages_are_no_dates(text):
    assert values(text) == []


def test_two_days_of_one_month_are_two_dates():
    assert values("The summit meets in Varn on April 24 and 25.") == [
        ("April 24", "2025-04-24"),
        ("25", "2025-04-25"),
    ]
    assert values("Talks were held on April 24 and 25, officials said.") == [
        ("April 24", "2025-04-24"),
        ("25", "2025-04-25"),
    ]
    # a count after "and" is a count
    assert [t for t, _ in values("Since April 24 and 25 people have signed.")] == ["April 24"]


def test_a_century_is_never_unsourced():
    draft = " date 2025-03-06 It was the worst flood of the 20th century in Varn, the council said.\n"
    source = " date 2025-03-05 The council said the flood was the worst in memory.\n"
    assert check_texts(draft, {"wire.txt": source}, select=["NL404"]) == []


def test_a_half_year_is_sourced_by_its_year_and_unsourced_otherwise():
    source = " date 2025-03-05 The Varn mill said profit fell in the first half of 2024.\n"
    faithful = " date 2025-03-06 Profit at the Varn mill fell in the first half of 2024, it said.\n"
    assert check_texts(faithful, {"wire.txt": source}, select=["NL404"]) == []
    planted = faithful.replace("2024", "2023")
    assert [f.code for f in check_texts(planted, {"wire.txt": source}, select=["NL404"])] == ["NL404"]


# -- reports of a quarter --------------------------------------------------------------------------

REPORT = (
    "Varn Ferries said third-quarter profit rose 12% to $4.1 million. "
    "Revenue in the latest period rose to $40 million. "
    "It compared with a year-earlier loss of $2 million. "
    "Fuel costs were lower than in the 2024 quarter. "
)


def test_a_quarters_report_compares_its_periods():
    found = values(REPORT, dt.date(2025, 10, 30))
    assert ("third-quarter", "2025-Q3") in found
    assert ("the latest period", "2025-Q3") in found
    assert ("2024", "2024-Q3") in found  # "the 2024 quarter": that quarter of 2024
    assert ("a year-earlier", "2024-Q3") in found
    assert values("Exports were 27% of sales in the latest fiscal year.", dt.date(2025, 10, 30)) == [
        ("the latest fiscal year", "2024")
    ]


def test_a_year_earlier_period_a_few_sentences_into_a_report_is_its_quarter_a_year_back():
    text = (
        "Varn Ferries said third-quarter profit rose 12% to $4.1 million. "
        "The results beat forecasts. Analysts had expected less. "
        "In the year-earlier period, it earned $3.6 million."
    )
    assert ("the year-earlier period", "2024-Q3") in values(text, dt.date(2025, 10, 30))


def test_a_week_or_so_ago_and_through_a_month():
    assert values("Then, a week or so ago, the ferry board met.") == [("a week or so ago", "2025-02-27")]
    # "through": a weak cue, forward after a deadline verb, not after another past verb
    assert values("The bank has extended its loans through January.", dt.date(2025, 10, 30)) == [
        ("January", "2026-01")
    ]
    assert values("Prices fell through January, the board said.", dt.date(2025, 3, 6)) == [
        ("January", "2025-01")
    ]


# -- references to the past, the present and the future (TimeML's PAST_REF, ...) -------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("In the past, the ferry ran twice a day.", [("In the past", "PAST_REF")]),
        ("Fares have risen in recent years.", [("in recent years", "PAST_REF")]),
        ("The pier is closed right now.", [("right now", "PRESENT_REF")]),
        ("The council hopes to reopen it in the near future.", [("the near future", "FUTURE_REF")]),
        ("More boats will come in the coming months.", [("in the coming months", "FUTURE_REF")]),
        ("Fares have risen over the past few months.", [("the past few months", "PAST_REF")]),
        ("The kiosk was removed a few years ago.", [("a few years ago", "PAST_REF")]),
        ("Support rose from 35% several years ago.", [("several years ago", "PAST_REF")]),
        ("The pier will stay shut for the next several weeks.", [("the next several weeks", "FUTURE_REF")]),
    ],
)
def test_references_to_the_past_present_and_future(text, expected):
    assert values(text) == expected
    assert all(f.form == "reference" and f.earliest is None for f in dates(text))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Fares rose in the past four years.", []),
        ("Fares rose in the past few months.", [("the past few months", "PAST_REF")]),
        ("Fares rose in the past week.", [("past week", "2025-W09")]),  # the rolling week, as before
    ],
)
def test_the_past_before_a_count_or_a_unit_is_no_in_the_past(text, expected):
    assert values(text) == expected


def test_references_are_never_undated_unsourced_or_drift():
    draft = "In the past, the Varn ferry ran twice a day, and it will again in the near future.\n"
    assert check_texts(draft, {}, select=["NL401"]) == []  # no publication date, but no relative date
    dated = " date 2025-03-06 " + draft
    source = " date 2025-02-01 In the past, the Varn ferry ran twice a day, the council said.\n"
    assert check_texts(dated, {"wire.txt": source}, select=["NL402", "NL404"]) == []


def test_the_year_after_a_comparison_with_last_year_is_the_reports_own_year():
    text = (
        "Sales at Varn Ferries rose 13% from last year's $1.5 billion. "
        "For the full year, it expects a profit."
    )
    assert ("the full year", "2025") in values(text, dt.date(2025, 10, 30))
    # after a narrative year, "the year" may be that year: no guess
    text = "The Varn mill shut in 2019. Earlier in the year, its owner had sold the docks."
    assert ("the year", None) in values(text, dt.date(2025, 10, 30))


def test_a_weekday_copied_a_week_later_drifts_beside_a_half_year_and_a_reference():
    source = (
        " date 2025-03-04 The Varn mill said on Tuesday that its profit fell 12% in the first half of "
        "2024, in the past a strong season for the mill.\n"
    )
    copied = source.replace("2025-03-04", "2025-03-11")
    found = check_texts(copied, {"wire.txt": source}, select=["NL402", "NL404"])
    assert [(f.code, f.message.split("\u201d")[0].lstrip("\u201c")) for f in found] == [("NL402", "Tuesday")]
    faithful = copied.replace("on Tuesday", "last Tuesday")
    assert check_texts(faithful, {"wire.txt": source}, select=["NL402", "NL404"]) == []
    planted = faithful.replace("half of 2024", "half of 2023")
    assert sorted(f.code for f in check_texts(planted, {"wire.txt": source}, select=["NL402", "NL404"])) == [
        "NL402",
        "NL404",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The band played All Right Now twice.",
        "He sold shares of 21st Century Fox.",
        "The studio was 20th Century Studios then.",
        "Sales tax from the year-end rush helps the town.",
    ],
)
def test_titles_names_and_modifiers_are_no_dates(text):
    assert values(text) == []
