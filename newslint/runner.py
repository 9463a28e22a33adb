"""The check pipeline: drafts -> documents -> facts -> checks -> findings -> report.

``Session`` holds what a run shares between drafts (configs, plugin hosts, caches, loaded sources);
``check_draft`` checks one draft; ``run_check`` checks them all and builds the report.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import os
import time
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newslint.check import CheckContext
from newslint.config import Config, ConfigResolver, is_selected
from newslint.document import Document, decode_text, read_bytes, sniff_kind
from newslint.errors import (
    DocumentError,
    IndexUnavailableError,
    NewslintError,
    SourceError,
    UsageError,
)
from newslint.extraction import extract_facts, load_document
from newslint.finding import SORT_KEY, Evidence, Finding
from newslint.index import CACHE_DIRNAME, BadRow, LazyPaths, SourceHandle, SourceIndex, SourceSet
from newslint.indexing import Indexer, file_state
from newslint.registry import PluginHost
from newslint.report import DraftText, Report
from newslint.sources import (
    display_path,
    expand_source,
    front_matter_sources,
    project_root,
    walk_by_directories,
    walk_document_strings,
    walk_documents,
)
from newslint.store import RACY_NS, FactStore, Snapshot, StoreError
from newslint.suppressions import Suppressed, apply_suppressions, parse_suppressions, reasonless, unused


@dataclass
class CheckOptions:
    """``check``'s command-line options (each overrides or extends the configuration)."""

    sources: tuple[str, ...] = ()
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    fail_level: str | None = None
    date: dt.date | None = None
    stdin_filename: str | None = None
    config: Path | None = None
    isolated: bool = False
    no_cache: bool = False
    cache_dir: Path | None = None
    index: str | None = None  # --index: a folder, a postgresql:// URL or env:NAME (store_open)
    jobs: int | None = None
    diff: str | None = None  # git ref: report only findings on lines changed since it
    skip_sources: bool = False  # drop PATHS that are sources of their configuration


@dataclass
class DraftInput:
    path: Path | None  # None for stdin
    display: str
    data: bytes | None = None  # stdin content


@dataclass
class DraftResult:
    display: str
    findings: list[Finding]
    sources: Sequence[str]
    warnings: list[str] = field(default_factory=list)
    unreadable: bool = False  # NL001: the draft could not be parsed
    suppressed: list[Suppressed] = field(default_factory=list)
    draft: DraftText | None = None  # the text as read (None when it could not be read)


def snapshot_key(paths: list[str], config: Config) -> tuple[bytes, bytes]:
    """The key of a source set's snapshot (its paths, in order) and its group (its configuration)."""
    group = hashlib.blake2b(str(config.path).encode("utf-8", "surrogateescape"), digest_size=16).digest()
    key = hashlib.blake2b("\0".join(paths).encode("utf-8", "surrogateescape"), key=group, digest_size=20)
    return key.digest(), group


def _pair_ref(pairs: list, table: dict, info) -> int:
    """The index of a source's (date, date origin) in a snapshot's table of distinct pairs (added)."""
    pair = (info.date, info.date_origin)
    r = table.get(pair)
    if r is None:
        r = table[pair] = len(pairs)
        pairs.append(pair)
    return r


def save_snapshot(
    store: FactStore, paths: list[str], config: Config, fingerprint: str, states, handles
) -> None:
    """Save the snapshot of a source set just resolved (``newslint index``: the next check of a
    draft against the configured sources reads one row)."""
    save = getattr(store, "save_snapshot", None)
    if save is None or len(paths) < SNAPSHOT_MIN or len(handles) != len(paths):
        return
    if any(h is None or h.store is not store for h in handles):
        return
    pairs: list[tuple[str | None, str | None]] = []
    table: dict[tuple[str | None, str | None], int] = {}
    refs = array("i", [_pair_ref(pairs, table, h.info) for h in handles])
    try:
        generation = store.generation()
    except StoreError:
        return
    snapshot = Snapshot(
        fingerprint,
        generation,
        time.time_ns(),
        paths,
        array("q", [st.size for st in states]),
        array("q", [st.mtime_ns for st in states]),
        array("q", [st.inode for st in states]),
        array("q", [h.info.content for h in handles]),
        refs,
        pairs,
    )
    save(*snapshot_key(paths, config), snapshot)


# From this many sources, a check first asks the index for a snapshot of the whole source set
# (Session.sources): below it, resolving the sources one by one costs as little.
SNAPSHOT_MIN = 200


