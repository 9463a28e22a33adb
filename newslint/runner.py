"""The check pipeline: drafts -> documents -> facts -> checks -> findings -> report.

``Session`` holds what a run shares between drafts (configs, plugin hosts, caches, loaded sources);
``check_draft`` checks one draft; ``run_check`` checks them all and builds the report.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from newslint.check import CheckContext
from newslint.config import Config, ConfigResolver, is_selected
from newslint.document import Document, decode_text, read_bytes, sniff_kind
from newslint.errors import (
    ConfigError,
    DocumentError,
    DocumentSkipped,
    NewslintError,
    SourceError,
    UsageError,
)
from newslint.extraction import extract_facts, load_document
from newslint.finding import Evidence, Finding
from newslint.index import CACHE_DIRNAME, FactCache, SourceHandle, SourceIndex, load_source
from newslint.registry import PluginHost
from newslint.report import DraftText, Report
from newslint.sources import display_path, expand_source, front_matter_sources, walk_documents
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
    sources: list[str]
    warnings: list[str] = field(default_factory=list)
    unreadable: bool = False  # NL001: the draft could not be parsed
    suppressed: list[Suppressed] = field(default_factory=list)
    draft: DraftText | None = None  # the text as read (None when it could not be read)


class Session:
    def __init__(self, options: CheckOptions, cwd: Path | None = None):
        self.options = options
        self.cwd = (cwd or Path.cwd()).resolve()
        self.configs = ConfigResolver(options.config, options.isolated, self.cwd)
        self._hosts: dict[Path | None, PluginHost] = {}
        self._caches: dict[Path | None, FactCache] = {}
        self._sources: dict[tuple[Path, Path | None], tuple[SourceHandle, list[str]] | None] = {}
        self.warnings: list[str] = []
        self._expanded: dict[tuple[str, Path], list[Path]] = {}
        self._indexes: dict[tuple[int, ...], SourceIndex] = {}

    def warn(self, message: str) -> None:
        """A warning printed once per run (stderr), however many drafts give it."""
        if message not in self.warnings:
            self.warnings.append(message)

    def index(self, handles: list[SourceHandle], config: Config) -> SourceIndex:
        """One SourceIndex per set of sources, shared by the drafts that have it (its lookups are
        memoised and are the costly part of checking many drafts against the same sources)."""
        key = tuple(id(h) for h in handles)  # the handles live in self._sources for the session
        if key not in self._indexes:
            self._indexes[key] = SourceIndex(
                handles=handles, cache=self.cache(config), host=self.host(config)
            )
        return self._indexes[key]

    def close(self) -> None:
        for cache in self._caches.values():
            cache.close()

    def host(self, config: Config) -> PluginHost:
        if config.path not in self._hosts:
            host = PluginHost(
                [config.resolve(p) for p in config.plugins],
                [config.resolve(p) for p in config.rule_packs],
                config.display,
            )
            host.raise_load_errors()
            check_selectors(config, host.rules)
            self._hosts[config.path] = host
            check_cli_selectors(self.options, host.rules)
        return self._hosts[config.path]

    def cache(self, config: Config) -> FactCache:
        if self.options.no_cache:
            directory = None
        elif self.options.cache_dir is not None:
            directory = self.options.cache_dir
        elif config.cache_dir:
            directory = config.resolve(config.cache_dir)
        else:
            directory = config.root / CACHE_DIRNAME
        if directory not in self._caches:
            cache = FactCache(directory)
            if cache.warning:
                self.warnings.append(cache.warning)
            self._caches[directory] = cache
        return self._caches[directory]

    def source(self, path: Path, config: Config) -> tuple[SourceHandle, list[str]] | None:
        """A source's handle and extraction errors; None for a file skipped with a note (an .xml
        that is neither NITF nor NewsML-G2)."""
        key = (path.resolve(), config.path)
        if key not in self._sources:
            cache = self.cache(config)
            try:
                self._sources[key] = load_source(path, display_path(path), self.host(config), cache)
            except DocumentSkipped as exc:
                self._sources[key] = None
                self.warnings.append(f"{exc}; skipped")
            except DocumentError as exc:  # the source's fault, not the draft's: exit 2 naming it
                raise SourceError(f"{exc.message} (a source of this check)", exc.path, exc.line) from None
            if cache.warning and cache.warning not in self.warnings:
                self.warnings.append(cache.warning)
        return self._sources[key]

    def _expand(self, spec: str, base: Path, origin: str) -> list[Path]:
        """Command-line and config sources are the same for every draft: walk their folders once."""
        key = (spec, base)
        if key not in self._expanded:
            self._expanded[key] = expand_source(spec, base, origin)
        return self._expanded[key]

    def source_paths(self, config: Config, draft: Document, draft_path: Path | None) -> list[Path]:
        paths: list[Path] = []
        for spec in self.options.sources:
            paths += self._expand(spec, self.cwd, "--source")
        for spec in config.sources:
            paths += self._expand(spec, config.root, config.display)
        if "sources" in draft.front_matter:
            base = draft_path if draft_path is not None else self.cwd / "draft"
            root = config.root if config.path is not None else base.parent
            paths += front_matter_sources(draft.front_matter["sources"], base, root, draft.path)
        seen, unique = set(), []
        own = draft_path.resolve() if draft_path is not None else None
        for p in paths:
            real = p.resolve()
            if real not in seen and real != own:
                seen.add(real)
                unique.append(p)
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
                raise UsageError("folder holds no Markdown or text file to check", spec)
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
    doc = load_document(content, draft.display, host, date=options.date, kind=kind)
    errors = extract_facts(doc, host)

    handles = []
    for path in session.source_paths(config, doc, draft.path if draft.path is not None else where):
        loaded = session.source(path, config)
        if loaded is None:
            continue
        handle, source_errors = loaded
        handles.append(handle)
        errors += source_errors
    suppressed: list[Suppressed] = []
    findings = run_checks(doc, session.index(handles, config), config, host, options, errors, suppressed)
    return DraftResult(
        draft.display,
        findings,
        [h.path for h in handles],
        suppressed=suppressed,
        draft=DraftText(doc.kind, doc.text, doc.front_matter_lines) if doc.text is not None else None,
    )


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

    def active(code: str) -> bool:
        return is_selected(code, select, list(options.ignore)) and (
            is_selected(code, select, config_ignore, ties_select=cli_select)
        )

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
        except (Exception, SystemExit) as exc:  # plugin isolation (flake8-style): report and go on
            what = f"called sys.exit({exc.code!r})" if isinstance(exc, SystemExit) else "failed"
            findings.append(ctx.finding("NL002", 0, 0, f"{who} {what}: {type(exc).__name__}: {exc}"))
            continue
        for item in produced:
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
    return sorted(set(findings), key=Finding.sort_key)


def invalid_finding(item: object, doc: Document, codes: tuple[str, ...]) -> str | None:
    """What is wrong with what a check yielded, or ``None`` when it is a valid finding of ``doc``:
    a Finding of one of the check's codes, with fields of the right types and a span inside the
    draft (positions are 1-based; columns end-exclusive)."""
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
    n = len(doc.line_starts)
    text_len = len(doc.text) if doc.text is not None else None
    if not (1 <= item.line <= item.end_line <= n) or item.column < 1 or item.end_column < 1:
        return f"a Finding at {item.line}:{item.column}-{item.end_line}:{item.end_column}, outside the draft"
    if (item.line, item.column) > (item.end_line, item.end_column):
        return f"a Finding at {item.line}:{item.column}-{item.end_line}:{item.end_column}, which ends before it starts"
    if text_len is not None:
        for line, column in ((item.line, item.column), (item.end_line, item.end_column)):
            line_end = doc.line_starts[line] if line < n else text_len + 1
            if doc.line_starts[line - 1] + column - 1 >= line_end:
                return f"a Finding at {item.line}:{item.column}-{item.end_line}:{item.end_column}, outside the draft"
    return None


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
    """A configuration's ``select`` naming no rule is exit 2: a typo there silently turns checks
    off.  ``ignore`` and ``per-file-ignores`` may name codes of plugins the configuration does not
    load (a nested configuration ignoring its parent's plugin code is harmless), and a typo there
    lets findings through rather than hiding them, so they are not refused."""
    for sel in config.select:
        if not selects_any(sel, rules):
            raise ConfigError(
                f"key 'select' names {sel!r}, which is not the code or prefix of any rule; "
                "`newslint rules` lists them",
                config.display,
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


def run_check(paths: list[str], options: CheckOptions, stdin=None) -> Report:
    """Check every draft named by ``paths``; raise NewslintError for exit-code-2 problems."""
    if not paths:
        raise UsageError("no drafts given; name Markdown or text files or folders to check", "check")
    if paths.count("-") > 1:
        raise UsageError("'-' (stdin) can be given only once", "check")
    drafts = collect_drafts(paths, options, stdin)
    session = Session(options)
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
        findings=sorted(findings, key=Finding.sort_key),
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
