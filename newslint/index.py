"""The source index as rules see it: lookups of facts by kind and key, over a fact store.

``ctx.sources`` is a :class:`SourceIndex`.  ``lookup(kind, key)`` returns ``(source, fact)`` pairs,
where ``source`` is a light :class:`SourceRef` (path, date, date_origin, positions; its sentences
and facts of a kind are read from the store only if a rule asks for them) and ``fact`` is the fact
decoded from its row.  A lookup reads the postings of one key and decodes only the facts it
returns, never whole documents; ``first(kind, key)`` stops at the first fact.

The order of a lookup's answer is the order of the check's sources, then the order of the facts in
a source: the same whether the facts come from the embedded index, a server, or memory
(``--no-cache``), so reports do not depend on the cache.

Rows are validated as they are decoded (a cache file may be old, foreign, damaged or forged): a row
that does not decode into its fact type is not used, and its source is recorded in
:attr:`SourceIndex.bad_sources` so that the caller drops it from the store and extracts it again.

This module sits below extraction in the flow (document -> facts -> index -> rules): it encodes
and decodes facts, and never imports an extractor.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import json
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from newslint.document import Sentence
from newslint.facts import Fact
from newslint.slots import slot_maker
from newslint.store import SENTENCE_KIND, FactRecord, FactStore, SourceInfo, SourceRecord, StoredFact

if TYPE_CHECKING:
    from newslint.document import Document

CACHE_DIRNAME = ".newslint_cache"
DATE_KIND = "_date"  # a source's date as written (span, text): one row

# A lookup decodes the facts of a key in batches (one query per batch): FIRST_BATCH rows, then four
# times as many each time, up to DECODE_BATCH.
DECODE_BATCH = 256
FIRST_BATCH = 16


# -- facts <-> rows ------------------------------------------------------------------------------

_FIELDS: dict[type, tuple[str, ...]] = {}


def _payload_fields(cls: type[Fact]) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(cls) if f.name not in ("start", "end", "text"))
        _FIELDS[cls] = names
    return names


_GETTERS: dict[type, Any] = {}
_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode  # tuples become arrays


def _getter(cls: type[Fact]):
    """The payload fields of a fact as one list (JSON arrays for tuples)."""
    getter = _GETTERS.get(cls)
    if getter is None:
        names = _payload_fields(cls)
        if not names:
            getter = lambda fact: []  # noqa: E731
        else:
            get = operator.attrgetter(*names)
            getter = (lambda fact: [get(fact)]) if len(names) == 1 else (lambda fact: list(get(fact)))
        _GETTERS[cls] = getter
    return getter


def _from_json(value: Any) -> Any:
    if type(value) is list:
        return tuple(_from_json(v) for v in value)
    if type(value) is dict:
        raise ValueError("an object where a fact field holds a value")
    return value


def encode_fact(fact: Fact) -> FactRecord:
    """A fact as a row: its span and excerpt, its other fields as a compact JSON array, its keys."""
    values = _getter(type(fact))(fact)
    keys = tuple(dict.fromkeys(fact.index_keys()))
    ranges = fact.index_ranges()
    return FactRecord(
        kind=type(fact).kind,
        start=fact.start,
        end=fact.end,
        text=fact.text,
        payload=_dumps(values),
        keys=keys,
        ranges=tuple(ranges.get(k) for k in keys) if ranges else (),
    )


class BadRow(ValueError):
    """A stored row that does not decode into its fact type."""


def decode_fact(cls: type[Fact], row: StoredFact) -> Fact:
    """The fact a row holds; BadRow when the row is not one ``cls`` could have written."""
    try:
        values = _loads(row.payload)
        names = _payload_fields(cls)
        if type(values) is not list or len(values) != len(names):
            raise BadRow(f"payload of {len(values) if type(values) is list else type(values).__name__}")
        _check_span(row.start, row.end, row.text)
        for i, v in enumerate(values):
            if type(v) in _COMPOUND:
                values[i] = _from_json(v)
        return _maker(cls)(row.start, row.end, row.text, *values)
    except BadRow:
        raise
    except (ValueError, TypeError, RecursionError) as exc:
        raise BadRow(str(exc)) from None


_COMPOUND = (list, dict)
_MAKERS: dict[type, Callable[..., Any]] = {}


def _maker(cls: type[Fact]) -> Callable[..., Any]:
    """What builds a ``cls`` from all its fields in order: ``cls`` itself, or, for a plain frozen
    dataclass with slots (every built-in fact type), a function that fills its slots through their
    descriptors.  A frozen dataclass's ``__init__`` sets each field by name through
    ``object.__setattr__``; a quantity has 31 fields, and building them was most of what decoding a
    source's figures cost.  The object is the same: the same type, fields, equality and hash."""
    maker = _MAKERS.get(cls)
    if maker is None:
        maker = _MAKERS[cls] = _slot_filler(cls) or cls
    return maker


