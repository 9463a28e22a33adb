"""Issue 12: the causes of wrong and missed figure findings on real news text, each planted (a
finding) and faithful (no finding), on fictional copy of our own newsroom (Marrow Vale, Castelford,
Tarnbury...)."""

from __future__ import annotations

import pytest

from newslint.facts.quantity import Quantity
from newslint.testing import check_texts, document

FIGURES = ["NL101", "NL201", "NL202"]


def figures(text: str) -> list[Quantity]:
    return [q for q in document(text, "story.md").facts_of("quantities") if isinstance(q, Quantity)]


def findings(draft: str, source: str) -> list[tuple[str, str]]:
    return [(f.code, f.message) for f in check_texts(draft, {"wire.md": source}, select=FIGURES)]


def codes(draft: str, source: str) -> list[str]:
    return [code for code, _ in findings(draft, source)]


# -- ages ------------------------------------------------------------------------------------


def test_an_age_is_read_in_each_way_it_is_written_and_belongs_to_its_person():
    a, b, c, d = figures(
        "Pippa Hale, 31, of Tarnbury met a 64-year-old farmer, Owen Caddick, and Ana Ferreira, aged 40. "
        "The 18-month-old calf stayed."
    )
    assert [(q.family, q.value, q.subject) for q in (a, b, c)] == [
        ("age", 31, "Pippa Hale"),
        ("age", 64, None),
        ("age", 40, "Ana Ferreira"),
    ]
    assert (d.family, d.value, d.unit) == ("age", 18, "month")


def test_ages_faithful_and_planted():
    source = "The dairy is run by 31-year-old Pippa Hale, who kept 31 cows through the flood."
    assert codes("Pippa Hale, 31, runs the dairy.", source) == []
    assert codes("Hale, 31, runs the dairy.", source) == []  # the same person, by surname
    planted = findings("Pippa Hale, 32, runs the dairy.", source)
    assert [c for c, _ in planted] == ["NL201"]
    assert "31-year-old" in planted[0][1]
    assert codes("Pippa Hale, 31, runs the dairy.", "Hale, who is 31, runs the dairy.") == []
    assert codes("Pippa Hale, 31, runs the dairy.", "Pippa Hale (31) runs the dairy.") == []
    # an age is never sourced by a bare 31 of another kind
    assert codes("Pippa Hale, 31, runs the dairy.", "The dairy kept 31 cows.") == ["NL201"]
    # nor by the same age of another person
    assert codes("Owen Caddick, 31, runs the dairy.", source) == ["NL201"]
    # a one-word subject may be a place: no finding on the strength of it
    assert codes("A 31-year-old Tarnbury farmer, Pippa Hale, runs the dairy.", "Hale, 31, runs it.") == []


def test_age_ranges_are_ages():
    [q] = figures("Half the men aged 18 to 34 in Castelford voted.")[-1:]
    assert (q.family, q.low, q.high) == ("age", 18, 34)


# -- scores ----------------------------------------------------------------------------------


def test_scores_are_read_as_scores_not_numbers():
    [q] = figures("Castelford won a 6-4, 7-5 final against Wexley.")
    assert (q.family, q.parts) == ("score", (6, 4, 7, 5))
    [r] = figures("Tarnbury beat Wexley 76-71 on Sunday.")
    assert (r.family, r.parts) == ("score", (76, 71))


def test_scores_faithful_and_planted():
    source = "Marrow Vale United won 3-0 at Oundle Reach on Saturday."
    assert codes("Marrow Vale beat Oundle Reach 3-0.", source) == []
    assert codes("Oundle Reach lost 0-3 to Marrow Vale.", source) == []
    planted = findings("Marrow Vale United won 2-0 at Oundle Reach.", source)
    assert [c for c, _ in planted] == ["NL201"]
    assert "3-0" in planted[0][1]


