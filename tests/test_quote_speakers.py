"""The right speaker on anyone's house style (issue 14, second round): pronouns, verbs, appositions.

All text is invented (the towns of Marrow Vale and Tarnbury, their people and papers).  Each
pattern has a planted case (the speaker is found) and a faithful one (no speaker, or not a wrong
one).
"""

from __future__ import annotations

from newslint.facts.quote import Quote
from newslint.testing import document


def quotes(text: str) -> list[Quote]:
    return [q for q in document(text + "\n", "story.md").facts_of("quotes") if not q.problem]


def names(text: str) -> list[str | None]:
    return [q.speaker_name for q in quotes(text)]


# -- a descriptor before the name is the subject, not a parenthetical ---------------------------


def test_descriptor_then_name_before_the_verb():
    text = (
        '"Heavy rain upstream could easily break the levee," veteran analyst Ana Ruiz wrote this week, '
        'adding that if the river rises again, "the lower town would be lost."'
    )
    assert names(text) == ["Ana Ruiz", "Ana Ruiz"]


def test_a_parenthetical_is_still_not_the_subject():
    text = 'Tomas Berg, for his part, said the pumps were "too old to trust."'
    assert names(text) == ["Tomas Berg"]


# -- "?" or "!" then a name with a party tag ----------------------------------------------------


def test_exclamation_then_name_with_party_tag():
    text = '"Perpetual motion!" Rep. Ida Moor, D-Tarn., said of the relief effort.'
    assert names(text) == ["Ida Moor"]


def test_exclamation_then_a_new_sentence_is_not_an_attribution():
    text = '"Perpetual motion!" Ida Moor, the pump maker, sells pumps.'
    assert names(text) == [None]


# -- a quoted sentence that opens a sentence and runs on ----------------------------------------


def test_quoted_opening_takes_the_previous_speaker():
    text = (
        '"The river is not done with us," said Ana Ruiz, the mayor of Marrow Vale. '
        '"The pumps have to be ready" by the end of the month.'
    )
    qs = quotes(text)
    assert [q.speaker_name for q in qs] == ["Ana Ruiz", "Ana Ruiz"]
    assert qs[1].how == "carried"


def test_quoted_opening_with_its_own_attribution_is_not_carried():
    text = (
        '"The river is not done with us," said Ana Ruiz. '
        '"The pumps will be ready" before the flood, Tomas Berg said.'
    )
    assert names(text) == ["Ana Ruiz", "Tomas Berg"]


def test_quoted_opening_before_an_unknown_verb_is_not_carried():
    # a comma after the quotation: an attribution follows, with a verb the pack may not know
    text = '"The river is not done with us," said Ana Ruiz. "Go home, all of you," Tomas Berg growled.'
    assert names(text)[1] != "Ana Ruiz"


def test_short_quotation_opening_a_sentence_is_not_carried():
    text = '"We will rebuild," said Ana Ruiz. "Buffer zone" is what the engineers call it.'
    assert names(text) == ["Ana Ruiz", None]


# -- "he said": the subject after an opening phrase ----------------------------------------------


def test_pronoun_after_an_opening_phrase_subject():
    text = (
        "Ana Ruiz spoke first. In his statement on Saturday, Tomas Berg went further than the mayor. "
        '"There are no excuses," he said.'
    )
    assert names(text) == ["Tomas Berg"]


def test_pronoun_after_a_title_in_apposition():
    text = 'Marrow Vale\'s deputy mayor, Tomas Berg, plays down the danger. "The levee will hold," he said.'
    assert names(text) == ["Tomas Berg"]


def test_pronoun_skips_a_paper_named_in_between():
    text = (
        'Tomas Berg said the pumps were "working fine." However, a Tarnbury Gazette article '
        'published Friday found no record of the repairs. "We did the work," he said.'
    )
    assert names(text) == ["Tomas Berg", "Tomas Berg"]


def test_pronoun_is_not_the_subject_of_a_reported_clause():
    text = (
        "Tomas Berg, a farmer, said he would not vote for Ruiz. Also, Ruiz is not a farmer, he said. "
        '"She never was."'
    )
    assert "Ruiz" not in names(text)


# -- fragments after the verb: the main clause's subject, not an opening phrase -----------------


def test_opening_participle_is_not_the_speaker():
    text = 'Speaking at a town hall in Tarnbury, Ana Ruiz went after Berg, calling him "a total stiff."'
    assert names(text) == ["Ana Ruiz"]


def test_place_and_state_after_an_opening_phrase():
    text = 'Speaking at a rally in Marrow Vale, Tarnshire, Ana Ruiz went after Berg, calling him "a stiff."'
    assert names(text) == ["Ana Ruiz"]


def test_time_phrase_is_not_the_speaker():
    text = 'Hours later, Ana Ruiz returned the compliment, telling the Gazette, "Tomas is a good man."'
    assert names(text) == ["Ana Ruiz"]


def test_quotation_with_its_comma_before_a_participle():
    text = 'In an interview Monday, Ana Ruiz said the rebuilding could be "messy," adding, "Towns are messy."'
    assert names(text) == ["Ana Ruiz", "Ana Ruiz"]


def test_framing_verb_object_is_not_a_subject():
    text = 'Tomas Berg, speaking on the radio, called Ruiz a "blowhard," and said her plan was "propaganda."'
    assert names(text) == ["Tomas Berg", "Tomas Berg"]


