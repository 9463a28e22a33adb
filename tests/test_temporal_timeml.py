"""The temporal extractor on the phenomena the TimeML benchmark (bench/accuracy/timeml.py) showed it
missing or resolving wrong, on fictional sentences: datelines set alone in their paragraph, years
in all their forms, decades and centuries, halves of a year, the end of a year, and the planted /
faithful pairs the date rules must keep apart."""

from __future__ import annotations

import datetime as dt

import pytest

from newslint.facts.temporal import TemporalExpression
from newslint.testing import check_texts, document

THURSDAY = dt.date(2025, 3, 6)  # the week of Monday 2025-03-03 .. Sunday 2025-03-09


def dates(text: str, date: dt.date | None = THURSDAY) -> list[TemporalExpression]:
    return list(document(text, "story.txt", date=date).facts_of("temporal"))


def values(text: str, date: dt.date | None = THURSDAY) -> list[tuple[str, str | None]]:
    return [(f.text, f.value) for f in dates(text, date)]


# -- a dateline alone in its paragraph ------------------------------------------------------------

DATELINE_ALONE = (
    "ODDMOOR, March 4 (Northwire) --\n\n"
    "Fishermen blockaded the Oddmoor harbour mouth on Tuesday in protest at the new mooring fees.\n"
)


def test_a_dateline_alone_in_its_paragraph_dates_the_story():
    doc = document(DATELINE_ALONE, "wire.txt")
    assert doc.date is not None and (doc.date.month, doc.date.day) == (3, 4)
    assert doc.dateline == "ODDMOOR, March 4 (Northwire)"
    facts = {f.text: f for f in doc.facts_of("temporal")}
    assert facts["March 4"].form == "dateline"
    tuesday = doc.date - dt.timedelta(days=(doc.date.weekday() - 1) % 7)  # the Tuesday up to it
    assert facts["Tuesday"].earliest == tuesday.isoformat()


def test_a_dateline_date_is_neither_unsourced_nor_drift():
    draft = "ODDMOOR, March 4 (Northwire) --\n\nFishermen blockaded the Oddmoor harbour mouth in protest.\n"
    source = " date 2025-03-03 ODDMOOR: Fishermen blockaded the Oddmoor harbour mouth in protest.\n"
    assert check_texts(draft, {"wire.txt": source}, select=["NL402", "NL404"]) == []
