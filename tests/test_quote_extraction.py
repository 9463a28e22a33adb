"""The quote extractor: marks, spans, speakers and how they were found, normalised words."""

from __future__ import annotations

import pytest

from newslint.extractors.quotes import GAP, Normaliser, Quote
from newslint.testing import default_host, document


def quotes(text: str, name: str = "story.md") -> list[Quote]:
    return list(document(text, name).facts_of("quotes"))


def one(text: str, name: str = "story.md") -> Quote:
    (q,) = quotes(text, name)
    return q


# -- marks and spans ----------------------------------------------------------------------------


def test_curly_quote_span_and_position():
    text = "Intro line.\n\nThe mayor called it “a dark day” for the town.\n"
    doc = document(text, "story.md")
    (q,) = doc.facts_of("quotes")
    assert q.inner == "a dark day"
    assert q.text == "“a dark day”"
    assert doc.position(q.start) == (3, 21)
    assert doc.position(q.end) == (3, 33)
    assert text[q.inner_start : q.inner_start + len(q.inner)] == "a dark day"


def test_straight_quotes_and_nested_single_quotes():
    q = one("\"They told us 'stay inside' and we did,\" Lena Holt said.\n")
    assert q.inner == "They told us 'stay inside' and we did,"
    assert q.words == ("They", "told", "us", "stay", "inside", "and", "we", "did")
    assert q.speaker == "Lena Holt" and q.speaker_name == "Lena Holt" and q.how == "said-after"


def test_quote_spanning_sentences_is_one_quote():
    q = one("“The road is closed. Nobody can pass. We wait,” Tomas Berg said.\n")
    assert q.inner.startswith("The road is closed.") and q.inner.endswith("We wait,")
    assert q.speaker_name == "Tomas Berg"


def test_inch_mark_is_not_a_quotation_mark():
    (q,) = quotes('He is 5\'11" tall and calls it "the big one".\n')
    assert q.inner == "the big one"


def test_markdown_code_is_not_quoted():
    assert quotes('Run `echo "hello"` to test.\n') == []


def test_partial_and_short_flags():
    q = one("Officials called the plan “a model of cooperation between towns” on Monday.\n")
    assert q.partial and not q.short
    q = one("The council approved a “buffer zone” near the river.\n")
    assert q.partial and q.short and q.how == "none" and q.speaker is None


# -- wire convention and unbalanced marks -------------------------------------------------------


WIRE = (
    "“Nobody should try to drive through the water,” Tomas Berg said.\n\n"
    "“Two feet of moving water will sweep a car away.\n\n"
    "“Stay home and wait for the boats.”\n"
)


def test_wire_convention_multi_paragraph_quote():
    first, second, third = quotes(WIRE, "wire.txt")
    assert first.speaker_name == "Tomas Berg" and not first.continued
    assert second.continued and second.problem is None
    assert second.inner == "Two feet of moving water will sweep a car away."
    assert second.speaker_name == third.speaker_name == "Tomas Berg"
    assert second.how == third.how == "carried"
    assert not third.continued and third.paragraph == 2


def test_wire_convention_attribution_in_the_last_paragraph():
    text = "“We will rebuild the levee.\n\n“It will take two years,” Mayor Ana Ruiz said.\n"
    first, second = quotes(text, "wire.txt")
    assert first.continued and first.speaker_name == "Ana Ruiz" and first.how == "carried"
    assert second.speaker_name == "Ana Ruiz" and second.how == "said-after"


def test_unclosed_and_unopened_marks():
    text = "“We will rebuild, the mayor said.\n\nShe said the levee held ” for hours.\n"
    doc = document(text, "story.md")
    a, b = doc.facts_of("quotes")
    assert a.problem == "unclosed" and doc.position(a.start) == (1, 1) and a.end == a.start + 1
    assert b.problem == "unopened" and doc.position(b.start) == (3, 25)
    assert list(a.index_keys()) == [] and list(b.index_keys()) == []


def test_unclosed_quote_before_a_non_quote_paragraph_is_a_problem():
    (q,) = quotes("“We will rebuild.\n\nThe council met later.\n")
    assert q.problem == "unclosed"