class Session:
    def __init__(
        self,
        options: CheckOptions,
        cwd: Path | None = None,
        fill: bool = False,
        hosts: dict[Path | None, PluginHost] | None = None,
    ):
        self.options = options
        # plugin hosts the caller already built (the CLI builds one to know the report formats),
        # by config path: taken over instead of built again, and checked as a new one is
        self._built_hosts = dict(hosts or {})
        self.fill = fill  # `newslint index`: may write a shared (server) index; checks only read it
        self.cwd = (cwd or Path.cwd()).resolve()
        self._cwd_prefix = str(self.cwd).rstrip(os.sep) + os.sep
        self.configs = ConfigResolver(options.config, options.isolated, self.cwd)
        self._hosts: dict[Path | None, PluginHost] = {}
        self._stores: dict[str | Path | None, FactStore] = {}
        self._indexers: dict[tuple[str | Path | None, Path | None], Indexer] = {}
        # (absolute source path, config) -> (handle, extractor errors): resolved once a session
        self._handles: dict[tuple[str, Path | None], tuple[SourceHandle | None, list[str]]] = {}
        self.warnings: list[str] = []
        self._expanded: dict[tuple[str, Path, str], list[str]] = {}
        # sources in folders whose mtime is unchanged (freshness = "directories"): not stat'ed
        self._trusted: set[str] = set()
        self._indexes: dict[tuple[int, ...], SourceIndex] = {}
        self._snapshots: dict[bytes, SourceSet] = {}

    def warn(self, message: str) -> None:
        """A warning printed once per run (stderr), however many drafts give it."""
        if message not in self.warnings:
            self.warnings.append(message)

    def index(self, handles: Sequence[SourceHandle], config: Config) -> SourceIndex:
        """One SourceIndex per set of sources, shared by the drafts that have it (its lookups are
        memoised and are the costly part of checking many drafts against the same sources)."""
        # the handles live in self._handles (a snapshot's set in self._snapshots) for the session
        key = (id(handles),) if isinstance(handles, SourceSet) else tuple(id(h) for h in handles)
        if key not in self._indexes:
            host = self.host(config)
            self._indexes[key] = SourceIndex(
                handles=handles, fact_types={k: ex.fact_type for k, ex in host.extractors.items()}
            )
        return self._indexes[key]

    def close(self) -> None:
        for indexer in self._indexers.values():
            if indexer.overlay is not None:
                indexer.overlay.close()
        for store in self._stores.values():
            store.close()

    def host(self, config: Config) -> PluginHost:
        if config.path not in self._hosts:
            host = self._built_hosts.pop(config.path, None) or PluginHost.for_config(config)
            host.raise_load_errors()
            check_selectors(config, host.rules)
            check_house_style(config, host.packs)
            self._hosts[config.path] = host
            check_cli_selectors(self.options, host.rules)
        return self._hosts[config.path]

    def index_target(self, config: Config) -> str | Path | None:
        """Where ``config``'s index is: a server URL (str), a folder, or None (in memory)."""
        from newslint.store_open import resolve_index

        if self.options.no_cache:
            return None
        if self.options.index is not None:
            return resolve_index(self.options.index, self.cwd, "--index")
        if config.index is not None:
            return resolve_index(config.index, config.root, config.display, "index")
        return self.cache_dir(config)

    def cache_dir(self, config: Config) -> Path | None:
        if self.options.no_cache:
            return None
        if self.options.cache_dir is not None:
            return self.options.cache_dir
        if config.cache_dir:
            return config.resolve(config.cache_dir)
        return config.root / CACHE_DIRNAME

    def store(self, config: Config) -> FactStore:
        """The fact store of ``config``'s sources (embedded SQLite; in memory with --no-cache or
        when the cache cannot be opened, with a warning)."""
        from newslint.store_sqlite import SQLiteStore

        directory = self.index_target(config)
        if isinstance(directory, str):  # a shared index on a server: a fault there is exit 2
            if directory not in self._stores:
                from newslint.store_open import open_server_store

                store = open_server_store(directory, readonly=not self.fill)
                if getattr(store, "empty", False):
                    self.warnings.append(
                        "the shared index holds no newslint tables yet; fill it with `newslint index"
                        " --index URL` (this check read its sources itself)"
                    )
                self._stores[directory] = store
            return self._stores[directory]
        if directory not in self._stores:
            try:
                store = SQLiteStore(directory)
            except StoreError as exc:
                self.warnings.append(f"{exc}; running without cache")
                store = SQLiteStore(None)
            self._stores[directory] = store
        return self._stores[directory]

    def indexer(self, config: Config) -> Indexer:
        key = (self.index_target(config), config.path)
        if key not in self._indexers:
            host_args = (
                [config.resolve(p) for p in config.plugins],
                [config.resolve(p) for p in config.rule_packs],
                config.display,
            )
            self._indexers[key] = Indexer(
                self.store(config), self.host(config), host_args, jobs=self.options.jobs or 0
            )
        return self._indexers[key]

    def display(self, path: str) -> str:
        """A source path (absolute) as reports show it (cheap for the many inside the working folder)."""
        if path.startswith(self._cwd_prefix):
            rel = path[len(self._cwd_prefix) :]
            return rel if os.sep == "/" else rel.replace(os.sep, "/")
        return display_path(path)

    def sources(self, paths: list[str], config: Config) -> tuple[Sequence[SourceHandle], list[str]]:
        """Handles to ``paths`` (absolute) in the index, brought up to date (each path once a session).

        A large source set (an archive) is resolved against the index's snapshot of it: every
        file is stat'ed, and only those whose stat differs from the snapshot's (or that are new to
        it) are resolved one by one; the others' sources come from the snapshot's one row."""
        if len(paths) >= SNAPSHOT_MIN and not self.options.no_cache:
            found = self._from_snapshot(paths, config)
            if found is not None:
                return found
        return self._resolve(paths, config)

    def _stats(self, paths: list[str], old: Snapshot | None) -> tuple[array, array, array]:
        """Each file's (size, mtime_ns, inode): from ``stat``, or from the snapshot for a file that
        ``freshness = "directories"`` trusts."""
        trusted = self._trusted
        if old is None or not trusted:
            stats = [os.stat(p) for p in paths]  # (threads make it slower on a quiet machine)
            return (
                array("q", [st.st_size for st in stats]),
                array("q", [st.st_mtime_ns for st in stats]),
                array("q", [st.st_ino for st in stats]),
            )
        same = old.paths == paths
        if same:  # the snapshot's columns, with the files of folders that changed stat'ed again
            sizes, mtimes, inodes = array("q", old.sizes), array("q", old.mtimes), array("q", old.inodes)
            for i in [i for i, p in enumerate(paths) if p not in trusted]:
                st = os.stat(paths[i])
                sizes[i], mtimes[i], inodes[i] = st.st_size, st.st_mtime_ns, st.st_ino
            return sizes, mtimes, inodes
        where = {p: i for i, p in enumerate(old.paths)}
        sizes, mtimes, inodes = array("q"), array("q"), array("q")
        for p in paths:
            j = where.get(p) if p in trusted else None
            if j is None:
                st = os.stat(p)
                sizes.append(st.st_size)
                mtimes.append(st.st_mtime_ns)
                inodes.append(st.st_ino)
            else:
                sizes.append(old.sizes[j])
                mtimes.append(old.mtimes[j])
                inodes.append(old.inodes[j])
        return sizes, mtimes, inodes

    def _from_snapshot(
        self, paths: list[str], config: Config
    ) -> tuple[Sequence[SourceHandle], list[str]] | None:
        store = self.store(config)
        get, save = getattr(store, "snapshot", None), getattr(store, "save_snapshot", None)
        if get is None or save is None:
            return None
        kb, group = snapshot_key(paths, config)
        if kb in self._snapshots:
            return self._snapshots[kb], []
        fingerprint = self.host(config).extraction_fingerprint
        try:
            generation = store.generation()
        except StoreError:
            return None
        old = get(kb, group)
        if old is not None and (old.fingerprint != fingerprint or old.generation != generation):
            old = None  # other extractors, or sources removed since: resolved one by one
        try:
            sizes, mtimes, inodes = self._stats(paths, old)
        except OSError:
            return None  # resolved one by one, which names the file
        # each file whose stat is the snapshot's (and was not recorded racily) keeps its source
        n = len(paths)
        kept: list[int] = [-1] * n  # index in the snapshot, or -1: resolve the file
        if old is not None:
            racy = old.saved_ns - RACY_NS
            same = old.paths == paths
            if (
                same
                and old.sizes == sizes
                and old.mtimes == mtimes
                and old.inodes == inodes
                and max(mtimes) < racy
            ):
                try:
                    handles = SourceSet(store, paths, self.display, old.contents, old.refs, old.pairs)
                except BadRow:
                    return None
                self._snapshots[kb] = handles
                return handles, []
            o_sizes, o_mtimes, o_inodes = old.sizes, old.mtimes, old.inodes
            if same:  # the usual case (a story edited or rewritten): every file is where it was
                kept = list(range(n))
                for i in [
                    i
                    for i, (a, b, c, d, e, f) in enumerate(
                        zip(sizes, o_sizes, mtimes, o_mtimes, inodes, o_inodes, strict=True)
                    )
                    if a != b or c != d or e != f or c >= racy
                ]:
                    kept[i] = -1
            else:
                where = {p: i for i, p in enumerate(old.paths)}
                for i, p in enumerate(paths):
                    j = where.get(p)
                    if (
                        j is not None
                        and sizes[i] == o_sizes[j]
                        and mtimes[i] == o_mtimes[j] < racy
                        and inodes[i] == o_inodes[j]
                    ):
                        kept[i] = j
        todo = [i for i, j in enumerate(kept) if j < 0]
        own = getattr(store, "own_removals", 0)
        errors = self._resolve([paths[i] for i in todo], config)[1] if todo else []
        generation += getattr(store, "own_removals", 0) - own  # an edited file's old content went
        fresh = [self._handles[(paths[i], config.path)][0] for i in todo]  # (resolved just above)
        if errors or any(h is None or h.store is not store for h in fresh):
            # an extractor failed on a source (kept in memory), or a reader skipped a file: the
            # set is resolved one by one and not snapshotted
            return self._resolve(paths, config)
        pairs: list[tuple[str | None, str | None]] = list(old.pairs) if old is not None else []
        table = {pair: r for r, pair in enumerate(pairs)}

        if old is not None and old.paths == paths:  # (the snapshot's columns, patched below)
            contents, refs = array("q", old.contents), array("i", old.refs)
        else:
            contents = array("q", bytes(8 * n))
            refs = array("i", bytes(4 * n))
            for i, j in enumerate(kept):
                if j >= 0:
                    contents[i] = old.contents[j] if old is not None else 0
                    refs[i] = old.refs[j] if old is not None else 0
        for i, h in zip(todo, fresh, strict=True):
            assert h is not None
            contents[i] = h.info.content
            refs[i] = _pair_ref(pairs, table, h.info)
        try:
            handles = SourceSet(store, paths, self.display, contents, refs, pairs)
        except BadRow:
            return None
        save(
            kb,
            group,
            Snapshot(
                fingerprint, generation, time.time_ns(), paths, sizes, mtimes, inodes, contents, refs, pairs
            ),
        )
        self._snapshots[kb] = handles
        return handles, []

    def _resolve(self, paths: list[str], config: Config) -> tuple[list[SourceHandle], list[str]]:
        cfg = config.path
        keys = [(p, cfg) for p in paths]
        handles_of = self._handles
        missing = [k for k in keys if k not in handles_of]
        if missing:
            missing = list(dict.fromkeys(missing))
            indexer = self.indexer(config)
            displays = [self.display(k[0]) for k in missing]
            try:
                states = [file_state(k[0], d) for k, d in zip(missing, displays, strict=True)]
                refreshed = indexer.refresh(states, displays)
            except DocumentError as exc:  # the source's fault, not the draft's: exit 2 naming it
                raise SourceError(f"{exc.message} (a source of this check)", exc.path, exc.line) from None
            for i, (k, handle) in enumerate(zip(missing, refreshed.handles, strict=True)):
                self._handles[k] = (handle, refreshed.errors.get(i, []))
            for note in refreshed.skipped.values():
                self.warnings.append(f"{note}; skipped")
            for w in indexer.warnings:
                if w not in self.warnings:
                    self.warnings.append(w)
        handles, errors = [], []
        for k in keys:
            handle, errs = handles_of[k]
            if handle is not None:
                handles.append(handle)
            if errs:
                errors += errs
        return handles, errors

    def forget(self, contents: set[int] | None = None) -> None:
        """Resolve sources again (all of them, or those of ``contents``) at their next use."""
        self._snapshots.clear()
        if contents is None:
            self._handles.clear()
        else:
            for k in [
                k for k, (h, _) in self._handles.items() if h is not None and h.info.content in contents
            ]:
                del self._handles[k]
        self._indexes.clear()

    def _expand(self, spec: str, base: Path, origin: str, config: Config) -> list[str]:
        """Command-line and config sources are the same for every draft: walk their folders once.
        Absolute, normalised path strings (no Path object per source of a large archive)."""
        key = (spec, base, config.freshness)
        if key not in self._expanded:
            folder = os.path.abspath(os.path.join(base, os.path.expanduser(spec)))
            if not any(ch in spec for ch in "*?[") and os.path.isdir(folder):
                if config.freshness == "directories" and not self.options.no_cache:
                    self._expanded[key] = self._walk_trusting_directories(folder, config)
                else:
                    self._expanded[key] = walk_document_strings(folder)
            else:
                self._expanded[key] = [os.path.abspath(p) for p in expand_source(spec, base, origin)]
        return self._expanded[key]

    def _walk_trusting_directories(self, folder: str, config: Config) -> list[str]:
        """A source folder walked with ``freshness = "directories"``: the folders whose mtime is
        the one recorded at the last walk keep their listing, and their files are trusted (their
        stat is taken from the snapshot of the source set, see ``_from_snapshot``)."""
        store = self.store(config)
        get = getattr(store, "walk_record", None)
        save = getattr(store, "save_walk_record", None)
        if get is None or save is None:  # a backend without records: git's freshness, by stat
            return walk_document_strings(folder)
        started = time.time_ns()
        previous = get(folder)
        saved_ns, record = previous if previous is not None else (0, None)
        found, trusted, fresh, listed = walk_by_directories(folder, record, saved_ns - RACY_NS)
        if listed or previous is None:
            save(folder, started, fresh)
        self._trusted.update(trusted)
        return found

    def source_paths(self, config: Config, draft: Document, draft_path: Path | None) -> list[str]:
        paths: list[str] = []
        for spec in self.options.sources:
            paths += self._expand(spec, self.cwd, "--source", config)
        for spec in config.sources:
            paths += self._expand(spec, config.root, config.display, config)
        if "sources" in draft.front_matter:
            base = draft_path if draft_path is not None else self.cwd / "draft"
            root = config.root if config.path is not None else project_root(base, self.cwd)
            paths += [
                os.path.abspath(p)
                for p in front_matter_sources(draft.front_matter["sources"], base, root, draft.path)
            ]
        own = os.path.abspath(draft_path) if draft_path is not None else None
        unique = list(dict.fromkeys(paths))
        if own in unique:
            unique.remove(own)
        return unique


