"""Built-in report formats. Each module defines one ``Reporter`` named ``REPORTER``."""

from newslint.reporters import json_report, text

BUILTIN_REPORTERS = [text.REPORTER, json_report.REPORTER]
