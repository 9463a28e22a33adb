"""Temporal expressions: the dates a document names, resolved against its publication date.

Shared by drafts and sources (fact kind ``temporal``).  Each expression is resolved as wire copy is
read, after HeidelTime's news-mode rules, against the document's own publication date
(``doc.date``, SPEC §2), so the resolved date is a property of the source alone and is cached
with it.

Resolution (the *anchor* is the publication date):

* ``Tuesday`` / ``on Tuesday`` / ``as of Tuesday`` / ``Tuesday evening``: the most recent Tuesday up
  to and including the anchor; the next one (on or after the anchor) when the clause's verb is in the
  future tense ("will meet on Friday", "is due to vote on Friday").  The tense is that of the nearest
  tense-bearing word before the expression in its sentence, else the first one after it (HeidelTime's
  closest-tense rule); "would" carries no tense, as in HeidelTime.
* ``last Tuesday``: the Tuesday of the previous calendar week (Monday to Sunday); ``this Tuesday``
  the one of the anchor's week; ``next Tuesday`` the one of the following week.
* ``yesterday`` / ``today`` / ``tonight`` / ``tomorrow`` / ``last night`` / ``this morning``: the day
  itself; ``overnight`` the night before the anchor (anchor - 1 .. anchor).
* ``last week`` / ``this week`` / ``earlier this week`` / ``later this week`` / ``the past week`` and
  the same with month, year and weekend: the calendar range.
* ``two days ago``, ``a week ago``, ``three months ago``: anchor minus the span (days and weeks to the
  day, months to the month, years to the year).
* Absolute dates: ``August 6``, ``Aug. 6``, ``6 August``, ``August 6, 2024``, ``6-8 August``,
  ``2024-08-06``, ``13/08/2024`` (numeric day-month only when one part exceeds 12 or both are equal),
  ``February 2022``, ``in 2022`` (a year needs a preposition and no noun after it, so "in 2022
  homes" or "F-16" are not dates), ``in August`` / ``early August`` (a bare month needs a
  preposition or early/mid/late, so "may" the verb and "Theresa May" are not dates).  A date
  without a year takes the year that puts it within half a year of the anchor.
* A weekday paired with a date (``Tuesday, August 13``, ``Tue 13 Aug 2024``) records whether the
  weekday is that date's.

Relative expressions of a document without a publication date keep ``earliest``/``latest`` ``None``.
Expressions inside quotation marks are marked ``quoted``: they are anchored to when the speaker
spoke, not to the publication date.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from newslint.facts import Fact
from newslint.rule import Extractor

if TYPE_CHECKING:
    from newslint.document import Document
    from newslint.rulepacks import RulePacks

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAY_INDEX = {n.lower(): i for i, n in enumerate(WEEKDAY_NAMES)}
_WEEKDAY_INDEX.update(
    {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6}
)
_MONTH_INDEX = {n.lower(): i for i, n in enumerate(MONTH_NAMES, start=1)}
_MONTH_INDEX.update(
    {
        "jan": 1,
        "feb": 2,
        "mar": 3,
        "apr": 4,
        "jun": 6,
        "jul": 7,
        "aug": 8,
        "sep": 9,
        "sept": 9,
        "oct": 10,
        "nov": 11,
        "dec": 12,
    }
)
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}

# -- the expression grammar ---------------------------------------------------------------------

_S = r"(?:[ \t\u00a0]+\n?[ \t\u00a0]*|\n[ \t\u00a0]*)"  # spacing inside one paragraph
_WD_FULL = r"(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?!\w)"
_WD_ABBR = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?![a-z])\.?"
_MONTH_FULL = "(?:" + "|".join(n for m in MONTH_NAMES for n in (m, m.upper())) + r")(?!\w)"
_MONTH_ABBR = (
    "(?:"
    + "|".join(
        n
        for m in ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec")
        for n in (m, m.upper())
    )
    + r")(?![A-Za-z])\.?"
)
_MONTH = f"(?:{_MONTH_FULL}|{_MONTH_ABBR})"
_YEAR = r"(?:19|20)\d\d(?![\d\w])"


def _day(name: str) -> str:
    return rf"(?P<{name}>[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\w])"


_SEP = r"(?:\s*,\s*|" + _S + r")"
_ALTERNATIVES = {
    # a weekday paired with a date: "Tuesday, August 13", "Tue 13 Aug 2024", "Tuesday (Aug. 13)"
    "pair": rf"(?P<pa_wd>{_WD_FULL}|{_WD_ABBR})(?:\s*,\s*|{_S}|\s*\(\s*)"
    rf"(?:(?P<pa_m1>{_MONTH}){_S}{_day('pa_d1')}|{_day('pa_d2')}{_S}(?:of{_S})?(?P<pa_m2>{_MONTH}))"
    rf"(?:{_SEP}(?P<pa_y>{_YEAR}))?",
    # "last Tuesday", "Tuesday", "Tuesday's", "Tuesday evening", "late Tuesday"
    "weekday": rf"(?:(?P<wd_mod>(?i:last|this|next|past|early|late)){_S})?(?P<wd_name>{_WD_FULL})"
    rf"(?:['’]s(?!\w))?(?:{_S}(?P<wd_part>(?i:morning|afternoon|evening|night))(?!\w))?",
    # "two days ago", "earlier this week", "last month", "yesterday", "overnight"
    "relative": r"(?i:(?P<rel_ago>(?P<rel_n>an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|[1-9]\d?)" + _S + r"(?P<rel_agou>day|week|month|year)s?" + _S + r"ago)"
    r"|(?P<rel_mod>earlier|later)" + _S + r"this" + _S + r"(?P<rel_modu>week|month|year)"
    r"|(?P<rel_dir>last|this|next|past)" + _S + r"(?P<rel_unit>weekend|week|month|year)"
    r"|(?P<rel_word>yesterday|today|tonight|overnight|tomorrow|last" + _S + r"night"
    r"|this" + _S + r"(?:morning|afternoon|evening)))(?![\w-])",
    # "August 6", "Aug. 6, 2024", "August 6-8"
    "month_day": rf"(?P<md_m>{_MONTH}){_S}{_day('md_d')}(?:\s*[-–]\s*{_day('md_d2')})?"
    rf"(?:{_SEP}(?P<md_y>{_YEAR}))?(?!:\d)",
    "iso": r"(?<![\d-])(?P<iso_y>(?:19|20)\d\d)-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12]\d|3[01])(?![\d-])",
    "numeric": r"(?<![\d/.])(?P<num_a>\d{1,2})(?P<num_sep>[/.])(?P<num_b>\d{1,2})(?P=num_sep)"
    r"(?P<num_y>(?:19|20)\d\d)(?![\d/]|\.\d)",
    # "6 August", "6th of August 2024", "6-8 August"
    "day_month": rf"(?<![\d.,]){_day('dm_d')}(?:\s*[-–]\s*{_day('dm_d2')})?{_S}(?:of{_S})?"
    rf"(?P<dm_m>{_MONTH})(?:{_S}(?P<dm_y>{_YEAR}))?",
    # "February 2022"
    "month_year": rf"(?P<my_m>{_MONTH}),?{_S}(?P<my_y>{_YEAR})",
    # "in August", "since early March", "last August"
    "month": r"(?:(?P<mo_p>in|since|until|till|by|during|from|through|throughout|before|after|of|last|next|this"
    r"|In|Since|Until|By|During|From|Before|After|Last|Next|This)" + _S + r")?"
    r"(?P<mo_core>(?:(?P<mo_x>early|mid|late|Early|Mid|Late)(?:-|" + _S + r"))?"
    rf"(?P<mo_m>{_MONTH_FULL}))(?!\.?\s*\d)",
    # "in 2022", "since 2014", "the end of 2024"
    "year": r"(?P<yr_p>(?i:in|since|until|till|by|during|from|through|throughout|before|after|of|around"
    r"|circa|between))" + _S + r"(?P<yr_y>(?:19|20)\d\d)(?![\w]|[,.]\d|[-–/]\d)",
}
_GRAMMAR = re.compile(
    r"\b(?:" + "|".join(f"(?P<{name}>{body})" for name, body in _ALTERNATIVES.items()) + ")"
)
# Every expression contains one of these (lower case) or starts up to three words before one: the
# scan looks for them with str.find (fast) and tries the grammar only at the words around each.
_TRIGGERS = (
    "day",
    "night",
    "tomorrow",
    "ago",
    "week",
    "month",
    "year",
    "morning",
    "afternoon",
    "evening",
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
    "19",
    "20",
)
_WORD_START = re.compile(r"\b\w+")
# words that can begin an expression before its trigger word ("last" Tuesday, "in" 2022, "two" days ago)
_STARTERS = frozenset(
    """last this next past early late mid earlier later a an one two three four five six seven eight nine
    ten eleven twelve in since until till by during from through throughout before after of around circa
    between mon tue tues wed thu thur thurs fri sat sun""".split()
)
_LOOKBACK = 32


def _scan(prose: str) -> Iterator[re.Match]:
    """The grammar's matches, leftmost first and not overlapping, as ``_GRAMMAR.finditer`` would give
    them, but trying the grammar only near trigger words (an order of magnitude faster)."""
    lower = prose.lower()
    hits: set[int] = set()
    for needle in _TRIGGERS:
        i = lower.find(needle)
        while i >= 0:
            hits.add(i)
            i = lower.find(needle, i + 1)
    if not hits:
        return
    starts: set[int] = set()
    for i in hits:
        words = list(_WORD_START.finditer(prose, max(0, i - _LOOKBACK), i + 1))
        if words:
            starts.add(words[-1].start())  # the word the trigger is in
            for m in words[-4:-1]:  # and the words before it that can begin an expression
                word = m.group()
                if word[0].isdigit() or word.lower() in _STARTERS:
                    starts.add(m.start())
    last_end = 0
    for pos in sorted(starts):
        if pos < last_end:
            continue
        m = _GRAMMAR.match(prose, pos)
        if m is not None and m.end() > pos:
            last_end = m.end()
            yield m


_PREPOSITION = re.compile(
    r"(?i)\b(as\s+of|on|since|until|till|by|from|in|during|before|after|through|"
    r"of|at|for|between|and|or|to)\s+$"
)
_NOT_WEEKDAY_BEFORE = frozenset(
    "Black Good Super Ash Cyber Bloody Holy Easter Palm Maundy Shrove Giving Man Girl Plough Fat Clean "
    "Great Spy Blue Travel".split()
)
_NOT_WEEKDAY_AFTER = re.compile(
    r"\s+(?:Times|Telegraph|Express|Mirror|Post|Mail|Herald|Independent|People|Night\s+Live|Sport|Star|"
    r"Review|Club|Magazine|Edition|Show)\b"
)
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[ \t]*$")
# a year is only a year when the next word is not a noun it counts: "in 2022 homes" is a figure
_YEAR_NEXT_WORD = re.compile(r"[ \t\u00a0]*([a-z]+)")
_YEAR_FOLLOWERS = frozenset(
    """and or but nor when as after before the a an to with for that which while it he she they we i is was
    were had has have at on in of by from alone only so because amid despite during until since against
    following through under up out there this these those its his her their our compared versus vs than then
    too also already not saw brought became marked remained",""".split()
)

