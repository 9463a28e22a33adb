"""Keeping the source index fresh: stat, hash, extract (in worker processes), store.

This module sits above extraction and above the index in the flow: it reads source files, runs the
extractors on the ones whose content the store does not hold yet, and gives the store their facts.

Freshness works as git's index does: each file's (path, size, mtime_ns, inode) is recorded with the
digest of its content.  A file whose stat is unchanged is not read.  A changed file is read and
hashed; when the store already holds that content (a rename, a file restored) its facts are reused.
Only new content is extracted: in this process for a few files, in worker processes across all
cores for many, with this process as the one writer, inserting in large transactions.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from newslint.document import read_bytes
from newslint.errors import DocumentError, DocumentSkipped
from newslint.index import BadRow, SourceHandle, parse_date, source_record
from newslint.store import FactStore, FileState, SourceInfo, SourceRecord, StoreError

if TYPE_CHECKING:
    from newslint.registry import PluginHost

# Below this many sources to extract, worker start-up costs more than it saves.
PARALLEL_MIN_SOURCES = 48
# Sources per write transaction.
WRITE_BATCH = 500
# Sources handed to the workers at a time (bounds the memory of finished sources awaiting the writer).
IN_FLIGHT = 1000


def file_state(path: str | Path, display: str | None = None) -> FileState:
    """The stat of a source (raises DocumentError naming it when it cannot be read)."""
    abspath = path if isinstance(path, str) and os.path.isabs(path) else os.path.abspath(path)
    try:
        st = os.stat(abspath)
    except FileNotFoundError:
        raise DocumentError("no such file; check the path", display or str(path)) from None
    except OSError as exc:
        raise DocumentError(
            f"cannot be read ({exc.strerror}); check the path", display or str(path)
        ) from None
    return FileState(abspath, st.st_size, st.st_mtime_ns, st.st_ino)


def content_digest(data: bytes, path: str) -> str:
    """The digest of a source's bytes and of its format (the suffix chooses the reader)."""
    suffix = os.path.splitext(path)[1].lower()
    return hashlib.sha256(data + b"\x00" + suffix.encode()).hexdigest()


def extract_source(
    data: bytes, display: str, digest: str, host: PluginHost
) -> tuple[SourceRecord, list[str]]:
    """Parse and extract one source (raises DocumentError for a file that cannot be read as a
    document, DocumentSkipped for one a reader declines with a note)."""
    from newslint.extraction import extract_facts, load_document

    doc = load_document(data, display, host)
    errors = extract_facts(doc, host)
    return source_record(doc, digest), errors


# -- worker processes ------------------------------------------------------------------------

_worker_host: PluginHost | None = None


def _worker_init(host_args: tuple | None) -> None:
    global _worker_host
    if _worker_host is None and host_args is not None:
        from newslint.registry import PluginHost

        _worker_host = PluginHost(*host_args)


def _worker_extract(
    task: tuple[int, str, str, str],
) -> tuple[int, str, SourceRecord | None, list[str], tuple[bool, str] | None]:
    i, path, display, digest = task
    assert _worker_host is not None
    try:
        data = read_bytes(path, display)
        digest = content_digest(data, path)
        record, errors = extract_source(data, display, digest, _worker_host)
        return i, digest, record, errors, None
    except DocumentError as exc:  # (skipped?, message): raised again, or noted, by the writer
        return i, digest, None, [], (isinstance(exc, DocumentSkipped), exc.message)


# -- refreshing ------------------------------------------------------------------------------


@dataclass
class Refreshed:
    """The outcome of bringing a set of source files up to date in a store."""

    handles: list[SourceHandle | None]  # None: a file skipped with a note (see ``skipped``)
    errors: dict[int, list[str]] = field(default_factory=dict)  # extractor failures, by source
    skipped: dict[int, str] = field(default_factory=dict)  # files a reader declined, with the note
    read: int = 0  # files read (stat changed or new)
    extracted: int = 0  # contents extracted
    added: int = 0  # sources new to the store
    updated: int = 0  # known paths whose content changed


