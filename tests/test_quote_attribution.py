"""Who said it (issue 14): one test per cause of a wrong or missing speaker, planted and faithful.

All text is invented (the towns of Marrow Vale and Tarnbury, their people and papers).
"""

from __future__ import annotations

import pytest

from newslint.extractors import quotes as quote_extractor
from newslint.facts.quote import Quote
from newslint.testing import check_texts, document


def quotes(text: str, name: str = "story.md") -> list[Quote]:
    return [q for q in document(text, name).facts_of("quotes") if not q.problem]


def who(text: str, name: str = "story.md") -> list[tuple[str | None, str]]:
    return [(q.speaker_name, q.how) for q in quotes(text, name)]


# -- each cause of the PolNeAR error table -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # the grammatical subject of the speech verb, not a fragment after it
        ('Mayor Ana Ruiz said Berg\'s plan was "far too slow for this town."', "Ana Ruiz"),
        ('Ana Ruiz said Tomas Berg\'s mental state was "perfectly fine."', "Ana Ruiz"),
        # abbreviations, titles and party tags
        ('"We will rebuild the bridge," said Rep. G.K. Tarrow of Marrow Vale.', "G.K. Tarrow"),
        ('"We will rebuild the bridge," said Sen. Ida Moor (D-Tarn.).', "Ida Moor"),
        ('Sen. Ida Moor, D-Tarn., said the levee was "never inspected at all."', "Ida Moor"),
        # speech and framing verbs
        ('"The levee is a disgrace," Ruiz tweeted on Monday.', "Ruiz"),
        ('Ruiz likened the flood to "a slow earthquake that nobody felt."', "Ruiz"),
        ('Ruiz dismissed the report as "a work of fiction from start to end."', "Ruiz"),
        # an apposition or an age between the name and the verb
        ('"We lost the shop and the car," Quina Holt, 25, said.', "Quina Holt"),
        ('"Nothing was done in time," Flynn Okafor, a top Berg surrogate, said.', "Flynn Okafor"),
        ('Flynn Okafor, who runs the Tarnbury food bank, said "the shelves are empty."', "Flynn Okafor"),
        # "?" or "!" before the attribution
        ('"Who will pay for the pumps?" Ruiz asked.', "Ruiz"),
        ('"Get out of the water now!" shouted Tomas Berg.', "Tomas Berg"),
        # non-ASCII names (Unicode classes, not [A-Z])
        ('"The water came at night," said Élodie Durand.', "Élodie Durand"),
        ('"We will go back," Łucja Żak said.', "Łucja Żak"),
    ],
)
def test_speaker_of_each_pattern(text, name):
    (q,) = quotes(text + "\n")
    assert q.speaker_name == name


def test_dash_attribution():
    q = quotes("“We lost everything we had in one night.” ― Carlos Raúl Peña\n")[0]
    assert (q.speaker_name, q.how) == ("Carlos Raúl Peña", "dash")


def test_transcript_attribution():
    (q,) = quotes('MORROW: "Is the levee safe tonight?"\n')
    assert q.speaker_name == "Morrow" and q.how == "colon"


def test_lead_in_in_the_previous_paragraph():
    text = "Tomas Berg wrote to residents on Sunday:\n\n“Roads to the river will stay closed until Friday.”\n"
    (q,) = quotes(text)
    assert (q.speaker_name, q.how) == ("Tomas Berg", "colon")


def test_a_name_inside_a_quotation_is_never_the_speaker():
    (q,) = quotes('"Tomas Berg said we should leave the village," Ruiz said.\n')
    assert q.speaker_name == "Ruiz"
    (q,) = quotes('Ruiz said: "Tomas Berg told us to leave."\n')
    assert q.speaker_name == "Ruiz"


# -- pronouns: gender and number --------------------------------------------------------------


def test_she_skips_a_man_and_takes_the_woman():
    text = (
        '"Stay home tonight," Tomas Berg said.\n\n'
        "Ana Ruiz, the deputy mayor, arrived an hour later.\n\n"
        '"The levee gave way at the bend," she said.\n'
    )
    assert who(text) == [("Tomas Berg", "said-after"), ("Ana Ruiz", "pronoun")]


def test_ms_makes_a_woman_of_a_surname():
    text = (
        'Ms. Kowal, the harbour master, closed the quay. "Tomas Berg agrees," said Mr. Okafor.\n\n'
        '"We will reopen on Monday," she said.\n'
    )
    assert [q.speaker_name for q in quotes(text)] == ["Okafor", "Kowal"]


