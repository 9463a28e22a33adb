"""Suppression comments, in Markdown and plain text alike::

    <!-- newslint-disable-next-line NL201 -- figure confirmed with the governor's office -->
    <!-- newslint-disable NL4 --> ... <!-- newslint-enable NL4 -->
    <!-- newslint-disable-file NL401 -->

Codes are comma- or space-separated codes or prefixes; none means every rule.  The text after
`` -- `` is the reason.  A suppression (or one code of it) that matched no finding of a rule that ran
is reported as NL003; with ``require-suppression-reason`` one without a reason is NL004.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from newslint.document import html_comments
from newslint.finding import Finding

_COMMENT = re.compile(
    r"<!--\s*newslint-(?P<kind>disable-next-line|disable-file|disable|enable)\b(?P<body>.*?)-->\Z", re.S
)
_CODE = re.compile(r"^[A-Z]{1,4}[0-9]{0,3}$")


@dataclass
class Suppression:
    kind: str  # "next-line" | "range" | "file"
    codes: tuple[str, ...]  # empty: every code
    reason: str
    start: int  # offset of the comment
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    first_line: int = 0  # lines covered, inclusive
    last_line: int = 0
    used: set[str] = field(default_factory=set)

    def covers(self, finding: Finding) -> str | None:
        """The code selector of this suppression that matches ``finding``, if any."""
        if not (self.first_line <= finding.line <= self.last_line):
            return None
        if not self.codes:
            return "*"
        for code in self.codes:
            if finding.code.startswith(code):
                return code
        return None


@dataclass
class SuppressionProblem:
    code: str  # NL003 (malformed, unknown code, unmatched enable, unused) | NL004 (no reason)
    start: int
    end: int
    message: str


def parse_suppressions(
    text: str,
    position: Callable[[int], tuple[int, int]],
    n_lines: int,
    known: Callable[[str], bool] | None = None,
) -> tuple[list[Suppression], list[SuppressionProblem]]:
    """Suppression comments of ``text`` and the problems with them.

    ``known(selector)`` tells whether a code or prefix names any registered rule: an unknown one
    (``NL999``, ``XYZ``) is NL003 "unknown code" and is left out of the suppression; a suppression
    left with no code at all is dropped rather than read as "every rule"."""
    suppressions: list[Suppression] = []
    problems: list[SuppressionProblem] = []
    open_ranges: list[Suppression] = []
    for a, b in html_comments(text):
        m = _COMMENT.match(text, a, b)
        if m is None:
            continue
        body = m.group("body")
        reason = ""
        if " -- " in f" {body} ":
            body, _, reason = f" {body} ".partition(" -- ")
        tokens = [t for t in re.split(r"[,\s]+", body.strip()) if t]
        bad = [t for t in tokens if not _CODE.match(t)]
        line, col = position(m.start())
        end_line, end_col = position(m.end())
        if bad:
            problems.append(
                SuppressionProblem(
                    "NL003",
                    m.start(),
                    m.end(),
                    f"suppression names {bad[0]!r}, which is not a rule code; write codes like NL201 "
                    "and put the reason after ' -- '",
                )
            )
            continue
        unknown = [t for t in tokens if known is not None and not known(t)]
        for t in unknown:
            problems.append(
                SuppressionProblem(
                    "NL003",
                    m.start(),
                    m.end(),
                    f"suppression names {t}, an unknown code: no rule has that code or prefix; "
                    "`newslint rules` lists them",
                )
            )
        if unknown:
            tokens = [t for t in tokens if t not in unknown]
            if not tokens:
                continue
        kind = m.group("kind")
        s = Suppression(
            kind={"disable-next-line": "next-line", "disable-file": "file"}.get(kind, "range"),
            codes=tuple(tokens),
            reason=reason.strip(),
            start=m.start(),
            end=m.end(),
            line=line,
            column=col,
            end_line=end_line,
            end_column=end_col,
        )
        if kind == "enable":
            closed = False
            for r in reversed(open_ranges):
                if not s.codes or set(s.codes) & set(r.codes) or not r.codes:
                    r.last_line = line
                    open_ranges.remove(r)
                    closed = True
                    break
            if not closed:
                problems.append(
                    SuppressionProblem(
                        "NL003", m.start(), m.end(), "newslint-enable without a matching newslint-disable"
                    )
                )
            continue
        if s.kind == "next-line":
            s.first_line = s.last_line = end_line + 1
        elif s.kind == "file":
            s.first_line, s.last_line = 1, n_lines
        else:
            s.first_line, s.last_line = line, n_lines
            open_ranges.append(s)
        suppressions.append(s)
    return suppressions, problems


@dataclass(frozen=True)
class Suppressed:
    """A finding silenced by a suppression comment: kept for the audit trail (SARIF, JSON)."""

    finding: Finding
    reason: str  # the text after `` -- `` ("" when none was given)
    line: int  # where the suppression comment is (1-based)
    column: int

    def to_json(self) -> dict:
        out = self.finding.to_json()
        out["suppression"] = {
            "kind": "inSource",
            "justification": self.reason,
            "line": self.line,
            "column": self.column,
        }
        return out


def apply_suppressions(
    findings: list[Finding], suppressions: list[Suppression], suppressed: list[Suppressed] | None = None
) -> list[Finding]:
    """Drop suppressed findings, recording which selector of which suppression was used.

    When ``suppressed`` is given, each dropped finding is appended to it with the reason of the
    first suppression that covers it.
    """
    kept = []
    for f in findings:
        first: Suppression | None = None
        for s in suppressions:
            selector = s.covers(f)
            if selector is not None:
                s.used.add(selector)
                first = first or s
        if first is None:
            kept.append(f)
        elif suppressed is not None:
            suppressed.append(Suppressed(f, first.reason, first.line, first.column))
    return kept


def unused(suppressions: list[Suppression], ran: Callable[[str], bool]) -> list[SuppressionProblem]:
    """NL003 for each code of a suppression that matched nothing, among rules that ran."""
    problems = []
    for s in suppressions:
        if not s.codes:
            if not s.used:
                problems.append(SuppressionProblem("NL003", s.start, s.end, "suppression suppressed nothing"))
            continue
        for code in s.codes:
            if code not in s.used and ran(code):
                problems.append(
                    SuppressionProblem(
                        "NL003", s.start, s.end, f"suppression of {code} suppressed nothing; remove it"
                    )
                )
    return problems


def reasonless(suppressions: list[Suppression]) -> list[SuppressionProblem]:
    return [
        SuppressionProblem("NL004", s.start, s.end, "suppression has no reason; add one after ' -- '")
        for s in suppressions
        if not s.reason
    ]