# -- tense --------------------------------------------------------------------------------------

_TENSE = re.compile(
    r"\b(?:(?P<future>will|shall|won['’]t|(?:is|are|am|['’]s|['’]re)\s+(?:going|due|set|scheduled|expected|"
    r"slated|poised|planning|preparing)\s+(?:to|for|on)|(?:is|are)\s+to|plans?\s+to|intends?\s+to"
    r"|upcoming|['’]ll)"
    r"|(?P<past>said|told|was|were|had|did|been|met|held|began|came|went|took|gave|made|saw|left|fled|"
    r"fought|struck|won|lost|led|sent|spent|shot|got|became|broke|brought|chose|drew|drove|fell|felt|"
    r"flew|found|heard|kept|knew|paid|ran|rose|spoke|stood|wrote|sought|thought|agreed|freed|[a-z]{2,}[^e\W]ed|[a-z]+ied))\b"
)
_NOT_PAST = frozenset(
    "hundred sacred naked wicked rugged ragged kindred beloved armed aged based related planned scheduled "
    "expected proposed alleged unnamed unidentified detailed limited advanced united wounded so-called "
    "varied supplied".split()
)

# -- keywords: what a sentence is about, to find the same event in another document ----------------

_WORD = re.compile(r"[a-z][a-z'-]*[a-z]")
_STOPWORDS = (
    frozenset(
        """about above after again against also although among another around because been before being below
    between both could does doing down during each either even every from further have having here
    herself himself into itself just last least many more most much next none only other over same
    several should since some such than that their them then there these they this those though
    through under until upon very were what when where whether which while with within without would
    your said says told added according told reported stated week weeks month months year years today
    yesterday tonight overnight earlier later ago morning afternoon evening night weekend""".split()
    )
    | {n.lower() for n in WEEKDAY_NAMES}
    | {n.lower() for n in MONTH_NAMES}
)
_MAX_KEYWORDS = 8