def test_they_is_never_one_person():
    text = '"Stay home," Tomas Berg said.\n\n"We are not going anywhere," they said.\n'
    assert who(text)[1] == (None, "pronoun")


def test_ambiguous_he_is_uncertain():
    text = (
        "Tomas Berg met Flynn Okafor at the town hall on Monday.\n\n"
        '"The pumps arrived too late for the lower town," he said.\n'
    )
    (q,) = quotes(text)
    assert q.how == "pronoun" and q.uncertain


# -- how far a speaker carries ---------------------------------------------------------------


def test_speaker_carries_to_the_next_quoted_sentence_and_he_added():
    text = (
        '"The water is falling," Ruiz said. "We expect to reopen the bridge." Later he added: "Stay away."\n'
    )
    got = who(text)
    assert got[0] == ("Ruiz", "said-after") and got[1] == ("Ruiz", "carried")


def test_paraphrase_carries_to_the_quote_that_follows_it_but_uncertainly():
    text = "Ana Ruiz said the levee held for five hours.\n\n“It held until the river turned.”\n"
    (q,) = quotes(text)
    assert (q.speaker_name, q.how, q.uncertain) == ("Ana Ruiz", "carried", True)


def test_speaker_does_not_carry_past_an_unattributed_paragraph_gap():
    text = (
        '"The water is falling," Ruiz said.\n\n'
        "The council met on Tuesday to discuss the budget for the coming year.\n\n"
        "The mayor's office published the minutes.\n\n"
        '"Nobody told us anything."\n'
    )
    assert who(text)[1] == (None, "none")


# -- marks ------------------------------------------------------------------------------------


def test_curly_marks_nested_in_straight_ones_are_one_quotation():
    doc = document('"The crowd was “too loud” all night," Ruiz said.\n', "story.md")
    qs = doc.facts_of("quotes")
    assert [q.problem for q in qs] == [None]
    assert qs[0].inner == "The crowd was “too loud” all night," and qs[0].speaker_name == "Ruiz"


def test_single_quoted_headline_quotation_and_its_speaker():
    qs = quotes(
        "# ‘We will rebuild every house’, says Tarnbury mayor Ana Ruiz\n\nThe villagers’ homes flooded.\n"
    )
    assert [(q.inner, q.speaker_name) for q in qs] == [("We will rebuild every house", "Ana Ruiz")]


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        # planted: the headline names its speaker before the colon, the quotation comes later
        (
            "# Ruiz: Tarnbury Levee ‘Held for Five Hours’\n\nAna Ruiz spoke on Monday.\n",
            [("Ana Ruiz", "colon")],
        ),
        ("# Deputy Mayor Ana Ruiz: Levee ‘Never Inspected’\n\nThe levee failed.\n", [("Ana Ruiz", "colon")]),
        (
            "Ruiz: Levee ‘Held for Five Hours’\n\nAna Ruiz spoke to reporters on Monday.\n",
            [("Ana Ruiz", "colon")],
        ),
        (
            "# Ana Ruiz Says Tarnbury Levee ‘Held for Five Hours’\n\nThe levee failed.\n",
            [("Ana Ruiz", "said-before")],
        ),
        # faithful: a label, a title-case clause or a quotation before the colon is no speaker
        ("# Crews Near Tarnbury Say Levee ‘Held’\n\nThe levee failed.\n", [(None, "none")]),
        ("# The Latest: Levee ‘Held for Five Hours’\n\nThe levee failed.\n", [(None, "none")]),
        ("# Ruiz Thanks Berg: Levee ‘Held for Five Hours’\n\nThe levee failed.\n", [(None, "none")]),
        ("# Floods in Tarnbury: ‘We Lost Everything’\n\nThe levee failed.\n", [(None, "none")]),
    ],
)
def test_a_headline_names_its_speaker_before_a_colon(headline, expected):
    assert who(headline) == expected


def test_no_nl302_on_a_headline_speaker():
    """A headline's "Name: ... ‘Q’" is a convention that also sums up: the speaker is a guess."""
    qs = quotes("# Berg: River ‘Never Rose This Fast’\n\nTomas Berg spoke on Monday.\n")
    assert [(q.speaker_name, q.uncertain) for q in qs] == [("Tomas Berg", True)]
    assert _nl3("# Berg: Crews ‘Have Never Seen the River Rise This Fast’\n\nTomas Berg spoke.\n") == []
    # the same words given to Berg in the body, certainly: NL302
    assert _nl3("“We have never seen the river rise this fast,” Tomas Berg said.\n") == [("NL302", 1)]


