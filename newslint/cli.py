"""The command line: ``newslint check | extract | rules | rule | index | server | plugins``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import gc
import json
import os
import re
import sys
import traceback
from pathlib import Path

import click

from newslint import __version__, pattern_cache
from newslint.errors import NewslintError, UsageError
from newslint.rule import render_rule_doc

FORMATS_HELP = "text|json|sarif|github|rdjsonl|html (and any format a plugin adds)"


def _fail(message: str) -> None:
    click.echo(f"newslint: error: {message}", err=True)
    sys.exit(2)


def handles_errors(func):
    """Turn expected problems into one line and exit code 2; tracebacks only with --verbose."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        verbose = kwargs.get("verbose", False)
        try:
            return func(*args, **kwargs)
        except NewslintError as exc:
            if verbose:
                traceback.print_exc()
            _fail(str(exc))
        except KeyboardInterrupt:
            _fail("interrupted")
        except BrokenPipeError:  # `newslint ... | head`: the reader left; nothing more to say
            sys.stderr.close()
            os._exit(0)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # a bug: still one line unless asked
            if verbose:
                traceback.print_exc()
            _fail(f"internal error: {type(exc).__name__}: {exc} (run with --verbose for the traceback)")

    return wrapper


def _parse_date(ctx, _param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


def _codes(ctx, _param, value):
    if value is None:
        return None
    from newslint.config import SELECTOR

    items = [v.strip() for v in value.split(",") if v.strip()]
    bad = [v for v in items if not SELECTOR.match(v)]
    if bad:
        raise click.BadParameter(f"{bad[0]!r} is not a rule code or prefix (e.g. NL201, NL2, ALL)")
    return items


def tune_gc() -> None:
    """The cyclic garbage collector as a run of newslint wants it (the CLI calls this once).

    A check allocates a few objects per token, figure and finding and almost none of them forms a
    cycle; with the default thresholds the collector walks the growing heap again and again (10-25%
    of a 1 MB draft's time, measured with bench/bench_pathological.py).  The objects made while
    importing are moved out of its sight (``gc.freeze``) and it runs after 50,000 allocations
    instead of 700.  Memory held by real cycles is still collected."""
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="newslint", message="%(prog)s %(version)s")
def main():
    """newslint: an editorial linter that checks a news draft against its sources."""
    tune_gc()
    pattern_cache.install()


# -- check ---------------------------------------------------------------------------------------