def collect_drafts(paths: list[str], options: CheckOptions, stdin) -> list[DraftInput]:
    drafts: list[DraftInput] = []
    for spec in paths:
        if spec == "-":
            data = stdin.read() if stdin is not None else b""
            drafts.append(DraftInput(None, options.stdin_filename or "-", data))
            continue
        path = Path(spec)
        if path.is_dir():
            found = walk_documents(path)
            if not found:
                raise UsageError(
                    "folder holds no document to check (.md, .markdown, .txt, .xml, .html, .htm, .docx)", spec
                )
            drafts += [DraftInput(p, display_path(p)) for p in found]
        elif path.is_file():
            drafts.append(DraftInput(path, display_path(path)))
        else:
            raise UsageError("path does not exist; check the name", spec)
    return drafts


def check_draft(draft: DraftInput, session: Session) -> DraftResult:
    """Check one draft. A DocumentError is raised for an unreadable draft (the caller decides)."""
    options = session.options
    where = draft.path if draft.path is not None else session.cwd / (options.stdin_filename or "stdin.md")
    config = session.configs.for_path(where)
    host = session.host(config)
    kind = None
    content: str | bytes
    if draft.path is not None:
        content = read_bytes(draft.path, draft.display)
    elif options.stdin_filename is not None:
        content = draft.data or b""
    else:  # stdin with no name: no suffix says the format; its content does, and the user is told
        content = decode_text(draft.data or b"", draft.display)
        kind = sniff_kind(content)
        session.warn(
            f"'-' (stdin) has no --stdin-filename: read as {'Markdown' if kind == 'markdown' else 'plain text'}"
            " from its content; pass --stdin-filename NAME.md or NAME.txt to say which"
        )
    doc, errors = _read_draft(content, draft, kind, host, session, config)

    paths = session.source_paths(config, doc, draft.path if draft.path is not None else where)
    suppressed: list[Suppressed] = []
    findings, handles = check_against_sources(doc, paths, config, host, session, errors, suppressed)
    return DraftResult(
        draft.display,
        findings,
        handles.display_paths() if isinstance(handles, SourceSet) else [h.path for h in handles],
        suppressed=suppressed,
        draft=DraftText(doc.kind, doc.text, doc.front_matter_lines) if doc.text is not None else None,
    )


