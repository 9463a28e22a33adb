"""The date rules NL401-NL405 on fictional drafts and sources: planted errors and faithful drafts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newslint.config import Config
from newslint.extractors.temporal import TemporalExpression
from newslint.index import SourceIndex
from newslint.runner import CheckOptions, run_checks
from newslint.testing import check_texts, default_host, document

# A wire story filed on Tuesday 2025-03-04 (the week runs Monday 3 .. Sunday 9 March).
WIRE = """\
 date 2025-03-04 PORTVILLE: The harbour council voted on Tuesday to close the Kessel bridge for six weeks of repairs.

Engineers found cracks in two of the bridge's steel girders last Wednesday, council spokeswoman Ana Ruiz said.

"We cannot let heavy lorries cross a bridge that is cracking under them," Ruiz told reporters on Monday.

The bridge, opened in June 1987, carries 41,000 vehicles a day.

The closure will begin on Friday, March 7, and traffic will be diverted through the Alder tunnel.

Mayor Tomas Berg said on Monday he would ask the regional government for emergency funds.
"""

# A follow-up filed on Wednesday 2025-03-05, dated by its Published: line.
FOLLOW_UP = """\
Published: Wed 5 Mar 2025

Traffic queued on Wednesday as drivers tried the Alder tunnel diversion ahead of the bridge closure.

Police said on Tuesday that 12 people were arrested at a protest against the closure.
"""

SOURCES = {"wire/harbour.txt": WIRE, "wire/harbour-2.txt": FOLLOW_UP}

# Written on Thursday 2025-03-06 from those sources, every date right.
FAITHFUL = """\
---
date: 2025-03-06
---
# Kessel bridge to close for repairs

The harbour council voted on Tuesday to close the Kessel bridge for six weeks of repairs.

Engineers found cracks in two of the bridge's steel girders on February 26, council spokeswoman Ana Ruiz said.

"We cannot let heavy lorries cross a bridge that is cracking under them," Ruiz told reporters on Monday.

The closure will begin on Friday, March 7. The bridge opened in June 1987.