# -- attribution patterns --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker", "name", "how"),
    [
        ("“The water is rising,” Mayor Ana Ruiz said.", "Mayor Ana Ruiz", "Ana Ruiz", "said-after"),
        (
            "“The water is rising,” said Mayor Ana Ruiz on Tuesday.",
            "Mayor Ana Ruiz",
            "Ana Ruiz",
            "said-after",
        ),
        ("“The water is rising,” Ana Ruiz told reporters.", "Ana Ruiz", "Ana Ruiz", "said-after"),
        ("Mayor Ana Ruiz said: “The water is rising.”", "Mayor Ana Ruiz", "Ana Ruiz", "colon"),
        ("Ana Ruiz said on Tuesday that the water was “rising fast”.", "Ana Ruiz", "Ana Ruiz", "said-before"),
        (
            "The plan is “a model of cooperation”, according to Mayor Ana Ruiz.",
            "Mayor Ana Ruiz",
            "Ana Ruiz",
            "according-to",
        ),
        (
            "Foreign ministry spokesman Pavel Orlik on Monday called the talks “a waste of time”.",
            "Foreign ministry spokesman Pavel Orlik",
            "Pavel Orlik",
            "said-before",
        ),
        (
            "Tomas Berg, head of the city's emergency service, also said crews worked “around the clock”.",
            "Tomas Berg",
            "Tomas Berg",
            "said-before",
        ),
        (
            "“We saw it coming,” a volunteer who took part in the rescue and identified himself as Kiran said.",
            "a volunteer who took part in the rescue and identified himself as Kiran",
            "Kiran",
            "said-after",
        ),
        (
            "“The levee failed,” the regional health ministry said.",
            "the regional health ministry",
            None,
            "said-after",
        ),
        (
            "The Riverton Water Authority said the pumps were “working again”.",
            "The Riverton Water Authority",
            None,
            "said-before",
        ),
        ("Riverton said the damage was “severe”.", "Riverton", "Riverton", "said-before"),
        ("Kyiv said the damage was “severe”.", "Kyiv", None, "said-before"),
        ("“The levee failed,” the governor warned.", "the governor", None, "said-after"),
        (
            "United States President Joe Biden on Tuesday said it was a “real dilemma”.",
            "United States President Joe Biden",
            "Joe Biden",
            "said-before",
        ),
        (
            "Tomas Berg said Ana Ruiz had called the plan “a model of cooperation”.",
            "Ana Ruiz",
            "Ana Ruiz",
            "said-before",
        ),
        (
            "Ana Ruiz told Tomas Berg that the town needed “more boats”.",
            "Ana Ruiz",
            "Ana Ruiz",
            "said-before",
        ),
        (
            "Ana Ruiz stated that the town was safe and described the levee as “a wall of sand”.",
            "Ana Ruiz",
            "Ana Ruiz",
            "said-before",
        ),
        (
            "Mayor Ana Ruiz vowed to rebuild, declaring the flood “a test for all of us”.",
            "Mayor Ana Ruiz",
            "Ana Ruiz",
            "said-before",
        ),
    ],
)
def test_attribution_patterns(text, speaker, name, how):
    q = one(text + "\n")
    assert (q.speaker, q.speaker_name, q.how) == (speaker, name, how)


def test_speaker_of_a_relative_clause_is_the_name_before_who():
    q = one("Mayor Ana Ruiz spoke to her deputy Tomas Berg, who said that “the pumps are working”.\n")
    assert q.speaker_name == "Tomas Berg" and q.how == "said-before"


def test_appositive_descriptor_gives_way_to_the_name():
    q = one("Tomas Berg, the emergency services chief, told residents: “Stay home.”\n")
    assert q.speaker_name == "Tomas Berg" and q.how == "colon"


def test_lone_surname_takes_the_full_name_in_the_document():
    text = "Mayor Ana Ruiz visited the levee.\n\n“It held for six hours,” Ruiz said.\n"
    q = one(text)
    assert q.speaker == "Ruiz" and q.speaker_name == "Ana Ruiz"


def test_two_quotes_in_one_sentence_share_the_speaker():
    a, b = quotes("Over the last day, Berg added, “two roads reopened” and “the bridge is safe”.\n")
    assert a.speaker == b.speaker == "Berg" and a.how == b.how == "said-before"


# -- pronouns and carried speakers -------------------------------------------------------------------


def test_pronoun_takes_the_most_recent_speaker_across_paragraphs():
    text = (
        "“The levee held for six hours,” Mayor Ana Ruiz said.\n\n"
        "Crews arrived at dawn.\n\n"
        "“Then it simply gave way,” she said.\n"
    )
    a, b = quotes(text)
    assert b.speaker == "she" and b.how == "pronoun" and b.speaker_name == "Ana Ruiz"


