"""Runs of bare numbers (issue 11): "1 1 1 1", "4 8 15 16 23 42" are a sequence, not figures.

Three or more numbers in digits with nothing but spaces between them are no figures, except the
last when a unit or a noun follows it. Two numbers side by side, scores, dates and figures with
their units keep their reading. The run is found in one match, whatever its length. Also here: the
passages the extractor gives its figures are the paragraphs ``Document.paragraph_at`` finds.
"""

from __future__ import annotations

import pytest

from newslint.extractors import quantities as extractor
from newslint.facts.quantity import Quantity
from newslint.testing import check_texts, document

SOURCE = {
    "wire/vale.txt": (
        "Published: 12 March 2031\n\nFirefighters in Marrow Vale said 1,200 hectares had burned and "
        "40 km of road stayed closed; 74 homes were evacuated. Harlow Town won 3-2 on Sunday.\n"
    )
}


def figures(text: str) -> list[Quantity]:
    return [q for q in document(text, "draft.md").facts_of("quantities") if isinstance(q, Quantity)]


def texts(text: str) -> list[str]:
    return [q.text for q in figures(text)]


def unsourced(draft: str) -> list[str]:
    return [f.excerpt for f in check_texts(draft, SOURCE, select=["NL201"])]


# -- planted: sequences of numbers


@pytest.mark.parametrize(
    "draft",
    [
        "The ticket read 4 8 15 16 23 42 and nothing else.\n",
        "1 1 1 1 1 1 1 1\n",
        "Row: 12 7 19 3 2\n",
        "The code was pasted as prose: 0 1 1 2 3 5 8 13 21.\n",
        "Readings 1.5 2.25 3.75 were logged.\n",
    ],
)
def test_a_run_of_bare_numbers_is_no_figure(draft):
    assert texts(draft) == []
    assert unsourced(draft) == []


def test_the_last_number_of_a_run_keeps_its_unit_or_noun():
    assert texts("The markers read 4 8 15 16 23 42 km.\n") == ["42 km"]
    assert texts("The 3 4 5 triangle has 12 sides.\n") == ["5", "12"]
    assert unsourced("The markers read 4 8 15 16 23 42 km.\n") == ["42 km"]


def test_a_run_beside_real_figures_leaves_them_alone():
    draft = "The ticket read 4 8 15 16 23 42. Firefighters said 1,300 hectares had burned.\n"
    assert texts(draft) == ["1,300 hectares"]
    assert unsourced(draft) == ["1,300 hectares"]


# -- faithful: what keeps its reading


@pytest.mark.parametrize(
    ("draft", "expected"),
    [
        ("Harlow Town won 3 2 on Sunday.\n", ["3", "2"]),  # two numbers: no run
        ("Harlow Town won 3-2 on Sunday.\n", ["3-2"]),  # a score
        ("The fire started on 14 March 2031 near the road.\n", []),  # a date
        ("In 2031 1,200 hectares burned.\n", ["1,200 hectares"]),  # a year next to a figure
        ("About 1 000 000 people live in the vale.\n", ["About 1 000 000"]),  # one number, spaces
        ("Crews cleared 40 km of road and 74 homes.\n", ["40 km", "74"]),
        ("The scores were 6-4, 7-5 in the final.\n", ["scores", "6-4, 7-5"]),
    ],
)
def test_numbers_that_are_no_run_keep_their_reading(draft, expected):
    assert texts(draft) == expected


def test_faithful_figures_next_to_a_run_stay_sourced():
    draft = (
        "Firefighters in Marrow Vale said 1,200 hectares had burned (map grid 4 8 15 16). "
        "Harlow Town won 3-2 on Sunday.\n"
    )
    assert unsourced(draft) == []


def test_a_run_is_read_in_one_match_whatever_its_length(monkeypatch):
    calls = {"n": 0}
    real = extractor._read_figure

    def counting(prose, m, t):
        calls["n"] += 1
        return real(prose, m, t)

    monkeypatch.setattr(extractor, "_read_figure", counting)
    assert texts("1 " * 20_000 + "\n") == []
    assert calls["n"] == 1  # the last number alone is read (and is bare)


# -- passages


@pytest.mark.parametrize(
    "text",
    [
        "- 1 km\n- 1 km\n- 2 km\n\n- 1 km\n",
        "| a | b |\n|---|---|\n| 99 km | 99 km |\n| 99 km | 98 km |\n",
        "# 40 km of road\n\nCrews cleared 40 km of road.\n\n> 74 homes\n\nThe 74 homes, 12 km away.\n",
        "Firefighters said 1,200 hectares had burned. " * 3 + "\n\n" + "About 40 km of road closed.\n" * 2,
    ],
)
def test_each_figure_is_in_the_paragraph_the_document_finds(text):
    doc = document(text, "draft.md")
    qs = [q for q in doc.facts_of("quantities") if isinstance(q, Quantity)]
    assert qs
    for q in qs:
        para = doc.paragraph_at(q.start)
        if para is None:
            assert q.passage == ""
        else:
            assert q.passage.startswith(f"{para.index}:")
            again = [o for o in qs if doc.paragraph_at(o.start) == para]
            assert {o.passage for o in again} == {q.passage}
    # the same paragraph text hashes alike, at its own index
    by_text: dict[str, set[str]] = {}
    for q in qs:
        para = doc.paragraph_at(q.start)
        if para is not None:
            by_text.setdefault(doc.prose[para.start : para.end], set()).add(q.passage.split(":")[1])
    assert all(len(hashes) == 1 for hashes in by_text.values())