@dataclass
class Indexer:
    """Brings sources up to date in ``store`` for ``host``'s extractors.

    ``overlay`` holds, in memory, the sources the store cannot keep (an extractor failed on them, or
    the store is read-only or failed): the check still sees their facts.
    """

    store: FactStore
    host: PluginHost
    host_args: tuple | None = None  # how a worker builds the same host (spawn platforms)
    jobs: int = 0
    overlay: FactStore | None = None
    progress: Callable[[int], object] | None = None
    warnings: list[str] = field(default_factory=list)

    def refresh(
        self, paths: Sequence[Path | FileState], displays: Sequence[str], _again: bool = False
    ) -> Refreshed:
        """Handles to ``paths`` (files or their stats), in order; new contents extracted and stored."""
        fingerprint = self.host.extraction_fingerprint
        states = [file_state(p) if isinstance(p, Path) else p for p in paths]
        try:
            known = self.store.known_files(states, fingerprint)
        except StoreError as exc:
            self._store_failed(exc)
            known = {}
        infos: list[SourceInfo | None] = [None] * len(states)
        digests: list[str | None] = [None] * len(states)
        todo: list[int] = []
        for i, st in enumerate(states):
            hit = known.get(st.path)
            if hit is not None:
                digests[i] = hit[0]
                infos[i] = hit[1]
            if infos[i] is None:
                todo.append(i)
        result = Refreshed(handles=[])
        if self.progress is not None and len(states) > len(todo):
            self.progress(len(states) - len(todo))

        # read and hash what changed; reuse contents the store holds already
        extract: list[int] = []
        extracting: set[int] = set()
        data: dict[int, bytes] = {}
        parallel = self._parallel(len(todo))
        for i in todo:
            if digests[i] is not None and parallel:
                extract.append(i)  # known content, new fingerprint: the worker reads it
                extracting.add(i)
                continue
            raw = read_bytes(states[i].path, displays[i])
            digests[i] = content_digest(raw, states[i].path)
            if not parallel:
                data[i] = raw
            result.read += 1
        if todo:
            try:
                stored = self.store.sources([d for d in (digests[i] for i in todo) if d], fingerprint)
            except StoreError as exc:
                self._store_failed(exc)
                stored = {}
            for i in todo:
                d = digests[i]
                info = stored.get(d) if d else None
                if info is not None:
                    infos[i] = info
                elif i not in extracting:
                    extract.append(i)
                    extracting.add(i)
            done = [i for i in todo if infos[i] is not None]
            if self.progress is not None and done:
                self.progress(len(done))
            if done:
                self._record([(states[i], info.digest) for i, info in ((i, infos[i]) for i in done) if info])

        if extract:
            self._extract(extract, states, displays, digests, data, infos, result, parallel)
        result.updated = sum(1 for i in todo if states[i].path in known)
        bad: list[int] = []
        for i in range(len(states)):
            info = infos[i]
            if info is None:  # skipped with a note
                result.handles.append(None)
                continue
            store = self.overlay if info.digest.startswith("overlay:") and self.overlay else self.store
            try:
                date = parse_date(info.date)
                if info.date_origin is not None and type(info.date_origin) is not str:
                    raise BadRow("date origin")
            except BadRow:
                bad.append(i)  # a damaged source row: dropped below and extracted again
                date = None
            result.handles.append(SourceHandle(displays[i], info, store, date))
        if bad and not _again:
            try:
                self.store.remove_sources([info.content for info in (infos[i] for i in bad) if info])
            except StoreError as exc:
                self._store_failed(exc)
            again = self.refresh([states[i] for i in bad], [displays[i] for i in bad], _again=True)
            for j, i in enumerate(bad):
                result.handles[i] = again.handles[j]
                if j in again.errors:
                    result.errors[i] = again.errors[j]
                if j in again.skipped:
                    result.skipped[i] = again.skipped[j]
        return result

    def _parallel(self, n: int) -> bool:
        jobs = self.jobs or os.cpu_count() or 1
        return jobs > 1 and n >= PARALLEL_MIN_SOURCES

    def _extract(
        self, todo, states, displays, digests, data, infos, result: Refreshed, parallel: bool
    ) -> None:
        fingerprint = self.host.extraction_fingerprint
        pending: list[tuple[int, SourceRecord]] = []

        def flush() -> None:
            if not pending:
                return
            records = [r for _, r in pending]
            try:
                stored = self.store.add_sources(records, fingerprint)
            except StoreError as exc:
                self._store_failed(exc)
                stored = {}
            files = []
            for i, rec in pending:
                info = stored.get(rec.digest)
                if info is None:
                    info = self._keep_in_memory(rec)
                else:
                    files.append((states[i], rec.digest))
                infos[i] = info
            self._record(files)
            result.added += len(stored)
            pending.clear()

        def accept(i: int, digest: str, record: SourceRecord | None, errors: list[str], failure):
            if failure is not None:
                skipped, message = failure
                if not skipped:
                    raise DocumentError(message, displays[i])
                result.skipped[i] = str(DocumentSkipped(message, displays[i]))
                if self.progress is not None:
                    self.progress(1)
                return
            assert record is not None
            digests[i] = digest
            result.extracted += 1
            if errors:
                result.errors.setdefault(i, []).extend(errors)
                infos[i] = self._keep_in_memory(record)
            else:
                pending.append((i, record))
                if len(pending) >= WRITE_BATCH:
                    flush()
            if self.progress is not None:
                self.progress(1)

        if not parallel:
            for i in todo:
                raw = data.pop(i, None)
                if raw is None:
                    raw = read_bytes(states[i].path, displays[i])
                    digests[i] = content_digest(raw, states[i].path)
                    result.read += 1
                digest = digests[i] or content_digest(raw, states[i].path)
                try:
                    record, errors = extract_source(raw, displays[i], digest, self.host)
                except DocumentSkipped as exc:
                    accept(i, digest, None, [], (True, exc.message))
                    continue
                accept(i, digest, record, errors, None)
            flush()
            return

        import multiprocessing

        global _worker_host
        jobs = min(self.jobs or os.cpu_count() or 1, len(todo))
        ctx: multiprocessing.context.BaseContext
        try:
            ctx = multiprocessing.get_context("fork")
            _worker_host = self.host  # inherited by the forked workers
            args = None
        except ValueError:
            ctx = multiprocessing.get_context("spawn")
            args = self.host_args
        tasks = [(i, states[i].path, displays[i], digests[i] or "") for i in todo]
        try:
            with ctx.Pool(jobs, initializer=_worker_init, initargs=(args,)) as pool:
                chunk = max(1, min(64, len(tasks) // (jobs * 8)))
                # Tasks go out a window at a time: when the writer is slower than the workers (a
                # large index on a slow disk), finished sources wait in the workers' queue, not by
                # the thousand in this process's memory.
                for w in range(0, len(tasks), IN_FLIGHT):
                    # (in order: contents are stored in the order of their paths, which is the order
                    # of a check's sources, so that the index's order is the check's)
                    for outcome in pool.imap(_worker_extract, tasks[w : w + IN_FLIGHT], chunk):
                        accept(*outcome)
                flush()
        finally:
            _worker_host = None
        result.read += sum(1 for i in todo if i not in data)

    def _keep_in_memory(self, record: SourceRecord) -> SourceInfo:
        if self.overlay is None:
            from newslint.store_sqlite import SQLiteStore

            self.overlay = SQLiteStore(None)
        record.digest = "overlay:" + record.digest
        return self.overlay.add_sources([record], "overlay")[record.digest]

    def _record(self, files: list[tuple[FileState, str]]) -> None:
        if not files:
            return
        try:
            self.store.record_files(files)
        except StoreError as exc:
            self._store_failed(exc)

    def _store_failed(self, exc: Exception) -> None:
        message = f"{exc}; running without writing the cache"
        if message not in self.warnings:
            self.warnings.append(message)


def elapsed(since: float) -> float:
    return time.perf_counter() - since
