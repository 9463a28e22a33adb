"""The NewsQuant benchmark's protocol (bench/accuracy/newsquant.py) on sentences of our own: the
scoring, not the score (the data set is not part of the project)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "accuracy" / "newsquant.py"


@pytest.fixture(scope="module")
def nq():
    spec = importlib.util.spec_from_file_location("newsquant_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_values_match_within_cqe_tolerance_and_ranges_by_both_ends(nq):
    assert nq.values_match(1000.0, 1000.000001)
    assert not nq.values_match(1000.0, 1001.0)
    assert nq.values_match(nq._gold_value("36040.0-34935.0"), (34935.0, 36040.0))
    assert not nq.values_match(nq._gold_value("1-2"), 1.0)
    assert nq._gold_value("1.99E-07") == pytest.approx(1.99e-7)
    assert nq._gold_value("-1.3") == -1.3


def test_unit_names_are_normalised_to_cqe_names(nq):
    figs = nq.figures_of(
        "Tarnbury sold 35 sq km for £1.5bn, $3,500 a month, 30% more; Pippa Hale, 31, "
        "counted four different bosses at 30 mph."
    )
    assert [nq.cqe_unit(f) for f in figs] == [
        "square kilometre",
        "pound sterling",
        "dollar per month",
        "percentage",
        "year of age",
        "different boss",
        "mile per hour",
    ]


def test_scoring_counts_cqe_loop_and_one_to_one(nq):
    records = [
        {
            "text": "Wexley paid £40m for 12 drones.",
            "quantities": [
                {"value": "40000000", "normalized_unit": "pound sterling"},
                {"value": "12", "normalized_unit": "drone"},
                {"value": "7", "normalized_unit": "-"},
            ],
        }
    ]
    res = nq.score(records)
    assert res["totals"] == {"gold": 3, "pred": 2}
    assert res["cqe"]["value"] == (100.0, 66.7, 80.0)
    assert res["one-to-one"]["value+unit"] == (100.0, 66.7, 80.0)