def sentence_keywords(text: str, limit: int | None = _MAX_KEYWORDS) -> tuple[str, ...]:
    """Content words of a sentence (lower case), longest first: a cheap proxy for the rarest words."""
    words = dict.fromkeys(
        w[:-2] if w.endswith("'s") else w for w in _WORD.findall(text.lower().replace("’", "'"))
    )
    kept = sorted((w for w in words if len(w) >= 4 and w not in _STOPWORDS), key=len, reverse=True)
    return tuple(kept if limit is None else kept[:limit])


# -- the fact ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TemporalExpression(Fact):
    """A date named in the text and the calendar dates it resolves to.

    ``form`` is "relative" (resolved against the publication date) or "absolute".  ``rule`` names the
    pattern ("weekday", "last-weekday", "yesterday", "month-day", "year", ...).  ``granularity`` is
    day, week, month or year.  ``value`` is the TIMEX3-style value ("2024-08-06", "2024-W32",
    "2024-08", "2024"; "XXXX-08-06" for a month and day whose year is unknown); ``earliest`` and
    ``latest`` the resolved range as ISO dates (None when the document has no date and the
    expression needs one).  ``anchor`` is the publication date it was resolved against.  ``tense``
    is the clause's tense (past, future or none); ``direction`` where the range lies from the anchor
    (past, present, future).  ``weekday`` is the weekday named, if any; ``consistent`` says, for a
    weekday paired with a date, whether that date falls on it.  ``preposition`` is the word before
    ("on", "as of", "in").  ``quoted`` marks an expression inside quotation marks.  ``sentence`` is
    the index of the sentence it is in and ``keywords`` that sentence's content words (on the first
    expression of a sentence only: the index needs them once per sentence).
    """

    kind: ClassVar[str] = "temporal"

    form: str = "relative"
    rule: str = ""
    granularity: str = "day"
    value: str | None = None
    earliest: str | None = None
    latest: str | None = None
    anchor: str | None = None
    tense: str = "none"
    direction: str | None = None
    weekday: str | None = None
    consistent: bool | None = None
    preposition: str | None = None
    quoted: bool = False
    sentence: int = -1
    keywords: tuple[str, ...] = ()

    @property
    def resolved(self) -> bool:
        return self.earliest is not None

    @property
    def relative(self) -> bool:
        return self.form == "relative"

    def dates(self) -> tuple[dt.date, dt.date] | None:
        if self.earliest is None or self.latest is None:
            return None
        return dt.date.fromisoformat(self.earliest), dt.date.fromisoformat(self.latest)

    def index_keys(self) -> Iterable[str]:
        """``day:``, ``month:``, ``year:`` keys of the resolved range, ``md:``/``mo:`` keys of the month
        and day whatever the year, and ``w:`` keys of the sentence's keywords."""
        keys: list[str] = ["w:" + w for w in self.keywords]
        day = self.earliest
        if day is not None and day == self.latest and self.granularity == "day":  # the common case, fast
            keys += ("day:" + day, "md:" + day[5:], "month:" + day[:7], "mo:" + day[5:7], "year:" + day[:4])
            return keys
        if self.value and self.value.startswith("XXXX-"):
            parts = self.value.split("-")
            keys.append(f"mo:{parts[1]}")
            if len(parts) == 3:
                keys.append(f"md:{parts[1]}-{parts[2]}")
        span = self.dates()
        if span is None:
            return keys
        first, last = span
        days = (last - first).days
        if self.granularity == "day" and days <= 31:
            for i in range(days + 1):
                d = first + dt.timedelta(days=i)
                keys.append(f"day:{d.isoformat()}")
                keys.append(f"md:{d.month:02d}-{d.day:02d}")
        if self.granularity != "year" and days <= 62:
            y, m = first.year, first.month
            while (y, m) <= (last.year, last.month):
                keys.append(f"month:{y:04d}-{m:02d}")
                keys.append(f"mo:{m:02d}")
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        for y in range(first.year, last.year + 1):
            keys.append(f"year:{y}")
        return keys

    def describe(self) -> str:
        """One line for ``newslint extract``: what the expression is and the dates it resolves to."""
        what = f"{self.form} {self.rule}" + (f" (after {self.preposition!r})" if self.preposition else "")
        if self.earliest is None:
            where = (
                "unresolved (no publication date)"
                if self.form == "relative" or (self.value or "").startswith("XXXX")
                else "unresolved"
            )
        elif self.earliest == self.latest:
            where = f"-> {format_date(dt.date.fromisoformat(self.earliest))}"
        else:
            where = f"-> {self.earliest} .. {self.latest} ({self.granularity})"
        extra = []
        if self.anchor:
            extra.append(f"anchor {self.anchor}")
        if self.tense != "none":
            extra.append(f"{self.tense} tense")
        if self.consistent is False:
            extra.append(f"{self.weekday} does not match the date")
        if self.quoted:
            extra.append("in a quotation")
        return f"{what} {where}" + (f" [{', '.join(extra)}]" if extra else "")


