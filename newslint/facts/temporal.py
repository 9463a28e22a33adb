"""The date fact kind: :class:`TemporalExpression`, its calendar arithmetic and the builders of its
index keys.

The temporal extractor (``newslint.extractors.temporal``) builds these facts; the date rules
(``newslint.plugins.dates``) compare them and find them in the source index through the key builders
below, so that the key format is written once.  This module imports nothing from newslint above
``newslint.facts``.

Index keys (every key a date is filed under):

* ``day_key(date)`` — ``day:YYYY-MM-DD``; ``month_key(y, m)`` — ``month:YYYY-MM``; ``year_key(y)`` —
  ``year:YYYY``: the resolved calendar range;
* ``month_day_key(m, d)`` — ``md:MM-DD``; ``month_only_key(m)`` — ``mo:MM``: the month and day whatever
  the year (for dates of undated documents);
* ``word_key(word)`` — ``w:word``: a content word of the expression's sentence (on the first expression
  of each sentence), to find the same event in another document.

Month and weekday names in messages are the C locale's (English), as ``strftime`` writes them.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from newslint.facts import Fact

# A range this long or shorter (a quarter, a season) is filed under each of its months.
MONTH_KEYS_MAX_DAYS = 92

# How many of a sentence's keywords (longest first) the index files it under.
INDEX_KEYWORDS = 8


def day_key(day: dt.date | str) -> str:
    return "day:" + (day if isinstance(day, str) else day.isoformat())


def month_key(year: int, month: int) -> str:
    return f"month:{year:04d}-{month:02d}"


def year_key(year: int) -> str:
    return f"year:{year}"


def month_day_key(month: int, day: int) -> str:
    return f"md:{month:02d}-{day:02d}"


def month_only_key(month: int) -> str:
    return f"mo:{month:02d}"


def word_key(word: str) -> str:
    return "w:" + word


@dataclass(frozen=True, slots=True)
class TemporalExpression(Fact):
    """A date named in the text and the calendar dates it resolves to.

    ``form`` is "relative" (resolved against the publication date), "absolute", "anchored"
    (resolved against the date of the event it follows), "dateline" (a wire dateline's own day,
    "ATHENS, Aug 8 (Reuters)": the filing date, which the date rules never read as an event's) or
    "reference" ("in the past", "right now", "in the near future": no date, TimeML's PAST_REF,
    PRESENT_REF or FUTURE_REF in ``value``, never resolved and never read by the date rules).  ``rule`` names the
    pattern ("weekday", "last-weekday", "yesterday", "month-day", "year", ...).  ``granularity`` is
    day, week, month, quarter, season, half (of a year), year, decade or century.  ``value`` is the TIMEX3-style value ("2024-08-06", "2024-W32",
    "2024-08", "2024"; "XXXX-08-06" for a month and day whose year is unknown); ``earliest`` and
    ``latest`` the resolved range as ISO dates (None when the document has no date and the
    expression needs one).  ``anchor`` is the publication date it was resolved against.  ``tense``
    is the clause's tense (past, future or none); ``direction`` where the range lies from the anchor
    (past, present, future).  ``weekday`` is the weekday named, if any; ``consistent`` says, for a
    weekday paired with a date, whether that date falls on it.  ``preposition`` is the word before
    ("on", "as of", "in").  ``quoted`` marks an expression inside quotation marks.  ``sentence`` is
    the index of the sentence it is in.  ``context`` is the text around the expression, normalised
    (the 40 characters before, "|", the 40 after), to tell two dates of one sentence apart.

    The first expression of a sentence also describes its sentence, so that the date rules can find
    the same event in another document without reading text: ``keywords`` (its content words, longest
    first; the first :data:`INDEX_KEYWORDS` are index keys), ``masked`` (the sentence normalised,
    its dates blanked), ``names`` (the first five letters of capitalised words not at a sentence
    start), ``numbers`` (digits as written, without commas) and ``clauses`` (the offsets where the
    sentence's second, third, ... clauses begin: see :func:`clause_of`).
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
    context: str = ""
    masked: str | None = None
    names: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    clauses: tuple[int, ...] = ()

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
        keys: list[str] = [word_key(w) for w in self.keywords[:INDEX_KEYWORDS]]
        day = self.earliest
        if day is not None and day == self.latest and self.granularity == "day":  # the common case, fast
            keys += ("day:" + day, "md:" + day[5:], "month:" + day[:7], "mo:" + day[5:7], "year:" + day[:4])
            return keys
        if self.value and self.value.startswith("XXXX-"):
            parts = self.value.split("-")
            keys.append(month_only_key(int(parts[1])))
            if len(parts) == 3:
                keys.append(month_day_key(int(parts[1]), int(parts[2])))
        span = self.dates()
        if span is None:
            return keys
        first, last = span
        days = (last - first).days
        if self.granularity == "day" and days <= 31:
            for i in range(days + 1):
                d = first + dt.timedelta(days=i)
                keys.append(day_key(d))
                keys.append(month_day_key(d.month, d.day))
        if self.granularity not in ("year", "half", "decade", "century") and days <= MONTH_KEYS_MAX_DAYS:
            y, m = first.year, first.month
            while (y, m) <= (last.year, last.month):
                keys.append(month_key(y, m))
                keys.append(month_only_key(m))
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        for y in range(first.year, last.year + 1):
            keys.append(year_key(y))
        return keys

    def lookup_keys(self) -> list[str]:
        """The keys under which a source date supports this one (NL404): a day by its days, a month
        by its month, a year by its year; a year-less date of an undated document by month and day."""
        span = self.dates()
        if span is None:
            if self.value and self.value.startswith("XXXX-"):
                parts = self.value.split("-")
                if len(parts) == 3:
                    return [month_day_key(int(parts[1]), int(parts[2]))]
                return [month_only_key(int(parts[1]))]
            return []
        first, last = span
        if self.granularity in ("year", "half", "decade", "century"):
            # a half is filed only under its year (a range that long has no month keys)
            return [year_key(y) for y in range(first.year, last.year + 1)]
        if self.granularity == "day":
            return [day_key(first + dt.timedelta(days=i)) for i in range((last - first).days + 1)]
        if self.granularity in ("quarter", "season"):  # any month of it
            keys, (y, m) = [], (first.year, first.month)
            while (y, m) <= (last.year, last.month):
                keys.append(month_key(y, m))
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
            return keys
        if (first.year, first.month) == (last.year, last.month):
            return [month_key(first.year, first.month)]
        return [month_key(first.year, first.month), month_key(last.year, last.month)]

    def overlaps(self, other: TemporalExpression) -> bool:
        """Whether the two resolved ranges share a day (both must be resolved)."""
        assert self.earliest is not None and self.latest is not None
        assert other.earliest is not None and other.latest is not None
        return self.earliest <= other.latest and other.earliest <= self.latest

    def describe_dates(self) -> str:
        """ "Tuesday, August 6, 2024", "February 2022", "2022", or a range of days."""
        span = self.dates()
        if span is None:
            return "an unknown date"
        first, last = span
        if self.granularity in ("decade", "century"):
            return f"{first.year} to {last.year}"
        if self.granularity in ("quarter", "season", "half"):
            year = f" {first.year}" if first.year != last.year else ""
            return f"{first.strftime('%B')}{year} to {last.strftime('%B')} {last.year}"
        if (
            first.day == 1
            and last == month_end(last)
            and (first.year, first.month) == (last.year, last.month)
        ):
            return f"{first.strftime('%B')} {first.year}"
        if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
            return str(first.year)
        return format_range(first, last)

    def describe(self) -> str:
        """One line for ``newslint extract``: what the expression is and the dates it resolves to."""
        what = f"{self.form} {self.rule}" + (f" (after {self.preposition!r})" if self.preposition else "")
        if self.form == "reference":
            where = f"-> {(self.value or '').replace('_REF', '').lower()} (no date)"
        elif self.earliest is None:
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


def clause_of(clauses: tuple[int, ...], offset: int) -> int:
    """The index of the clause that ``offset`` is in, given the offsets where clauses begin."""
    return bisect.bisect_right(clauses, offset)


def owner(
    dates: list[TemporalExpression], clauses: tuple[int, ...], offset: int
) -> TemporalExpression | None:
    """The date that an event's figure or quotation at ``offset`` belongs to, among the ``dates`` of
    its sentence (in text order): the date of its own clause (the nearest one before it when the
    clause has several), else the nearest date before it in the sentence, else the first after."""
    if not dates:
        return None
    clause = clause_of(clauses, offset)
    same = [d for d in dates if clause_of(clauses, d.start) == clause]
    pool = same or dates
    before = [d for d in pool if d.start <= offset]
    return before[-1] if before else pool[0]


def month_end(d: dt.date) -> dt.date:
    """The last day of ``d``'s month."""
    return (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def format_date(d: dt.date) -> str:
    """ "Tuesday, August 13, 2024"."""
    return f"{d.strftime('%A')}, {d.strftime('%B')} {d.day}, {d.year}"


def format_range(first: dt.date, last: dt.date) -> str:
    if first == last:
        return format_date(first)
    return f"{format_date(first)} to {format_date(last)}"
