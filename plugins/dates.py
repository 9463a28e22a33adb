"""The date family (NL401-NL405): undated drafts, date drift, weekday mismatches, unsourced dates,
stale sources.

Every rule reads the ``temporal`` facts (``newslint.extractors.temporal``), which are already resolved
against each document's own publication date; no rule re-reads the text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz

from newslint.api import Check, CheckContext, Document, Evidence, Finding, Rule, Sentence, Severity, hookimpl
from newslint.extractors.temporal import (
    MONTH_NAMES,
    TemporalExpression,
    format_date,
    format_range,
    sentence_keywords,
)

KIND = "temporal"

# "The same event": how close a source sentence must be to the draft's (0-100, dates masked out).
SENTENCE_SIMILARITY = 75
# A sentence naming other people, places or organisations than the draft's must be closer still.
SENTENCE_SIMILARITY_OTHER_NAMES = 92
# With the same figure in both sentences, a looser match suffices.
FIGURE_SENTENCE_SIMILARITY = 60
# A quotation identifies an event when it is at least this long and (nearly) word for word the same.
QUOTE_MIN_WORDS = 5
QUOTE_SIMILARITY = 90
# How many candidate sentences (by shared keywords) are scored with rapidfuzz, per draft sentence.
MAX_CANDIDATES = 60
# A sentence with fewer content words than this is formulaic ("Markets closed higher on Monday"): it
# matches a source sentence only with the very same date words, copied.
SHORT_SENTENCE_KEYWORDS = 5
SENTENCE_MATCH = "a closely matching sentence"
# How many sources' postings to read per draft sentence and signal, rarest keys first.
POSTINGS_BUDGET = 400
# NL404: how far (days) to look for the source date nearest to an unsourced one.
NEAREST_WINDOW = 7

RULES = (
    Rule(
        code="NL401",
        name="undated-relative-date",
        severity=Severity.WARNING,
        summary='The draft has no publication date but uses relative dates ("on Tuesday", "yesterday").',
        what="Reports a draft that has no publication date (no `--date`, no front-matter `date:`, no "
        "` date YYYY-MM-DD` first line, no `Published:` line) but still dates events relative to it: "
        '"on Tuesday", "last week", "yesterday", "as of Monday". It fires once per draft, at the '
        "first such reference, and the message says how many more there are. Relative dates inside "
        "quotation marks do not count: they are the speaker's, not the story's.",
        why='"On Tuesday" means a different day depending on when the story runs. Without a '
        "publication date nobody (and no rule) can tell which Tuesday, so date drift (NL402) cannot "
        "be checked either. Give the draft its date, or write absolute dates.",
        example="Ukraine said on Tuesday it would not hold the territory.   (no date anywhere)\n\n"
        "draft.md:1:17: NL401 \u201cTuesday\u201d: the draft has no publication date, so this relative date "
        "cannot be resolved; add `date:` to the front matter or pass --date",
    ),
    Rule(
        code="NL402",
        name="date-drift",
        severity=Severity.ERROR,
        summary="A date in the draft resolves to another day than the same event in a source.",
        what="Resolves every date of the draft against the draft's publication date and every date "
        'of a source against that source\'s own publication date ("on Tuesday" is the most recent '
        'Tuesday up to the publication day, the next one for a future-tense verb; "last Tuesday" the '
        "Tuesday of the previous calendar week; HeidelTime's news rules). It then finds the same event "
        "in the sources: a sentence that closely matches the draft's once dates are masked out "
        f"(rapidfuzz score {SENTENCE_SIMILARITY} or more; {SENTENCE_SIMILARITY_OTHER_NAMES} when the "
        "two name different people or places; never when their figures differ), the same quotation "
        f"(at least {QUOTE_MIN_WORDS} words), or the same figure in a loosely matching sentence. A short, "
        f'formulaic sentence (fewer than {SHORT_SENTENCE_KEYWORDS} content words, "Markets closed higher on '
        'Monday") only counts with the very same date words, copied. When '
        "the draft's calendar date and the source's do not overlap, it reports both dates and the "
        "source passage. If any matching source agrees with the draft, nothing is reported. Dates "
        "inside quotation marks are left alone (they are relative to when the speaker spoke).",
        why="The classic wire error: a draft held over to the next week keeps \u201csaid on Tuesday\u201d "
        "from last week's copy, and the event silently moves by a week; or a writer turns the wire's "
        "\u201cyesterday\u201d into a weekday counting from the wrong day. The words look right; only "
        "the calendar shows the error.",
        example="source (published Tue 2024-08-13): Ukraine said on Tuesday it would not hold the land.\n"
        "draft (published Tue 2024-08-20):  Ukraine said on Tuesday it would not hold the land.\n\n"
        "draft.md:3:17: NL402 \u201cTuesday\u201d resolves to Tuesday, August 20, 2024, but source.txt:1 "
        "dates the same event Tuesday, August 13, 2024 (\u201cTuesday\u201d, published 2024-08-13; a closely "
        "matching sentence): \u201cUkraine said on Tuesday it would not hold the land.\u201d",
        options="None. Needs a dated draft (else NL401) and dated sources.",
    ),
    Rule(
        code="NL403",
        name="weekday-mismatch",
        severity=Severity.ERROR,
        summary='A weekday paired with a date does not fall on that date ("Tuesday, August 14, 2024").',
        what='Checks every weekday written next to a date ("Tuesday, August 13", "Tue 13 Aug 2024", '
        '"Tuesday (Aug. 13)") against the calendar. A date without a year takes the year that puts '
        "it within six months of the draft's publication date; an undated draft's year-less pairs are "
        "not checked.",
        why="One of the two is wrong, and readers cannot tell which: the event is misdated either way.",
        example="The summit opens on Tuesday, August 14, 2024.\n\n"
        "draft.md:1:21: NL403 \u201cTuesday, August 14, 2024\u201d: August 14, 2024 is a Wednesday, not a Tuesday",
    ),
    Rule(
        code="NL404",
        name="unsourced-date",
        severity=Severity.WARNING,
        summary='An absolute date ("August 5", "February 2022", "in 2022") appears in no source.',
        what="Looks every absolute date of the draft up in the source index by calendar date: a day by "
        'its day, "February 2022" by its month (any date of that month in a source supports it), '
        '"in 2022" by its year. A source\'s relative dates count once resolved: "last Tuesday" in a '
        'story published 2024-08-13 supports "August 6". In an undated draft a date without a year '
        "is looked up by month and day, and so is a year-less date of a dated draft in an undated "
        "source. The message names the nearest source date within "
        f"{NEAREST_WINDOW} days when there is one (often the date the draft meant). Nothing is "
        "reported when the draft has no sources.",
        why="A date no source gives was typed, computed or remembered by the writer; it is exactly "
        'the kind of detail that goes wrong by one day ("August 5" for "last Tuesday").',
        example="draft.md:3:45: NL404 \u201cAugust 5\u201d (Monday, August 5, 2024) appears in no source; the "
        "nearest source date is Tuesday, August 6, 2024 (wire.txt:7, \u201clast Tuesday\u201d)",
    ),
    Rule(
        code="NL405",
        name="stale-sources",
        severity=Severity.INFO,
        summary="The draft is dated several days after its newest source.",
        what="Compares the draft's publication date with the newest publication date among its "
        "sources and reports when the gap exceeds `stale-after-days` (default 2). The finding sits on "
        "the draft's date (front matter, header or `Published:` line; line 1 when the date came from "
        "--date).",
        why='Relative dates in copy from several days ago ("on Monday", "yesterday") no longer mean '
        "the same days, and the story may have moved on since the sources were filed.",
        example="draft (date 2024-08-20), newest source 2024-08-14:\n\n"
        "draft.md:2:7: NL405 the draft is dated 2024-08-20, 6 days after its newest source (2024-08-14, "
        "wire/004.txt); stale-after-days is 2",
        options="`stale-after-days` (whole number of days, default 2).",
    ),
)


@hookimpl
def newslint_register_rules(register):
    for rule in RULES:
        register(rule)


@hookimpl
def newslint_register_checks(register):
    register(Check(name="undated-relative-date", codes=("NL401",), run=check_undated))
    register(Check(name="date-drift", codes=("NL402",), run=check_drift))
    register(Check(name="weekday-mismatch", codes=("NL403",), run=check_weekdays))
    register(Check(name="unsourced-date", codes=("NL404",), run=check_unsourced))
    register(Check(name="stale-sources", codes=("NL405",), run=check_stale))


def _temporal(doc: Document) -> tuple[TemporalExpression, ...]:
    return tuple(f for f in doc.facts_of(KIND) if isinstance(f, TemporalExpression))


def _q(text: str) -> str:
    return f"\u201c{text}\u201d"


def _date(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def _describe_dates(f: TemporalExpression) -> str:
    """ "Tuesday, August 6, 2024", "February 2022", "2022", or a range of days."""
    span = f.dates()
    if span is None:
        return "an unknown date"
    first, last = span
    if first.day == 1 and last == _month_end(last) and (first.year, first.month) == (last.year, last.month):
        return f"{MONTH_NAMES[first.month - 1]} {first.year}"
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        return str(first.year)
    return format_range(first, last)


def _month_end(d: dt.date) -> dt.date:
    return (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


# -- NL401 -------------------------------------------------------------------------------------


def check_undated(ctx: CheckContext) -> Iterator[Finding]:
    draft = ctx.draft
    if draft.date is not None:
        return
    relative = [f for f in _temporal(draft) if f.relative and not f.quoted]
    if not relative:
        return
    first, more = relative[0], len(relative) - 1
    also = f" (and {more} more)" if more else ""
    yield ctx.finding(
        "NL401",
        first.start,
        first.end,
        f"{_q(first.text)}: the draft has no publication date, so this relative date{also} cannot be "
        "resolved; add `date:` to the front matter or pass --date",
    )


# -- NL403 -------------------------------------------------------------------------------------


def check_weekdays(ctx: CheckContext) -> Iterator[Finding]:
    for f in _temporal(ctx.draft):
        if f.consistent is not False or f.earliest is None:
            continue
        day = _date(f.earliest)
        actual = format_date(day).split(",")[0]
        named = f"{day.strftime('%B')} {day.day}, {day.year}"
        guessed = "" if f.anchor is None else f" (year {day.year} taken from the publication date)"
        yield ctx.finding(
            "NL403",
            f.start,
            f.end,
            f"{_q(f.text)}: {named} is a {actual}, not a {f.weekday}{guessed}",
        )


# -- NL405 -------------------------------------------------------------------------------------


def check_stale(ctx: CheckContext) -> Iterator[Finding]:
    draft = ctx.draft
    newest = ctx.sources.newest_date
    if draft.date is None or newest is None:
        return
    gap = (draft.date - newest).days
    limit = ctx.config.stale_after_days
    if gap <= limit:
        return
    source = ctx.sources.newest()
    start, end = draft.date_span or (0, 0)  # (0, 0): dated by --date, nothing in the file to point at
    note = f"the newest source, dated by its {source.date_origin}"
    if source.date_span is not None:
        evidence = ctx.evidence(source, *source.date_span, excerpt=source.date_written, note=note)
    else:
        evidence = ctx.evidence(source, 0, 0, excerpt="", note=f"{note} (published {newest.isoformat()})")
    yield ctx.finding(
        "NL405",
        start,
        end,
        f"the draft is dated {draft.date.isoformat()}, {gap} days after its newest source "
        f"({newest.isoformat()}, {source.path}); stale-after-days is {limit}",
        [evidence],
    )


# -- NL404 -------------------------------------------------------------------------------------


def _lookup_keys(f: TemporalExpression) -> list[str]:
    span = f.dates()
    if span is None:
        if f.value and f.value.startswith("XXXX-"):
            parts = f.value.split("-")
            return [f"md:{parts[1]}-{parts[2]}"] if len(parts) == 3 else [f"mo:{parts[1]}"]
        return []
    first, last = span
    if f.granularity == "year":
        return [f"year:{y}" for y in range(first.year, last.year + 1)]
    if f.granularity == "day":
        return [f"day:{(first + dt.timedelta(days=i)).isoformat()}" for i in range((last - first).days + 1)]
    return (
        [f"month:{first.year:04d}-{first.month:02d}"]
        if (first.year, first.month) == (last.year, last.month)
        else [f"month:{first.year:04d}-{first.month:02d}", f"month:{last.year:04d}-{last.month:02d}"]
    )


def check_unsourced(ctx: CheckContext) -> Iterator[Finding]:
    if not len(ctx.sources):
        return
    for f in _temporal(ctx.draft):
        if f.form != "absolute":
            continue
        keys = _lookup_keys(f)
        if not keys or any(ctx.sources.lookup(KIND, k) for k in keys) or _in_undated_source(ctx, f):
            continue
        what = "" if f.dates() is None else f" ({_describe_dates(f)})"
        nearest = _nearest(ctx, f)
        if nearest is None:
            yield ctx.finding(
                "NL404",
                f.start,
                f.end,
                f"{_q(f.text)}{what} appears in no source, and no source's relative date resolves to it",
            )
            continue
        doc, sf = nearest
        line = doc.position(sf.start)[0]
        yield ctx.finding(
            "NL404",
            f.start,
            f.end,
            f"{_q(f.text)}{what} appears in no source; the nearest source date is "
            f"{format_range(*sf.dates())} ({doc.path}:{line}, {_q(sf.text)})",
            [ctx.evidence(doc, sf, note=f"resolves to {format_range(*sf.dates())}")],
        )


def _in_undated_source(ctx: CheckContext, f: TemporalExpression) -> bool:
    """A year-less "March 4" is supported by "March 4" in a source that has no date to give it a year."""
    if f.anchor is None or f.granularity != "day" or f.earliest is None or f.earliest != f.latest:
        return False
    day = _date(f.earliest)
    return any(sf.earliest is None for _, sf in ctx.sources.lookup(KIND, f"md:{day.month:02d}-{day.day:02d}"))


def _nearest(ctx: CheckContext, f: TemporalExpression) -> tuple[Document, TemporalExpression] | None:
    span = f.dates()
    if span is None or f.granularity != "day":
        return None
    for delta in range(1, NEAREST_WINDOW + 1):
        for day in (span[0] - dt.timedelta(days=delta), span[1] + dt.timedelta(days=delta)):
            hits = [
                (d, sf)
                for d, sf in ctx.sources.lookup(KIND, f"day:{day.isoformat()}")
                if sf.granularity == "day" and sf.earliest == sf.latest
            ]
            if hits:
                return hits[0]
    return None


# -- NL402 -------------------------------------------------------------------------------------

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_NAME = re.compile(r"(?<![\w'’])([A-Z][A-Za-z'’-]+)")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


@dataclass
class _Match:
    """A source sentence that reports the same event as a draft sentence."""

    doc: Document
    sentence: Sentence
    score: float
    reason: str


class _Sentences:
    """Per-document views of sentences: their temporal facts, masked text, names and numbers."""

    def __init__(self) -> None:
        self._facts: dict[int, dict[int, list[TemporalExpression]]] = {}
        self._views: dict[tuple[int, int], tuple[str, frozenset[str], frozenset[str]]] = {}

    def facts(self, doc: Document, index: int) -> list[TemporalExpression]:
        table = self._facts.get(id(doc))
        if table is None:
            table = defaultdict(list)
            for f in _temporal(doc):
                table[f.sentence].append(f)
            self._facts[id(doc)] = table
        return table.get(index, [])

    def view(self, doc: Document, sentence: Sentence) -> tuple[str, frozenset[str], frozenset[str]]:
        """(normalised text without its dates, name keys, numbers) of a sentence."""
        key = (id(doc), sentence.index)
        view = self._views.get(key)
        if view is None:
            text = sentence.text
            for f in sorted(self.facts(doc, sentence.index), key=lambda f: -f.start):
                a, b = f.start - sentence.start, f.end - sentence.start
                if 0 <= a <= b <= len(text):
                    text = text[:a] + " " * (b - a) + text[b:]
            names = frozenset(
                m.group(1)[:5].lower()
                for m in _NAME.finditer(text)
                if m.start() > 0 and not _sentence_initial(text, m.start())
            )
            numbers = frozenset(n.replace(",", "") for n in _NUMBER.findall(text))
            view = (_NON_ALNUM.sub(" ", text.lower().replace("’", "'")).strip(), names, numbers)
            self._views[key] = view
        return view


def _sentence_initial(text: str, i: int) -> bool:
    before = text[:i].rstrip(" \"“‘'([")
    return not before or before[-1] in ".:!?—–-"


def _similarity(a: str, b: str) -> float:
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))


def _sentence_score(
    sentences: _Sentences, draft: Document, ds: Sentence, doc: Document, ss: Sentence, floor: float
) -> float | None:
    """The similarity of two sentences as the same event, or None when they cannot be."""
    a, names_a, numbers_a = sentences.view(draft, ds)
    b, names_b, numbers_b = sentences.view(doc, ss)
    if (numbers_a - numbers_b) and (numbers_b - numbers_a):
        return None  # different figures: a different event (or a figure error, not ours)
    score = _similarity(a, b)
    if (names_a - names_b) and (names_b - names_a):
        floor = max(floor, SENTENCE_SIMILARITY_OTHER_NAMES)
    return score if score >= floor else None


def _sentences_of(doc: Document, start: int, end: int) -> list[Sentence]:
    return [s for s in doc.sentences if s.end > start and s.start < end]


def _same_quote(a, b) -> bool:
    wa = [w for w in (getattr(a, "norm", None) or _NON_ALNUM.sub(" ", a.text.lower()).split()) if w.isalnum()]
    wb = [w for w in (getattr(b, "norm", None) or _NON_ALNUM.sub(" ", b.text.lower()).split()) if w.isalnum()]
    if min(len(wa), len(wb)) < QUOTE_MIN_WORDS:
        return False
    ta, tb = " ".join(wa), " ".join(wb)
    if fuzz.ratio(ta, tb) >= QUOTE_SIMILARITY:
        return True
    return fuzz.partial_ratio(ta, tb) >= 97


def _same_figure(a, b) -> bool:
    try:
        if a.dimension != b.dimension:
            return False
        if a.dimension == "count" and max(abs(a.base_high), abs(b.base_high)) < 10:
            return False  # "two", "three": too common to identify anything
        return a.base_low <= b.base_high and b.base_low <= a.base_high
    except AttributeError:
        return False


def _rarest_first(ctx: CheckContext, kind: str, keys: Iterable[str]) -> Iterator[tuple[Document, object]]:
    """Facts filed under ``keys``, from the rarest key on, until the keys read cover POSTINGS_BUDGET
    sources.  On a small index that is every fact under every key; on a large one, common words stop
    weighing on the check, and a key held by more sources than the budget is no signal at all (it
    would load a large part of the archive to compare sentences that share only common words)."""
    sized = sorted((ctx.sources.count(kind, k), k) for k in set(keys))
    spent = 0
    for size, key in sized:
        if size == 0:
            continue
        if spent + size > POSTINGS_BUDGET:
            break
        spent += size
        yield from ctx.sources.lookup(kind, key)


def _matches(ctx: CheckContext, sentences: _Sentences, ds: Sentence) -> list[_Match]:
    """Source sentences that report the same event as the draft sentence ``ds``."""
    draft = ctx.draft
    found: dict[tuple[int, int], _Match] = {}

    def add(doc: Document, ss: Sentence, score: float, reason: str) -> None:
        key = (id(doc), ss.index)
        if key not in found or found[key].score < score:
            found[key] = _Match(doc, ss, score, reason)

    # 1. a closely matching sentence, among those sharing keywords (through the index, rarest first)
    words = sentence_keywords(ds.text, limit=None)
    wanted = set(words)
    candidates: dict[tuple[int, int], tuple[int, Document, int]] = {}
    for doc, sf in _rarest_first(ctx, KIND, [f"w:{w}" for w in words]):
        key = (id(doc), sf.sentence)
        if key not in candidates:
            candidates[key] = (len(wanted.intersection(sf.keywords)), doc, sf.sentence)
    ranked = sorted(candidates.values(), key=lambda e: -e[0])[:MAX_CANDIDATES]
    for shared, doc, index in ranked:
        if shared < 2 or not 0 <= index < len(doc.sentences):
            continue
        ss = doc.sentences[index]
        score = _sentence_score(sentences, draft, ds, doc, ss, SENTENCE_SIMILARITY)
        if score is not None:
            add(doc, ss, score, SENTENCE_MATCH)

    # 2. the same quotation (fact kind "quotes", when that extractor is present)
    for q in draft.facts_of("quotes"):
        if not (q.start < ds.end and q.end > ds.start) or getattr(q, "problem", None):
            continue
        seen = set()
        for doc, sq in _rarest_first(ctx, "quotes", q.index_keys()):
            if (id(doc), sq.start) in seen or len(seen) >= MAX_CANDIDATES:
                continue
            seen.add((id(doc), sq.start))
            if _same_quote(q, sq):
                for ss in _sentences_of(doc, sq.start, sq.end):
                    add(doc, ss, 100.0, "the same quotation")

    # 3. the same figure in a loosely matching sentence (fact kind "quantities")
    for n in draft.facts_of("quantities"):
        if not (n.start < ds.end and n.end > ds.start):
            continue
        seen = set()
        for doc, sn in _rarest_first(ctx, "quantities", n.index_keys()):
            if (id(doc), sn.start) in seen or len(seen) >= MAX_CANDIDATES or not _same_figure(n, sn):
                continue
            seen.add((id(doc), sn.start))
            for ss in _sentences_of(doc, sn.start, sn.end):
                score = _sentence_score(sentences, draft, ds, doc, ss, FIGURE_SENTENCE_SIMILARITY)
                if score is not None:
                    add(doc, ss, score, "the same figure")
    return sorted(found.values(), key=lambda m: -m.score)[:MAX_CANDIDATES]


def _overlap(a: TemporalExpression, b: TemporalExpression) -> bool:
    return a.earliest <= b.latest and b.earliest <= a.latest


def _context(doc_sentence: Sentence, f: TemporalExpression, width: int = 40) -> str:
    a, b = f.start - doc_sentence.start, f.end - doc_sentence.start
    text = doc_sentence.text
    return _NON_ALNUM.sub(" ", (text[max(0, a - width) : a] + " | " + text[b : b + width]).lower()).strip()


def _align(
    f: TemporalExpression, ds: Sentence, candidates: list[TemporalExpression], ss: Sentence
) -> TemporalExpression | None:
    """The source date that plays the draft date's part in the matching sentence."""
    if len(candidates) == 1:
        return candidates[0]
    mine = _context(ds, f)
    scored = sorted(((fuzz.ratio(mine, _context(ss, c)), c) for c in candidates), key=lambda x: -x[0])
    if scored[0][0] < 60 or (len(scored) > 1 and scored[0][0] - scored[1][0] < 10):
        return None  # ambiguous: say nothing
    return scored[0][1]


