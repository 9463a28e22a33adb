"""The quantity extractor: numbers, units, ranges, qualifiers, nouns, precision, and what is not a figure."""

from __future__ import annotations

import json

import pytest

from newslint.facts import fact_from_json, fact_to_json
from newslint.facts.quantity import Quantity, buckets_between, tolerance
from newslint.testing import document


def quantities(text: str, name: str = "story.md") -> list[Quantity]:
    return list(document(text, name).facts_of("quantities"))


def one(text: str) -> Quantity:
    qs = quantities(text)
    assert len(qs) == 1, [q.text for q in qs]
    return qs[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The dam holds 1,000 tonnes of silt.", 1000),
        ("The dam holds 1 000 tonnes of silt.", 1000),
        ("The dam holds 1000 tonnes of silt.", 1000),
        ("The dam holds one thousand tonnes of silt.", 1000),
        ("The dam holds 1.2 million tonnes of silt.", 1_200_000),
        ("The dam holds two dozen tonnes of silt.", 24),
        ("The dam holds a dozen tonnes of silt.", 12),
        ("The dam holds half a million tonnes of silt.", 500_000),
        ("The dam holds one hundred and twenty tonnes of silt.", 120),
        ("The dam holds twenty-five tonnes of silt.", 25),
        ("The dam holds 7.5 tonnes of silt.", 7.5),
    ],
)
def test_numbers_in_digits_and_words(text, value):
    q = one(text)
    assert q.value == value and q.unit == "metric_ton" and q.dimension == "mass"


def test_multipliers_counts_and_currencies():
    qs = quantities("Officials pledged £1.5bn, then $40m and 40 million euros; 120k people left.")
    assert [(q.text, q.value, q.dimension, q.family) for q in qs] == [
        ("£1.5bn", 1.5e9, "currency:GBP", "currency"),
        ("$40m", 4e7, "currency:USD", "currency"),
        ("40 million euros", 4e7, "currency:EUR", "currency"),
        ("120k", 1.2e5, "count", "count"),
    ]
    assert qs[3].noun == "people" and qs[3].noun_class == "people"


def test_percentages_in_every_spelling_are_one_dimension():
    qs = quantities("Turnout was 30%, or 30 per cent, or 30 percent; it rose 3 percentage points.")
    assert [(q.value, q.unit, q.spelling) for q in qs] == [
        (30, "percent", "%"),
        (30, "percent", "per cent"),
        (30, "percent", "percent"),
        (3, "percentage point", "percentage points"),
    ]


@pytest.mark.parametrize(
    ("text", "spelling"),
    [
        ("Rebels hold 1,000sqkm of land.", "sqkm"),
        ("Rebels hold 1,000 sq km of land.", "sq km"),
        ("Rebels hold 1,000 square kilometres of land.", "square kilometres"),
        ("Rebels hold 1,000 square kilometers of land.", "square kilometers"),
        ("Rebels hold 1,000 km² of land.", "km²"),
        ("Rebels hold 1,000 km2 of land.", "km2"),
    ],
)
def test_area_spellings(text, spelling):
    q = one(text)
    assert (q.value, q.unit, q.dimension, q.spelling) == (1000, "kilometer ** 2", "area", spelling)
    assert q.base_low == pytest.approx(1e9)  # square metres


def test_units_with_spans_and_adjective_form():
    text = "A 20-kilometre zone and 386 sq miles."
    a, b = quantities(text)
    assert (a.value, a.unit, a.spelling, text[a.start : a.end]) == (
        20,
        "kilometer",
        "kilometre",
        "20-kilometre",
    )
    assert text[a.unit_start : a.end] == "kilometre"
    assert (b.unit, text[b.start : b.end]) == ("mile ** 2", "386 sq miles")


def test_ranges_are_intervals():
    qs = quantities(
        "Troops moved one to two kilometres (0.6-1.2 miles). Between 10 and 12 people died. It costs $3m-$5m."
    )
    assert [(q.value, q.low, q.high, q.unit) for q in qs] == [
        (None, 1, 2, "kilometer"),
        (None, 0.6, 1.2, "mile"),
        (None, 10, 12, None),
        (None, 3e6, 5e6, "USD"),
    ]
    assert qs[1].conversion_of == qs[0].start
    assert qs[2].noun == "people"