@main.command()
@click.argument("paths", nargs=-1)
@click.option(
    "-s",
    "--source",
    "sources",
    multiple=True,
    metavar="PATH",
    help="A source file, folder (recursive) or glob; repeatable.",
)
@click.option("--format", "fmt", default="text", show_default=True, metavar="FORMAT", help=FORMATS_HELP)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write the report to FILE (a new file, or a previous newslint report; see --force).",
)
@click.option(
    "--force", is_flag=True, help="Let -o overwrite an existing file that is not a newslint report."
)
@click.option("--select", callback=_codes, help="Comma list of codes or prefixes to run (NL3 = a family).")
@click.option("--ignore", callback=_codes, help="Comma list of codes or prefixes to skip.")
@click.option(
    "--fail-level",
    type=click.Choice(["error", "warning", "info"]),
    help="Lowest severity that makes the exit code 1 (default: warning).",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even with findings (never hides exit 2).")
@click.option(
    "--date",
    "date",
    callback=_parse_date,
    metavar="YYYY-MM-DD",
    help="Publication date of the draft(s), overriding what the file says.",
)
@click.option("--stdin-filename", metavar="NAME", help='The name to report for "-".')
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Use this configuration file.",
)
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the source index cache.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of the source index cache (default: .newslint_cache beside the config).",
)
@click.option(
    "--index",
    "index_spec",
    metavar="URL",
    help="The source index: a folder (embedded SQLite) or postgresql://user@host:5432/db (a shared"
    " index on a PostgreSQL server); env:NAME reads it from an environment variable.",
)
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: all cores).")
@click.option(
    "--diff",
    "diff_ref",
    metavar="REF",
    help="Report only findings on lines changed since the git REF (files git does not track "
    "count as wholly changed); for pull-request checks.",
)
@click.option(
    "--skip-sources",
    is_flag=True,
    help="Skip PATHS that are sources (--source or the config's sources): pre-commit and CI "
    "pass every changed file, wire copy included.",
)
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks for errors.")
@handles_errors
def check(
    paths,
    sources,
    fmt,
    output,
    select,
    ignore,
    fail_level,
    exit_zero,
    date,
    stdin_filename,
    config_file,
    isolated,
    no_cache,
    cache_dir,
    index_spec,
    jobs,
    diff_ref,
    skip_sources,
    verbose,
    force=False,
):
    """Lint drafts (files or folders; "-" reads stdin) against their sources."""
    from newslint.config import ConfigResolver
    from newslint.registry import PluginHost
    from newslint.runner import CheckOptions, exit_code, run_check

    if config_file is not None and not config_file.is_file():
        raise UsageError("configuration file does not exist; check --config", str(config_file))
    options = CheckOptions(
        sources=tuple(sources),
        select=select,
        ignore=ignore or [],
        fail_level=fail_level,
        date=date,
        stdin_filename=stdin_filename,
        config=config_file,
        isolated=isolated,
        no_cache=no_cache,
        cache_dir=cache_dir,
        index=index_spec,
        jobs=jobs,
        diff=diff_ref,
        skip_sources=skip_sources,
    )
    # The report formats are those of the configuration of the first draft: built-in, installed
    # and the config's local plugins.  Checked before any draft is read.
    config = ConfigResolver(options.config, options.isolated).for_path(
        next((Path(p) for p in paths if p != "-"), Path.cwd())
    )
    host = PluginHost.for_config(config)
    if fmt not in host.reporters:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(host.reporters)}", "--format")
    reporter = host.reporters[fmt]
    stdin = sys.stdin.buffer if "-" in paths else None
    report = run_check(list(paths), options, stdin, {config.path: host})
    report.fail_level = fail_level or config.fail_level
    for warning in report.warnings:
        click.echo(f"newslint: warning: {warning}", err=True)
    if output:
        _refuse_overwrite(Path(output), report, force)
        try:
            with open(output, "w", encoding="utf-8") as out:
                _render(reporter, report, out)
        except OSError as exc:
            raise UsageError(f"cannot write the report ({exc.strerror}); check the path", output) from None
    else:
        stream = sys.stdout
        report.color = fmt == "text" and _wants_colour(stream)
        _render(reporter, report, stream)
    sys.exit(exit_code(report, report.fail_level, exit_zero))


def _render(reporter, report, stream) -> None:
    """Write the report; a plugin's reporter that fails is one line naming it, exit 2."""
    try:
        reporter.render(report, stream)
    except (BrokenPipeError, KeyboardInterrupt):
        raise
    except (Exception, SystemExit) as exc:
        raise NewslintError(
            f"report format {reporter.name!r} of plugin {reporter.plugin!r} failed "
            f"({type(exc).__name__}: {exc}); fix the plugin or choose another --format",
            "--format",
        ) from None


def _refuse_overwrite(output: Path, report, force: bool) -> None:
    """-o never destroys a draft, a source or any other file that is not a newslint report.

    Files are compared by identity (``os.path.samefile``: hard and symbolic links included), not
    by name.  An existing file is overwritten only when it is empty or reads as a previous newslint
    report, or with ``--force`` (which still never overwrites a draft or source of this run)."""
    if not output.exists():
        return
    for p in list(report.files) + list(report.sources):
        try:
            same = p != "-" and os.path.samefile(p, output)
        except OSError:
            same = False
        if same:
            raise UsageError(
                "refusing to write the report over a draft or source; choose another -o", str(output)
            )
    if not force and not _is_newslint_report(output):
        raise UsageError(
            "refusing to overwrite a file that is not a newslint report; choose another -o or add --force",
            str(output),
        )


_REPORT_LAST_LINE = re.compile(
    r"^(?:newslint: )?(?:(?:Found )?\d+ findings?|All clear|no findings)\b.*checked against"
)