def test_framing_verb_after_a_reported_subject_still_reads_it():
    # "Berg thought Ruiz had called it": Ruiz's words
    text = 'Tomas Berg thought Ana Ruiz had called the levee "a relic."'
    assert names(text) == ["Ana Ruiz"]


def test_adjective_between_a_possessive_and_a_framing_noun():
    text = 'Ana Ruiz, who is a farmer, also decried Berg\'s repeated calls for a new dam, noting he has "never farmed."'
    assert names(text) == ["Ana Ruiz"]


def test_a_capitalised_will_is_a_name():
    text = 'From the "long night" to the "short day," Will described the flood as "a slow disaster."'
    assert names(text)[-1] == "Will"


def test_nobody_is_not_an_antecedent():
    text = 'Nobody asked about the levee, so Ana Ruiz brought it up herself. She called it "a scandal."'
    assert "Nobody" not in names(text)


# -- "he said": agreement and the antecedent's place ---------------------------------------------


def test_pronoun_is_not_a_name_after_the_quotation():
    text = (
        'A third delegate, Daniel Okafor, said he opposed the dam. "I prefer the levee," he said, '
        "noting he had previously backed Sen. Marco Tarrow."
    )
    assert names(text) == ["Daniel Okafor"]


def test_a_contraction_is_not_a_name():
    text = 'Tomas Berg spoke last. Don\'t Republicans run a risk? "The river will decide," he said.'
    assert names(text) == ["Tomas Berg"]


def test_subject_phrase_with_a_descriptor_inside():
    text = (
        "On Monday, Ruiz campaign manager Robby Okafor released a memo. In it, he says Ruiz has "
        '"a lead nobody can catch."'
    )
    assert names(text) == ["Robby Okafor"]


def test_a_surname_is_not_read_as_a_given_name():
    # "Jordan" is a man's given name in the pack; alone, it is Ana Jordan's surname here
    text = (
        'Sen. Ana Jordan spoke at the rally. Jordan said the levee plan was "a failure." '
        '"The town deserves better," she continued.'
    )
    assert names(text) == ["Ana Jordan", "Ana Jordan"]


def test_given_names_give_a_gender():
    text = (
        'Jane Okafor met Philippe Berg at the levee. Berg said the pumps were "old." '
        '"They will fail again," she said.'
    )
    assert names(text)[-1] == "Jane Okafor"


# -- speech and framing verbs the pack did not know ----------------------------------------------


def test_more_speech_verbs():
    assert names('"The levee will always be the levee," an angry Ruiz retaliated.') == ["Ruiz"]
    assert names('"This is fantastic!" beamed Tomas Berg of Marrow Vale.') == ["Tomas Berg"]
    assert names('"Is the mayor even listening?" reacted Ana Ruiz.') == ["Ana Ruiz"]
    assert names('Ana Ruiz heralded the deal as "a breakthrough for the valley."') == ["Ana Ruiz"]
    assert names('Tomas Berg bemoaned what he called "a season of broken pumps."') == ["Tomas Berg"]


def test_nouns_are_not_speech_verbs():
    # "message", "email" and "text" are nouns far more often than verbs: not in the pack
    text = (
        'The mayor sent a message. "Hi neighbours! The levee may fail!" a welcome message on the site reads.'
    )
    (q,) = quotes(text)
    assert (q.speaker, q.speaker_name) == ("a welcome message on the site", None)
    text = 'In one such email, Tomas Berg discussed a "burn bag," the Gazette reported.'
    (q,) = quotes(text)
    assert q.speaker == "the Gazette"


# -- "who" clauses, "he said" after a fragment ------------------------


def test_relative_clause_head_speaks():
    text = 'Radio host Tomas Berg, who has in the past described Ruiz as "a danger to the valley," backed the plan.'
    assert names(text) == ["Tomas Berg"]


def test_relative_clause_with_its_own_subject():
    text = 'The levee, which Ana Ruiz had called "a relic," held.'
    assert names(text) == ["Ana Ruiz"]


def test_pronoun_after_a_fragment():
    text = 'Tomas Berg spoke to the council. "The politics are just so blatant" in the chamber, he said.'
    assert names(text) == ["Tomas Berg"]


# -- appositions after an inverted verb ---------------------------------------------------------


def test_name_in_apposition_after_an_inverted_verb():
    text = '"We are treating the month as one long election day," said the campaign\'s deputy manager, Rich Okafor.'
    (q,) = quotes(text)
    assert q.speaker_name == "Rich Okafor"
    text = '"Nothing was found," said Ruiz\'s chief of staff, Tomas Berg, on Friday.'
    assert names(text) == ["Tomas Berg"]


def test_apposition_after_a_name_is_not_a_second_name():
    text = '"The levee held," said Tomas Berg, Marrow Vale\'s fire chief.'
    assert names(text) == ["Tomas Berg"]


def test_nothing_is_not_a_speaker():
    text = 'Nothing the mayor said "will calm the valley," the senator said.'
    assert names(text) == [None]


def test_speech_verb_after_to_is_not_a_report():
    text = (
        "Tomas Berg took his daughter, Chloe, to the levee to explain to her who Ruiz was. "
        '"She was strong, and I hope I can be like her," he said.'
    )
    assert names(text) == ["Tomas Berg"]


def test_subject_after_a_coordinator():
    text = (
        "Tomas Berg spoke in Tarnbury. It's a long shot, but Ana Ruiz was in Marrow Vale on Tuesday night, "
        'making her pitch. "If the turnout is large, we will win here," she said.'
    )
    assert names(text) == ["Ana Ruiz"]