def format_date(d: dt.date) -> str:
    """ "Tuesday, August 13, 2024"."""
    return f"{WEEKDAY_NAMES[d.weekday()]}, {MONTH_NAMES[d.month - 1]} {d.day}, {d.year}"


def format_range(first: dt.date, last: dt.date) -> str:
    if first == last:
        return format_date(first)
    return f"{format_date(first)} to {format_date(last)}"


# -- extraction --------------------------------------------------------------------------------


def extract(doc: Document, packs: RulePacks | None = None) -> list[TemporalExpression]:
    prose = doc.prose
    if prose is None:  # a cached source: its facts come from the cache
        return list(doc.facts_of("temporal"))
    anchor = doc.date
    sentence_starts = [s.start for s in doc.sentences]
    keywords_of: dict[int, tuple[str, ...]] = {}  # given to the first expression of each sentence only
    keyed: set[int] = set()
    quoted_spans: dict = {}
    facts: list[TemporalExpression] = []
    for m in _scan(prose):
        name = m.lastgroup
        if name is None or m.group(name) is None:
            name = next(n for n in _ALTERNATIVES if m.group(n) is not None)
        sent_i = bisect.bisect_right(sentence_starts, m.start()) - 1
        if sent_i < 0 or doc.sentences[sent_i].end < m.end():
            sentence = None
        else:
            sentence = doc.sentences[sent_i]
        tense = _tense(
            prose,
            sentence.start if sentence else m.start(),
            m.start(),
            m.end(),
            sentence.end if sentence else m.end(),
        )
        parsed = _HANDLERS[name](m, prose, anchor, tense)
        if parsed is None:
            continue
        start, end, fields = parsed
        if sentence is not None and sentence.index not in keyed:
            keyed.add(sentence.index)
            keywords_of[sentence.index] = sentence_keywords(sentence.text)
        fields.setdefault("granularity", "day")
        first, last = fields.get("earliest"), fields.get("latest")
        direction = None
        if first is not None and anchor is not None:
            direction = "past" if last < anchor else "future" if first > anchor else "present"
        prep = _PREPOSITION.search(prose, max(0, start - 12), start)
        facts.append(
            TemporalExpression(
                start=start,
                end=end,
                text=" ".join(prose[start:end].split()),
                form=fields["form"],
                rule=fields["rule"],
                granularity=fields["granularity"],
                value=fields.get("value") or (_timex(first, last, fields["granularity"]) if first else None),
                earliest=first.isoformat() if first else None,
                latest=last.isoformat() if last else None,
                anchor=anchor.isoformat()
                if anchor and (fields["form"] == "relative" or fields.get("anchored"))
                else None,
                tense=tense,
                direction=direction,
                weekday=fields.get("weekday"),
                consistent=fields.get("consistent"),
                preposition=" ".join(prep.group(1).lower().split()) if prep else None,
                quoted=_in_quotes(doc, start, quoted_spans),
                sentence=sentence.index if sentence else -1,
                keywords=keywords_of.pop(sentence.index, ()) if sentence else (),
            )
        )
    return facts