def _read_draft(
    content: str | bytes,
    draft: DraftInput,
    kind: str | None,
    host: PluginHost,
    session: Session,
    config: Config,
) -> tuple[Document, list[str]]:
    """The draft's document and facts, and the messages of extractors that failed on it.  A draft
    read before, unchanged, comes from the draft cache (newslint/draft_cache.py) unread."""
    options = session.options
    from newslint import draft_cache

    cache = session.cache_dir(config) if draft.path is not None else None
    key = None
    if cache is not None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        key = draft_cache.draft_key(
            data, draft.display, options.date, kind, host.extraction_fingerprint, host.plugin_versions
        )
        fact_types = {kind_: ex.fact_type for kind_, ex in host.extractors.items()}
        cached = draft_cache.load(cache, key, fact_types)
        if cached is not None:
            return cached, []
    doc = load_document(content, draft.display, host, date=options.date, kind=kind)
    errors = extract_facts(doc, host)
    if cache is not None and key is not None and not errors:
        draft_cache.save(cache, key, doc)
    return doc, errors


def check_against_sources(
    doc: Document,
    paths: list[str],
    config: Config,
    host: PluginHost,
    session: Session,
    errors: list[str],
    suppressed: list[Suppressed] | None = None,
) -> tuple[list[Finding], Sequence[SourceHandle]]:
    """Run the checks of one draft against its sources, read from one consistent snapshot of the
    index.  A source that another process removed meanwhile, or whose rows fail validation, is
    extracted again and the draft checked again (at most twice; then the check goes on without it)."""
    for attempt in range(3):
        store = session.store(config)
        own = getattr(store, "own_removals", 0)
        try:
            generation = store.generation()
        except StoreError:
            generation = -1
        handles, source_errors = session.sources(paths, config)
        if generation != -1:  # (the old content of a source this check found edited is no news)
            generation += getattr(store, "own_removals", 0) - own
        index = session.index(handles, config)
        last = attempt == 2
        try:
            with store.reading():
                if not last and generation != -1 and store.generation() != generation:
                    session.forget()  # sources were removed before this snapshot: resolve again
                    continue
                if suppressed is not None:
                    suppressed.clear()  # a retried check reports its suppressions once
                findings = run_checks(
                    doc, index, config, host, session.options, errors + source_errors, suppressed
                )
        except StoreError as exc:
            if not last:
                continue
            session.warnings.append(f"{exc}; findings may be incomplete")
            raise
        if index.bad_sources and not last:
            for content, (bad_store, _why) in index.bad_sources.items():
                try:
                    bad_store.remove_sources([content])
                except StoreError:
                    pass
            session.forget(set(index.bad_sources))
            continue
        if index.failure and index.failure not in session.warnings:
            session.warnings.append(f"{index.failure}; findings may be incomplete")
        return findings, handles
    raise AssertionError("unreachable")


