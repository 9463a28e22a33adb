"""The ``quotes`` fact kind: a quotation, its speaker, its normalised words and its index keys.

The quotes extractor (``newslint.extractors.quotes``) makes these facts; the source index files
them under :func:`index_keys`; the quote rules (``plugins/quotes.py``) look a draft quotation up with
:func:`shingle_keys` and :func:`word_keys`.  Both sides build keys here, so they cannot disagree.

Keys of a quotation (over its normalised words, never across an ellipsis):

- ``s:w1 w2 w3``: every run of :data:`SHINGLE` consecutive words;
- ``w:word``: every word that is not in :data:`STOPWORDS` (a short quote is looked up by these).

:data:`STOPWORDS` is part of the key format (changing it changes every stored key), not editorial
vocabulary, so it lives here rather than in a rule pack.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from newslint.facts import Fact

GAP = "…"  # an ellipsis or editor's insertion: omitted words
SHINGLE = 3  # words per shingle in the source index

# Function words that are too common to index on their own (a short quote is looked up by its
# other words; a quote made only of these is looked up by its shingles or not at all).
STOPWORDS = frozenset(
    """a an the and or but of to in on at by with from as is are was were be been being it its
    this that these those he she they we i you his her their our my your him them us me not no so if
    then than there here what which who whom whose will would can could shall should may might must
    do does did has have had into over under up down out about after before""".split()
)


@dataclass(frozen=True, slots=True)
class Quote(Fact):
    """A quotation: its span (marks included), inner text, speaker and normalised words."""

    kind: ClassVar[str] = "quotes"

    inner: str = ""  # the quoted words, without the outer marks
    inner_start: int = 0  # offset of the inner text
    paragraph: int = 0
    speaker: str | None = None  # as written: "foreign ministry spokesman Georgiy Tykhy", "he"
    speaker_name: str | None = None  # resolved person: "Georgiy Tykhy"; None for descriptors
    how: str = "none"  # said-after | said-before | colon | according-to | pronoun | carried | none
    partial: bool = False  # a quote inside a sentence that is not all quotation
    short: bool = False  # at most three words
    continued: bool = False  # wire convention: the quotation goes on in the next paragraph
    problem: str | None = None  # "unclosed" | "unopened" (NL304); such a quote is not matched
    words: tuple[str, ...] = ()  # the words as written, GAP for an ellipsis
    norm: tuple[str, ...] = ()  # the same words normalised for matching
    uncertain: bool = False  # the speaker is a guess (ambiguous "he said", carried from a paraphrase)

    def index_keys(self) -> Iterable[str]:
        """Word shingles ("s:a b c", never across an ellipsis) and content words ("w:word")."""
        if self.problem:
            return ()
        return index_keys(self.norm)

    def describe(self) -> str:
        who = self.speaker or "no speaker"
        if self.speaker_name and self.speaker_name != self.speaker:
            who += f" → {self.speaker_name}"
        flags = [
            f
            for f, on in (("partial", self.partial), ("short", self.short), ("continued", self.continued))
            if on
        ]
        if self.problem:
            return f"{self.problem} quotation mark: {self.text[:60]!r}"
        if self.uncertain:
            flags.append("speaker uncertain")
        tail = f"; {', '.join(flags)}" if flags else ""
        return f"“{self.inner}” — {who} ({self.how}){tail}"


def split_gaps(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The runs of words between ellipses."""
    runs: list[tuple[str, ...]] = []
    cur: list[str] = []
    for w in words:
        if w == GAP:
            if cur:
                runs.append(tuple(cur))
            cur = []
        else:
            cur.append(w)
    if cur:
        runs.append(tuple(cur))
    return runs


def index_keys(norm: tuple[str, ...]) -> list[str]:
    """Every key of a quotation with these normalised words: per run, its shingles then its words."""
    keys: list[str] = []
    for run in split_gaps(norm):
        keys.extend(_run_shingles(run))
        keys.extend("w:" + w for w in run if w not in STOPWORDS)
    return keys


def shingle_keys(norm: tuple[str, ...]) -> list[str]:
    """The ``s:`` keys of a quotation (the first lookup of a draft quotation)."""
    return [key for run in split_gaps(norm) for key in _run_shingles(run)]


def word_keys(norm: tuple[str, ...]) -> list[str]:
    """The ``w:`` keys of a quotation's content words, each once (the lookup when no shingle hits)."""
    content = [w for run in split_gaps(norm) for w in run if w not in STOPWORDS]
    return ["w:" + w for w in dict.fromkeys(content)]


def _run_shingles(run: tuple[str, ...]) -> list[str]:
    return ["s:" + " ".join(run[i : i + SHINGLE]) for i in range(len(run) - SHINGLE + 1)]


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
