"""The storage interface of the source index: one small protocol, several backends.

The source index keeps *facts*, not documents.  A source's content (identified by the SHA-256 of its
text and the *extraction fingerprint*: newslint's version, every extractor's version, the rule
packs) is stored once as

- a :class:`SourceRecord`: its publication date, where that date came from, and its line starts
  (enough to turn any offset into a line and column: the evidence of a finding), and
- its facts, one :class:`FactRecord` per fact: the fact kind, the span, the excerpt, a compact
  payload (the fact's other fields, encoded by :mod:`newslint.index`) and the normalised keys under
  which the fact is filed (``Fact.index_keys()``).

The files of the archive are kept apart from their contents, as git's index does: a path with the
stat it had when it was read (size, modification time in ns, inode) and the digest of its content.
A file whose stat has not changed is not read again; a renamed file whose content is known costs
nothing.

A lookup returns *references to facts* (content id, fact id), in a stable order, never documents;
the caller decodes the few it needs with :meth:`FactStore.facts`.

Implementations: :class:`newslint.store_sqlite.SQLiteStore` (the default: an embedded file beside
the configuration, no setup) and the PostgreSQL backend (issue 17).  Both must give the same answers:
the tests of the index run against each.

Conventions every backend keeps:

- Content ids are integers that stay valid while the content is stored; fact ids are integers,
  increasing in the order a source's facts were given to :meth:`FactStore.add_sources`.
- :meth:`FactStore.lookup` orders its answer by (content id, fact id).
- Every method that writes does so in transactions: a reader never sees half a source.
- A backend never raises for a problem of the store itself on a read path in a way that would be
  fatal to a check: it raises :class:`StoreError` (with a one-line message) and the caller decides.
"""

from __future__ import annotations

import json
import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import NamedTuple, Protocol, runtime_checkable

#: The fact kind under which a source's sentences are stored (payload ``[index, paragraph]``, the
#: sentence text as excerpt).  Rules that compare sentences (the date-drift rule) read them as facts
#: of the few candidate sources, never the sources' text.
SENTENCE_KIND = "_sentence"


#: A file modified this close to the moment its stat was recorded may change again within the same
#: timestamp tick (coarse file-system clocks): such a stat is not trusted, the file is hashed again.
RACY_NS = 2_000_000_000


class StoreError(Exception):
    """The store cannot answer (corrupt, locked for too long, unreachable): one line, no traceback."""


@dataclass(frozen=True, slots=True)
class FileState:
    """A file as ``os.stat`` saw it: the freshness key of the index (as in git's index)."""

    path: str  # absolute, normalised (``os.path.abspath``), not resolved
    size: int
    mtime_ns: int
    inode: int


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """What a check needs of a stored source before any lookup: its id and its date."""

    content: int
    digest: str
    date: str | None  # ISO date
    date_origin: str | None


@dataclass(slots=True)
class FactRecord:
    """One fact of a source, ready to store."""

    kind: str
    start: int
    end: int
    text: str  # the excerpt the fact was read from
    payload: str  # the fact's other fields (compact JSON array; see newslint.index.encode_fact)
    keys: tuple[str, ...] = ()  # normalised lookup keys (distinct)
    # the magnitudes each key files (``Fact.index_ranges``), aligned with ``keys``; None: no value
    ranges: tuple[tuple[float, float] | None, ...] = ()


@dataclass(slots=True)
class SourceRecord:
    """One source's content, ready to store: identified by ``digest`` (content + format)."""

    digest: str
    date: str | None
    date_origin: str | None
    line_starts: tuple[int, ...]
    facts: list[FactRecord]


@dataclass(slots=True)
class Snapshot:
    """A source set as it was resolved: its files (in order) with their stats, the stored source of
    each, the extraction fingerprint, the store's generation, and when it was saved (an optional
    extra of a backend: ``snapshot(key, group)`` / ``save_snapshot(key, group, snapshot)``)."""

    fingerprint: str
    generation: int
    saved_ns: int
    paths: list[str]
    sizes: Sequence[int]
    mtimes: Sequence[int]
    inodes: Sequence[int]
    contents: Sequence[int]  # each file's stored source
    refs: Sequence[int]  # each file's (date, date origin), an index into ``pairs``
    pairs: list[tuple[str | None, str | None]]


def encode_snapshot(snapshot: Snapshot) -> tuple:
    """A snapshot's columns as stored by every backend, in the order of :func:`decode_snapshot`'s
    arguments: (fingerprint, generation, saved_ns, paths, stats, contents, infos, pairs)."""
    numbers = array("q", snapshot.sizes) + array("q", snapshot.mtimes) + array("q", snapshot.inodes)
    return (
        snapshot.fingerprint,
        snapshot.generation,
        snapshot.saved_ns,
        zlib.compress("\0".join(snapshot.paths).encode("utf-8", "surrogateescape"), 1),
        zlib.compress(numbers.tobytes(), 1),
        zlib.compress(array("q", snapshot.contents).tobytes(), 1),
        zlib.compress(array("i", snapshot.refs).tobytes(), 1),
        json.dumps([list(p) for p in snapshot.pairs]),
    )