def test_single_marks_in_the_body_are_apostrophes():
    assert quotes("Intro.\n\nThe villagers’ homes and the Ruizes’ shop flooded, and 'tis the season.\n") == []


# -- NL302 only with two known speakers ---------------------------------------------------------

WIRE = (
    "MARROW VALE (Wire) - The Tarnbury levee failed on Sunday night.\n\n"
    "“We have never seen the river rise this fast,” said Ana Ruiz, the deputy mayor.\n"
)


def _nl3(draft: str, sources: dict[str, str] | None = None):
    return [(f.code, f.line) for f in check_texts(draft, sources or {"wire.txt": WIRE}, select=["NL3"])]


def test_planted_misattribution_is_found():
    assert _nl3("“We have never seen the river rise this fast,” Tomas Berg said.\n") == [("NL302", 1)]


def test_no_nl302_when_the_draft_speaker_is_uncertain():
    draft = (
        "Tomas Berg met Flynn Okafor at the levee on Monday.\n\n"
        "“We have never seen the river rise this fast,” he said.\n"
    )
    assert _nl3(draft) == []


def test_no_nl302_when_the_source_speaker_is_uncertain():
    source = (
        "Tomas Berg met Flynn Okafor at the levee on Monday.\n\n"
        "“We have never seen the river rise this fast,” he said.\n"
    )
    assert _nl3("“We have never seen the river rise this fast,” Ana Ruiz said.\n", {"wire.txt": source}) == []


def test_no_nl302_for_a_one_word_quote_said_by_two_people():
    source = "“It was terrifying at first but then we got used to it,” said Ana Ruiz.\n"
    draft = "Tomas Berg described the night as “terrifying”.\n"
    assert _nl3(draft, {"wire.txt": source}) == []


@pytest.mark.parametrize(
    "draft",
    [
        # the same speaker through an apposition, an age, a title or a party tag
        "“We have never seen the river rise this fast,” Ruiz, 52, said.\n",
        "“We have never seen the river rise this fast,” said Deputy Mayor Ana Ruiz (D-Tarn.).\n",
        "Ana Ruiz, the deputy mayor, said: “We have never seen the river rise this fast.”\n",
        # a partial quote, with a paraphrase around it
        "Ruiz said residents had “never seen the river rise this fast”.\n",
        # an ellipsis for omitted words; a pronoun that resolves to the right person
        "Ana Ruiz spoke at dawn. “We have never seen the river … this fast,” she said.\n",
        # a dash attribution
        "“We have never seen the river rise this fast.” ― Ana Ruiz\n",
    ],
)
def test_faithful_attributions_make_no_finding(draft):
    assert _nl3(draft) == []


def test_british_and_american_spelling_with_the_speaker_in_a_headline():
    source = "“Our neighbours’ homes are gone,” said Ana Ruiz.\n"
    draft = "# ‘Our neighbors’ homes are gone’, says Ana Ruiz\n\nThe levee failed.\n"
    assert _nl3(draft, {"wire.txt": source}) == []


# -- linear time ------------------------------------------------------------------------------


def test_marks_around_no_word_are_not_quotations_and_are_not_attributed(monkeypatch):
    """20,000 straight marks (or runs of curly ones) are pairs around nothing: no quotation, no
    attribution work at all; an odd mark left over is still unbalanced (NL304)."""
    calls: list[int] = []
    real = quote_extractor._attribute

    def spy(lex, sentence, qpos, qend, according, memo=None):
        calls.append(qpos)
        return real(lex, sentence, qpos, qend, according, memo)

    monkeypatch.setattr(quote_extractor, "_attribute", spy)
    assert document('"' * 20000 + "\n", "story.md").facts_of("quotes") == ()
    assert document("“”«»" * 5000 + "\n", "story.md").facts_of("quotes") == ()
    assert calls == []
    left = document('"' * 20001 + "\n", "story.md").facts_of("quotes")
    assert [q.problem for q in left] == ["unclosed"]
    # a quotation with words between wordless pairs is still one, with its speaker
    assert who('"" "The levee held," said Ana Ruiz. ""\n') == [("Ana Ruiz", "said-after")]