def _timex(first: dt.date, last: dt.date, granularity: str) -> str:
    if granularity == "day" and first == last:
        return first.isoformat()
    if granularity == "week":
        y, w, _ = first.isocalendar()
        return f"{y}-W{w:02d}"
    if granularity == "month" and first.month == last.month and first.year == last.year:
        return f"{first.year:04d}-{first.month:02d}"
    if granularity == "year" and first.year == last.year:
        return f"{first.year:04d}"
    return f"{first.isoformat()}/{last.isoformat()}"


def _tense(prose: str, sent_start: int, start: int, end: int, sent_end: int) -> str:
    """Tense of the clause: the nearest tense-bearing word before the expression, else the first after."""
    found = None
    for m in _TENSE.finditer(prose, max(sent_start, start - 200), start):
        if m.group("past") and m.group("past") in _NOT_PAST:
            continue
        found = m
    if found is None:
        for m in _TENSE.finditer(prose, end, min(sent_end, end + 120)):
            if m.group("past") and m.group("past") in _NOT_PAST:
                continue
            found = m
            break
    if found is None:
        return "none"
    return "future" if found.group("future") else "past"


_QUOTE_MARK = re.compile('[“”"]')


def _in_quotes(doc: Document, offset: int, cache: dict) -> bool:
    """Whether ``offset`` is inside quotation marks within its paragraph (an unclosed quotation runs
    to the end of the paragraph, as in wire copy's multi-paragraph quotes)."""
    starts = cache.get("starts")
    if starts is None:
        starts = cache["starts"] = [p.start for p in doc.paragraphs]
    i = bisect.bisect_right(starts, offset) - 1
    if i < 0 or offset > doc.paragraphs[i].end:
        return False
    spans = cache.get(i)
    if spans is None:
        para = doc.paragraphs[i]
        spans = []
        open_at = None
        for m in _QUOTE_MARK.finditer(doc.prose, para.start, para.end):
            ch = m.group()
            if ch == "“" or (ch == '"' and open_at is None):
                open_at = m.start()
            elif ch != "“" and open_at is not None:
                spans.append((open_at, m.start()))
                open_at = None
        if open_at is not None:
            spans.append((open_at, para.end))
        cache[i] = spans
    return any(a < offset < b for a, b in spans)


