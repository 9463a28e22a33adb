"""``--format text``: ruff-like lines, the evidence indented under each finding, a summary line."""

from __future__ import annotations

from typing import TextIO

import click

from newslint.report import Report, Reporter

_SEVERITY_COLOUR = {"error": "red", "warning": "yellow", "info": "blue"}


def render(report: Report, out: TextIO) -> None:
    def style(text: str, **kw) -> str:
        return click.style(text, **kw) if report.color else text

    for f in report.findings:
        where = style(f"{f.path}:{f.line}:{f.column}:", bold=True)
        code = style(f.code, fg=_SEVERITY_COLOUR.get(f.severity), bold=True)
        out.write(f"{where} {code} {f.message}\n")
        for e in f.evidence:
            note = f" ({e.note})" if e.note else ""
            out.write(style(f'    source {e.path}:{e.line}:{e.column}: "{e.excerpt}"{note}', dim=True) + "\n")
    s = report.summary
    files = f"{s['files']} file" + ("" if s["files"] == 1 else "s")
    sources = f"{len(report.sources)} source" + ("" if len(report.sources) == 1 else "s")
    if s["findings"]:
        parts = [
            f"{s[k]} {k}" + ("s" if k != "info" and s[k] != 1 else "")
            for k in ("error", "warning", "info")
            if s[k]
        ]
        found = f"Found {s['findings']} finding" + ("" if s["findings"] == 1 else "s")
        out.write(
            style(f"{found} ({', '.join(parts)}) in {files}, checked against {sources}.", bold=True) + "\n"
        )
    else:
        out.write(style(f"All clear: no findings in {files}, checked against {sources}.", fg="green") + "\n")
    paths = {f.path for f in report.findings} | {e.path for f in report.findings for e in f.evidence}
    if any(p.lower().endswith(PARAGRAPH_POSITION_SUFFIXES) for p in paths):
        out.write(style(POSITIONS_NOTE, dim=True) + "\n")


# A .docx file has no lines: its positions are paragraph number and character (SPEC §2).
PARAGRAPH_POSITION_SUFFIXES = (".docx",)
POSITIONS_NOTE = (
    "Positions in .docx files are paragraph:character (the paragraph's number, then the character in it)."
)


REPORTER = Reporter(name="text", render=render)