def test_pronoun_takes_a_person_introduced_without_a_quote():
    text = (
        "“They never protected the levee,” a volunteer who identified himself as Kiran said.\n\n"
        "A 40-year-old nurse, who identified herself as Dana, treated the injured.\n\n"
        "“I saw a lot of water,” she said.\n\n"
        "“It was frightening,” she repeated.\n"
    )
    a, b, c = quotes(text)
    assert a.speaker_name == "Kiran"
    assert b.speaker_name == c.speaker_name == "Dana"


def test_pronoun_skips_a_speaker_of_the_other_pronoun():
    text = (
        "“Stay home,” Tomas Berg said. “Wait for the boats,” he added.\n\n“The levee gave way,” she said.\n"
    )
    a, b, c = quotes(text)
    assert b.speaker_name == "Tomas Berg"
    assert c.speaker == "she" and c.speaker_name is None


def test_pronoun_does_not_reach_back_more_than_two_paragraphs():
    text = "“Stay home,” Tomas Berg said.\n\nOne.\n\nTwo.\n\nThree.\n\n“Wait for the boats,” he said.\n"
    a, b = quotes(text)
    assert b.speaker == "he" and b.speaker_name is None


def test_pronoun_after_a_descriptor_speaker_has_no_name():
    text = "“It is over,” the official said.\n\n“Go home,” he said.\n"
    a, b = quotes(text)
    assert a.speaker_name is None and b.speaker_name is None


def test_unattributed_quoted_sentence_carries_the_previous_speaker():
    q = quotes("“Stay home,” Tomas Berg said. “Wait for the boats.”\n")[1]
    assert q.how == "carried" and q.speaker_name == "Tomas Berg"


def test_it_said_is_never_a_person():
    q = quotes("The ministry issued a statement.\n\n“The pumps work,” it said.\n")[0]
    assert q.how == "pronoun" and q.speaker == "it" and q.speaker_name is None


# -- normalisation and index keys ---------------------------------------------------------------------


def test_normalised_words_fold_case_apostrophes_numbers_and_spelling():
    n = Normaliser(default_host().packs)
    words, norm = n.tokens("Our Neighbours’ armoured vehicles organised 1,000 defences; kilometres!")
    assert words == (
        "Our",
        "Neighbours",
        "armoured",
        "vehicles",
        "organised",
        "1,000",
        "defences",
        "kilometres",
    )
    assert norm == ("our", "neighbors", "armored", "vehicles", "organized", "1000", "defenses", "kilometers")
    # words the suffix rules must not change
    assert n.tokens("four hours, otherwise precise, contour")[1] == (
        "four",
        "hours",
        "otherwise",
        "precise",
        "contour",
    )


def test_ellipsis_and_brackets_are_gaps():
    n = Normaliser(default_host().packs)
    assert n.tokens("peace...the sooner")[1] == ("peace", GAP, "the", "sooner")
    assert n.tokens("peace … the [army] will . . . stop")[1] == (
        "peace",
        GAP,
        "the",
        GAP,
        "will",
        GAP,
        "stop",
    )


def test_index_keys_are_shingles_within_runs_and_content_words():
    q = one("“The river rose fast ... and then fell,” Ana Ruiz said.\n")
    keys = set(q.index_keys())
    assert {"s:the river rose", "s:river rose fast", "s:and then fell"} <= keys
    assert "s:rose fast and" not in keys  # never across an ellipsis
    assert {"w:river", "w:rose", "w:fast", "w:fell"} <= keys and "w:the" not in keys


def test_describe_is_one_line():
    q = one("“Stay home,” Mayor Ana Ruiz said.\n")
    assert q.describe() == "“Stay home,” — Mayor Ana Ruiz → Ana Ruiz (said-after); short"


def test_sources_and_plain_text_paragraphs():
    text = (
        " date 2025-03-04 RIVERTON — The river rose on Tuesday, officials said.\n\n"
        "“We have never seen it rise this fast,” Mayor Ana Ruiz told reporters.\n"
    )
    doc = document(text, "wire/flood.txt")
    (q,) = doc.facts_of("quotes")
    assert doc.position(q.start) == (3, 1) and q.speaker_name == "Ana Ruiz"
