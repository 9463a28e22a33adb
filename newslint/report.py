"""The report of a run: what was checked, against what, and what was found."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from newslint import __version__
from newslint.finding import Finding
from newslint.rule import Rule
from newslint.suppressions import Suppressed


@dataclass(frozen=True)
class DraftText:
    """A checked draft as read, for reports that show it (``--format html``)."""

    kind: str  # the document kind: "markdown", "text", ...
    text: str  # the original text; finding positions point into it
    front_matter_lines: tuple[int, int] | None = None  # 1-based first and last line, if any


@dataclass
class Report:
    files: list[str]
    sources: Sequence[str]
    findings: list[Finding]
    rules: dict[str, Rule]
    warnings: list[str] = field(default_factory=list)
    fail_level: str = "warning"
    color: bool = False
    tool_name: str = "newslint"
    tool_version: str = __version__
    suppressed: list[Suppressed] = field(default_factory=list)  # silenced by a comment, with reasons
    drafts: dict[str, DraftText] = field(default_factory=dict)  # by path as reported; none if unreadable

    @property
    def summary(self) -> dict[str, int]:
        counts = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            counts[f.severity] = counts.get(f.severity, 0) + 1
        return {"files": len(self.files), "findings": len(self.findings), **counts}


@dataclass(frozen=True)
class Reporter:
    """Writes a whole report in one format (``--format NAME``)."""

    name: str
    render: Callable[[Report, TextIO], None]
    plugin: str = ""
