"""The date family (NL401-NL405): undated drafts, date drift, weekday mismatches, unsourced dates,
stale sources.

Every rule reads the ``temporal`` facts (``newslint.facts.temporal``), which are already resolved
against each document's own publication date; no rule re-reads the text.  To find the same event in
a source, NL402 compares what the first date fact of each sentence records about its sentence
(keywords, the sentence with its dates blanked, names, numbers) and the ``context`` of each date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from newslint.api import (
    Check,
    CheckContext,
    Document,
    Evidence,
    Fact,
    Finding,
    Rule,
    Sentence,
    Severity,
    hookimpl,
)
from newslint.facts.quantity import Quantity
from newslint.facts.quote import Quote
from newslint.facts.temporal import (
    INDEX_KEYWORDS,
    TemporalExpression,
    day_key,
    format_date,
    month_day_key,
    owner,
    word_key,
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
# ... or when the shorter is (nearly) word for word inside the longer (a partial quote).
QUOTE_PARTIAL_SIMILARITY = 97
# A count smaller than this ("two", "three") is too common to identify an event.
MIN_IDENTIFYING_COUNT = 10
# Two dates in one sentence: the source date whose context (the fact's ``context``, 40 characters each side) is
# at least ALIGN_MIN_SIMILARITY alike the draft date's, and ALIGN_MARGIN more than the runner-up,
# plays the draft date's part; otherwise the alignment is ambiguous and nothing is said.
ALIGN_MIN_SIMILARITY = 60
ALIGN_MARGIN = 10
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
        "source passage. When one sentence holds two dates, each figure or quotation belongs to the "
        'date of its own clause ("said on Monday it held 1,000 sq km, and on Tuesday that 74 villages '
        'had fallen"). If any matching source agrees with the draft, nothing is reported. Dates '
        "inside quotation marks are left alone (they are relative to when the speaker spoke), and so are "
        'anchored dates ("the day before", "a day later"): they follow another date of the draft, which '
        "is checked itself. A wire dateline's own day (\u201cATHENS, Aug 8 (Reuters)\u201d) is the filing "
        'date, not an event\'s, and references without a date ("in the past", "in the near future") '
        "resolve to no day at all: neither is compared.",
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
        'reported when the draft has no sources, nor for a century ("the 20th century": background, '
        "not a date a source must give).",
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
    return f.describe_dates()


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
    if source is None:
        return
    start, end = draft.date_span or (0, 0)  # (0, 0): dated by --date, nothing in the file to point at
    note = f"the newest source, dated by its {source.date_origin}"
    if source.date_span is not None:
        written_start, written_end = source.date_span
        evidence = ctx.evidence(source, written_start, written_end, excerpt=source.date_written, note=note)
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


def check_unsourced(ctx: CheckContext) -> Iterator[Finding]:
    if not len(ctx.sources):
        return
    for f in _temporal(ctx.draft):
        if f.form != "absolute" or f.granularity == "century":
            continue  # a century ("the 20th century") is background, not a date a source must give
        keys = f.lookup_keys()
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
        near = sf.describe_dates()
        yield ctx.finding(
            "NL404",
            f.start,
            f.end,
            f"{_q(f.text)}{what} appears in no source; the nearest source date is "
            f"{near} ({doc.path}:{line}, {_q(sf.text)})",
            [ctx.evidence(doc, sf, note=f"resolves to {near}")],
        )


def _in_undated_source(ctx: CheckContext, f: TemporalExpression) -> bool:
    """A year-less "March 4" is supported by "March 4" in a source that has no date to give it a year."""
    if f.anchor is None or f.granularity != "day" or f.earliest is None or f.earliest != f.latest:
        return False
    day = _date(f.earliest)
    return any(sf.earliest is None for _, sf in _dates_under(ctx, month_day_key(day.month, day.day)))


def _dates_under(ctx: CheckContext, key: str) -> list[tuple[Document, TemporalExpression]]:
    """The source dates filed under an index key."""
    return [(d, sf) for d, sf in ctx.sources.lookup(KIND, key) if isinstance(sf, TemporalExpression)]


def _nearest(ctx: CheckContext, f: TemporalExpression) -> tuple[Document, TemporalExpression] | None:
    span = f.dates()
    if span is None or f.granularity != "day":
        return None
    for delta in range(1, NEAREST_WINDOW + 1):
        for day in (span[0] - dt.timedelta(days=delta), span[1] + dt.timedelta(days=delta)):
            hits = [
                (d, sf)
                for d, sf in _dates_under(ctx, day_key(day))
                if sf.granularity == "day" and sf.earliest == sf.latest
            ]
            if hits:
                return hits[0]
    return None


# -- NL402 -------------------------------------------------------------------------------------

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@dataclass
class _Match:
    """A source sentence that reports the same event as a draft sentence."""

    doc: Document
    sentence: Sentence
    score: float
    reason: str
    draft_at: int | None = None  # where the shared figure or quotation is in the draft ...
    source_at: int | None = None  # ... and in the source: each belongs to the date of its clause


@dataclass(frozen=True)
class _View:
    """What the first date fact of a sentence records about it: normalised text without its dates,
    content words, name keys and numbers."""

    masked: str
    keywords: tuple[str, ...]
    names: frozenset[str]
    numbers: frozenset[str]
    clauses: tuple[int, ...]


class _Sentences:
    """Per-document views of sentences, read from their temporal facts."""

    def __init__(self) -> None:
        self._facts: dict[int, dict[int, list[TemporalExpression]]] = {}
        self._views: dict[tuple[int, int], _View | None] = {}

    def facts(self, doc: Document, index: int) -> list[TemporalExpression]:
        table = self._facts.get(id(doc))
        if table is None:
            table = defaultdict(list)
            for f in _temporal(doc):
                table[f.sentence].append(f)
            self._facts[id(doc)] = table
        return table.get(index, [])

    def view(self, doc: Document, index: int) -> _View | None:
        """The sentence's view, or None for a sentence without dates (it cannot date an event)."""
        key = (id(doc), index)
        if key not in self._views:
            about = next((f for f in self.facts(doc, index) if f.masked is not None), None)
            self._views[key] = (
                None
                if about is None or about.masked is None
                else _View(
                    about.masked,
                    about.keywords,
                    frozenset(about.names),
                    frozenset(about.numbers),
                    about.clauses,
                )
            )
        return self._views[key]