def _attribution_reads(monkeypatch, text: str) -> list[int]:
    """How many characters the attribution patterns read for each quotation of ``text``."""
    seen: list[int] = []
    real_before, real_after = quote_extractor._before, quote_extractor._after

    def before(lex, b, a):
        seen.append(len(b) + len(a))
        return real_before(lex, b, a)

    def after(lex, b, a):
        seen.append(len(b) + len(a))
        return real_after(lex, b, a)

    monkeypatch.setattr(quote_extractor, "_before", before)
    monkeypatch.setattr(quote_extractor, "_after", after)
    document(text, "story.md").facts_of("quotes")
    return seen


@pytest.mark.parametrize("piece", ['"a" said ', '"Ruiz" said Berg, ', "“a” «b» "])
def test_work_per_quotation_is_bounded_when_quotations_are_dense(monkeypatch, piece):
    """A one-paragraph run of quotations: each attribution reads at most ATTRIBUTION_QUOTES other
    quotations on each side, so the text read per quotation does not grow with the paragraph."""
    small = _attribution_reads(monkeypatch, piece * 100 + "\n")
    large = _attribution_reads(monkeypatch, piece * 2000 + "\n")
    # placeholders are numbered: allow for the longer numbers of the larger paragraph
    bound = (2 * quote_extractor.ATTRIBUTION_QUOTES + 1) * (len(piece) + len("⟦2000⟧"))
    assert large and max(large) <= bound
    assert max(large) < quote_extractor.ATTRIBUTION_WINDOW
    n_quotes = 2000 * len(quotes(piece * 2 + "\n")) // 2
    assert len(large) <= 3 * n_quotes  # _after (right after the mark), then _before and _after
    assert sum(large) / len(large) <= 1.2 * sum(small) / len(small)


def test_work_per_quotation_is_bounded_when_no_two_windows_are_alike(monkeypatch):
    """Dense quotations whose windows all differ (numbers in the text are part of what is read):
    the work per quotation is still bounded by ATTRIBUTION_QUOTES quotations each side."""

    def text(n: int) -> str:
        return "".join(f'"a" said Ward {k}, ' for k in range(n)) + "\n"

    small = _attribution_reads(monkeypatch, text(100))
    large = _attribution_reads(monkeypatch, text(2000))
    assert len(large) >= 2000  # no two windows read the same: every quotation is read
    assert max(large) <= (2 * quote_extractor.ATTRIBUTION_QUOTES + 1) * len('"a" said Ward 2000, ⟦2000⟧')
    assert sum(large) / len(large) <= 1.2 * sum(small) / len(small)


def test_shared_attribution_windows_give_what_each_window_gives_alone(monkeypatch):
    """The memo of attribution windows changes no speaker: a story of repeated and varied
    attributions reads the same with and without it."""
    story = (
        '"The levee held," said Ana Ruiz. "It held," said Ana Ruiz. "It held," he said. '
        '"We left at 3," said Tomas Berg. "We left at 4," said Tomas Berg. "Q" "R" "S"\n\n'
        '"The levee held," said Ana Ruiz. "It held," she said.\n'
    ) * 3
    shared = [(q.speaker, q.speaker_name, q.how, q.uncertain) for q in quotes(story)]
    real = quote_extractor._attribute

    def alone(lex, sentence, qpos, qend, according, memo=None):
        return real(lex, sentence, qpos, qend, according, None)

    monkeypatch.setattr(quote_extractor, "_attribute", alone)
    assert [(q.speaker, q.speaker_name, q.how, q.uncertain) for q in quotes(story)] == shared
    assert ("Ana Ruiz", "Ana Ruiz", "said-after", False) in shared


def test_a_quotation_among_dense_ones_keeps_its_speaker():
    text = '"a" "b" "c" "d" "e" "The levee held," said Ana Ruiz. "f" "g" "h" "i" "j"\n'
    assert ("Ana Ruiz", "said-after") in who(text)


def test_single_marks_in_a_heading_are_paired_in_one_pass(monkeypatch):
    """A heading of 10,000 opening marks and no closing one: each opening mark looks up its closing
    mark once (it was read to the end of the line per opening mark: quadratic)."""
    looked: list[int] = []
    real = quote_extractor.bisect.bisect_left

    def counting(a, x, *args, **kwargs):
        looked.append(x)
        return real(a, x, *args, **kwargs)

    monkeypatch.setattr(quote_extractor.bisect, "bisect_left", counting)
    assert quotes("# " + "‘a " * 10000 + "\n\nBody text.\n") == []
    assert len(looked) <= 2
    looked.clear()
    heading = quotes("# " + "‘a " * 50 + "‘We lost everything’: villagers return\n\nBody.\n")
    assert [q.inner for q in heading] == ["a " + "‘a " * 49 + "‘We lost everything"]
    assert len(looked) <= 2 * 51 + 2