def _slot_filler(cls: type) -> Callable[..., Any] | None:
    """:func:`newslint.slots.slot_maker` for a fact type (whose first fields are start, end, text)."""
    if [f.name for f in dataclasses.fields(cls)][:3] != ["start", "end", "text"]:
        return None
    return slot_maker(cls)


_loads = json.JSONDecoder().decode


def _check_span(start: object, end: object, text: object) -> None:
    if type(start) is not int or type(end) is not int or not 0 <= start <= end or type(text) is not str:
        raise BadRow("span or excerpt of the wrong type")


def encode_sentence(s: Sentence) -> FactRecord:
    return FactRecord(SENTENCE_KIND, s.start, s.end, s.text, f"[{s.index},{s.paragraph}]")


def decode_sentence(row: StoredFact) -> Sentence:
    try:
        values = json.loads(row.payload)
        _check_span(row.start, row.end, row.text)
        if type(values) is not list or len(values) != 2 or not all(type(v) is int for v in values):
            raise BadRow("sentence payload")
        return Sentence(values[0], values[1], row.start, row.end, row.text)
    except ValueError as exc:
        raise BadRow(str(exc)) from None


def source_record(doc: Document, digest: str) -> SourceRecord:
    """A parsed source with its facts, as the store keeps it: sentences and facts as rows."""
    facts = [encode_sentence(s) for s in doc.sentences]
    span = getattr(doc, "date_span", None)
    if span is not None:  # where the publication date is written (NL405 points at it)
        written = getattr(doc, "date_written", None)
        facts.append(FactRecord(DATE_KIND, span[0], span[1], written or "", json.dumps([written])))
    for kind_facts in doc.facts.values():
        facts += [encode_fact(f) for f in kind_facts]
    return SourceRecord(
        digest=digest,
        date=doc.date.isoformat() if doc.date else None,
        date_origin=doc.date_origin,
        line_starts=tuple(doc.line_starts),
        facts=facts,
    )


_DATES: dict[str, dt.date] = {}


def parse_date(value: object) -> dt.date | None:
    """A stored date back; BadRow when it is not an ISO date (or None)."""
    if value is None:
        return None
    if type(value) is not str:
        raise BadRow("date of the wrong type")
    date = _DATES.get(value)
    if date is None:
        try:
            date = _DATES[value] = dt.date.fromisoformat(value)
        except ValueError:
            raise BadRow(f"date {value!r}") from None
    return date


# -- what rules see ---------------------------------------------------------------------------


@dataclass(slots=True)
class SourceHandle:
    """One source of a check: its display path and where its facts are stored."""

    path: str
    info: SourceInfo
    store: FactStore
    date: dt.date | None = None


