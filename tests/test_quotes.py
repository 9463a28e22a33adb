"""Rules NL301-NL304 on fictional drafts and sources: planted errors and faithful drafts."""

from __future__ import annotations

from newslint.testing import check_texts, default_host

WIRE = """\
 date 2025-03-04 RIVERTON (Wire) — Floodwaters forced 2,000 people from their homes on Tuesday, officials said.

"We have never seen the river rise this fast," Mayor Ana Ruiz told reporters at the town hall.

"The levee held for six hours and then it simply gave way," she said. "Our neighbours lost everything."

Emergency services chief Tomas Berg said crews were working "around the clock" to reach stranded families.

"Nobody should try to drive through the water," Berg added.

"Two feet of moving water will sweep a car away.

"Stay home and wait for the boats. We will come to you."

The regional council called the response "a model of cooperation between towns".

Weather forecaster Lena Holt said more rain was expected. She warned: "The worst may still be ahead of us."

A resident who gave her name as Mara said: "We lost everything in the basement... but we are alive."
"""

SOURCES = {"wire/flood.txt": WIRE}


def run(draft: str, sources=None, **kw):
    return check_texts(draft, SOURCES if sources is None else sources, select=["NL3"], **kw)


def codes(findings):
    return [(f.code, f.line, f.column) for f in findings]


# -- faithful drafts: nothing at all -----------------------------------------------------------------


FAITHFUL = """\
---
title: Riverton floods
---
# Floods force 2,000 from their homes

"We have never seen the river rise this fast," said Ana Ruiz, the town's mayor.

Ruiz said the levee "held for six hours" before it failed. "Our neighbors lost everything," she added.

Tomas Berg, the emergency services chief, told residents: "Nobody should try to drive through the water."

"Stay home and wait for the boats," Berg said.

Crews worked *"around the clock"*, and the council praised "a model of cooperation".

A resident, Mara, said: "We lost everything in the basement ... but we are alive."

Forecaster Lena Holt warned that "the worst may still be ahead".
"""


def test_faithful_draft_has_no_finding():
    assert run(FAITHFUL) == []


def test_faithful_draft_in_plain_text_with_curly_quotes_and_american_spelling():
    draft = (
        "“We have never seen the river rise this fast,” the mayor told reporters.\n\n"
        "“Our neighbors lost everything,” Mayor Ana Ruiz said.\n\n"
        "Berg said: “Two feet of moving water will sweep a car away.”\n"
    )
    assert run(draft, draft_name="draft.txt") == []


def test_ellipsis_in_the_draft_stands_for_omitted_words():
    draft = "“The levee held … and then it simply gave way,” Ruiz said.\n"
    assert run(draft) == []


def test_ellipsis_in_the_source_written_as_a_comma_is_not_an_alteration():
    draft = "“We lost everything in the basement, but we are alive,” Mara said.\n"
    assert run(draft) == []


def test_wire_convention_quote_in_the_draft_is_sourced_and_attributed():
    draft = (
        "“Two feet of moving water will sweep a car away,” Tomas Berg said.\n\n"
        "“Stay home and wait for the boats.\n\n"
        "“We will come to you.”\n"
    )
    assert run(draft) == []


def test_descriptor_speaker_never_makes_nl302():
    draft = "“We have never seen the river rise this fast,” the official said.\n"
    assert run(draft) == []


def test_institution_speaker_never_makes_nl302():
    draft = "The emergency service said crews worked “around the clock”.\n"
    assert run(draft) == []


def test_no_sources_every_quote_is_unsourced():
    findings = run("“Stay home,” Berg said.\n", sources={})
    assert codes(findings) == [("NL301", 1, 1)]
    assert findings[0].message == "“Stay home,” appears in no source quotation (searched 0 sources)"


# -- NL301 ------------------------------------------------------------------------------------------


def test_invented_quote_is_nl301_with_exact_position():
    draft = "Mayor Ana Ruiz visited the levee.\n\nShe vowed to “rebuild it stronger than before”.\n"
    findings = run(draft)
    assert codes(findings) == [("NL301", 3, 14)]
    f = findings[0]
    assert (f.end_line, f.end_column) == (3, 47)
    assert f.excerpt == "“rebuild it stronger than before”"
    assert f.severity == "warning" and f.evidence == ()


def test_short_quote_without_speaker_is_checked():
    findings = run("The town will build a “flood wall” next year.\n")
    assert codes(findings) == [("NL301", 1, 23)]


def test_words_only_in_source_prose_do_not_source_a_quotation():
    # the wire says "officials said" and "stranded families" in its own words, not as quotations
    findings = run("Berg said crews were trying to reach “stranded families”.\n")
    assert codes(findings) == [("NL301", 1, 38)]


def test_distant_quote_names_the_closest_source_quote_as_evidence():
    draft = "“Nobody should ever try to swim through the flood water today,” Berg said.\n"
    (f,) = run(draft)
    assert f.code == "NL301"
    assert [(e.path, e.line, e.column, e.note) for e in f.evidence] == [
        ("wire/flood.txt", 9, 1, "closest source quotation, with other words")
    ]


