"""Checks: the functions that read a draft's facts and yield findings, and what they receive."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newslint.finding import Evidence, Finding, make_finding

if TYPE_CHECKING:
    from newslint.config import Config
    from newslint.document import Document
    from newslint.facts import Fact
    from newslint.index import SourceIndex
    from newslint.rule import Rule
    from newslint.rulepacks import RulePacks


@dataclass
class CheckContext:
    """What a check receives: the draft, its sources, the configuration, rule packs and rules."""

    draft: Document
    sources: SourceIndex
    config: Config
    packs: RulePacks
    rules: dict[str, Rule]
    _labels: dict[str, tuple[str, str]] = field(default_factory=dict, init=False, repr=False, compare=False)
    # Findings this context built from offsets inside the draft, by id (the object is kept, so an id
    # is never reused while it is here): the runner need not check their types and span again.
    _made: dict[int, Finding] = field(default_factory=dict, init=False, repr=False, compare=False)

    def finding(
        self,
        code: str,
        start: int,
        end: int,
        message: str,
        evidence: tuple[Evidence, ...] | list[Evidence] = (),
    ) -> Finding:
        """A finding of ``code`` on the draft span ``start:end`` (offsets into the draft)."""
        labels = self._labels.get(code)
        if labels is None:  # a handful of codes for thousands of findings
            rule = self.rules[code]
            labels = self._labels[code] = (rule.name, rule.severity.label)
        draft = self.draft
        text = draft.text if draft.text is not None else ""
        evidence = evidence if type(evidence) is tuple else tuple(evidence)
        inside = type(start) is int and type(end) is int and 0 <= start <= end <= len(text)
        if inside:  # (Document.span_position, inline: thousands of findings)
            starts = draft.line_starts
            first = bisect_right(starts, start) - 1
            last = bisect_right(starts, end, first) - 1
            line, col, end_line, end_col = (
                first + 1,
                start - starts[first] + 1,
                last + 1,
                end - starts[last] + 1,
            )
        else:
            line, col, end_line, end_col = draft.span_position(start, end)
        made = make_finding(
            draft.path,
            line,
            col,
            end_line,
            end_col,
            code,
            labels[0],
            labels[1],
            message,
            " ".join(text[start:end].split()),
            evidence,
        )
        if (
            inside
            and type(message) is str
            and type(draft.path) is str
            and (not evidence or all(type(e) is Evidence for e in evidence))
        ):
            self._made[id(made)] = made
        return made

    def made_here(self, item: object) -> bool:
        """Whether ``item`` is a finding this context built (:meth:`finding`) from a span inside
        the draft, with text fields and a tuple of Evidence: valid but for its code."""
        return self._made.get(id(item)) is item

    @staticmethod
    def evidence(
        source: Document,
        fact_or_start: Fact | int,
        end: int | None = None,
        excerpt: str | None = None,
        note: str = "",
    ) -> Evidence:
        """Evidence pointing at a fact (or a span) of a source document."""
        if isinstance(fact_or_start, int):
            start = fact_or_start
            assert end is not None
        else:
            start, end = fact_or_start.start, fact_or_start.end
            if excerpt is None:
                excerpt = fact_or_start.text
        line, col, end_line, end_col = source.span_position(start, end)
        if excerpt is None:
            excerpt = source.prose_slice(start, end)
        return Evidence(source.path, line, col, " ".join(excerpt.split()), end_line, end_col, note)


@dataclass(frozen=True)
class Check:
    """A function that inspects one draft and yields findings for some of ``codes``.

    A check runs only when at least one of its codes is selected.  If it raises, the core reports
    NL002 for the draft and runs the other checks.
    """

    name: str
    codes: tuple[str, ...]
    run: Callable[[CheckContext], Iterable[Finding]]
    plugin: str = ""