def run_checks(
    doc: Document,
    sources: SourceIndex,
    config: Config,
    host: PluginHost,
    options: CheckOptions | None = None,
    extraction_errors: Sequence[str] = (),
    suppressed: list[Suppressed] | None = None,
) -> list[Finding]:
    """Run every selected check on one draft; isolate failures; filter and apply suppressions.

    Findings silenced by a suppression comment are appended to ``suppressed`` when it is given.
    """
    options = options or CheckOptions()
    select = options.select or config.select
    config_ignore = list(config.ignore)
    rel = _relative_to(doc.path, config.root)
    for pattern, codes in config.per_file_ignores.items():
        if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(Path(rel).name, pattern):
            config_ignore += codes
    # A code named on the command line beats the configuration's ignore of the same specificity.
    cli_select = options.select is not None

    verdicts: dict[str, bool] = {}  # per code: thousands of findings share a handful of codes

    def active(code: str) -> bool:
        verdict = verdicts.get(code)
        if verdict is None:
            if code in RUN_PROBLEMS:  # kept by any --select; only an explicit ignore drops them
                ignores = [*options.ignore, *config_ignore]
                verdict = not any(s != "ALL" and code.startswith(s) for s in ignores)
            else:
                verdict = is_selected(code, select, list(options.ignore)) and (
                    is_selected(code, select, config_ignore, ties_select=cli_select)
                )
            verdicts[code] = verdict
        return verdict

    ctx = CheckContext(doc, sources, config, host.packs, host.rules)
    findings: list[Finding] = []
    for message in extraction_errors:
        findings.append(ctx.finding("NL002", 0, 0, message))
    for check in host.checks:
        if not any(active(c) for c in check.codes):
            continue
        who = f"check {check.name!r} of plugin {check.plugin!r}"
        try:
            produced = list(check.run(ctx))
        except IndexUnavailableError:  # the shared index server failed: exit 2, not NL002
            raise
        except (Exception, SystemExit) as exc:  # plugin isolation (flake8-style): report and go on
            what = f"called sys.exit({exc.code!r})" if isinstance(exc, SystemExit) else "failed"
            findings.append(ctx.finding("NL002", 0, 0, f"{who} {what}: {type(exc).__name__}: {exc}"))
            continue
        made_here = ctx.made_here
        for item in produced:
            if made_here(item) and item.code in check.codes:
                findings.append(item)
                continue
            problem = invalid_finding(item, doc, check.codes)
            if problem is None:
                findings.append(item)
            else:
                findings.append(ctx.finding("NL002", 0, 0, f"{who} returned {problem}; fix the plugin"))
    findings = [f for f in findings if active(f.code)]

    if doc.text is not None:
        suppressions, problems = parse_suppressions(
            doc.text, doc.position, len(doc.line_starts), known=lambda sel: selects_any(sel, host.rules)
        )
        findings = apply_suppressions(findings, suppressions, suppressed)
        ran_codes = {c for check in host.checks for c in check.codes if active(c)}
        problems += unused(suppressions, lambda code: any(c.startswith(code) for c in ran_codes))
        if config.require_suppression_reason:
            problems += reasonless(suppressions)
        findings += [ctx.finding(p.code, p.start, p.end, p.message) for p in problems if active(p.code)]
    return sorted(set(findings), key=SORT_KEY)


