"""The figures rules on fictional drafts: planted errors, and faithful drafts that must give nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newslint.config import Config
from newslint.index import SourceIndex
from newslint.registry import PluginHost
from newslint.runner import CheckOptions, run_checks
from newslint.testing import check_texts, default_host, document

FIGURES = ["NL101", "NL102", "NL103", "NL201", "NL202"]

WIRE = (
    "Floodwater covered about 1,200 square kilometres of the Calder basin by Sunday, the regional "
    "authority said.\n\n"
    "At least 3,400 people were evacuated from 17 villages, and more than 250 homes were destroyed.\n\n"
    "The authority said the river rose 4.5 metres in 36 hours and that repairs would cost £120m.\n\n"
    "Rainfall was 40 per cent above the seasonal average, and 12 km of embankment failed.\n\n"
    "Insurers expect claims from up to 2,000 households.\n"
)
UPDATE = (
    "# Calder update\n\nVolunteers filled 25,000 sandbags and a 15-kilometre exclusion zone was set up.\n"
)
SOURCES = {"wire/flood.txt": WIRE, "wire/update.md": UPDATE}


def check(draft: str, sources: dict[str, str] | None = None, **kw):
    return check_texts(draft, SOURCES if sources is None else sources, select=FIGURES, **kw)


def where(draft: str, needle: str) -> tuple[int, int, int]:
    """(line, column, end column) of the first ``needle`` in ``draft`` (1-based, end exclusive)."""
    i = draft.index(needle)
    line = draft.count("\n", 0, i) + 1
    col = i - (draft.rfind("\n", 0, i) + 1) + 1
    return line, col, col + len(needle)


def test_faithful_draft_gives_nothing():
    draft = (
        "# Calder flood\n\n"
        "The flood covered roughly 1,200 sq km (463 sq miles) of the Calder basin.\n\n"
        "More than 3,400 residents were moved out of seventeen villages; over 250 homes were lost.\n\n"
        "The river rose 4.5 metres (14.8 feet) in 36 hours, and repairs will cost £120 million.\n\n"
        "Rainfall was 40% above average, and 12 kilometres (7.5 miles) of embankment failed.\n\n"
        "Volunteers filled twenty-five thousand sandbags; a 15-kilometre exclusion zone was set up.\n\n"
        "Up to 2,000 households may claim. The two towns met in 1998, on August 6, at 10am.\n"
    )
    assert check(draft) == []


def test_faithful_rewrite_in_other_units_gives_nothing():
    draft = (
        "Water covered about 463 square miles, rising 15 feet in a day and a half. "
        "About 7.5 miles of embankment failed.\n"
    )
    sources = {
        "wire.txt": "Water covered 1,200 sq km. The river rose 4.5 m in 36 hours. "
        "Some 12 km of embankment failed.\n"
    }
    assert check(draft, sources) == []


def test_no_sources_means_no_sourcing_findings():
    assert check("The flood covered 9,999 square kilometres.\n", {}) == []


@pytest.mark.parametrize(
    ("draft", "needle", "code", "fragment", "evidence_line"),
    [
        # a changed figure, with the nearest source figure as evidence
        (
            "The flood covered 1,300 square kilometres of the basin.\n",
            "1,300 square kilometres",
            "NL201",
            "nearest source figure: about 1,200 square kilometres",
            1,
        ),
        # a word number that differs from the source's digits
        (
            "Volunteers filled twenty thousand sandbags.\n",
            "twenty thousand",
            "NL201",
            "nearest source figure: 25,000 sandbags",
            3,
        ),
        # a changed percentage
        ("Rainfall was 45 per cent above average.\n", "45 per cent", "NL201", "appears in no source", 7),
        # the same number counting something else
        ("Volunteers filled 17 trucks.\n", "17", "NL201", "the sources give 17 villages, not trucks", 3),
        # a unit swap within one dimension
        ("The river rose 4.5 feet.\n", "4.5 feet", "NL201", "the sources give 4.5 metres: another unit", 5),
        # a currency swap
        ("Repairs will cost $120m.\n", "$120m", "NL101", "the sources give £120m (GBP), not USD", 5),
        # per cent for percentage points
        (
            "Rainfall rose 40 percentage points.\n",
            "40 percentage points",
            "NL101",
            "the sources give 40 per cent (a percentage)",
            7,
        ),
        # a dropped bound, a bound turned into an estimate
        (
            "Officials said 3,400 people were evacuated.\n",
            "3,400",
            "NL202",
            "the source says At least 3,400 (a lower bound, not exact)",
            3,
        ),
        (
            "About 250 homes were destroyed.\n",
            "About 250",
            "NL202",
            "the source says more than 250 (a lower bound, not an estimate)",
            3,
        ),
        # an upper bound made exact
        ("Insurers expect claims from 2,000 households.\n", "2,000", "NL202", "up to 2,000", 9),
    ],
)
def test_planted_errors(draft, needle, code, fragment, evidence_line):
    findings = check(draft)
    assert [(f.code, f.line, f.column, f.end_column) for f in findings] == [(code, *where(draft, needle))]
    assert fragment in findings[0].message
    ev = findings[0].evidence
    if evidence_line is None:
        assert ev == ()
    else:
        assert ev[0].line == evidence_line and ev[0].path in SOURCES


def test_unsourced_figure_with_nothing_near_says_so():
    draft = "Police arrested 9,000 looters.\n"
    [f] = check(draft)
    assert (f.code, f.line, f.column) == ("NL201", 1, 17)
    assert f.evidence == () and "no source gives a figure of this kind near it" in f.message


def test_unit_mismatch_length_for_area_points_at_the_source_figure():
    draft = "Floodwater now spans 1,200 kilometres.\n"
    [f] = check(draft)
    assert (f.code, f.line, f.column, f.end_column) == ("NL101", *where(draft, "1,200 kilometres"))
    assert f.message == (
        "1,200 kilometres: the sources give about 1,200 square kilometres (an area), not a length"
    )
    assert (f.evidence[0].path, f.evidence[0].line, f.evidence[0].column) == ("wire/flood.txt", 1, 20)


@pytest.mark.parametrize(
    ("draft", "needle", "fragment"),
    [
        (
            "It covers 800 square kilometres (500 square miles).\n",
            "500 square miles",
            "that is 309 square miles",
        ),
        ("About 12 km (12 miles) of embankment failed.\n", "12 miles", "that is 7.46 miles"),
        ("Temperatures reached 40C (140F).\n", "140F", "that is 104 F"),
        (
            "It covers 1,200 sq km (463 miles).\n",
            "463 miles",
            "(a length) cannot convert 1,200 sq km (an area)",
        ),
        ("Troops moved one to two kilometres (0.6-3 miles).\n", "0.6-3 miles", "that is 0.621-1.24 miles"),
    ],
)
def test_wrong_conversions(draft, needle, fragment):
    findings = check(draft, {})
    assert [(f.code, f.line, f.column, f.end_column) for f in findings] == [("NL102", *where(draft, needle))]
    assert fragment in findings[0].message


@pytest.mark.parametrize(
    "draft",
    [
        "It covers 800 square kilometres (310 square miles).\n",
        "It covers 800 square kilometres (309 square miles).\n",
        "About 12 km (7.5 miles) of embankment failed, and 5 miles (8 km) of road.\n",
        "Troops moved one to two kilometres (0.6-1.2 miles).\n",
        "Temperatures reached 40C (104F).\n",
        "The fund holds £1.5bn ($1.9bn).\n",  # currencies are not checked
    ],
)
def test_right_conversions(draft):
    assert check(draft, {}) == []


def test_a_conversion_is_sourced_by_its_first_half():
    draft = "The flood covered about 1,200 square kilometres (460 square miles).\n"
    assert check(draft) == []


def test_mixed_unit_spellings():
    draft = (
        "Rebels hold about 1,000sqkm.\n\n"
        "Analysts say at least 800 square kilometres changed hands, and 900 square kilometers more.\n"
    )
    findings = check(draft, {})
    assert [(f.code, f.line, f.column, f.end_column) for f in findings] == [("NL103", *where(draft, "sqkm"))]
    f = findings[0]
    assert f.message == (
        '"sqkm" here, but this draft writes "square kilometres" for the same unit (line 3); use one spelling'
    )
    assert (f.evidence[0].path, f.evidence[0].line, f.evidence[0].column) == ("draft.md", 3, 27)


def test_british_and_american_spellings_are_one_style():
    draft = "A 20-kilometre zone, 12 kilometers deep, and 30 per cent, 40 per cent.\n"
    assert check(draft, {}) == []


def test_house_style_from_config_overrides_the_draft_majority(tmp_path):
    draft = "It covers 800 sq km and 900 sq km, plus 100 square kilometers; 30% of it.\n"
    config = Config(root=tmp_path, house_style={"km²": "square kilometres", "percent": "per cent"})
    findings = check(draft, {}, config=config)
    assert [(f.code, f.line, f.column, f.end_column) for f in findings] == [
        ("NL103", *where(draft, "sq km")),
        ("NL103", 1, where(draft, "900 sq km")[1] + 4, where(draft, "900 sq km")[2]),
        ("NL103", *where(draft, "%")),
    ]
    assert findings[0].message == '"sq km": the house style for this unit is "square kilometres"'


def test_house_style_from_a_rule_pack(tmp_path):
    pack = tmp_path / "house.toml"
    pack.write_text('[units-house-style]\n"%" = "per cent"\n', encoding="utf-8")
    host = PluginHost(rule_packs=[pack])
    draft = "Turnout was 30%, up from 28 per cent.\n"
    findings = check_texts(draft, {}, select=FIGURES, host=host)
    assert [(f.code, f.line, f.column, f.end_column) for f in findings] == [("NL103", *where(draft, "%"))]
    # and config wins over the pack
    config = Config(root=tmp_path, house_style={"%": "%"})
    findings = check_texts(draft, {}, select=FIGURES, host=host, config=config)
    assert [(f.code, f.column) for f in findings] == [("NL103", where(draft, "per cent")[1])]


def test_qualifiers_of_one_class_and_added_hedges_are_fine():
    sources = {"s.txt": "More than 120,000 people fled. The army lost 800 tanks. Nearly 40 bridges fell.\n"}
    draft = "Over 120,000 residents fled. The army lost about 800 tanks. Almost 40 bridges fell.\n"
    assert check(draft, sources) == []


def test_bounds_in_the_same_direction_a_little_beyond_are_sourced():
    sources = {"s.txt": "More than 120,000 people fled.\n"}
    assert check("More than 100,000 people fled.\n", sources) == []
    findings = check("More than 50,000 people fled.\n", sources)
    assert [f.code for f in findings] == ["NL201"]


def test_changed_qualifier_dropped_bound():
    sources = {"s.txt": "More than 120,000 people have fled.\n"}
    draft = "Some 120,000 people have fled.\n"
    [f] = check(draft, sources)
    assert (f.code, f.line, f.column, f.end_column) == ("NL202", *where(draft, "Some 120,000"))
    assert f.evidence[0].excerpt == "More than 120,000"


def test_interval_sourced_by_interval_and_by_its_ends():
    sources = {
        "s.txt": "Troops advanced one to three kilometres. Losses were 10 tanks on Monday and "
        "12 tanks on Tuesday.\n"
    }
    assert check("Troops advanced 1-3 km. Between 10 and 12 tanks were lost.\n", sources) == []
    draft = "Troops advanced one to two kilometres.\n"
    [f] = check(draft, sources)
    assert (f.code, f.column) == ("NL201", where(draft, "one to two kilometres")[1])


def test_cached_sources_work_without_their_text():
    host = default_host()
    fresh = document(WIRE, "wire/flood.txt", host=host)
    restored = SourceIndex([fresh])  # facts as rows of a store, no text
    assert restored.documents[0].text is None
    draft_text = "The flood covered 1,300 square kilometres. Water rose 4.5 metres.\n"
    draft = document(draft_text, "draft.md", date=dt.date(2024, 8, 14), host=host)
    findings = run_checks(draft, restored, Config(root=Path.cwd()), host, CheckOptions(select=FIGURES))
    assert [(f.code, f.column) for f in findings] == [("NL201", 19)]
    assert findings[0].evidence[0].excerpt == "about 1,200 square kilometres"
