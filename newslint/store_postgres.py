"""The shared source index: the :class:`~newslint.store.FactStore` protocol on a PostgreSQL server.

A newsroom whose CI runners and editors share one index points newslint at an ordinary PostgreSQL
(13 or later) with ``--index postgresql://user@host:5432/db`` or config ``index = "..."``.  The
driver is psycopg 3, an optional extra (``pip install 'newslint[postgres]'``).

Tables (all named ``newslint_*``, in the role's default schema; newslint creates and migrates them):

- ``newslint_meta (name, value)``: ``schema`` (the version of these tables) and ``generation``.
- ``newslint_files (machine, path, size, mtime_ns, inode, digest, seen_ns)``: freshness by stat,
  per machine (paths and inodes mean something only on the machine that saw them), so that
  ``newslint index`` on one machine forgets only the files that machine no longer has.
- ``newslint_contents (id, digest, fingerprint, date, date_origin, line_starts, key_kinds,
  key_texts)``: one row per source content and extraction fingerprint, unique on both (content
  addressed: two machines adding the same wire story store it once).  ``key_kinds``/``key_texts``
  list the keys the source posted (to remove its postings without a second index).
- ``newslint_facts (id, content, kind, start, end, text, payload)``: one row per fact.
- ``newslint_kinds (id, name)``: interned fact kinds.
- ``newslint_postings (kind, key, content, fact)``: primary key in that order, so a lookup is one
  index range scan already ordered by (content, fact).

Writing: a batch of sources is one transaction (contents, facts, postings): a reader, or the next
fill after a cut connection, never sees half a source.  Contents are inserted with ``INSERT ... ON
CONFLICT DO NOTHING`` in digest order (two fillers never deadlock on each other), facts and postings
with ``COPY``.  Checks only read: a check opens the store read-only and keeps any source the server
does not hold in memory for that run.

Removal is scoped: ``forget_files`` deletes only this machine's files below the folder it indexed,
then only the contents of those files that no file of any machine refers to.  (A content that
another machine adds again in the instant between such a deletion and its own record of the file is
found missing at that machine's next fill and extracted again: never a wrong answer.)

Faults differ from the embedded index on purpose: the SQLite cache is an optimisation that a check
may run without, but a shared index the user named must be reachable.  Every failure of the server
(down, wrong password, missing database, connection cut, a role that may not write) raises
:class:`IndexServerError`, one line naming the host and database (never the password), which the
command line turns into exit code 2.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from newslint.errors import IndexUnavailableError
from newslint.store import (
    RACY_NS,
    FileState,
    Snapshot,
    SourceInfo,
    SourceRecord,
    StoredFact,
    decode_snapshot,
    encode_snapshot,
)

#: The version of the tables this newslint writes.  ``MIGRATIONS[v]`` brings version v-1 to v.
SCHEMA_VERSION = 3

#: pg_advisory_lock key held while creating or migrating the tables ("NSL1").
LOCK_KEY = 0x4E534C31


INSTALL_HINT = "pip install 'newslint[postgres]'"

_TABLES = (
    "newslint_source_sets",
    "newslint_postings",
    "newslint_facts",
    "newslint_kinds",
    "newslint_contents",
    "newslint_files",
    "newslint_meta",
)

MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        "CREATE TABLE newslint_meta (name text PRIMARY KEY, value bigint NOT NULL)",
        "INSERT INTO newslint_meta (name, value) VALUES ('schema', 0), ('generation', 0)",
        """CREATE TABLE newslint_files (
            machine text NOT NULL, path text COLLATE "C" NOT NULL, size bigint NOT NULL,
            mtime_ns bigint NOT NULL, inode bigint NOT NULL, digest text NOT NULL,
            seen_ns bigint NOT NULL, PRIMARY KEY (machine, path))""",
        "CREATE INDEX newslint_files_digest ON newslint_files (digest)",
        """CREATE TABLE newslint_contents (
            id bigserial PRIMARY KEY, digest text NOT NULL, fingerprint text NOT NULL, date text,
            date_origin text, line_starts integer[] NOT NULL, key_kinds smallint[] NOT NULL,
            key_texts text[] NOT NULL, UNIQUE (digest, fingerprint))""",
        "CREATE TABLE newslint_kinds (id smallserial PRIMARY KEY, name text NOT NULL UNIQUE)",
        """CREATE TABLE newslint_facts (
            id bigserial PRIMARY KEY, content bigint NOT NULL, kind smallint NOT NULL,
            start integer NOT NULL, "end" integer NOT NULL, text text NOT NULL,
            payload text NOT NULL)""",
        "CREATE INDEX newslint_facts_content ON newslint_facts (content, kind)",
        """CREATE TABLE newslint_postings (
            kind smallint NOT NULL, key text COLLATE "C" NOT NULL, content bigint NOT NULL,
            fact bigint NOT NULL, PRIMARY KEY (kind, key, content, fact))""",
    ),
    # the magnitudes a posting files (FactRecord.ranges): lookups `within` a span filter on them;
    # NULL for keys that file no value
    2: ("ALTER TABLE newslint_postings ADD COLUMN lo double precision, ADD COLUMN hi double precision",),
    # snapshots of source sets (newslint.store.Snapshot), one machine's paths each: saved by
    # `newslint index`, read by checks (one row instead of one row per source)
    3: (
        """CREATE TABLE newslint_source_sets (
            machine text NOT NULL, key bytea NOT NULL, grp bytea NOT NULL, fingerprint text NOT NULL,
            generation bigint NOT NULL, saved_ns bigint NOT NULL, paths bytea NOT NULL,
            stats bytea NOT NULL, contents bytea NOT NULL, infos bytea NOT NULL, pairs text NOT NULL,
            PRIMARY KEY (machine, key))""",
    ),
}

# Snapshots kept per machine (the newest)
SNAPSHOTS_KEPT = 8
_SNAP_COLUMNS = "fingerprint, generation, saved_ns, paths, stats, contents, infos, pairs"


class IndexServerError(IndexUnavailableError):
    """The index server cannot be used: one line naming host and database; exit code 2."""


def is_url(spec: str) -> bool:
    return spec.startswith(("postgresql://", "postgres://"))


def this_machine() -> str:
    """Who recorded a file's stat: ``NEWSLINT_MACHINE`` or the host name."""
    return os.environ.get("NEWSLINT_MACHINE") or socket.gethostname() or "localhost"


