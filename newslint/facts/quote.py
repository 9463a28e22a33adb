"""The ``quotes`` fact kind: a quotation, its speaker, its normalised words and its index keys.

The quotes extractor (``newslint.extractors.quotes``) makes these facts; the source index files
them under :func:`index_keys`; the quote rules (``plugins/quotes.py``) look a draft quotation up with
:func:`shingle_keys` and :func:`word_keys`.  Both sides build keys here, so they cannot disagree.

Keys of a quotation (over its normalised words, never across an ellipsis):

- ``s:w1 w2 w3``: every run of :data:`SHINGLE` consecutive words;
- ``w:word``: every word that is not a key stopword (a short quote is looked up by these).

The key stopwords are the rule pack's ``quote-keys.stopwords`` (:func:`key_stopwords`).  This module
imports no packs: the quotes extractor hands the stopwords of the packs it extracts with to
:func:`file_under` before it makes facts (a fact is filed with no packs in hand), and the rules
pass the stopwords of their packs to :func:`word_keys`.  The packs' fingerprint is part of the
source index's key, so an index filed under other stopwords is extracted again.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from typing import Any, ClassVar, Protocol, TypeVar

from newslint.facts import Fact

GAP = "…"  # an ellipsis or editor's insertion: omitted words
SHINGLE = 3  # words per shingle in the source index

T = TypeVar("T")


class _Packs(Protocol):
    def get(self, section: str, default: Any = None) -> Any: ...

    def derived(self, factory: Callable[[Any], T]) -> T: ...


def key_stopwords(packs: _Packs) -> frozenset[str]:
    """The words a quotation is not filed under on its own (rule pack ``quote-keys.stopwords``)."""
    return packs.derived(_key_stopwords)


def _key_stopwords(packs: _Packs) -> frozenset[str]:
    section = packs.get("quote-keys", {}) or {}
    return frozenset(str(w).lower() for w in section.get("stopwords") or ())


# the stopwords quotations are filed under (Quote.index_keys): those of the packs that last extracted
_filing_stopwords: frozenset[str] = frozenset()


def file_under(stopwords: frozenset[str]) -> None:
    """File quotations from now on with these key stopwords (the extractor's packs')."""
    global _filing_stopwords
    _filing_stopwords = stopwords


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
        return index_keys(self.norm, _filing_stopwords)

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


def index_keys(norm: tuple[str, ...], stopwords: frozenset[str]) -> list[str]:
    """Every key of a quotation with these normalised words: per run, its shingles then its words."""
    keys: list[str] = []
    for run in split_gaps(norm):
        keys.extend(_run_shingles(run))
        keys.extend("w:" + w for w in run if w not in stopwords)
    return keys


def shingle_keys(norm: tuple[str, ...]) -> list[str]:
    """The ``s:`` keys of a quotation (the first lookup of a draft quotation)."""
    return [key for run in split_gaps(norm) for key in _run_shingles(run)]


def word_keys(norm: tuple[str, ...], stopwords: frozenset[str]) -> list[str]:
    """The ``w:`` keys of a quotation's content words, each once (the lookup when no shingle hits)."""
    content = [w for run in split_gaps(norm) for w in run if w not in stopwords]
    return ["w:" + w for w in dict.fromkeys(content)]


def _run_shingles(run: tuple[str, ...]) -> list[str]:
    return ["s:" + " ".join(run[i : i + SHINGLE]) for i in range(len(run) - SHINGLE + 1)]


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# A frozen dataclass sets each field through ``object.__setattr__`` by name: building the facts
# was a third of what a paragraph of 100,000 short quotations cost the extractor.  The slots' own
# descriptors set the same fields of the same frozen, hashable Quote in a fraction of the time.
_QUOTE_FIELDS = (
    "start",
    "end",
    "text",
    "inner",
    "inner_start",
    "paragraph",
    "speaker",
    "speaker_name",
    "how",
    "partial",
    "short",
    "continued",
    "problem",
    "words",
    "norm",
    "uncertain",
)
(
    _set_start,
    _set_end,
    _set_text,
    _set_inner,
    _set_inner_start,
    _set_paragraph,
    _set_speaker,
    _set_speaker_name,
    _set_how,
    _set_partial,
    _set_short,
    _set_continued,
    _set_problem,
    _set_words,
    _set_norm,
    _set_uncertain,
) = (getattr(Quote, name).__set__ for name in _QUOTE_FIELDS)
assert _QUOTE_FIELDS == tuple(f.name for f in fields(Quote)), "make_quote must set every field of Quote"
_new = object.__new__


def make_quote(
    start: int,
    end: int,
    text: str,
    inner: str,
    inner_start: int,
    paragraph: int,
    speaker: str | None,
    speaker_name: str | None,
    how: str,
    partial: bool,
    short: bool,
    continued: bool,
    problem: str | None,
    words: tuple[str, ...],
    norm: tuple[str, ...],
    uncertain: bool,
) -> Quote:
    """``Quote(...)`` with every field given, built faster (see above)."""
    q = _new(Quote)
    _set_start(q, start)
    _set_end(q, end)
    _set_text(q, text)
    _set_inner(q, inner)
    _set_inner_start(q, inner_start)
    _set_paragraph(q, paragraph)
    _set_speaker(q, speaker)
    _set_speaker_name(q, speaker_name)
    _set_how(q, how)
    _set_partial(q, partial)
    _set_short(q, short)
    _set_continued(q, continued)
    _set_problem(q, problem)
    _set_words(q, words)
    _set_norm(q, norm)
    _set_uncertain(q, uncertain)
    return q