def _similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz  # here, not at module top: most CLI runs never compare sentences

    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))


def _sentence_score(
    sentences: _Sentences, draft: Document, ds: Sentence, doc: Document, ss: Sentence, floor: float
) -> float | None:
    """The similarity of two sentences as the same event, or None when they cannot be."""
    va, vb = sentences.view(draft, ds.index), sentences.view(doc, ss.index)
    if va is None or vb is None:
        return None
    a, names_a, numbers_a = va.masked, va.names, va.numbers
    b, names_b, numbers_b = vb.masked, vb.names, vb.numbers
    if (numbers_a - numbers_b) and (numbers_b - numbers_a):
        return None  # different figures: a different event (or a figure error, not ours)
    score = _similarity(a, b)
    if (names_a - names_b) and (names_b - names_a):
        floor = max(floor, SENTENCE_SIMILARITY_OTHER_NAMES)
    return score if score >= floor else None


def _sentences_of(doc: Document, start: int, end: int) -> list[Sentence]:
    return [s for s in doc.sentences if s.end > start and s.start < end]


def _quote_words(q: Quote) -> list[str]:
    return [w for w in (q.norm or _NON_ALNUM.sub(" ", q.text.lower()).split()) if w.isalnum()]


def _same_quote(a: Quote, b: Quote) -> bool:
    wa, wb = _quote_words(a), _quote_words(b)
    if min(len(wa), len(wb)) < QUOTE_MIN_WORDS:
        return False
    from rapidfuzz import fuzz

    ta, tb = " ".join(wa), " ".join(wb)
    if fuzz.ratio(ta, tb) >= QUOTE_SIMILARITY:
        return True
    return fuzz.partial_ratio(ta, tb) >= QUOTE_PARTIAL_SIMILARITY


def _same_figure(a: Quantity, b: Quantity) -> bool:
    if a.dimension != b.dimension:
        return False
    if a.dimension == "count" and max(abs(a.base_high), abs(b.base_high)) < MIN_IDENTIFYING_COUNT:
        return False  # "two", "three": too common to identify anything
    return a.base_low <= b.base_high and b.base_low <= a.base_high


F = TypeVar("F", bound=Fact)