def decode_snapshot(
    fingerprint, generation, saved_ns, paths, stats, contents, infos, pairs
) -> Snapshot | None:
    """A stored snapshot, validated; None when any column does not decode (the caller then resolves
    the sources one by one)."""
    try:
        names = zlib.decompress(paths).decode("utf-8", "surrogateescape").split("\0")
        numbers = array("q", zlib.decompress(stats))
        ids = array("q", zlib.decompress(contents))
        refs = array("i", zlib.decompress(infos))
        table = json.loads(pairs)
        n = len(names)
        if len(numbers) != 3 * n or len(ids) != n or len(refs) != n or type(table) is not list:
            return None
        decoded: list[tuple[str | None, str | None]] = []
        for pair in table:
            if type(pair) is not list or len(pair) != 2 or not all(v is None or type(v) is str for v in pair):
                return None
            decoded.append((pair[0], pair[1]))
        if type(generation) is not int or type(saved_ns) is not int or type(fingerprint) is not str:
            return None
        if n and (min(refs) < 0 or max(refs) >= len(decoded)):
            return None
        return Snapshot(
            fingerprint,
            generation,
            saved_ns,
            names,
            numbers[:n],
            numbers[n : 2 * n],
            numbers[2 * n :],
            ids,
            refs,
            decoded,
        )
    except (zlib.error, ValueError, TypeError, IndexError):
        return None


class StoredFact(NamedTuple):
    """A fact row as stored (decoded into a Fact by newslint.index, which validates it)."""

    id: int
    content: int
    kind: str
    start: int
    end: int
    text: str
    payload: str


@runtime_checkable
class FactStore(Protocol):
    """A fact-level source index.  See the module docstring for the conventions."""

    # -- freshness ------------------------------------------------------------------------------
    def known_files(
        self, files: Sequence[FileState], fingerprint: str
    ) -> dict[str, tuple[str, SourceInfo | None]]:
        """The files whose recorded stat equals the given one: path -> (digest, its stored source
        under ``fingerprint`` or None when that content is not extracted for this fingerprint).
        A path absent from the answer must be read and hashed again."""
        ...

    def sources(self, digests: Iterable[str], fingerprint: str) -> dict[str, SourceInfo]:
        """The stored sources among ``digests`` (extracted under ``fingerprint``)."""
        ...

    def record_files(self, files: Sequence[tuple[FileState, str]]) -> None:
        """Remember that each file had this stat and this content digest (upsert by path)."""
        ...

    def forget_files(self, under: str, keep: Iterable[str]) -> int:
        """Forget the recorded files below the folder ``under`` (absolute) that are not in ``keep``,
        and drop stored sources no file refers to any more.  Returns how many files were forgotten."""
        ...

    # -- writing --------------------------------------------------------------------------------
    def add_sources(self, records: Sequence[SourceRecord], fingerprint: str) -> dict[str, SourceInfo]:
        """Store sources and their facts and postings (idempotent by (digest, fingerprint): a source
        stored meanwhile by another process is kept, not duplicated).  Returns digest -> info."""
        ...

    def remove_sources(self, contents: Iterable[int]) -> None:
        """Drop stored sources (with their facts and postings), e.g. after a row failed validation."""
        ...

    # -- reading --------------------------------------------------------------------------------
    def lookup(
        self, kind: str, key: str, limit: int | None = None, within: tuple[float, float] | None = None
    ) -> list[tuple[int, int]]:
        """(content id, fact id) of the facts of ``kind`` filed under ``key``, ordered by content
        then fact; at most ``limit`` of them.  The caller filters by the contents of its check.

        ``within`` (lo, hi): only the postings whose filed magnitudes (``FactRecord.ranges``)
        meet [lo, hi], and every posting that files no value."""
        ...

    def facts(self, ids: Sequence[int]) -> list[StoredFact]:
        """The fact rows with these ids (in any order; missing ids are simply absent)."""
        ...

    def facts_of(self, content: int, kind: str) -> list[StoredFact]:
        """Every fact of ``kind`` of one stored source, in fact-id order."""
        ...

    def line_starts(self, content: int) -> tuple[int, ...] | None:
        """The offsets where the source's lines start (turns a fact's span into line:column for its
        evidence); None when the source is not stored."""
        ...

    def reading(self) -> AbstractContextManager[None]:
        """A consistent snapshot for the duration of a check's lookups (nested use is allowed)."""
        ...

    def generation(self) -> int:
        """A counter that changes whenever a stored source is removed (lets a reader notice that
        the sources it resolved may have gone before it started reading)."""
        ...

    def stats(self) -> dict[str, int]:
        """Sizes for reports: files, sources, facts, keys, postings, bytes."""
        ...

    def close(self) -> None: ...


def chunks(items: Sequence, size: int = 500) -> Iterator[Sequence]:
    """Slices of ``items`` of at most ``size`` (for IN (...) queries within parameter limits)."""
    for i in range(0, len(items), size):
        yield items[i : i + size]
