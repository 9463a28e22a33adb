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
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from newslint.document import Document, Paragraph, Sentence
from newslint.facts import Fact, fact_from_json, fact_to_json

if TYPE_CHECKING:
    from newslint.registry import PluginHost

CACHE_DIRNAME = ".newslint_cache"
SCHEMA = 1


class SourceIndex:
    """The sources of one draft, with lookups over their facts.

    ``lookup(kind, key)`` finds facts by the keys their ``index_keys()`` give (a figure's value
    bucket, a quote's shingles, a calendar date), so a rule never scans every source for every fact.
    """

    def __init__(self, documents: list[Document]):
        self.documents = documents
        self._postings: dict[str, dict[str, list[tuple[Document, Fact]]]] = {}

    def facts(self, kind: str) -> Iterator[tuple[Document, Fact]]:
        for doc in self.documents:
            for fact in doc.facts_of(kind):
                yield doc, fact

    def lookup(self, kind: str, key: str) -> list[tuple[Document, Fact]]:
        postings = self._postings.get(kind)
        if postings is None:
            postings = defaultdict(list)
            for doc, fact in self.facts(kind):
                for k in set(fact.index_keys()):
                    postings[k].append((doc, fact))
            self._postings[kind] = postings
        return postings.get(key, [])

    @property
    def newest_date(self) -> dt.date | None:
        dates = [d.date for d in self.documents if d.date is not None]
        return max(dates) if dates else None

    def __len__(self) -> int:
        return len(self.documents)


# -- (de)serialisation of documents for the cache ----------------------------------------------


def document_to_json(doc: Document) -> dict:
    return {
        "kind": doc.kind,
        "line_starts": list(doc.line_starts),
        "paragraphs": [[p.index, p.start, p.end] for p in doc.paragraphs],
        "sentences": [[s.index, s.paragraph, s.start, s.end, s.text] for s in doc.sentences],
        "date": doc.date.isoformat() if doc.date else None,
        "date_origin": doc.date_origin,
        "facts": {kind: [fact_to_json(f) for f in facts] for kind, facts in doc.facts.items()},
    }


def document_from_json(data: dict, path: str, fact_types: dict[str, type[Fact]]) -> Document:
    facts = {}
    for kind, items in data["facts"].items():
        cls = fact_types.get(kind)
        if cls is not None:
            facts[kind] = tuple(fact_from_json(cls, d) for d in items)
    return Document(
        path=path,
        kind=data["kind"],
        line_starts=tuple(data["line_starts"]),
        paragraphs=tuple(Paragraph(*p) for p in data["paragraphs"]),
        sentences=tuple(Sentence(*s) for s in data["sentences"]),
        date=dt.date.fromisoformat(data["date"]) if data["date"] else None,
        date_origin=data["date_origin"],
        facts=facts,
    )


# -- the SQLite cache --------------------------------------------------------------------------


class FactCache:
    """Cached source facts by (content hash, extraction fingerprint). Failures disable, never raise."""

    BUSY_TIMEOUT_S = 10.0

    def __init__(self, directory: Path | None):
        self.directory = directory
        self.conn: sqlite3.Connection | None = None
        self.warning: str | None = None
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
            self.warning = f"cache folder {self.directory} is not writable ({exc.strerror}); running without cache"
            return
        try:
            conn = sqlite3.connect(db, timeout=self.BUSY_TIMEOUT_S, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError:
                pass  # read-only folder or a file system without shared memory: default journal
            conn.execute(
                "CREATE TABLE IF NOT EXISTS facts (digest TEXT NOT NULL, fingerprint TEXT NOT NULL,"
                " schema INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (digest, fingerprint))"
            )
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
                "SELECT data FROM facts WHERE digest = ? AND fingerprint = ? AND schema = ?",
                (digest, fingerprint, SCHEMA),
            ).fetchone()
            return json.loads(row[0]) if row else None
        except (sqlite3.DatabaseError, ValueError) as exc:
            self._fail(exc)
            return None

    def put(self, digest: str, fingerprint: str, data: dict) -> None:
        if self.conn is None:
            return
        try:
            self.conn.execute(
                "INSERT OR REPLACE INTO facts (digest, fingerprint, schema, data) VALUES (?, ?, ?, ?)",
                (digest, fingerprint, SCHEMA, json.dumps(data, separators=(",", ":"))),
            )
        except sqlite3.DatabaseError as exc:
            self._fail(exc)

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


def content_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_source(path: Path, display: str, host: PluginHost, cache: FactCache) -> tuple[Document, list[str]]:
    """Read one source (from the cache when its content is unchanged); returns it and extractor errors."""
    from newslint.document import read_text
    from newslint.extraction import extract_facts, load_document

    text = read_text(path, display)
    digest = content_digest(text + "\x00" + ("md" if display.lower().endswith((".md", ".markdown")) else "txt"))
    fingerprint = host.extraction_fingerprint
    cached = cache.get(digest, fingerprint)
    fact_types = {kind: ex.fact_type for kind, ex in host.extractors.items()}
    if cached is not None:
        try:
            return document_from_json(cached, display, fact_types), []
        except (KeyError, TypeError, ValueError):
            pass  # an unreadable row: extract again and overwrite it
    doc = load_document(text, display, host)
    errors = extract_facts(doc, host)
    if not errors:
        cache.put(digest, fingerprint, document_to_json(doc))
    return doc, errors