def _rarest_first(ctx: CheckContext, fact_type: type[F], keys: Iterable[str]) -> Iterator[tuple[Document, F]]:
    """Facts of ``fact_type`` filed under ``keys``, from the rarest key on, until the keys read cover
    POSTINGS_BUDGET sources.  On a small index that is every fact under every key; on a large one, common words stop
    weighing on the check, and a key held by more sources than the budget is no signal at all (it
    would load a large part of the archive to compare sentences that share only common words)."""
    kind = fact_type.kind
    sized = sorted((ctx.sources.count(kind, k), k) for k in set(keys))
    spent = 0
    for size, key in sized:
        if size == 0:
            continue
        if spent + size > POSTINGS_BUDGET:
            break
        spent += size
        for doc, fact in ctx.sources.lookup(kind, key):
            if isinstance(fact, fact_type):
                yield doc, fact


class _Found:
    """The source sentences found so far for one draft sentence, each with its best match."""

    def __init__(self) -> None:
        self._best: dict[tuple[int, int, int | None, int | None], _Match] = {}

    def add(
        self,
        doc: Document,
        ss: Sentence,
        score: float,
        reason: str,
        draft_at: int | None = None,
        source_at: int | None = None,
    ) -> None:
        key = (id(doc), ss.index, draft_at, source_at)
        if key not in self._best or self._best[key].score < score:
            self._best[key] = _Match(doc, ss, score, reason, draft_at, source_at)

    def best(self) -> list[_Match]:
        return sorted(self._best.values(), key=lambda m: -m.score)[:MAX_CANDIDATES]


def _matches(ctx: CheckContext, sentences: _Sentences, ds: Sentence) -> list[_Match]:
    """Source sentences that report the same event as the draft sentence ``ds``: a closely matching
    sentence, the same quotation, or the same figure in a loosely matching sentence."""
    found = _Found()
    _match_sentences(ctx, sentences, ds, found)
    _match_quotations(ctx, ds, found)
    _match_figures(ctx, sentences, ds, found)
    return found.best()


def _match_sentences(ctx: CheckContext, sentences: _Sentences, ds: Sentence, found: _Found) -> None:
    """Step 1: a closely matching sentence (SENTENCE_SIMILARITY), among the MAX_CANDIDATES source
    sentences sharing most keywords with the draft's (found through the index, rarest key first)."""
    view = sentences.view(ctx.draft, ds.index)
    words = view.keywords if view is not None else ()
    wanted = set(words)
    candidates: dict[tuple[int, int], tuple[int, Document, int]] = {}
    for doc, sf in _rarest_first(ctx, TemporalExpression, [word_key(w) for w in words]):
        key = (id(doc), sf.sentence)
        if key not in candidates:
            candidates[key] = (len(wanted.intersection(sf.keywords[:INDEX_KEYWORDS])), doc, sf.sentence)
    ranked = sorted(candidates.values(), key=lambda e: -e[0])[:MAX_CANDIDATES]
    for shared, doc, index in ranked:
        if shared < 2 or not 0 <= index < len(doc.sentences):
            continue
        ss = doc.sentences[index]
        score = _sentence_score(sentences, ctx.draft, ds, doc, ss, SENTENCE_SIMILARITY)
        if score is not None:
            found.add(doc, ss, score, SENTENCE_MATCH)


def _match_quotations(ctx: CheckContext, ds: Sentence, found: _Found) -> None:
    """Step 2: a source sentence holding the same quotation as the draft sentence (fact kind
    "quotes"; at least QUOTE_MIN_WORDS words, QUOTE_SIMILARITY alike)."""
    for q in ctx.draft.facts_of(Quote.kind):
        if not isinstance(q, Quote) or not (q.start < ds.end and q.end > ds.start) or q.problem:
            continue
        seen: set[tuple[int, int]] = set()
        for doc, sq in _rarest_first(ctx, Quote, q.index_keys()):
            if (id(doc), sq.start) in seen or len(seen) >= MAX_CANDIDATES:
                continue
            seen.add((id(doc), sq.start))
            if _same_quote(q, sq):
                for ss in _sentences_of(doc, sq.start, sq.end):
                    found.add(doc, ss, 100.0, "the same quotation", q.start, sq.start)