# -- resolution --------------------------------------------------------------------------------


def _week_start(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def resolve_weekday(anchor: dt.date, weekday: int, modifier: str | None, tense: str) -> dt.date:
    """The date a weekday names, seen from ``anchor`` (SPEC §3 and HeidelTime news mode)."""
    if modifier in ("last", "past"):
        return _week_start(anchor) - dt.timedelta(days=7 - weekday)
    if modifier == "this":
        return _week_start(anchor) + dt.timedelta(days=weekday)
    if modifier == "next":
        return _week_start(anchor) + dt.timedelta(days=7 + weekday)
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


def infer_year(anchor: dt.date, month: int, day: int, tense: str = "none") -> int:
    """The year of a month and day written without one: the one that puts the date within half a year
    of ``anchor`` ("December 20" in a story of January 5 is last December's, "January 3" in one of
    December 20 next January's).  The clause's tense does not override this: a draft held over
    with "will begin on Friday, March 7" still means this March."""
    best = anchor.year
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        probe = _safe_date(year, month, min(day, 28)) or dt.date(year, month, 1)
        if abs((probe - anchor).days) <= 183:
            return year
    return best


def _weekday_fact(name: str, d: dt.date | None) -> dict:
    wd = _WEEKDAY_INDEX[name.lower().rstrip(".")]
    return {"weekday": WEEKDAY_NAMES[wd], "consistent": None if d is None else d.weekday() == wd}


def _h_pair(m: re.Match, prose: str, anchor: dt.date | None, tense: str):
    month = _MONTH_INDEX[(m.group("pa_m1") or m.group("pa_m2")).lower().rstrip(".")]
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
        weekday=m.group("pa_wd"),
        rule="weekday-date",
    )


