"""The date rules on issue 13's cases (fictional text, and the reference corpus re-dated): drift
judged per clause, weekdays copied into drafts dated a week (and a day) after their source, dates
re-expressed correctly for a later day, future references, datelines."""

from __future__ import annotations

import datetime as dt

from conftest import CORPUS, needs_corpus

from newslint.testing import check_texts

# Filed on Tuesday 2025-03-04 (the week runs Monday 3 .. Sunday 9 March).
WIRE_TUESDAY = """\
 date 2025-03-04 HARLOW BAY: The marsh brigade's commander Aldo Vesk said on Monday that his units controlled 1,200 sq km of the Harlow marshes after a week of fighting.

The Oddmoor town council voted on Tuesday to shut the old ferry pier for repairs after inspectors found rot in its timber piles.

The harbour board will meet on Friday to decide who pays for the repairs, board secretary Lena Marsh said.
"""

# Filed on Monday 2025-03-03.
WIRE_MONDAY = """\
 date 2025-03-03 ODDMOOR: Fishermen blockaded the Oddmoor harbour mouth on Monday in protest at the new mooring fees set by the harbour board.
"""


def drift(draft: str, sources: dict[str, str] | None = None) -> list[tuple[int, str]]:
    findings = check_texts(draft, sources or {"wire.txt": WIRE_TUESDAY}, select=["NL402"])
    return [(f.line, f.message.split("\u201d")[0].lstrip("\u201c")) for f in findings]


# -- each date belongs to its own clause ------------------------------------------------------------


def test_two_events_in_one_sentence_each_keep_their_date():
    draft = (
        " date 2025-03-04 Commander Aldo Vesk said on Monday his brigade held roughly 1,200 sq km of the "
        "marsh, and on Tuesday that 63 villages were under brigade control.\n"
    )
    assert drift(draft) == []


def test_a_wrong_date_in_the_clause_of_the_shared_figure_is_drift():
    draft = (
        " date 2025-03-04 Commander Aldo Vesk said on Sunday his brigade held roughly 1,200 sq km of the "
        "marsh, and on Tuesday that 63 villages were under brigade control.\n"
    )
    assert drift(draft) == [(1, "Sunday")]


# -- a draft dated a week after its source ------------------------------------------------------------


def test_a_weekday_copied_into_the_next_weeks_draft_is_drift():
    draft = (
        " date 2025-03-11 The Oddmoor town council voted on Tuesday to shut the old ferry pier for repairs "
        "after inspectors found rot in its timber piles.\n"
    )
    assert drift(draft) == [(1, "Tuesday")]


def test_monday_copied_into_next_mondays_draft_is_drift():
    draft = (
        " date 2025-03-10 Fishermen blockaded the Oddmoor harbour mouth on Monday in protest at the new "
        "mooring fees set by the harbour board.\n"
    )
    assert drift(draft, {"wire.txt": WIRE_MONDAY}) == [(1, "Monday")]


def test_tuesday_copied_into_a_draft_dated_the_saturday_after_next_is_drift():
    draft = (
        " date 2025-03-15 The Oddmoor town council voted on Tuesday to shut the old ferry pier for repairs "
        "after inspectors found rot in its timber piles.\n"
    )
    assert drift(draft) == [(1, "Tuesday")]


def test_dates_re_expressed_for_a_week_later_are_faithful():
    for when in ("on March 4", "last Tuesday", "on Tuesday, March 4,", "a week ago"):
        draft = (
            f" date 2025-03-11 The Oddmoor town council voted {when} to shut the old ferry pier for repairs "
            "after inspectors found rot in its timber piles.\n"
        )
        assert drift(draft) == [], when


def test_a_future_meeting_re_expressed_after_it_happened_is_faithful():
    # the wire's "will meet on Friday" (March 7), told on Monday March 10 as "met on Friday"
    draft = (
        " date 2025-03-10 The harbour board met on Friday to decide who pays for the repairs, board "
        "secretary Lena Marsh said.\n"
    )
    assert drift(draft) == []


def test_a_future_meeting_copied_a_week_later_is_drift():
    draft = (
        " date 2025-03-11 The harbour board will meet on Friday to decide who pays for the repairs, board "
        "secretary Lena Marsh said.\n"
    )
    assert drift(draft) == [(1, "Friday")]


# -- a draft dated a day after its source -------------------------------------------------------------


def test_dates_re_expressed_a_day_later_are_faithful():
    for when in ("on Tuesday", "yesterday", "on March 4"):
        draft = (
            f" date 2025-03-05 The Oddmoor town council voted {when} to shut the old ferry pier for repairs "
            "after inspectors found rot in its timber piles.\n"
        )
        assert drift(draft) == [], when


def test_a_wire_yesterday_turned_into_the_wrong_weekday_a_day_later_is_drift():
    draft = (
        " date 2025-03-05 The Oddmoor town council voted on Monday to shut the old ferry pier for repairs "
        "after inspectors found rot in its timber piles.\n"
    )
    assert drift(draft) == [(1, "Monday")]


def test_yesterday_kept_from_the_wire_in_a_draft_a_day_later_is_drift():
    source = {
        "wire.txt": " date 2025-03-04 ODDMOOR: The Oddmoor town council voted yesterday to shut the old "
        "ferry pier for repairs after inspectors found rot in its timber piles.\n"
    }
    draft = (
        " date 2025-03-05 The Oddmoor town council voted yesterday to shut the old ferry pier for repairs "
        "after inspectors found rot in its timber piles.\n"
    )
    assert drift(draft, source) == [(1, "yesterday")]


# -- recurring days and false dates never drift -------------------------------------------------------