class SourceSet(Sequence[SourceHandle]):
    """The handles of a large source set, kept as columns (one store; each source's content id,
    and its date and date origin as an index into a small table of distinct pairs): an archive of
    100,000 sources is resolved without 100,000 handle objects.  A handle is made when asked for
    (``self[i]``): rules reach a few sources, and reports list their paths."""

    __slots__ = ("store", "paths", "contents", "refs", "pairs", "_display", "_dates")

    def __init__(
        self,
        store: FactStore,
        paths: Sequence[str],
        display: Any,
        contents: Sequence[int],
        refs: Sequence[int],
        pairs: Sequence[tuple[str | None, str | None]],
    ):
        self.store = store
        self.paths = paths  # absolute
        self._display = display  # absolute path -> the path reports show
        self.contents = contents
        self.refs = refs
        self.pairs = pairs
        self._dates = [parse_date(d) for d, _ in pairs]  # (BadRow for a damaged pair)

    def __len__(self) -> int:
        return len(self.contents)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        r = self.refs[i]
        date, origin = self.pairs[r]
        return SourceHandle(
            self._display(self.paths[i]),
            SourceInfo(self.contents[i], "", date, origin),
            self.store,
            self._dates[r],
        )

    def displays(self) -> list[str]:
        return [self._display(p) for p in self.paths]

    def display_paths(self) -> LazyPaths:
        return LazyPaths(self.displays, len(self.paths))

    def newest_date(self) -> dt.date | None:
        present = {self._dates[r] for r in set(self.refs)} - {None}
        return max(present) if present else None  # type: ignore[type-var]


class LazyPaths(Sequence[str]):
    """Paths made when first read (``make()``), of a known number: a text report of a check
    against 100,000 sources needs only how many there are (a source set's display paths; the
    report's sorted list).  It pickles (to a parallel check's parent) and compares as the list."""

    __slots__ = ("_make", "_size", "_items")

    def __init__(self, make: Callable[[], list[str]], size: int) -> None:
        self._make: Callable[[], list[str]] | None = make
        self._size = size
        self._items: list[str] | None = None

    def _all(self) -> list[str]:
        if self._items is None:
            assert self._make is not None
            self._items, self._make = self._make(), None
        return self._items

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, i):
        return self._all()[i]

    def __iter__(self):
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and self._all() == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._all())

    def __reduce__(self):
        return (list, (self._all(),))