@pytest.mark.parametrize(
    ("qualifier", "bound"),
    [
        ("about", "approx"),
        ("approximately", "approx"),
        ("roughly", "approx"),
        ("some", "approx"),
        ("at least", "min"),
        ("more than", "min"),
        ("over", "min"),
        ("no less than", "min"),
        ("up to", "max"),
        ("fewer than", "max"),
        ("nearly", "near"),
    ],
)
def test_qualifiers_stay_with_the_figure(qualifier, bound):
    text = f"Police said {qualifier} 800 protesters gathered."
    q = one(text)
    assert (q.qualifier, q.bound, q.value) == (qualifier, bound, 800)
    assert text[q.start : q.end] == f"{qualifier} 800" and text[q.number_start : q.end] == "800"


def test_over_after_control_is_a_preposition():
    q = one("Rebels took control over 40 square kilometres.")
    assert (q.qualifier, q.bound, q.value) == ("", "", 40)


def test_counted_nouns_stay_with_their_figure():
    qs = quantities("Troops seized 74 settlements, downed 117 Shahed drones and evacuated 120,000 Russians.")
    assert [(q.value, q.noun, q.noun_class) for q in qs] == [
        (74, "settlements", "settlements"),
        (117, "drones", "drones"),
        (120000, "russians", "people"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "He was born in 1990 and retired in 2022.",
        "The talks opened on August 6 and ended on 13 Aug 2024.",
        "The war began in February 2022.",
        "The vote is at 5:02 PM, or 10am at the latest, or 1400 GMT.",
        "It was the 2nd attempt in the 1990s, in a second week of talks.",
        "Pilots flew an F-16 and a Su-34; COVID-19 and the G7 came up; World War II ended.",
        "Call +44 20 7946 0958 or 555-123-4567.",
        "Boeing 737 jets and Article 5 of the treaty; see No. 10.",
        "Version 3.2.1 shipped.",
        "See [the report](https://example.org/2024/08/1360-sq-km) and `1,360 sq km` <!-- 500 -->.",
    ],
)
def test_not_figures(text):
    assert quantities(text) == []


def test_ages_scores_small_counts_and_vague_plurals_are_figures_of_their_own_kind():
    """Issue 12 / SPEC §3: these were skipped; they are now read, each as its own kind, so that a
    rule can tell an age from a count, and never check an order of magnitude."""
    ages = quantities("A 27-year-old man, aged 34, met a woman who is 40 years old.")
    assert [(q.text, q.value, q.family) for q in ages] == [
        ("27-year-old", 27, "age"),
        ("34", 34, "age"),
        ("40 years old", 40, "age"),
    ]
    [score] = quantities("The home side won 3-1 in 2014-15.")
    assert (score.family, score.parts) == ("score", (3, 1))
    small = quantities("The two nations met; one soldier spoke; five areas were hit; nine days passed.")
    assert [(q.value, q.noun or q.unit, q.weak) for q in small] == [
        (2, "nations", True),
        (1, "soldier", True),
        (5, "areas", True),
        (9, "day", True),
    ]
    vague = quantities("Dozens of villages, hundreds of homes and thousands of troops.")
    assert [(q.low, q.high, q.vague) for q in vague] == [
        (12, 120, True),
        (100, 1000, True),
        (1000, 10000, True),
    ]


def test_precision_and_tolerance():
    a, b, c, d = quantities("It is 1,360 sq km, 1,000 sq km, about 1,000 sq km and 7.5 miles.")
    assert (a.ulp, a.step, tolerance(a, a.low)) == (1, 10, 5)
    assert (b.ulp, b.step, tolerance(b, b.low)) == (1, 1000, 50)
    assert tolerance(c, c.low) == 100
    assert tolerance(d, d.low) == pytest.approx(0.05)


def test_facts_round_trip_through_json_and_index_keys():
    q = one("Rebels hold about 1,000sqkm of land.")
    back = fact_from_json(Quantity, json.loads(json.dumps(fact_to_json(q))))
    assert back == q
    keys = set(q.index_keys())
    assert "d|area|90" in keys  # 1e9 m² -> log10 = 9.0
    assert "r|physical|30" in keys  # the written 1,000
    assert set(buckets_between(9.5e8, 1.05e9)) >= {"89", "90"}


def test_describe_is_one_line():
    q = one("Rebels hold about 1,000sqkm of land.")
    assert "\n" not in q.describe() and "area" in q.describe() and "about" in q.describe()


def test_plain_text_and_markdown_positions_are_exact():
    text = "---\ntitle: x\n---\n# Head\n\nThe **flood** covered 12 km (7.5 miles).\n"
    doc = document(text, "story.md")
    a, b = doc.facts_of("quantities")
    assert doc.span_position(a.start, a.end) == (6, 23, 6, 28)
    assert text[b.start : b.end] == "7.5 miles" and b.conversion_of == a.start
