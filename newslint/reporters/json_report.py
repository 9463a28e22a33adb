"""``--format json``: the version-1 JSON report of SPEC §4.

``suppressed`` lists the findings a suppression comment silenced, each as a finding with a
``suppression`` object: ``{"kind": "inSource", "justification": REASON, "line": L, "column": C}``
(the comment's position). They do not count in ``summary`` nor in the exit code.
"""

from __future__ import annotations

import json
from typing import TextIO

from newslint.report import Report, Reporter


def to_json(report: Report) -> dict:
    return {
        "version": 1,
        "tool": {"name": report.tool_name, "version": report.tool_version},
        "files": list(report.files),
        "sources": list(report.sources),
        "findings": [f.to_json() for f in report.findings],
        "suppressed": [s.to_json() for s in report.suppressed],
        "summary": report.summary,
    }


def render(report: Report, out: TextIO) -> None:
    json.dump(to_json(report), out, indent=2, ensure_ascii=False)
    out.write("\n")


REPORTER = Reporter(name="json", render=render)
