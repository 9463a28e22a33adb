"""bench/accuracy/timeml.py reads TimeML right: the stripped text, the DCT and the gold spans."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "accuracy" / "timeml.py"


def _bench():
    spec = importlib.util.spec_from_file_location("timeml_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


TML = """<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="2025-03-06" functionInDocument="CREATION_TIME">20250306</TIMEX3></DCT>
<TEXT>
The Oddmoor council <EVENT eid="e1">voted</EVENT> <TIMEX3 tid="t1" type="DATE" value="2025-03-04">on Tuesday</TIMEX3> &amp; \
met again <TIMEX3 tid="t2" type="DATE" value="2025-W10">this week</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_strip_tml_gives_text_dct_and_gold_spans():
    bench = _bench()
    text, dct, gold = bench.strip_tml(TML)
    assert dct == dt.date(2025, 3, 6)
    assert "<" not in text and "&amp;" not in text and " & " in text
    assert [(text[g.start : g.end], g.type, g.value) for g in gold] == [
        ("on Tuesday", "DATE", "2025-03-04"),
        ("this week", "DATE", "2025-W10"),
    ]


def test_forms_are_read_from_the_words():
    bench = _bench()
    assert [
        bench.form_of(t)
        for t in ("Tuesday", "yesterday", "Aug. 6", "August", "1996", "last week", "two days ago")
    ] == [
        "weekday",
        "yesterday/today/tomorrow",
        "month-day",
        "month",
        "year",
        "last/this/next unit",
        "N units ago",
    ]


def test_gold_values_are_compared_by_their_calendar_part():
    bench = _bench()
    g = bench.Gold(0, 1, "DATE", "2000-01-05TEV", "x")
    assert bench._gold_day_value(g) == "2000-01-05"
    assert bench._gold_day_value(bench.Gold(0, 1, "DATE", "1968-XX", "x")) == "1968"
    assert bench._gold_day_value(bench.Gold(0, 1, "DATE", "2000-W7", "x")) == "2000-W07"
    assert bench._gold_day_value(bench.Gold(0, 1, "DATE", "198X", "x")) == "198"  # the 1980s, both ways
    assert bench._gold_day_value(bench.Gold(0, 1, "DATE", "1989-WXX", "x")) == "1989-WXX"  # never credited
    # TimeML's references are compared as written (not cut at their "T")
    assert bench._gold_day_value(bench.Gold(0, 1, "DATE", "PRESENT_REF", "now")) == "PRESENT_REF"
    assert bench._gold_day_value(bench.Gold(0, 1, "DATE", "FUTURE_REF", "x")) == "FUTURE_REF"


def test_value_shapes_group_the_causes():
    bench = _bench()
    shapes = [
        bench.value_shape(v)
        for v in ("2000-01-05TEV", "1989-W43", "1989-W44-WE", "1989-10", "1989-Q3", "1990-H1", "1989-SU")
    ]
    assert shapes == ["day", "week", "weekend", "month", "quarter", "half", "season"]
    assert [bench.value_shape(v) for v in ("1989", "198", "19", "1989-WXX", "PAST_REF", "P1W")] == [
        "year",
        "decade",
        "century",
        "underspecified",
        "PAST_REF",
        "duration",
    ]