# -- currency --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "dimension"),
    [
        ("The ticket cost £ 159 at the door.", 159, "currency:GBP"),
        ("The yacht sold for USD10m last week.", 1e7, "currency:USD"),
        ("Debt reached $US160 million.", 1.6e8, "currency:USD"),
        ("A plan costs RM79 in Pelham Cross.", 79, "currency:MYR"),
        ("Fares rose to HK$216 on Monday.", 216, "currency:HKD"),
        ("The council raised £50m for the dam.", 5e7, "currency:GBP"),
        ("Shares closed at 164p in Tarnbury.", 164, "currency:GBX"),
        ("In Tokyo trade, Hoshino Motors fell to Y=2,430.", 2430, "currency:JPY"),  # wire ASCII yen
        ("Hoshino now expects a net profit of Y=590 billion.", 5.9e11, "currency:JPY"),
        ("The Marrow Vale app costs AU $89.99 a year.", 89.99, "currency:AUD/year"),
        ("The Castelford pass costs NZ $99.99.", 99.99, "currency:NZD"),
    ],
)
def test_currencies(text, value, dimension):
    [q] = figures(text)
    assert (q.value, q.dimension, q.family) == (value, dimension, "currency")


def test_pc_is_per_cent_and_currency_faithful_and_planted():
    [q] = figures("Gilts yield 1.38pc this week.")
    assert (q.value, q.dimension) == (1.38, "percent")
    source = "The Tarnbury council set aside £50 million for the dam."
    assert codes("The council found £50m for the dam.", source) == []
    assert codes("The council found $50m for the dam.", source) == ["NL101"]  # another currency


def test_wire_yen_sign_faithful_and_planted():
    source = "Hoshino Motors shares fell 3.1 percent to 2,430 yen in Tokyo."
    assert codes("Hoshino fell 3.1 percent to Y=2,430.", source) == []
    assert codes("Hoshino fell 3.1 percent to Y=2,340.", source) == ["NL201"]
    assert codes("Hoshino fell 3.1 percent to $2,430.", source) == ["NL101"]  # another currency


def test_ambiguous_money_words_and_symbols_are_faithful():
    # a summary drops the "A" of "A$" and writes "pounds" for "£": no finding
    assert codes("The port cost $40m.", "The Tarnbury port cost A$40m.") == []
    assert codes("The dam cost £50m.", "The dam cost 50 million pounds.") == []
    assert codes("The dam cost 50 million pounds.", "The dam cost £50m.") == []
    # an explicit other currency is still another currency
    assert codes("The port cost A$40m.", "The Tarnbury port cost US$40m.") == ["NL101"]


# -- small number words with a noun ------------------------------------------------------------


def test_small_number_words_with_a_noun_are_read_as_weak_counts():
    qs = figures("The two tankers spent three months in port on a two-year contract; it sank five times.")
    assert [(q.value, q.noun or q.unit, q.weak) for q in qs] == [
        (2, "tankers", True),
        (3, "month", True),
        (2, "year", True),
        (5, "times", True),
    ]


def test_small_number_words_faithful_and_planted():
    source = "Three tankers ran aground off Wexley on Monday."
    assert codes("Three tankers ran aground.", source) == []
    assert codes("The two nations sent help.", source) == []  # no source counts nations: silent
    planted = findings("Two tankers ran aground off Wexley.", source)
    assert [c for c, _ in planted] == ["NL201"]
    assert "Three tankers" in planted[0][1]


# -- ranges ----------------------------------------------------------------------------------


def test_ranges_and_changes():
    [q] = figures("About four to five thousand people gathered.")
    assert (q.low, q.high) == (4000, 5000)
    [c] = figures("The coin fell from $36,040 to $34,935 overnight.")
    assert (c.change, c.parts, c.low, c.high) == (True, (36040, 34935), 34935, 36040)
    a, b = figures("The deficit rose by $43.6 billion to $419.2 billion.")
    assert (a.value, b.value) == (43.6e9, 419.2e9)


def test_ranges_faithful_and_planted():
    source = "Police said four to five thousand people marched through Castelford."
    assert codes("Between 4,000 and 5,000 people marched.", source) == []
    assert codes("Between 4,000 and 6,000 people marched.", source) == ["NL201"]
    change = "The coin fell from $36,040 to $34,935 overnight."
    assert codes("The coin ended the night at $34,935.", change) == []  # a change's end is a figure


