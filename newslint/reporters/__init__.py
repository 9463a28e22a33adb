"""Built-in report formats. Each module defines one ``Reporter`` named ``REPORTER``.

They are registered without importing their modules (a run prints one format; the HTML page's
module alone cost every run more than the text report): each module is imported when its format
is first rendered.
"""

from __future__ import annotations

import importlib
from typing import TextIO

from newslint.report import Report, Reporter

#: format name -> module
BUILTIN_MODULES = {
    "text": "newslint.reporters.text",
    "json": "newslint.reporters.json_report",
    "sarif": "newslint.reporters.sarif",
    "github": "newslint.reporters.github",
    "rdjsonl": "newslint.reporters.rdjsonl",
    "html": "newslint.reporters.html",
}


def _lazy(module: str):
    def render(report: Report, out: TextIO) -> None:
        importlib.import_module(module).REPORTER.render(report, out)

    render.__qualname__ = f"{module}.REPORTER.render"
    return render


BUILTIN_REPORTERS = [Reporter(name=name, render=_lazy(module)) for name, module in BUILTIN_MODULES.items()]