# A plugin that crashed (NL002) says that some checks did not run: `--select ACM` must not turn
# that into "All clear".  Only an explicit --ignore/ignore of the code (or a prefix) drops it.
RUN_PROBLEMS = frozenset({"NL002"})


def invalid_finding(item: object, doc: Document, codes: tuple[str, ...]) -> str | None:
    """What is wrong with what a check yielded, or ``None`` when it is a valid finding of ``doc``:
    a Finding of one of the check's codes, with fields of the right types and a span inside the
    draft (positions are 1-based; columns end-exclusive)."""
    if _plainly_valid(item, doc, codes):
        return None
    if not isinstance(item, Finding):
        return f"{type(item).__name__} {_clip(repr(item))}, not a Finding"
    for name, kind in (("line", int), ("column", int), ("end_line", int), ("end_column", int)):
        value = getattr(item, name)
        if not isinstance(value, kind) or isinstance(value, bool):
            return f"a Finding whose {name} is {_clip(repr(value))}, not a whole number"
    for name in ("path", "code", "rule", "severity", "message", "excerpt"):
        if not isinstance(getattr(item, name), str):
            return f"a Finding whose {name} is {_clip(repr(getattr(item, name)))}, not text"
    if not isinstance(item.evidence, tuple) or not all(isinstance(e, Evidence) for e in item.evidence):
        return "a Finding whose evidence is not a tuple of Evidence"
    if item.code not in codes:
        return (
            f"a Finding of {item.code!r}, which the check does not declare (it declares {', '.join(codes)})"
        )
    if item.path != doc.path:
        return f"a Finding on {item.path!r}, not on the draft {doc.path!r}"
    where = _span_problem(doc, item.line, item.column, item.end_line, item.end_column)
    if where is not None:
        return f"a Finding at {item.line}:{item.column}-{item.end_line}:{item.end_column}, {where}"
    return None


def _span_problem(doc: Document, line: int, column: int, end_line: int, end_column: int) -> str | None:
    """Why a span is not one of ``doc`` ("outside the draft", "which ends before it starts"), or
    None when it is (positions are 1-based; columns end-exclusive)."""
    starts = doc.line_starts
    n = len(starts)
    if not (1 <= line <= end_line <= n) or column < 1 or end_column < 1:
        return "outside the draft"
    if (line, column) > (end_line, end_column):
        return "which ends before it starts"
    if doc.text is not None:
        text_len = len(doc.text)
        for at, col in ((line, column), (end_line, end_column)):
            if starts[at - 1] + col - 1 >= (starts[at] if at < n else text_len + 1):
                return "outside the draft"
    return None


def _plainly_valid(item: object, doc: Document, codes: tuple[str, ...]) -> bool:
    """The common case of :func:`invalid_finding` in a few exact-type tests: a Finding built by
    ``ctx.finding`` (exact ``int`` and ``str`` fields, a tuple of Evidence) with a span inside the
    draft.  Anything else, a subclass included, goes through the full checks and their messages."""
    if type(item) is not Finding:
        return False
    line, column, end_line, end_column = item.line, item.column, item.end_line, item.end_column
    if not (type(line) is int and type(column) is int and type(end_line) is int and type(end_column) is int):
        return False
    if not (
        type(item.path) is str
        and type(item.code) is str
        and type(item.rule) is str
        and type(item.severity) is str
        and type(item.message) is str
        and type(item.excerpt) is str
        and type(item.evidence) is tuple
    ):
        return False
    for e in item.evidence:
        if type(e) is not Evidence:
            return False
    if item.code not in codes or item.path != doc.path:
        return False
    return _span_problem(doc, line, column, end_line, end_column) is None


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def selects_any(selector: str, rules) -> bool:
    """Whether a code or prefix (``NL2``, ``NL201``, ``ALL``) names at least one registered rule."""
    return selector == "ALL" or any(code.startswith(selector) for code in rules)


def check_cli_selectors(options: CheckOptions, rules) -> None:
    """--select/--ignore naming no rule is a typo, not "All clear": exit 2."""
    for flag, selectors in (("--select", options.select or []), ("--ignore", options.ignore or [])):
        for sel in selectors:
            if not selects_any(sel, rules):
                raise UsageError(
                    f"{sel!r} is not a rule code or prefix of any rule; `newslint rules` lists them", flag
                )


def check_selectors(config: Config, rules) -> None:
    """A configuration's ``select``, ``ignore`` or ``per-file-ignores`` naming no rule is exit 2,
    naming the file and line: a typo in ``select`` silently turns checks off, one in ``ignore`` lets
    through the findings it was meant to silence.  The nearest configuration applies alone (it is
    not merged with its parents), so a code of a plugin it does not load can never match."""
    named = [("select", sel) for sel in config.select] + [("ignore", sel) for sel in config.ignore]
    named += [("per-file-ignores", sel) for codes in config.per_file_ignores.values() for sel in codes]
    for key, sel in named:
        if not selects_any(sel, rules):
            raise config.error(
                key,
                f"key {key!r} names {sel!r}, which is not the code or prefix of any rule; "
                "`newslint rules` lists them",
            )