def check_drift(ctx: CheckContext) -> Iterable[Finding]:
    draft = ctx.draft
    if draft.date is None or not len(ctx.sources):
        return []
    sentences = _Sentences()
    by_sentence: dict[int, list[TemporalExpression]] = defaultdict(list)
    for f in _temporal(draft):
        if f.earliest is not None and not f.quoted and 0 <= f.sentence < len(draft.sentences):
            by_sentence[f.sentence].append(f)
    findings = []
    for index, facts in by_sentence.items():
        ds = draft.sentences[index]
        matches = _matches(ctx, sentences, ds)
        if not matches:
            continue
        for f in facts:
            finding = _drift_of(ctx, sentences, f, ds, matches)
            if finding is not None:
                findings.append(finding)
    return findings


def _drift_of(
    ctx: CheckContext, sentences: _Sentences, f: TemporalExpression, ds: Sentence, matches: list[_Match]
) -> Finding | None:
    disagreements: list[tuple[_Match, TemporalExpression]] = []
    short = len(sentence_keywords(ds.text, limit=None)) < SHORT_SENTENCE_KEYWORDS
    for match in matches:
        candidates = [
            sf
            for sf in sentences.facts(match.doc, match.sentence.index)
            if sf.earliest is not None and not sf.quoted
        ]
        if not candidates:
            continue
        if any(_overlap(f, sf) for sf in candidates):
            return None  # a source agrees with the draft
        sf = _align(f, ds, candidates, match.sentence)
        if sf is None:
            continue
        if short and match.reason == SENTENCE_MATCH and sf.text.lower() != f.text.lower():
            continue  # "Markets closed higher on Monday" / "... on Tuesday": two days, not one drift
        disagreements.append((match, sf))
    if not disagreements:
        return None
    match, sf = disagreements[0]
    doc = match.doc
    passage = " ".join(match.sentence.text.split())
    published = _published(doc)
    source_dates = _describe_dates(sf)
    line = doc.position(match.sentence.start)[0]
    evidence: list[Evidence] = [
        ctx.evidence(
            doc,
            match.sentence.start,
            match.sentence.end,
            excerpt=passage,
            note=f"{_q(sf.text)} resolves to {source_dates}{published}; {match.reason}",
        )
    ]
    for other, osf in disagreements[1:3]:
        evidence.append(
            ctx.evidence(
                other.doc,
                other.sentence.start,
                other.sentence.end,
                excerpt=" ".join(other.sentence.text.split()),
                note=f"{_q(osf.text)} resolves to {_describe_dates(osf)}{_published(other.doc)}; {other.reason}",
            )
        )
    return ctx.finding(
        "NL402",
        f.start,
        f.end,
        f"{_q(f.text)} resolves to {_describe_dates(f)}, but {doc.path}:{line} dates the same event "
        f"{source_dates} ({_q(sf.text)}{published}; {match.reason}): {_q(_clip(passage))}",
        evidence,
    )


def _published(doc: Document) -> str:
    return f", published {doc.date.isoformat()}" if doc.date else ""


def _clip(text: str, width: int = 100) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