# -- unit vocabulary -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dimension", "unit"),
    [
        ("The phone holds 256GB.", "data", "gigabyte"),
        ("A 30Mbps line reached the farm.", "data rate", "megabit / second"),
        ("The grid ran at 49.5 Hz.", "frequency", "hertz"),
        ("Each vial holds 50mL.", "volume", "milliliter"),
        ("Each tablet has 500mg of paracetamol.", "mass", "milligram"),
        ("The bag weighs 300g.", "mass", "gram"),
        ("The bag weighs 300 g.", "mass", "gram"),
        ("The filter stops 7 μm particles.", "length", "micrometer"),
        ("The tractor has 640bhp.", "power", "horsepower"),
        ("The limit is 30 m.p.h. in the village.", "speed", "mile / hour"),
        ("The road allows 100km/hr.", "speed", "kilometer / hour"),
    ],
)
def test_unit_vocabulary(text, dimension, unit):
    [q] = figures(text)
    assert (q.dimension, q.unit) == (dimension, unit)


def test_a_bare_degree_is_no_unit_and_years_need_no_noun():
    # "30 degrees" is a temperature as often as an angle: never NL101 against "30C"
    assert codes("It reached 30 degrees in Tarnbury.", "Tarnbury reached 30C on Monday.") == []
    assert [q.value for q in figures("A town of 1500 homes; the flood of 1907.")] == [1500]


def test_gigabytes_are_not_percentages():
    source = "Storage doubled to 256 per cent of last year's."
    assert codes("The phone holds 256GB.", source) == ["NL201"]


# -- rates and compound units ------------------------------------------------------------------


def test_rates():
    [rent] = figures("They pay $3,500 a month in Dunmore.")
    assert (rent.dimension, rent.per) == ("currency:USD/month", "month")
    [oil] = figures("The field gives 52,000 barrels a day.")
    assert oil.per == "day" and oil.dimension.startswith("[length] ** 3 / [time]")
    [speed] = figures("Winds reached 120 km per hour.")
    assert (speed.dimension, speed.unit) == ("speed", "kilometer / hour")


def test_rates_faithful_and_planted():
    source = "Tenants in Dunmore pay $3,500 a month, the agency said."
    assert codes("Rent is $3,500 a month.", source) == []
    assert codes("Rent is $3,500.", source) == []  # the period is the source's to give
    assert codes("Rent is $3,500 a month.", "Tenants in Dunmore pay $3,500, monthly.") == []
    assert codes("Rent is $3,500 a year.", source) == ["NL101"]


def test_hyphenated_rates_faithful_and_planted():
    """A rate written as an adjective: "a 52,000 barrel-a-day refinery", "£24 a-year"."""
    [oil] = figures("Castelford runs one 52,000 barrel-a-day refinery.")
    assert (oil.value, oil.per, oil.text) == (52000, "day", "52,000 barrel-a-day")
    assert oil.dimension.startswith("[length] ** 3 / [time]")
    [fee] = figures("Tarnbury viewers pay up to £24 a-year more.")
    assert (fee.value, fee.dimension, fee.bound) == (24, "currency:GBP/year", "max")
    [side] = figures("They played 5-a-side football.")  # no unit, no money: no rate
    assert side.per is None
    source = "The Castelford refinery processes 52,000 barrels a day, its owner said."
    assert codes("Castelford's 52,000 barrel-a-day refinery shut.", source) == []
    assert codes("Castelford's 25,000 barrel-a-day refinery shut.", source) == ["NL201"]


# -- identifiers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The S&P 500 and the FTSE 100 fell.",
        "the ftse 100 fell again.",
        "Her iPhone 11 Pro was lost.",
        "He won in Formula 1 last season.",
        "They live at 575 Wilbraham Road in Tarnbury.",
    ],
)
def test_identifiers_are_not_figures(text):
    assert figures(text) == []


# -- signs -----------------------------------------------------------------------------------


def test_signs():
    a, b = figures("Stocks: Tarnbury index -1.3%, Wexley index +0.2%.")
    assert (a.value, b.value) == (-1.3, 0.2)
    [c] = figures("It froze at minus 12 degrees Celsius.")
    assert c.value == -12


