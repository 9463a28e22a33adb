"""The year of a wire dateline without one ("ATHENS, Aug 8 (Northwire) -"): read from the file's
other dates (SPEC §2), the dates written in full in its text among them, so that a story of 2024 is
not dated in the current year.  Fictional text throughout."""

from __future__ import annotations

import datetime as dt

import pytest

from newslint.datelines import Dateline
from newslint.testing import check_texts, document

TODAY = dt.date.today()


def dated(text: str) -> tuple[dt.date | None, str | None]:
    doc = document(text, "wire.txt")
    return doc.date, doc.date_origin


@pytest.mark.parametrize(
    "text, expected",
    [
        # an event the day before the filing day, and one after it: the dateline sits among them
        (
            "ATHENS, Aug 8 (Northwire) - The Orlan ferry sank off Kessa on 7 August 2024, the coast guard said.\n",
            dt.date(2024, 8, 8),
        ),
        (
            "ATHENS, Jan 3 (Northwire) - The Orlan ferry sank on Dec. 30, 2024; the inquiry opens on 2025-01-12.\n",
            dt.date(2025, 1, 3),
        ),
        # an ISO date, and the latest of several
        (
            "KESSA, March 12 (Northwire) - The harbour, shut on 2029-11-02, reopened on 2030-03-10.\n",
            dt.date(2030, 3, 12),
        ),
        # February 29 takes the leap year nearest the text's dates
        ("ATHENS, Feb 29 (Northwire) - The Orlan ferry sank on Feb. 27, 2025.\n", dt.date(2024, 2, 29)),
        # a dateline that writes its year keeps it
        ("ATHENS, Aug 8, 2027 (Northwire) - The Orlan ferry sank on 7 August 2024.\n", dt.date(2027, 8, 8)),
    ],
)
def test_a_dateline_takes_the_year_of_the_texts_full_dates(text, expected):
    assert dated(text) == (expected, "dateline")


def test_without_other_dates_the_dateline_is_this_years():
    text = "ATHENS, Aug 8 (Northwire) - The Orlan ferry sank off Kessa on Thursday, the coast guard said.\n"
    assert dated(text) == (dt.date(TODAY.year, 8, 8), "dateline")


def test_a_readers_reference_still_bounds_the_year():
    line = Dateline(0, 12, "ATHENS, Aug 8", "ATHENS", None, 8, 8, None, latest_full_date=dt.date(2024, 8, 7))
    assert line.date() == dt.date(2024, 8, 8)
    # the reader's latest date of the file comes first: never after it
    assert line.date(dt.date(2023, 12, 1)) == dt.date(2023, 8, 8)
    assert Dateline(0, 12, "ATHENS, Aug 8", "ATHENS", None, 8, 8, None).date(
        today=dt.date(2030, 1, 1)
    ) == dt.date(2030, 8, 8)


SOURCE = {
    "wire.txt": "ATHENS, Aug 8 (Northwire) - The Orlan ferry sank off Kessa on Wednesday, the coast guard "
    "said. Its owner, Bexley Lines, bought it on 2 May 2024.\n"
}


def codes(draft: str) -> list[str]:
    return [f.code for f in check_texts(draft, SOURCE, select=["NL402", "NL404"])]


def test_a_source_dated_only_by_its_dateline_resolves_its_weekday_in_the_texts_year():
    # faithful: Wednesday of the week of Thursday 8 August 2024, as the draft of that day says
    assert (
        codes(" date 2024-08-08 The Orlan ferry sank off Kessa on Wednesday, the coast guard said.\n") == []
    )
    assert codes(" date 2024-08-09 The Orlan ferry sank off Kessa on Aug. 7, the coast guard said.\n") == []
    # planted: another day
    assert codes(" date 2024-08-08 The Orlan ferry sank off Kessa on Monday, the coast guard said.\n") != []