def _month_day(m, start, end, month, day, day2, year_text, anchor, tense, weekday=None, rule="month-day"):
    if day2 is not None and not day < day2 <= 31:
        return None
    fields: dict = {"form": "absolute", "rule": rule, "granularity": "day"}
    if year_text:
        year = int(year_text)
    elif anchor is not None:
        year = infer_year(anchor, month, day, tense)
        fields["anchored"] = True
    else:
        year = None
    if year is None:
        if _safe_date(2024, month, day) is None:  # a leap year admits every real month-day
            return None
        fields["value"] = f"XXXX-{month:02d}-{day:02d}"
        if weekday:
            fields.update(_weekday_fact(weekday, None))
        return start, end, fields
    first = _safe_date(year, month, day)
    if first is None:
        return None
    last = first if day2 is None else _safe_date(year, month, day2)
    if last is None:
        return None
    fields.update(earliest=first, latest=last)
    if weekday:
        fields.update(_weekday_fact(weekday, first))
    return start, end, fields


def _h_weekday(m: re.Match, prose: str, anchor: dt.date | None, tense: str):
    name = m.group("wd_name")
    start, end = m.start("weekday"), m.end("weekday")
    before = _WORD_BEFORE.search(prose, max(0, start - 20), start)
    if before and before.group(1) in _NOT_WEEKDAY_BEFORE:
        return None
    if _NOT_WEEKDAY_AFTER.match(prose, m.end("wd_name")):
        return None
    mod = (m.group("wd_mod") or "").lower() or None
    wd = _WEEKDAY_INDEX[name.lower()]
    rule = {
        "last": "last-weekday",
        "past": "last-weekday",
        "this": "this-weekday",
        "next": "next-weekday",
    }.get(mod or "", "weekday")
    fields = {"form": "relative", "rule": rule, "weekday": WEEKDAY_NAMES[wd]}
    if anchor is not None:
        d = resolve_weekday(anchor, wd, mod if mod in ("last", "past", "this", "next") else None, tense)
        fields.update(earliest=d, latest=d)
    return start, end, fields


def _h_relative(m: re.Match, prose: str, anchor: dt.date | None, tense: str):
    start, end = m.start("relative"), m.end("relative")
    fields: dict = {"form": "relative"}
    if m.group("rel_ago"):
        n_text = m.group("rel_n").lower()
        n = _NUMBER_WORDS.get(n_text) or int(n_text)
        unit = m.group("rel_agou").lower()
        fields.update(rule=f"{unit}s-ago", granularity="day" if unit in ("day", "week") else unit)
        if anchor is not None:
            if unit in ("day", "week"):
                d = anchor - dt.timedelta(days=n * (7 if unit == "week" else 1))
                fields.update(earliest=d, latest=d)
            elif unit == "month":
                y, mo = _add_months(anchor, -n)
                fields.update(earliest=dt.date(y, mo, 1), latest=_month_end(y, mo))
            else:
                fields.update(
                    earliest=dt.date(anchor.year - n, 1, 1), latest=dt.date(anchor.year - n, 12, 31)
                )
        return start, end, fields
    if m.group("rel_mod"):
        mod, unit = m.group("rel_mod").lower(), m.group("rel_modu").lower()
        fields.update(rule=f"{mod}-this-{unit}", granularity=unit)
        if anchor is not None:
            first, last = _unit_range(anchor, unit, 0)
            if mod == "earlier":
                last = anchor
            else:
                first = anchor
            fields.update(earliest=first, latest=last)
        return start, end, fields
    if m.group("rel_dir"):
        direction, unit = m.group("rel_dir").lower(), m.group("rel_unit").lower()
        fields.update(rule=f"{direction}-{unit}", granularity="week" if unit == "weekend" else unit)
        if anchor is not None:
            if direction == "past":
                days = {"week": 7, "weekend": 7, "month": 30, "year": 365}[unit]
                first, last = anchor - dt.timedelta(days=days), anchor
            else:
                first, last = _unit_range(anchor, unit, {"last": -1, "this": 0, "next": 1}[direction])
            fields.update(earliest=first, latest=last)
        return start, end, fields
    word = " ".join(m.group("rel_word").lower().split())
    if word == "today":
        text = prose[start:end]
        before = _WORD_BEFORE.search(prose, max(0, start - 20), start)
        if text[0].isupper() and before and (before.group(1)[0].isupper() or before.group(1) == "the"):
            return None  # "USA Today", "the Today programme"
    offsets = {
        "yesterday": (-1, -1),
        "today": (0, 0),
        "tonight": (0, 0),
        "tomorrow": (1, 1),
        "overnight": (-1, 0),
        "last night": (-1, -1),
    }.get(word, (0, 0))
    fields.update(rule=word.replace(" ", "-"))
    if anchor is not None:
        fields.update(
            earliest=anchor + dt.timedelta(days=offsets[0]), latest=anchor + dt.timedelta(days=offsets[1])
        )
    return start, end, fields


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
    y = anchor.year + shift
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def _h_month_day(m: re.Match, prose: str, anchor: dt.date | None, tense: str):
    month = _MONTH_INDEX[m.group("md_m").lower().rstrip(".")]
    day2 = int(m.group("md_d2")) if m.group("md_d2") else None
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
    )


