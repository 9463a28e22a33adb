"""Three false findings from a SPEC review (§3), each planted (a finding) and faithful (none), on
fictional copy (Marrow Vale, Castelford, Tarnbury): a percentage change derived from one source
passage's from/to pair; "from X to Y" after a word of change is a change, not an interval; an
appositive age after a person noun ("A driver, 31, said")."""

from __future__ import annotations

from test_figures_real_text import codes, figures, findings  # the same helpers, one copy

# -- (a) a percentage change derived from one passage's from/to pair ---------------------------

FARE = "The Tarnbury ferry fare rose from £80 to £100 in March, the operator said."


def test_a_percentage_change_is_sourced_by_one_from_to_pair_without_the_level_repeated():
    assert codes("The Tarnbury ferry fare went up 25% in March.", FARE) == []
    assert codes("Ferry fares in Marrow Vale fell 20%.", "The fare dropped from £100 to £80.") == []
    assert codes("Castelford's grain output rose 25%.", "Output rose from 80 to 100 tonnes last year.") == []
    # with the level repeated, as before
    assert codes("The fare went up 25% to £100.", FARE) == []


def test_a_wrong_percentage_change_names_the_pair_it_should_come_from():
    planted = findings("The Tarnbury ferry fare went up 27% in March.", FARE)
    assert [c for c, _ in planted] == ["NL201"]
    assert "change of 25" in planted[0][1] and "£80 to £100" in planted[0][1]
    # far from any derivation: still unsourced
    assert codes("The Tarnbury ferry fare went up 60% in March.", FARE) == ["NL201"]


def test_a_change_files_its_percentage_only_when_it_is_a_change():
    [change] = figures("The fare rose from £80 to £100.")
    [interval] = figures("Tickets cost between £80 and £100.")
    assert any(k.startswith("c|percent|") for k in change.index_keys())
    assert not any(k.startswith("c|percent|") for k in interval.index_keys())


# -- (b) "from 80 to 100 pounds" after a word of change is a change ---------------------------


def test_from_to_after_a_word_of_change_is_a_change_with_the_unit_written_once():
    [q] = figures("The Marrow Vale levy rose from 80 to 100 pounds last year.")
    assert q.change and q.parts == (80, 100)
    [q] = figures("Output was cut sharply from 900 to 600 tonnes.")
    assert q.change
    # no word of change: an interval, as before
    [q] = figures("Tickets to the Castelford fair cost from 80 to 100 pounds.")
    assert not q.change and (q.low, q.high) == (80, 100)
    [q] = figures("The levy, which rose, from 80 to 100 pounds a head.")
    assert not q.change


def test_a_change_with_the_unit_written_once_is_sourced_by_its_two_ends():
    source = "The Marrow Vale levy was 80 pounds in 2029. It is now 100 pounds, the council said."
    draft = "The Marrow Vale levy rose from 80 to 100 pounds."
    assert codes(draft, source) == []
    assert codes(draft, "The levy rose from 80 pounds to 100 pounds.") == []
    assert codes("The Marrow Vale levy rose from 80 to 120 pounds.", source) == ["NL201"]


# -- (c) an appositive age after a person noun ----------------------------------------------


def test_an_appositive_age_after_a_person_noun_is_an_age():
    for text in (
        "A driver, 31, said the Tarnbury road was icy.",
        "Her husband, 42, of Castelford was unhurt.",
        "A local farmer, 58, said the river rose overnight.",
    ):
        [q] = figures(text)
        assert (q.family, q.value, q.subject) == ("age", q.value, None), text
    # plural nouns, no determiner, a clause between: no age
    for text in (
        "The depot hired drivers, 31, in all.",
        "Tarnbury, driver, 31, left.",
        "The driver, 31 of them, left.",
    ):
        assert [q.family for q in figures(text)] != ["age"], text


def test_an_appositive_age_of_a_person_noun_faithful_and_planted():
    source = "The 31-year-old driver of the Tarnbury bus said the road was icy; 31 passengers were aboard."
    assert codes("A driver, 31, said the road was icy.", source) == []
    assert codes("A driver, 34, said the road was icy.", source) == ["NL201"]
    # an age is not sourced by a bare 31 of another kind
    assert codes("A driver, 31, said the road was icy.", "The bus carried 31 passengers.") == ["NL201"]
