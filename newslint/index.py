"""The source index: source documents with their facts, and the SQLite cache that keeps them.

Facts extracted from a source are cached in ``<cache dir>/index.sqlite``, keyed by the SHA-256 of
the source's content and an *extraction fingerprint* (newslint's version, each extractor's version,
the rule packs).  A changed source has another hash, so it is re-extracted automatically.

The cache is an optimisation and never fatal: a corrupt file is deleted and rebuilt, a locked or
read-only one is bypassed for the run.  SQLite in WAL mode with a busy timeout lets several newslint
processes (pre-commit runs hooks in parallel) read and write it at once; a row is written in one
statement, so a reader sees either the whole old row or the whole new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newslint.document import Document, Paragraph, Sentence
from newslint.facts import Fact, fact_from_json, fact_to_json

if TYPE_CHECKING:
    from newslint.registry import PluginHost

CACHE_DIRNAME = ".newslint_cache"
SCHEMA = 2  # bumped when the tables change: older caches are dropped and rebuilt


@dataclass
class SourceHandle:
    """One source of a check: known by its content digest; its document is loaded when needed."""

    path: str  # as reported
    digest: str
    date: dt.date | None
    doc: Document | None = None
    stored: bool = False  # its facts and postings are in the cache
    file: Path | None = None  # to read it again if the cache loses it during the run


class SourceIndex:
    """The sources of one draft, with lookups over their facts.

    ``lookup(kind, key)`` finds facts by the keys their ``index_keys()`` give (a figure's value
    bucket, a quote's shingles, a calendar date), so a rule never scans every source for every fact.
    When every source is in the cache, lookups are answered from the cache's postings table and only
    the sources that hold a key are loaded: a check against a large indexed corpus reads a few of its
    documents, not all of them.  Otherwise (no cache, or a source the cache could not keep) the
    index is built in memory from the documents.
    """

    def __init__(
        self,
        documents: list[Document] = (),
        *,
        handles: list[SourceHandle] | None = None,
        cache: FactCache | None = None,
        host: PluginHost | None = None,
    ):
        if handles is None:
            handles = [SourceHandle(d.path, "", d.date, d) for d in documents]
        self.handles = handles
        self._cache = cache
        self._host = host
        self._fingerprint = host.extraction_fingerprint if host is not None else ""
        self._fact_types = {k: ex.fact_type for k, ex in host.extractors.items()} if host is not None else {}
        self._by_digest = {h.digest: h for h in handles}
        self._use_cache = bool(handles) and cache is not None and all(h.stored for h in handles)
        self._postings: dict[str, dict[str, list[tuple[Document, Fact]]]] = {}
        self._lookups: dict[tuple[str, str], list[tuple[Document, Fact]]] = {}
        self._keyed: dict[int, dict[str, dict[str, list[Fact]]]] = {}

    # -- documents --------------------------------------------------------------------------
    def _load(self, handle: SourceHandle) -> Document:
        if handle.doc is None:
            data = self._cache.get(handle.digest, self._fingerprint) if self._cache is not None else None
            if data is not None:
                handle.doc = document_from_json(data, handle.path, self._fact_types)
            elif handle.file is not None and self._host is not None:  # the cache failed mid-run
                from newslint.document import read_bytes
                from newslint.extraction import extract_facts, load_document

                handle.doc = load_document(read_bytes(handle.file, handle.path), handle.path, self._host)
                extract_facts(handle.doc, self._host)
            else:
                raise IndexUnavailable(handle.path)
        return handle.doc

    @property
    def documents(self) -> list[Document]:
        """Every source document (loads them all: prefer ``lookup``)."""
        return [self._load(h) for h in self.handles]

    def facts(self, kind: str) -> Iterator[tuple[Document, Fact]]:
        for doc in self.documents:
            for fact in doc.facts_of(kind):
                yield doc, fact

    # -- lookups ----------------------------------------------------------------------------
    def lookup(self, kind: str, key: str) -> list[tuple[Document, Fact]]:
        if self._use_cache:
            found = self._lookups.get((kind, key))
            if found is None:
                digests = self._cache.postings(self._fingerprint, kind, key)
                if digests is None:  # the cache failed during the run: fall back to memory
                    self._use_cache = False
                    return self.lookup(kind, key)
                found = []
                for digest in digests:
                    handle = self._by_digest.get(digest)
                    if handle is not None:
                        doc = self._load(handle)
                        found += [(doc, f) for f in self._facts_by_key(doc, kind).get(key, ())]
                self._lookups[(kind, key)] = found
            return found
        postings = self._postings.get(kind)
        if postings is None:
            postings = defaultdict(list)
            for doc, fact in self.facts(kind):
                for k in set(fact.index_keys()):
                    postings[k].append((doc, fact))
            self._postings[kind] = postings
        return postings.get(key, [])

    def count(self, kind: str, key: str) -> int:
        """How many sources hold ``key`` (cheap: for choosing the rarest keys first)."""
        if self._use_cache and (kind, key) not in self._lookups:
            digests = self._cache.postings(self._fingerprint, kind, key)
            if digests is not None:
                return sum(1 for d in digests if d in self._by_digest)
        return len({id(doc) for doc, _ in self.lookup(kind, key)})

    def _facts_by_key(self, doc: Document, kind: str) -> dict[str, list[Fact]]:
        per_doc = self._keyed.setdefault(id(doc), {})
        if kind not in per_doc:
            table: dict[str, list[Fact]] = defaultdict(list)
            for fact in doc.facts_of(kind):
                for k in set(fact.index_keys()):
                    table[k].append(fact)
            per_doc[kind] = table
        return per_doc[kind]

    # -- dates ------------------------------------------------------------------------------
    @property
    def newest_date(self) -> dt.date | None:
        dates = [h.date for h in self.handles if h.date is not None]
        return max(dates) if dates else None

    def newest(self) -> Document | None:
        """The most recently dated source document, if any source has a date."""
        newest = self.newest_date
        if newest is None:
            return None
        return self._load(next(h for h in self.handles if h.date == newest))

    @property
    def paths(self) -> list[str]:
        return [h.path for h in self.handles]

    def __len__(self) -> int:
        return len(self.handles)


class IndexUnavailable(Exception):
    """A source's facts vanished from the cache during the run (rebuilt by another process)."""


# -- (de)serialisation of documents for the cache ----------------------------------------------


def document_to_json(doc: Document) -> dict:
    return {
        "kind": doc.kind,
        "line_starts": list(doc.line_starts),
        "paragraphs": [[p.index, p.start, p.end] for p in doc.paragraphs],
        "sentences": [[s.index, s.paragraph, s.start, s.end, s.text] for s in doc.sentences],
        "date": doc.date.isoformat() if doc.date else None,
        "date_origin": doc.date_origin,
        "date_span": list(doc.date_span) if doc.date_span else None,
        "date_written": doc.date_written,
        "headline": doc.headline,
        "dateline": doc.dateline,
        "byline": doc.byline,
        "position_unit": doc.position_unit,
        "facts": {kind: [fact_to_json(f) for f in facts] for kind, facts in doc.facts.items()},
    }


class LazyFacts(dict):
    """A document's facts by kind, decoded from the cache's JSON only when a kind is first read:
    a lookup of figures in a source need not decode its quotes and dates."""

    def __init__(self, raw: dict[str, list], fact_types: dict[str, type[Fact]]):
        super().__init__()
        self._raw = {k: v for k, v in raw.items() if k in fact_types}
        self._types = fact_types

    def _decode(self, kind: str) -> None:
        items = self._raw.pop(kind, None)
        if items is not None:
            cls = self._types[kind]
            dict.__setitem__(self, kind, tuple(fact_from_json(cls, d) for d in items))

    def _decode_all(self) -> None:
        for kind in list(self._raw):
            self._decode(kind)

    def __getitem__(self, kind):
        self._decode(kind)
        return dict.__getitem__(self, kind)

    def get(self, kind, default=None):
        self._decode(kind)
        return dict.get(self, kind, default)

    def __contains__(self, kind):
        return kind in self._raw or dict.__contains__(self, kind)

    def __iter__(self):
        self._decode_all()
        return dict.__iter__(self)

    def __len__(self):
        return len(self._raw) + dict.__len__(self)

    def keys(self):
        self._decode_all()
        return dict.keys(self)

    def items(self):
        self._decode_all()
        return dict.items(self)

    def values(self):
        self._decode_all()
        return dict.values(self)

    def __eq__(self, other):
        self._decode_all()
        if isinstance(other, LazyFacts):
            other._decode_all()
        return dict.__eq__(self, other)

    __hash__ = None


def document_from_json(data: dict, path: str, fact_types: dict[str, type[Fact]]) -> Document:
    return Document(
        path=path,
        kind=data["kind"],
        line_starts=tuple(data["line_starts"]),
        paragraphs=tuple(Paragraph(*p) for p in data["paragraphs"]),
        sentences=tuple(Sentence(*s) for s in data["sentences"]),
        date=dt.date.fromisoformat(data["date"]) if data["date"] else None,
        date_origin=data["date_origin"],
        date_span=tuple(data["date_span"]) if data.get("date_span") else None,
        date_written=data.get("date_written"),
        facts=LazyFacts(data["facts"], fact_types),
        headline=data.get("headline"),
        dateline=data.get("dateline"),
        byline=data.get("byline"),
        position_unit=data.get("position_unit", "line"),
    )


# -- the SQLite cache --------------------------------------------------------------------------


class FactCache:
    """Cached source facts by (content hash, extraction fingerprint). Failures disable, never raise."""

    BUSY_TIMEOUT_S = 10.0

    def __init__(self, directory: Path | None):
        self.directory = directory
        self.conn: sqlite3.Connection | None = None
        self.warning: str | None = None
        self._known: tuple[str, dict[str, str | None]] | None = None
        if directory is not None:
            self._open(retry=True)

    def _open(self, retry: bool) -> None:
        db = self.directory / "index.sqlite"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            ignore = self.directory / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by newslint\n*\n", encoding="utf-8")
        except OSError as exc:
            self.warning = (
                f"cache folder {self.directory} is not writable ({exc.strerror}); running without cache"
            )
            return
        try:
            conn = sqlite3.connect(db, timeout=self.BUSY_TIMEOUT_S, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError:
                pass  # read-only folder or a file system without shared memory: default journal
            if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
                with conn:
                    conn.execute("BEGIN IMMEDIATE")
                    if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
                        conn.execute("DROP TABLE IF EXISTS facts")
                        conn.execute("DROP TABLE IF EXISTS postings")
                        conn.execute(
                            "CREATE TABLE facts (digest TEXT NOT NULL, fingerprint TEXT NOT NULL,"
                            " date TEXT, data TEXT NOT NULL, PRIMARY KEY (digest, fingerprint))"
                        )
                        conn.execute(
                            "CREATE TABLE postings (fingerprint TEXT NOT NULL, kind TEXT NOT NULL,"
                            " key TEXT NOT NULL, digest TEXT NOT NULL)"
                        )
                        conn.execute("CREATE INDEX postings_key ON postings (fingerprint, kind, key)")
                        conn.execute(f"PRAGMA user_version = {SCHEMA}")
            conn.execute("SELECT count(*) FROM facts LIMIT 1").fetchone()
            self.conn = conn
        except sqlite3.DatabaseError as exc:
            if retry and _is_corrupt(exc):
                _remove(db)
                self._open(retry=False)
                return
            self.warning = f"cache {db} cannot be used ({exc}); running without cache"
            self.conn = None

    def get(self, digest: str, fingerprint: str) -> dict | None:
        if self.conn is None:
            return None
        try:
            row = self.conn.execute(
                "SELECT data FROM facts WHERE digest = ? AND fingerprint = ?", (digest, fingerprint)
            ).fetchone()
            return json.loads(row[0]) if row else None
        except (sqlite3.DatabaseError, ValueError) as exc:
            self._fail(exc)
            return None

    def known(self, fingerprint: str) -> dict[str, str | None]:
        """Digest -> publication date of every source cached for ``fingerprint`` (one query a run)."""
        if self.conn is None:
            return {}
        if self._known is None or self._known[0] != fingerprint:
            try:
                rows = self.conn.execute(
                    "SELECT digest, date FROM facts WHERE fingerprint = ?", (fingerprint,)
                )
                self._known = (fingerprint, dict(rows.fetchall()))
            except sqlite3.DatabaseError as exc:
                self._fail(exc)
                return {}
        return self._known[1]

    def postings(self, fingerprint: str, kind: str, key: str) -> list[str] | None:
        """Digests of the cached sources with a fact filed under ``key``; None if the cache failed."""
        if self.conn is None:
            return None
        try:
            rows = self.conn.execute(
                "SELECT DISTINCT digest FROM postings WHERE fingerprint = ? AND kind = ? AND key = ?",
                (fingerprint, kind, key),
            )
            return [r[0] for r in rows.fetchall()]
        except sqlite3.DatabaseError as exc:
            self._fail(exc)
            return None

    def put(
        self, digest: str, fingerprint: str, data: dict, date: str | None, postings: Iterable[tuple[str, str]]
    ) -> bool:
        """Store a source's facts and postings in one transaction; True when stored."""
        if self.conn is None:
            return False
        try:
            with self.conn:
                self.conn.execute("BEGIN IMMEDIATE")
                exists = self.conn.execute(
                    "SELECT 1 FROM facts WHERE digest = ? AND fingerprint = ?", (digest, fingerprint)
                ).fetchone()
                if not exists:  # another process may have stored it meanwhile
                    self.conn.execute(
                        "INSERT INTO facts (digest, fingerprint, date, data) VALUES (?, ?, ?, ?)",
                        (digest, fingerprint, date, json.dumps(data, separators=(",", ":"))),
                    )
                    self.conn.executemany(
                        "INSERT INTO postings (fingerprint, kind, key, digest) VALUES (?, ?, ?, ?)",
                        [(fingerprint, kind, key, digest) for kind, key in postings],
                    )
            if self._known is not None and self._known[0] == fingerprint:
                self._known[1][digest] = date
            return True
        except sqlite3.DatabaseError as exc:
            self._fail(exc)
            return False

    def _fail(self, exc: Exception) -> None:
        if isinstance(exc, sqlite3.DatabaseError) and _is_corrupt(exc):
            self.close()
            _remove(self.directory / "index.sqlite")
            self._open(retry=False)  # rebuilt for the next source
            return
        if isinstance(exc, sqlite3.OperationalError) and "readonly" in str(exc).replace("-", "").lower():
            self.warning = f"cache in {self.directory} is read-only; running without writing it"
        else:
            self.warning = f"cache in {self.directory} is unusable ({exc}); running without cache"
        self.close()

    def close(self) -> None:
        self._known = None
        if self.conn is not None:
            try:
                self.conn.close()
            except sqlite3.Error:
                pass
        self.conn = None


def _is_corrupt(exc: Exception) -> bool:
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text or "corrupt" in text


def _remove(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        try:
            Path(str(db) + suffix).unlink()
        except OSError:
            pass


def content_digest(content: str | bytes, suffix: str = "") -> str:
    """The cache key of a source: its bytes and its suffix (the suffix picks the reader)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.sha256(data + b"\x00" + suffix.encode("utf-8")).hexdigest()


def load_source(
    path: Path, display: str, host: PluginHost, cache: FactCache
) -> tuple[SourceHandle, list[str]]:
    """Read one source; extract it only when the cache does not hold its content yet.

    Returns a handle (whose document is loaded later, when a lookup needs it) and extractor errors.
    """
    from newslint.document import read_bytes
    from newslint.extraction import extract_facts, load_document

    data = read_bytes(path, display)
    digest = content_digest(data, Path(display).suffix.lower())
    fingerprint = host.extraction_fingerprint
    known = cache.known(fingerprint)
    if digest in known:
        date = known[digest]
        return SourceHandle(
            display, digest, dt.date.fromisoformat(date) if date else None, stored=True, file=path
        ), []
    doc = load_document(data, display, host)
    errors = extract_facts(doc, host)
    stored = False
    if not errors:
        keys = {(kind, key) for kind, facts in doc.facts.items() for f in facts for key in f.index_keys()}
        stored = cache.put(
            digest,
            fingerprint,
            document_to_json(doc),
            doc.date.isoformat() if doc.date else None,
            sorted(keys),
        )
    return SourceHandle(display, digest, doc.date, doc, stored, path), errors
