"""``--format rdjsonl``: reviewdog's Diagnostic JSON, one finding per line (``reviewdog -f=rdjsonl``).

reviewdog posts these as review comments on the lines a pull request changed.  Its columns count
UTF-8 bytes (the text format counts characters), so columns are converted by reading the line from
the file; for a file that cannot be read (stdin) the character column is kept.  Evidence goes in
``related_locations``; ``original_output`` holds the finding as the text format prints it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, TextIO

from newslint.finding import Finding
from newslint.report import Report, Reporter
from newslint.reporters.paths import ci_path

SEVERITIES = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}


@lru_cache(maxsize=256)
def _lines(path: str) -> tuple[str, ...] | None:
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError):
        return None
    # Lines end at "\n" only, as in newslint.document (not at the other breaks splitlines knows).
    return tuple(text.removeprefix("\ufeff").split("\n"))


def byte_column(path: str, line: int, column: int) -> int:
    """The 1-based UTF-8 byte column of 1-based character ``column`` on ``line`` of ``path``."""
    lines = _lines(path)
    if lines is None or not 1 <= line <= len(lines):
        return column
    return len(lines[line - 1][: max(column - 1, 0)].encode("utf-8")) + 1


def _position(path: str, line: int, column: int) -> dict:
    return {"line": line, "column": byte_column(path, line, column)}


def _range(path: str, line: int, column: int, end_line: int | None, end_column: int | None) -> dict:
    out = {"start": _position(path, line, column)}
    if end_line is not None and end_column is not None:
        out["end"] = _position(path, end_line, end_column)
    return out


def diagnostic(f: Finding) -> dict:
    out: dict[str, Any] = {
        "message": f.message,
        "location": {
            "path": ci_path(f.path),
            "range": _range(f.path, f.line, f.column, f.end_line, f.end_column),
        },
        "severity": SEVERITIES.get(f.severity, "WARNING"),
        "source": {"name": "newslint"},
        "code": {"value": f.code},
        "original_output": f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}",
    }
    if f.evidence:
        out["related_locations"] = [
            {
                "message": f'source: "{e.excerpt}"' + (f" ({e.note})" if e.note else ""),
                "location": {
                    "path": ci_path(e.path),
                    "range": _range(e.path, e.line, e.column, e.end_line, e.end_column),
                },
            }
            for e in f.evidence
        ]
    return out


def render(report: Report, out: TextIO) -> None:
    _lines.cache_clear()
    for f in report.findings:
        out.write(json.dumps(diagnostic(f), ensure_ascii=False) + "\n")


REPORTER = Reporter(name="rdjsonl", render=render)
