"""Built-in report formats. Each module defines one ``Reporter`` named ``REPORTER``."""

from newslint.reporters import github, html, json_report, rdjsonl, sarif, text

BUILTIN_REPORTERS = [
    text.REPORTER,
    json_report.REPORTER,
    sarif.REPORTER,
    github.REPORTER,
    rdjsonl.REPORTER,
    html.REPORTER,
]