class SourceRef:
    """A source as rules see it, without its text: path, date, and positions.

    It offers what rules use of a source document (``path``, ``date``, ``date_origin``,
    ``position``/``span_position``/``line_of``, ``sentences``, ``facts_of``, ``prose_slice``); the
    sentences and the facts of a kind are read from the store the first time they are asked for.
    """

    __slots__ = (
        "path",
        "date",
        "date_origin",
        "content",
        "_index",
        "_store",
        "_lines",
        "_sentences",
        "_facts",
        "_date_row",
    )

    text = None
    prose = None

    def __init__(self, handle: SourceHandle, index: SourceIndex):
        self.path = handle.path
        self.date = handle.date
        self.date_origin = handle.info.date_origin
        self.content = handle.info.content
        self._index = index
        self._store = handle.store
        self._lines: tuple[int, ...] | None = None
        self._sentences: tuple[Sentence, ...] | None = None
        self._facts: dict[str, tuple[Fact, ...]] = {}
        self._date_row: tuple[tuple[int, int] | None, str | None] | None = None

    def __repr__(self) -> str:
        return f"SourceRef({self.path!r})"

    # -- positions ---------------------------------------------------------------------------
    @property
    def line_starts(self) -> tuple[int, ...]:
        if self._lines is None:
            lines = self._index._read(self, lambda: self._store.line_starts(self.content))
            if not lines or lines[0] != 0 or any(b < a for a, b in zip(lines, lines[1:], strict=False)):
                self._index._bad(self, "line starts")
                lines = (0,)
            self._lines = lines
        return self._lines

    def position(self, offset: int) -> tuple[int, int]:
        starts = self.line_starts
        line = max(0, bisect.bisect_right(starts, offset) - 1)
        return line + 1, offset - starts[line] + 1

    def span_position(self, start: int, end: int) -> tuple[int, int, int, int]:
        line, col = self.position(start)
        end_line, end_col = self.position(end)
        return line, col, end_line, end_col

    def line_of(self, offset: int) -> int:
        return self.position(offset)[0]

    # -- the publication date as written -----------------------------------------------------
    def _date_written(self) -> tuple[tuple[int, int] | None, str | None]:
        if self._date_row is None:
            rows = self._index._read(self, lambda: self._store.facts_of(self.content, DATE_KIND)) or []
            self._date_row = (None, None)
            for row in rows[:1]:
                try:
                    _check_span(row.start, row.end, row.text)
                    value = json.loads(row.payload)
                    if (
                        type(value) is not list
                        or len(value) != 1
                        or not isinstance(value[0], (str, type(None)))
                    ):
                        raise BadRow("date row")
                    self._date_row = ((row.start, row.end), value[0])
                except (BadRow, ValueError):
                    self._index._bad(self, "date row")
        return self._date_row

    @property
    def date_span(self) -> tuple[int, int] | None:
        return self._date_written()[0]

    @property
    def date_written(self) -> str | None:
        return self._date_written()[1]

    # -- sentences and facts, read when asked --------------------------------------------------
    @property
    def sentences(self) -> tuple[Sentence, ...]:
        if self._sentences is None:
            rows = self._index._read(self, lambda: self._store.facts_of(self.content, SENTENCE_KIND)) or []
            out = []
            for row in rows:
                try:
                    out.append(decode_sentence(row))
                except BadRow:
                    self._index._bad(self, "sentence row")
            if [s.index for s in out] != list(range(len(out))):
                self._index._bad(self, "sentence numbering")
            self._sentences = tuple(out)
        return self._sentences

    def sentence_at(self, offset: int) -> Sentence | None:
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return None

    def prose_slice(self, start: int, end: int) -> str:
        parts = []
        for s in self.sentences:
            if s.end > start and s.start < end:
                parts.append(s.text[max(start, s.start) - s.start : min(end, s.end) - s.start])
        return " ".join(parts)

    def facts_of(self, kind: str) -> tuple[Fact, ...]:
        facts = self._facts.get(kind)
        if facts is None:
            rows = self._index._read(self, lambda: self._store.facts_of(self.content, kind)) or []
            facts = tuple(f for f in (self._index._decode(self, r) for r in rows) if f is not None)
            self._facts[kind] = facts
        return facts

    @property
    def facts(self) -> dict[str, tuple[Fact, ...]]:
        return {kind: self.facts_of(kind) for kind in self._index.fact_types}


