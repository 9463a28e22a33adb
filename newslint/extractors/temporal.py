"""Temporal expressions: the dates a document names, resolved against its publication date.

Shared by drafts and sources (fact kind ``temporal``; the fact type, its arithmetic and index keys
live in :mod:`newslint.facts.temporal`).  Each expression is resolved as wire copy is read, after
HeidelTime's news-mode rules and SPEC §3, against the document's own publication date (``doc.date``,
SPEC §2), so the resolved date is a property of the source alone and is cached with it.  The words
(month and weekday names, tense and future cues, clause breaks, trigger words) come from the
calendar rule pack, ``rules/calendar.toml`` (:func:`vocabulary`).

Resolution (the *anchor* is the publication date):

* ``Tuesday`` / ``on Tuesday`` / ``as of Tuesday`` / ``Tuesday evening``: the most recent Tuesday up
  to and including the anchor; the next one (on or after the anchor) when the clause looks forward.
  The tense is that of the nearest tense-bearing word before the expression in its sentence, else
  the first one after it (HeidelTime's closest-tense rule): "will", "is due to", "is set to", "would
  be", "scheduled", "planning to" are future (a participle after "be" carries no tense).  Cues right
  before the expression also look forward: "until"/"till" (unless the clause is past and its verb is
  no deadline verb: "postponed until" looks forward, "lasted until" does not), "as soon as", "this
  coming", and a present tense of a planned event before a weekday ("meets Monday").
* ``last Tuesday``: the Tuesday of the previous calendar week (Monday to Sunday); ``this Tuesday``
  the one of the anchor's week; ``next Tuesday`` the one of the following week.  ``every Tuesday``
  is not one date and is not extracted.
* ``yesterday`` / ``today`` / ``tonight`` / ``tomorrow`` / ``last night`` / ``this morning``: the day
  itself; ``overnight`` the night before the anchor (anchor - 1 .. anchor).  "today's youth", "the
  people of tomorrow" and titles ("This Week") are not dates.
* ``last week`` / ``this week`` / ``earlier this week`` / ``later this week`` / ``the past week`` and
  the same with month, quarter, year and weekend: the calendar range ("the past week" and "the last
  week" the days up to the anchor; "the last week of March" is no such range); ``the weekend`` the one just
  past (the next for a future clause); a report's ``the quarter`` / ``the latest quarter`` the last
  quarter completed; ``the third quarter`` the latest third quarter begun (in a future clause the
  next one, unless that quarter ended within :data:`QUARTER_REPORTING_DAYS`); seasons (``last fall``)
  their three months, ``the summer of 1996`` that year's.
* ``two days ago``, ``a week ago``, ``three months ago``, ``a decade ago``: anchor minus the span
  (days and "a week ago" to the day; "six weeks ago" to its ISO week, the granularity it names;
  months to the month, years to the year).
* Anchored expressions (``the day before``, ``a day later``, ``the previous Friday``, ``the
  year-earlier quarter``, ``later that year``) resolve against the last date of the same or the
  previous sentence (:func:`_resolve_anchors`); without one they stay unresolved ("that day" is then
  no date at all).  "A year earlier" or "the year-earlier quarter" after a quarter (or a month) is
  that period a year back, as is "a year ago" after the quarter being reported; "year-ago" counts
  from the anchor.  After a date that is itself a year back ("last year's", "a year ago"),
  "the year-earlier results" is that same period and "a year earlier" stays unresolved.  A
  figure's "a year earlier" ("up from $93 million a year earlier") with no period before it to
  compare with is the year before the anchor's, as "year-ago" is.
* Holidays of the calendar pack (``on Christmas Eve``, ``last Thanksgiving``): a month-day whose year
  the tense implies (``last``/``next``: the one before/after the anchor).
* Absolute dates: ``August 6``, ``Aug. 6``, ``6 August``, ``August 6, 2024``, ``6-8 August``,
  ``2024-08-06``, ``13/08/2024`` (numeric day-month only when one part exceeds 12 or both are equal),
  ``February 2022``, ``in 2022``, ``nineteen ninety-six``, ``between 1994 and 1997``, ``early 1997``,
  ``fiscal 1989``, ``the
  1996 bombing`` (a year needs a preposition or a determiner and no count noun after it, so "in 2022
  homes", "the 2000 people" or "F-16" are not dates), ``the 1990s``, ``in August`` / ``early
  August`` / ``the October shooting`` / ``December's figures`` (a bare month needs one of these, so
  "may" the verb and "Theresa May" are not dates), ``June last year``.  A date without a year takes
  the year that puts it within half a year of the anchor, unless the clause's tense clearly
  contradicts it (:func:`infer_year`).
* ``the week of March 6``: that day's week, Monday to Sunday.
* ``the first half of 1990`` / ``the last two quarters of 1989`` (TimeML "1990-H1"); ``the
  nineties``, ``the '80s`` (the latest such decade begun by the anchor's year); ``the 20th century``
  ("19"); ``by year-end`` (the anchor's December 31; ``since year-end`` the year before's); ``April
  24 and 25`` (two facts); ``the 1988 quarter`` after the quarter a report is about (that quarter
  of 1988); ``the latest period`` (the last quarter completed).
* References without a date (``in the past``, ``right now``, ``in the near future``, ``the past
  few months``): form "reference", TimeML's PAST_REF / PRESENT_REF / FUTURE_REF as the value, never
  resolved, so the date rules never read them.
* A wire dateline's own day (``ATHENS, Aug 8 (Reuters)``): form "dateline", the filing date, which
  the date rules never take for an event's date.
* A weekday paired with a date (``Tuesday, August 13``, ``Tue 13 Aug 2024``) records whether the
  weekday is that date's.

Relative expressions of a document without a publication date keep ``earliest``/``latest`` ``None``.
Expressions inside quotation marks (the spans of the ``quotes`` facts, which this extractor requires)
are marked ``quoted``: they are anchored to when the speaker spoke, not to the publication date.
The first expression of each sentence also records what the date rules need to find the same event
elsewhere (keywords, the sentence with its dates blanked, names, numbers, where its clauses begin).
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from newslint.facts.temporal import TemporalExpression
from newslint.rule import Extractor
from newslint.rulepacks import RulePacks, builtin_packs

if TYPE_CHECKING:
    from newslint.document import Document, Sentence

__all__ = ["EXTRACTOR", "TemporalExpression", "Vocabulary", "extract", "resolve_weekday", "vocabulary"]

# -- the expression grammar ---------------------------------------------------------------------

_S = r"(?:[ \t\u00a0]+\n?[ \t\u00a0]*|\n[ \t\u00a0]*)"  # spacing inside one paragraph
_YEAR = r"(?:19|20)\d\d(?![\d\w])"
_SEP = r"(?:\s*,\s*|" + _S + r")"


def _day(name: str) -> str:
    return rf"(?P<{name}>[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\w])"


def _alternatives(
    wd_full: str, wd_abbr: str, month_full: str, month: str, words: dict[str, str]
) -> dict[str, str]:
    """The expression grammar, one alternative per form, given the name patterns and word lists of
    the calendar pack (``words``: "count", "month_preps", "year_preps", "year_dets" as alternations)."""
    count, month_preps, year_preps, year_dets = (
        words["count"],
        words["month_preps"],
        words["year_preps"],
        words["year_dets"],
    )
    return {
        # "the day before", "the previous Friday", "a day later", "two weeks earlier"
        "anchored": r"(?i:the"
        + _S
        + rf"(?P<an_dir1>{words['before_unit']})"
        + _S
        + rf"(?P<an_unit1>{words['anchored_units']}|{words['parts']}|{wd_full})"
        r"|the"
        + _S
        + rf"(?P<an_unit2>{words['anchored_units']})"
        + _S
        + rf"(?P<an_dir2>{words['after_unit']})(?=\s*[,.;:)]|\s*$)"
        rf"|(?P<an_n>{count}|[1-9]\d?)"
        + _S
        + rf"(?P<an_unit3>{words['anchored_units']})s?"
        + _S
        + rf"(?P<an_dir3>{words['after_count']}|(?:{words['after_unit']})(?=\s*[,.;:)]|\s*$))"
        # "that day", "later that year", "earlier that same day" (not "that year after year")
        rf"|(?:(?:{words['after_count_plain']})"
        + _S
        + r")?that"
        + _S
        + r"(?:same"
        + _S
        + rf")?(?P<an_unit4>{words['that_units']}|{words['parts']})(?!"
        + _S
        + rf"(?:{words['not_after_that']})\b))(?![\w-])",
        # "the third quarter", "third-quarter", "the first quarter of 1990"
        "quarter": r"(?i:(?:the"
        + _S
        + rf"|(?P<q_rel>{words['shifts']})"
        + _S
        + r"year['’]s"
        + _S
        + r")?(?:(?P<q_y0>(?:19|20)\d\d)"
        + _S
        + rf")?(?:(?P<q_n>{words['ordinals']})|(?P<q_latest>{words['latest']}))(?:-|"
        + _S
        + r")quarter"
        r"(?:" + _S + r"of" + _S + r"(?P<q_y>(?:19|20)\d\d))?)(?![\w-])",
        # "in the past", "right now", "in the near future": TimeML's PAST_REF, PRESENT_REF, FUTURE_REF
        "reference": rf"(?i:(?P<rf>{words['references']}))(?![\w-]|{_S}(?:\d|(?i:{words['not_after_reference']})\b))"
        # "the past few months", "the next several years": a vague span up to or from now
        rf"|(?i:the{_S}(?P<rf_dir>{words['unit_mods']}){_S}(?:{words['vague_counts']}){_S}"
        rf"(?:{words['vague_units']})s"
        # "a few years ago", "several weeks ago": some time back, no date
        rf"|(?P<rf_ago>(?:a{_S})?(?:{words['vague_counts']}){_S}(?:{words['vague_units']})s{_S}ago))(?![\w-])",
        # "the latest period" of an earnings report: the last quarter completed
        # "the latest fiscal year": the last year completed
        "latest_period": rf"(?i:the{_S}(?:{words['latest']}){_S}(?:(?P<lp_year>(?:fiscal{_S})?year)|period))"
        r"(?![\w-])",
        # "the first half of 1990", "the second half of this year", "the first two quarters of 1990"
        "half": rf"(?i:(?:(?:the|its|their){_S})?(?:(?P<h_n>{words['halves']})(?:-|{_S})half"
        rf"|(?P<h_q>{words['halves']}){_S}two{_S}quarters){_S}(?:of|for){_S}"
        rf"(?:(?P<h_y>{_YEAR})|(?P<h_rel>{words['shifts']}){_S}year(?![\w-])))",
        # "last fall", "this summer", "this past spring", "in the winter"
        "season": rf"(?i:(?P<se_mod>{words['season_mods']})"
        + _S
        + rf"(?:(?P<se_x>{words['period_parts']})(?:-|{_S}))?"
        + rf"(?P<se_name>{words['seasons']})(?:{_S}of{_S}(?P<se_y>{_YEAR}))?)(?![\w-])",
        # "the year-earlier quarter", "the year-ago period", "year-earlier results"
        "year_ago": r"(?i:(?:the" + _S + r")?(?:(?P<ya_adj>[a-z]+)" + _S + r")?year-(?P<ya_dir>earlier|ago)"
        r"(?:"
        + _S
        + rf"(?P<ya_q>{words['word_ordinals']})(?="
        + _S
        + r"quarter))?(?:"
        + _S
        + rf"(?P<ya_noun>{words['year_ago_nouns']})\b)?)(?![\w-])",
        # a year said aloud: "nineteen ninety-six", "the year two thousand"
        "spoken_year": r"(?i:" + words["spoken_year"] + r")(?![\w-])",
        # "for the full year", "earlier in the year", "by the end of the year" (not "the year before",
        # "the year-end", "the year's best", "the year 2000", "person of the year")
        "the_year": rf"(?i:(?P<ty_p>{words['the_year_preps']})"
        + _S
        + r")(?P<ty>the"
        + _S
        + rf"(?:(?i:{words['the_year_adjs']})"
        + _S
        + r")?year)(?![\w'’-]|"
        + _S
        + rf"(?i:{words['not_after_the_year']}|[\d(]))",
        # "by year-end", "since year end", "by year's end"
        "year_end": rf"(?i:(?P<ye_p>{words['year_end_preps']}){_S}(?:the{_S})?year(?:-|{_S}|['’]s{_S})end)"
        rf"(?![\w-]|{_S}[a-z\d])",
        # "Christmas Day", "last Thanksgiving", "New Year's Eve"
        "holiday": rf"(?:(?P<ho_mod>(?i:{words['shifts']}))"
        + _S
        + r")?(?P<ho_name>(?i:"
        + words["holidays"]
        + r"))(?!\w)",
        # a weekday paired with a date: "Tuesday, August 13", "Tue 13 Aug 2024", "Tuesday (Aug. 13)"
        "pair": rf"(?P<pa_wd>{wd_full}|{wd_abbr})(?:\s*,\s*|{_S}|\s*\(\s*)"
        rf"(?:(?P<pa_m1>{month}){_S}{_day('pa_d1')}|{_day('pa_d2')}{_S}(?:of{_S})?(?P<pa_m2>{month}))"
        rf"(?:{_SEP}(?P<pa_y>{_YEAR}))?",
        # "last Tuesday", "Tuesday", "Tuesday's", "Tuesday evening", "late Tuesday"
        "weekday": rf"(?:(?P<wd_mod>(?i:{words['weekday_mods']})){_S})?(?P<wd_name>{wd_full})"
        rf"(?:['’]s(?!\w))?(?:{_S}(?P<wd_part>(?i:{words['parts']}))(?!\w))?",
        # "two days ago", "earlier this week", "last month", "yesterday", "overnight"
        "relative": rf"(?i:(?P<rel_ago>(?P<rel_n>{count}|[1-9]\d?)"
        + _S
        + rf"(?P<rel_agou>{words['ago_units']})s?"
        + rf"(?:{_S}or{_S}so)?"
        + _S
        + r"ago)"
        rf"|(?P<rel_mod>{words['after_count_plain']})"
        + _S
        + r"this"
        + _S
        + rf"(?P<rel_modu>{words['this_units']})"
        rf"|(?P<rel_dir>{words['unit_mods']})" + _S + rf"(?P<rel_unit>{words['shift_units']})"
        r"|the" + _S + rf"(?P<rel_the>{words['the_units']})"
        r"|the" + _S + r"current" + _S + rf"(?P<rel_cur>{words['current_units']})"
        rf"|(?P<rel_word>{words['relative_days']}))(?![\w-])",
        # "August 6", "Aug. 6, 2024", "August 6-8"
        "month_day": rf"(?P<md_m>{month}){_S}{_day('md_d')}(?:\s*[-–]\s*{_day('md_d2')}"
        rf"|{_S}and{_S}{_day('md_d3')})?"
        rf"(?:{_SEP}(?P<md_y>{_YEAR}))?(?!:\d)",
        "iso": r"(?<![\d-])(?P<iso_y>(?:19|20)\d\d)-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12]\d|3[01])"
        r"(?![\d-])",
        "numeric": r"(?<![\d/.])(?P<num_a>\d{1,2})(?P<num_sep>[/.])(?P<num_b>\d{1,2})(?P=num_sep)"
        r"(?P<num_y>(?:19|20)\d\d)(?![\d/]|\.\d)",
        # "6 August", "6th of August 2024", "6-8 August"
        "day_month": rf"(?<![\d.,]){_day('dm_d')}(?:\s*[-–]\s*{_day('dm_d2')})?{_S}(?:of{_S})?"
        rf"(?P<dm_m>{month})(?:{_S}(?P<dm_y>{_YEAR}))?",
        # "February 2022"
        "month_year": rf"(?P<my_m>{month}),?{_S}(?P<my_y>{_YEAR})",
        # "in August", "since early March", "last August"
        "month": rf"(?:(?P<mo_p>{month_preps})" + _S + r")?"
        rf"(?P<mo_core>(?:(?P<mo_x>{words['month_parts']})(?:-|" + _S + r"))?"
        rf"(?P<mo_m>{month_full}))(?P<mo_s>['’]s)?(?!\.?\s*\d)"
        r"(?:,?" + _S + rf"(?P<mo_rel>{words['shifts']})" + _S + r"year(?![\w-]))?",
        # "in 2022", "since 2014", "the end of 2024"
        "year": rf"(?P<yr_p>(?i:{year_preps}))(?:" + _S + r"(?:both" + _S + r")?|-)"
        r"(?P<yr_y>(?:19|20)\d\d)(?P<yr_more>(?:(?:\s*,\s*|"
        + _S
        + rf"(?:{words['year_joiners']})"
        + _S
        + r"|\s*[-–]\s*)"
        r"(?:19|20)\d\d(?![\w]|[,.]\d|[-–/]\d))*)(?![\w]|[,.]\d|[-–/]\d)",
        # "the 1996 Olympic bombing", "a 1996 law", "its 1990 invasion", "the company's 1989 results"
        # "the 1990s", "the mid-1990s", "the late 1970s"
        "decade": r"(?:(?i:the)" + _S + rf")?(?:(?P<de_x>(?i:{words['period_parts']}))(?:-|" + _S + r"))?"
        r"(?P<de_y>(?:19|20)\d)0s(?![\w-])",
        # "the nineties", "the late eighties", "the '80s"
        "decade_word": r"(?:(?i:the)"
        + _S
        + rf"(?:(?P<dw_x>(?i:{words['period_parts']}))(?:-|"
        + _S
        + rf"))?(?P<dw_w>(?i:{words['decade_words']}))|(?:(?i:the){_S})?(?:(?P<dw_x2>(?i:{words['period_parts']}))(?:-|{_S}))?"
        r"['’](?P<dw_d>\d)0s)(?![\w-])",
        # "the 20th century", "11th-century"
        "century": rf"(?:(?i:the){_S})?(?P<ce_n>[12]?\d)(?:st|nd|rd|th)(?:-|{_S})(?i:century)(?![\w])",
        "year_det": rf"(?P<yd_p>(?i:{year_dets})|(?<=['’])s)"
        + _S
        + r"(?:(?P<yd_adj>[a-z]+)"
        + _S
        + r")?(?P<yd_y>(?:19|20)\d\d)(?="
        + _S
        + r"(?P<yd_next>[A-Za-z][\w-]*))",
    }


def _words(names) -> str:
    return "|".join(re.escape(n) for n in names)


def _grammar_words(names) -> str:
    """Words and phrases of the pack as alternatives of the grammar, longest first: words apart by
    spacing inside one paragraph (``_S``), either apostrophe; a pattern that never matches when
    there are none."""
    return "|".join(_S.join(map(_apostrophes, w.split())) for w in _by_length(names)) or r"(?!)"


def _by_length(names) -> list[str]:
    return sorted(set(names), key=lambda w: (-len(w), w))


def _phrase(words: str) -> str:
    """A phrase of the pack as a pattern: words apart by any spacing, either apostrophe."""
    return r"\s+".join(_apostrophes(w) for w in words.split())


def _apostrophes(word: str) -> str:
    return re.escape(word).replace("'", "['’]")


def _first_letters(words, extra: str = "") -> str:
    """A lookahead that lets a pattern of alternatives (``words``, phrases of the pack, plus the
    characters ``extra`` that the fixed alternatives can begin with) fail at once where none of them
    can begin, instead of trying each alternative in turn: the same matches, an order of magnitude
    fewer steps on long windows.  Empty (no guard) when a word is empty."""
    firsts = set(extra)
    for w in words:
        parts = w.split()
        if not parts:
            return ""
        firsts.add(parts[0][0])
    if firsts & {"'", "’"}:
        firsts |= {"'", "’"}
    return "(?=[" + "".join(re.escape(c) for c in sorted(firsts)) + "])"


DISPATCH_AFTER = 3000  # offsets (about 50 wire stories) read with the whole grammar, see _scan


@dataclass(frozen=True)
class Vocabulary:
    """What the extractor reads from the calendar pack (``[calendar]`` and ``[tense]`` of
    rules/calendar.toml), compiled once per set of packs."""

    months: tuple[str, ...]  # "January", ... (capitalised pack names)
    weekdays: tuple[str, ...]  # "Monday", ...
    month_index: dict[str, int]  # every name and abbreviation, lower case -> 1..12
    weekday_index: dict[str, int]  # every name and abbreviation, lower case -> 0..6
    count_words: dict[str, int]
    alternatives: dict[str, str]
    triggers: tuple[str, ...]
    starters: frozenset[str]
    weak_starters: frozenset[str]
    not_weekday_before: frozenset[str]
    not_weekday_after: re.Pattern
    year_followers: frozenset[str]
    stopwords: frozenset[str]
    tense: re.Pattern
    tense_start: re.Pattern  # where a ``tense`` match can begin (its first-letter guard)
    cue_start: re.Pattern  # where a ``future_before`` match can begin
    planned_start: re.Pattern  # where a ``planned_event`` match can begin
    planned_endings: tuple[str, ...] | None  # what the word before a ``planned_event`` match's end
    # ends with, in lower case, longest first (None: the verbs are not all ASCII, no such test)
    not_past: frozenset[str]
    participle_after: re.Pattern  # a form of "be" (and an "-ly" word) right before a participle
    adjective_after: re.Pattern  # a determiner (and an adverb) right before an "-ed" adjective
    before_only: frozenset[str]  # future phrases that count only before the expression
    count_nouns: frozenset[str]
    year_event_nouns: frozenset[str]
    generic_after_today: frozenset[str]
    recurring_before: frozenset[str]
    future_before: re.Pattern  # a cue right before the expression ("until", "as soon as")
    weak_cues: frozenset[str]  # those that a past clause overrides ("until", "effective")
    month_cues: frozenset[str]  # weak cues that no past clause overrides before a month (day)
    comparison: re.Pattern  # "from", "compared with" before "... a year earlier": a figure's comparison
    deadline_verbs: frozenset[str]
    planned_event: re.Pattern  # "meets Monday", "meet separately on Monday"
    clause_break: re.Pattern  # where a new clause begins (at the match's end)
    number_words: dict[str, int] = field(default_factory=dict)  # count words and year number words
    year_parts: frozenset[str] = frozenset()  # "end" of "the end of the year"
    holidays: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # name -> (month, day or
    # weekday, 0 or the weekday's ordinal in the month)
    parts_of_day: frozenset[str] = frozenset()  # "morning", ...: a day in "that morning"
    shifts: dict[str, int] = field(default_factory=dict)  # "last" -> -1, "this" -> 0, "next" -> 1
    rolling: frozenset[str] = frozenset()  # "past": "the past week" ends on the publication date
    seasons: dict[str, int] = field(default_factory=dict)  # name -> the month it begins in
    halves: dict[str, int] = field(default_factory=dict)  # "first" -> 1, "second"/"last" -> 2
    references: dict[str, str] = field(default_factory=dict)  # "in the past" -> "PAST"
    period_nouns: frozenset[str] = frozenset()  # "the 1988 quarter", "the 1989 period"
    since_words: frozenset[str] = frozenset()  # "since year-end": the year-end that has passed
    decade_words: dict[str, int] = field(default_factory=dict)  # "nineties" -> 9
    unit_days: dict[str, int] = field(default_factory=dict)  # unit -> its length in days
    anchored_units: frozenset[str] = frozenset()  # the units of "the day before", "a week later"
    relative_days: dict[str, tuple[int, int]] = field(default_factory=dict)  # "yesterday" -> (-1, -1)
    period_parts: dict[str, dict] = field(default_factory=dict)  # "early" -> {"month": [1, 10], ...}
    directions: dict[str, int] = field(default_factory=dict)  # "previous", "before", "later" -> -1/1
    ordinals: dict[str, int] = field(default_factory=dict)  # "third" -> 3
    count_qualifiers: frozenset[str] = frozenset()  # "the about 2000 ..." counts
    not_planned_after: frozenset[str] = frozenset()  # "did" of "did not play on Sunday"
    date_prepositions: re.Pattern = re.compile(r"(?!)")  # the preposition right before a date
    past_prepositions: re.Pattern = re.compile(r"(?!)")  # "on" of "was arrested on March 3", at the end
    required_words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # see :func:`_scan`
    # each alternative of the grammar on its own (``\b(?P<name>body)``), compiled when first tried
    _compiled: dict[str, re.Pattern] = field(default_factory=dict, repr=False, compare=False)
    # offsets :func:`_scan` still tries with the whole grammar before it tries the alternatives
    dispatch_after: list[int] = field(default_factory=lambda: [DISPATCH_AFTER], repr=False, compare=False)

    @cached_property
    def grammar(self) -> re.Pattern:
        """The whole grammar: every alternative, tried in order at each offset (what :func:`_scan`
        matches, an alternative at a time)."""
        return re.compile(
            r"\b(?:" + "|".join(f"(?P<{name}>{body})" for name, body in self.alternatives.items()) + ")"
        )

    def alternative(self, name: str) -> re.Pattern:
        found = self._compiled.get(name)
        if found is None:
            found = self._compiled[name] = re.compile(rf"\b(?P<{name}>{self.alternatives[name]})")
        return found

    @cached_property
    def _by_first_char(self) -> dict[str, tuple[str, ...]]:
        """ASCII character -> the alternatives (in the grammar's order) whose match can begin with
        it; an alternative whose first characters are not known is tried at every character."""
        firsts = {name: _first_chars(rf"\b(?P<{name}>{body})") for name, body in self.alternatives.items()}
        return {chr(c): tuple(n for n, f in firsts.items() if f is None or chr(c) in f) for c in range(128)}

    def shift(self, modifier: str | None) -> int | None:
        """The calendar units a modifier moves by ("last" -1, "this" 0, "next" 1; "past" as "last"),
        or None for another word."""
        if modifier is None:
            return None
        found = self.shifts.get(modifier)
        return -1 if found is None and modifier in self.rolling else found

    def shift_word(self, shift: int) -> str:
        """The first modifier of the pack that moves by ``shift`` (the name of a rule)."""
        return next(w for w, n in self.shifts.items() if n == shift)

    def candidates(self, ch: str) -> tuple[str, ...]:
        """The alternatives that can match at a character ``ch`` (every one for a non-ASCII one)."""
        return self._by_first_char.get(ch) or tuple(self.alternatives)


def vocabulary(packs: RulePacks) -> Vocabulary:
    cal = packs.get("calendar", {})
    tense = packs.get("tense", {})
    months = tuple(m.capitalize() for m in cal.get("months", ()))
    weekdays = tuple(w.capitalize() for w in cal.get("weekdays", ()))
    if len(months) != 12 or len(weekdays) != 7:
        raise ValueError(
            "rule pack section [calendar] must list the 12 months and the 7 weekdays in order "
            f"(found {len(months)} and {len(weekdays)}); add other spellings to month-abbreviations "
            "or weekday-abbreviations instead"
        )
    month_index = {m.lower(): i for i, m in enumerate(months, start=1)}
    month_abbr = {
        a: month_index[full] for a, full in cal.get("month-abbreviations", {}).items() if full in month_index
    }
    weekday_index = {w.lower(): i for i, w in enumerate(weekdays)}
    weekday_abbr = {
        a: weekday_index[full]
        for a, full in cal.get("weekday-abbreviations", {}).items()
        if full in weekday_index
    }
    by_length = sorted(month_abbr, key=lambda a: (-len(a), a))
    wd_full = rf"(?i:{_words(w.lower() for w in weekdays)})(?!\w)"
    wd_abbr = rf"(?:{_words(a.capitalize() for a in sorted(weekday_abbr))})(?![a-z])\.?"
    month_full = "(?:" + "|".join(re.escape(n) for m in months for n in (m, m.upper())) + r")(?!\w)"
    abbr = "(?:" + "|".join(re.escape(n) for a in by_length for n in (a.capitalize(), a.upper()))
    abbr += r")(?![A-Za-z])\.?"
    month = f"(?:{month_full}|{abbr})"
    count_words = {w.lower(): int(n) for w, n in cal.get("count-words", {}).items()}
    by_len = lambda ws: sorted(ws, key=lambda w: (-len(w), w))  # noqa: E731
    words = {
        "count": "|".join(_phrase(w) for w in by_len(count_words)),
        "month_preps": "|".join(
            _phrase(c) for w in by_len(cal.get("month-prepositions", ())) for c in (w, w.capitalize())
        ),
        "year_preps": "|".join(_phrase(w) for w in by_len(cal.get("year-prepositions", ()))),
        "year_dets": "|".join(_phrase(w) for w in by_len(cal.get("year-determiners", ()))),
    }
    holidays = _holidays(cal.get("holidays", {}), weekday_index)
    parts_of_day = tuple(w.lower() for w in cal.get("parts-of-day", ()))
    shifts = {w.lower(): int(n) for w, n in cal.get("shifts", {}).items()}
    rolling = frozenset(w.lower() for w in cal.get("rolling-modifiers", ()))
    seasons = {w.lower(): int(n) for w, n in cal.get("seasons", {}).items()}
    halves = {w.lower(): int(n) for w, n in cal.get("halves", {}).items()}
    references = {" ".join(w.lower().split()): str(t).upper() for w, t in cal.get("references", {}).items()}
    if any(t not in ("PAST", "PRESENT", "FUTURE") for t in references.values()):
        raise ValueError(
            'rule pack section [calendar.references]: each phrase is "past", "present" or "future"'
        )
    decade_words = {w.lower(): int(n) for w, n in cal.get("decade-words", {}).items()}
    unit_table = {w.lower(): u for w, u in cal.get("units", {}).items()}
    forms = lambda form: [w for w, u in unit_table.items() if form in u.get("forms", ())]  # noqa: E731
    period_parts = {w.lower(): p for w, p in cal.get("period-parts", {}).items()}
    before_unit = {w.lower(): int(n) for w, n in cal.get("anchor-before-unit", {}).items()}
    after_unit = {w.lower(): int(n) for w, n in cal.get("anchor-after-unit", {}).items()}
    after_count = {w.lower(): int(n) for w, n in cal.get("anchor-after-count", {}).items()}
    comparatives = {w.lower() for w in cal.get("anchor-comparatives", ())}
    ordinals = {w.lower(): int(n) for w, n in cal.get("ordinals", {}).items()}
    relative_days = {
        " ".join(w.lower().split()): (int(a), int(b)) for w, (a, b) in cal.get("relative-days", {}).items()
    }
    g = _grammar_words
    words.update(
        anchored_units=g(forms("anchored")),
        that_units=g(forms("that")),
        ago_units=g(forms("ago")),
        this_units=g(forms("this")),
        shift_units=g(forms("shift")),
        the_units=g(forms("the")),
        current_units=g(forms("current")),
        parts=g(parts_of_day),
        before_unit=g(before_unit),
        after_unit=g(after_unit),
        # "two days earlier than planned" compares; "two days later than" stays a date
        after_count="|".join(
            g([w]) + (rf"(?!{_S}than\b)" if w in comparatives else "") for w in _by_length(after_count)
        )
        or r"(?!)",
        after_count_plain=g(after_count),
        not_after_that=g(cal.get("not-after-that", ())),
        shifts=g(shifts),
        ordinals=g(ordinals),
        word_ordinals=g(w for w in ordinals if w.isalpha()),
        latest=g(cal.get("latest-words", ())),
        season_mods=g(
            [
                *shifts,
                *(f"{this} {r}" for this, n in shifts.items() if n == 0 for r in rolling),
                *cal.get("season-articles", ()),
            ]
        ),
        seasons=g(seasons),
        halves=g(halves),
        references=g(references),
        vague_counts=g(cal.get("vague-counts", ())),
        vague_units=g(u for u in unit_table if u != "weekend"),
        # "in the past few years", "in the past four months", "in the past week": durations
        not_after_reference=g(
            [
                *cal.get("not-after-reference", ()),
                *count_words,
                *(u + x for u in unit_table for x in ("", "s")),
            ]
        ),
        year_end_preps=g(cal.get("year-end-prepositions", ())),
        decade_words=g(decade_words),
        year_ago_nouns=g(cal.get("year-ago-nouns", ())),
        the_year_preps=g(cal.get("the-year-prepositions", ())),
        the_year_adjs=g(cal.get("the-year-adjectives", ())),
        not_after_the_year=g(cal.get("not-after-the-year", ())),  # read as prefixes ("to" of "today")
        weekday_mods=g([*shifts, *rolling, *(w for w, p in period_parts.items() if p.get("weekday"))]),
        unit_mods=g([*shifts, *rolling]),
        relative_days=g(relative_days),
        month_parts=_words(c for w in _by_length(period_parts) for c in (w, w.capitalize())) or r"(?!)",
        period_parts=g(period_parts),
        year_joiners=g(cal.get("year-joiners", ())),
    )
    number_words = {
        **{w: n for w, n in count_words.items() if 1 <= n <= 12 and w not in ("a", "an")},
        **{w.lower(): int(n) for w, n in cal.get("year-number-words", {}).items()},
    }
    units = _words(w for w, n in number_words.items() if 1 <= n <= 9)
    teens = _words(w for w, n in number_words.items() if 10 <= n <= 19)
    tens = _words(w for w, n in number_words.items() if n in (20, 30, 40, 50, 60, 70, 80, 90))
    words["spoken_year"] = (
        rf"(?:nineteen{_S}(?P<sy_t>{tens})(?:-(?P<sy_u>{units}))?|nineteen{_S}(?P<sy_teen>{teens})"
        rf"|(?P<sy_2k>(?i:the){_S}year{_S}two{_S}thousand)(?:{_S}and{_S}(?P<sy_2u>{units}))?)"
        if "nineteen" in number_words and tens
        else r"(?!)"
    )
    words["holidays"] = "|".join(_phrase(w) for w in by_len(holidays)) or r"(?!)"
    alternatives = _alternatives(wd_full, wd_abbr, month_full, month, words)
    triggers = tuple(
        dict.fromkeys(
            [
                *cal.get("triggers", ()),
                *parts_of_day,
                *seasons,
                *decade_words,
                *(m.lower()[:3] for m in months),
                *map(_holiday_trigger, holidays),
            ]
        )
    )
    starters = frozenset([*cal.get("starters", ()), *count_words, *weekday_abbr])
    after = "|".join(r"\s+".join(map(re.escape, w.split())) for w in cal.get("not-weekday-after", ()))
    future_aux = _words(tense.get("future-auxiliaries", ()))
    be_forms = "|".join(map(_apostrophes, tense.get("be-forms", ()))) or r"(?!)"
    be_to = _words(tense.get("be-to", ())) or r"(?!)"
    future = "|".join(
        [
            *(
                _phrase(w)
                for w in sorted(
                    [*tense.get("future-phrases", ()), *tense.get("future-phrases-before-only", ())],
                    key=len,
                    reverse=True,
                )
            ),
            *(_apostrophes(w) for w in tense.get("future-words", ()) if not w.startswith("'")),
            rf"(?:{be_forms})\s+(?:{future_aux})\s+(?:{_words(tense.get('future-auxiliary-followers', ()))})",
            rf"(?:{be_to})\s+to",
            *(re.escape(w) + r"\s+to" for w in tense.get("future-verbs", ())),
            *(_apostrophes(w) for w in tense.get("future-words", ()) if w.startswith("'")),
        ]
    )
    past = _words(tense.get("past-words", ())) + r"|[a-z]{2,}[^e\W]ed|[a-z]+ied"
    present = _words(tense.get("present-words", ())) or r"(?!)"
    adverb = (
        rf"(?:(?:{'|'.join(_phrase(w) for w in tense.get('adjective-adverbs', ())) or '(?!)'}|[a-z]+ly)\s+)?"
    )
    cues = [*tense.get("future-before", ()), *tense.get("future-before-weak", ())]
    planned_verbs = tense.get("planned-event-verbs", ())
    tense_words = [
        *tense.get("future-phrases", ()),
        *tense.get("future-phrases-before-only", ()),
        *tense.get("future-words", ()),
        *tense.get("future-verbs", ()),
        *tense.get("past-words", ()),
        *tense.get("present-words", ()),
    ]
    # the fixed alternatives: "is/are/am/'s/'re ___ to", "is/are to", and regular past forms [a-z]
    tense_guard = _first_letters(tense_words, "abcdefghijklmnopqrstuvwxyz'’")
    cue_guard = _first_letters(cues)
    planned_guard = _first_letters(planned_verbs)
    return Vocabulary(
        months=months,
        weekdays=weekdays,
        month_index={**month_index, **month_abbr},
        weekday_index={**weekday_index, **weekday_abbr},
        count_words=count_words,
        alternatives=alternatives,
        triggers=triggers,
        starters=frozenset(w.lower() for w in starters),
        weak_starters=frozenset(w.lower() for w in cal.get("weak-starters", ())) - set(starters),
        not_weekday_before=frozenset(cal.get("not-weekday-before", ())),
        not_weekday_after=re.compile(rf"\s+(?:{after})\b") if after else re.compile(r"(?!)"),
        year_followers=frozenset(cal.get("year-followers", ())),
        stopwords=frozenset(cal.get("keyword-stopwords", ())) | set(month_index) | set(weekday_index),
        tense=re.compile(
            rf"\b{tense_guard}(?:(?P<future>{future})|(?P<past>{past})|(?P<present>{present}))\b"
        ),
        # every offset when a word of the pack is empty (it could match nothing anywhere)
        tense_start=re.compile(rf"\b{tense_guard}" if tense_guard else ""),
        not_past=frozenset(tense.get("not-past", ())),
        participle_after=re.compile(
            rf"(?i)\b(?:{'|'.join(_phrase(w) for w in tense.get('participle-after', ())) or '(?!)'})\s+{adverb}$"
        ),
        adjective_after=re.compile(
            rf"(?i)\b(?:{'|'.join(_phrase(w) for w in tense.get('adjective-after', ())) or '(?!)'})\s+{adverb}$"
        ),
        before_only=frozenset(tense.get("future-phrases-before-only", ())),
        count_nouns=frozenset(cal.get("count-nouns", ())),
        year_event_nouns=frozenset(w.lower() for w in cal.get("year-event-nouns", ())),
        generic_after_today=frozenset(cal.get("generic-after-today", ())),
        recurring_before=frozenset(cal.get("recurring-before", ())),
        cue_start=re.compile(rf"(?i)\b{cue_guard}" if cue_guard else ""),
        planned_start=re.compile(rf"(?i)\b{planned_guard}" if planned_guard else ""),
        planned_endings=tuple(
            sorted({"on", "ly", *(w.split()[-1].lower() for w in planned_verbs)}, key=len, reverse=True)
        )
        if all(w.isascii() and w.split() for w in planned_verbs)
        else None,
        # the clock time between a cue and its date ("until 5 p.m. Tuesday"): the shape of a time of
        # day, the marks of the 12-hour clock as part of it (not [calendar] clock-marks/clock-words,
        # whose "hrs", "h", "o'clock" the cue does not take)
        future_before=re.compile(
            rf"(?i)\b{cue_guard}(?P<cue>{'|'.join(_phrase(w) for w in cues)})(?:{_S}on)?"
            rf"(?:{_S}\d{{1,2}}(?::\d\d)?{_S}?(?:a\.m\.|p\.m\.|am|pm)(?:{_S}[A-Z]{{2,4}})?)?{_S}$"
            if cues
            else r"(?!)"
        ),
        weak_cues=frozenset(" ".join(w.lower().split()) for w in tense.get("future-before-weak", ())),
        month_cues=frozenset(" ".join(w.lower().split()) for w in tense.get("future-before-month", ())),
        comparison=re.compile(
            rf"(?i)\b(?:{'|'.join(_phrase(w) for w in cal.get('comparison-words', ())) or '(?!)'})\b"
        ),
        deadline_verbs=frozenset(tense.get("deadline-verbs", ())),
        clause_break=_clause_break(packs.get("clauses", {})),
        holidays=holidays,
        number_words=number_words,
        year_parts=frozenset(w.lower() for w in cal.get("year-parts", ())),
        parts_of_day=frozenset(parts_of_day),
        shifts=shifts,
        rolling=rolling,
        seasons=seasons,
        halves=halves,
        references=references,
        decade_words=decade_words,
        period_nouns=frozenset(w.lower() for w in cal.get("year-period-nouns", ())),
        since_words=frozenset(" ".join(w.lower().split()) for w in cal.get("year-end-since", ())),
        unit_days={w: int(u.get("days", 0)) for w, u in unit_table.items()},
        anchored_units=frozenset(forms("anchored")),
        relative_days=relative_days,
        period_parts=period_parts,
        directions={**before_unit, **after_unit, **after_count},
        ordinals=ordinals,
        count_qualifiers=frozenset(w.lower() for w in cal.get("count-qualifiers", ())),
        not_planned_after=frozenset(w.lower() for w in tense.get("not-planned-after", ())),
        past_prepositions=re.compile(
            rf"(?i)\b(?:{'|'.join(_phrase(w) for w in tense.get('past-date-prepositions', ()))})[ \t\u00a0]+$"
            if tense.get("past-date-prepositions")
            else r"(?!)"
        ),
        date_prepositions=re.compile(
            rf"(?i)\b({'|'.join(_phrase(w) for w in cal.get('date-prepositions', ()))})\s+$"
            if cal.get("date-prepositions")
            else r"(?!)"
        ),
        # alternatives of :func:`_alternatives` -> the words one of which every match of it holds
        # (lower case): the fixed word of a form, or the pack's words
        required_words={
            "quarter": ("quarter",),
            "season": tuple(seasons),
            "year_ago": ("year-",),
            "the_year": ("year",),
            "decade": ("0s",),
            "decade_word": (*decade_words, "0s"),
            "century": ("century",),
            "half": ("half", "quarters"),
            "latest_period": ("period", "year"),
            "reference": tuple(w.split()[-1] for w in references),
            "year_end": ("end",),
        },
        planned_event=re.compile(
            rf"(?i)\b{planned_guard}(?:{'|'.join(_phrase(w) for w in planned_verbs)})"
            rf"(?:{_S}[a-z]+ly)?(?:{_S}on)?{_S}$"
            if planned_verbs
            else r"(?!)"
        ),
    )


def _holiday_trigger(name: str) -> str:
    """What :func:`_scan` looks for: the name's first word ("christmas"), or its first two when the
    first is short and common ("new year")."""
    words = name.split()
    first = words[0] if len(words[0]) >= 5 or len(words) == 1 else " ".join(words[:2])
    return re.sub(r"['’]s$", "", first)


def _holidays(table: dict, weekday_index: dict[str, int]) -> dict[str, tuple[int, int, int]]:
    out = {}
    for name, rule in table.items():
        parts = str(rule).lower().split("-")
        try:
            if len(parts) == 2:
                month, day, nth = int(parts[0]), int(parts[1]), 0
                dt.date(2024, month, day)
            else:
                month, day, nth = int(parts[0]), weekday_index[parts[1]], int(parts[2])
                if not (1 <= month <= 12 and 1 <= nth <= 4):
                    raise ValueError
        except (ValueError, KeyError, IndexError):
            raise ValueError(
                f'rule pack section [calendar.holidays]: {name!r} = {rule!r} is not "MM-DD" or '
                '"MM-weekday-N" (e.g. "12-25", "11-thursday-4")'
            ) from None
        out[" ".join(name.lower().replace("’", "'").split())] = (month, day, nth)
    return out


def _clause_break(clauses: dict) -> re.Pattern:
    marks = "|".join(re.escape(b) for b in clauses.get("breaks", ()))
    conj = "|".join(_phrase(w) for w in clauses.get("conjunctions", ()))
    openers = "|".join(_phrase(w) for w in clauses.get("date-openers", ()))
    parts = [marks] if marks else []
    if conj:
        parts.append(rf",\s+(?:{conj})\b")
        if openers:
            parts.append(rf"\s(?:{conj})(?=\s+(?:{openers})\b)")
    return re.compile("|".join(parts) or r"(?!)", re.I)


def _first_chars(pattern: str) -> frozenset[str] | None:
    """The ASCII characters a match of ``pattern`` can begin with (read from the standard library's
    parse of it), or None when they are not known (a pattern the reading does not follow, an empty
    match).  A superset: lookarounds and word boundaries are passed over as if they held.  Only
    ASCII is listed: whether a non-ASCII character can begin a match is never asked."""
    try:
        from re import _constants as sre  # type: ignore[attr-defined]
        from re import _parser  # type: ignore[attr-defined]

        found, nullable = _first_of(_parser.parse(pattern).data, 0, sre)
    except Exception:  # another Python's parser: try the pattern everywhere
        return None
    return None if found is None or nullable else frozenset(found)


_ASCII = tuple(chr(c) for c in range(128))


def _first_of(items, flags: int, sre) -> tuple[set[str] | None, bool]:
    """(first characters, whether it can match empty) of a sequence of parsed items."""
    out: set[str] = set()
    for op, av in items:
        found, nullable = _first_of_item(op, av, flags, sre)
        if found is None:
            return None, False
        out |= found
        if not nullable:
            return out, False
    return out, True


def _first_of_item(op, av, flags: int, sre) -> tuple[set[str] | None, bool]:
    if op is sre.LITERAL:
        return _cases(chr(av), flags, sre), False
    if op is sre.IN:
        return _first_of_set(av, flags, sre), False
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return set(), True  # zero width: what follows begins the match
    if op is sre.SUBPATTERN:
        _group, add, remove, sub = av
        return _first_of(sub.data, (flags | add) & ~remove, sre)
    if op is sre.BRANCH:
        out: set[str] = set()
        nullable = False
        for branch in av[1]:
            found, empty = _first_of(branch.data, flags, sre)
            if found is None:
                return None, False
            out |= found
            nullable = nullable or empty
        return out, nullable
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, sub = av
        found, empty = _first_of(sub.data, flags, sre)
        return found, empty or low == 0
    if op is sre.ATOMIC_GROUP:
        return _first_of(av.data, flags, sre)
    return None, False


def _cases(ch: str, flags: int, sre) -> set[str]:
    """The ASCII characters that match the literal ``ch`` (with IGNORECASE, its other cases)."""
    if not flags & sre.SRE_FLAG_IGNORECASE:
        return {ch} if ch.isascii() else set()
    if ch.isascii():
        return {ch, ch.lower(), ch.upper()}
    one = re.compile("(?i:" + re.escape(ch) + ")")
    return {c for c in _ASCII if one.fullmatch(c)}


_CATEGORIES = {
    "CATEGORY_DIGIT": "0123456789",
    "CATEGORY_SPACE": " \t\n\r\f\v\x1c\x1d\x1e\x1f",
    "CATEGORY_WORD": "".join(c for c in _ASCII if c.isalnum() or c == "_"),
}


def _first_of_set(items, flags: int, sre) -> set[str] | None:
    out: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            out |= _cases(chr(av), flags, sre)
        elif op is sre.RANGE:
            low, high = av
            if flags & sre.SRE_FLAG_IGNORECASE:
                one = re.compile(f"(?i:[{re.escape(chr(low))}-{re.escape(chr(high))}])")
                out |= {c for c in _ASCII if one.fullmatch(c)}
            else:
                out |= {c for c in _ASCII if low <= ord(c) <= high}
        elif op is sre.CATEGORY and str(av) in _CATEGORIES:
            out |= set(_CATEGORIES[str(av)])
        else:  # a negated set, another category
            return None
    return out


_WORD_START = re.compile(r"\b\w+")
_LOOKBACK = 32


def _window_starts(prose: str, lo: int, hi: int, v: Vocabulary) -> list[int]:
    """Where an expression can begin around a trigger that ends the window [lo, hi): the word the
    trigger is in, and the words before it that can begin one (a weak starter, "the", only right
    before the trigger's word, a number or another starter)."""
    words = list(_WORD_START.finditer(prose, lo, hi))
    if not words:
        return []
    out = [words[-1].start()]
    before = words[-4:-1]
    for k, m in enumerate(before):
        word = m.group().lower()
        if word[0].isdigit() or word in v.starters:
            out.append(m.start())
        elif word in v.weak_starters:
            nxt = before[k + 1].group().lower() if k + 1 < len(before) else None
            if nxt is None or nxt[0].isdigit() or nxt in v.starters or nxt in v.weak_starters:
                out.append(m.start())
            elif k == len(before) - 2 and words[-1].group()[0].isdigit() and before[k + 1].group().islower():
                out.append(m.start())  # "his unsuccessful 1996 campaign": one adjective before a number
    return out


def _scan(prose: str, v: Vocabulary) -> Iterator[re.Match]:
    """The grammar's matches, leftmost first and not overlapping, as ``v.grammar.finditer`` would give them, but trying the grammar only near trigger
    words (an order of magnitude faster), and at each offset only the alternatives that can begin
    with its character, in the grammar's order (the first that matches is the grammar's match)."""
    lower = prose.lower()
    hits: set[int] = set()
    for needle in v.triggers:
        i = lower.find(needle)
        while i >= 0:
            hits.add(i)
            i = lower.find(needle, i + 1)
    if not hits:
        return
    starts: set[int] = set()
    # the starts a window gives depend on its text alone (and the character before it, for the
    # first word boundary): a text that repeats its phrases reads each window once
    seen: dict[str, tuple[int, ...]] = {}
    for i in hits:
        lo = max(0, i - _LOOKBACK)
        if lo:
            key = prose[lo - 1 : i + 1]
            rel = seen.get(key)
            if rel is None:
                rel = seen[key] = tuple(s - lo for s in _window_starts(prose, lo, i + 1, v))
            starts.update(lo + s for s in rel)
        else:
            starts.update(_window_starts(prose, lo, i + 1, v))
    last_end = 0
    ordered = sorted(starts)
    if len(ordered) <= v.dispatch_after[0]:
        # the first offsets a process reads go to the whole grammar, compiled at once: a check of
        # one small draft reads a few (and compiling the alternatives one by one, then finding their
        # first characters, costs more than the grammar); many documents, or one long one, to the
        # alternatives (about twice as fast an offset)
        v.dispatch_after[0] -= len(ordered)
        grammar = v.grammar
        for pos in ordered:
            if pos < last_end:
                continue
            found = grammar.match(prose, pos)
            if found is not None and found.end() > pos:
                last_end = found.end()
                yield found
        return
    # alternatives whose every match holds a word the text lacks (case aside) are not tried; a
    # text with a non-ASCII character that matches an ASCII letter regardless of case tries them all
    skip: frozenset[str] = frozenset()
    if lower.isascii() or not any(c in prose for c in "İıKſ"):
        skip = frozenset(n for n, words in v.required_words.items() if not any(w in lower for w in words))
    for pos in ordered:
        if pos < last_end:
            continue
        for name in v.candidates(prose[pos]):
            if name in skip:
                continue
            found = v.alternative(name).match(prose, pos)
            if found is not None:
                if found.end() > pos:
                    last_end = found.end()
                    yield found
                break


_WORD_BEFORE = re.compile(r"([A-Za-z]+)[ \t]*$")


@functools.lru_cache(maxsize=4096)
def _last_word(window: str) -> str | None:
    """The word ``_WORD_BEFORE`` finds at the end of ``window`` (a window read again and again in
    a text that repeats itself is searched once)."""
    found = _WORD_BEFORE.search(window)
    return found.group(1) if found else None


# a year is only a year when the next word is not a noun it counts: "in 2022 homes" is a figure
_YEAR_NEXT_WORD = re.compile(r"[ \t\u00a0]*([a-z]+)")

# -- the sentence a date is in: what the date rules need to find the same event elsewhere -----------

_WORD = re.compile(r"[a-z][a-z'-]*[a-z]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_NAME = re.compile(r"(?<![\w'’])([A-Z][A-Za-z'’-]+)")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
CONTEXT_WIDTH = 40  # characters each side of an expression in its ``context``


def sentence_keywords(text: str, v: Vocabulary) -> tuple[str, ...]:
    """Content words of a sentence (lower case), longest first: a cheap proxy for the rarest words."""
    low = text.lower()
    if "’" in low:
        low = low.replace("’", "'")
    found = _WORD.findall(low)
    if "'s" in low:
        found = [w[:-2] if w.endswith("'s") else w for w in found]
    stop = v.stopwords
    keep = [w for w in dict.fromkeys(found) if len(w) >= 4 and w not in stop]
    keep.sort(key=len, reverse=True)  # stable, as sorted(..., reverse=True)
    return tuple(keep)


_OPENING = frozenset(" \"“‘'([")


def _sentence_initial(text: str, i: int) -> bool:
    """Whether offset ``i`` begins the sentence: only spaces, opening quotes and brackets before it,
    or after a full stop, colon or dash.  Walks back from ``i`` (no copy of the text before it)."""
    while i > 0 and text[i - 1] in _OPENING:
        i -= 1
    return i == 0 or text[i - 1] in ".:!?—–-"


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span (inside it) replaced by spaces, in one pass: later spans are blanked
    over the earlier ones' result, as if each were applied in turn, right to left."""
    pieces: list[str] = []
    pos = 0
    for a, b in sorted((a, b) for a, b in spans if 0 <= a <= b <= len(text)):
        if b <= pos:
            continue
        a = max(a, pos)
        pieces.append(text[pos:a])
        pieces.append(" " * (b - a))
        pos = b
    pieces.append(text[pos:])
    return "".join(pieces)


def _sentence_view(text: str, spans: list[tuple[int, int]]) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(normalised text with the dates at ``spans`` blanked, name keys, numbers) of a sentence."""
    text = _blank(text, spans)
    names = sorted(
        {
            m.group(1)[:5].lower()
            for m in _NAME.finditer(text)
            if m.start() > 0 and not _sentence_initial(text, m.start())
        }
    )
    numbers = sorted({n.replace(",", "") for n in _NUMBER.findall(text)})
    masked = _NON_ALNUM.sub(" ", text.lower()).strip()  # "’" and "'" alike become a space
    return masked, tuple(names), tuple(numbers)


def _context(text: str, a: int, b: int, width: int = CONTEXT_WIDTH, seen: dict | None = None) -> str:
    raw = text[max(0, a - width) : a] + " | " + text[b : b + width]
    if seen is None:
        return _NON_ALNUM.sub(" ", raw.lower()).strip()
    found = seen.get(raw)
    if found is None:
        found = seen[raw] = _NON_ALNUM.sub(" ", raw.lower()).strip()
    return found


# -- extraction --------------------------------------------------------------------------------


def extract(doc: Document, packs: RulePacks | None = None) -> list[TemporalExpression]:
    prose = doc.prose
    if prose is None:  # a cached source: its facts come from the cache
        return [f for f in doc.facts_of("temporal") if isinstance(f, TemporalExpression)]
    v = (packs or builtin_packs()).derived(vocabulary)
    anchor = doc.date
    sentence_starts = [s.start for s in doc.sentences]
    quoted = _Quotations(doc)
    metadata = doc.dateline_span
    found: list[tuple[int, int, dict, str, Sentence | None]] = []
    starts = _Starts()  # where a tense word or a cue can begin, found once when it pays
    for m in _scan(prose, v):
        starts.count(prose, v)
        name = m.lastgroup  # the alternative's group, which closes last
        if name is None or m.group(name) is None:
            name = next(n for n in v.alternatives if m.group(n) is not None)
        sent_i = bisect.bisect_right(sentence_starts, m.start()) - 1
        if sent_i < 0 or doc.sentences[sent_i].end < m.end():
            sentence = None
        else:
            sentence = doc.sentences[sent_i]
        # a month's preposition is part of the match ("until January"), but a cue it is ("until",
        # "through") is read before the month itself
        core = m.start("mo_core") if name == "month" and m.group("mo_p") else m.start()
        tense = _tense(
            prose,
            starts,
            sentence.start if sentence else m.start(),
            core,
            m.end(),
            sentence.end if sentence else m.end(),
            v,
            name in _MONTH_FORMS,
        )
        if name == "weekday" and tense != "future" and not m.group("wd_mod"):
            if _planned_event(
                prose, starts, max(sentence.start if sentence else 0, m.start() - 60), m.start(), v
            ):
                tense = "future"
        in_dateline = metadata is not None and m.start() < metadata[1] and metadata[0] < m.end()
        if in_dateline and name not in _MONTH_FORMS:
            continue  # a wire dateline ("ATHENS, Aug 8 (Reuters)") is metadata, not a date of the story
        parsed = _HANDLERS[name](m, prose, anchor, tense, v)
        if parsed is None:
            continue
        if in_dateline:
            # the dateline's own day ("ATHENS, Aug 8"): the filing date, recorded as such (form
            # "dateline"), never an event of the story for the date rules
            if isinstance(parsed, list) or parsed[2].get("granularity", "day") != "day":
                continue
            parsed[2].update(form="dateline", rule="dateline")
            parsed[2].pop("anchored", None)
        for start, end, fields in parsed if isinstance(parsed, list) else [parsed]:
            found.append((start, end, fields, tense, sentence))
    _resolve_anchors(found, quoted, v, anchor)
    found = [x for x in found if not x[2].pop("drop", False)]
    by_sentence: dict[int, list[tuple[int, int]]] = {}
    for start, end, fields, _, sentence in found:
        if sentence is not None and fields["form"] != "reference":
            by_sentence.setdefault(sentence.index, []).append((start - sentence.start, end - sentence.start))
    facts: list[TemporalExpression] = []
    described: set[int] = set()
    contexts: dict[str, str] = {}  # the context of each distinct pair of windows, made once
    preps: dict[str, str | None] = {}  # the preposition of each distinct window before a date
    # what describes a sentence (its clauses' offsets in it, keywords, masked text, names, numbers),
    # read once for each distinct sentence and set of date spans in it
    views: dict[tuple, tuple] = {}
    for start, end, fields, tense, sentence in found:
        about: dict = {}
        if sentence is not None and sentence.index not in described and fields["form"] != "reference":
            described.add(sentence.index)
            spans = by_sentence[sentence.index]
            view_key = (sentence.text, *spans)
            view = views.get(view_key)
            if view is None:
                masked, names, numbers = _sentence_view(sentence.text, spans)
                view = views[view_key] = (
                    tuple(b.end() for b in v.clause_break.finditer(sentence.text)),
                    sentence_keywords(sentence.text, v),
                    masked,
                    names,
                    numbers,
                )
            about = {
                "clauses": tuple(sentence.start + c for c in view[0]),
                "keywords": view[1],
                "masked": view[2],
                "names": view[3],
                "numbers": view[4],
            }
        fields.setdefault("granularity", "day")
        first, last = fields.get("earliest"), fields.get("latest")
        direction = None
        if first is not None and last is not None and anchor is not None:
            direction = "past" if last < anchor else "future" if first > anchor else "present"
        lo = max(0, start - 12)
        key = prose[lo - 1 : start] if lo else None  # the window and the character before it (\b)
        preposition = preps.get(key, "") if key is not None else ""
        if preposition == "":
            prep = v.date_prepositions.search(prose, lo, start)
            preposition = " ".join(prep.group(1).lower().split()) if prep else None
            if key is not None:
                preps[key] = preposition
        facts.append(
            TemporalExpression(
                start=start,
                end=end,
                text=" ".join(prose[start:end].split()),
                form=fields["form"],
                rule=fields["rule"],
                granularity=fields["granularity"],
                value=fields.get("value")
                or (_timex(first, last, fields["granularity"]) if first and last else None),
                earliest=first.isoformat() if first else None,
                latest=last.isoformat() if last else None,
                anchor=anchor.isoformat()
                if anchor and (fields["form"] == "relative" or fields.get("anchored"))
                else None,
                tense=tense,
                direction=direction,
                weekday=fields.get("weekday"),
                consistent=fields.get("consistent"),
                preposition=preposition,
                quoted=quoted.inside(start),
                sentence=sentence.index if sentence else -1,
                context=_context(sentence.text, start - sentence.start, end - sentence.start, seen=contexts)
                if sentence
                else "",
                **about,
            )
        )
    return facts


def _resolve_anchors(found: list, quoted: _Quotations, v: Vocabulary, anchor: dt.date | None) -> None:
    """Resolve "the day before", "a day later", "the previous Friday" against the date of the event
    they follow: the last expression resolved to one day (an anchored one included), outside
    quotations, in the same sentence or the one before.  Without one they stay unresolved.

    "A year earlier", "the year-earlier quarter" (period, results) after a quarter is that quarter a
    year before (and "a year ago" too, after the quarter being reported), and the same for a month; "year-ago" counts back from the publication date, so it
    follows only such a period (the one being reported) and otherwise is the year before the
    publication's."""
    # (sentence index, first day, last day, granularity) of the last date resolved to one day, and
    # of the last one resolved at all (for month/year shifts)
    base: tuple[int, dt.date, dt.date, str] | None = None
    coarse: tuple[int, dt.date, dt.date, str] | None = None
    compared = False  # whether ``coarse`` is itself a year back ("last year's", "a year ago")
    quarter: tuple[int, dt.date, dt.date, str] | None = None  # the last quarter resolved
    for start, _end, fields, _tense, sentence in found:
        index = sentence.index if sentence is not None else -2
        adjectival = "year_ago" in fields  # "the year-earlier results", "year-ago sales"
        ago, noun = fields.pop("year_ago", False), fields.pop("period_noun", "")
        needs_base = fields.pop("needs_base", False)
        comparison = fields.pop("comparison", False)
        if (
            fields.pop("year_of_base", False)
            and coarse is not None
            and index - coarse[0] in (0, 1)
            and fields.get("earliest") is not None
            and coarse[1].year != fields["earliest"].year
            and not compared
        ):
            # "the mill shut in 2019; earlier in the year ...": 2019, or the publication's year?
            # Unresolved rather than a guess.  A comparison with a year back ("up from last year's
            # $1.5 billion. For the year, ...") is no such date: the report's year stays its own
            del fields["earliest"], fields["latest"]
        if (
            fields.pop("period_of_year", False)
            and coarse is not None
            and index - coarse[0] in (0, 1)
            and coarse[3] == "quarter"
            and fields.get("earliest") is not None
        ):
            # "the 1988 quarter", "in the 1989 period" after the quarter being reported: that
            # quarter of the year written
            y = fields["earliest"].year
            fields.update(
                granularity="quarter", earliest=coarse[1].replace(year=y), latest=coarse[2].replace(year=y)
            )
        if fields.pop("year_ago_period", False) and coarse is not None and index - coarse[0] in (0, 1):
            # "up from $3 million a year ago" after a recent quarter (the one being reported, begun
            # by the publication day and ended at most half a year before it): that quarter a year back
            if (
                coarse[3] == "quarter"
                and anchor is not None
                and coarse[1] <= anchor
                and coarse[2] >= anchor - dt.timedelta(days=183)
            ):
                fields.update(
                    granularity="quarter",
                    earliest=coarse[1].replace(year=coarse[1].year - 1),
                    latest=coarse[2].replace(year=coarse[2].year - 1),
                )
        if "shift" in fields:
            unit = fields["shift"][2]
            near = coarse if unit in ("month", "year") else base
            if near is not None and index - near[0] not in (0, 1):
                near = None
            if (
                near is None
                and adjectival
                and quarter is not None
                and 0 <= index - quarter[0] <= QUARTER_REACH
            ):
                # "In the year-earlier period, ...", a few sentences into a report of a quarter's
                # results: that quarter a year back
                near = quarter
            keeps = near is not None and fields["shift"] == (-1, 1, "year") and _keeps_period(near[3], noun)
            if near is not None and near is coarse and compared and fields["shift"] == (-1, 1, "year"):
                # after a figure of a year back ("last year's losses ... the year-earlier results"),
                # "year-earlier" compares with the same period; "a year earlier" may too, or go a
                # year further back ("a year ago he was promoted; a year earlier he had joined"):
                # unresolved rather than a guess
                fields.pop("shift")
                if adjectival:
                    fields.update(granularity=near[3], earliest=near[1], latest=near[2])
            else:
                if anchor is not None and ((ago and not keeps) or (comparison and near is None)):
                    # "year-ago", and a figure's "a year earlier" with no period before it to compare
                    # with: a year before the publication date's
                    near = (index, anchor, anchor, "day")
                if near is None:
                    fields.pop("shift")
                    fields["drop"] = needs_base
                elif keeps:
                    fields.pop("shift")
                    first_b, last_b, granularity = near[1], near[2], near[3]
                    y, mo = _add_months(first_b, -12)
                    y2, mo2 = _add_months(last_b, -12)
                    fields.update(
                        granularity=granularity, earliest=dt.date(y, mo, 1), latest=_month_end(y2, mo2)
                    )
                else:
                    _resolve_anchored(fields, near[1], v)
        first, last = fields.get("earliest"), fields.get("latest")
        if first is not None and not quoted.inside(start):
            coarse = (index, first, last, fields.get("granularity", "day"))
            compared = anchor is not None and (
                fields["rule"] in ("last-year", "anchored-year", "year-ago-quarter")
                or (fields["rule"] == "years-ago" and first.year == anchor.year - 1)
            )
            if first == last:
                base = coarse
            if coarse[3] == "quarter":
                quarter = coarse


# How many sentences after a quarter "the year-earlier period" still compares with it (an earnings
# report names its quarter once, in its first sentence, and compares with it for a paragraph or two).
QUARTER_REACH = 3


def _keeps_period(granularity: str, noun: str) -> bool:
    """Whether "a year earlier", "the year-earlier quarter", "year-ago results" (``noun``: the word
    after "year-earlier"/"year-ago", if any) after a period of ``granularity`` is that period a year
    back: a quarter or a month is, unless the noun names the other one."""
    return granularity in ("quarter", "month") and (noun == granularity or noun not in ("quarter", "month"))


class _Quotations:
    """Which offsets are inside a quotation: the spans of the ``quotes`` facts (marks included),
    which the temporal extractor requires; a quotation with a missing closing mark runs to the end
    of its paragraph, as in wire copy's multi-paragraph quotes."""

    def __init__(self, doc: Document) -> None:
        self.spans = sorted((q.start, q.end) for q in doc.facts_of("quotes"))
        self.starts = [a for a, _ in self.spans]

    def inside(self, offset: int) -> bool:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i >= 0 and self.spans[i][0] < offset < self.spans[i][1]


def _timex(first: dt.date, last: dt.date, granularity: str) -> str:
    if granularity == "day" and first == last:
        return first.isoformat()
    if granularity == "week":
        y, w, _ = first.isocalendar()
        weekend = first.weekday() == 5 and (last - first).days == 1
        return f"{y}-W{w:02d}" + ("-WE" if weekend else "")
    if granularity == "month" and first.month == last.month and first.year == last.year:
        return f"{first.year:04d}-{first.month:02d}"
    if granularity == "year" and first.year == last.year:
        return f"{first.year:04d}"
    if granularity == "quarter":
        return f"{first.year:04d}-Q{(first.month - 1) // 3 + 1}"
    if granularity == "half":
        return f"{first.year:04d}-H{1 if first.month <= 6 else 2}"
    if granularity == "season":
        return f"{first.year:04d}-{_SEASON_CODE[first.month]}"
    return f"{first.isoformat()}/{last.isoformat()}"


def _first_start(starts: list[int] | None, lo: int, hi: int) -> int | None:
    """The first of the sorted offsets ``starts`` in [lo, hi), if any (``None``: every offset)."""
    if starts is None:
        return lo if lo < hi else None
    i = bisect.bisect_left(starts, lo)
    return starts[i] if i < len(starts) and starts[i] < hi else None


class _Starts:
    """Where a match of ``v.tense``, ``v.future_before`` and ``v.planned_event`` can begin in the
    text (each pattern's ``\\b`` and first-letter guard), found once when a text has many dates
    (before that, each window is searched whole, as it would be anyway): a window is searched from
    the first of them inside it, and not at all without one.  A match inside a window [lo, hi) is
    not empty and begins at such an offset below hi, where the guard reads the same characters as
    in the whole text, so the window's matches are unchanged."""

    # the windows of one expression span about this many characters: once the expressions found so
    # far have read the whole text about four times over (listing every word's offset costs about
    # that much more per character than searching a window), finding the offsets once costs less
    WINDOWS = 440
    PAYS_AFTER = 4

    def __init__(self) -> None:
        self.tense: list[int] | None = None  # None: not found yet, every offset may begin a match
        self.cue: list[int] | None = None
        self.planned: list[int] | None = None
        self.expressions = 0

    def count(self, prose: str, v: Vocabulary) -> None:
        """One more expression: find the offsets once the windows have read about the whole text."""
        self.expressions += 1
        if self.tense is None and self.expressions * self.WINDOWS >= self.PAYS_AFTER * len(prose):
            self.tense = [m.start() for m in v.tense_start.finditer(prose)]
            self.cue = [m.start() for m in v.cue_start.finditer(prose)]
            self.planned = [m.start() for m in v.planned_start.finditer(prose)]


# the alternatives that name a month or a day of a month without a year ("effective Feb. 1")
_MONTH_FORMS = frozenset({"month_day", "day_month", "month", "holiday"})


def _tense(
    prose: str,
    starts: _Starts,
    sent_start: int,
    start: int,
    end: int,
    sent_end: int,
    v: Vocabulary,
    month: bool = False,
) -> str:
    """Tense of the clause: the nearest tense-bearing word before the expression, else the first after.

    ``starts`` are the offsets where a tense word can begin (``v.tense_start``): each window is
    scanned from the first of them inside it, and not at all when there is none (a match of
    ``v.tense`` inside a window begins at one of them, whatever the window's bounds)."""
    found = None
    lo = _first_start(starts.tense, max(sent_start, start - 200), start)
    # (no offset in a window: no match there, and no search)
    for m in () if lo is None else v.tense.finditer(prose, lo, start):
        if not _ignored(prose, m, v):
            found = m
    hi = min(sent_end, end + 200)
    if found is None:
        after = _first_start(starts.tense, end, hi)
        for m in () if after is None else v.tense.finditer(prose, after, hi):
            if not _ignored(prose, m, v) and " ".join(m.group().lower().split()) not in v.before_only:
                found = m
                break
    # a present tense ("when the case is heard in May") dates the clause from the publication day
    tense = (
        "none" if found is None or found.group("present") else "future" if found.group("future") else "past"
    )
    return _future_cue(prose, starts, max(sent_start, start - 60), start, tense, found, v, month)


def _ignored(prose: str, m: re.Match, v: Vocabulary) -> bool:
    """A "past" word that carries no tense: an -ed adjective ("armed", "a still unspecified date"),
    or a participle after a form of "be" ("will be named", "is heard": the tense is the auxiliary's)."""
    past = m.group("past")
    if not past:
        return False
    if past in v.not_past:
        return True
    lo = max(0, m.start() - 30)
    return bool(
        v.participle_after.search(prose, lo, m.start()) or v.adjective_after.search(prose, lo, m.start())
    )


def _future_cue(
    prose: str,
    starts: _Starts,
    lo: int,
    start: int,
    tense: str,
    verb: re.Match | None,
    v: Vocabulary,
    month: bool = False,
) -> str:
    """SPEC §3's future cues right before the expression: "as soon as", "this coming"; and the weak
    ones ("until", "effective") unless the clause is past and its verb is no deadline verb
    ("postponed until Tuesday" looks forward, "lasted until Tuesday" does not).  Before ``month``
    (a month or month-day without a year) one of ``v.month_cues`` in a past clause leaves it
    without tense, the nearest such date: "created the post, effective Feb. 1" in October is next
    February, "the pact effective June 1" last June."""
    first = _first_start(starts.cue, lo, start)
    cue = v.future_before.search(prose, first, start) if first is not None else None
    if cue:
        word = " ".join(cue.group("cue").lower().split())
        if word not in v.weak_cues or tense != "past" or (verb and verb.group("past") in v.deadline_verbs):
            return "future"
        if month and word in v.month_cues:
            return "none"
    return tense


_SPACING = frozenset(" \t\u00a0\n")  # what ``_S`` matches


def _planned_event(prose: str, starts: _Starts, lo: int, start: int, v: Vocabulary) -> bool:
    """A present tense of a planned event right before a weekday: "meets Monday", "meet separately
    on Monday" (SPEC §3); not after "did", "not", "to" ("did not play on Sunday")."""
    first = _first_start(starts.planned, lo, start)
    if first is None or not _may_end_planned(prose, first, start, v):
        return False
    planned = v.planned_event.search(prose, first, start)
    if not planned:
        return False
    before = _WORD_BEFORE.search(prose, max(0, planned.start() - 20), planned.start())
    return not (before and before.group(1).lower() in v.not_planned_after)


def _may_end_planned(prose: str, lo: int, start: int, v: Vocabulary) -> bool:
    """False when no ``planned_event`` match in [lo, start) is possible: such a match ends with
    spacing (``_S``, at least one character) right after a planned verb, an "-ly" word or "on",
    so, in ASCII text, the text before the trailing spacing ends with one of ``v.planned_endings``."""
    if v.planned_endings is None:
        return True
    e = start
    while e > lo and prose[e - 1] in _SPACING:
        e -= 1
    if e == start:
        return False
    tail = prose[max(lo, e - len(v.planned_endings[0])) : e]
    return not tail.isascii() or tail.lower().endswith(v.planned_endings)


# -- resolution --------------------------------------------------------------------------------


def _week_start(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def resolve_weekday(
    anchor: dt.date, weekday: int, modifier: str | None, tense: str, v: Vocabulary | None = None
) -> dt.date:
    """The date a weekday names, seen from ``anchor`` (SPEC §3 and HeidelTime news mode); the
    modifier ("last", "this", ...) is read with ``v`` (by default the built-in packs')."""
    return _weekday_date(anchor, weekday, (v or builtin_packs().derived(vocabulary)).shift(modifier), tense)


def _weekday_date(anchor: dt.date, weekday: int, shift: int | None, tense: str) -> dt.date:
    """The weekday of the week ``shift`` weeks from the anchor's, or (None) the nearest one before
    it or on it, after it for a future clause."""
    if shift is not None:
        return _week_start(anchor) + dt.timedelta(days=7 * shift + weekday)
    if tense == "future":
        return anchor + dt.timedelta(days=(weekday - anchor.weekday()) % 7)
    return anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(d: dt.date, months: int) -> tuple[int, int]:
    i = d.year * 12 + d.month - 1 + months
    return i // 12, i % 12 + 1


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def infer_year(
    anchor: dt.date,
    month: int,
    day: int,
    tense: str = "none",
    granularity: str = "day",
    grace: int | None = None,
) -> int:
    """The year of a month (and day) written without one.  By default the one that puts the date
    within half a year of ``anchor`` ("December 20" in a story of January 5 is last December's,
    "January 3" in one of December 20 next January's).  The clause's tense moves it (SPEC §3): a date
    clearly after the anchor in a past-tense clause (:data:`TENSE_GRACE_DAYS`) is last year's
    ("arrested in early August" in a story of March 2013 is August 2012); one clearly before it in a
    future-tense clause is next year's ("a mission in December" in a story of March).  ``grace``
    replaces :data:`TENSE_GRACE_DAYS` (see :data:`TENSE_GOVERNED_GRACE_DAYS`)."""
    best = anchor.year
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        probe = _safe_date(year, month, min(day, 28)) or dt.date(year, month, 1)
        if abs((probe - anchor).days) <= 183:
            best = year
            break
    first = (
        dt.date(best, month, 1)
        if granularity == "month"
        else _safe_date(best, month, day) or _safe_date(best, month, min(day, 28))
    )
    last = _month_end(best, month) if granularity == "month" else first
    assert first is not None and last is not None
    if grace is None:
        grace = TENSE_GRACE_DAYS[granularity]
    if tense == "past" and (first - anchor).days > grace:
        return best - 1
    if tense == "future" and (anchor - last).days > grace:
        return best + 1
    return best


# A date up to this many days on the "wrong" side of the anchor for its clause's tense keeps its
# year: the tense read from a clause is often the reporting verb's ("said ... by Jan. 14"), so only
# a clearly contradicting date moves a year.
TENSE_GRACE_DAYS = {"day": 90, "month": 30}

# ... but a past verb that governs the date itself ("was arrested on March 3", "said on Dec 2") puts
# it before publication: at most this many days after it (a story filed across a time zone).
TENSE_GOVERNED_GRACE_DAYS = 1

# between a past verb and the date it governs: at most one participle or adverb ("was arrested",
# "said yesterday"), then one of the pack's past-date-prepositions (``v.past_prepositions``) if any
_GOVERNED_GAP = re.compile(r"[ \t\u00a0]+(?:[a-z]+(?:ed|en|ly)[ \t\u00a0]+)?")
_GOVERNED_REACH = 40  # characters before the date where such a verb is looked for


def _past_verb_governs(prose: str, start: int, v: Vocabulary) -> bool:
    """Whether the date at ``start`` follows a past verb directly: the last tense word before it
    (within :data:`_GOVERNED_REACH` characters, those that carry no tense passed over) is past, and
    only :data:`_GOVERNED_GAP` and a preposition lie between ("was arrested on", "said on", "died"),
    and the verb is no deadline verb."""
    verb = None
    for t in v.tense.finditer(prose, max(0, start - _GOVERNED_REACH), start):
        if not _ignored(prose, t, v):
            verb = t
    if verb is None or not verb.group("past") or verb.group("past").lower() in v.deadline_verbs:
        return False  # "extended on Nov. 20": a deadline moved, which may lie ahead
    gap = prose[verb.end() : start]
    prep = v.past_prepositions.search(gap)
    return _GOVERNED_GAP.fullmatch(gap[: prep.start()] if prep else gap) is not None


def _weekday_fact(name: str, d: dt.date | None, v: Vocabulary) -> dict:
    wd = v.weekday_index[name.lower().rstrip(".")]
    return {"weekday": v.weekdays[wd], "consistent": None if d is None else d.weekday() == wd}


def _h_pair(m: re.Match, prose: str, anchor: dt.date | None, tense: str, v: Vocabulary):
    month = v.month_index[(m.group("pa_m1") or m.group("pa_m2")).lower().rstrip(".")]
    day = int(m.group("pa_d1") or m.group("pa_d2"))
    return _month_day(
        m,
        m.start("pair"),
        m.end("pair"),
        month,
        day,
        None,
        m.group("pa_y"),
        anchor,
        tense,
        v,
        weekday=m.group("pa_wd"),
        rule="weekday-date",
    )


_WEEK_OF = re.compile(r"(?i)\bthe[ \t\u00a0]+week[ \t\u00a0]+of[ \t\u00a0]+$")


def _month_day(m, start, end, month, day, day2, year_text, anchor, tense, v, weekday=None, rule="month-day"):
    if day2 is not None and not day < day2 <= 31:
        return None
    fields: dict = {"form": "absolute", "rule": rule, "granularity": "day"}
    if year_text:
        year = int(year_text)
    elif anchor is not None:
        grace = (
            TENSE_GOVERNED_GRACE_DAYS if tense == "past" and _past_verb_governs(m.string, start, v) else None
        )
        year = infer_year(anchor, month, day, tense, grace=grace)
        fields["anchored"] = True
    else:
        year = None
    if year is None:
        if _safe_date(2024, month, day) is None:  # a leap year admits every real month-day
            return None
        fields["value"] = f"XXXX-{month:02d}-{day:02d}"
        if weekday:
            fields.update(_weekday_fact(weekday, None, v))
        return start, end, fields
    first = _safe_date(year, month, day)
    if first is None:
        return None
    last = first if day2 is None else _safe_date(year, month, day2)
    if last is None:
        return None
    week_of = _WEEK_OF.search(m.string, max(0, start - 20), start) if day2 is None and not weekday else None
    if week_of:  # "a hearing the week of March 6": that week, Monday to Sunday
        first = _week_start(first)
        fields.update(rule="week-of", granularity="week", earliest=first, latest=first + dt.timedelta(days=6))
        return week_of.start(), end, fields
    fields.update(earliest=first, latest=last)
    if weekday:
        fields.update(_weekday_fact(weekday, first, v))
    return start, end, fields


def _h_weekday(m: re.Match, prose: str, anchor: dt.date | None, tense: str, v: Vocabulary):
    name = m.group("wd_name")
    start, end = m.start("weekday"), m.end("weekday")
    before = _last_word(prose[max(0, start - 20) : start])
    if before and before in v.not_weekday_before:
        return None
    if v.not_weekday_after.match(prose, m.end("wd_name")):
        return None
    if not m.group("wd_mod") and before and before.lower() in v.recurring_before:
        return None  # "every Thursday": a recurring day, not one date
    mod = (m.group("wd_mod") or "").lower() or None
    wd = v.weekday_index[name.lower()]
    shift = v.shift(mod)  # None for "early"/"late" Tuesday: the day itself
    rule = "weekday" if shift is None else f"{v.shift_word(shift)}-weekday"
    fields: dict = {"form": "relative", "rule": rule, "weekday": v.weekdays[wd]}
    if anchor is not None:
        d = _weekday_date(anchor, wd, shift, tense)
        fields.update(earliest=d, latest=d)
    return start, end, fields


def _h_relative(m: re.Match, prose: str, anchor: dt.date | None, tense: str, v: Vocabulary):
    start, end = m.start("relative"), m.end("relative")
    fields: dict = {"form": "relative"}
    if m.group("rel_ago"):
        n_text = m.group("rel_n").lower()
        n = v.count_words.get(n_text) or int(n_text)
        unit = m.group("rel_agou").lower()
        if unit == "decade":
            unit, n = "year", n * 10
        # "a week ago" is the day a week back; "six weeks ago" names only a week (TimeML "1999-W47",
        # as HeidelTime normalises it), not the day exactly 42 days back
        fields["rule"] = f"{unit}s-ago"
        if unit == "week" and n == 1:
            unit, n = "day", 7
        fields["granularity"] = unit
        if anchor is not None:
            if unit == "day":
                d = anchor - dt.timedelta(days=n)
                fields.update(earliest=d, latest=d)
            elif unit == "week":
                first = _week_start(anchor) - dt.timedelta(days=7 * n)
                fields.update(earliest=first, latest=first + dt.timedelta(days=6))
            elif unit == "month":
                y, mo = _add_months(anchor, -n)
                fields.update(earliest=dt.date(y, mo, 1), latest=_month_end(y, mo))
            else:
                fields.update(
                    earliest=dt.date(anchor.year - n, 1, 1), latest=dt.date(anchor.year - n, 12, 31)
                )
                if unit == "year" and n == 1:
                    fields["year_ago_period"] = True  # see _resolve_anchors
        return start, end, fields
    if m.group("rel_mod"):
        mod, unit = m.group("rel_mod").lower(), m.group("rel_modu").lower()
        fields.update(rule=f"{mod}-this-{unit}", granularity=unit)
        if anchor is not None:
            first, last = _unit_range(anchor, unit, 0)
            if v.directions[mod] < 0:  # "earlier this week"
                last = anchor
            else:
                first = anchor
            fields.update(earliest=first, latest=last)
        return start, end, fields
    if m.group("rel_the"):
        unit = m.group("rel_the").lower()
        fields.update(rule=f"the-{unit}", granularity="week" if unit == "weekend" else unit)
        if anchor is not None:
            # the weekend just past (this one if the anchor is in it), the next for a future clause;
            # "the quarter" of a report is the last one completed
            if unit == "quarter":
                first, last = _unit_range(anchor, "quarter", -1)
            else:
                first, last = _unit_range(anchor, "weekend", 0)
                if tense != "future" and first > anchor:
                    first, last = _unit_range(anchor, "weekend", -1)
            fields.update(earliest=first, latest=last)
        return start, end, fields
    if m.group("rel_cur"):
        unit = m.group("rel_cur").lower()
        fields.update(rule=f"this-{unit}", granularity=unit)
        if anchor is not None:
            first, last = _unit_range(anchor, unit, 0)
            fields.update(earliest=first, latest=last)
        return start, end, fields
    if m.group("rel_dir"):
        if (
            m.group("rel_dir")[0].isupper()
            and m.group("rel_unit")[0].isupper()
            and not _sentence_start(prose, start)
        ):
            return None  # "This Week", "Next Year": a title
        direction, unit = m.group("rel_dir").lower(), m.group("rel_unit").lower()
        before = _WORD_BEFORE.search(prose, max(0, start - 12), start)
        after_the = before is not None and before.group(1).lower() == "the"
        if after_the and _OF_AFTER.match(prose, end):
            return None  # "the last week of March", "the last year of his life": not the week before this one
        fields.update(rule=f"{direction}-{unit}", granularity="week" if unit == "weekend" else unit)
        if anchor is not None:
            # "for the last week" is the past week, the days up to the publication date
            if direction in v.rolling or (after_the and v.shifts.get(direction) == -1):
                first, last = anchor - dt.timedelta(days=v.unit_days[unit]), anchor
            else:
                first, last = _unit_range(anchor, unit, v.shifts[direction])
            fields.update(earliest=first, latest=last)
        return start, end, fields
    word = " ".join(m.group("rel_word").lower().split())
    if word in ("today", "tomorrow") and _generic_today(m, prose, start, end, v):
        return None
    if word == "today":
        text = prose[start:end]
        before = _WORD_BEFORE.search(prose, max(0, start - 20), start)
        if text[0].isupper() and before and (before.group(1)[0].isupper() or before.group(1) == "the"):
            return None  # "USA Today", "the Today programme"
    offsets = v.relative_days.get(word, (0, 0))
    fields.update(rule=word.replace(" ", "-"))
    if anchor is not None:
        fields.update(
            earliest=anchor + dt.timedelta(days=offsets[0]), latest=anchor + dt.timedelta(days=offsets[1])
        )
    return start, end, fields


_OF_AFTER = re.compile(r"[ \t\u00a0]+of\b")
_POSSESSIVE_WORD = re.compile(r"['’]s[ \t\u00a0]+([a-z]+)")
_OF_BEFORE = re.compile(r"(?i)(\w+)[ \t\u00a0]+of[ \t\u00a0]+$")


def _generic_today(m: re.Match, prose: str, start: int, end: int, v: Vocabulary) -> bool:
    """ "today's youth", "the people of tomorrow": our times, not a date."""
    after = _POSSESSIVE_WORD.match(prose, end)
    if after and after.group(1) in v.generic_after_today:
        return True
    of = _OF_BEFORE.search(prose, max(0, start - 30), start)
    return bool(of and of.group(1).lower() != "as")


def _sentence_start(prose: str, start: int) -> bool:
    before = prose[max(0, start - 12) : start].rstrip(" \t\u00a0\"“‘'(")
    return not before or before[-1] in ".!?\n:"


def _unit_range(anchor: dt.date, unit: str, shift: int) -> tuple[dt.date, dt.date]:
    if unit == "week":
        first = _week_start(anchor) + dt.timedelta(days=7 * shift)
        return first, first + dt.timedelta(days=6)
    if unit == "weekend":
        saturday = _week_start(anchor) + dt.timedelta(days=5 + 7 * shift)
        return saturday, saturday + dt.timedelta(days=1)
    if unit == "month":
        y, mo = _add_months(anchor, shift)
        return dt.date(y, mo, 1), _month_end(y, mo)
    if unit == "quarter":
        y, mo = _add_months(dt.date(anchor.year, 3 * ((anchor.month - 1) // 3) + 1, 1), 3 * shift)
        return dt.date(y, mo, 1), _month_end(y, mo + 2)
    y = anchor.year + shift
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def _h_month_day(m: re.Match, prose: str, anchor: dt.date | None, tense: str, v: Vocabulary):
    month = v.month_index[m.group("md_m").lower().rstrip(".")]
    day2 = int(m.group("md_d2")) if m.group("md_d2") else None
    if m.group("md_d3"):  # "April 24 and 25": two days of one month, one fact each
        nxt = _YEAR_NEXT_WORD.match(prose, m.end("md_d3"))
        first = _month_day(
            m,
            m.start("month_day"),
            m.end("md_d"),
            month,
            int(m.group("md_d")),
            None,
            m.group("md_y"),
            anchor,
            tense,
            v,
        )
        second_day = int(m.group("md_d3"))
        if (
            first is None
            or second_day <= int(m.group("md_d"))
            or (nxt and _counts(nxt.group(1), prose, nxt.end(), v))
            or prose[m.end("md_d3") : m.end("md_d3") + 1] in ("%", "-")
        ):
            return first  # "April 24 and 25 people", "May 3 and 45%": the first is a date, not the count
        fields = dict(first[2])
        if fields.get("earliest") is not None:
            d = _safe_date(fields["earliest"].year, month, second_day)
            if d is None:
                return first
            fields.update(earliest=d, latest=d)
        elif fields.get("value"):
            fields["value"] = f"XXXX-{month:02d}-{second_day:02d}"
        return [first, (m.start("md_d3"), m.end("md_d3"), fields)]
    return _month_day(
        m,
        m.start("month_day"),
        m.end("month_day"),
        month,
        int(m.group("md_d")),
        day2,
        m.group("md_y"),
        anchor,
        tense,
        v,
    )


def _h_day_month(m: re.Match, prose: str, anchor: dt.date | None, tense: str, v: Vocabulary):
    month = v.month_index[m.group("dm_m").lower().rstrip(".")]
    day2 = int(m.group("dm_d2")) if m.group("dm_d2") else None
    return _month_day(
        m,
        m.start("day_month"),
        m.end("day_month"),
        month,
        int(m.group("dm_d")),
        day2,
        m.group("dm_y"),
        anchor,
        tense,
        v,
        rule="day-month",
    )


def _h_iso(m: re.Match, prose: str, anchor: dt.date | None, tense: str, v: Vocabulary):
    d = _safe_date(int(m.group("iso_y")), int(m.group("iso_m")), int(m.group("iso_d")))
    if d is None:
        return None
    return m.start("iso"), m.end("iso"), {"form": "absolute", "rule": "iso-date", "earliest": d, "latest": d}


def _h_numeric(m: re.Match, prose: str, anchor: dt.date | None, tense: str, v: Vocabulary):
    a, b, year = int(m.group("num_a")), int(m.group("num_b")), int(m.group("num_y"))
    if a > 12 >= b:
        day, month = a, b
    elif b > 12 >= a:
        day, month = b, a
    elif a == b:
        day = month = a
    else:
        return None  # 06/08/2024: June 8 or 6 August? Not ours to guess.
    d = _safe_date(year, month, day)
    if d is None:
        return None
    return (
        m.start("numeric"),
        m.end("numeric"),
        {"form": "absolute", "rule": "numeric-date", "earliest": d, "latest": d},
    )


def _h_month_year(m: re.Match, prose: str, anchor: dt.date | None, tense: str, v: Vocabulary):
    month = v.month_index[m.group("my_m").lower().rstrip(".")]
    year = int(m.group("my_y"))
    return (
        m.start("month_year"),
        m.end("month_year"),
        {
            "form": "absolute",
            "rule": "month-year",
            "granularity": "month",
            "earliest": dt.date(year, month, 1),
            "latest": _month_end(year, month),
        },
    )


def _h_month(m: re.Match, prose: str, anchor: dt.date | None, tense: str, v: Vocabulary):
    prep = (m.group("mo_p") or "").lower()
    part = (m.group("mo_x") or "").lower()
    possessive = bool(m.group("mo_s"))
    if not prep and not part and not possessive:
        return None  # a bare "May" or "March" is as likely a verb or a name
    if (
        prep in ("the", "a")
        and not possessive
        and not part
        and not _LOWER_WORD_NEXT.match(prose, m.end("mo_m"))
    ):
        return None  # "the March" is a date only before a noun: "the March accession", "a June agreement"
    month = v.month_index[m.group("mo_m").lower()]
    rel = (m.group("mo_rel") or "").lower()
    fields: dict = {"form": "absolute", "rule": "month", "granularity": "month"}
    shift = v.shifts.get(prep)  # "last August", "next March", "this June"
    start = m.start("mo_core") if shift is None else m.start("month")
    end = m.end("month") if rel else m.end("mo_m")
    if shift is not None:
        fields["form"] = "relative"
        fields["rule"] = f"{prep}-month-name"
    elif rel:
        fields["form"] = "relative"
        fields["rule"] = f"month-{rel}-year"
    if anchor is None:
        fields["value"] = f"XXXX-{month:02d}"
        return start, end, fields
    if rel:
        year = anchor.year + v.shifts[rel]
    elif shift is not None and shift < 0:
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif shift is not None and shift > 0:
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif shift is not None:
        year = anchor.year
    else:
        year = infer_year(anchor, month, 1, tense, granularity="month")
        fields["anchored"] = True
    first, last = dt.date(year, month, 1), _month_end(year, month)
    days = v.period_parts.get(part, {}).get("month")
    if days:  # "early August": its first ten days
        first, last = dt.date(year, month, days[0]), dt.date(year, month, min(days[1], last.day))
    fields.update(earliest=first, latest=last)
    return start, end, fields


_LOWER_WORD_NEXT = re.compile(r"[ \t\u00a0]+[a-z]")


def _h_year(m: re.Match, prose: str, anchor: dt.date | None, tense: str, v: Vocabulary):
    """ "in 2022", "between 1994 and 1997", "in 1994, 1995 and 1997", "early 1997", "fiscal 1989",
    "2009-2010": one fact per year written."""
    nxt = _YEAR_NEXT_WORD.match(prose, m.end("year"))
    prep = m.group("yr_p").lower()
    # "fiscal 1989 sales", "post-1959 politics": the word before already makes it a year
    sure = prep == "fiscal" or prose[m.end("yr_p") : m.start("yr_y")] == "-"
    if (
        nxt
        and not sure
        and nxt.group(1) not in v.year_followers
        and _counts(nxt.group(1), prose, nxt.end(), v)
    ):
        return None  # "in 2022 homes", "by 1500 new homes": a count, not a year
    found = [(m.start("yr_y"), m.end("yr_y"))]
    more = m.group("yr_more")
    if more:
        base = m.start("yr_more")
        found += [(base + y.start(), base + y.end()) for y in _YEAR_IN.finditer(more)]
    out = []
    for start, end in found:
        year = int(prose[start:end])
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        months = v.period_parts.get(prep, {}).get("year")
        if months and len(found) == 1:
            a, b = months
            first, last = dt.date(year, a, 1), _month_end(year, b)
        out.append(
            (
                start,
                end,
                {
                    "form": "absolute",
                    "rule": "year",
                    "granularity": "year",
                    "value": f"{year:04d}",
                    "earliest": first,
                    "latest": last,
                },
            )
        )
    return out


def _counts(word: str, prose: str, after: int, v: Vocabulary) -> bool:
    """Whether a number followed by ``word`` (lower case) counts something rather than being a year:
    a count noun or a plural ("2022 homes"), or a word before one ("1500 new homes", "2000 armed
    men"); a verb ("in 1990 will rise", "in 1992 intended to") leaves it a year."""
    if word in v.count_nouns or _plural(word) or word in v.count_words:
        return True
    then = _YEAR_NEXT_WORD.match(prose, after)
    return bool(then and (then.group(1) in v.count_nouns or _plural(then.group(1))))


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ss", "us", "is"))


_YEAR_IN = re.compile(r"(?:19|20)\d\d")


def _h_year_det(m: re.Match, prose: str, anchor: dt.date | None, tense: str, v: Vocabulary):
    adj, nxt = m.group("yd_adj"), m.group("yd_next")
    # a year after a determiner is a year unless it counts something: "the 2000 people", "the
    # about 1,500 troops"
    if adj and (adj in v.count_qualifiers or adj in v.count_words):
        return None
    plural = nxt.endswith("s") and not nxt.endswith("ss")
    owned = m.group("yd_p").lower() not in ("the", "a", "an")  # "its 1990 results", "the mill's 2023 ..."
    if nxt[0].islower() and (
        nxt in v.count_nouns or (plural and not owned and nxt not in v.year_event_nouns)
    ):
        return None  # "the 2000 people", "the 2000 homes": a count (or too close to one)
    if nxt.lower() in v.year_followers and nxt[0].islower():
        return None
    year = int(m.group("yd_y"))
    fields: dict = {
        "form": "absolute",
        "rule": "year",
        "granularity": "year",
        "earliest": dt.date(year, 1, 1),
        "latest": dt.date(year, 12, 31),
    }
    if nxt.lower() in v.period_nouns:
        fields["period_of_year"] = True  # "the 1988 quarter": see _resolve_anchors
    return m.start("yd_y"), m.end("yd_y"), fields


def _h_quarter(m: re.Match, prose: str, anchor: dt.date | None, tense: str, v: Vocabulary):
    """ "the third quarter": of the year written, else the latest such quarter begun by the anchor
    (the next one for a future-tense clause)."""
    fields: dict = {"form": "relative", "rule": "quarter", "granularity": "quarter"}
    if m.group("q_latest"):  # "the latest quarter": the last one completed
        if anchor is None or m.group("q_y") or m.group("q_y0"):
            return None
        first, last = _unit_range(anchor, "quarter", -1)
        fields.update(rule="latest-quarter", earliest=first, latest=last)
        return m.start("quarter"), m.end("quarter"), fields
    n = v.ordinals[m.group("q_n").lower()]
    if m.group("q_rel") and anchor is not None and not (m.group("q_y") or m.group("q_y0")):
        year = anchor.year + v.shifts[m.group("q_rel").lower()]
        fields["rule"] = f"{m.group('q_rel').lower()}-year-quarter"
    elif m.group("q_rel") and anchor is None:
        fields["value"] = f"XXXX-Q{n}"
        return m.start("quarter"), m.end("quarter"), fields
    elif m.group("q_y") or m.group("q_y0"):
        year = int(m.group("q_y") or m.group("q_y0"))
        fields["form"] = "absolute"
    elif anchor is None:
        fields["value"] = f"XXXX-Q{n}"
        return m.start("quarter"), m.end("quarter"), fields
    else:
        start_month = 3 * n - 2
        year = anchor.year if dt.date(anchor.year, start_month, 1) <= anchor else anchor.year - 1
        # a future clause means next year's, unless the quarter has just ended: its results are
        # still to come ("will report third-quarter results" in October is this year's)
        if tense == "future" and (anchor - _month_end(year, start_month + 2)).days > QUARTER_REPORTING_DAYS:
            year += 1
    fields.update(
        value=f"{year:04d}-Q{n}", earliest=dt.date(year, 3 * n - 2, 1), latest=_month_end(year, 3 * n)
    )
    return m.start("quarter"), m.end("quarter"), fields


# How long after its end a quarter is still the one a future clause speaks of (its results are
# reported within about a quarter): a future clause moves an older one to next year.
QUARTER_REPORTING_DAYS = 91

_SEASON_CODE = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}


def _season(year: int, start: int) -> tuple[dt.date, dt.date]:
    y, mo = _add_months(dt.date(year, start, 1), 2)
    return dt.date(year, start, 1), _month_end(y, mo)


def _h_season(m: re.Match, prose: str, anchor: dt.date | None, tense: str, v: Vocabulary):
    """ "last fall", "this summer": meteorological seasons (winter runs December to February and is
    named by its December's year)."""
    mod = " ".join(m.group("se_mod").lower().split())
    name = m.group("se_name").lower()
    fields: dict = {"form": "relative", "rule": f"season-{mod.replace(' ', '-')}", "granularity": "season"}
    if m.group("se_y"):  # "in the winter of 1994": that year's
        first, last = _season(int(m.group("se_y")), v.seasons[name])
        fields.update(form="absolute", rule="season-of-year", earliest=first, latest=last)
        return m.start("season"), m.end("season"), fields
    if anchor is None:
        return m.start("season"), m.end("season"), fields
    begins = v.seasons[name]
    # a season that runs into the next year (winter) is named by the year it begins in
    into_next = _add_months(dt.date(anchor.year, begins, 1), 2)[0] > anchor.year
    this_year = anchor.year if not (into_next and anchor.month <= (begins + 2) % 12) else anchor.year - 1
    candidates = [_season(y, begins) for y in (this_year - 1, this_year, this_year + 1)]
    ended = [c for c in candidates if c[1] < anchor]
    begun = [c for c in candidates if c[0] <= anchor]
    upcoming = [c for c in candidates if c[0] > anchor]
    words = mod.split()
    shift = v.shifts.get(mod)
    if (shift is not None and shift < 0) or (
        len(words) == 2 and v.shifts.get(words[0]) == 0 and words[1] in v.rolling  # "this past"
    ):
        first, last = ended[-1]
    elif shift is not None and shift > 0:
        first, last = upcoming[0]
    elif shift is not None:
        first, last = candidates[1]
    elif tense == "future":
        first, last = next(c for c in candidates if c[1] >= anchor)
    else:
        first, last = begun[-1]
    fields.update(earliest=first, latest=last)
    return m.start("season"), m.end("season"), fields


def _h_decade(m: re.Match, prose: str, anchor: dt.date | None, tense: str, v: Vocabulary):
    """ "the 1990s" (TimeML "199"); "the early 1990s" its first four years, "the late 1990s" its last four."""
    decade = int(m.group("de_y")) * 10
    part = (m.group("de_x") or "").lower()
    a, b = v.period_parts.get(part, {}).get("decade") or (0, 9)
    return (
        m.start("decade"),
        m.end("decade"),
        {
            "form": "absolute",
            "rule": "decade",
            "granularity": "decade",
            "value": m.group("de_y"),
            "earliest": dt.date(decade + a, 1, 1),
            "latest": dt.date(decade + b, 12, 31),
        },
    )


def _h_decade_word(m: re.Match, prose: str, anchor: dt.date | None, tense: str, v: Vocabulary):
    """ "the nineties", "the '80s": the latest such decade begun by the publication year (without a
    publication date, none)."""
    if anchor is None:
        return None
    word = m.group("dw_w")
    tens = v.decade_words[" ".join(word.lower().split())] if word else int(m.group("dw_d"))
    decade = anchor.year // 100 * 100 + 10 * tens
    if decade > anchor.year:
        decade -= 100
    part = (m.group("dw_x") or m.group("dw_x2") or "").lower()
    a, b = v.period_parts.get(part, {}).get("decade") or (0, 9)
    return (
        m.start("decade_word"),
        m.end("decade_word"),
        {
            "form": "relative",
            "rule": "decade-word",
            "granularity": "decade",
            "value": str(decade // 10),
            "earliest": dt.date(decade + a, 1, 1),
            "latest": dt.date(decade + b, 12, 31),
        },
    )


_CAPITAL_NEXT = re.compile(r"[ \t\u00a0]+[A-Z]")


def _h_century(m: re.Match, prose: str, anchor: dt.date | None, tense: str, v: Vocabulary):
    """ "the 20th century" (TimeML "19"): the years 1900 to 1999."""
    n = int(m.group("ce_n"))
    if not 1 <= n <= 21:
        return None
    text = m.group("century")
    if "Century" in text and (
        not text.lower().startswith("the") or _CAPITAL_NEXT.match(prose, m.end("century"))
    ):
        return None  # "21st Century Fox", "Century Plaza": a name
    first = max(1, (n - 1) * 100)
    return (
        m.start("century"),
        m.end("century"),
        {
            "form": "absolute",
            "rule": "century",
            "granularity": "century",
            "value": f"{n - 1:02d}",
            "earliest": dt.date(first, 1, 1),
            "latest": dt.date((n - 1) * 100 + 99, 12, 31),
        },
    )


def _h_reference(m: re.Match, prose: str, anchor: dt.date | None, tense: str, v: Vocabulary):
    """ "in the past", "right now", "in the near future": no date, a reference to the past, the
    present or the future (TimeML's PAST_REF, PRESENT_REF, FUTURE_REF), recorded as such (form
    "reference", never resolved, never read by the date rules); "in the past four years", "in the
    past few months" are durations, not references."""
    text = m.group("reference")
    words = text.split()
    if len(words) > 1 and all(w[0].isupper() for w in words) and not _sentence_start(prose, m.start()):
        return None  # "All Right Now", "In The Past": a title
    if m.group("rf_ago"):
        kind = "PAST"
    elif m.group("rf_dir"):
        shift = v.shift(m.group("rf_dir").lower())
        if not shift:
            return None  # "the this few weeks"? not English, and no direction
        kind = "PAST" if shift < 0 else "FUTURE"
    else:
        kind = v.references[" ".join(m.group("rf").lower().replace("’", "'").split())]
    return (
        m.start("reference"),
        m.end("reference"),
        {
            "form": "reference",
            "rule": f"{kind.lower()}-reference",
            "granularity": "reference",
            "value": f"{kind}_REF",
        },
    )


def _h_latest_period(m: re.Match, prose: str, anchor: dt.date | None, tense: str, v: Vocabulary):
    """ "the latest period" of a report: the last quarter completed, as "the latest quarter"; "the
    latest (fiscal) year": the last year completed."""
    if anchor is None:
        return None  # as "the latest quarter": without a publication date, no period at all
    if m.group("lp_year"):
        first, last = _unit_range(anchor, "year", -1)
        fields: dict = {"form": "relative", "rule": "latest-year", "granularity": "year"}
        fields.update(earliest=first, latest=last)
        return m.start("latest_period"), m.end("latest_period"), fields
    fields = {"form": "relative", "rule": "latest-period", "granularity": "quarter"}
    first, last = _unit_range(anchor, "quarter", -1)
    fields.update(earliest=first, latest=last)
    return m.start("latest_period"), m.end("latest_period"), fields


def _h_half(m: re.Match, prose: str, anchor: dt.date | None, tense: str, v: Vocabulary):
    """ "the first half of 1990" (TimeML "1990-H1"), "the second half of this year", "the last two
    quarters of 1989": January to June or July to December of that year."""
    n = v.halves[(m.group("h_n") or m.group("h_q")).lower()]
    fields: dict = {"form": "absolute", "rule": "half", "granularity": "half"}
    if m.group("h_y"):
        year = int(m.group("h_y"))
    else:
        fields.update(form="relative", rule=f"half-{m.group('h_rel').lower()}-year")
        if anchor is None:
            return m.start("half"), m.end("half"), fields
        year = anchor.year + v.shifts[m.group("h_rel").lower()]
    first = dt.date(year, 1 if n == 1 else 7, 1)
    last = dt.date(year, 6, 30) if n == 1 else dt.date(year, 12, 31)
    fields.update(value=f"{year:04d}-H{n}", earliest=first, latest=last)
    return m.start("half"), m.end("half"), fields


def _h_year_end(m: re.Match, prose: str, anchor: dt.date | None, tense: str, v: Vocabulary):
    """ "by year-end", "since year end": the last day of the publication year ("since": of the
    year before, the one that has ended)."""
    fields: dict = {"form": "relative", "rule": "year-end", "granularity": "day"}
    if anchor is not None:
        since = " ".join(m.group("ye_p").lower().split()) in v.since_words
        d = dt.date(anchor.year - 1 if since else anchor.year, 12, 31)
        fields.update(earliest=d, latest=d)
    start = m.start("ye_p") + len(m.group("ye_p"))
    start += len(prose[start : m.end("year_end")]) - len(prose[start : m.end("year_end")].lstrip())
    return start, m.end("year_end"), fields


def _h_year_ago(m: re.Match, prose: str, anchor: dt.date | None, tense: str, v: Vocabulary):
    """ "the year-earlier quarter", "the year-ago period": a year before the event it compares with,
    resolved like "a year earlier" (see :func:`_resolve_anchors`)."""
    if (
        m.group("ya_adj")
        and m.group("ya_adj").lower() in ("a", "one")
        and not (m.group("ya_noun") or _LOWER_WORD_NEXT.match(prose, m.end("year_ago")))
    ):
        return None  # "a year-earlier" without its noun: the adverb "a year earlier" mistyped
    start, end = m.start("year_ago"), m.end("year_ago")
    if m.group("ya_q"):  # "the year-ago third quarter": a year before the latest third quarter begun
        if anchor is None:
            return None
        n = v.ordinals[m.group("ya_q").lower()]
        year = (anchor.year if dt.date(anchor.year, 3 * n - 2, 1) <= anchor else anchor.year - 1) - 1
        return (
            start,
            end,
            {
                "form": "relative",
                "rule": "year-ago-quarter",
                "granularity": "quarter",
                "earliest": dt.date(year, 3 * n - 2, 1),
                "latest": _month_end(year, 3 * n),
            },
        )
    fields: dict = {
        "form": "anchored",
        "rule": "anchored-year",
        "granularity": "year",
        "shift": (-1, 1, "year"),
    }
    # "year-ago" counts back from the publication date, "year-earlier" from the period it compares with
    fields["year_ago"] = m.group("ya_dir").lower() == "ago"
    fields["period_noun"] = (m.group("ya_noun") or "").lower()
    return start, end, fields


def _h_anchored(m: re.Match, prose: str, anchor: dt.date | None, tense: str, v: Vocabulary):
    """ "the day before", "the previous Friday", "a day later", "later that year": resolved later,
    against the date of the event they follow (see :func:`_resolve_anchored`)."""
    if m.group("an_unit1"):
        direction = v.directions[m.group("an_dir1").lower()]
        unit, n = m.group("an_unit1").lower(), 1
        if unit in v.parts_of_day:
            unit = "day"
    elif m.group("an_unit2"):
        direction = v.directions[m.group("an_dir2").lower()]
        unit, n = m.group("an_unit2").lower(), 1
    elif m.group("an_unit4"):  # "that day", "later that year": the day (year) of the event followed
        direction, n, unit = 0, 1, m.group("an_unit4").lower()
        if unit in v.parts_of_day:
            unit = "day"
    else:
        direction = v.directions[m.group("an_dir3").lower()]
        unit = m.group("an_unit3").lower()
        n_text = m.group("an_n").lower()
        n = v.count_words.get(n_text) or int(n_text)
    fields: dict = {
        "form": "anchored",
        "rule": f"anchored-{unit if unit in v.anchored_units else 'weekday'}",
        "granularity": unit if unit in ("month", "year") else "day",
        "shift": (direction, n, unit),
    }
    if unit in v.weekday_index:
        fields["weekday"] = v.weekdays[v.weekday_index[unit]]
    if direction == 0:
        fields["needs_base"] = True  # "that day" with no date before it names none ("trades made that day")
    if fields["shift"] == (-1, 1, "year") and m.group("an_unit3"):
        # "up from $93 million a year earlier": a figure compared with a year before the one reported
        window = prose[max(0, m.start() - 80) : m.start()]
        window = _CLAUSE_END.split(window)[-1]
        fields["comparison"] = bool(v.comparison.search(window))
    return m.start("anchored"), m.end("anchored"), fields


_CLAUSE_END = re.compile(r"[.;:!?]\s|\n")


def _resolve_anchored(fields: dict, base: dt.date, v: Vocabulary) -> None:
    """Resolve an anchored expression against ``base``, the date of the event it follows."""
    direction, n, unit = fields.pop("shift")
    if unit == "month":
        y, mo = _add_months(base, direction * n)
        fields.update(earliest=dt.date(y, mo, 1), latest=_month_end(y, mo))
    elif unit == "year":
        y = base.year + direction * n
        fields.update(earliest=dt.date(y, 1, 1), latest=dt.date(y, 12, 31))
    elif unit in v.unit_days:  # "the day before", "two weeks later": counted in days
        d = base + dt.timedelta(days=direction * n * v.unit_days[unit])
        fields.update(earliest=d, latest=d)
    else:  # "the previous Friday": the last such weekday before base; "the following Friday" the next
        wd = v.weekday_index[unit]
        if direction < 0:
            d = base - dt.timedelta(days=(base.weekday() - wd - 1) % 7 + 1)
        else:
            d = base + dt.timedelta(days=(wd - base.weekday() - 1) % 7 + 1)
        fields.update(earliest=d, latest=d)


def _holiday_date(year: int, rule: tuple[int, int, int]) -> dt.date:
    month, day, nth = rule
    if not nth:
        return dt.date(year, month, day)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(day - first.weekday()) % 7 + 7 * (nth - 1))


def _h_holiday(m: re.Match, prose: str, anchor: dt.date | None, tense: str, v: Vocabulary):
    """ "on Christmas Day", "last Thanksgiving": the holiday's date in the year the tense implies, as
    a month-day without a year ("last"/"next": the one before/after the publication day)."""
    written = m.group("ho_name")
    if not written[0].isupper():
        return None  # "thanksgiving" as a word, not the holiday
    rule = v.holidays[" ".join(written.lower().replace("’", "'").split())]
    mod = (m.group("ho_mod") or "").lower()
    start = m.start("holiday")
    fields: dict = {"form": "relative" if mod else "absolute", "rule": "holiday", "granularity": "day"}
    if anchor is None:
        if not rule[2] and not mod:
            fields["value"] = f"XXXX-{rule[0]:02d}-{rule[1]:02d}"
        return start, m.end("holiday"), fields
    around = [_holiday_date(y, rule) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    shift = v.shifts.get(mod)
    if shift is not None and shift < 0:
        d = [x for x in around if x < anchor][-1]
    elif shift is not None and shift > 0:
        d = next(x for x in around if x > anchor)
    elif shift is not None:
        d = around[1]
    else:
        guess = around[1]
        d = _holiday_date(infer_year(anchor, guess.month, guess.day, tense), rule)
    fields.update(earliest=d, latest=d)
    return start, m.end("holiday"), fields


def _h_spoken_year(m: re.Match, prose: str, anchor: dt.date | None, tense: str, v: Vocabulary):
    """ "in nineteen ninety-six" (1996), "nineteen fifteen", "the year two thousand (and one)"."""
    n = v.number_words
    if m.group("sy_2k"):
        year = 2000 + (n[m.group("sy_2u").lower()] if m.group("sy_2u") else 0)
        start = m.start("sy_2k")
    else:
        rest = m.group("sy_teen") or m.group("sy_t")
        year = 1900 + n[rest.lower()] + (n[m.group("sy_u").lower()] if m.group("sy_u") else 0)
        start = m.start("spoken_year")
        month = _WORD_BEFORE.search(prose, max(0, start - 12), start)
        if month and month.group(1)[0].isupper() and month.group(1).lower() in v.month_index:
            mo = v.month_index[month.group(1).lower()]  # "January nineteen ninety-seven"
            return (
                month.start(1),
                m.end("spoken_year"),
                {
                    "form": "absolute",
                    "rule": "month-year",
                    "granularity": "month",
                    "earliest": dt.date(year, mo, 1),
                    "latest": _month_end(year, mo),
                },
            )
    return (
        start,
        m.end("spoken_year"),
        {
            "form": "absolute",
            "rule": "year",
            "granularity": "year",
            "earliest": dt.date(year, 1, 1),
            "latest": dt.date(year, 12, 31),
        },
    )


def _h_the_year(m: re.Match, prose: str, anchor: dt.date | None, tense: str, v: Vocabulary):
    """ "for the full year", "earlier in the year": the anchor's year ("the current year" always;
    the others stay unresolved after a date of another year in the same or the previous sentence,
    which they may mean: see :func:`_resolve_anchors`)."""
    if "Year" in m.group("ty"):
        return None  # "for The Year of the Dragon": a title
    if m.group("ty_p").lower() == "of":
        head = _WORD_BEFORE.search(prose, max(0, m.start() - 20), m.start())
        if not head or head.group(1).lower() not in v.year_parts:
            return None  # "person of the year", "time of the year": not a date
    current = "current" in m.group("ty").lower()
    fields: dict = {
        "form": "relative",
        "rule": "the-year",
        "granularity": "year",
        "year_of_base": not current,
    }
    if anchor is not None:
        fields.update(earliest=dt.date(anchor.year, 1, 1), latest=dt.date(anchor.year, 12, 31))
    return m.start("ty"), m.end("ty"), fields


_HANDLERS = {
    "the_year": _h_the_year,
    "spoken_year": _h_spoken_year,
    "holiday": _h_holiday,
    "pair": _h_pair,
    "weekday": _h_weekday,
    "relative": _h_relative,
    "month_day": _h_month_day,
    "iso": _h_iso,
    "numeric": _h_numeric,
    "day_month": _h_day_month,
    "month_year": _h_month_year,
    "month": _h_month,
    "year": _h_year,
    "year_det": _h_year_det,
    "anchored": _h_anchored,
    "quarter": _h_quarter,
    "season": _h_season,
    "decade": _h_decade,
    "decade_word": _h_decade_word,
    "century": _h_century,
    "half": _h_half,
    "latest_period": _h_latest_period,
    "reference": _h_reference,
    "year_end": _h_year_end,
    "year_ago": _h_year_ago,
}

EXTRACTOR = Extractor(
    kind="temporal", fact_type=TemporalExpression, extract=extract, version="6", requires=("quotes",)
)