def test_full_names_read_the_name_particles_of_the_speech_verbs_pack():
    """A surname is resolved to the full name written earlier, across the pack's name particles
    ("Pieter van Dalen"); a newsroom pack that removes "van" changes that."""
    from newslint.document import parse_document
    from newslint.extractors.quotes import extract
    from newslint.rulepacks import builtin_packs
    from newslint.testing import packs_with

    packs = packs_with({"remove": {"quote-grammar": {"name-particles": ["van"]}}})
    doc = parse_document(
        'Mayor Pieter van Dalen opened the bridge on Friday.\n\n"We built it in a year," Dalen said.\n',
        "d.txt",
    )
    assert [(q.speaker, q.speaker_name) for q in extract(doc, builtin_packs())] == [
        ("Dalen", "Pieter van Dalen")
    ]
    assert [(q.speaker, q.speaker_name) for q in extract(doc, packs)] == [("Dalen", "Dalen")]


def test_time_phrases_and_channels_in_a_speaker_phrase_come_from_the_packs():
    """Weekdays and parts of the day (calendar pack) and channels ("in a statement", speech verbs
    pack) are dropped from a speaker phrase; a newsroom pack changes which."""
    from newslint.document import parse_document
    from newslint.extractors.quotes import extract, lexicon
    from newslint.rulepacks import builtin_packs
    from newslint.testing import packs_with

    packs = packs_with(
        {"quote-grammar": {"channels": ["podcast"]}, "remove": {"calendar": {"parts-of-day": ["evening"]}}}
    )
    doc = parse_document('Mayor Ana Ruiz on Tuesday evening said: "We will rebuild the bridge."\n', "d.txt")
    assert [q.speaker for q in extract(doc, builtin_packs())] == ["Mayor Ana Ruiz"]
    assert [q.speaker for q in extract(doc, packs)] == ["Mayor Ana Ruiz evening"]
    phrase = "Mayor Ana Ruiz in a podcast with listeners"
    assert lexicon(builtin_packs()).clean_np(phrase) == phrase
    assert lexicon(packs).clean_np(phrase) == "Mayor Ana Ruiz"


def test_modals_before_a_speech_verb_come_from_the_speech_verbs_pack():
    from newslint.document import parse_document
    from newslint.extractors.quotes import extract
    from newslint.rulepacks import builtin_packs
    from newslint.testing import packs_with

    packs = packs_with({"remove": {"quote-grammar": {"modals": ["should"]}}})
    doc = parse_document(
        'Mayor Ana Ruiz said the council should declare "We will rebuild the bridge."\n', "d.txt"
    )
    assert [q.speaker for q in extract(doc, builtin_packs())] == ["Mayor Ana Ruiz"]
    assert [q.speaker for q in extract(doc, packs)] == ["Mayor Ana Ruiz said the council"]


def test_month_names_that_are_not_names_come_from_the_calendar_pack():
    """A month opening a name run is not part of the name ("March Kowal" names Kowal); the months
    are the calendar pack's, less the speech verbs pack's ``months-as-names``; a newsroom pack
    that removes a month, or lists it as a name, changes that."""
    from newslint.document import parse_document
    from newslint.extractors.quotes import extract
    from newslint.rulepacks import builtin_packs
    from newslint.testing import packs_with

    doc = parse_document('"We will rebuild the bridge," March Kowal said.\n', "d.txt")
    assert [q.speaker_name for q in extract(doc, builtin_packs())] == ["Kowal"]
    removed = packs_with({"remove": {"calendar": {"months": ["march"]}}})
    assert [q.speaker_name for q in extract(doc, removed)] == ["March Kowal"]
    named = packs_with({"quote-grammar": {"months-as-names": ["march"]}})
    assert [q.speaker_name for q in extract(doc, named)] == ["March Kowal"]
    june = parse_document('"We will rebuild the bridge," June Kowal said.\n', "d.txt")
    assert [q.speaker_name for q in extract(june, builtin_packs())] == ["June Kowal"]
