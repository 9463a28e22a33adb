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


def _extract(text: str, counter: CountingPattern) -> list[T.TemporalExpression]:
    """The facts of a story, counting only this extraction's work."""
    doc = document("# Story\n\n" + text, "story.md", date=THURSDAY)
    counter.read = counter.calls = 0
    return T.extract(doc, builtin_packs())


def test_no_tense_window_is_scanned_where_no_tense_word_can_begin(counted):
    text = "Monday " * 3000 + "\n"
    facts = _extract(text, counted)
    assert len(facts) == 3000
    # capitalised words only: no tense word can begin anywhere, so once the offsets where one can
    # begin are known (after the first few expressions), no window is read: in all, the windows
    # read are a few times the text's length, however many expressions follow
    assert counted.read <= 5 * len(text)


def test_tense_windows_are_bounded_per_expression(counted):
    story = (
        "The council said on Monday that the bridge would reopen on Friday, and the mayor will "
        "speak on 12 March. Crews worked through the weekend, the ministry said on Tuesday. "
    )
    facts = _extract(story * 200 + "\n", counted)
    assert len(facts) == 1000  # Monday, Friday, 12 March, the weekend, Tuesday
    # at most 200 characters before and 120 after each expression, however long the paragraph
    assert 0 < counted.read <= 320 * len(facts)
    assert counted.calls <= 2 * len(facts)