def test_a_recurring_day_is_not_one_date():
    source = {
        "wire.txt": " date 2025-03-04 ODDMOOR: The fish market opens every Thursday at the old ferry pier, "
        "the harbour board said.\n"
    }
    draft = " date 2025-03-14 The fish market opens every Thursday at the old ferry pier, the harbour board said.\n"
    assert drift(draft, source) == []


# -- quarters and decades are sourced by the same period -------------------------------------------


REPORT = {
    "wire.txt": " date 2025-03-04 ODDMOOR: Harbour takings fell in the first quarter of 2024, the board "
    "said. Takings rose through the 1990s.\n"
}


def unsourced(draft: str) -> list[str]:
    return [
        f.message.split("\u201d")[0].lstrip("\u201c") for f in check_texts(draft, REPORT, select=["NL404"])
    ]


def test_a_quarter_and_a_decade_the_source_gives_are_sourced():
    draft = " date 2025-03-05 Takings fell in the first quarter of 2024. They rose through the 1990s.\n"
    assert unsourced(draft) == []


def test_a_quarter_and_a_decade_no_source_gives_are_unsourced():
    draft = " date 2025-03-05 Takings fell in the first quarter of 2023. They rose through the 1980s.\n"
    assert unsourced(draft) == ["the first quarter of 2023", "the 1980s"]


# -- two dates in one source sentence --------------------------------------------------------------

TWO_DATES = {
    "wire.txt": " date 2025-03-04 ODDMOOR: The town council, which inspected the pier last week, voted on "
    "Tuesday to shut the old ferry pier for repairs after inspectors found rot in its timber piles.\n"
}


def test_both_dates_copied_into_next_weeks_draft_drift_even_when_one_meets_another_source_date():
    # a week later "last week" (March 3-9) happens to contain the source's "Tuesday" (March 4)
    draft = (
        " date 2025-03-11 The town council, which inspected the pier last week, voted on Tuesday to shut "
        "the old ferry pier for repairs after inspectors found rot in its timber piles.\n"
    )
    assert drift(draft, TWO_DATES) == [(1, "last week"), (1, "Tuesday")]


def test_both_dates_re_expressed_a_week_later_are_faithful():
    draft = (
        " date 2025-03-11 The town council, which inspected the pier two weeks ago, voted last Tuesday to "
        "shut the old ferry pier for repairs after inspectors found rot in its timber piles.\n"
    )
    assert drift(draft, TWO_DATES) == []


def test_an_anchored_date_is_judged_through_the_date_it_follows():
    source = {
        "wire.txt": " date 2025-03-04 ODDMOOR: The old ferry pier collapsed on March 1. A day later the "
        "town council voted to shut the harbour road for repairs.\n"
    }
    # the draft tells it in another order: "a day later" follows another date, and says nothing wrong
    draft = (
        " date 2025-03-05 The council met on February 20 to discuss the pier. A day later the town "
        "council voted to shut the harbour road for repairs.\n"
    )
    assert drift(draft, source) == []


# -- a source dated only by its dateline -------------------------------------------------------------


def test_a_source_with_only_a_dateline_dates_its_weekdays_by_it():
    year = dt.date.today().year
    source = {
        "wire.txt": "ODDMOOR, Jan 7 (Northwire) - Fishermen blockaded the Oddmoor harbour mouth on Monday in "
        "protest at the new mooring fees set by the harbour board.\n"
    }
    monday = dt.date(year, 1, 7) - dt.timedelta(days=dt.date(year, 1, 7).weekday())  # the Monday of that week
    week_later = monday + dt.timedelta(days=7)
    copied = (
        f" date {week_later.isoformat()} Fishermen blockaded the Oddmoor harbour mouth on Monday in protest at "
        "the new mooring fees set by the harbour board.\n"
    )
    assert drift(copied, source) == [(1, "Monday")]
    faithful = copied.replace("on Monday", f"on January {monday.day}" if monday.month == 1 else "last Monday")
    assert drift(faithful, source) == []


def test_a_drafts_own_dateline_is_not_a_date_of_the_story():
    draft = "ODDMOOR, Jan 7 (Northwire) - Fishermen blockaded the Oddmoor harbour mouth in protest.\n"
    findings = check_texts(draft, {"wire.txt": WIRE_MONDAY}, select=["NL404"])
    assert findings == []


# -- the reference corpus, re-dated -------------------------------------------------------------------


def _redated(days: int) -> tuple[str, dict[str, str]]:
    path = next(CORPUS.glob("000_*.txt"))
    text = path.read_text(encoding="utf-8")
    published = dt.date.fromisoformat(text[6:16])
    later = (published + dt.timedelta(days=days)).isoformat()
    return text.replace(f" date {published.isoformat()}", f" date {later}", 1), {path.name: text}


@needs_corpus
def test_a_corpus_story_re_dated_a_week_later_drifts_at_every_weekday_once():
    draft, sources = _redated(7)
    findings = check_texts(draft, sources, draft_name="draft.txt", select=["NL402"])
    assert [(f.line, f.message.split("\u201d")[0].lstrip("\u201c")) for f in findings] == [
        (5, "Tuesday"),
        (7, "last Tuesday"),
        (7, "Tuesday"),
        (9, "Monday"),
        (11, "Monday"),
        (13, "Tuesday"),
    ]
    for f in findings:  # one piece of evidence per source sentence
        places = [(e.path, e.line, e.column) for e in f.evidence]
        assert len(places) == len(set(places))


@needs_corpus
def test_a_corpus_story_re_dated_a_day_later_keeps_its_weekdays():
    draft, sources = _redated(1)
    assert check_texts(draft, sources, draft_name="draft.txt", select=["NL402"]) == []
