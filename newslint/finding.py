"""Findings and the evidence behind them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Evidence:
    """A source passage behind a finding: where it is and what it says."""

    path: str
    line: int
    column: int
    excerpt: str
    end_line: int | None = None
    end_column: int | None = None
    note: str = ""

    def to_json(self) -> dict:
        out = {"path": self.path, "line": self.line, "column": self.column, "excerpt": self.excerpt}
        if self.end_line is not None:
            out["end_line"] = self.end_line
            out["end_column"] = self.end_column
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing an editor must look at, at an exact span of a draft."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    rule: str
    severity: str
    message: str
    excerpt: str
    evidence: tuple[Evidence, ...] = field(default=())

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "excerpt": self.excerpt,
            "evidence": [e.to_json() for e in self.evidence],
        }

    def sort_key(self):
        return (self.path, self.line, self.column, self.code, self.message)