Traffic queued yesterday as drivers tried the Alder tunnel diversion ahead of the bridge closure.
"""


def nl4(draft: str, sources: dict[str, str] | None = None, **kwargs):
    return check_texts(draft, SOURCES if sources is None else sources, select=["NL4"], **kwargs)


def where(findings) -> list[tuple[str, int, int, int, str]]:
    return [(f.code, f.line, f.column, f.end_column, f.excerpt) for f in findings]


def test_faithful_draft_has_no_date_finding():
    assert nl4(FAITHFUL) == []


def test_faithful_draft_with_only_one_source_and_another_day_has_no_finding():
    draft = FAITHFUL.replace("2025-03-06", "2025-03-05").replace("queued yesterday", "queued today")
    assert nl4(draft) == []


# -- NL401 -----------------------------------------------------------------------------------------


def test_nl401_once_at_the_first_relative_date_of_an_undated_draft():
    draft = "# Bridge\n\nThe council voted on Tuesday.\n\nEngineers found cracks last week and a day ago, yesterday.\n"
    findings = nl4(draft, {})
    assert where(findings) == [("NL401", 3, 22, 29, "Tuesday")]
    assert "no publication date" in findings[0].message and "(and 3 more)" in findings[0].message
    assert findings[0].severity == "warning"


def test_nl401_message_without_more_references():
    findings = nl4("The council voted yesterday.", {})
    assert where(findings) == [("NL401", 1, 19, 28, "yesterday")]
    assert "more" not in findings[0].message


@pytest.mark.parametrize(
    "draft",
    [
        "---\ndate: 2025-03-06\n---\nThe council voted on Tuesday.\n",  # dated by front matter
        " date 2025-03-06 The council voted on Tuesday.\n",  # dated by the header line
        "Published: Thu 6 Mar 2025\n\nThe council voted on Tuesday.\n",  # dated by a Published: line
        "The council voted on March 4, 2025, in the town hall.\n",  # undated, but no relative date
        '"We will vote on Tuesday," the mayor said in a statement.\n',  # only the speaker's Tuesday
    ],
)
def test_nl401_silent(draft):
    assert [f for f in nl4(draft, {}) if f.code == "NL401"] == []


def test_nl401_silent_when_the_date_is_given_on_the_command_line():
    assert nl4("The council voted on Tuesday.", {}, date=dt.date(2025, 3, 6)) == []


# -- NL402 -----------------------------------------------------------------------------------------


def test_nl402_a_draft_held_over_to_the_next_week_moves_every_weekday():
    draft = FAITHFUL.replace("2025-03-06", "2025-03-11")
    findings = [f for f in nl4(draft) if f.code == "NL402"]
    assert where(findings) == [
        ("NL402", 6, 30, 37, "Tuesday"),
        ("NL402", 10, 98, 104, "Monday"),
        ("NL402", 14, 16, 25, "yesterday"),
    ]
    tuesday = findings[0]
    assert tuesday.severity == "error"
    assert "Tuesday, March 11, 2025" in tuesday.message and "Tuesday, March 4, 2025" in tuesday.message
    assert "wire/harbour.txt:1" in tuesday.message and "published 2025-03-04" in tuesday.message
    assert "The harbour council voted on Tuesday" in tuesday.message  # the source passage
    (evidence,) = tuesday.evidence
    assert (evidence.path, evidence.line, evidence.column) == ("wire/harbour.txt", 1, 18)
    assert evidence.excerpt.startswith("PORTVILLE: The harbour council voted on Tuesday to close")
    assert "March 4, 2025" in evidence.note
    # the Friday the closure begins and February 26 are absolute: they do not move
    assert all(f.line not in (8, 12) for f in findings)
    assert "Monday, March 3, 2025" in findings[1].message and "Monday, March 10, 2025" in findings[1].message
    assert "wire/harbour-2.txt:3" in findings[2].message  # "queued on Wednesday" in the follow-up


def test_nl402_silent_when_the_same_weekday_still_names_the_same_day():
    # held over to Tuesday 2025-03-11, "on Wednesday" still means March 5, as in the follow-up
    draft = FAITHFUL.replace("2025-03-06", "2025-03-11").replace("queued yesterday", "queued on Wednesday")
    assert [f for f in nl4(draft) if f.code == "NL402" and f.line == 14] == []


def test_nl402_a_weekday_copied_from_a_story_filed_on_another_day():
    draft = FAITHFUL.replace("queued yesterday", "queued on Wednesday").replace(
        "voted on Tuesday", "voted on Wednesday"
    )
    findings = nl4(draft)
    assert where(findings) == [("NL402", 6, 30, 39, "Wednesday")]
    assert "Wednesday, March 5, 2025" in findings[0].message
    assert "Tuesday, March 4, 2025" in findings[0].message


def test_nl402_and_nl404_an_absolute_date_one_day_off():
    draft = FAITHFUL.replace("February 26", "February 25")
    findings = nl4(draft)
    assert where(findings) == [
        ("NL402", 8, 64, 75, "February 25"),
        ("NL404", 8, 64, 75, "February 25"),
    ]
    drift, unsourced = findings
    assert "last Wednesday" in drift.message and "Wednesday, February 26, 2025" in drift.message
    assert "nearest source date is Wednesday, February 26, 2025" in unsourced.message
    assert unsourced.evidence[0].path == "wire/harbour.txt" and unsourced.evidence[0].line == 3


def test_nl402_future_tense_resolves_forward_on_both_sides():
    source = {
        "wire.txt": " date 2025-03-04 The ferry service will resume on Friday after the storm repairs.\n"
    }
    same_week = (
        "---\ndate: 2025-03-06\n---\nThe ferry service will resume on Friday after the storm repairs.\n"
    )
    assert nl4(same_week, source) == []
    next_week = same_week.replace("2025-03-06", "2025-03-10")
    findings = check_texts(next_week, source, select=["NL402"])
    assert where(findings) == [("NL402", 4, 34, 40, "Friday")]
    assert "Friday, March 14, 2025" in findings[0].message and "Friday, March 7, 2025" in findings[0].message


def test_nl402_relative_and_absolute_forms_of_the_same_day_agree():
    draft = (
        "---\ndate: 2025-03-06\n---\nThe harbour council voted on March 4 to close the Kessel bridge "
        "for six weeks of repairs.\n\nEngineers found cracks in two of the bridge's steel girders a week "
        "ago, council spokeswoman Ana Ruiz said.\n"
    )
    # "a week ago" is 2025-02-27, the source's "last Wednesday" 2025-02-26: a real drift
    assert where(nl4(draft)) == [("NL402", 6, 61, 71, "a week ago")]
    assert nl4(draft.replace("a week ago", "eight days ago")) == []


def test_nl402_same_quotation_identifies_the_event():
    if "quotes" not in default_host().extractors:
        pytest.skip("the quotes extractor is not installed")
    draft = (
        '---\ndate: 2025-03-06\n---\nSpeaking on Wednesday, Ruiz told the harbour board: "We cannot let '
        'heavy lorries cross a bridge that is cracking under them."\n'
    )
    findings = nl4(draft)
    assert where(findings) == [("NL402", 4, 13, 22, "Wednesday")]
    assert "the same quotation" in findings[0].message


@pytest.mark.parametrize(
    "source, draft",
    [
        # same template, another place: another event
        (
            " date 2025-03-04 Russia said on Tuesday it had repelled attacks in the Kursk region.\n",
            "---\ndate: 2025-03-06\n---\nRussia said on Wednesday it had repelled attacks in the Belgorod region.\n",
        ),
        # same template, other figures: another event
        (
            " date 2025-03-04 Police said on Monday that 12 people were arrested at the protest.\n",
            "---\ndate: 2025-03-06\n---\nPolice said on Wednesday that 40 people were arrested at the protest.\n",
        ),
        # unrelated sentences that share words
        (
            " date 2025-03-04 The harbour council met on Monday to discuss the budget for the bridge.\n",
            "---\ndate: 2025-03-06\n---\nThe bridge reopened on Wednesday after the council approved repairs.\n",
        ),
    ],
)
def test_nl402_silent_on_other_events(source, draft):
    assert [f for f in nl4(draft, {"wire.txt": source}) if f.code == "NL402"] == []


def test_nl402_formulaic_sentences_need_the_same_date_words():
    source = {"wire.txt": " date 2025-03-03 Markets closed higher on Monday.\n"}
    other_day = "---\ndate: 2025-03-05\n---\nMarkets closed higher on Tuesday.\n"
    assert nl4(other_day, source) == []  # two trading days, not one drifted date
    copied = "---\ndate: 2025-03-11\n---\nMarkets closed higher on Monday.\n"
    assert where(check_texts(copied, source, select=["NL402"])) == [("NL402", 4, 26, 32, "Monday")]


def test_nl402_two_dates_in_one_sentence_are_aligned_by_their_context():
    source = {
        "wire.txt": " date 2025-03-06 The Kessel bridge, closed to lorries on Monday, reopened to cars on "
        "Wednesday after engineers replaced two girders.\n"
    }
    draft = (
        "---\ndate: 2025-03-06\n---\nThe Kessel bridge, closed to lorries on Monday, reopened to cars on "
        "Tuesday after engineers replaced two girders.\n"
    )
    findings = nl4(draft, source)
    assert where(findings) == [("NL402", 4, 69, 76, "Tuesday")]
    assert "Wednesday, March 5, 2025" in findings[0].message


def test_nl402_silent_on_dates_inside_quotations():
    source = {"wire.txt": ' date 2025-03-04 "The bridge closes today for six weeks of repairs," Ruiz said.\n'}
    draft = '---\ndate: 2025-03-06\n---\n"The bridge closes today for six weeks of repairs," Ruiz said.\n'
    assert [f for f in nl4(draft, source) if f.code == "NL402"] == []


def test_nl402_silent_when_a_source_is_undated():
    source = {"wire.txt": "The harbour council voted on Tuesday to close the Kessel bridge for repairs.\n"}
    draft = "---\ndate: 2025-03-13\n---\nThe harbour council voted on Tuesday to close the Kessel bridge for repairs.\n"
    assert nl4(draft, source) == []


def test_nl402_silent_when_any_matching_source_agrees():
    # one source filed on the wrong day cannot outvote the one that agrees with the draft
    early = " date 2025-02-25 The harbour council voted on Tuesday to close the Kessel bridge for repairs.\n"
    right = " date 2025-03-04 The harbour council voted on Tuesday to close the Kessel bridge for repairs.\n"
    draft = "---\ndate: 2025-03-05\n---\nThe harbour council voted on Tuesday to close the Kessel bridge for repairs.\n"
    assert nl4(draft, {"a.txt": early, "b.txt": right}) == []
    assert where(check_texts(draft, {"a.txt": early}, select=["NL402"])) == [("NL402", 4, 30, 37, "Tuesday")]


def test_nl402_works_against_sources_restored_from_the_cache():
    host = default_host()
    source = document(WIRE, "wire/harbour.txt", host=host)
    index = SourceIndex([source])  # facts and sentences as rows of a store, no text
    assert index.documents[0].text is None and index.documents[0].prose is None
    draft = document(FAITHFUL.replace("2025-03-06", "2025-03-11"), "draft.md", host=host)
    findings = run_checks(draft, index, Config(root=Path.cwd()), host, CheckOptions(select=["NL402"]))
    assert where(findings) == [("NL402", 6, 30, 37, "Tuesday"), ("NL402", 10, 98, 104, "Monday")]
    assert findings[0].evidence[0].excerpt.startswith("PORTVILLE: The harbour council voted on Tuesday")


# -- NL403 -----------------------------------------------------------------------------------------


def test_nl403_a_weekday_that_does_not_match_its_date():
    draft = "---\ndate: 2025-03-06\n---\nThe closure begins on Tuesday, March 5, 2025, at dawn.\n"
    findings = check_texts(draft, {}, select=["NL403"])
    assert where(findings) == [("NL403", 4, 23, 45, "Tuesday, March 5, 2025")]
    assert findings[0].message == "“Tuesday, March 5, 2025”: March 5, 2025 is a Wednesday, not a Tuesday"
    assert findings[0].severity == "error"


def test_nl403_year_less_pairs_take_the_publication_year():
    draft = "---\ndate: 2025-03-06\n---\nThe closure began on Thu 5 Mar and ends Friday, April 18.\n"
    findings = check_texts(draft, {}, select=["NL403"])
    assert where(findings) == [("NL403", 4, 22, 31, "Thu 5 Mar")]
    assert "a Wednesday, not a Thursday" in findings[0].message and "year 2025" in findings[0].message


@pytest.mark.parametrize(
    "draft",
    [
        "---\ndate: 2025-03-06\n---\nThe closure begins on Wednesday, March 5, 2025.\n",
        "---\ndate: 2025-03-06\n---\nThe closure begins on Wed., Mar. 5 and ends Friday 18 April.\n",
        "The closure begins on Tuesday, March 5.\n",  # undated and year-less: which year?
    ],
)
def test_nl403_silent_on_correct_or_uncheckable_pairs(draft):
    assert check_texts(draft, {}, select=["NL403"]) == []


# -- NL404 -----------------------------------------------------------------------------------------


def test_nl404_supported_by_a_resolved_relative_date_in_a_source():
    # "last Wednesday" in the wire of 2025-03-04 is February 26
    assert nl4(FAITHFUL) == []


def test_nl404_an_absolute_date_in_no_source():
    draft = "---\ndate: 2025-03-06\n---\nThe bridge was last inspected in 2019, and on January 8, 2025.\n"
    findings = nl4(draft)
    assert where(findings) == [("NL404", 4, 34, 38, "2019"), ("NL404", 4, 47, 62, "January 8, 2025")]
    assert findings[0].message == (
        "“2019” (2019) appears in no source, and no source's relative date resolves to it"
    )


@pytest.mark.parametrize(
    "draft",
    [
        "---\ndate: 2025-03-06\n---\nThe bridge opened in 1987.\n",  # the year of a source's month
        "---\ndate: 2025-03-06\n---\nThe bridge opened in June 1987.\n",
        "---\ndate: 2025-03-06\n---\nThe closure begins on March 7.\n",
        "---\ndate: 2025-03-06\n---\nThe council voted on 2025-03-04.\n",  # the wire's "on Tuesday"
        "---\ndate: 2025-03-06\n---\nThe council voted in March.\n",
    ],
)
def test_nl404_silent_on_sourced_dates(draft):
    assert nl4(draft) == []


def test_nl404_undated_draft_and_source_match_by_month_and_day():
    source = {"wire.txt": "The council will vote on March 4 on the bridge.\n"}
    assert [f.code for f in nl4("The council votes on March 4.\n", source)] == []
    assert where(nl4("The council votes on March 5.\n", source)) == [("NL404", 1, 22, 29, "March 5")]


def test_nl404_year_less_date_of_a_dated_draft_in_an_undated_source():
    source = {"wire.txt": "The council will vote on March 4 on the bridge.\n"}
    draft = "---\ndate: 2025-03-06\n---\nThe council voted on March 4.\n"
    assert nl4(draft, source) == []


def test_nl404_silent_without_sources():
    assert nl4("---\ndate: 2025-03-06\n---\nThe council voted on March 4, 2021.\n", {}) == []


# -- NL405 -----------------------------------------------------------------------------------------


def test_nl405_on_the_front_matter_date():
    draft = FAITHFUL.replace("2025-03-06", "2025-03-09")
    findings = [f for f in nl4(draft) if f.code == "NL405"]
    assert where(findings) == [("NL405", 2, 7, 17, "2025-03-09")]
    assert findings[0].severity == "info"
    assert findings[0].message == (
        "the draft is dated 2025-03-09, 4 days after its newest source "
        "(2025-03-05, wire/harbour-2.txt); stale-after-days is 2"
    )
    assert findings[0].evidence[0].path == "wire/harbour-2.txt"


def test_nl405_on_the_header_and_published_lines_and_for_a_command_line_date():
    header = " date 2025-03-09 The council voted.\n"
    published = "Kessel bridge\n\nPublished: Sun 9 Mar 2025\n\nThe council voted.\n"
    assert where(check_texts(header, SOURCES, select=["NL405"])) == [("NL405", 1, 7, 17, "2025-03-09")]
    assert where(check_texts(published, SOURCES, select=["NL405"])) == [
        ("NL405", 3, 1, 26, "Published: Sun 9 Mar 2025")
    ]
    assert where(
        check_texts("The council voted.\n", SOURCES, select=["NL405"], date=dt.date(2025, 3, 9))
    ) == [("NL405", 1, 1, 1, "")]


def test_nl405_silent_within_the_limit_or_when_configured_longer():
    assert check_texts(FAITHFUL.replace("2025-03-06", "2025-03-07"), SOURCES, select=["NL405"]) == []
    late = FAITHFUL.replace("2025-03-06", "2025-03-12")
    assert (
        check_texts(late, SOURCES, select=["NL405"], config=Config(root=Path.cwd(), stale_after_days=7)) == []
    )
    assert check_texts(late, {"a.txt": "Undated copy.\n"}, select=["NL405"]) == []


# -- non-dates and registration ----------------------------------------------------------------------


def test_non_dates_produce_no_finding_even_in_an_undated_draft():
    draft = (
        "The mayor may resign, Theresa May said. The motion passed in a second vote after a 3-1 "
        "count. Two F-16 jets flew over 2022 homes; COVID-19 cases fell. See https://example.org/"
        "2024/08/06/tuesday and `on Monday`.\n"
    )
    assert document(draft, "draft.md").facts_of("temporal") == ()
    assert nl4(draft) == []


def test_rules_are_registered_with_documentation():
    rules = default_host().rules
    for code in ("NL401", "NL402", "NL403", "NL404", "NL405"):
        rule = rules[code]
        assert rule.plugin == "dates"
        assert rule.what and rule.why and rule.example and rule.summary
    assert [rules[c].severity.label for c in ("NL401", "NL402", "NL403", "NL404", "NL405")] == [
        "warning",
        "error",
        "error",
        "warning",
        "info",
    ]
    assert default_host().extractors["temporal"].fact_type is TemporalExpression
