"""The temporal extractor: which expressions are dates, where they are, and what they resolve to."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import CORPUS, needs_corpus

from newslint.extractors import temporal as T
from newslint.extractors.temporal import TemporalExpression, resolve_weekday
from newslint.facts import fact_from_json, fact_to_json
from newslint.index import SourceIndex, decode_fact, encode_fact
from newslint.rulepacks import builtin_packs
from newslint.testing import document

THURSDAY = dt.date(2025, 3, 6)  # the week of Monday 2025-03-03 .. Sunday 2025-03-09


def dates(text: str, date: dt.date | None = THURSDAY, name: str = "story.md") -> list[TemporalExpression]:
    return list(document(text, name, date=date).facts_of("temporal"))


def one(text: str, date: dt.date | None = THURSDAY) -> TemporalExpression:
    facts = dates(text, date)
    assert len(facts) == 1, [f.text for f in facts]
    return facts[0]


def span(f: TemporalExpression) -> tuple[str, str]:
    return f.earliest, f.latest


# -- relative expressions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expression, first, last",
    [
        ("The council met on Tuesday.", "Tuesday", "2025-03-04", "2025-03-04"),
        ("The council met Tuesday.", "Tuesday", "2025-03-04", "2025-03-04"),
        ("The council met on Thursday.", "Thursday", "2025-03-06", "2025-03-06"),  # the day itself
        ("The council met on Friday.", "Friday", "2025-02-28", "2025-02-28"),  # most recent, not ahead
        ("The council met last Tuesday.", "last Tuesday", "2025-02-25", "2025-02-25"),
        ("The council met last Friday.", "last Friday", "2025-02-28", "2025-02-28"),
        ("It meets this Saturday.", "this Saturday", "2025-03-08", "2025-03-08"),
        ("It meets next Monday.", "next Monday", "2025-03-10", "2025-03-10"),
        ("It met Monday evening.", "Monday evening", "2025-03-03", "2025-03-03"),
        ("It met on Wednesday night.", "Wednesday night", "2025-03-05", "2025-03-05"),
        ("It met late Tuesday.", "late Tuesday", "2025-03-04", "2025-03-04"),
        ("Tuesday's vote was close.", "Tuesday's", "2025-03-04", "2025-03-04"),
        ("Turnout was 40% as of Monday.", "Monday", "2025-03-03", "2025-03-03"),
        ("It rained yesterday.", "yesterday", "2025-03-05", "2025-03-05"),
        ("It rains today.", "today", "2025-03-06", "2025-03-06"),
        ("It will rain tonight.", "tonight", "2025-03-06", "2025-03-06"),
        ("Shelling went on overnight.", "overnight", "2025-03-05", "2025-03-06"),
        ("Shelling went on last night.", "last night", "2025-03-05", "2025-03-05"),
        ("It opened earlier this week.", "earlier this week", "2025-03-03", "2025-03-06"),
        ("It opened earlier this month.", "earlier this month", "2025-03-01", "2025-03-06"),
        ("It opened last week.", "last week", "2025-02-24", "2025-03-02"),
        ("It opened last month.", "last month", "2025-02-01", "2025-02-28"),
        ("It opened last year.", "last year", "2024-01-01", "2024-12-31"),
        ("It opened a week ago.", "a week ago", "2025-02-27", "2025-02-27"),
        ("It opened two days ago.", "two days ago", "2025-03-04", "2025-03-04"),
        ("It opened 3 days ago.", "3 days ago", "2025-03-03", "2025-03-03"),
    ],
)
def test_relative_expressions_resolve_against_the_publication_date(text, expression, first, last):
    f = one(text)
    assert f.text == expression
    assert f.form == "relative"
    assert span(f) == (first, last)
    assert f.anchor == "2025-03-06"


@pytest.mark.parametrize(
    "text, expression, day",
    [
        ("The council will meet on Friday.", "Friday", "2025-03-07"),
        ("The council will meet on Thursday.", "Thursday", "2025-03-06"),
        ("The council will meet on Monday.", "Monday", "2025-03-10"),
        ("The vote is due on Monday.", "Monday", "2025-03-10"),
        ("The mayor is expected to resign on Saturday.", "Saturday", "2025-03-08"),
        ("On Friday, the council will vote.", "Friday", "2025-03-07"),  # the verb after it
        ("Officials who will attend said on Monday they were ready.", "Monday", "2025-03-03"),
        ("She said on Monday she would resign.", "Monday", "2025-03-03"),  # "would" has no tense
    ],
)
def test_future_tense_moves_a_weekday_forward(text, expression, day):
    f = one(text)
    assert (f.text, f.earliest) == (expression, day)


def test_tense_is_recorded():
    will, met = dates("The council will meet on Friday. It met on Friday.")
    assert (will.tense, will.direction) == ("future", "future")
    assert (met.tense, met.direction) == ("past", "past")


def test_last_weekday_is_the_previous_calendar_week_as_in_the_spec():
    tuesday = dt.date(2024, 8, 13)
    for published in (tuesday, tuesday + dt.timedelta(days=1), tuesday + dt.timedelta(days=5)):
        assert resolve_weekday(published, 1, "last", "past") == dt.date(2024, 8, 6)
    assert resolve_weekday(tuesday, 1, None, "past") == tuesday
    assert resolve_weekday(dt.date(2024, 8, 15), 1, None, "past") == tuesday


# -- absolute expressions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expression, first, last, granularity",
    [
        ("It began on August 6.", "August 6", "2024-08-06", "2024-08-06", "day"),
        ("It began on Aug. 6.", "Aug. 6", "2024-08-06", "2024-08-06", "day"),
        ("It began on 6 August.", "6 August", "2024-08-06", "2024-08-06", "day"),
        ("It began on the 6th of August.", "6th of August", "2024-08-06", "2024-08-06", "day"),
        ("It began on August 6, 2023.", "August 6, 2023", "2023-08-06", "2023-08-06", "day"),
        ("It began on 2023-08-06.", "2023-08-06", "2023-08-06", "2023-08-06", "day"),
        ("It began on 13/08/2023.", "13/08/2023", "2023-08-13", "2023-08-13", "day"),
        ("It began on 08/13/2023.", "08/13/2023", "2023-08-13", "2023-08-13", "day"),
        ("Talks ran August 6-8.", "August 6-8", "2024-08-06", "2024-08-08", "day"),
        ("The invasion began in February 2022.", "February 2022", "2022-02-01", "2022-02-28", "month"),
        ("Prices rose in 2022.", "2022", "2022-01-01", "2022-12-31", "year"),
        ("Prices have risen since 2014, when it began.", "2014", "2014-01-01", "2014-12-31", "year"),
        ("Prices rose in early August.", "early August", "2024-08-01", "2024-08-10", "month"),
        ("Prices rose in May.", "May", "2024-05-01", "2024-05-31", "month"),
    ],
)
def test_absolute_dates_in_newsroom_forms(text, expression, first, last, granularity):
    f = one(text, dt.date(2024, 8, 15))
    assert (f.text, f.form, f.granularity) == (expression, "absolute", granularity)
    assert span(f) == (first, last)


def test_a_date_without_a_year_takes_the_nearest_sensible_year():
    assert one("It happened on December 20.", dt.date(2025, 1, 5)).earliest == "2024-12-20"
    assert one("It happened on January 2.", dt.date(2025, 1, 5)).earliest == "2025-01-02"
    assert one("The vote is on March 20.", dt.date(2025, 3, 6)).earliest == "2025-03-20"
    assert one("The summit will open on January 3.", dt.date(2024, 12, 20)).earliest == "2025-01-03"


def test_weekday_date_pairs_are_checked_against_the_calendar():
    wrong, right, abbreviated, parenthesised = dates(
        "It opens on Tuesday, August 14, 2024. It closed on Tuesday, August 13, 2024. "
        "It was filed Tue 13 Aug 2024. It began Tuesday (Aug. 6).",
        dt.date(2024, 8, 15),
    )
    assert (wrong.text, wrong.weekday, wrong.consistent) == ("Tuesday, August 14, 2024", "Tuesday", False)
    assert wrong.earliest == "2024-08-14"
    assert (right.consistent, abbreviated.consistent) == (True, True)
    assert (parenthesised.text, parenthesised.earliest, parenthesised.consistent) == (
        "Tuesday (Aug. 6",
        "2024-08-06",
        True,
    )


def test_a_plain_weekday_is_not_a_pair():
    f = one("The council met on Tuesday.")
    assert (f.weekday, f.consistent) == ("Tuesday", None)


# -- what is not a date ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The minister may resign, and she might march on parliament.",
        "Theresa May spoke to March Hare Ltd.",
        "The motion passed in a second vote.",
        "The home side won 3-1 after a 2-2 draw.",
        "Two F-16 jets and a Boeing 747 landed; COVID-19 cases fell.",
        "The Windows 2000 servers failed.",
        "Police found 2022 rounds of ammunition in 1500 homes.",
        "The station housed 2023 refugees in 2019 tents.",
        "Shops opened on Black Friday, the Sunday Times reported, quoting USA Today.",
        "The ratio was 06/08/2024 by one count.",  # 6 August or June 8: ambiguous, not ours to guess
        "Readers say the daily report is late.",
    ],
)
def test_not_dates(text):
    assert dates(text) == []


def test_nothing_in_urls_code_or_comments():
    text = (
        "The [report](https://example.org/2024/08/06/tuesday-report) was filed.\n\n"
        "Use `--since Tuesday` here. <!-- checked on Monday -->\n\n"
        "```\nrun on Friday, August 9\n```\n"
    )
    assert dates(text) == []


def test_metadata_lines_are_not_expressions():
    text = " date 2024-08-13 The council met on Tuesday.\n\nPublished: Tue 13 Aug 2024, 5:02 PM\n"
    facts = dates(text, date=None, name="wire.txt")
    assert [f.text for f in facts] == ["Tuesday"]
    assert facts[0].earliest == "2024-08-13"  # resolved against the header date


# -- positions, quotes, undated documents, caching ------------------------------------------------


def test_positions_are_exact_lines_and_columns():
    text = "---\ndate: 2025-03-06\n---\n# Bridge\n\nThe council met on Tuesday and voted\nlast Friday.\n"
    doc = document(text, "bridge.md")
    tuesday, friday = doc.facts_of("temporal")
    assert doc.span_position(tuesday.start, tuesday.end) == (6, 20, 6, 27)
    assert doc.span_position(friday.start, friday.end) == (7, 1, 7, 12)
    assert friday.earliest == "2025-02-28"
    assert tuesday.preposition == "on"


def test_expressions_inside_quotation_marks_are_marked():
    said, quoted = dates('"We met on Monday," she said on Tuesday.')[::-1]
    assert (quoted.text, quoted.quoted) == ("Monday", True)
    assert (said.text, said.quoted) == ("Tuesday", False)


def test_an_undated_document_keeps_relative_dates_unresolved():
    tuesday, august, full, year = dates(
        "The council met on Tuesday. The works start on August 6. They end on August 6, 2025. In 2026, "
        "the bridge reopens.",
        date=None,
    )
    assert (tuesday.form, tuesday.earliest, tuesday.anchor) == ("relative", None, None)
    assert (august.value, august.earliest) == ("XXXX-08-06", None)
    assert "md:08-06" in august.index_keys()
    assert span(full) == ("2025-08-06", "2025-08-06")
    assert span(year) == ("2026-01-01", "2026-12-31")


def test_index_keys_file_facts_by_calendar_date_and_keywords():
    f = one("The harbour council approved repairs last Tuesday.")
    keys = set(f.index_keys())
    assert {"day:2025-02-25", "month:2025-02", "year:2025", "md:02-25"} <= keys
    assert {"w:harbour", "w:council", "w:approved", "w:repairs"} <= keys
    month = one("Prices rose in February 2022.")
    assert "month:2022-02" in set(month.index_keys()) and not any(
        k.startswith("day:") for k in month.index_keys()
    )


def test_facts_survive_the_cache_as_json():
    doc = document("The council met on Tuesday, March 4, 2025, and again last week.", "a.md", date=THURSDAY)
    for f in doc.facts_of("temporal"):
        assert fact_from_json(TemporalExpression, fact_to_json(f)) == f
    from newslint.store import StoredFact

    for f in doc.facts_of("temporal"):
        r = encode_fact(f)
        assert (
            decode_fact(TemporalExpression, StoredFact(1, 1, r.kind, r.start, r.end, r.text, r.payload)) == f
        )
    # a source in the index has no text: its facts are read back as rows, equal to the extracted ones
    assert SourceIndex([doc]).documents[0].facts_of("temporal") == doc.facts_of("temporal")


def test_describe_is_one_readable_line():
    f = one("The council met last Tuesday.")
    assert (
        f.describe() == "relative last-weekday -> Tuesday, February 25, 2025 [anchor 2025-03-06, past tense]"
    )
    assert "unresolved" in one("The council met on Tuesday.", date=None).describe()


def test_the_fast_scan_finds_exactly_what_the_grammar_finds():
    text = (
        "On Tuesday, August 13, 2024 and Tue 13 Aug 2024, two days ago, 13/08/2024 and 2024-08-13, in "
        "early August, since 2014, the 6th of August, 6-8 August, earlier this week, late Tuesday night, "
        "in a second round that ended 3-1 on Saturday; Theresa May may march in May. "
    ) * 3
    v = builtin_packs().derived(T.vocabulary)
    assert [m.span() for m in T._scan(text, v)] == [m.span() for m in v.grammar.finditer(text)]


# -- the reference corpus -------------------------------------------------------------------------


def _corpus_facts(prefix: str) -> list[tuple[int, str, str | None]]:
    path = next(CORPUS.glob(f"{prefix}_*.txt"))
    doc = document(path.read_text(encoding="utf-8"), path.name)
    return [(doc.position(f.start)[0], f.text, f.earliest) for f in doc.facts_of("temporal")]


@needs_corpus
def test_corpus_000_resolves_against_its_header_date():
    assert _corpus_facts("000") == [
        (1, "August 11, 2024", "2024-08-11"),
        (5, "Tuesday", "2024-08-13"),
        (7, "last Tuesday", "2024-08-06"),
        (7, "Tuesday", "2024-08-13"),
        (9, "Monday", "2024-08-12"),
        (11, "Monday", "2024-08-12"),
        (13, "Tuesday", "2024-08-13"),
        (23, "February 2022", "2022-02-01"),
    ]


@needs_corpus
def test_corpus_002_and_004_resolve_to_the_same_days_as_000():
    facts_002 = _corpus_facts("002")
    assert (3, "August 6", "2024-08-06") in facts_002
    assert (15, "Monday", "2024-08-12") in facts_002
    assert (25, "Tuesday", "2024-08-13") in facts_002 and (29, "Tuesday", "2024-08-13") in facts_002
    assert (23, "last year", "2023-01-01") in facts_002
    facts_004 = _corpus_facts("004")
    assert (3, "last Tuesday", "2024-08-06") in facts_004
    assert (5, "Tuesday evening", "2024-08-13") in facts_004


@needs_corpus
def test_corpus_undated_rewrites_have_unresolved_relative_dates():
    facts = _corpus_facts("001")
    assert [t for _, t, _ in facts] == ["Tuesday", "Last Tuesday", "Monday"]
    assert all(d is None for _, _, d in facts)