def test_signs_faithful_and_planted():
    source = "The Tarnbury index fell 1.3% on Friday (-1.3%)."
    assert codes("The Tarnbury index lost 1.3%.", source) == []  # the size of the fall
    assert codes("The Tarnbury index: -1.3%.", source) == []
    assert codes("The Tarnbury index: +1.3%.", "The Tarnbury index: -1.3% on Friday.") == ["NL201"]


# -- bounds ----------------------------------------------------------------------------------


def test_bounds_are_bounds():
    assert codes("Gusts of up to 90 mph hit Wexley.", "Gusts of up to 75 mph hit Wexley.") == ["NL201"]
    assert codes("At least 18 people were hurt.", "More than 20 people were hurt.") == ["NL201"]
    assert codes("More than 100,000 people left.", "More than 120,000 people left.") == []


def test_bound_flip_is_nl202():
    assert codes("More than 10,000 sheep were moved.", "Nearly 10,000 sheep were moved.") == ["NL202"]


def test_qualifier_spans_start_at_the_qualifier():
    a, b = figures("As many as 40 people came, and as much as 1,800 tonnes fell.")
    assert (a.text, b.text) == ("As many as 40", "as much as 1,800 tonnes")
    [c] = figures("It fell to about -5 C.")
    assert (c.text, c.value, c.qualifier) == ("about -5 C", -5, "about")


def test_faithful_bounds_and_rounding():
    assert codes("As much as 1,800 tonnes of silt moved.", "Up to 1,800 tonnes of silt moved.") == []
    assert codes("Nearly 10,000 sheep were moved.", "Farmers moved 9,870 sheep.") == []
    assert codes("Fewer than 10,000 sheep were moved.", "Farmers moved 9,870 sheep.") == []
    assert codes("About 30,000 acres flooded.", "The flood covered 12,000 hectares.") == []


# -- arithmetic: derived figures ---------------------------------------------------------------


def test_derived_figures_are_sourced():
    assert codes("Four aircraft joined the search.", "Two countries each sent two aircraft.") == []
    assert codes("Seventy homes were flooded.", "A third of the 210 homes in Dunmore were flooded.") == []
    assert codes("Flooded homes: 70.", "A third of the 210 homes in Dunmore were flooded.") == []
    assert codes("The price rose 25% to £100.", "The price went from £80 to £100 this year.") == []
    source = "In Pelham Cross, 12 fire crews came from Tarnbury and 9 fire crews from Wexley."
    assert codes("Some 21 fire crews fought the blaze.", source) == []
    assert codes("Tarnbury sent 3 more fire crews than Wexley.", source) == []


def test_a_wrong_derivation_names_the_nearest_derivation():
    source = "Of the 210 homes in Dunmore, a third of the 210 homes were flooded."
    [(code, message)] = findings("Flooded homes: 66.", source)
    assert code == "NL201"
    assert "nearest derivation" in message and "210" in message
    [f] = check_texts("Flooded homes: 66.", {"wire.md": source}, select=FIGURES)
    assert {e.excerpt for e in f.evidence} == {"a third", "210"}


# -- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["hundred " * 155, "1" + ",000" * 103, "It cost " + "9" * 400 + " pounds."])
def test_overflowing_numbers_are_no_figures_and_never_raise(text):
    assert [q for q in figures(text) if abs(q.high) > 1e18] == []
    assert codes(text, "A source with 10 figures.") == []


# -- vocabulary in rule packs ------------------------------------------------------------------


def test_a_newsroom_pack_adds_and_removes_figure_vocabulary():
    from newslint.document import parse_document
    from newslint.extractors.quantities import extract_quantities
    from newslint.rulepacks import RulePacks, builtin_pack_paths

    packs = RulePacks()
    for path in builtin_pack_paths():
        packs.add_file(path)
    packs.add(
        {
            "remove": {"qualifiers": {"approx": ["some"]}},
            "number-words": {"scales": {"lakh": 1e5}},
            "units": {"furlong": {"pint": "furlong", "forms": [["furlong", "furlongs"]]}},
        },
        "newsroom.toml",
    )
    doc = parse_document("Some 40 people came; two lakh rupees were paid; the race is 5 furlongs.", "d.txt")
    got = [(q.text, q.value, q.qualifier, q.dimension) for q in extract_quantities(doc, packs)]
    assert got == [
        ("40", 40, "", "count"),
        ("two lakh rupees", 200_000, "", "currency:INR"),
        ("5 furlongs", 5, "", "length"),
    ]