def _match_figures(ctx: CheckContext, sentences: _Sentences, ds: Sentence, found: _Found) -> None:
    """Step 3: a source sentence with the same figure (fact kind "quantities") that matches the
    draft sentence loosely (FIGURE_SENTENCE_SIMILARITY)."""
    for n in ctx.draft.facts_of(Quantity.kind):
        if not isinstance(n, Quantity) or not (n.start < ds.end and n.end > ds.start):
            continue
        seen: set[tuple[int, int]] = set()
        for doc, sn in _rarest_first(ctx, Quantity, n.index_keys()):
            if (id(doc), sn.start) in seen or len(seen) >= MAX_CANDIDATES or not _same_figure(n, sn):
                continue
            seen.add((id(doc), sn.start))
            for ss in _sentences_of(doc, sn.start, sn.end):
                score = _sentence_score(sentences, ctx.draft, ds, doc, ss, FIGURE_SENTENCE_SIMILARITY)
                if score is not None:
                    found.add(doc, ss, score, "the same figure", n.start, sn.start)


def _resolved(facts: list[TemporalExpression]) -> list[TemporalExpression]:
    """The dates of a sentence that can date an event: resolved, outside quotations and not a wire
    dateline's filing date, in text order."""
    return sorted(
        (f for f in facts if f.earliest is not None and not f.quoted and f.form != "dateline"),
        key=lambda f: f.start,
    )


def _shifted_copy(f: TemporalExpression, sf: TemporalExpression) -> bool:
    """The draft date is the source's words copied into a draft of another day ("last week" kept
    from last week's story), so agreeing with another date of the source sentence is chance."""
    return f.text.lower() == sf.text.lower() and f.anchor is not None and f.anchor != sf.anchor


def _align(
    f: TemporalExpression, ds: Sentence, candidates: list[TemporalExpression], ss: Sentence
) -> TemporalExpression | None:
    """The source date that plays the draft date's part in the matching sentence."""
    if len(candidates) == 1:
        return candidates[0]
    from rapidfuzz import fuzz

    scored = sorted(((fuzz.ratio(f.context, c.context), c) for c in candidates), key=lambda x: -x[0])
    if scored[0][0] < ALIGN_MIN_SIMILARITY or (
        len(scored) > 1 and scored[0][0] - scored[1][0] < ALIGN_MARGIN
    ):
        return None  # ambiguous: say nothing
    return scored[0][1]


def check_drift(ctx: CheckContext) -> Iterable[Finding]:
    draft = ctx.draft
    if draft.date is None or not len(ctx.sources):
        return []
    sentences = _Sentences()
    by_sentence: dict[int, list[TemporalExpression]] = defaultdict(list)
    for f in _temporal(draft):
        # an anchored date ("a day later") is judged through the date it follows, not on its own
        if (
            f.earliest is not None
            and not f.quoted
            and f.form not in ("anchored", "dateline")
            and 0 <= f.sentence < len(draft.sentences)
        ):
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
    view = sentences.view(ctx.draft, ds.index)
    short = view is None or len(view.keywords) < SHORT_SENTENCE_KEYWORDS
    mine = _resolved(sentences.facts(ctx.draft, ds.index))
    for match in matches:
        if (
            match.draft_at is not None
            and view is not None
            and owner(mine, view.clauses, match.draft_at) is not f
        ):
            continue  # the shared figure or quotation belongs to another date of the sentence
        candidates = _resolved(sentences.facts(match.doc, match.sentence.index))
        if match.source_at is not None:
            source_view = sentences.view(match.doc, match.sentence.index)
            clauses = source_view.clauses if source_view is not None else ()
            found = owner(candidates, clauses, match.source_at)
            candidates = [found] if found is not None else []
        if not candidates:
            continue
        sf = _align(f, ds, candidates, match.sentence)
        if sf is None:  # no date of the source sentence plays this one's part for sure
            if any(f.overlaps(c) for c in candidates):
                return None  # one of them agrees with the draft
            continue
        if f.overlaps(sf):
            return None  # the source agrees with the draft
        if len(candidates) > 1 and any(f.overlaps(c) for c in candidates) and not _shifted_copy(f, sf):
            continue  # it agrees with another date of the sentence: say nothing unless copied
        if short and match.reason == SENTENCE_MATCH and sf.text.lower() != f.text.lower():
            continue  # "Markets closed higher on Monday" / "... on Tuesday": two days, not one drift
        disagreements.append((match, sf))
    if not disagreements:
        return None
    # one piece of evidence per source sentence (a sentence may match by words, figure and quotation)
    seen: set[tuple[int, int]] = set()
    unique = []
    for m, d in disagreements:
        if (id(m.doc), m.sentence.index) not in seen:
            seen.add((id(m.doc), m.sentence.index))
            unique.append((m, d))
    disagreements = unique
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