def check_house_style(config: Config, packs) -> None:
    """Every unit in ``house-style`` is one the unit packs know, and so is its preferred spelling:
    otherwise NL103 could never apply it (or would ask for a spelling newslint cannot read)."""
    from newslint.facts.quantity import unit_style

    for key, preferred in config.house_style.items():
        for spelling, what in ((key, "unit"), (preferred, "preferred spelling")):
            if unit_style(packs, spelling.strip())[0] is None:
                raise config.error(
                    "house-style",
                    f"key 'house-style': {what} {spelling!r} is not a unit spelling the unit packs "
                    "know; use one from rules/units.toml (`newslint extract` shows the units read) "
                    "or add it in a rule pack",
                )


def _relative_to(display: str, root: Path) -> str:
    try:
        return Path(os.path.relpath(Path(display).resolve(), root)).as_posix()
    except ValueError:
        return display


def parse_error_finding(draft: DraftInput, error: NewslintError, rules) -> Finding:
    rule = rules["NL001"]
    line = error.line or 1
    return Finding(
        draft.display, line, 1, line, 1, "NL001", rule.name, rule.severity.label, error.message, ""
    )


def run_check(
    paths: list[str],
    options: CheckOptions,
    stdin=None,
    hosts: dict[Path | None, PluginHost] | None = None,
) -> Report:
    """Check every draft named by ``paths``; raise NewslintError for exit-code-2 problems.
    ``hosts``: plugin hosts already built, by config path (not built twice)."""
    if not paths:
        raise UsageError("no drafts given; name Markdown or text files or folders to check", "check")
    if paths.count("-") > 1:
        raise UsageError("'-' (stdin) can be given only once", "check")
    drafts = collect_drafts(paths, options, stdin)
    session = Session(options, hosts=hosts)
    try:
        if options.skip_sources:
            drafts = _without_sources(drafts, session)
        if options.diff is not None:
            results = _check_changed(drafts, session)
        else:
            results = _check_all(drafts, session)
    finally:
        session.close()
    findings = [f for r in results for f in r.findings]
    with_sources = [r for r in results if r.sources]
    sources: Sequence[str]
    if len(with_sources) == 1:  # one source set (its paths are distinct): sorted only if read
        only = with_sources[0].sources
        sources = LazyPaths(lambda: sorted(only), len(only))
    else:
        sources = sorted({s for r in results for s in r.sources})
    unsourced = [r.display for r in results if not r.sources and not r.unreadable]
    if unsourced:
        which = "the draft" if len(results) == 1 else f"{len(unsourced)} of {len(results)} drafts"
        session.warn(
            f"{which} had no sources to check against, so figures, quotes and dates could not be "
            "verified; give --source, set 'sources' in the configuration or the draft's front matter"
        )
    any_host = session.host(session.configs.for_path(session.cwd))
    return Report(
        files=[d.display for d in drafts],
        sources=sources,
        findings=sorted(findings, key=SORT_KEY),
        rules=any_host.rules,
        warnings=session.warnings,
        suppressed=sorted(
            (s for r in results for s in r.suppressed), key=lambda s: Finding.sort_key(s.finding)
        ),
        drafts={r.display: r.draft for r in results if r.draft is not None},
    )


def _without_sources(drafts: list[DraftInput], session: Session) -> list[DraftInput]:
    """The drafts that are not sources named by ``--source`` or their configuration's ``sources``.

    pre-commit and CI pass every changed Markdown and text file, wire copy included; checking a
    source as a draft against the other sources would only report what it adds to them.
    """
    kept, known = [], {}
    for draft in drafts:
        if draft.path is None:
            kept.append(draft)
            continue
        config = session.configs.for_path(draft.path)
        if config.path not in known:
            specs = [expand_source(s, session.cwd, "--source") for s in session.options.sources]
            specs += [expand_source(s, config.root, config.display) for s in config.sources]
            known[config.path] = {p.resolve() for group in specs for p in group}
        if draft.path.resolve() not in known[config.path]:
            kept.append(draft)
    return kept


def _check_changed(drafts: list[DraftInput], session: Session) -> list[DraftResult]:
    """``--diff REF``: check the drafts with changed lines; keep findings that touch those lines.

    NL001 and NL002 (an unreadable draft, a crashed plugin) concern a whole changed draft and are
    always kept; a draft with no changed line is not checked at all.
    """
    from newslint.diff import add_text, changed_lines

    assert session.options.diff is not None
    changed = changed_lines(session.options.diff, session.cwd)
    relative: dict[str, str] = {}
    for draft in drafts:
        where = draft.path if draft.path is not None else session.cwd / draft.display
        rel = changed.relative(where)
        if draft.path is None:
            add_text(changed, rel, (draft.data or b"").decode("utf-8", "replace"))
        relative[draft.display] = rel
    todo = [d for d in drafts if changed.has_changes(relative[d.display])]
    if not todo:
        session.warn(
            f"no line of the {len(drafts)} draft(s) given changed since {session.options.diff}: nothing was checked"
        )
        return []
    results = _check_all(todo, session)
    for result in results:
        rel = relative[result.display]
        result.findings = [
            f
            for f in result.findings
            if f.code in ("NL001", "NL002") or changed.touches(rel, f.line, f.end_line)
        ]
        result.suppressed = [
            s for s in result.suppressed if changed.touches(rel, s.finding.line, s.finding.end_line)
        ]
    return results


# Below this many drafts, worker start-up (plugins, sources from the cache) costs about what it
# saves on two cores: measured with bench/bench_check_parallel.py.
PARALLEL_MIN_DRAFTS = 16


def _check_all(drafts: list[DraftInput], session: Session) -> list[DraftResult]:
    jobs = session.options.jobs or os.cpu_count() or 1
    if jobs > 1 and len(drafts) >= PARALLEL_MIN_DRAFTS and all(d.path is not None for d in drafts):
        return _check_parallel(drafts, session, jobs)
    return [_check_one(d, session, many=len(drafts) > 1) for d in drafts]


