"""Findings and the evidence behind them."""

from __future__ import annotations

import operator
from dataclasses import dataclass, field, fields


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
        return SORT_KEY(self)


#: The order of findings in a report: path, line, column, code, message (``key=`` of a sort; in C).
SORT_KEY = operator.attrgetter("path", "line", "column", "code", "message")

# A frozen dataclass sets each field through ``object.__setattr__`` by name, which made building a
# Finding most of what a finding cost a check (a list of 140,000 repeated figures).  The slots'
# own descriptors set the same fields of the same frozen, hashable Finding in a third of the time.
_FIELDS = (
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "code",
    "rule",
    "severity",
    "message",
    "excerpt",
    "evidence",
)
assert _FIELDS == tuple(f.name for f in fields(Finding)), "make_finding must set every field of Finding"
(
    _set_path,
    _set_line,
    _set_column,
    _set_end_line,
    _set_end_column,
    _set_code,
    _set_rule,
    _set_severity,
    _set_message,
    _set_excerpt,
    _set_evidence,
) = (getattr(Finding, name).__set__ for name in _FIELDS)
_new = object.__new__


def make_finding(
    path: str,
    line: int,
    column: int,
    end_line: int,
    end_column: int,
    code: str,
    rule: str,
    severity: str,
    message: str,
    excerpt: str,
    evidence: tuple[Evidence, ...],
) -> Finding:
    """``Finding(...)`` with every field given, built faster (see above)."""
    f = _new(Finding)
    _set_path(f, path)
    _set_line(f, line)
    _set_column(f, column)
    _set_end_line(f, end_line)
    _set_end_column(f, end_column)
    _set_code(f, code)
    _set_rule(f, rule)
    _set_severity(f, severity)
    _set_message(f, message)
    _set_excerpt(f, excerpt)
    _set_evidence(f, evidence)
    return f
