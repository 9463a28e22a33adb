"""Work per figure is bounded (issue 11): counted in index lookups and overlap tests, never timed.

A draft twice as long (twice the figures, the same figures per paragraph) must cost about twice
the lookups, not four times; and the lookups per figure must not grow with the paragraph's length.
"""

from __future__ import annotations

import pytest

from newslint.extractors import quantities
from newslint.index import SourceIndex
from newslint.testing import check_texts, default_host, document

SOURCE = {
    "wire/harbour.txt": (
        "The Brackwater harbour board said 1,200 tonnes of grain and 40 km of quay were checked; "
        "repairs will cost £3m and 250 dockers were sent home.\n"
    )
}


def _count_lookups(monkeypatch, draft: str) -> tuple[int, int]:
    """(index lookups, draft figures) of one check of ``draft`` against SOURCE."""
    calls = {"n": 0}
    real = SourceIndex.lookup

    def counting(self, kind, key, within=None):
        if kind == "quantities":
            calls["n"] += 1
        return real(self, kind, key, within)

    monkeypatch.setattr(SourceIndex, "lookup", counting)
    findings = check_texts(draft, SOURCE, select=["NL101", "NL201", "NL202"])
    assert findings and not any(f.code == "NL002" for f in findings), findings[:1]
    monkeypatch.undo()
    figures = document(draft, "draft.md", host=default_host()).facts_of("quantities")
    return calls["n"], len(figures)


@pytest.mark.parametrize(
    "unit",
    [
        # bare numbers, every one unsourced: the neighbours' derivations are the risk (a comma
        # between them: "1 1 1" with only spaces between is a run of numbers, no figure at all)
        "1, ",
        "7 km ",
        "| 99 km | 99 km |\n",
    ],
)
def test_index_lookups_per_figure_do_not_grow_with_the_draft(monkeypatch, unit):
    small, n_small = _count_lookups(monkeypatch, unit * 60 + "\n")
    large, n_large = _count_lookups(monkeypatch, unit * 240 + "\n")
    assert n_small > 0 and n_large == 4 * n_small
    per_small, per_large = small / n_small, large / n_large
    # the same figures in a longer paragraph: the same work per figure (within a small constant)
    assert per_large <= per_small * 1.05 + 1
    # a few lookups per rule; each figure's sourcing passages and each value range's anchors are
    # asked once per draft (asking them per neighbour's derivation was 41 per bare number)
    assert per_large <= 20


def test_merging_many_vague_figures_counts_no_pairs(monkeypatch):
    """ "thousands of" and "half the" among many figures: each vague figure is tested against the
    read figures with one binary search, not against every figure of the draft."""
    calls = {"n": 0}
    real = quantities._Spans.overlaps

    def counting(self, q):
        calls["n"] += 1
        return real(self, q)

    monkeypatch.setattr(quantities._Spans, "overlaps", counting)
    piece = "half the 3 km of quay and thousands of 12 sacks; "
    figures = document(piece * 200 + "\n", "draft.md", host=default_host()).facts_of("quantities")
    # one overlap test per figure read and per vague figure or fraction at most
    assert 0 < calls["n"] <= 2 * len(figures)


def test_merge_keeps_what_a_pairwise_merge_keeps():
    """The binary-search merge gives exactly what comparing every pair gives."""
    text = "One out of three Germans, half the 400 homes, tens of thousands of 5 km roads. " * 30 + "\n"
    doc = document(text, "draft.md", host=default_host())
    t = quantities.tables(default_host().packs)
    figures = [q for q in doc.facts_of("quantities") if not q.vague and q.unit != "fraction"]
    more = quantities._read_vague_and_fractions(doc.prose, t)

    def overlaps(a, b):
        return a.start < b.end and b.start < a.end

    fractions = [m for m in more if m.unit == "fraction"]
    kept = [
        q for q in figures if not ((q.weak or q.family == "count") and any(overlaps(q, f) for f in fractions))
    ]
    naive = sorted(kept + [m for m in more if not any(overlaps(m, q) for q in kept)], key=lambda q: q.start)
    assert [(q.start, q.end) for q in quantities._merge(figures, more)] == [(q.start, q.end) for q in naive]


def test_a_figure_repeated_with_the_same_neighbours_is_checked_once_and_reported_at_each_place(monkeypatch):
    draft = "Crews cleared 40 km of quay.\n\nBy noon, crews cleared 40 km of quay.\n\n| 40 km | 7 km |\n| 40 km | 7 km |\n"
    sources = {"wire/a.txt": "Crews cleared 40 square kilometres of quay and 7 km of road.\n"}
    calls = {"n": 0}
    import newslint.plugins.figures as plugin

    real = plugin._check_one

    def counting(*args, **kwargs):
        calls["n"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(plugin, "_check_one", counting)
    found = [(f.code, f.line, f.column, f.end_column, f.message) for f in check_texts(draft, sources)]
    nl101 = [f for f in found if f[0] == "NL101"]
    assert [(line, col) for _, line, col, _, _ in nl101] == [(1, 15), (3, 24), (5, 3), (6, 3)]
    assert len({m for *_, m in nl101}) == 1 and all(end - col == len("40 km") for _, _, col, end, _ in nl101)
    # six figures; the second paragraph's repeats the first's with the same neighbours (none): five
    # checked (the table's figures each have other neighbours)
    assert calls["n"] == 5
