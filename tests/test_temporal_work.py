"""The temporal extractor's work is bounded per expression (counted, never timed): each expression's
tense is read from bounded windows around it, and a window in which no tense word can begin is not
scanned at all."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from newslint.extractors import temporal as T
from newslint.rulepacks import builtin_packs
from newslint.testing import document

THURSDAY = dt.date(2025, 3, 6)


class CountingPattern:
    """A compiled pattern that counts the characters its ``finditer`` windows cover."""

    def __init__(self, pattern):
        self.pattern = pattern
        self.read = 0
        self.calls = 0

    def finditer(self, text, pos, endpos):
        self.calls += 1
        self.read += max(0, endpos - pos)
        return self.pattern.finditer(text, pos, endpos)


@pytest.fixture
def counted(monkeypatch):
    v = builtin_packs().derived(T.vocabulary)
    counter = CountingPattern(v.tense)
    counted_v = dataclasses.replace(v, tense=counter)
    monkeypatch.setattr(T, "vocabulary", lambda packs: counted_v)
    return counter


def _extract(text: str) -> list[T.TemporalExpression]:
    doc = document("# Story\n\n" + text, "story.md", date=THURSDAY)
    return T.extract(doc, builtin_packs())


def test_no_tense_window_is_scanned_where_no_tense_word_can_begin(counted):
    facts = _extract("Monday " * 3000 + "\n")
    assert len(facts) == 3000
    assert counted.read == 0  # capitalised words only: no tense word can begin anywhere


def test_tense_windows_are_bounded_per_expression(counted):
    story = (
        "The council said on Monday that the bridge would reopen on Friday, and the mayor will "
        "speak on 12 March. Crews worked through the weekend, the ministry said on Tuesday. "
    )
    facts = _extract(story * 200 + "\n")
    assert len(facts) == 1000  # Monday, Friday, 12 March, the weekend, Tuesday
    # at most 200 characters before and 120 after each expression, however long the paragraph
    assert 0 < counted.read <= 320 * len(facts)
    assert counted.calls <= 2 * len(facts)
