"""``--format github``: GitHub Actions workflow commands, plus every finding as a plain log line.

GitHub turns ``::error file=…,line=…::message`` lines into annotations on the pull request's diff,
but shows at most 10 error and 10 warning annotations (and 10 notices) per step.  So each finding is
also printed as an ordinary ``path:line:col: CODE message`` line with its evidence, and the output
ends with a summary that says when annotations were left out.

Escaping follows the runner's rules: in the message, ``%``, CR and LF become ``%25``, ``%0D``,
``%0A``; in properties (file, title) also ``:`` and ``,`` become ``%3A`` and ``%2C``.
"""

from __future__ import annotations

from typing import TextIO

from newslint.finding import Finding
from newslint.report import Report, Reporter
from newslint.reporters.paths import ci_path

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
ANNOTATION_LIMIT = 10  # per level and per step, as GitHub documents it


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding) -> str:
    props = [
        f"file={escape_property(ci_path(f.path))}",
        f"line={f.line}",
        f"col={f.column}",
        f"endLine={f.end_line}",
        f"endColumn={f.end_column}",
        f"title={escape_property(f'{f.code} {f.rule}')}",
    ]
    message = f.message
    for e in f.evidence:
        note = f" ({e.note})" if e.note else ""
        message += f'\nsource {ci_path(e.path)}:{e.line}:{e.column}: "{e.excerpt}"{note}'
    return f"::{COMMANDS.get(f.severity, 'warning')} {','.join(props)}::{escape_data(message)}"


def log_lines(f: Finding) -> list[str]:
    # "::" must not start a log line, or the runner would read it as a command.
    lines = [f"{ci_path(f.path)}:{f.line}:{f.column}: {f.code} [{f.severity}] {f.message}"]
    for e in f.evidence:
        note = f" ({e.note})" if e.note else ""
        lines.append(f'    source {ci_path(e.path)}:{e.line}:{e.column}: "{e.excerpt}"{note}')
    # One finding must not spill onto a line of its own (a draft's text could then issue a command).
    return [" ".join(line.splitlines()) for line in lines]


def render(report: Report, out: TextIO) -> None:
    for f in report.findings:
        for line in log_lines(f):
            out.write(line + "\n")
    counts: dict[str, int] = {}
    for f in report.findings:
        out.write(annotation(f) + "\n")
        kind = COMMANDS.get(f.severity, "warning")
        counts[kind] = counts.get(kind, 0) + 1
    s = report.summary
    files = f"{s['files']} file" + ("" if s["files"] == 1 else "s")
    sources = f"{len(report.sources)} source" + ("" if len(report.sources) == 1 else "s")
    if not s["findings"]:
        out.write(f"newslint: no findings in {files}, checked against {sources}.\n")
        return
    parts = [
        f"{s[k]} {k}" + ("s" if k != "info" and s[k] != 1 else "")
        for k in ("error", "warning", "info")
        if s[k]
    ]
    line = f"newslint: {s['findings']} finding" + ("" if s["findings"] == 1 else "s")
    line += f" ({', '.join(parts)}) in {files}, checked against {sources}."
    hidden = sum(max(0, n - ANNOTATION_LIMIT) for n in counts.values())
    if hidden:
        line += (
            f" GitHub shows at most {ANNOTATION_LIMIT} annotations of each level per step, so {hidden} "
            "appear only in the log above."
        )
    out.write(line + "\n")


REPORTER = Reporter(name="github", render=render)