class SourceIndex:
    """The sources of one check, with lookups over their facts (see the module docstring).

    ``SourceIndex(documents)`` indexes parsed documents in memory (tests, ``newslint.testing``);
    the runner builds it from handles to stored sources.
    """

    def __init__(
        self,
        documents: Sequence[Document] = (),
        *,
        handles: Sequence[SourceHandle] | None = None,
        fact_types: dict[str, type[Fact]] | None = None,
    ):
        if handles is None:
            handles, fact_types = _memory_handles(documents, fact_types)
        self.handles: Sequence[SourceHandle] = handles if isinstance(handles, SourceSet) else list(handles)
        self.fact_types = dict(fact_types or {})
        self.bad_sources: dict[int, tuple[FactStore, str]] = {}  # content id -> (store, why)
        self.failure: str | None = None  # a store that failed during the check
        self._refs: dict[tuple[int, int], SourceRef] = {}  # made when a lookup first reaches a source
        # store id -> content id -> rank of its first handle in the check (the order of answers)
        self._ranks: dict[int, dict[int, int]] = {}
        self._stores: dict[int, FactStore] = {}
        store = self.handles[0].store if self.handles else None
        if isinstance(self.handles, SourceSet):  # columns already
            contents: Sequence[int] = self.handles.contents
            n = len(contents)
            self._stores[id(self.handles.store)] = self.handles.store
            self._ranks[id(self.handles.store)] = dict(
                zip(reversed(contents), range(n - 1, -1, -1), strict=True)
            )
        elif store is not None and all(h.store is store for h in self.handles):  # the usual case, fast
            contents = [h.info.content for h in self.handles]
            n = len(contents)
            self._stores[id(store)] = store
            self._ranks[id(store)] = dict(zip(reversed(contents), range(n - 1, -1, -1), strict=True))
        else:
            for i, h in enumerate(self.handles):
                self._stores[id(h.store)] = h.store
                self._ranks.setdefault(id(h.store), {}).setdefault(h.info.content, i)
        self._facts: dict[tuple[int, int], tuple[SourceRef, Fact] | None] = {}
        self._lookups: dict[tuple, Hits] = {}
        self._counts: dict[tuple[str, str], int] = {}
        self._covers: bool | None = None
        self._extra: list[int] = []  # the store's sources this check does not have

    # -- lookups ------------------------------------------------------------------------------
    def _postings(
        self, kind: str, key: str, limit: int | None = None, within: tuple[float, float] | None = None
    ) -> list[tuple[int, int, int]]:
        """(rank, store id, fact id) of the facts filed under ``key`` in this check's sources."""
        out = []
        for sid, store in self._stores.items():
            try:
                pairs = store.lookup(kind, key, limit, within)
            except Exception as exc:  # StoreError: one line, the check goes on without this store
                self._fail(exc)
                continue
            damaged = getattr(store, "damaged", None)
            if damaged:
                for content in damaged:
                    self.bad_sources.setdefault(content, (store, "damaged postings"))
                damaged.clear()
            rank = self._ranks.get(sid, {})
            for content, fid in pairs:
                r = rank.get(content)
                if r is not None:
                    out.append((r, sid, fid))
        out.sort()
        return out

    def _materialise(self, postings: Iterable[tuple[int, int, int]]) -> Iterator[tuple[SourceRef, Fact]]:
        batch: list[tuple[int, int, int]] = []
        size = FIRST_BATCH  # small first: a rule that stops at the first supporting fact reads few
        for p in postings:
            batch.append(p)
            if len(batch) >= size:
                yield from self._decode_batch(batch)
                batch = []
                size = min(DECODE_BATCH, size * 4)
        if batch:
            yield from self._decode_batch(batch)

    def _decode_batch(self, batch: list[tuple[int, int, int]]) -> Iterator[tuple[SourceRef, Fact]]:
        missing: dict[int, list[int]] = {}
        for _, sid, fid in batch:
            if (sid, fid) not in self._facts:
                missing.setdefault(sid, []).append(fid)
        for sid, fids in missing.items():
            try:
                rows = self._stores[sid].facts(fids)
            except Exception as exc:
                self._fail(exc)
                rows = []
            for row in rows:
                ref = self._ref(sid, row.content)
                fact = self._decode(ref, row)
                self._facts[(sid, row.id)] = (ref, fact) if ref is not None and fact is not None else None
        for _, sid, fid in batch:
            pair = self._facts.get((sid, fid))
            if pair is not None:
                yield pair

    def lookup(self, kind: str, key: str, within: tuple[float, float] | None = None) -> Hits:
        """Every ``(source, fact)`` of ``kind`` filed under ``key``, in source order.

        The answer is a lazy sequence: facts are decoded as it is iterated (in batches), so a rule
        that stops at the first supporting fact decodes only the first batch.  ``within`` (lo, hi)
        narrows a key that files values (a figure's bucket) to the facts whose filed magnitudes
        meet [lo, hi] (``Fact.index_ranges``): the index filters them before anything is decoded.
        """
        memo = (kind, key) if within is None else (kind, key, within)
        found = self._lookups.get(memo)
        if found is None:
            found = Hits(self, self._postings(kind, key, within=within))
            self._lookups[memo] = found
        return found

    def refs(self, kind: str, key: str, within: tuple[float, float] | None = None) -> list[FactRef]:
        """References to the facts under ``key`` (cheap: postings only, nothing decoded), in source
        order; count or rank them, then ``resolve`` the few that matter.  ``within`` as for
        :meth:`lookup`."""
        return [FactRef(r, sid, fid) for r, sid, fid in self._postings(kind, key, within=within)]

    def resolve(self, refs: Iterable[FactRef]) -> list[tuple[Any, Any]]:
        """The ``(source, fact)`` of each reference (those whose rows decode), in the given order."""
        return list(self._materialise([(r.rank, r.store, r.fact) for r in refs]))

    def first(self, kind: str, key: str, accept=None) -> tuple[SourceRef, Fact] | None:
        """The first ``(source, fact)`` under ``key`` that ``accept`` (if given) accepts: stops
        reading at it (is this draft figure sourced? one supporting fact answers)."""
        for pair in self._materialise(self._postings(kind, key)):
            if accept is None or accept(*pair):
                return pair
        return None

    def nearest(self, kind: str, keys: Iterable[str], distance, k: int = 1) -> list[tuple[SourceRef, Fact]]:
        """The ``k`` facts under ``keys`` with the smallest ``distance(source, fact)`` (a bounded
        top-k; ties keep source order)."""
        import heapq

        scored = []
        n = 0
        for key in keys:
            for ref, fact in self.lookup(kind, key):
                d = distance(ref, fact)
                if d is not None:
                    scored.append((d, n, ref, fact))
                    n += 1
        return [(r, f) for _, _, r, f in heapq.nsmallest(k, scored)]

    def count(self, kind: str, key: str) -> int:
        """How many of this check's sources hold ``key`` (cheap: reads postings, decodes nothing)."""
        n = self._counts.get((kind, key))
        if n is None:
            n = self._count_whole_store(kind, key)
            if n is None:
                n = len({(sid, r) for r, sid, _ in self._postings(kind, key)})
            self._counts[(kind, key)] = n
        return n

    def _count_whole_store(self, kind: str, key: str) -> int | None:
        """When this check's sources are every source of its one store, the store can count."""
        if len(self._stores) != 1:
            return None
        store = next(iter(self._stores.values()))
        counter = getattr(store, "count_sources", None)
        total = getattr(store, "content_count", None)
        if counter is None or total is None:
            return None
        try:
            if self._covers is None:
                self._covers = self._store_extra(store, total())
            return counter(kind, key, self._extra) if self._covers else None
        except Exception:
            return None

    # the store may hold a few sources this check does not have (a file removed since the last
    # `newslint index`, an edited file's previous content still named by another path): they are
    # left out of the store's counts, which stay exact
    EXTRA_MAX = 1024

    def _store_extra(self, store, total: int) -> bool:
        ours = next(iter(self._ranks.values()))
        if total == len(ours):
            return True
        ids = getattr(store, "content_ids", None)
        if ids is None or not 0 < total - len(ours) <= self.EXTRA_MAX:
            return False
        live = ids()
        extra = sorted(set(live) - ours.keys())
        if len(live) != total or len(extra) != total - len(ours):
            return False  # (this check has a source the store does not: counted from postings)
        self._extra = extra
        return True

    # -- sources ------------------------------------------------------------------------------
    @property
    def documents(self) -> list[SourceRef]:
        """Every source of the check, as light references (in check order)."""
        refs = (self._ref(id(h.store), h.info.content) for h in self.handles)
        return list(dict.fromkeys(r for r in refs if r is not None))

    def facts(self, kind: str) -> Iterator[tuple[SourceRef, Fact]]:
        """Every fact of ``kind`` of every source (reads them all: prefer ``lookup``)."""
        for ref in self.documents:
            for fact in ref.facts_of(kind):
                yield ref, fact

    @property
    def newest_date(self) -> dt.date | None:
        if isinstance(self.handles, SourceSet):
            return self.handles.newest_date()
        dates = [h.date for h in self.handles if h.date is not None]
        return max(dates) if dates else None

    def newest(self) -> Any:
        """(A SourceRef, or None; typed Any like lookups' sources, for rules written against Document.)"""
        """The most recently dated source, if any source has a date (the first of equals)."""
        newest = self.newest_date
        if newest is None:
            return None
        if isinstance(self.handles, SourceSet):
            ss = self.handles
            i = next(i for i, r in enumerate(ss.refs) if ss._dates[r] == newest)
            return self._ref(id(ss.store), ss.contents[i])
        h = next(h for h in self.handles if h.date == newest)
        return self._ref(id(h.store), h.info.content)

    @property
    def paths(self) -> list[str]:
        if isinstance(self.handles, SourceSet):
            return self.handles.displays()
        return [h.path for h in self.handles]

    def __len__(self) -> int:
        return len(self.handles)

    # -- internals ----------------------------------------------------------------------------
    def _ref(self, sid: int, content: int) -> SourceRef | None:
        """The reference to a source of this check (None for a content the check does not have)."""
        ref = self._refs.get((sid, content))
        if ref is None:
            rank = self._ranks.get(sid, {}).get(content)
            if rank is None:
                return None
            ref = self._refs[(sid, content)] = SourceRef(self.handles[rank], self)
        return ref

    def _decode(self, ref: SourceRef | None, row: StoredFact) -> Fact | None:
        if ref is None:
            return None
        cls = self.fact_types.get(row.kind)
        if cls is None:
            return None  # a kind no extractor of this run produces
        try:
            fact = decode_fact(cls, row)
        except BadRow as exc:
            self._bad(ref, f"{row.kind} row {row.id}: {exc}")
            return None
        return fact

    def _bad(self, ref: SourceRef, why: str) -> None:
        self.bad_sources.setdefault(ref.content, (ref._store, why))

    def _fail(self, exc: Exception) -> None:
        from newslint.errors import IndexUnavailableError

        if isinstance(
            exc, IndexUnavailableError
        ):  # a shared index server failed: exit 2, not part of a check
            raise exc
        if self.failure is None:
            self.failure = str(exc)

    def _read(self, ref: SourceRef, fn):
        try:
            return fn()
        except Exception as exc:
            self._fail(exc)
            return None


