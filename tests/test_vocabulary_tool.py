"""python -m newslint.devtools.vocabulary: word lists in code and duplicated vocabulary."""

from __future__ import annotations

from newslint.devtools.vocabulary import WordList, _alternation, duplicate_groups, main


def test_regex_alternations_are_read_as_words():
    assert _alternation(r"\b(?:Jan(?:uary)?|Feb|March|Apr\.?|in\s+a\s+statement)\b") >= {
        "feb",
        "march",
        "apr",
        "in a statement",
    }


def test_lists_of_the_same_words_are_grouped_and_unrelated_ones_are_not():
    months = WordList("a.py:1", frozenset({"january", "february", "march", "april"}), True)
    short = WordList("b.py:9", frozenset({"jan", "january", "february", "march"}), True)
    pack = WordList("rules/calendar.toml [months]", frozenset({"january", "february", "march", "may"}), False)
    other = WordList("c.py:3", frozenset({"said", "told", "added", "claimed"}), True)
    groups = duplicate_groups([months, short, pack, other])
    assert len(groups) == 1
    assert {w.where for w in groups[0]} == {"a.py:1", "b.py:9", "rules/calendar.toml [months]"}


def test_packs_alone_are_not_a_duplicate_in_code():
    a = WordList("rules/a.toml [x]", frozenset({"one", "two", "three", "four"}), False)
    b = WordList("rules/b.toml [y]", frozenset({"one", "two", "three", "five"}), False)
    assert duplicate_groups([a, b]) == []


def test_the_command_prints_the_counts(capsys):
    assert main(["--quiet"]) == 0
    out = capsys.readouterr().out
    assert "word lists in code" in out and "groups of duplicated vocabulary" in out