def _h_day_month(m: re.Match, prose: str, anchor: dt.date | None, tense: str):
    month = _MONTH_INDEX[m.group("dm_m").lower().rstrip(".")]
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
        rule="day-month",
    )


def _h_iso(m: re.Match, prose: str, anchor: dt.date | None, tense: str):
    d = _safe_date(int(m.group("iso_y")), int(m.group("iso_m")), int(m.group("iso_d")))
    if d is None:
        return None
    return m.start("iso"), m.end("iso"), {"form": "absolute", "rule": "iso-date", "earliest": d, "latest": d}


def _h_numeric(m: re.Match, prose: str, anchor: dt.date | None, tense: str):
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


def _h_month_year(m: re.Match, prose: str, anchor: dt.date | None, tense: str):
    month = _MONTH_INDEX[m.group("my_m").lower().rstrip(".")]
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


def _h_month(m: re.Match, prose: str, anchor: dt.date | None, tense: str):
    prep = (m.group("mo_p") or "").lower()
    part = (m.group("mo_x") or "").lower()
    if not prep and not part:
        return None  # a bare "May" or "March" is as likely a verb or a name
    month = _MONTH_INDEX[m.group("mo_m").lower()]
    fields: dict = {"form": "absolute", "rule": "month", "granularity": "month"}
    start = m.start("mo_core") if prep not in ("last", "next", "this") else m.start("month")
    if prep in ("last", "next", "this"):
        fields["form"] = "relative"
        fields["rule"] = f"{prep}-month-name"
    if anchor is None:
        fields["value"] = f"XXXX-{month:02d}"
        return start, m.end("month"), fields
    if prep == "last":
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif prep == "next":
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif prep == "this":
        year = anchor.year
    else:
        year = infer_year(anchor, month, 1, tense)
        fields["anchored"] = True
    first, last = dt.date(year, month, 1), _month_end(year, month)
    if part == "early":
        last = dt.date(year, month, 10)
    elif part == "mid":
        first, last = dt.date(year, month, 11), dt.date(year, month, 20)
    elif part == "late":
        first = dt.date(year, month, 21)
    fields.update(earliest=first, latest=last)
    return start, m.end("month"), fields


def _h_year(m: re.Match, prose: str, anchor: dt.date | None, tense: str):
    nxt = _YEAR_NEXT_WORD.match(prose, m.end("year"))
    if nxt and nxt.group(1) not in _YEAR_FOLLOWERS:
        return None  # "in 2022 homes": a count, not a year
    year = int(m.group("yr_y"))
    return (
        m.start("yr_y"),
        m.end("yr_y"),
        {
            "form": "absolute",
            "rule": "year",
            "granularity": "year",
            "earliest": dt.date(year, 1, 1),
            "latest": dt.date(year, 12, 31),
        },
    )


_HANDLERS = {
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
}

EXTRACTOR = Extractor(kind="temporal", fact_type=TemporalExpression, extract=extract, version="2")
