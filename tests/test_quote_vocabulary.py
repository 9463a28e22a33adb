"""The quotes extractor's function words come from the rule packs (issue 10): a newsroom pack
changes them, and the source index's quotation keys follow the packs' key stopwords."""

from __future__ import annotations

from newslint.document import parse_document
from newslint.extractors.quotes import extract, lexicon
from newslint.facts.quote import Quote, index_keys, key_stopwords, word_keys
from newslint.rulepacks import RulePacks, builtin_packs
from newslint.testing import packs_with


def quotes(text: str, packs: RulePacks) -> list[Quote]:
    return extract(parse_document(text, "story.md"), packs)


def test_key_stopwords_are_the_packs():
    stop = key_stopwords(builtin_packs())
    assert {"the", "and", "shall", "me"} <= stop and "river" not in stop
    assert word_keys(("the", "river", "rose", "the"), stop) == ["w:river", "w:rose"]
    newsroom = packs_with({"quote-keys": {"stopwords": ["river"]}})
    assert word_keys(("the", "river", "rose"), key_stopwords(newsroom)) == ["w:rose"]
    assert "w:river" not in index_keys(("the", "river", "rose"), key_stopwords(newsroom))


def test_quotations_are_filed_under_the_stopwords_of_the_packs_they_were_extracted_with():
    text = "“The river rose fast,” Ana Ruiz said.\n"
    (q,) = quotes(text, packs_with({"quote-keys": {"stopwords": ["river"]}}))
    assert "w:river" not in set(q.index_keys()) and "w:rose" in set(q.index_keys())
    (q,) = quotes(text, builtin_packs())
    assert {"w:river", "w:rose"} <= set(q.index_keys()) and "w:the" not in set(q.index_keys())


def test_title_words_come_from_the_pack():
    text = "Ruiz talked about “The Art of the Deal” at length on Friday.\n"
    (q,) = quotes(text, builtin_packs())
    assert q.how == "none"  # a title, not someone's words
    assert lexicon(builtin_packs()).title_word.match("of") is not None
    newsroom = packs_with({"remove": {"quote-grammar": {"title-words": ["of"]}}})
    assert lexicon(newsroom).title_word.match("of") is None
    assert lexicon(newsroom).title_word.match("Deal") is not None


def test_naming_phrases_come_from_the_pack():
    assert lexicon(builtin_packs()).intro.search("a farmer known as Viktor Orlov") is not None
    newsroom = packs_with({"quote-grammar": {"naming-phrases": ["nicknamed"]}})
    m = lexicon(newsroom).intro.search("a farmer nicknamed Viktor Orlov")
    assert m is not None and m.group(1) == "Viktor Orlov"
    assert lexicon(builtin_packs()).intro.search("a farmer nicknamed Viktor Orlov") is None


def test_gendered_naming_words_are_read_from_the_naming_phrases_and_the_gender_words():
    lex = lexicon(builtin_packs())
    assert lex.naming_gendered == {"himself", "herself", "his", "her"}
    m = lex.gendered.search("she gave her name as Lena")
    assert m is not None and lex.gender_words[m.group(1)] == "she" and m.group(2) == "Lena"
    assert lex.not_gendering == {"he", "she", "his", "her"}