def _is_newslint_report(path: Path) -> bool:
    """Whether ``path`` holds a report newslint wrote (any built-in format), or nothing."""
    try:
        if not path.is_file():
            return False
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(4096)
            fh.seek(max(0, size - 4096))
            tail = fh.read()
    except OSError:
        return False
    if not head.strip():
        return True
    head_text = head.decode("utf-8", "replace")
    if head_text.lstrip().startswith("{"):  # json, sarif (the tool name comes early) or rdjsonl
        return bool(re.search(r'"name":\s*"newslint"', head_text))
    if re.search(r'<meta name="generator" content="newslint ', head_text):  # the html page
        return True
    lines = tail.decode("utf-8", "replace").rstrip().splitlines()
    return bool(lines) and bool(_REPORT_LAST_LINE.match(lines[-1]))


def _wants_colour(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


# -- extract -------------------------------------------------------------------------------------


@main.command()
@click.argument("path")
@click.option(
    "--date", "date", callback=_parse_date, metavar="YYYY-MM-DD", help="Publication date to assume."
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks for errors.")
@handles_errors
def extract(path, date, fmt, config_file, isolated, verbose):
    """Show the facts newslint reads in a document: paragraphs, sentences, figures, quotes, dates."""
    from newslint.config import ConfigResolver
    from newslint.document import read_bytes
    from newslint.extraction import extract_facts, load_document
    from newslint.registry import PluginHost
    from newslint.sources import display_path

    if path == "-":
        data, display = sys.stdin.buffer.read(), "-"
        where = Path.cwd()
    else:
        p = Path(path)
        if not p.exists():
            raise UsageError("path does not exist; check the name", path)
        display, where = display_path(p), p
        data = read_bytes(p, display)
    config = ConfigResolver(config_file, isolated).for_path(where)
    host = PluginHost.for_config(config)
    doc = load_document(data, display, host, date=date)
    errors = extract_facts(doc, host)
    for e in errors:
        click.echo(f"newslint: warning: {e}", err=True)
    if fmt == "json":
        click.echo(json.dumps(_document_json(doc), indent=2, ensure_ascii=False))
    else:
        _print_document(doc)


def _pos(doc, start, end) -> str:
    line, col, end_line, end_col = doc.span_position(start, end)
    return f"{line}:{col}-{end_line}:{end_col}"


def _fact_fields(fact) -> dict:
    return {
        f.name: getattr(fact, f.name)
        for f in dataclasses.fields(fact)
        if f.name not in ("start", "end", "text")
    }


def _print_document(doc) -> None:
    date = f"{doc.date.isoformat()} (from {doc.date_origin})" if doc.date else "none"
    click.echo(
        f"{doc.path}: {doc.kind}, date {date}, {len(doc.paragraphs)} paragraphs, "
        f"{len(doc.sentences)} sentences"
    )
    click.echo("\nParagraphs and sentences:")
    for p in doc.paragraphs:
        click.echo(f"  paragraph {p.index + 1} at {_pos(doc, p.start, p.end)}")
        for s in doc.sentences:
            if s.paragraph == p.index:
                click.echo(f"    {_pos(doc, s.start, s.end)}  {_clip(s.text)}")
    for kind, facts in doc.facts.items():
        click.echo(f"\n{kind.capitalize()} ({len(facts)}):")
        for fact in facts:
            describe = getattr(fact, "describe", None)
            detail = (
                describe()
                if callable(describe)
                else ", ".join(f"{k}={v!r}" for k, v in _fact_fields(fact).items() if v not in (None, "", ()))
            )
            click.echo(f"  {_pos(doc, fact.start, fact.end)}  {_clip(fact.text, 60)!r}  {detail}")


def _clip(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _document_json(doc) -> dict:
    def span(start, end):
        line, col, end_line, end_col = doc.span_position(start, end)
        return {"line": line, "column": col, "end_line": end_line, "end_column": end_col}

    return {
        "path": doc.path,
        "kind": doc.kind,
        "date": doc.date.isoformat() if doc.date else None,
        "date_origin": doc.date_origin,
        "headline": doc.headline,
        "dateline": doc.dateline,
        "byline": doc.byline,
        "positions": "paragraph:character" if doc.position_unit == "paragraph" else "line:column",
        "paragraphs": [{"index": p.index, **span(p.start, p.end)} for p in doc.paragraphs],
        "sentences": [
            {"index": s.index, "paragraph": s.paragraph, **span(s.start, s.end), "text": s.text}
            for s in doc.sentences
        ],
        "facts": {
            kind: [{"text": f.text, **span(f.start, f.end), **_json_safe(_fact_fields(f))} for f in facts]
            for kind, facts in doc.facts.items()
        },
    }


def _json_safe(d: dict) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}


# -- rules, rule, plugins ---------------------------------------------------------------------------


def _host_for_cwd():
    from newslint.config import ConfigResolver
    from newslint.registry import PluginHost

    config = ConfigResolver().for_path(Path.cwd())
    return PluginHost.for_config(config)


@main.command("rules")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks for errors.")
@handles_errors
def rules_command(verbose):
    """List every rule: code, name, plugin, default severity."""
    host = _host_for_cwd()
    rules = sorted(host.rules.values(), key=lambda r: r.code)
    width = max(len(r.name) for r in rules)
    pw = max(len(r.plugin) for r in rules)
    for r in rules:
        click.echo(f"{r.code}  {r.name:<{width}}  {r.plugin:<{pw}}  {r.severity.label:<7}  {r.summary}")


@main.command("rule")
@click.argument("code")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks for errors.")
@handles_errors
def rule_command(code, verbose):
    """Explain one rule: what it does, why, an example, its options."""
    host = _host_for_cwd()
    rule = host.rules.get(code.upper())
    if rule is None:
        raise UsageError(f"no rule {code!r}; `newslint rules` lists them", "rule")
    click.echo(render_rule_doc(rule))


@main.command("plugins")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks for errors.")
@handles_errors
def plugins_command(verbose):
    """List loaded plugins with their versions and what they add."""
    host = _host_for_cwd()
    readers = {impl.plugin_name for impl in host.pm.hook.newslint_parse_document.get_hookimpls()}
    for name, version in host.plugin_versions.items():
        codes = sorted(r.code for r in host.rules.values() if r.plugin == name)
        kinds = sorted(e.kind for e in host.extractors.values() if e.plugin == name)
        formats = sorted(r.name for r in host.reporters.values() if r.plugin == name)
        adds = []
        if codes:
            adds.append("rules " + ", ".join(codes))
        if kinds:
            adds.append("facts " + ", ".join(kinds))
        if formats:
            adds.append("formats " + ", ".join(formats))
        if name in readers:
            adds.append("document reader")
        click.echo(f"{name} {version}: {'; '.join(adds) or 'nothing registered'}")
    for error in host.load_errors:
        click.echo(f"newslint: warning: {error}", err=True)


# -- server -----------------------------------------------------------------------------------------


@main.command("server")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks for errors.")
@handles_errors
def server_command(verbose):
    """A language server (LSP over stdio) for editors: needs the lsp extra (pygls)."""
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        raise UsageError(
            "the language server needs pygls, which is not installed; install the extra: "
            "pip install 'newslint[lsp]'",
            "server",
        ) from None
    from newslint.server import main as serve

    serve()


# -- index ------------------------------------------------------------------------------------------


@main.command("index")
@click.option(
    "-s", "--source", "sources", multiple=True, metavar="PATH", help="A source file, folder or glob."
)
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--index",
    "index_spec",
    metavar="URL",
    help="The source index: a folder (embedded SQLite) or postgresql://user@host:5432/db (a shared"
    " index on a PostgreSQL server); env:NAME reads it from an environment variable.",
)
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: all cores).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks for errors.")
@handles_errors
def index_command(sources, config_file, isolated, cache_dir, index_spec, jobs, progress, verbose):
    """Build or refresh the source index ahead of time (in parallel), and drop files that are gone."""
    from newslint.runner import CheckOptions, index_sources

    if config_file is not None and not config_file.is_file():
        raise UsageError("configuration file does not exist; check --config", str(config_file))
    options = CheckOptions(
        sources=tuple(sources),
        config=config_file,
        isolated=isolated,
        cache_dir=cache_dir,
        index=index_spec,
        jobs=jobs,
    )
    if progress is None:
        progress = sys.stderr.isatty()
    summary = index_sources(options, progress=progress)
    for warning in summary.warnings:
        click.echo(f"newslint: warning: {warning}", err=True)
    for error in summary.errors:
        click.echo(f"newslint: warning: {error}", err=True)
    click.echo(summary.line())
    if summary.errors:
        sys.exit(1)
