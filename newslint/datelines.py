"""Wire datelines: "ATHENS, Aug 8 (Reuters) - ...", "PARIS, 8 août (AFP) -", "CORROW (Northwire) —".

A dateline opens the first paragraph of a wire story: a place in capitals, optionally a region, a
day and month, the agency in brackets, then a dash.  When it carries a day and a month it gives the
document a publication date if nothing earlier in SPEC §2's order does.  The dateline has no year;
the year is the nearest one that does not put the date after the file's other dates (a reader
passes them: a DOCX file's creation date, a NITF copyright year); without those, the one that puts
it nearest the latest date written in full in the text ("March 14, 2031"), so that a story of 2024
is not dated in the current year; or, with no other date, the current year.

Month names and agencies are vocabulary, read through :class:`newslint.rulepacks.RulePacks`: the
calendar's month names and abbreviations come from ``rules/calendar.toml`` (section ``[calendar]``,
the one copy shared with the temporal extractor and ``Published:`` lines); the agencies, the day
suffixes and the month names of other languages from ``rules/datelines.toml`` (``[datelines]``).  The text matched
here is prose (markup already removed), never markup.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from newslint.rulepacks import RulePacks, builtin_packs


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline found at the start of a paragraph; offsets into the document."""

    start: int
    end: int  # end of the dateline proper (before the dash)
    text: str
    place: str
    agency: str | None
    month: int | None
    day: int | None
    year: int | None  # only when the dateline writes one
    # the latest full date (day, month and year) written in the document's text, when the dateline
    # writes no year: one of the file's other dates (SPEC §2)
    latest_full_date: dt.date | None = None

    def date(self, reference: dt.date | None = None, today: dt.date | None = None) -> dt.date | None:
        """The dateline's date; the year by the rule of SPEC §2 (see the module's docstring): the
        latest that does not put it after ``reference`` (a reader's latest date of the file); without
        one, the year that puts it nearest :attr:`latest_full_date` (the text's latest full date);
        without either, the year of ``today``."""
        if self.month is None or self.day is None:
            return None
        if self.year is not None:
            return _safe_date(self.year, self.month, self.day)
        if reference is None and self.latest_full_date is not None:
            # the year that puts the dateline nearest the text's latest full date: a story's events
            # lie around its filing day, before it ("sank on 7 August 2024") or after it ("the
            # inquiry opens on 2024-08-12"); never the current year's when that is years later
            near = self.latest_full_date
            days = (_safe_date(y, self.month, self.day) for y in range(near.year - 4, near.year + 5))
            return min((d for d in days if d is not None), key=lambda d: abs((d - near).days), default=None)
        if reference is None:
            return _safe_date((today or dt.date.today()).year, self.month, self.day)
        for year in range(reference.year, reference.year - 8, -1):  # Feb 29 needs a leap year
            found = _safe_date(year, self.month, self.day)
            if found is not None and found <= reference:
                return found
        return None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def calendar_month_numbers(packs: RulePacks) -> dict[str, int]:
    """Month names and abbreviations (lower case) -> 1..12, from the calendar rule pack."""
    cal = packs.get("calendar", {}) or {}
    numbers = {m: i for i, m in enumerate(cal.get("months", ()), start=1)}
    numbers.update({a: numbers[m] for a, m in cal.get("month-abbreviations", {}).items() if m in numbers})
    return numbers