# -- NL302 ------------------------------------------------------------------------------------------


def test_swapped_speaker_is_nl302_with_the_real_speaker_as_evidence():
    draft = "“We have never seen the river rise this fast,” Tomas Berg said.\n"
    (f,) = run(draft)
    assert (f.code, f.line, f.column, f.end_column) == ("NL302", 1, 1, 47)
    assert f.severity == "error"
    assert f.message == "quotation attributed to Tomas Berg here, but to Ana Ruiz in wire/flood.txt"
    assert [(e.path, e.line, e.column, e.excerpt, e.note) for e in f.evidence] == [
        ("wire/flood.txt", 3, 1, "We have never seen the river rise this fast", "said by Ana Ruiz")
    ]


def test_partial_quote_given_to_the_wrong_person_is_nl302():
    draft = "Forecaster Lena Holt said crews were working “around the clock”.\n"
    assert codes(run(draft)) == [("NL302", 1, 46)]


def test_surname_and_full_name_are_the_same_person():
    draft = "“Our neighbours lost everything,” Ruiz said.\n\n“Stay home and wait for the boats,” Berg said.\n"
    assert run(draft) == []


def test_pronoun_chain_across_paragraphs_finds_the_misattribution():
    draft = (
        "Emergency services chief Tomas Berg arrived at dawn.\n\n"
        "“Nobody should try to drive through the water,” he said.\n\n"
        "Crews worked through the night.\n\n"
        "“Our neighbours lost everything,” he added.\n"
    )
    assert codes(run(draft)) == [("NL302", 7, 1)]


def test_quote_carried_through_a_wire_chain_in_the_source_is_compared_by_its_speaker():
    draft = "“Stay home and wait for the boats,” Mayor Ana Ruiz said.\n"
    (f,) = run(draft)
    assert f.code == "NL302" and "to Tomas Berg in wire/flood.txt" in f.message


def test_one_source_giving_it_to_the_draft_speaker_is_enough():
    other = {"wire/other.txt": "“We have never seen the river rise this fast,” Tomas Berg said.\n"}
    draft = "“We have never seen the river rise this fast,” Tomas Berg said.\n"
    assert run(draft, sources={**SOURCES, **other}) == []


# -- NL303 ------------------------------------------------------------------------------------------


def test_changed_word_is_nl303_with_a_word_diff():
    draft = "“The levee held for five hours and then it simply gave way,” Ruiz said.\n"
    (f,) = run(draft)
    assert (f.code, f.line, f.column) == ("NL303", 1, 1)
    assert (
        f.message
        == "quotation differs from the source: The levee held for [-six-]{+five+} hours and then ..."
    )
    assert [(e.path, e.line, e.note) for e in f.evidence] == [("wire/flood.txt", 5, "said by Ana Ruiz")]


def test_dropped_word_without_ellipsis_is_nl303():
    (f,) = run("“The levee held for six hours and then it gave way,” she said.\n")
    assert f.code == "NL303" and f.message.endswith("and then it [-simply-] gave way")


def test_added_words_are_nl303():
    (f,) = run("“Nobody should try to drive through the flood water,” Berg added.\n")
    assert f.code == "NL303" and "{+flood+}" in f.message


def test_spelling_and_punctuation_are_never_alterations():
    draft = "“our NEIGHBORS lost  everything!” Ruiz said.\n"
    assert run(draft) == []


# -- NL304 ------------------------------------------------------------------------------------------


def test_unclosed_and_unopened_marks_are_nl304():
    draft = (
        '"We have never seen the river rise this fast, Mayor Ana Ruiz said.\n\n'
        "She said the levee held” for six hours.\n"
    )
    findings = run(draft)
    assert codes(findings) == [("NL304", 1, 1), ("NL304", 3, 24)]
    assert findings[0].message == "opening quotation mark is never closed in this paragraph"
    assert findings[1].message == "closing quotation mark has no opening mark in this paragraph"


def test_wire_convention_is_not_unbalanced():
    draft = "“Two feet of moving water will sweep a car away,” Berg said.\n\n“Stay home and wait.\n\n“We will come.”\n"
    assert run(draft) == []  # partial quotes of the source's wire-convention quotation, no NL304


# -- documentation ---------------------------------------------------------------------------------


def test_rules_are_registered_and_documented():
    rules = default_host().rules
    for code, name in (
        ("NL301", "unsourced-quote"),
        ("NL302", "misattributed-quote"),
        ("NL303", "altered-quote"),
        ("NL304", "unbalanced-quotes"),
    ):
        rule = rules[code]
        assert rule.name == name and rule.plugin == "quotes"
        assert rule.what and rule.why and rule.example
    assert "comma" in rules["NL303"].what and "prose" in rules["NL301"].what