def describe(url: str) -> str:
    """``host:port, database db`` for messages: never the password (nor the user's other options)."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        info = conninfo_to_dict(url)
    except Exception:
        return "the index server (the URL cannot be parsed)"
    host = str(info.get("host") or os.environ.get("PGHOST") or "localhost")
    port = str(info.get("port") or os.environ.get("PGPORT") or "5432")
    user = str(info.get("user") or os.environ.get("PGUSER") or "")
    db = str(info.get("dbname") or os.environ.get("PGDATABASE") or user or "?")
    where = f"{host}:{port}" if not host.startswith("/") else f"{host} (port {port})"
    return f"{where}, database {db!r}" + (f" as role {user!r}" if user else "")


def display_url(url: str) -> str:
    """The URL without its password (for summaries)."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        info = conninfo_to_dict(url)
    except Exception:
        return "postgresql://?"
    user = info.get("user")
    host = info.get("host") or "localhost"
    port = info.get("port")
    db = info.get("dbname") or ""
    auth = f"{user}@" if user else ""
    return f"postgresql://{auth}{host}{':' + str(port) if port else ''}/{db}"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0].strip() if text else type(exc).__name__


class PostgresStore:
    """A :class:`~newslint.store.FactStore` on a PostgreSQL server.

    ``readonly`` (checks): never writes, never creates tables; a database without newslint's tables
    reads as an empty index (``self.empty``).  Otherwise (``newslint index``) the tables are
    created or migrated on opening.
    """

    COPY_FACTS = 'COPY newslint_facts (id, content, kind, start, "end", text, payload) FROM STDIN'
    COPY_POSTINGS = "COPY newslint_postings (kind, key, content, fact, lo, hi) FROM STDIN"

    def __init__(self, url: str, *, readonly: bool = False, machine: str | None = None):
        self.url = url
        self.where = describe(url)
        self.readonly = readonly
        self.machine = machine or this_machine()
        self.empty = False
        self._kinds: dict[str, int] = {}
        self._kind_names: dict[int, str] = {}
        self._reading = 0
        self._pid = os.getpid()
        self.conn = self._connect()
        with self._errors("open"):
            self._prepare_schema()

    # -- opening ------------------------------------------------------------------------------
    def _connect(self) -> Any:
        try:
            import psycopg
        except ImportError:
            raise IndexServerError(
                f"a PostgreSQL index needs psycopg 3, which is not installed; run: {INSTALL_HINT}",
                "--index",
            ) from None
        try:
            return psycopg.connect(self.url, autocommit=True, connect_timeout=10, application_name="newslint")
        except psycopg.Error as exc:
            raise IndexServerError(self._explain(exc, "connect to")) from None
        except Exception as exc:  # a malformed URL (psycopg.ProgrammingError is a psycopg.Error)
            raise IndexServerError(
                f"the index URL cannot be used ({_first_line(exc)}); check --index"
            ) from None

    def _explain(self, exc: BaseException, action: str) -> str:
        reason = _first_line(exc)
        low = str(exc).lower()
        if "password" in low or "authentication failed" in low or "no password supplied" in low:
            hint = "wrong user or password: check the URL's user and the password (PGPASSWORD or ~/.pgpass)"
        elif "database" in low and "does not exist" in low:
            hint = "the database does not exist: create it (createdb) or fix the URL"
        elif "role" in low and "does not exist" in low:
            hint = "the role does not exist: create it (createuser) or fix the URL"
        elif "permission denied" in low or "read-only" in low or "must be owner" in low:
            hint = (
                "this role may not write the index: `newslint index` needs a role that may create and"
                " write newslint's tables (checks only read)"
            )
        elif any(
            s in low
            for s in (
                "connection refused",
                "could not connect",
                "timeout",
                "timed out",
                "no such file",
                "could not translate host",
                "server closed the connection",
                "connection is closed",
                "consuming input failed",
                "terminating connection",
                "the connection is lost",
                "ssl syscall",
                "broken pipe",
                "connection reset",
            )
        ):
            hint = "the server is not reachable: is PostgreSQL running there, and is the URL right?"
            if action != "connect to":
                hint = (
                    "the connection was lost; the index is left consistent (each batch is one"
                    " transaction): run the command again to complete it"
                )
        else:
            hint = reason
            reason = ""
        detail = f" ({reason})" if reason and reason != hint else ""
        return f"cannot {action} the index at {self.where}: {hint}{detail}"

    @contextlib.contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        import psycopg

        try:
            yield
        except psycopg.Error as exc:
            raise IndexServerError(self._explain(exc, action)) from None

    def _version(self) -> int | None:
        row = self.conn.execute("SELECT to_regclass('newslint_meta') IS NOT NULL").fetchone()
        if not row[0]:
            return None
        row = self.conn.execute("SELECT value FROM newslint_meta WHERE name = 'schema'").fetchone()
        return int(row[0]) if row else 0

    def _prepare_schema(self) -> None:
        version = self._version()
        if version is not None and version > SCHEMA_VERSION:
            raise IndexServerError(
                f"the index at {self.where} was made by a newer newslint (tables of version {version};"
                f" this newslint knows up to {SCHEMA_VERSION}): upgrade newslint"
            )
        if self.readonly:
            if version is None:
                self.empty = True
            elif version < SCHEMA_VERSION:
                raise IndexServerError(
                    f"the index at {self.where} was made by an older newslint (tables of version"
                    f" {version}): run `newslint index --index URL` once to migrate it"
                )
            return
        if version == SCHEMA_VERSION:
            return
        # One process creates or migrates; the others wait for it.  The lock is taken before the
        # transaction starts, so that the transaction sees the tables another process just made
        # (a transaction reads the catalogue as it was when it began).
        self.conn.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))
        try:
            with self.conn.transaction():
                version = self._version()
                if version is not None and version > SCHEMA_VERSION:
                    raise IndexServerError(
                        f"the index at {self.where} was made by a newer newslint (tables of version"
                        f" {version}): upgrade newslint"
                    )
                for step in range((version or 0) + 1, SCHEMA_VERSION + 1):
                    for statement in MIGRATIONS[step]:
                        self.conn.execute(statement)
                    self.conn.execute("UPDATE newslint_meta SET value = %s WHERE name = 'schema'", (step,))
        finally:
            self.conn.execute("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))

    # -- helpers --------------------------------------------------------------------------------
    def _kind_id(self, name: str, create: bool) -> int | None:
        kid = self._kinds.get(name)
        if kid is None:
            row = self.conn.execute("SELECT id FROM newslint_kinds WHERE name = %s", (name,)).fetchone()
            if row is None:
                if not create:
                    return None
                self.conn.execute(
                    "INSERT INTO newslint_kinds (name) VALUES (%s) ON CONFLICT (name) DO NOTHING", (name,)
                )
                row = self.conn.execute("SELECT id FROM newslint_kinds WHERE name = %s", (name,)).fetchone()
            kid = int(row[0])
            self._kinds[name] = kid
            self._kind_names[kid] = name
        return kid

    def _kind_name(self, kid: int) -> str:
        name = self._kind_names.get(kid)
        if name is None:
            row = self.conn.execute("SELECT name FROM newslint_kinds WHERE id = %s", (kid,)).fetchone()
            name = row[0] if row else f"?{kid}"
            self._kind_names[kid] = name
        return name

    @contextlib.contextmanager
    def _write(self, action: str) -> Iterator[Any]:
        """One transaction (READ COMMITTED) for a write; rolled back whole on any failure."""
        with self._errors(action), self.conn.transaction():
            yield self.conn

    # -- freshness ----------------------------------------------------------------------------
    def known_files(
        self, files: Sequence[FileState], fingerprint: str
    ) -> dict[str, tuple[str, SourceInfo | None]]:
        out: dict[str, tuple[str, SourceInfo | None]] = {}
        if self.empty or not files:
            return out
        wanted = {f.path: f for f in files}
        with self._errors("read"):
            rows = self.conn.execute(
                "SELECT f.path, f.size, f.mtime_ns, f.inode, f.digest, f.seen_ns, c.id, c.date,"
                " c.date_origin FROM newslint_files f LEFT JOIN newslint_contents c"
                " ON c.digest = f.digest AND c.fingerprint = %s"
                " WHERE f.machine = %s AND f.path = ANY(%s)",
                (fingerprint, self.machine, list(wanted)),
            ).fetchall()
        for path, size, mtime, inode, digest, seen, cid, date, origin in rows:
            st = wanted[path]
            if (size, mtime, inode) != (st.size, st.mtime_ns, st.inode) or mtime >= seen - RACY_NS:
                continue
            out[path] = (digest, SourceInfo(cid, digest, date, origin) if cid is not None else None)
        return out

    def sources(self, digests: Iterable[str], fingerprint: str) -> dict[str, SourceInfo]:
        wanted = list(dict.fromkeys(digests))
        if self.empty or not wanted:
            return {}
        with self._errors("read"):
            rows = self.conn.execute(
                "SELECT id, digest, date, date_origin FROM newslint_contents"
                " WHERE fingerprint = %s AND digest = ANY(%s)",
                (fingerprint, wanted),
            ).fetchall()
        return {digest: SourceInfo(cid, digest, date, origin) for cid, digest, date, origin in rows}

    def record_files(self, files: Sequence[tuple[FileState, str]]) -> None:
        if not files or self.readonly:
            return
        now = time.time_ns()
        latest = {f.path: (f, digest) for f, digest in files}  # one row per path per statement
        rows = [latest[p] for p in sorted(latest)]  # one lock order for every filler: no deadlock
        with self._write("write"):
            self.conn.execute(
                "INSERT INTO newslint_files (machine, path, size, mtime_ns, inode, digest, seen_ns)"
                " SELECT %s, * FROM unnest(%s::text[], %s::bigint[], %s::bigint[], %s::bigint[],"
                " %s::text[], %s::bigint[])"
                " ON CONFLICT (machine, path) DO UPDATE SET size = EXCLUDED.size,"
                " mtime_ns = EXCLUDED.mtime_ns, inode = EXCLUDED.inode, digest = EXCLUDED.digest,"
                " seen_ns = EXCLUDED.seen_ns",
                (
                    self.machine,
                    [f.path for f, _ in rows],
                    [f.size for f, _ in rows],
                    [f.mtime_ns for f, _ in rows],
                    [f.inode for f, _ in rows],
                    [d for _, d in rows],
                    [now] * len(rows),
                ),
            )

    def forget_files(self, under: str, keep: Iterable[str]) -> int:
        """Forget this machine's files below ``under`` that are not in ``keep``; drop the contents
        that were theirs and that no file (of any machine) refers to any more."""
        if self.readonly or self.empty:
            return 0
        keep = set(keep)
        prefix = under.rstrip(os.sep) + os.sep
        with self._write("write"):
            rows = self.conn.execute(
                "SELECT path FROM newslint_files WHERE machine = %s AND path >= %s AND path < %s",
                (self.machine, prefix, prefix[:-1] + chr(ord(os.sep) + 1)),
            ).fetchall()
            gone = sorted(p for (p,) in rows if p not in keep)
            if not gone:
                return 0
            digests = [
                r[0]
                for r in self.conn.execute(
                    "DELETE FROM newslint_files WHERE machine = %s AND path = ANY(%s) RETURNING digest",
                    (self.machine, gone),
                )
            ]
            orphans = [
                r[0]
                for r in self.conn.execute(
                    "SELECT id FROM newslint_contents c WHERE c.digest = ANY(%s)"
                    " AND NOT EXISTS (SELECT 1 FROM newslint_files f WHERE f.digest = c.digest)"
                    " ORDER BY id",
                    (sorted(set(digests)),),
                )
            ]
            self._remove(orphans)
        return len(gone)

    # -- writing ------------------------------------------------------------------------------
    def add_sources(self, records: Sequence[SourceRecord], fingerprint: str) -> dict[str, SourceInfo]:
        """Store sources (one transaction); a content another process stored meanwhile is kept.
        A read-only store stores nothing (the caller keeps those sources in memory)."""
        out: dict[str, SourceInfo] = {}
        if not records or self.readonly:
            return out
        unique = {r.digest: r for r in records}
        ordered = [unique[d] for d in sorted(unique)]  # one lock order for every filler: no deadlock
        with self._errors("write"):
            kinds = {f.kind for r in ordered for f in r.facts}
            kind_ids = {k: int(self._kind_id(k, create=True) or 0) for k in sorted(kinds)}
        with self._write("write") as conn:
            new: list[tuple[int, SourceRecord]] = []
            params = []
            for rec in ordered:
                key_pairs = sorted({(kind_ids[f.kind], k) for f in rec.facts for k in f.keys})
                params.append(
                    (
                        rec.digest,
                        fingerprint,
                        rec.date,
                        rec.date_origin,
                        list(rec.line_starts),
                        [k for k, _ in key_pairs],
                        [t for _, t in key_pairs],
                    )
                )
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO newslint_contents (digest, fingerprint, date, date_origin,"
                    " line_starts, key_kinds, key_texts) VALUES (%s, %s, %s, %s, %s, %s, %s)"
                    " ON CONFLICT (digest, fingerprint) DO NOTHING RETURNING id",
                    params,
                    returning=True,
                )
                for rec in ordered:  # one result per statement: a row, or none on conflict
                    row = cur.fetchone()
                    if row is not None:
                        new.append((int(row[0]), rec))
                    cur.nextset()
            added = {rec.digest for _, rec in new}
            stored_before = [r.digest for r in ordered if r.digest not in added]
            if stored_before:  # stored meanwhile by another process (or an earlier batch)
                for cid, digest, date, origin in conn.execute(
                    "SELECT id, digest, date, date_origin FROM newslint_contents"
                    " WHERE fingerprint = %s AND digest = ANY(%s)",
                    (fingerprint, stored_before),
                ):
                    out[digest] = SourceInfo(cid, digest, date, origin)
            count = sum(len(rec.facts) for _, rec in new)
            ids: list[int] = []
            if count:
                ids = sorted(
                    r[0]
                    for r in conn.execute(
                        "SELECT nextval('newslint_facts_id_seq') FROM generate_series(1, %s)", (count,)
                    )
                )
            it = iter(ids)
            with conn.cursor() as cur:
                with cur.copy(self.COPY_FACTS) as copy:
                    postings: list[tuple[int, str, int, int, float | None, float | None]] = []
                    for cid, rec in new:
                        for fact in rec.facts:
                            fid = next(it)
                            kid = kind_ids[fact.kind]
                            copy.write_row((fid, cid, kid, fact.start, fact.end, fact.text, fact.payload))
                            ranges = fact.ranges or (None,) * len(fact.keys)
                            postings.extend(
                                (kid, key, cid, fid, *(span if span is not None else (None, None)))
                                for key, span in zip(fact.keys, ranges, strict=True)
                            )
                if postings:
                    with cur.copy(self.COPY_POSTINGS) as copy:
                        for row in postings:
                            copy.write_row(row)
            for cid, rec in new:
                out[rec.digest] = SourceInfo(cid, rec.digest, rec.date, rec.date_origin)
        return out

    def remove_sources(self, contents: Iterable[int]) -> None:
        if self.readonly or self.empty:
            return
        with self._write("write"):
            self._remove(sorted(set(contents)))

    def _remove(self, contents: list[int]) -> None:
        if not contents:
            return
        conn = self.conn
        conn.execute(
            "DELETE FROM newslint_postings p USING (SELECT c.id, unnest(c.key_kinds) AS kind,"
            " unnest(c.key_texts) AS key FROM newslint_contents c WHERE c.id = ANY(%s)) u"
            " WHERE p.kind = u.kind AND p.key = u.key AND p.content = u.id",
            (contents,),
        )
        conn.execute("DELETE FROM newslint_facts WHERE content = ANY(%s)", (contents,))
        conn.execute("DELETE FROM newslint_contents WHERE id = ANY(%s)", (contents,))
        conn.execute("UPDATE newslint_meta SET value = value + 1 WHERE name = 'generation'")

    # -- reading ------------------------------------------------------------------------------
    def lookup(
        self, kind: str, key: str, limit: int | None = None, within: tuple[float, float] | None = None
    ) -> list[tuple[int, int]]:
        if self.empty:
            return []
        with self._errors("read"):
            kid = self._kind_id(kind, create=False)
            if kid is None:
                return []
            sql = "SELECT content, fact FROM newslint_postings WHERE kind = %s AND key = %s"
            params: list = [kid, key]
            if within is not None:  # (a posting without a value passes, as in the embedded index)
                sql += " AND (lo IS NULL OR NOT (hi < %s OR lo > %s))"
                params += [within[0], within[1]]
            sql += " ORDER BY content, fact"
            if limit is not None:
                sql += " LIMIT %s"
                params.append(limit)
            rows = self.conn.execute(sql, params).fetchall()
        return [(int(c), int(f)) for c, f in rows]

    def facts(self, ids: Sequence[int]) -> list[StoredFact]:
        if self.empty or not ids:
            return []
        with self._errors("read"):
            rows = self.conn.execute(
                'SELECT id, content, kind, start, "end", text, payload FROM newslint_facts'
                " WHERE id = ANY(%s)",
                (list(ids),),
            ).fetchall()
            return [StoredFact(r[0], r[1], self._kind_name(r[2]), *r[3:]) for r in rows]

    def facts_of(self, content: int, kind: str) -> list[StoredFact]:
        if self.empty:
            return []
        with self._errors("read"):
            kid = self._kind_id(kind, create=False)
            if kid is None:
                return []
            rows = self.conn.execute(
                'SELECT id, content, start, "end", text, payload FROM newslint_facts'
                " WHERE content = %s AND kind = %s ORDER BY id",
                (content, kid),
            ).fetchall()
        return [StoredFact(r[0], r[1], kind, *r[2:]) for r in rows]

    def line_starts(self, content: int) -> tuple[int, ...] | None:
        if self.empty:
            return None
        with self._errors("read"):
            row = self.conn.execute(
                "SELECT line_starts FROM newslint_contents WHERE id = %s", (content,)
            ).fetchone()
        return tuple(row[0]) if row is not None and isinstance(row[0], list) else None

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """One REPEATABLE READ, READ ONLY transaction: every lookup of a check sees one snapshot."""
        if self._reading or self.empty:
            self._reading += 1
            try:
                yield
            finally:
                self._reading -= 1
            return
        with self._errors("read"):
            self.conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            self.conn.execute("SELECT value FROM newslint_meta WHERE name = 'generation'").fetchone()
        self._reading = 1
        try:
            yield
        finally:
            self._reading = 0
            with contextlib.suppress(Exception):
                self.conn.execute("COMMIT")

    # -- snapshots of source sets --------------------------------------------------------------
    def snapshot(self, key: bytes, group: bytes) -> Snapshot | None:
        """This machine's snapshot of a source set (see SQLiteStore.snapshot); None if none."""
        if self.empty:
            return None
        with self._errors("read"):
            row = self.conn.execute(
                f"SELECT {_SNAP_COLUMNS} FROM newslint_source_sets WHERE machine = %s AND key = %s",
                (self.machine, key),
            ).fetchone()
            if row is None:
                row = self.conn.execute(
                    f"SELECT {_SNAP_COLUMNS} FROM newslint_source_sets WHERE machine = %s AND grp = %s"
                    " ORDER BY saved_ns DESC LIMIT 1",
                    (self.machine, group),
                ).fetchone()
        if row is None:
            return None
        return decode_snapshot(*(bytes(v) if isinstance(v, memoryview) else v for v in row))

    def save_snapshot(self, key: bytes, group: bytes, snapshot: Snapshot) -> None:
        """Saved by `newslint index` (checks only read a shared index)."""
        if self.readonly or self.empty:
            return
        with self._write("write"):
            self.conn.execute(
                f"INSERT INTO newslint_source_sets (machine, key, grp, {_SNAP_COLUMNS})"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (machine, key) DO UPDATE SET grp = EXCLUDED.grp,"
                " fingerprint = EXCLUDED.fingerprint, generation = EXCLUDED.generation,"
                " saved_ns = EXCLUDED.saved_ns, paths = EXCLUDED.paths, stats = EXCLUDED.stats,"
                " contents = EXCLUDED.contents, infos = EXCLUDED.infos, pairs = EXCLUDED.pairs",
                (self.machine, key, group, *encode_snapshot(snapshot)),
            )
            self.conn.execute(
                "DELETE FROM newslint_source_sets WHERE machine = %s AND key NOT IN"
                " (SELECT key FROM newslint_source_sets WHERE machine = %s ORDER BY saved_ns DESC LIMIT %s)",
                (self.machine, self.machine, SNAPSHOTS_KEPT),
            )

    def generation(self) -> int:
        if self.empty:
            return 0
        with self._errors("read"):
            row = self.conn.execute("SELECT value FROM newslint_meta WHERE name = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def stats(self) -> dict[str, int]:
        if self.empty:
            return dict.fromkeys(("files", "sources", "facts", "keys", "postings", "bytes"), 0)
        with self._errors("read"):
            row = self.conn.execute(
                "SELECT (SELECT count(*) FROM newslint_files), (SELECT count(*) FROM newslint_contents),"
                " (SELECT count(*) FROM newslint_facts),"
                " (SELECT count(*) FROM (SELECT DISTINCT kind, key FROM newslint_postings) k),"
                " (SELECT count(*) FROM newslint_postings),"
                " (SELECT sum(pg_total_relation_size(t::regclass)) FROM unnest(%s::text[]) t)",
                (list(_TABLES),),
            ).fetchone()
        keys = ("files", "sources", "facts", "keys", "postings", "bytes")
        return {k: int(v or 0) for k, v in zip(keys, row, strict=True)}

    def compact(self) -> None:
        """After a large fill: refresh the planner's statistics of the tables (the server's
        counterpart of the embedded index's compaction; autovacuum would do it, later)."""
        if self.readonly or self.empty:
            return
        with self._errors("write"):
            for table in _TABLES:
                self.conn.execute(f"ANALYZE {table}")

    def integrity(self) -> str:
        """Consistency of the rows ("ok" when sound): facts of no source, postings of no fact,
        sources whose key lists disagree with their postings."""
        if self.empty:
            return "ok"
        checks = {
            "facts without a source": "SELECT count(*) FROM newslint_facts f"
            " WHERE NOT EXISTS (SELECT 1 FROM newslint_contents c WHERE c.id = f.content)",
            "postings without a fact": "SELECT count(*) FROM newslint_postings p"
            " WHERE NOT EXISTS (SELECT 1 FROM newslint_facts f WHERE f.id = p.fact AND f.content = p.content)",
            "posted keys not listed by their source": "SELECT count(*) FROM newslint_postings p"
            " JOIN newslint_contents c ON c.id = p.content"
            " WHERE NOT (p.key = ANY(c.key_texts))",
        }
        problems = []
        with self._errors("read"):
            for name, sql in checks.items():
                n = self.conn.execute(sql).fetchone()[0]
                if n:
                    problems.append(f"{n} {name}")
        return "; ".join(problems) or "ok"

    def close(self) -> None:
        if os.getpid() != self._pid:
            return  # a forked worker: the connection belongs to the parent process
        with contextlib.suppress(Exception):
            self.conn.close()