class _Grammar:
    def __init__(self, packs: RulePacks):
        import regex  # here, not at module top: most CLI runs never read a dateline

        section = packs.get("datelines", {}) or {}
        months = {str(name).lower(): number for name, number in calendar_month_numbers(packs).items()}
        for number, names in (section.get("months") or {}).items():
            for name in names:
                months[str(name).lower()] = int(number)
        self.months = months
        alternation = "|".join(regex.escape(m) for m in sorted(months, key=len, reverse=True)) or "(?!)"
        month = rf"(?i:{alternation})"
        suffixes = "|".join(regex.escape(x) for x in section.get("day-suffixes", ())) or "(?!)"
        date = (
            rf"(?:(?P<m1>{month})\.?[ \t]+(?P<d1>\d{{1,2}})(?!\d)"
            rf"|(?P<d2>\d{{1,2}})(?:{suffixes})?\.?[ \t]+(?P<m2>{month})\.?)"
            rf"(?:,?[ \t]+(?P<year>(?:19|20)\d\d)(?!\d))?"
        )
        word = r"\p{Lu}[\p{Lu}'’.\-]*"
        place = rf"(?P<place>\p{{Lu}}[\p{{Lu}}'’.\-]+(?:[ \t]+{word}){{0,4}})"
        region = r"(?P<region>\p{Lu}[\p{L}.'’\-]*(?:[ \t]+\p{Lu}[\p{L}.'’\-]*){0,3})"
        self.pattern = regex.compile(
            rf"{place}(?:,[ \t]+{date}(?![\p{{L}}\d])|,[ \t]+{region}(?:,?[ \t]+{date})?)?"
            r"(?:[ \t]*\((?P<agency>[\p{L}][\p{L}\d .&'’\-]{0,39})\))?"
            # the dash ends the dateline's line or is followed by the story ("WASHINGTON, Aug. 11
            # (Xinhua) --" alone in its paragraph, as some wires set it)
            r"(?P<dash>[ \t]*(?:--|[-–—])(?:[ \t]+|$))",
            regex.V0,
        )
        # a full date in the text ("March 14, 2031", "14 March 2031", "2031-03-14"): the file's
        # other dates, read only for a dateline without a year
        spacing = r"[ \t\u00a0]+"
        self.full_date = regex.compile(
            rf"\b(?:(?P<m1>{month})\.?{spacing}(?P<d1>\d{{1,2}})(?:{suffixes})?,?{spacing}(?P<y1>(?:19|20)\d\d)"
            rf"|(?P<d2>\d{{1,2}})(?:{suffixes})?\.?{spacing}(?P<m2>{month})\.?,?{spacing}(?P<y2>(?:19|20)\d\d)"
            r"|(?P<y3>(?:19|20)\d\d)-(?P<mo3>\d\d)-(?P<d3>\d\d))(?![\p{L}\d])",
            regex.V0,
        )

    def latest_full_date(self, prose: str) -> dt.date | None:
        """The latest real date written in full in ``prose`` (one pass), if any."""
        latest = None
        for m in self.full_date.finditer(prose):
            if m.group("y3"):
                found = _safe_date(int(m.group("y3")), int(m.group("mo3")), int(m.group("d3")))
            else:
                name = (m.group("m1") or m.group("m2")).lower()
                found = _safe_date(
                    int(m.group("y1") or m.group("y2")),
                    self.months[name],
                    int(m.group("d1") or m.group("d2")),
                )
            if found is not None and (latest is None or found > latest):
                latest = found
        return latest


def _grammar(packs: RulePacks) -> _Grammar:
    return _Grammar(packs)


_PLACE_ASCII = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_PLACE_ASCII_NEXT = _PLACE_ASCII | frozenset("'.-")


def _may_open_dateline(prose: str, a: int, b: int) -> bool:
    """False when the grammar cannot match at ``a`` (checked before the grammar is built): a
    dateline opens with a capital and a second capital (or ' . -) (the ASCII ones are A-Z) and has
    a dash before ``b``."""
    if b - a < 2:
        return False
    first, second = prose[a], prose[a + 1]
    if first.isascii() and first not in _PLACE_ASCII:
        return False
    if second.isascii() and second not in _PLACE_ASCII_NEXT:
        return False
    return prose.find("-", a, b) >= 0 or prose.find("–", a, b) >= 0 or prose.find("—", a, b) >= 0


def find_dateline(
    prose: str, paragraphs: list[tuple[int, int]], packs: RulePacks | None = None, look: int = 3
) -> Dateline | None:
    """The dateline at the start of one of the first ``look`` paragraphs (spans into ``prose``)."""
    grammar: _Grammar | None = None
    for a, b in paragraphs[:look]:
        if not _may_open_dateline(prose, a, b):
            continue
        if grammar is None:
            grammar = (packs or builtin_packs()).derived(_grammar)
        m = grammar.pattern.match(prose, a, b)
        if m is None:
            continue
        month_name = m.group("m1") or m.group("m2")
        day = m.group("d1") or m.group("d2")
        month = grammar.months.get(month_name.lower()) if month_name else None
        end = m.start("dash")
        year = int(m.group("year")) if m.group("year") else None
        return Dateline(
            start=m.start(),
            end=end,
            text=prose[m.start() : end],
            place=m.group("place"),
            agency=m.group("agency"),
            month=month,
            day=int(day) if day else None,
            year=year,
            latest_full_date=grammar.latest_full_date(prose) if year is None and month and day else None,
        )
    return None


def parse_dateline_field(text: str, packs: RulePacks | None = None) -> Dateline | None:
    """A wire format's dateline field ("ATHENS, Aug 8"): the same grammar, no dash needed."""
    stripped = text.strip()
    if not stripped:
        return None
    return find_dateline(stripped + " — ", [(0, len(stripped) + 3)], packs, look=1)