def test_dates_and_clock_times_read_the_calendar_pack():
    """The figures extractor skips numbers that are dates or clock times using the calendar pack's
    months, weekdays, time zones and clock words: a newsroom pack changes what is skipped."""
    from newslint.document import parse_document
    from newslint.extractors.quantities import extract_quantities
    from newslint.rulepacks import RulePacks, builtin_pack_paths, builtin_packs

    packs = RulePacks()
    for path in builtin_pack_paths():
        packs.add_file(path)
    packs.add(
        {
            "remove": {"calendar": {"month-abbreviations": ["sept"]}},
            "calendar": {"time-zones": ["WIB"], "month-abbreviations": {"junio": "june"}},
        },
        "newsroom.toml",
    )
    texts = [
        "Buses left at 9 WIB with 40 people.",
        "It opened 3 Junio with 40 people.",
        "Sales rose 12 Sept and fell.",
    ]
    docs = [parse_document(t, "d.txt") for t in texts]
    before = [[q.text for q in extract_quantities(d, builtin_packs())] for d in docs]
    after = [[q.text for q in extract_quantities(d, packs)] for d in docs]
    assert before == [["9", "40"], ["3", "40"], []]
    assert after == [["40"], ["40"], ["12"]]


def test_qualifiers_that_may_be_prepositions_come_from_the_numbers_pack():
    from newslint.document import parse_document
    from newslint.extractors.quantities import extract_quantities
    from newslint.rulepacks import RulePacks, builtin_pack_paths, builtin_packs

    packs = RulePacks()
    for path in builtin_pack_paths():
        packs.add_file(path)
    packs.add({"remove": {"qualifiers": {"also-prepositions": ["over"]}}}, "newsroom.toml")
    doc = parse_document("Troops took control over 40 villages.", "d.txt")
    assert [(q.text, q.bound) for q in extract_quantities(doc, builtin_packs())] == [("40", "")]
    assert [(q.text, q.bound) for q in extract_quantities(doc, packs)] == [("over 40", "min")]


def test_age_units_come_from_the_numbers_pack():
    from newslint.document import parse_document
    from newslint.extractors.quantities import extract_quantities
    from newslint.rulepacks import RulePacks, builtin_pack_paths, builtin_packs

    packs = RulePacks()
    for path in builtin_pack_paths():
        packs.add_file(path)
    packs.add({"ages": {"units": ["decade"]}}, "newsroom.toml")
    doc = parse_document("The bridge, a 3-decade-old span, carried 40 lorries.", "d.txt")
    assert [(q.text, q.dimension) for q in extract_quantities(doc, builtin_packs())][0] == (
        "3-decade",
        "dimensionless",
    )
    assert [(q.text, q.dimension) for q in extract_quantities(doc, packs)][0] == ("3-decade-old", "age")


def test_partitive_determiners_come_from_the_numbers_pack():
    from newslint.document import parse_document
    from newslint.extractors.quantities import extract_quantities
    from newslint.rulepacks import RulePacks, builtin_pack_paths, builtin_packs

    packs = RulePacks()
    for path in builtin_pack_paths():
        packs.add_file(path)
    packs.add({"remove": {"fractions": {"determiners": ["their"]}}}, "newsroom.toml")
    fraction = parse_document("Families lost a third their savings and 40 homes.", "d.txt")
    assert [q.text for q in extract_quantities(fraction, builtin_packs())] == ["a third", "40"]
    assert [q.text for q in extract_quantities(fraction, packs)] == ["40"]
    one_of = parse_document("Ruiz is one of their best speakers.", "d.txt")
    assert [q.noun for q in extract_quantities(one_of, builtin_packs())] == ["speakers"]
    assert extract_quantities(one_of, packs) == []