def _check_one(draft: DraftInput, session: Session, many: bool) -> DraftResult:
    try:
        return check_draft(draft, session)
    except DocumentError as exc:
        if not many:
            raise
        rules = session.host(session.configs.for_path(draft.path or session.cwd)).rules
        return DraftResult(draft.display, [parse_error_finding(draft, exc, rules)], [], unreadable=True)


# -- parallel checking: each worker process keeps its own session (plugins, cache, sources) ----

_worker_session: Session | None = None


def _init_worker(options: CheckOptions, cwd: Path) -> None:
    global _worker_session
    os.chdir(cwd)
    _worker_session = Session(options, cwd)


def _worker_check(draft: DraftInput) -> DraftResult | NewslintError:
    assert _worker_session is not None, "_init_worker runs first"
    try:
        return _check_one(draft, _worker_session, many=True)
    except NewslintError as exc:
        return exc


def _check_parallel(drafts: list[DraftInput], session: Session, jobs: int) -> list[DraftResult]:
    # Check the first draft here: that warms the cache, so workers only read it.
    results: list[DraftResult] = [_check_one(drafts[0], session, many=True)]
    rest = drafts[1:]
    from concurrent.futures import ProcessPoolExecutor  # only when drafts are checked in parallel

    with ProcessPoolExecutor(
        max_workers=min(jobs, len(rest)), initializer=_init_worker, initargs=(session.options, session.cwd)
    ) as pool:
        for outcome in pool.map(_worker_check, rest, chunksize=max(1, len(rest) // (jobs * 4))):
            if isinstance(outcome, NewslintError):
                raise outcome
            results.append(outcome)
    return results


def exit_code(report: Report, fail_level: str, exit_zero: bool) -> int:
    if exit_zero:
        return 0
    from newslint.rule import Severity

    threshold = Severity.parse(fail_level)
    return 1 if any(Severity.parse(f.severity) >= threshold for f in report.findings) else 0


# -- `newslint index` ----------------------------------------------------------------------------


@dataclass
class IndexSummary:
    sources: int
    added: int
    updated: int
    removed: int
    facts: int
    seconds: float
    size: int
    where: str
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"Indexed {self.sources} sources in {self.seconds:.1f}s: {self.added} added, {self.updated} updated, "
            f"{self.removed} removed; {self.facts} facts; {self.size / 1e6:.1f} MB in {self.where}"
        )


def index_sources(options: CheckOptions, progress: bool = False) -> IndexSummary:
    """Bring the index of the configured (or given) sources up to date: extract new contents in
    worker processes, and forget files that left the indexed folders."""
    import time

    started = time.perf_counter()
    session = Session(options, fill=True)
    try:
        config = session.configs.for_path(session.cwd)
        specs = [(s, session.cwd, "--source") for s in options.sources]
        specs += [(s, config.root, config.display) for s in config.sources]
        paths: list[Path] = []
        folders: list[str] = []
        for spec, base, origin in specs:
            paths += expand_source(spec, base, origin)
            where = Path(spec).expanduser()
            where = where if where.is_absolute() else base / where
            if not any(ch in spec for ch in "*?[") and where.is_dir():
                folders.append(os.path.abspath(where))
        if not paths:
            raise UsageError(
                "no sources to index; give --source or set 'sources' in the configuration", "index"
            )
        unique = list(dict.fromkeys(os.path.abspath(p) for p in paths))
        indexer = session.indexer(config)
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=len(unique), unit="source", desc="newslint index", leave=False)
            indexer.progress = bar.update
        try:
            states = [file_state(p) for p in unique]
            refreshed = indexer.refresh(states, [session.display(p) for p in unique])
            session.warnings += [f"{note}; skipped" for note in refreshed.skipped.values()]
        finally:
            if bar is not None:
                bar.close()
        store = session.store(config)
        removed = 0
        keep = set(unique)
        for folder in dict.fromkeys(folders):
            try:
                removed += store.forget_files(folder, keep)
            except StoreError as exc:
                indexer.warnings.append(str(exc))
        # sources extracted by another newslint (or other extractors, rule packs): this index is
        # filled for this one, and keeping both would double it after every upgrade
        forget_others = getattr(store, "forget_fingerprints", None)
        if forget_others is not None:
            try:
                forget_others(session.host(config).extraction_fingerprint)
            except StoreError as exc:
                indexer.warnings.append(str(exc))
        forget_walks = getattr(store, "forget_walks", None)
        if forget_walks is not None:
            forget_walks()  # every file was stat'ed: the next check's walk trusts no folder
        compact = getattr(store, "compact", None)
        if compact is not None and refreshed.added > len(unique) // 2:
            compact()  # a large build leaves half-filled pages behind: rewrite them densely
        if not refreshed.errors and not refreshed.skipped:
            fingerprint = session.host(config).extraction_fingerprint
            save_snapshot(store, unique, config, fingerprint, states, refreshed.handles)
        try:
            stats = store.stats()
        except StoreError:
            stats = {"facts": 0, "bytes": 0}
        from newslint.store_open import display_index

        target = session.index_target(config)
        return IndexSummary(
            sources=len(unique),
            added=refreshed.added,
            updated=refreshed.updated,
            removed=removed,
            facts=stats["facts"],
            seconds=time.perf_counter() - started,
            size=stats["bytes"],
            where=display_index(target),
            warnings=list(dict.fromkeys(session.warnings + indexer.warnings)),
            errors=[e for errs in refreshed.errors.values() for e in errs],
        )
    finally:
        session.close()