class FactRef(NamedTuple):
    """A fact in the index, not decoded: its source's rank in the check, its store, its id."""

    rank: int
    store: int
    fact: int


class Hits(Sequence[tuple[Any, Any]]):
    """The answer of a lookup, decoded lazily in batches as it is read (see SourceIndex.lookup).

    Each item is ``(source, fact)``; ``source`` is a :class:`SourceRef`, typed ``Any`` so that rules
    written against ``Document`` (what a source used to be) keep type-checking: a SourceRef offers
    what rules read of a source document."""

    __slots__ = ("_index", "_postings", "_done", "_iter")

    def __init__(self, index: SourceIndex, postings: list[tuple[int, int, int]]):
        self._index = index
        self._postings = postings
        self._done: list[tuple[SourceRef, Fact]] = []
        self._iter: Iterator[tuple[SourceRef, Fact]] | None = (
            index._materialise(postings) if postings else None
        )

    def _more(self) -> bool:
        if self._iter is None:
            return False
        try:
            self._done.append(next(self._iter))
            return True
        except StopIteration:
            self._iter = None
            return False

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        i = 0
        while True:
            if i < len(self._done):
                yield self._done[i]
                i += 1
            elif not self._more():
                return

    def __len__(self) -> int:
        while self._more():
            pass
        return len(self._done)

    def __bool__(self) -> bool:
        return bool(self._done) or self._more()

    def __getitem__(self, i):
        if isinstance(i, slice) or i < 0:
            return list(self)[i]
        while len(self._done) <= i and self._more():
            pass
        return self._done[i]

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    def __repr__(self) -> str:
        return f"Hits({len(self._postings)} postings)"


def _memory_handles(
    documents: Sequence[Document], fact_types: dict[str, type[Fact]] | None
) -> tuple[list[SourceHandle], dict[str, type[Fact]]]:
    """Handles to parsed documents put in an in-memory store (the same code path as a file)."""
    from newslint.store_sqlite import SQLiteStore

    types = dict(fact_types or {})
    for doc in documents:
        for kind, facts in doc.facts.items():
            for f in facts:
                types.setdefault(kind, type(f))
    store = SQLiteStore(None)
    handles = []
    records = [source_record(d, f"memory:{i}") for i, d in enumerate(documents)]
    infos = store.add_sources(records, "memory")
    for i, doc in enumerate(documents):
        handles.append(SourceHandle(doc.path, infos[f"memory:{i}"], store, doc.date))
    return handles, types
