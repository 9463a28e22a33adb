"""Quotations and who said them, in drafts and sources alike (fact kind ``quotes``).

What is a quotation
    Text between double quotation marks, straight (``"``) or typographic (`` “ ” „ « » ``), with
    single marks nested inside, and curly marks nested in straight ones (``"it was “too loud” all
    night"`` is one quotation, not an unbalanced mark).  A quotation may span sentences, and
    paragraphs in the wire convention: each quoted paragraph opens with a mark and only the last one
    closes (each paragraph's piece is one :class:`Quote`, ``continued`` on all but the last).
    Partial quotes inside a sentence and one- or two-word quotes with no speech verb ("buffer zone")
    are quotes too.  Marks around no word (``""``, ``“ ”``, a ``class=""`` in an embed) pair up but
    quote nothing: they are not quotations.  Marks that do not pair up within a paragraph become a :class:`Quote` with a
    ``problem`` (rule NL304) and are not matched against sources.  Outer single marks are read only
    in a headline, title or caption with no double marks (a Markdown heading, or a one-line paragraph
    opening the document or ending without a full stop), where house styles quote that way
    (‘We lost everything’: villagers return); in body text an apostrophe cannot be told from a quote.

Who said it (rule-based; the SFU Gender Gap Tracker and Quootstrap patterns)
    The document's own sentences are used (boundaries inside a quotation are ignored), with each
    quotation replaced by a placeholder, so that a name inside a quotation is never a speaker.
    ``how`` records the pattern that gave the speaker:

    - ``said-after``: ``"Q," X said`` · ``"Q," said X`` · ``"Q?" X asked`` · ``"Q," X, 25, said`` ·
      ``"Q," X, a top aide, said`` · ``"Q," said Rep. G.K. X (D-N.C.)``.  An attribution right after
      the closing mark wins over a speech verb earlier in the sentence.
    - ``said-before``: ``X said (that) ... "Q"`` · ``X called it "Q"`` (framing verbs) · ``X left,
      saying "Q"`` (the main clause's subject) · ``the deal, which X had called "Q"``.  The speaker is
      the grammatical subject of the speech verb, never a phrase after it (``X said Y's state is
      "Q"`` is X's), and a verb after a modal inside a reported clause (``X said Y should reiterate
      "Q"``) is not an attribution.
    - ``colon``: ``X said: "Q"`` · ``X added: "Q"`` · ``WALLACE: "Q"`` (transcript) · a lead-in that
      ends the previous paragraph (``Berg wrote:`` ¶ ``"Q"``); a headline that names its speaker
      before a colon, the quotation further on (``Ruiz: Levee ‘Held for Hours’``; ``Ruiz Says
      Levee ‘Held’`` is ``said-before``: both uncertain, as a headline also sums up).
    - ``dash``: ``"Q" ― Carlos Raúl Peña``.
    - ``according-to``: ``"Q", according to X``
    - ``pronoun``: ``"Q," he said``: the most recent speaker or person introduced in the last three
      paragraphs whose gender is not known to be the other one (honorifics, gendered titles and a
      list of given names in the rule pack, "identified herself as"); "they", "we", "it" and "I" are
      never one person.  Uncertain when another person of a compatible gender was named in between.
      A sentence opened by a subordinate clause introduces its main clause's subject ("While Ruiz
      pledged ..., Berg insisted": Berg).  A lone surname has the gender all its document's full
      names agree on ("Clinton" of both "Hillary Clinton" and "Bill Clinton" has none); a gendered
      title and a given name that disagree give none; a guessed (uncertain) resolution teaches no
      gender.  Places of the document (capitalised phrases it writes after "in"), institutions,
      groups ("Palestinians") and phrases opened by a common word ("Contrast", "New York Times") are
      never the antecedent.
    - Auxiliaries and adverbs between the speaker and the verb are skipped ("“Q,” Berg has said");
      an attribution that is a sentence of its own after the quotation's full stop is the
      quotation's (“It held.” Berg said.); after "?" or "!", a clause that leads into the next
      quotation is that one's (“Why now?” Berg writes back, “...”).
    - ``carried``: a quoted sentence or wire-convention paragraph with no attribution of its own takes
      the speaker of the quotation just before it (same or previous paragraph; unattributed scare
      quotes in between do not count), or of the sentence just before it when that sentence reports
      someone's words (``Ruiz said the levee held. "It held for hours."``: uncertain).
    - ``none``: no attribution (scare quotes, terms, and title-case names of shows or books).

    A headline in headline style (title case, or quoting in single marks) is read as a headline:
    its title-case quotations are not titles, its colon lead names a speaker only as a headline's
    name ("Ana Ruiz Thanks Berg: ..." is Ana Ruiz), and its speaker is never certain.

    The speaker is kept as written (``speaker``) and as a resolved person's name (``speaker_name``):
    titles, honorifics, party tags and descriptors are stripped ("foreign ministry spokesman Georgiy
    Tykhy" → "Georgiy Tykhy"), a lone surname takes the full name met elsewhere in the document
    ("Tykhy" → "Georgiy Tykhy"), and institutions, places and bare descriptors ("Russia's defence
    ministry", "Kyiv", "the governor", a place of the document, "the Tarnbury senator": capitalised
    words before a lower-case title modify it) resolve to ``None``: they are never compared as
    people.  A clause before a framing verb gives its subject ("Berg offered a Ruiz-style retort,
    writing ..." is Berg's).
    Names are read with Unicode letter classes (``regex``), so "Élodie Durand" is one name.
    ``uncertain`` marks a guessed speaker; rule NL302 never builds on one.

Vocabulary
    Speech and framing verbs, multi-word cues, titles, honorifics, name suffixes, party-tag patterns,
    gendered words, given names, descriptor and function words live in the rule pack
    ``rules/speech_verbs.toml`` (sections ``speech-verbs``, ``quote-speakers``, ``quote-grammar``);
    sentence abbreviations come from the ``sentences`` pack.  A newsroom pack adds or removes entries.

Cost
    Attribution reads at most :data:`ATTRIBUTION_WINDOW` characters and at most
    :data:`ATTRIBUTION_QUOTES` other quotations each side of a quotation, and a pronoun looks back at
    most :data:`ANTECEDENT_SENTENCES` sentences: linear in the document, with a work per quotation
    that does not grow with its paragraph.  Runs of marks around no word are skipped in one regular
    expression match, and single marks in a headline are paired in one pass.

Normalised words
    ``words`` holds the quotation's words as written and ``norm`` the same words normalised for
    matching: lower case, typographic apostrophes straightened, thousands separators dropped, and
    British/American spelling variants mapped to one form (rule pack ``spelling-variants``).  An
    ellipsis (``...``, ``…``, ``[...]``) or an editor's bracketed insertion becomes the gap marker
    ``…``: it stands for omitted words.  Punctuation is not a word and is never compared.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import regex

from newslint.facts.quote import GAP, Quote, file_under, key_stopwords, make_quote, strip_accents
from newslint.rule import Extractor
from newslint.rulepacks import builtin_packs

if TYPE_CHECKING:
    from newslint.document import Document
    from newslint.rulepacks import RulePacks

# -- normalisation ------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"\[[^\]]*\]"  # [...] or an editor's insertion: a gap
    r"|\.(?:\s?\.){2,}|…"  # ellipsis
    r"|\d+(?:[.,]\d+)*%?"  # numbers
    r"|[^\W\d_]+(?:['’][^\W\d_]+)*",  # words, with inner apostrophes
)


class Normaliser:
    """Lower case, straight apostrophes, plain numbers, one spelling for British/American variants."""

    def __init__(self, packs: RulePacks | None):
        section = (packs.get("spelling-variants", {}) if packs is not None else {}) or {}
        self.words: dict[str, str] = {k.lower(): v.lower() for k, v in (section.get("words") or {}).items()}
        self.rules = [
            (
                re.compile(r["pattern"]),
                r.get("replace", ""),
                frozenset(w.lower() for w in r.get("except", ())),
            )
            for r in section.get("suffix") or ()
        ]
        self._cache: dict[str, str] = {}

    def word(self, w: str) -> str:
        out = self._cache.get(w)
        if out is not None:
            return out
        low = w.lower().replace("’", "'")
        if low[:1].isdigit():
            out = low.replace(",", "")
        else:
            out = self.words.get(low)
            if out is None:
                out = low
                for pattern, repl, exceptions in self.rules:
                    if low in exceptions:
                        continue
                    new, n = pattern.subn(repl, low)
                    if n:
                        out = new
                        break
        if len(self._cache) < 200_000:
            self._cache[w] = out
        return out

    def tokens(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(words as written, normalised words); an ellipsis or bracket is GAP in both."""
        shown: list[str] = []
        norm: list[str] = []
        cache = self._cache
        for tok in _TOKEN.findall(text):
            if tok[0] in "[.…":
                if shown and shown[-1] != GAP or not shown:
                    shown.append(GAP)
                    norm.append(GAP)
                continue
            shown.append(tok)
            out = cache.get(tok)
            norm.append(out if out is not None else self.word(tok))
        return tuple(shown), tuple(norm)


def normaliser(packs: RulePacks | None) -> Normaliser:
    """The normaliser of a set of rule packs (built once per packs object)."""
    return packs.derived(Normaliser) if packs is not None else Normaliser(None)


# -- vocabulary: rule packs speech-verbs, quote-speakers, quote-grammar ---------------------------

_CAP = regex.compile(r"^\p{Lu}[\p{L}\p{M}\d'’.\-]*$")
_INITIALS = regex.compile(r"^(?:\p{Lu}\.){1,3}\p{Lu}?\.?$")
_NAME_TOKEN = regex.compile(r"[\p{L}\p{M}\d'’.\-]+|[,;:()—–]")
_LOWER_WORD = regex.compile(r"(?<![\p{L}\p{M}'’-])\p{Ll}+(?![\p{L}\p{M}'’-])")
_NAME_WORD = r"\p{Lu}[\p{L}\p{M}'’\-]*"  # a capitalised word of a name
_DEMONYM = re.compile(r"^[a-z]{3,}(?:ian|ean|ese|ish)$")


def _any_of(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words`` (spaces match any spacing), longest first."""
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=lambda w: (-len(w), w))
    )


def _words(section: dict, key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in section.get(key) or ())


def _optional(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words`` followed by spacing, or nothing."""
    alternatives = _any_of(words)
    return rf"(?:(?:{alternatives})\s+)?" if alternatives else ""


@dataclass(frozen=True, slots=True)
class _Hit:
    """A speech verb found in a text (the ``start``/``end``/``group`` of a match)."""

    at: int
    to: int
    word: str

    def start(self) -> int:
        return self.at

    def end(self) -> int:
        return self.to

    def group(self) -> str:
        return self.word


class Lexicon:
    """The attribution vocabulary of a set of rule packs, compiled once (``packs.derived``)."""

    def __init__(self, packs: RulePacks | None):
        def section(name: str) -> dict:
            return (packs.get(name, {}) if packs is not None else {}) or {}

        verbs, spk, grammar = section("speech-verbs"), section("quote-speakers"), section("quote-grammar")
        self.verbs = _words(verbs, "verbs")
        self.framing = _words(verbs, "framing") - self.verbs
        self.phrases: dict[str, list[tuple[str, ...]]] = {}
        for phrase in _words(verbs, "phrases"):
            *head, last = phrase.split()
            self.phrases.setdefault(last, []).append(tuple(head))
        self.titles = _words(spk, "titles")
        self.orgs = _words(spk, "organisation-words")
        self.non_persons = _words(spk, "non-persons")
        self.suffixes = _words(spk, "name-suffixes")
        self.party_tags = [regex.compile(p) for p in spk.get("party-tags") or ()]
        self.gender_words = {w: "he" for w in _words(spk, "gender-he")}
        self.gender_words.update({w: "she" for w in _words(spk, "gender-she")})
        # honorifics: gendered words that are also titles ("Ms. Kowal" is a she)
        honorifics = sorted((w for w in self.gender_words if w in self.titles), key=len, reverse=True)
        self.honorific = regex.compile(
            r"\b((?i:" + "|".join(map(re.escape, honorifics or ["mr"])) + r"))\.?\s+(\p{Lu}[\p{L}\p{M}'’\-]+)"
        )
        self.first_names = {w: "he" for w in _words(spk, "first-names-he")}
        self.first_names.update({w: "she" for w in _words(spk, "first-names-she")})
        self.determiners = _words(grammar, "determiners")
        self.noun_markers = _words(grammar, "noun-markers")
        self.not_names = _words(grammar, "not-names") | (
            _words(section("calendar"), "months") - _words(grammar, "months-as-names")
        )
        self.abbreviations = _words(section("sentences"), "abbreviations")
        self.conjunctions = _words(grammar, "conjunctions")
        self.subordinators = _words(grammar, "subordinators")
        self.coordinators = _words(grammar, "coordinators")
        self.adverbs = _words(grammar, "clause-adverbs")
        self.prepositions = _words(grammar, "prepositions")
        self.place_heads = _words(grammar, "place-heads")
        self.particles = _words(grammar, "name-particles")
        self.pronouns: dict[str, str] = {
            str(k).lower(): str(v) for k, v in (grammar.get("pronouns") or {}).items()
        }
        self.noun_followers = _words(grammar, "noun-followers")
        self.articles = _words(grammar, "articles")
        self.relatives = _words(grammar, "relatives")
        # gendered words that say nothing of the speaker phrase they are in: a pronoun or a
        # possessive may stand for someone else ("his aide")
        self.not_gendering = frozenset(
            w for w in self.gender_words if w in self.pronouns or w in self.determiners
        )
        # "identified herself as Ana Ruiz", "known as Viktor": the capitalised words after a naming
        # phrase are a name; after a naming phrase's gendered word ("herself", "his") it has a gender
        naming = _words(grammar, "naming-phrases")
        self.intro = regex.compile(
            rf"\b(?:{_any_of(naming) or '(?!)'})\s+((?:{_NAME_WORD})(?:\s+(?:{_NAME_WORD}))*)"
        )
        self.naming_gendered = frozenset(
            w for phrase in naming for w in phrase.split() if w in self.gender_words
        )
        self.gendered = regex.compile(
            rf"\b({_any_of(self.naming_gendered) or '(?!)'})\s+"
            rf"(?:{_any_of(_words(grammar, 'naming-tails')) or '(?!)'})\s+({_NAME_WORD})"
        )
        # the text between a quotation and its speech verb is a clause, not a speaker: "“Q” is what
        # the report says"
        self.verbish = re.compile(rf"\b(?:{_any_of(_words(grammar, 'clause-words')) or '(?!)'})\b", re.I)
        # the end of a speaker phrase after an inverted verb: "said Ruiz on Friday"
        self.stop_after_name = re.compile(
            rf"\s(?:{_any_of(_words(grammar, 'after-name-stops')) or '(?!)'})\s", re.I
        )
        # a clause with its own subject after a speech verb: a capital, or a pronoun that is not the
        # person addressed ("you") nor the first person (written "I": a capital).  "that" is the
        # complementizer ("said that"), grammar rather than vocabulary.
        subjects = _any_of(k for k, v in self.pronouns.items() if v not in ("first", "second"))
        self.clause_subject = regex.compile(rf"\s+(?:that\s+)?(?:\p{{Lu}}|(?:{subjects or '(?!)'})\b)")
        # a title in title case: capitalised words, numbers and the pack's title words
        title_words = "".join(
            regex.escape(w) + "|" for w in sorted(_words(grammar, "title-words"), key=lambda w: (-len(w), w))
        )
        self.title_word = regex.compile(rf"^(?:\p{{Lu}}[\p{{L}}\p{{M}}'’.\-]*|{title_words}\d+)$")
        # a full name: capitalised words, initials and name particles ("Ana de la Cruz"), ending in a
        # capitalised word
        particles = "".join(
            rf"{regex.escape(p)}|" for p in sorted(self.particles, key=lambda p: (-len(p), p))
        )
        self.full_name = regex.compile(
            rf"\b\p{{Lu}}[\p{{L}}\p{{M}}'’\-]+(?:[ \t]+(?:{particles}(?:\p{{Lu}}\.)+|\p{{Lu}}[\p{{L}}\p{{M}}'’\-]+))*"
            r"[ \t]+\p{Lu}[\p{L}\p{M}'’\-]+"
        )
        # time phrases and channels dropped from a speaker phrase: "on Tuesday morning", "in a
        # statement ...", "last week" (weekdays and parts of the day from the calendar pack)
        calendar = section("calendar")
        weekdays = _any_of(str(w) for w in calendar.get("weekdays") or ()) or "(?!)"
        parts = _any_of(str(w) for w in calendar.get("parts-of-day") or ()) or "(?!)"
        channels = _any_of(_words(grammar, "channels")) or "(?!)"
        channel_preps = _any_of(_words(grammar, "channel-prepositions")) or "(?!)"
        relative = grammar.get("relative-times") or {}
        units = _any_of(_words(relative, "units")) or "(?!)"
        self.time_phrase = re.compile(
            rf"\b{_optional(_words(grammar, 'weekday-prepositions'))}(?:{weekdays})(?:\s+(?:{parts}))?\b"
            rf"|\b(?:{channel_preps})\s+{_optional(self.articles)}(?:{channels})\b.*$"
            rf"|\b{_optional(_words(relative, 'leads'))}(?:{_any_of(_words(relative, 'words')) or '(?!)'})\s+"
            rf"{_optional(_words(relative, 'fillers'))}(?:{units})\b",
            re.I,
        )
        # a speech verb right after one of these is what someone should do, not a report:
        # "X said the platform should reiterate ..."
        self.modal = re.compile(rf"\b(?:{_any_of(_words(grammar, 'modals')) or '(?!)'})\s+$", re.I)
        pron = "|".join(sorted(self.pronouns, key=len, reverse=True)) or "he"
        self.pronoun_re = re.compile(rf"^(?:{pron})$", re.I)
        self.according = re.compile(r"\baccording\s+to\s+(?P<np>[^;:!?⟦]+)", re.I)
        self.clause_split = re.compile(
            r"\b(?:" + "|".join(sorted(self.conjunctions, key=len, reverse=True)) + r")\b(?:\s+|$)", re.I
        )
        # what a match of ``honorific`` leaves in the lower-cased text, in the standard library's
        # faster engine: an honorific after no letter a-z, then spacing (see ``may_name_honorific``)
        self.honorific_hint = re.compile(
            r"(?<![a-z])(?:" + "|".join(map(re.escape, honorifics or ["mr"])) + r")\.?\s"
        )
        # pure functions of the lexicon and a string, read again and again for the same phrases
        self._names: dict[str, str | None] = {}
        self._cleaned: dict[tuple[str, ...], str | None] = {}
        self._nps: dict[str, str] = {}
        self._after_verb: dict[str, str] = {}

    # -- speech verbs ----------------------------------------------------------------------------
    def verb_hits(self, text: str, framing: bool = False, start: int = 0, end: int | None = None):
        """Speech verbs used as verbs in ``text`` (lower case, not a noun after a determiner or a
        possessive: "his statement", "Kim's mental state is"); framing verbs too if asked."""
        end = len(text) if end is None else end
        for m in _LOWER_WORD.finditer(text, start, end):
            w = m.group()
            if w in self.verbs or (framing and w in self.framing):
                if w not in self.verbs and self._after_preposition(text, m.start()):
                    continue  # "records for terms", "in calls": a framing word used as a noun
                if not self._noun_use(text, m.start(), m.end()):
                    yield _Hit(m.start(), m.end(), w)
            elif w in self.phrases:
                head = text[max(0, m.start() - 30) : m.start()].lower().split()
                for words in self.phrases[w]:
                    if words and tuple(head[-len(words) :]) == words:
                        at = text.lower().rfind(words[0], max(0, m.start() - 30), m.start())
                        yield _Hit(at, m.end(), " ".join((*words, w)))
                        break

    def first_verb(self, text: str, framing: bool = False, start: int = 0, end: int | None = None):
        return next(self.verb_hits(text, framing, start, end), None)

    def last_verb(self, text: str, framing: bool = False):
        return _last(self.verb_hits(text, framing))

    def _after_preposition(self, text: str, a: int) -> bool:
        before = text[max(0, a - 15) : a].split()
        return bool(before) and before[-1].lower() in self.prepositions and before[-1].lower() != "to"

    def _noun_use(self, text: str, a: int, b: int) -> bool:
        before = text[max(0, a - 25) : a].split()
        prev = before[-1].lower() if before else ""
        if prev in self.noun_markers or prev.endswith(("'s", "’s", "s'", "s’")):
            return True
        if prev == "of":
            return True  # "secretary of state": no verb follows "of"
        if len(before) > 1 and prev.endswith(("ed", "est")):
            # "Trump's repeated calls", "his latest remarks": an adjective between
            prev2 = before[-2].lower()
            if prev2 in self.noun_markers or prev2.endswith(("'s", "’s")):
                return True
        nxt = text[b : b + 12].split()
        return bool(nxt) and nxt[0].lower().strip(",") in self.noun_followers

    def may_name_honorific(self, text: str) -> bool:
        """False when ``honorific`` has no match in ``text`` (True when it may have one).

        ``regex``'s case-insensitive match of an a-z letter is an a-z letter, K (Kelvin sign), ſ or İ;
        lower-cased, the first two are a-z and the others are not, so a text holding either is
        always searched; a character before a word boundary lower-cases to no a-z letter, and
        spacing has no case: a match in ``text`` is a match of ``honorific_hint`` in ``text.lower()``."""
        if not text.isascii() and ("ſ" in text or "İ" in text):
            return True
        return self.honorific_hint.search(text.lower()) is not None

    # -- names -----------------------------------------------------------------------------------
    def strip_tags(self, phrase: str) -> str:
        """The phrase without party and state tags ("Rep. Lacy Clay (D-Mo.)" -> "Rep. Lacy Clay")."""
        for pattern in self.party_tags:
            phrase = pattern.sub(" ", phrase)
        return phrase

    def person_name(self, phrase: str) -> str | None:
        """The person named in a speaker phrase, without titles; None for institutions and descriptors."""
        cache = self._names
        if phrase in cache:
            return cache[phrase]
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
        name = cache[phrase] = self._person_name(phrase)
        return name

    def _person_name(self, phrase: str) -> str | None:
        phrase = self.strip_tags(phrase)
        m = _last(self.intro.finditer(phrase))
        if m is not None:
            name = self._clean_run(m.group(1).split())
            if name:
                return name
        for run in reversed(self._runs(phrase)):
            name = self._clean_run(run)
            if name:
                return name
        # a title inside a run that follows a preposition: "Speaker of the House Rep. Paul Ryan"
        tokens = _NAME_TOKEN.findall(phrase)
        for n in range(len(tokens) - 1, -1, -1):
            if (
                tokens[n].lower().strip(".") in self.titles
                and n + 1 < len(tokens)
                and _CAP.match(tokens[n + 1])
            ):
                run = []
                for tok in tokens[n + 1 :]:
                    if not (_CAP.match(tok) or (run and tok.lower() in self.particles)):
                        break
                    run.append(tok)
                name = self._clean_run(run)
                if name:
                    return name
        return None

    def gender_of(self, phrase: str | None, name: str | None) -> str | None:
        """ "he" / "she" when the phrase or the given name says so ("Ms. Ruiz", "spokeswoman X")."""
        words = [w.lower().strip(".,") for w in (phrase or "").split()]
        given = self.first_names.get(name.split()[0].lower().strip(".")) if name else None
        for w in words:
            g = self.gender_words.get(w)
            if g and w not in self.not_gendering:
                # "spokesman Ana Ruiz": the title and the given name disagree; say nothing
                return g if given is None or given == g else None
        return given

    def _runs(self, phrase: str) -> list[list[str]]:
        """Runs of capitalised words that may name the speaker (not "of Belgorod", "Kursk region")."""
        tokens = _NAME_TOKEN.findall(phrase)
        runs: list[list[str]] = []
        cur: list[str] = []
        valid = True
        for n, tok in enumerate(tokens):
            if _CAP.match(tok) or (cur and tok.lower() in self.particles):
                if not cur:
                    prev = tokens[n - 1].lower() if n else ""
                    prev2 = tokens[n - 2].lower() if n > 1 else ""
                    valid = not (
                        prev in self.prepositions or (prev in self.determiners and prev2 in self.prepositions)
                    )
                cur.append(tok)
                continue
            if cur:
                if tok.lower() in self.place_heads or tok.lower() in self.orgs:
                    valid = False
                if tok.lower() in self.titles and tok[:1].islower():
                    valid = False  # "the Florida senator", "Trump spokesman X": a modifier, not a name
                if valid:
                    runs.append(cur)
                cur = []
        if cur and valid:
            runs.append(cur)
        return runs

    def _clean_run(self, run: list[str]) -> str | None:
        key = tuple(run)
        cache = self._cleaned
        if key in cache:
            return cache[key]
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
        name = cache[key] = self._clean_run_uncached(run)
        return name

    def _clean_run_uncached(self, run: list[str]) -> str | None:
        toks = [t[:-1] if t.endswith(".") and len(t) > 3 and not _INITIALS.match(t) else t for t in run]
        while toks and toks[-1].lower().strip(".") in self.suffixes:
            toks.pop()
        if not toks:
            return None
        low = [t.lower().strip(".") for t in toks]
        if low[-1].endswith(("'s", "’s", "'", "’")):
            return None  # "Russia's" modifies a noun: not the speaker
        if low[-1] in self.orgs or low[-1] in self.titles or low[-1] in self.non_persons:
            return None
        keep_from = 0
        for i, (t, lw) in enumerate(zip(toks, low, strict=True)):
            if (
                lw in self.titles
                or lw in self.determiners
                or lw in self.prepositions
                or lw in self.conjunctions
                or (i == 0 and lw in self.not_names)
                or lw in self.non_persons
                or lw in self.orgs
                or (len(t) > 1 and t.isupper() and not _INITIALS.match(t))
                or lw.endswith(("'s", "’s"))
                or (_DEMONYM.search(lw) and i < len(toks) - 1)  # "Ukrainian X", not "Shirvanian"
            ):
                keep_from = i + 1
        name = toks[keep_from:]
        if any(t.lower().endswith(("n't", "n’t")) for t in name):
            return None  # "Don’t Republicans run the risk": a question, not a name
        if not name or name[0].lower() in self.particles:
            return None
        if len(name) == 1 and (name[0].lower() in self.pronouns or _INITIALS.match(name[0])):
            return None
        return " ".join(name)

    # -- noun phrases ----------------------------------------------------------------------------
    def clean_np(self, np: str) -> str:
        """A speaker phrase without time phrases, leading conjunctions and trailing auxiliaries."""
        cache = self._nps
        found = cache.get(np)
        if found is None:
            if len(cache) >= _CACHE_SIZE:
                cache.clear()
            found = cache[np] = self._clean_np(np)
        return found

    def _clean_np(self, np: str) -> str:
        np = self.time_phrase.sub(" ", np)
        words = np.split()
        while words and words[0].lower().strip(",") in self.conjunctions:
            words.pop(0)
        while words and (
            (
                words[-1].lower().strip(",") in self.adverbs
                and (not _CAPITALISED_NAME.match(words[-1]) or words[-1].lower() in self.not_names)
            )
            or _ADVERB.match(words[-1])
        ):
            words.pop()
        return " ".join(words).strip(" ,;:—–-")

    def is_pronoun(self, word: str) -> bool:
        return word.lower() in self.pronouns


_ADVERB = re.compile(r"^[a-z]+ly$")
# a capitalised word after other words: "Will" in "..., Will described" is a name, not "will"
_CAPITALISED_NAME = re.compile(r"^[A-Z][a-z]+$")
_CACHE_SIZE = 50_000  # entries of each of the lexicon's caches (emptied when full)


def lexicon(packs: RulePacks | None) -> Lexicon:
    return (packs if packs is not None else builtin_packs()).derived(Lexicon)


def _last(iterator):
    item = None
    for item in iterator:  # noqa: B007
        pass
    return item


# -- quotation marks --------------------------------------------------------------------------

_MARK = re.compile(r"[\"“”„«»]")
_OPENERS = "“„«"
_CLOSERS = "”»"
_NESTED = {'"': ("“", "”"), "«": ("“", "”"), "„": ("‚", "‘")}  # outer mark -> inner pair
_WORDCHAR = re.compile(r"\w")
# pairs of marks around no word and no other mark, one after another ('""""', '“”«»'): consumed
# in one match, they quote nothing
_WORDLESS_PAIRS = re.compile(r"(?:[\"“„«][^\w\"“”„«»]*[”»\"]|„[^\w\"“”„«»]*“)+")
_LINE_BREAK = re.compile(r"\n")  # what "." does not match in the single-mark pattern
# single marks in a headline: ‘We lost everything’ / 'We lost everything' (not an apostrophe:
# the opening mark starts a word, the closing one ends a word and is not followed by a letter)
_SINGLE_OPEN = {
    mark: regex.compile(rf"(?<![\p{{L}}\p{{M}}\d]){mark}(?=[\p{{L}}\p{{M}}\d])") for mark in ("‘", "'")
}
_SINGLE_CLOSE = {mark: regex.compile(rf"(?<=\S){mark}(?![\p{{L}}\p{{M}}\d])") for mark in ("’", "'")}


@dataclass
class _Piece:
    start: int  # offset of the opening mark (absolute)
    end: int  # offset after the closing mark, or the paragraph end
    inner_start: int
    inner_end: int
    paragraph: int
    continued: bool = False
    continues: bool = False  # this piece continues the previous paragraph's quotation
    problem: str | None = None
    inner_text: str = ""
    headline: bool = False  # in a headline, title or caption
    single: bool = False  # in single marks (read only in a headline)


def _pair_marks(
    doc: Document, index: int, start: int, end: int, opens_next: bool, continuing: bool
) -> list[_Piece]:
    """Pair the double marks of one paragraph; curly marks inside straight ones (or inside « »)
    are nested quotations, not a second opening mark."""
    prose = doc.prose or ""
    pieces: list[_Piece] = []
    open_at: int | None = None
    open_ch = ""
    nested = False
    at = start  # marks before this were read already (a run of marks around no word)
    for m in _MARK.finditer(prose, start, end):
        pos, ch = m.start(), m.group()
        if pos < at:
            continue
        if (
            ch == '"'
            and pos > start
            and prose[pos - 1].isdigit()
            and (pos + 1 >= end or not _WORDCHAR.match(prose[pos + 1]))
        ):
            continue  # an inch mark: 5'11"
        if open_at is None:
            # marks around no word begin with an opening mark and no word character after it
            nxt = prose[pos + 1] if pos + 1 < end else ""
            wordless = ch not in _CLOSERS and not (nxt.isalnum() or nxt == "_")
            empty = _WORDLESS_PAIRS.match(prose, pos, end) if wordless else None
            if empty is not None:
                at = empty.end()  # marks around no word ('""', '“ ”'): not a quotation
                continue
            if ch in _OPENERS or ch == '"':
                open_at, open_ch = pos, ch
            else:
                pieces.append(_Piece(pos, pos + 1, pos + 1, pos + 1, index, problem="unopened"))
            continue
        inner = _NESTED.get(open_ch)
        if inner is not None and ch == inner[0] and not nested:
            nested = True  # "He said “too loud” twice": a quotation inside the quotation
            continue
        if nested and inner is not None and ch == inner[1]:
            nested = False
            continue
        if ch in _CLOSERS or ch == '"' or (ch == "“" and open_ch == "„"):
            pieces.append(_Piece(open_at, pos + 1, open_at + 1, pos, index))
            open_at, nested = None, False
        else:  # a second opening mark: the first was never closed
            pieces.append(_Piece(open_at, open_at + 1, open_at + 1, open_at + 1, index, problem="unclosed"))
            open_at, open_ch, nested = pos, ch, False
    if open_at is not None:
        if opens_next:
            pieces.append(_Piece(open_at, end, open_at + 1, end, index, continued=True))
        else:
            pieces.append(_Piece(open_at, open_at + 1, open_at + 1, open_at + 1, index, problem="unclosed"))
    if continuing and pieces and pieces[0].start == start and not pieces[0].problem:
        pieces[0].continues = True
    return pieces


def _pair_single_marks(doc: Document, index: int, start: int, end: int) -> list[_Piece]:
    """Quotations in single marks, read only in a headline, title or caption with no double marks
    (where the house style quotes that way): ‘We lost everything’: villagers return."""
    prose = doc.prose or ""
    if prose.find("‘", start, end) < 0 and prose.find("'", start, end) < 0:
        return []  # no opening mark (the patterns below need one)
    if _MARK.search(prose, start, end):
        return []
    pieces = []
    for opener, closer in (("‘", "’"), ("'", "'")):
        # each opening mark pairs with the first closing mark after it on its line (one pass: a
        # heading of thousands of openers and no closer is not read once per opener)
        opens = [m.start() for m in _SINGLE_OPEN[opener].finditer(prose, start, end)]
        closes = [m.start() for m in _SINGLE_CLOSE[closer].finditer(prose, start, end)]
        breaks = [m.start() for m in _LINE_BREAK.finditer(prose, start, end)]
        at = start
        for o in opens:
            if o < at:
                continue
            k = bisect.bisect_left(closes, o + 2)
            if k == len(closes):
                break
            c = closes[k]
            line = bisect.bisect_left(breaks, o)
            if line < len(breaks) and breaks[line] < c:
                continue  # the quotation would run past the end of the line
            pieces.append(_Piece(o, c + 1, o + 1, c, index, single=True))
            at = c + 1
    return sorted(pieces, key=lambda p: p.start)


def _is_headline(doc: Document, paragraph) -> bool:
    """A headline, title or caption: a Markdown heading, or a one-line paragraph opening the
    document or ending with no full stop (short, not a sentence of the body)."""
    text = doc.text or ""
    line_start = text.rfind("\n", 0, paragraph.start) + 1
    if text[line_start : paragraph.start].lstrip().startswith("#"):
        return True
    body = (doc.prose or "")[paragraph.start : paragraph.end]
    if "\n" in body.strip() or len(body) > 140:
        return False
    return paragraph.index == 0 or not body.rstrip().endswith((".", "!", "?", "”", '"', ":"))


# -- the frame: a paragraph with its quotations replaced by placeholders ------------------------

_PLACEHOLDER = re.compile(r"⟦(\d+)⟧")


def _frame_paragraph(
    prose: str, start: int, end: int, pieces: list[_Piece], ids: Iterable[int]
) -> tuple[str, str, list[tuple[int, int, int]], dict[int, bool], dict[int, bool]]:
    """A paragraph with each balanced quotation replaced by ``⟦i⟧``; the same with the placeholders'
    numbers blanked (``⟦00⟧``: same length); the (prose offset, frame offset) of each stretch of
    text kept; which quotations end a sentence."""
    parts = []
    blank = []
    last = start
    at = 0
    stretches: list[tuple[int, int, int]] = []
    terminal: dict[int, bool] = {}
    asking: dict[int, bool] = {}  # ends in "?" or "!": the attribution may follow as a sentence
    for i in ids:
        pc = pieces[i]
        if pc.problem:
            continue
        stretches.append((last, pc.start, at))
        kept = prose[last : pc.start]
        parts.append(kept)
        blank.append(kept)
        at += pc.start - last
        mark = f"⟦{i}⟧"
        parts.append(mark)
        blank.append(_BLANK_MARKS[len(mark)])
        at += len(mark)
        last = pc.end
        inner = prose[pc.inner_start : pc.inner_end].rstrip()
        terminal[i] = inner.endswith((".", "!", "?", "…")) or pc.continued
        asking[i] = inner.rstrip("’'\"”").endswith(("!", "?", "…", "-", "—"))
    stretches.append((last, end, at))
    parts.append(prose[last:end])
    blank.append(parts[-1])
    return "".join(parts), "".join(blank), stretches, terminal, asking


_BLANK_MARKS = {n: "⟦" + "0" * (n - 2) + "⟧" for n in range(3, 24)}  # placeholder length -> blanked


def _frame_cuts(
    lex: Lexicon,
    frame: str,
    stretches: list[tuple[int, int, int]],
    starts: Iterable[int],
    terminal: dict[int, bool],
    asking: dict[int, bool],
    prose: str,
) -> list[tuple[int, int]]:
    """Sentence spans of a frame: the document's sentence boundaries that fall outside quotations,
    and the end of a quotation that ends a sentence, except before its own attribution
    (“Are you serious?” Ruiz asked)."""
    cuts = {0}
    k = 0
    for s in starts:
        # (such initials end in a full stop and spacing: no need to search where the text does not)
        if prose[max(0, s - 12) : s].rstrip().endswith(".") and _INITIALS_BEFORE.search(
            prose, max(0, s - 12), s
        ):
            continue  # "Rep. G.K. Butterfield": initials do not end a sentence
        while k + 1 < len(stretches) and stretches[k + 1][0] <= s:
            k += 1
        prose_a, prose_b, frame_a = stretches[k]
        if prose_a <= s <= prose_b:  # a boundary inside a quotation is not one of the frame's
            cuts.add(frame_a + s - prose_a)
    if "⟦" in frame:  # the patterns below need a placeholder
        for m in _STOP_BEFORE_QUOTE.finditer(frame):
            # "... at least £12m. “There is ...”": a sentence ending right before a quotation
            word = frame[max(0, m.start() - 12) : m.start() + 1].split()
            if (
                word
                and word[-1].lower().strip(".") not in lex.abbreviations
                and not _INITIALS.match(word[-1])
            ):
                cuts.add(m.end())
        for m in _PLACEHOLDER.finditer(frame):
            if terminal.get(int(m.group(1))):
                nxt = _NEXT_CHAR.match(frame, m.end())
                if nxt is None or nxt.group(1).isupper() or nxt.group(1) == "⟦":
                    cuts.add(_skip_space(frame, m.end()))
        for m in _PLACEHOLDER.finditer(frame):
            cut = _skip_space(frame, m.end())
            if cut not in cuts:
                continue
            if (
                asking.get(int(m.group(1)))
                and _attribution_follows(lex, frame, cut)
                and not _leads_into_quote(frame, cut)
            ) or _closing_attribution(lex, frame, cut):
                cuts.discard(cut)
    ordered = sorted(c for c in cuts if c <= len(frame))
    spans = []
    for a, b in zip(ordered, ordered[1:] + [len(frame)], strict=True):
        if frame[a:b].strip():
            spans.append((a, b))
    return spans


_NEXT_CHAR = re.compile(r"\s*(\S)")
_STOP_BEFORE_QUOTE = re.compile(r"(?<=[\w)])[.!?]\s+(?=⟦)")
_INITIALS_BEFORE = regex.compile(r"(?<![\p{L}.])(?:\p{Lu}\.){2,3}\s+$")
_SPACE = re.compile(r"\s*")


def _skip_space(text: str, at: int) -> int:
    m = _SPACE.match(text, at)
    return m.end() if m else at


def _attribution_follows(lex: Lexicon, frame: str, at: int) -> bool:
    """Whether the text at ``at`` is a short attribution clause: "Ruiz said", "he added", "said Ruiz"."""
    words = _TAG_COMMAS.sub(",", lex.strip_tags(frame[at : at + 80])).split()[:6]
    if not words:
        return False
    first = words[0].strip(",").lower()
    if first in lex.verbs:
        return (
            len(words) > 1
            and _CAP.match(words[1]) is not None
            or (len(words) > 1 and lex.is_pronoun(words[1]))
        )
    if lex.is_pronoun(first):
        k = _skip_auxiliaries(lex, words, 1)  # "he has said", "she later wrote"
        return k < len(words) and words[k].strip(".,").lower() in lex.verbs
    n = 0
    while n < len(words) and _CAP.match(words[n].rstrip(",")):
        n += 1
        if words[n - 1].endswith(","):
            # "“Q!” Rep. Ana Ruiz, D-Ore., said": a name whose party tag was dropped
            if n == 1 or len(words) <= n or words[n].strip(".,").lower() not in lex.verbs:
                return False
            break
    if not 0 < n <= 4:
        return False
    k = _skip_auxiliaries(lex, words, n)  # "Berg has said", "Berg would later say"
    return k < len(words) and words[k].strip(".,").lower() in lex.verbs


def _skip_auxiliaries(lex: Lexicon, words: list[str], at: int) -> int:
    """The index after at most two auxiliaries or adverbs at ``words[at]`` ("has", "would later")."""
    k = at
    while k < len(words) and k - at < 2 and words[k].lower() in lex.adverbs and words[k][:1].islower():
        k += 1
    return k


def _closing_attribution(lex: Lexicon, frame: str, at: int) -> bool:
    """Whether the text at ``at`` is an attribution that is a whole sentence of its own, after a
    quotation that ends in a full stop ("“It held.” Berg said."): it is that quotation's."""
    m = _SHORT_SENTENCE.match(frame, at)
    if m is None:
        return False
    words = m.group(1).split()
    if not words or len(words) > 5:
        return False
    last = words[-1].lower()
    first = words[0].lower()
    closes = last in lex.verbs or (first in lex.verbs and _CAP.match(words[-1]) is not None)
    return closes and _attribution_follows(lex, m.group(1), 0)


# a sentence of a few words that ends the paragraph's text or is followed by spacing
_SHORT_SENTENCE = re.compile(r"([^.!?⟦⟧\n]{1,60})\.(?=\s|$)")


def _leads_into_quote(frame: str, at: int) -> bool:
    """Whether the clause at ``at`` is a lead-in to the next quotation ("“Why now?” Berg writes
    back, “You look tired.”"): it belongs to that one, not to the quotation before it."""
    nxt = frame.find("⟦", at, at + 60)
    if nxt < 0:
        return False
    between = frame[at:nxt].rstrip()
    return between.endswith((",", ":")) and not _FULL_STOP.search(between)


_TAG_COMMAS = re.compile(r",\s*,")  # the commas a dropped party tag leaves ("Ruiz, , said")


# -- attribution -----------------------------------------------------------------------------


@dataclass
class _Attribution:
    speaker: str | None = None
    how: str = "none"
    pronoun: str | None = None  # "he", "she", ... to resolve
    full_sentence: bool = False
    partial: bool = False
    opens_sentence: bool = False

    def copy(self) -> _Attribution:
        """A copy (``dataclasses.replace(self)``, without its cost)."""
        return _Attribution(
            self.speaker, self.how, self.pronoun, self.full_sentence, self.partial, self.opens_sentence
        )


ATTRIBUTION_WINDOW = 600  # characters of a sentence read on each side of a quotation
ATTRIBUTION_QUOTES = 4  # other quotations read on each side of a quotation, at most
_SEGMENT = re.compile(r"[,;:()—–]")
_SENTENCE_INSIDE = regex.compile(r"(?<!\b\p{Lu}|\b[A-Z][a-z]{1,3})[.!?;:⟦]\s")


_THAT = re.compile(r"\bthat\b")  # the complementizer ("said that"): grammar, not vocabulary
_NP_TOKEN = re.compile(r"[^\s,;:!?⟦()]+|[,;:!?⟦()]")
_TIGHT = re.compile(r"[ \t]*,?[ \t]*\S")
_FULL_STOP = re.compile(r"[.!?]\s")
_DASH_NP = re.compile(r"(?:[―—–]|--)\s*(?P<np>[^⟦.!?;]{2,80}?)\s*[.]?\s*$")
_DASH = re.compile(r"^(?:[―—–]|--)\s*")


def _subject_before(lex: Lexicon, before: str) -> str | None:
    """The subject of a speech verb: the phrase before it, back to a clause boundary.

    ``X said``: X.  ``X, 25, said`` / ``X, head of Y, said`` / ``X, who runs Y, said``: X with its
    apposition.  ``Y met X, who said``: X.  ``Berg said Ruiz had called it``: Ruiz (the nearest
    speech verb's own subject).  ``X said Kim's mental state is "Q"``: the caller passes the text
    before "said", so the fragment after the verb is never the speaker.
    """
    # a quotation is a boundary: "calling Christie “a loser,” the protesters chanted" -> the protesters
    text = lex.strip_tags(_PLACEHOLDER.sub(" ; ", before)).replace("--", "—").rstrip(" ;")
    if not text:
        return None
    tail = text.split()[-1]
    if lex.pronouns.get(tail.lower()) in ("he", "she", "plural") and tail[:1].isupper() == (
        len(text.split()) == 1
    ):
        return tail  # "... “down the line” he warned:"
    raw = _SEGMENT.split(text)
    # segments without time phrases and adverbs ("Ukraine, meanwhile, said": "Ukraine")
    segments = [lex.clean_np(seg) for seg in raw]
    segments = [c for c, r in zip(segments, raw, strict=True) if c or not r.strip()]
    while len(segments) > 1 and not segments[-1] and not segments[-2]:
        segments.pop()
    if len(segments) == 2 and not segments[-1]:
        segments.pop()
    if len(segments) > 1 and not segments[-1] and not text.endswith(","):
        segments.pop()
    if not segments:
        return None
    last = segments[-1].strip()
    # cut after the last speech verb or "that" inside the clause: "Berg said Ruiz had" -> "Ruiz had"
    hit = lex.last_verb(last, framing=True)
    if (
        hit is not None
        and lex.clause_subject.match(last, hit.end())
        # a framing verb's object is no subject: "called Trump a" (but "thought Ruiz had")
        and (hit.group() in lex.verbs or last.split()[-1].lower() in lex.adverbs)
    ):
        last = last[hit.end() :]
    last = _THAT.split(last)[-1]
    clauses = lex.clause_split.split(last)
    last = lex.clean_np(clauses[-1])
    if not last and len(clauses) > 1 and len(segments) == 1:
        # "Reid caucused in Nevada and says": the subject of the first clause; "X said A and said B":
        # the caller takes the first speech verb's subject
        return _leading_subject(lex, clauses[0]) if hit is None else None
    if not last:
        if len(segments) >= 3 and not segments[-1].strip():
            return _appositive_subject(lex, segments)
        return None
    first = last.split()[0]
    words = last.split()
    if len(words) > 2 and first.lower() in lex.prepositions and words[1].lower() in ("which", "whom"):
        # "..., to which O'Malley interjected": the relative clause's own subject
        inner = lex.clean_np(" ".join(words[2:]))
        return inner if inner and _plausible_subject(lex, inner) else None
    if lex.pronouns.get(first.lower()) in ("he", "she", "plural"):
        return first  # "he was back to boasting about"
    if first.lower() in ("who", "which", "whom") and len(last.split()) > 1:
        # "the agreement, which Trump had called": the relative clause's own subject
        inner = lex.clean_np(" ".join(last.split()[1:]))
        if inner and _plausible_subject(lex, inner):
            return inner
        if first.lower() == "whom" or not inner or inner.split()[0][:1].isupper():
            return None
        # "Beck, who has in the past described": the relative's head, as for "X, who said"
    if first.lower() in ("who", "which"):
        # "Y met X, who said": X
        prev = lex.clean_np(lex.clause_split.split(segments[-2])[-1]) if len(segments) > 1 else ""
        words = prev.split()
        return " ".join(words[-6:]) if words and lex.person_name(prev) else None
    if len(segments) >= 2 and (
        (first[:1].islower() and first.lower() not in lex.determiners and not lex.is_pronoun(first))
        or last.isdigit()
    ):
        # a parenthetical or an age between the subject and the verb: "Huckabee, for his part, is"
        found = _appositive_subject(lex, [*segments[:-1], last, ""])
        words = [w.lower() for w in last.split()]
        if (
            found
            or not lex.person_name(last)
            or not _CAP.match(last.split()[-1])
            or words[0] in lex.prepositions
            or any(w in lex.relatives for w in words)
            or lex.first_verb(last, framing=True) is not None
        ):
            return found
        # "“Q,” veteran analyst Charlie Cook wrote": the segment is the subject, not a parenthetical
    if lex.is_pronoun(first) and len(last.split()) == 1:
        return first
    if (
        first[:1].isupper()
        or first.lower() in lex.determiners
        or first[:1].isdigit()
        or (  # "campaign chairman John Podesta"
            len(last.split()) <= 6 and lex.person_name(last) and lex.first_verb(last, framing=True) is None
        )
    ):
        words = last.split()
        if lex.is_pronoun(first) and lex.pronouns.get(first.lower()) in ("he", "she", "plural"):
            return first  # "She went on to say:"
        if len(words) > 8 or (len(words) > 2 and words[-1].lower() == "to"):
            # a whole clause ("Ukraine has imposed restrictions in a zone along the border"): its subject
            return _leading_subject(lex, last, people_only=False)
        return " ".join(words)
    return None


def _leading_subject(lex: Lexicon, clause: str, people_only: bool = True) -> str | None:
    """The name opening a clause ("Reid caucused in Nevada" -> "Reid"), titles included; with
    ``people_only=False`` also a body or descriptor ("The Interior Ministry", "the governor")."""
    words: list[str] = []
    common = 0  # lower-case words after a determiner: "One operative", "the insider"
    for w in clause.split():
        low = w.lower().strip(".,")
        if (
            _CAP.match(w)
            or low in lex.titles
            or (words and low in lex.particles)
            or (not words and low in lex.determiners)
            or (words and not people_only and low in lex.orgs)
        ):
            words.append(w)
        elif (
            words
            and words[0].lower() in lex.determiners
            and common < 3
            and low.isalpha()
            and low not in lex.adverbs
            and low not in lex.prepositions
            and low not in lex.conjunctions
            and not low.endswith("ed")
            and low not in lex.verbs
        ):
            words.append(w)
            common += 1
        else:
            break
    while words and words[-1].lower() in lex.determiners:
        words.pop()
    phrase = " ".join(words).strip(",")
    if not words:
        return None
    if lex.person_name(phrase):
        return phrase
    return None if people_only or not _plausible_subject(lex, phrase) else phrase


def _appositive_subject(lex: Lexicon, segments: list[str]) -> str | None:
    """``Flynn, a top Trump surrogate, said`` / ``Jones, 25, said``: the name before the apposition;
    an apposition of several segments (``X, who lives outside the capital, Sacramento, said``) too."""
    for j in range(len(segments) - 3, 0, -1):
        words = segments[j].split()
        if words and words[0].lower() in lex.relatives and len(segments) - j <= 5:
            head = lex.clean_np(lex.clause_split.split(segments[j - 1])[-1])
            if head and lex.person_name(head) and lex.first_verb(head, framing=True) is None:
                return head
    apposition = segments[-2].strip()
    head = lex.clean_np(lex.clause_split.split(segments[-3])[-1])
    if not apposition or not head:
        return None
    first = apposition.split()[0].lower()
    is_apposition = (
        first in lex.determiners
        or first in lex.relatives
        or apposition[:1].isdigit()
        or first in lex.titles
        or lex.person_name(apposition) is None
    )
    if lex.first_verb(head, framing=True) is not None:
        return None
    if not is_apposition:
        if lex.person_name(head) is None and _plausible_subject(lex, head) and lex.person_name(apposition):
            return f"{head}, {apposition}"  # "Another squad leader, Faraon, described"
        return None
    if lex.person_name(head) is None and not lex.is_pronoun(head):
        if not _plausible_subject(lex, head):
            return None
        if lex.person_name(apposition) is not None and " " not in apposition.strip():
            return f"{head}, {apposition}"  # "Another squad leader, Faraon, described"
    if first in lex.determiners or apposition[:1].isdigit():
        return f"{head}, {apposition}"  # "Tomas Berg, the emergency services chief": kept as written
    return head


def _np_after_verb(lex: Lexicon, text: str) -> str:
    """The speaker phrase after an inverted verb ("said Rep. G.K. Butterfield, who ..."): up to the
    first clause boundary; a full stop ends it only after a word that is not an abbreviation."""
    cache = lex._after_verb
    found = cache.get(text)
    if found is None:
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
        found = cache[text] = _read_np_after_verb(lex, text)
    return found


def _read_np_after_verb(lex: Lexicon, text: str) -> str:
    text = lex.strip_tags(text)
    out = []
    comma_at = -1
    for m in _NP_TOKEN.finditer(text):
        tok = m.group()
        if tok in ",;:!?⟦()":
            comma_at = m.end() if tok == "," else -1
            break
        out.append(tok)
        if tok.endswith(".") and not _CAP.match(tok[:-1] or "x") and tok[:-1].lower() not in lex.titles:
            break  # "said Ruiz." ends; "Rep." / "G.K." / "Sen." do not
        if (
            tok.endswith(".")
            and len(out) > 1
            and _CAP.match(tok)
            and len(tok) > 4
            and not _INITIALS.match(tok)
        ):
            break
    np = " ".join(out).rstrip(".")
    short = lex.clean_np(lex.stop_after_name.split(" " + np + " ")[0])
    if short and lex.person_name(short) is None and lex.person_name(np):
        return lex.clean_np(np)  # "said master of ceremonies Asab Al-Tabchi"
    if (
        short
        and comma_at > 0
        and lex.person_name(short) is None
        and (short.split()[0].lower() in lex.determiners or short.split()[0].endswith(("'s", "’s")))
    ):
        # "said the bureau's director, James B. Comey.": the name in apposition to the descriptor
        m = _APPOSED_NAME.match(text, comma_at)
        if m and lex.person_name(m.group(1)) and " " in m.group(1).strip():
            return f"{short}, {m.group(1).strip()}"
    return short


_APPOSED_NAME = regex.compile(
    r"\s*((?:\p{Lu}[\p{L}\p{M}'’\-]*\.?\s+){1,4}\p{Lu}[\p{L}\p{M}'’\-]+)\s*(?:[,.;]|$)"
)


def _attribute(
    lex: Lexicon,
    sentence: str,
    qpos: int,
    qend: int,
    according: str | None,
    memo: dict[tuple, _Attribution] | None = None,
) -> _Attribution:
    """Find the speaker of the placeholder at sentence[qpos:qend].

    Only :data:`ATTRIBUTION_WINDOW` characters each side are read (an attribution is never further
    away), so a paragraph of thousands of quotations costs time linear in its length.
    ``according`` is the sentence's "according to X" phrase, found once per sentence.  The result
    depends on the two windows alone (not on which quotations the placeholders stand for), so
    ``memo`` shares it between quotations whose windows read the same text.
    """
    lo = max(0, qpos - ATTRIBUTION_WINDOW)
    if lo:
        lo = sentence.find(" ", lo, qpos) + 1 or qpos
    hi = min(len(sentence), qend + ATTRIBUTION_WINDOW)
    if lo:
        starts_sentence = full_sentence = False
    else:
        starts_sentence = _PLACEHOLDER.sub(" ", sentence[:qpos]).strip(' ,;:—–-"“”').lower() in (
            "",
            "and",
            "but",
            "so",
        )
        full_sentence = starts_sentence and not _PLACEHOLDER.sub("", sentence[qend:hi]).strip(' .,!?;:"”’)')
    # what the patterns read: at most ATTRIBUTION_QUOTES other quotations on each side (no
    # attribution reaches across a run of quotations; it bounds the work per quotation when
    # quotations are dense, '"a" said ' * n)
    end = qpos
    for _ in range(ATTRIBUTION_QUOTES):
        at = sentence.rfind("⟦", lo, end)
        if at < 0:
            break
        end = at
    else:
        lo = end
    at = qend
    for _ in range(ATTRIBUTION_QUOTES):
        at = sentence.find("⟧", at, hi)
        if at < 0:
            break
        at += 1
    else:
        hi = at
    blank = memo.blank if isinstance(memo, _Memo) and memo.text is sentence else None
    if blank is not None and memo is not None:
        # the windows with the placeholders' numbers blanked (same length: offsets do not move);
        # numbers written in the text are kept
        key: tuple = (
            qpos - lo,
            blank[lo:qpos] + "\x00" + blank[qend:hi],
            starts_sentence,
            full_sentence,
            according,
        )
        found = memo.get(key)
        if found is not None:
            return found.copy()
    before = sentence[lo:qpos]
    after = sentence[qend:hi]
    if memo is None:
        return _attribute_window(lex, before, after, starts_sentence, full_sentence, according)
    if blank is not None:
        found = _attribute_window(lex, before, after, starts_sentence, full_sentence, according)
        if found.speaker and "⟦" in found.speaker:
            return found  # a speaker phrase that holds placeholders is this window's own
        if len(memo) >= 4096:
            memo.clear()
        memo[key] = found
        return found.copy()
    # the windows with the placeholders' numbers blanked (same length: offsets do not move), and
    # the numbers written in the text, which are kept
    # (both windows read at once, split again by the length of the first: a number does not run
    # across the separator)
    both = before + "\x00" + after
    key = (
        len(before),
        _NONZERO_DIGIT.sub("0", both),  # every digit but 0 read as 0
        tuple(_TEXT_NUMBER.findall(both)),
        starts_sentence,
        full_sentence,
        according,
    )
    found = memo.get(key)
    if found is None:
        found = _attribute_window(lex, before, after, starts_sentence, full_sentence, according)
        if found.speaker and "⟦" in found.speaker:
            return found  # a speaker phrase that holds placeholders is this window's own
        if len(memo) >= 4096:
            memo.clear()
        memo[key] = found
    return found.copy()


_NONZERO_DIGIT = re.compile("[1-9]")


class _Memo(dict):
    """Attribution windows already read, with the sentence being read and its blanked frame
    (:attr:`_FrameSentence.blank`), which makes a window's key with no regular expression."""

    text: str | None = None
    blank: str = ""


_TEXT_NUMBER = re.compile(r"(?<![⟦\d])\d+(?![\d⟧])")  # a number that is not a placeholder's


def _attribute_window(
    lex: Lexicon,
    before: str,
    after: str,
    starts_sentence: bool,
    full_sentence: bool,
    according: str | None,
) -> _Attribution:
    """:func:`_attribute` on the text read before and after the placeholder."""
    result = _Attribution(
        partial=not starts_sentence, opens_sentence=starts_sentence, full_sentence=full_sentence
    )

    if before.rstrip().endswith(":"):
        np = _colon_lead(lex, before.rstrip()[:-1])
        if np:
            result.partial = False
            return _resolved(lex, result, np, "colon")
    if according:
        return _resolved(lex, result, according, "according-to")
    tight = None
    if _TIGHT.match(after) and _attribution_follows(lex, after.lstrip(" \t,"), 0):
        tight = _after(lex, before, after[:80])
    if tight:
        # “Q,” DeSantis said / “Q,” she added / “Q,” said Ruiz: right after the closing mark
        return _resolved(lex, result, *tight)
    steps = (_after, _before) if starts_sentence else (_before, _after)
    for step in steps:
        found = step(lex, before, after)
        if found:
            return _resolved(lex, result, *found)
    return result


def _colon_lead(lex: Lexicon, lead: str) -> str | None:
    """The speaker of a colon lead-in: ``Ruiz said:`` / ``The Times reports:`` / ``WALLACE:``."""
    lead = _PLACEHOLDER.sub(" ", lead)
    m = lex.last_verb(lead)
    if m is not None:
        return _subject_before(lex, lead[: m.start()])
    tail = lex.strip_tags(_FULL_STOP.split(lead)[-1]).strip()
    words = tail.split()
    if 0 < len(words) <= 5 and all(_CAP.match(w) or w.lower() in lex.titles for w in words):
        if tail.isupper():
            return " ".join(w.capitalize() for w in words)  # a transcript: "WALLACE:"
        return lex.clean_np(tail)
    # a name just before the colon: "... doesn't surprise Republican pollster Daron Shaw:"
    n = len(words)
    while n > 0 and (_CAP.match(words[n - 1]) or words[n - 1].lower().strip(".") in lex.titles):
        n -= 1
    trailing = " ".join(words[n:])
    if n < len(words) and " " in (lex.person_name(trailing) or ""):
        return trailing
    # "In a Fox interview later that day, Trump went even further:": the clause's subject
    subject = _main_subject(lex, tail)
    return subject if subject and (lex.person_name(subject) or lex.is_pronoun(subject)) else None


def _headline_speaker(lex: Lexicon, before: str) -> tuple[str, str] | None:
    """The speaker a headline names before its colon ("Ana Ruiz: Levee ‘Held’", "Ruiz: ...") or
    before its speech verb in title case ("Ruiz Says Levee ‘Held’"): a person's name of at most
    three words (and titles) opening the headline, with no quotation before it."""
    lead, colon, _ = before.partition(":")
    if colon:  # "Ruiz Thanks Berg: Levee ‘Held’": the colon gives the structure, or nothing does
        name = _headline_name(lex, lead.split()) if "⟦" not in lead else None
        if not name and "⟦" not in lead:
            # "Ana Ruiz Thanks Berg: ‘It Held’": a full name opening the lead, with a given name
            words = lead.split()
            for n in (2, 3):
                if len(words) <= n:
                    break
                if n == 3 and not (_INITIALS.match(words[1]) or words[1].lower() in lex.particles):
                    break  # "Ana Ruiz Thanks": three words only as "George W. Bush", "Ana de Berg"
                if words[0].lower() in lex.first_names:
                    found = _headline_name(lex, words[:n])
                    if found and " " in found and found == " ".join(words[:n]):
                        name = found
                        break
        return (name, "colon") if name else None
    words = before.split()
    for n, w in enumerate(words[:6]):
        if "⟦" in w:
            break
        low = w.lower().strip(".,:")
        if n and w[:1].isupper() and (low in lex.verbs or low in lex.framing):
            name = _headline_name(lex, words[:n])
            return (name, "said-before") if name else None
    return None


_TITLE_WORD = regex.compile(r"\p{L}[\p{L}\p{M}'’\-]{3,}")


def _title_like(text: str) -> bool:
    """Whether a line is in title case: four in five of its words of four letters or more are capitalised
    ("Ruiz Thanks Berg For Levee"), not a sentence of a one-line draft."""
    words = _TITLE_WORD.findall(text)
    return len(words) >= 5 and sum(1 for w in words if w[:1].isupper()) >= 0.8 * len(words)


def _headline_name(lex: Lexicon, words: list[str]) -> str | None:
    low = [w.lower().strip(".,") for w in words]
    if not 0 < len(words) <= 5 or not all(
        _CAP.match(w) or lw in lex.titles for w, lw in zip(words, low, strict=True)
    ):
        return None
    # a title-case headline: "The Latest", "X On Y", "X Endorses Y" are not a speaker's name
    grammar = lex.determiners | lex.prepositions | lex.conjunctions | lex.verbs | lex.framing
    if any(lw in grammar for lw in low) or sum(1 for lw in low if lw not in lex.titles) > 3:
        return None
    np = lex.clean_np(lex.strip_tags(" ".join(words)))
    return np if np and lex.person_name(np) else None


def _after(lex: Lexicon, before: str, after: str) -> tuple[str, str] | None:
    """``"Q," X said`` · ``"Q," said X`` · ``"Q," he said`` · ``"Q" ― X`` (dash attribution)."""
    a = after.lstrip(" ,")
    dash = _DASH_NP.match(a)
    if dash and lex.first_verb(dash.group("np")) is None and lex.person_name(dash.group("np").split(",")[0]):
        return lex.clean_np(dash.group("np")), "dash"
    a = _DASH.sub("", a)
    words = a.split(maxsplit=2)
    if not words:
        return None
    first = words[0].strip(",").lower()
    if lex.is_pronoun(first) and len(words) > 1:
        rest = " ".join(words[1:])
        hit = lex.first_verb(rest, end=min(len(rest), 25))
        if hit is not None and not rest[: hit.start()].strip(" ,").replace("also", "").strip(" ,").count(" "):
            return words[0], "pronoun"
    if first in lex.verbs and first not in ("told", "tells", "tell") and len(words) > 1:
        np = _np_after_verb(lex, a[len(words[0]) :])
        if np and not lex.is_pronoun(np):
            return np, "said-after"
        if np and lex.is_pronoun(np):
            return np, "pronoun"
    a = lex.strip_tags(a)
    hit = lex.first_verb(a, end=min(len(a), 160))
    if hit is None:
        return None
    np = a[: hit.start()]
    if (
        np.rstrip().endswith(",")
        and hit.group() in lex.verbs
        and hit.group() not in ("told", "tells", "tell")
        and lex.person_name(np.split(",")[0]) is None
    ):
        # "“Q” would create a summer of agony, forcing her to ..., said Brad Bannon": inverted
        inverted = _np_after_verb(lex, a[hit.end() :])
        if inverted and _plausible_subject(lex, inverted) and not lex.is_pronoun(inverted):
            return inverted, "said-after"
    core = _strip_auxiliaries(lex, np)  # "“Q,” Berg has said": "Berg"
    if _SENTENCE_INSIDE.search(np) or lex.verbish.search(core.split(",")[0]):
        return None
    np = lex.clean_np(np)
    if not np or len(np.split()) > 20:
        return None
    chunks = [c.strip() for c in np.split(",") if c.strip()]
    if len(chunks) > 1:
        # "“Q” for the victory, Sanders said": the phrase just before the verb
        tail = chunks[-1]
        if lex.pronouns.get(tail.lower()) in ("he", "she"):
            return tail, "pronoun"  # "“Q” in the legislature, he said"
        head_is_name = lex.person_name(chunks[0]) is not None and lex.person_name(tail) is None
        if _plausible_subject(lex, tail) and not _is_apposition(lex, tail) and not head_is_name:
            return tail, "said-after"
        # "“Q,” Graham, a former candidate, told": the name before the apposition
        if lex.person_name(chunks[0]) is None and not _plausible_subject(lex, chunks[0]):
            return None
        return f"{chunks[0]}, {', '.join(chunks[1:])}", "said-after"
    if not _plausible_subject(lex, np):
        return None
    return np, "said-after"


def _strip_auxiliaries(lex: Lexicon, np: str) -> str:
    """A speaker phrase without the auxiliaries and adverbs it ends with ("Berg has also ")."""
    words = np.split()
    n = len(words)
    while n > 1 and len(words) - n < 3 and words[n - 1].lower() in lex.adverbs and words[n - 1][:1].islower():
        n -= 1
    return " ".join(words[:n]) if n < len(words) else np


def _plausible_subject(lex: Lexicon, np: str) -> bool:
    """A phrase that can be a speaker: it opens with a capital or a determiner, or names a person."""
    first = np.split()[0] if np.split() else ""
    return bool(first) and (
        first[:1].isupper() or first.lower() in lex.determiners or lex.person_name(np) is not None
    )


def _is_apposition(lex: Lexicon, phrase: str) -> bool:
    first = phrase.split()[0].lower()
    return phrase[:1].isdigit() or first in lex.articles or first in lex.relatives


def _before(lex: Lexicon, before: str, after: str) -> tuple[str, str] | None:
    """``X said (that) ... "Q"`` · ``X called it "Q"`` · ``X, 25, said "Q"``."""
    hits = list(lex.verb_hits(before, framing=True))
    if not hits:
        return None
    m = hits[-1]
    if len(hits) > 1 and _after_modal(lex, before, m.start()):
        m = hits[-2]  # "X said the platform should reiterate “Q”": X's words, not a reported act
    np = None
    with_subject = _WITH_SUBJECT.search(before[: m.start()])
    if m.group().endswith("ing") and with_subject and lex.person_name(with_subject.group(1)):
        return with_subject.group(1), "said-before"  # "..., with Donald Trump tweeting that"
    if m.group().endswith("ing") and before[: m.start()].rstrip().endswith((",", "⟧")):
        # "X added, saying “Q”": the previous speech verb's subject; "Trump took a risk, telling the
        # crowd, “Q”": the subject of the main clause
        if len(hits) > 1:
            np = _subject_before(lex, before[: hits[-2].start()])
        if not np:
            np = _main_subject(lex, before[: m.start()])
        if np and all(w.lower().strip(".") in lex.titles for w in np.split()):
            # "Former prosecutor and Mayor Rudy Giuliani trashed Comey on ⟦⟧, calling": the
            # subject before the verb when the sentence's opening names no one
            alt = _subject_before(lex, before[: m.start()])
            if alt and lex.person_name(alt):
                np = alt
    if not np:
        np = _subject_before(lex, before[: m.start()])
    if not np:
        # coordinated or participle verbs ("X stated ... and defended ... as", "X left, saying"):
        # the subject of the sentence's first speech verb
        first = lex.first_verb(before, framing=True)
        if first is not None and first.start() < m.start():
            np = _subject_before(lex, before[: first.start()])
    if np and _is_clause(lex, np):
        what = _WHAT_SUBJECT.search(np)
        if what and lex.person_name(what.group(1)):
            np = what.group(1)  # "a third would be what Sroka called “Q”": Sroka
        else:
            # "Bush offered a Trump-style retort, tweeting “Q”": the clause's subject, not the clause
            np = _leading_subject(lex, np, people_only=False)
    return (np, "said-before") if np else None


_WHAT_SUBJECT = regex.compile(r"\bwhat\s+((?:\p{Lu}[\p{L}\p{M}'’\-.]*\s*){1,3})$")


def _is_clause(lex: Lexicon, np: str) -> bool:
    """Whether a speaker phrase (its head, before an apposition) is a clause rather than a noun
    phrase: three words or more with a verb of the ``clause-words`` ("is", "was", "has") or a past
    tense in "-ed" that no determiner, possessive or adverb introduces ("Bush offered a")."""
    chunks = np.split(",")
    if len(chunks) > 1 and lex.person_name(chunks[-1]):
        return False  # "The editor I was talking to, Tim Grieve": a name in apposition
    words = chunks[0].split()
    if len(words) < 3 or lex.pronouns.get(words[0].lower()) is not None:
        return False
    for n, w in enumerate(words[1:], 1):
        low = w.lower()
        if low in lex.relatives or low == "that":
            return False  # "a pollster who is working with ...": the verb is the relative clause's
        if not w[:1].islower() or low in lex.titles:
            continue
        if lex.verbish.fullmatch(low) and low not in ("that", "which"):
            return True
        prev = words[n - 1].lower()
        if (
            low.endswith("ed")
            and len(low) > 4
            and prev not in lex.determiners
            and not prev.endswith(("'s", "’s"))
            and not _ADVERB.match(prev)
            and words[n - 1][:1].isupper()
        ):
            return True
    return False


_OPENING_PARTICIPLE = re.compile(r"^[A-Z][a-z]{2,}(?:ing|ed)$")
_WITH_SUBJECT = regex.compile(r"\bwith\s+((?:\p{Lu}[\p{L}\p{M}'’.\-]*\s+){1,4})$")


def _after_modal(lex: Lexicon, text: str, at: int) -> bool:
    return lex.modal.search(text, max(0, at - 10), at) is not None


def _main_subject(lex: Lexicon, text: str) -> str | None:
    """The subject opening a sentence, after introductory phrases ("On Sunday, Sanders issued")."""
    skipped = False
    segments = _SEGMENT.split(_PLACEHOLDER.sub(" ", text))
    for n, seg in enumerate(segments):
        words = seg.split()
        while words and (words[0].lower() in lex.conjunctions or words[0].lower() in lex.adverbs):
            words.pop(0)
        if (
            not words
            or words[0].lower() in lex.prepositions
            or words[0].lower() in ("if", "before", "during")
            or _OPENING_PARTICIPLE.match(words[0])  # "Speaking at a town hall, Trump went after"
            or (len(words) <= 3 and words[-1].lower() in lex.adverbs)  # "Hours later, Trump"
            or (skipped and _place_tail(lex, segments, n))  # "... in Salem, New Hampshire, Trump went"
        ):
            skipped = True
            continue
        if lex.is_pronoun(words[0]) and lex.pronouns.get(words[0].lower()) in ("he", "she"):
            return words[0]
        if words[0].lower() in lex.verbs:  # "“Q,” said Vice President Joe Biden, urging ..."
            inverted = _np_after_verb(lex, " ".join(words[1:]))
            return inverted if inverted and _plausible_subject(lex, inverted) else None
        return _leading_subject(lex, " ".join(words), people_only=False)
    return None


def _subject_phrase(lex: Lexicon, words: list[str]) -> str | None:
    """The noun phrase opening a clause, up to its verb: "Clinton campaign manager Robby Mook
    released a memo" -> "Clinton campaign manager Robby Mook" (a lower-case word that is not a title
    ends it unless a title follows it)."""
    out: list[str] = []
    for n, w in enumerate(words[:12]):
        low = w.lower().strip(".,")
        nxt = words[n + 1] if n + 1 < len(words) else ""
        if (
            _CAP.match(w)
            or low in lex.titles
            or (out and low in lex.particles)
            or (not out and low in lex.determiners)
            or (
                out
                and low.isalpha()
                and low not in lex.verbs
                and low not in lex.adverbs
                and low not in lex.prepositions
                and low not in lex.conjunctions
                and nxt.lower().strip(".,") in lex.titles
            )
        ):
            out.append(w)
            continue
        break
    return " ".join(out) if out else None


def _place_tail(lex: Lexicon, segments: list[str], n: int) -> bool:
    """Segment ``n`` is the state or country of a place the segment before ends with ("Speaking in
    Salem, New Hampshire, Trump went"): capitalised words after "in X", a capital after them."""
    words = segments[n].split()
    prev = segments[n - 1].split() if n else []
    nxt = segments[n + 1].split() if n + 1 < len(segments) else []
    k = len(prev)
    while k > 0 and _CAP.match(prev[k - 1]) and len(prev) - k < 4:
        k -= 1
    return (
        0 < len(words) <= 3
        and all(_CAP.match(w) for w in words)
        and 0 < k < len(prev)
        and prev[k - 1].lower() in lex.prepositions
        and bool(nxt)
        and _CAP.match(nxt[0]) is not None
    )


def _resolved(lex: Lexicon, result: _Attribution, np: str, how: str) -> _Attribution:
    np = np.strip(" ,;:—–-")
    if lex.is_pronoun(np):
        result.pronoun = np.lower()
        result.speaker = np
        result.how = "pronoun"
    else:
        result.speaker = np
        result.how = how
    return result


# -- person mentions (antecedents for "he said") -------------------------------------------------


def _mentions(lex: Lexicon, sentence: str, known: dict[str, set[str]]) -> list[str]:
    """People a sentence introduces as its subject, in order (for pronoun resolution)."""
    text = _PLACEHOLDER.sub(" ", sentence)
    found = []
    for m in lex.intro.finditer(text):
        name = lex._clean_run(m.group(1).split())
        if name:
            found.append((m.start(), name))
    # "..., Stovall said." / "..., said Stovall.": the sentence's closing attribution
    final = _final_attribution(lex, text)
    name = lex.person_name(final) if final else None
    if name:
        return [name]
    # the subject of the sentence's first speech verb: "Weather forecaster Lena Holt said ..."
    # (a speech verb after "to" or a modal is something to do, not a report: "took her there to
    # explain")
    main = _main_clause_start(lex, text)  # "While Ruiz pledged ..., Berg insisted": Berg
    verb = next((h for h in lex.verb_hits(text, start=main) if not _after_modal(lex, text, h.start())), None)
    if verb is None and main:
        verb = next((h for h in lex.verb_hits(text) if not _after_modal(lex, text, h.start())), None)
    if verb is not None:
        subject = _subject_before(lex, text[: verb.start()])
        name = lex.person_name(subject) if subject else None
        if name:
            found.append((verb.start(), name))
            return [name for _, name in sorted(found, reverse=True)]
    # a name opening the sentence after titles and descriptors only: "Military analyst Mykola X arrived"
    tokens = _NAME_TOKEN.findall(lex.strip_tags(text))
    prefix: list[str] = []
    titled = False
    for tok in tokens[:12]:
        low = tok.lower()
        if (
            _CAP.match(tok)
            or low.strip(".") in lex.titles
            or low in lex.orgs
            or low in lex.determiners
            or low in lex.particles
            or any(c.isdigit() for c in tok)
            or ("-" in tok and not _CAP.match(tok))
        ):
            prefix.append(tok)
            titled = titled or low.strip(".") in lex.titles
            continue
        break
    if prefix:
        name = lex.person_name(" ".join(prefix))
        if name and (" " in name or titled or name.lower() in known):
            found.append((-1, name))
    if not found and verb is None:
        name = _subject_after_opening(lex, text)
        if name and (" " in name or name.lower() in known):
            found.append((-1, name))
    return [name for _, name in sorted(found, reverse=True)]


def _main_clause_start(lex: Lexicon, text: str) -> int:
    """Where the main clause begins in a sentence opened by a subordinate clause ("While Ruiz
    pledged to stay, Berg insisted ...": after the comma); 0 otherwise."""
    first = text[:12].split(maxsplit=1)
    if not first or first[0].lower().strip(",") not in lex.subordinators:
        return 0
    comma = text.find(",", 0, 300)
    return comma + 1 if comma > 0 else 0


def _subject_after_opening(lex: Lexicon, text: str) -> str | None:
    """The person opening a sentence's main clause after an opening phrase: "In his statement,
    Sanders went further" / "Noting that ..., Schlafly put" -> the name; "Kazakhstan's foreign
    minister, Erlan Idrissov, plays down" -> the name in apposition."""
    segments = _SEGMENT.split(text)
    for n, seg in enumerate(segments[:6]):
        words = seg.split()
        if words and words[0].lower() in lex.coordinators:
            words = words[1:]  # "It's a big if, but Sanders was in San Diego"
        if not words or (n and _place_tail(lex, segments, n)):
            continue
        first = words[0].lower()
        bare = first.split("'")[0].split("’")[0]
        if lex.pronouns.get(bare) in ("thing", "plural") or (bare != first and bare in lex.not_names):
            continue  # "It's a big if, but ...", "There's ...": no person opens it
        if (
            first in lex.prepositions
            or first in lex.conjunctions
            or first in lex.adverbs
            or first in lex.relatives
            or first.endswith("ing")
            or first in ("if", "before", "during")
            or first in lex.not_names
        ):
            continue  # an opening phrase
        subject = _subject_phrase(lex, words)
        if subject and len(subject.split()) < len(words):
            rest = words[len(subject.split()) :]
            name = lex.person_name(subject)
            if not (rest and rest[0][:1].islower() and name):
                return None
            if subject.split()[-1] != name.split()[-1]:
                return None  # "a Wall Street Journal article": the name is not the head
            # a person, not "Sandy Hook": titled, a lone name, or a known given name
            titled = any(w.lower().strip(".") in lex.titles for w in subject.split())
            if titled or " " not in name or name.split()[0].lower() in lex.first_names:
                return name
            return None
        low = [w.lower().strip(".,") for w in words]
        if n + 1 < len(segments) and (words[0][:1].isupper() or low[0] in lex.determiners):
            # "Kazakhstan's foreign minister, Erlan Idrissov, plays": a name in apposition to a title
            nxt = segments[n + 1].strip()
            after = segments[n + 2].split() if n + 2 < len(segments) else []
            if (
                nxt
                and any(w in lex.titles for w in low)
                and lex.first_verb(seg, framing=True) is None
                and all(_CAP.match(w) for w in nxt.split())
                and after
                and after[0][:1].islower()
                and lex.person_name(nxt) == nxt
            ):
                return nxt
        return None
    return None


def _final_attribution(lex: Lexicon, sentence: str) -> str | None:
    """The speaker of a sentence that closes with its attribution: "..., Stovall said." /
    "..., said Stovall, a voter." (None otherwise)."""
    text = sentence.rstrip().rstrip(".")
    cut = text.rfind(",")
    while cut > 0:
        tail = text[cut + 1 :].strip()
        if len(tail.split()) > 12:
            return None
        if tail and _attribution_follows(lex, tail, 0):
            words = tail.split()
            if words[0].lower() in lex.verbs:
                np = _np_after_verb(lex, " ".join(words[1:]))
            else:
                hit = lex.first_verb(tail)
                np = lex.clean_np(tail[: hit.start()]) if hit else ""
            return np or None
        cut = text.rfind(",", 0, cut)
        if cut > 0 and len(text) - cut > 120:
            return None
    return None


def _other_names(lex: Lexicon, sentence: str) -> list[str]:
    """Every full name a sentence mentions outside its quotations (rivals for "he" / "she")."""
    others: list[str] = []
    for m in lex.full_name.finditer(_PLACEHOLDER.sub(" ", sentence)):
        name = lex._clean_run(lex.strip_tags(m.group()).split())
        if name and " " in name and name not in others:
            others.append(name)
    return others


_POSSESSIVE_END = re.compile(r"['’]s?$")
_WORD_EDGES = "\"“”‘’'()[]{},.;:!?«»—–-…*_"


def lower_case_words(text: str) -> set[str]:
    """The words a text writes in lower case (whole words of letters; punctuation around them
    dropped): one split of the text, no regular expression per word."""
    found = set()
    for tok in set(text.split()):
        w = tok.strip(_WORD_EDGES)
        if w and w.islower() and w.isalpha():
            found.add(w)
    return found


def _full_names(lex: Lexicon, prose: str) -> dict[str, set[str]]:
    """Surname -> the full names in a document ("tykhy" -> {"Georgiy Tykhy"})."""
    names: dict[str, set[str]] = {}
    common: set[str] | None = None  # the words the document writes in lower case (read on demand)
    for m in lex.full_name.finditer(prose):
        # "Paul Manafort's decision": the possessive still names Paul Manafort
        run = m.group()
        name = lex._clean_run((_POSSESSIVE_END.sub("", run) if run[-1] in "s'’" else run).split())
        if name and " " in name:
            first = name.split()[0].lower()
            if first not in lex.first_names:
                if common is None:
                    common = lower_case_words(prose)
                if first in common:
                    # "See Sexton's notes": a sentence's first word, not a given name
                    name = name.split(maxsplit=1)[1]
        if name and " " in name and name.split()[-1].lower() not in lex.orgs:
            names.setdefault(name.split()[-1].lower(), set()).add(name)
    return names


# -- the extractor -----------------------------------------------------------------------------


def extract(doc: Document, packs: RulePacks) -> list[Quote]:
    """The quotations of a document, each with its speaker (see the module docstring)."""
    file_under(key_stopwords(packs if packs is not None else builtin_packs()))
    if doc.prose is None:
        return []
    pieces = _pair_document_marks(doc)
    if not pieces:
        return []
    lex = lexicon(packs)
    sentences = _frame_document(lex, doc, pieces)
    known_full = _full_names(lex, doc.prose)
    said = _Attributor(lex, pieces, sentences, known_full).run()
    _share_wire_speaker(pieces, said)
    _complete_surnames(said, known_full)
    return _build_quotes(doc.prose, pieces, said, normaliser(packs))


@dataclass
class _Said:
    """Who said one piece: the speaker as written, the resolved name, the pattern, the attribution."""

    speaker: str | None = None
    name: str | None = None
    how: str = "none"
    attribution: _Attribution = field(default_factory=lambda: _Attribution())
    certain: bool = True  # False: a guess NL302 must not build on (ambiguous pronoun, paraphrase)


@dataclass(frozen=True, slots=True)
class _FrameSentence:
    paragraph: int
    text: str  # the sentence with quotations as ⟦i⟧ placeholders
    first_of_paragraph: bool
    blank: str = ""  # the same with the placeholders' numbers blanked (⟦0⟧, same length)


def _pair_document_marks(doc: Document) -> list[_Piece]:
    """Step 1: pair the quotation marks of every paragraph (wire convention across paragraphs);
    single marks only in headlines."""
    prose = doc.prose or ""
    paragraphs = doc.paragraphs
    pieces: list[_Piece] = []
    prev_open = False
    for k, p in enumerate(paragraphs):  # noqa: B007
        nxt = paragraphs[k + 1] if k + 1 < len(paragraphs) else None
        opens_next = nxt is not None and prose[nxt.start] in '"“„«'
        ps = _pair_marks(doc, p.index, p.start, p.end, opens_next, prev_open)
        if not ps and prose.find("‘", p.start, p.end) < 0 and prose.find("'", p.start, p.end) < 0:
            prev_open = False  # no quotation, not even in single marks: whether a headline or not
            continue
        headline = (not ps or p.index == 0 or len(ps) < 4) and _is_headline(doc, p)
        if not ps and headline:
            ps = _pair_single_marks(doc, p.index, p.start, p.end)
        for pc in ps:
            pc.headline = headline
        pieces.extend(ps)
        prev_open = bool(ps) and ps[-1].continued
    for pc in pieces:
        pc.inner_text = prose[pc.inner_start : pc.inner_end]
    return pieces


def _frame_document(lex: Lexicon, doc: Document, pieces: list[_Piece]) -> list[_FrameSentence]:
    """Step 2: the document's sentences, quotations replaced by placeholders.

    Sentence boundaries are the document's (one splitter), except those inside a quotation.
    Paragraphs before the first quotation matter only for antecedents: the two paragraphs before
    it are framed too.
    """
    prose = doc.prose or ""
    by_para: dict[int, list[int]] = {}
    for i, pc in enumerate(pieces):
        by_para.setdefault(pc.paragraph, []).append(i)
    starts: dict[int, list[int]] = {}
    for s in doc.sentences:
        starts.setdefault(s.paragraph, []).append(s.start)
    first_para = pieces[0].paragraph
    sentences: list[_FrameSentence] = []
    for p in doc.paragraphs:
        if p.index < first_para - 2:
            continue
        frame, blank, stretches, terminal, asking = _frame_paragraph(
            prose, p.start, p.end, pieces, by_para.get(p.index, ())
        )
        spans = _frame_cuts(lex, frame, stretches, starts.get(p.index, ()), terminal, asking, prose)
        for n, (a, b) in enumerate(spans):
            sentences.append(_FrameSentence(p.index, frame[a:b], n == 0, blank[a:b]))
    return sentences


# a capitalised phrase after "in": "in South Carolina", "in New York City" (words of a name only)
_AFTER_IN = regex.compile(
    r"\bin\s+(\p{Lu}[\p{L}\p{M}'’\-]+(?:[ \t]+\p{Lu}[\p{L}\p{M}'’\-]+){0,3})(?![\p{L}\p{M}'’])"
)
ANTECEDENT_SENTENCES = 20  # a pronoun's antecedent is looked for this many sentences back at most


class _Attributor:
    """Step 3: attribution, sentence by sentence, with the state pronoun resolution needs."""

    def __init__(
        self,
        lex: Lexicon,
        pieces: list[_Piece],
        sentences: list[_FrameSentence],
        known_full: dict[str, set[str]],
    ):
        self.lex = lex
        self.pieces = pieces
        self.sentences = sentences
        self.known_full = known_full  # surname -> full names, to give a lone surname its full name
        self.said = [_Said() for _ in pieces]
        self.genders: dict[str, str] = {}  # name -> "he" / "she"
        self.memo = _Memo()  # attribution windows already read (dense runs)
        self.spoken: dict[int, list[tuple[str | None, str | None]]] = {}  # sentence -> speakers, in order
        self.paraphrase: dict[int, _Said | None] = {}  # sentence -> who speaks in it (no quotation)
        self._mentions: dict[int, list[str]] = {}
        self._others: dict[int, list[str]] = {}
        self._common_words: set[str] | None = None
        self._places: set[str] | None = None
        self._persons: dict[str, str | None] = {}  # speaker name -> _person_or_none (repeats)
        # whether any sentence may name someone with an honorific ("Ms. Kowal"): most documents do not
        self._honorifics = lex.may_name_honorific("\n".join(fs.text for fs in sentences))

    @property
    def common_words(self) -> set[str]:
        """Words the document writes in lower case: a capitalised one of these opens a title or a
        place ("New", "Way"), not a person's name (read once, when a pronoun first asks)."""
        if self._common_words is None:
            words = lower_case_words("\n".join(fs.text for fs in self.sentences))
            self._common_words = {w for w in words if len(w) > 2} - self.lex.particles
        return self._common_words

    def run(self) -> list[_Said]:
        for si, fs in enumerate(self.sentences):
            self._note_genders(fs.text)
            if "⟦" not in fs.text:
                continue  # a paraphrase's speaker is read when a quotation or pronoun asks for it
            self.memo.text, self.memo.blank = fs.text, fs.blank
            m = self.lex.according.search(_PLACEHOLDER.sub(" ", fs.text))
            according = _np_after_verb(self.lex, m.group("np")) if m else None
            for m in _PLACEHOLDER.finditer(fs.text):
                i = int(m.group(1))
                said = self._attribute_piece(i, si, fs, m.start(), m.end(), according or None)
                self.said[i] = said
                if said.how != "none":
                    self.spoken.setdefault(si, []).append((said.speaker, said.name))
                    if said.name and said.speaker and said.name not in self.genders:
                        g = self._gender_of(said.speaker, said.name)
                        if g:
                            self.genders.setdefault(said.name, g)
        return self.said

    def _note_genders(self, sentence: str) -> None:
        """ "identified himself as X": X is a he; "Ms. Kowal": Kowal is a she (for later pronouns)."""
        if self._honorifics and self.lex.may_name_honorific(sentence):
            for h in self.lex.honorific.finditer(sentence):
                g = self.lex.gender_words.get(h.group(1).lower())
                if g:
                    self.genders.setdefault(h.group(2), g)
        if any(w in sentence for w in self.lex.naming_gendered):  # (the pattern needs one)
            for g in self.lex.gendered.finditer(sentence):
                who = self.lex._clean_run(g.group(2).split())
                if who:
                    self.genders.setdefault(who, self.lex.gender_words[g.group(1).lower()])

    def _paraphrase_of(self, si: int) -> _Said | None:
        """Who speaks in sentence ``si`` if it reports speech with no quotation ("Ruiz said the levee
        held."), read once, on demand."""
        if si not in self.paraphrase:
            fs = self.sentences[si]
            self.paraphrase[si] = None if "⟦" in fs.text else self._read_paraphrase(si, fs)
        return self.paraphrase[si]

    def _read_paraphrase(self, si: int, fs: _FrameSentence) -> _Said | None:
        # "While Ruiz pledged ..., Berg insisted that ...": the main clause's speaker
        main = _main_clause_start(self.lex, fs.text)
        verb = (self.lex.first_verb(fs.text, start=main) if main else None) or self.lex.first_verb(fs.text)
        if verb is None:
            return None
        subject = _final_attribution(self.lex, fs.text) or _subject_before(self.lex, fs.text[: verb.start()])
        if fs.text[: verb.start()].rstrip().endswith(","):
            # "..., said Alan Abramowitz, a demographer": the inverted speaker
            inverted = _np_after_verb(self.lex, fs.text[verb.end() :])
            if inverted and self.lex.person_name(inverted):
                subject = inverted
        if not subject:
            return None
        said = _Said(subject, None, "carried", _Attribution(), certain=False)
        if self.lex.is_pronoun(subject):
            said.name = self._resolve(subject.lower(), si, fs.paragraph)
        else:
            said.name = self._person_or_none(_speaker_name(self.lex, subject))
            g = self._gender_of(subject, said.name)
            if said.name and g:
                self.genders.setdefault(said.name, g)
        return said

    def _attribute_piece(
        self, i: int, si: int, fs: _FrameSentence, qpos: int, qend: int, according: str | None
    ) -> _Said:
        at = _attribute(self.lex, fs.text, qpos, qend, according, self.memo)
        if at.how == "none" and at.opens_sentence and fs.first_of_paragraph and si > 0:
            # lead-in in the previous paragraph: "The Times reports:" ¶ "“Q”"
            prev = self.sentences[si - 1]
            if prev.paragraph == fs.paragraph - 1 and prev.text.rstrip().endswith(":"):
                np = _colon_lead(self.lex, prev.text.rstrip()[:-1])
                if np:
                    _resolved(self.lex, at, np, "colon")
        headline_colon = False  # a headline is in title case: its quotations are not titles
        # a headline in headline style (title case, or quoting in single marks), not a one-line draft
        styled = self.pieces[i].headline and (
            self.pieces[i].single or _title_like(fs.text + " " + self.pieces[i].inner_text)
        )
        if styled and at.how == "colon":
            # "Trump Addresses Munich Attack: ‘Q’": a headline's lead is read as a headline's
            at = _Attribution(
                partial=at.partial, opens_sentence=at.opens_sentence, full_sentence=at.full_sentence
            )
        if at.how == "none" and self.pieces[i].headline:
            # "Ruiz: Levee ‘Held’" / "Ruiz Says Levee ‘Held’": a headline names its speaker first
            found = _headline_speaker(self.lex, fs.text[:qpos])
            if found:
                _resolved(self.lex, at, *found)
                headline_colon = True
        # a headline sums up as much as it quotes: its speaker is never certain
        said = _Said(at.speaker, None, at.how, at, certain=not (headline_colon or styled))
        if (
            at.how != "none"
            and not styled  # a headline is in title case: its quotations are not titles
            and _is_title(self.lex, self.pieces[i], fs.text, qpos)
        ):
            return _Said(attribution=at)  # “Meet the Press”, “The Art of the Deal”: a name, not words
        if at.pronoun:
            said.name, said.certain = self._resolve_certain(at.pronoun, si, fs.paragraph, qend)
            if said.name and said.certain:
                # (a guess teaches nothing: a wrong one would make the next "she" skip the right person)
                self.genders.setdefault(said.name, at.pronoun)
        elif at.how != "none":
            said.name = self._person_or_none(_speaker_name(self.lex, at.speaker))
        elif (
            at.full_sentence
            or self.pieces[i].continues
            or (at.opens_sentence and _opens_unattributed(self.lex, self.pieces[i], fs.text, qend))
        ):
            self._carry(i, si, fs, said)
        return said

    def _carry(self, i: int, si: int, fs: _FrameSentence, said: _Said) -> None:
        """A quoted sentence with no attribution takes the speaker of the quotation just before it
        (same or previous paragraph), or of the sentence just before it when that one reports
        someone's words ("Ruiz said the levee held. “It held for five hours.”")."""
        pc = self.pieces[i]
        prev = i - 1
        while prev >= 0 and self.pieces[prev].problem:
            prev -= 1
        before = self.sentences[si - 1] if si > 0 else None
        src_p = self._paraphrase_of(si - 1) if before is not None else None
        if before is not None and src_p is not None and before.paragraph >= fs.paragraph - 1:
            src = src_p
            if src.speaker and (src.name or not self.lex.is_pronoun(src.speaker)):
                said.speaker, said.name, said.how, said.certain = src.speaker, src.name, "carried", False
                return
        while (
            prev >= 0
            and (
                self.pieces[prev].problem
                or (self.said[prev].how == "none" and self.said[prev].attribution.partial)
            )
            and self.pieces[prev].paragraph >= pc.paragraph - 1
        ):
            prev -= 1  # a scare quote in between ("the “big four” negotiators") does not stop it
        if prev >= 0 and self.said[prev].how != "none" and self.pieces[prev].paragraph >= pc.paragraph - 1:
            src = self.said[prev]
            said.speaker, said.name, said.how, said.certain = src.speaker, src.name, "carried", src.certain

    def _full(self, name: str | None) -> str | None:
        """A lone surname's one full name in the document, else the name."""
        if name and " " not in name:
            full = self.known_full.get(name.lower())
            if full and len(full) == 1:
                return next(iter(full))
        return name

    def _others_of(self, si: int) -> list[str]:
        found = self._others.get(si)
        if found is None:
            found = self._others[si] = _other_names(self.lex, self.sentences[si].text)
        return found

    def _mentions_of(self, si: int) -> list[str]:
        found = self._mentions.get(si)
        if found is None:
            found = self._mentions[si] = [
                n
                for n in _mentions(self.lex, self.sentences[si].text, self.known_full)
                if self._person_like(n)
            ]
        return found

    def _person_like(self, name: str) -> bool:
        """A mention that can be a person: two names or more ("Tomas Berg"), a known given name, or
        a surname met with a given name elsewhere in the document (not "Moments", "Colorado")."""
        tokens = name.split()
        low = [t.lower().strip(".") for t in tokens]
        if any(t in self.lex.non_persons or t in self.lex.orgs for t in low):
            return False
        if low[0] in self.common_words and not self._lone_surname(low):
            return False  # "New York", "Way You Are": a common word opens it (not "Small" of "Marty Small")
        if len(tokens) >= 2:
            return True
        return low[0] in self.known_full or low[0] in self.lex.first_names or name in self.genders

    def _person_or_none(self, name: str | None) -> str | None:
        """A speaker's name, or None when it names a place of the document or a group ("Georgia
        said", "Democrats said": the phrase is kept, but it is never compared as a person)."""
        if not name:
            return name
        found = self._persons.get(name, "")
        if found == "":
            found = self._persons[name] = self._read_person(name)
        return found

    def _read_person(self, name: str) -> str | None:
        tokens = name.split()
        low = [t.lower().strip(".") for t in tokens]
        if name in self.places or any(t in self.lex.non_persons or t in self.lex.orgs for t in low):
            return None
        if len(tokens) == 1:
            return None if low[0] in self.common_words and not self._lone_surname(low) else name
        if low[0] not in self.common_words or low[0] in self.lex.first_names:
            return name
        # a common word opens it: "Minority Whip Dick Durbin" is Dick Durbin (a given name follows);
        # "White House", "New York Times" are no one
        for k in range(1, len(tokens) - 1):
            if low[k] in self.lex.first_names:
                return " ".join(tokens[k:])
        return None

    def _lone_surname(self, low: list[str]) -> bool:
        """One word that the document also writes after a given name ("Small" of "Marty Small")."""
        return len(low) == 1 and any(" " in f for f in self.known_full.get(low[0], ()))

    def _not_person(self, name: str) -> bool:
        """A speaker or mention that is no one "he" or "she" can stand for: a place of the document
        ("in South Carolina"), an institution, a phrase opened by a common word ("Contrast", "Both
        X"), a group ("Palestinians", "Democrats": a plural word met with no given name)."""
        tokens = name.split()
        low = [t.lower().strip(".") for t in tokens]
        if name in self.places or any(t in self.lex.non_persons or t in self.lex.orgs for t in low):
            return True
        if low[0] in self.common_words and not self._lone_surname(low):
            return True  # "Contrast", "New York Times"; not "Small" of "Marty Small"
        return (
            len(tokens) == 1
            and low[0] not in self.known_full
            and low[0] not in self.lex.first_names
            and name not in self.genders
            and low[0].endswith("s")
        )

    @property
    def places(self) -> set[str]:
        """Capitalised phrases the document writes after "in" ("in South Carolina", "in Detroit"),
        except a surname met with a given name or a name opened by a given name ("confidence in
        Ruiz", "in Ana Ruiz"): places, not people (read
        once, when a pronoun first asks)."""
        if self._places is None:
            found = set()
            for fs in self.sentences:
                if "in " not in fs.text:
                    continue
                for m in _AFTER_IN.finditer(fs.text):
                    run = m.group(1)
                    words = run.lower().split()
                    if not (self._lone_surname(words) or words[0] in self.lex.first_names):
                        found.add(run)
            self._places = found
        return self._places

    def _resolve(self, pronoun: str, si: int, paragraph: int) -> str | None:
        return self._resolve_certain(pronoun, si, paragraph)[0]

    def _mentions_before(self, si: int, upto: int) -> list[str]:
        text = self.sentences[si].text
        if upto >= len(text):
            return self._mentions_of(si)
        return [n for n in _mentions(self.lex, text[:upto], self.known_full) if self._person_like(n)]

    def _resolve_certain(
        self, pronoun: str, si: int, paragraph: int, upto: int | None = None
    ) -> tuple[str | None, bool]:
        """The person "he"/"she" stands for: the latest speaker or person introduced in the last three
        paragraphs whose gender is not known to be the other one (None when the antecedent is a
        descriptor such as "the official", and always for "they", "we", "it", "I").  Certain when
        no other person of a compatible gender was named in between."""
        if self.lex.pronouns.get(pronoun) not in ("he", "she"):
            return None, False
        found: str | None = None
        found_at = -1
        rivals: list[tuple[str | None, str | None]] = []  # people named on the way back
        for k in range(si, max(-1, si - ANTECEDENT_SENTENCES), -1):
            if self.sentences[k].paragraph < paragraph - 2:
                break
            if found is None or k == found_at:
                rivals += [(n_, n_) for n_ in self._others_of(k)]
            spoken = self.spoken.get(k, [])[-ANTECEDENT_SENTENCES:]  # bounded: linear in the document
            candidates = [(s_, n_) for s_, n_ in reversed(spoken)]
            para_said = self._paraphrase_of(k) if k < si else None
            if para_said is not None and para_said.name:
                candidates.append((para_said.speaker, para_said.name))
            if k < si or upto is None:
                candidates += [(n_, n_) for n_ in self._mentions_of(k)]
            else:
                # the pronoun's own sentence up to the quotation: "“Q,” he said, noting he had
                # backed Ruiz" is not Ruiz's
                candidates += [(n_, n_) for n_ in self._mentions_before(k, upto)]
            for spk, name in candidates:
                if spk and self.lex.is_pronoun(spk) and name is None:
                    continue
                if name and self._not_person(name):
                    continue  # "Palestinians said ...": not the "he" of the next quotation
                gender = self._gender_known(spk, name) if name else None
                if name and gender is not None and gender != pronoun:
                    continue
                if found is None:
                    if name is None:
                        return None, False
                    found, found_at = name, k
                    continue
                if name and name != found and not _same_surname(name, found):
                    return found, False
            if found is not None:
                break  # people named before the antecedent's sentence do not make it ambiguous
        if found is None:
            return None, False
        for spk, name in rivals:
            if (
                name
                and self._person_like(name)
                and name != found
                and not _same_surname(name, found)
                and self._could_be(pronoun, spk, name)
            ):
                return found, False  # another person who may be that "he" was named in between
        return found, True

    def _gender_of(self, phrase: str | None, name: str | None) -> str | None:
        """:meth:`Lexicon.gender_of`, except that a lone word the document uses as a surname
        ("Warren" of "Elizabeth Warren") is not read as a given name."""
        if name and " " not in name and name.lower() in self.known_full:
            return self.lex.gender_of(phrase, None)
        return self.lex.gender_of(phrase, name)

    def _could_be(self, pronoun: str, spk: str | None, name: str) -> bool:
        gender = self._gender_known(spk, name)
        return gender is None or gender == pronoun

    def _gender_known(self, spk: str | None, name: str) -> str | None:
        """The gender of a person mentioned as ``spk`` and resolved to ``name``: learnt in the
        document ("Ms. Kowal", an earlier certain "she said"), said by the phrase or the given name,
        or, for a lone surname, shared by every full name of the document with that surname ("Ruiz"
        of "Ana Ruiz"; not "Clinton" when both "Hillary Clinton" and "Bill Clinton" are named)."""
        full = self._full(name)
        gender = (
            self.genders.get(name) or self.genders.get(full or name) or self.genders.get(name.split()[-1])
        )
        if gender is None:
            gender = self._gender_of(spk, full)
        if gender is None and " " not in name:
            fulls = self.known_full.get(name.lower())
            if fulls and len(fulls) > 1:
                found = {self.genders.get(f) or self.lex.gender_of(None, f) for f in fulls}
                if len(found) == 1:
                    gender = found.pop()
        return gender


def _speaker_name(lex: Lexicon, speaker: str | None) -> str | None:
    """The person a speaker phrase names; for "X, a top Trump surrogate", X (the head, not the
    apposition)."""
    if not speaker:
        return None
    if "," in speaker:
        head = lex.person_name(speaker.split(",")[0])
        if head:
            return head
    return lex.person_name(speaker)


def _is_title(lex: Lexicon, piece: _Piece, sentence: str, qpos: int) -> bool:
    """A short quotation in title case inside a sentence: the name of a show, a book, a slogan."""
    if not piece.inner_text or not piece.inner_text[:1].isupper():
        return False
    words = piece.inner_text.strip(" ,.").split()
    if not 1 <= len(words) <= 8 or piece.inner_text.rstrip().endswith(("?", "!")):
        return False
    if not all(lex.title_word.match(w.strip(",.:")) for w in words):
        return False
    capitals = sum(1 for w in words if w[:1].isupper())
    return capitals >= 2 and capitals >= len(words) - 2 and _NON_SPACE.search(sentence, 0, qpos) is not None


_NON_SPACE = re.compile(r"\S")


def _same_surname(a: str, b: str) -> bool:
    return a.split()[-1].lower() == b.split()[-1].lower()


def _share_wire_speaker(pieces: list[_Piece], said: list[_Said]) -> None:
    """Step 4: the paragraphs of a wire-convention quotation share the speaker one of them names."""
    chain: list[int] = []
    for i, pc in enumerate(pieces):
        if pc.problem:
            continue
        chain.append(i)
        if pc.continued:
            continue
        if len(chain) > 1:
            found = next((said[j] for j in chain if said[j].how not in ("none", "carried")), None)
            if found is not None:
                for j in chain:
                    if said[j].how in ("none", "carried"):
                        said[j] = _Said(
                            found.speaker, found.name, "carried", said[j].attribution, found.certain
                        )
        chain = []


def _complete_surnames(said: list[_Said], known_full: dict[str, set[str]]) -> None:
    """Step 5: a lone surname takes the one full name met elsewhere in the document ("Tykhy")."""
    for s in said:
        if s.name and " " not in s.name:
            full = known_full.get(s.name.lower())
            if full and len(full) == 1:
                s.name = next(iter(full))


def _build_quotes(prose: str, pieces: list[_Piece], said: list[_Said], norm: Normaliser) -> list[Quote]:
    """Step 6: the facts."""
    quotes: list[Quote] = []
    append = quotes.append
    # inner text -> its words, normalised words, spacing-collapsed text and shortness (repeats)
    tokens: dict[str, tuple[tuple[str, ...], tuple[str, ...], str, bool]] = {}
    for pc, s in zip(pieces, said, strict=True):
        if pc.problem:
            append(
                make_quote(
                    pc.start,
                    pc.end,
                    prose[pc.start : pc.end],
                    "",
                    pc.inner_start,
                    pc.paragraph,
                    None,
                    None,
                    "none",
                    False,
                    False,
                    False,
                    pc.problem,
                    (),
                    (),
                    False,
                )
            )
            continue
        inner = prose[pc.inner_start : pc.inner_end]
        found = tokens.get(inner)
        if found is None:
            if len(tokens) >= _CACHE_SIZE:
                tokens.clear()
            words, normed = norm.tokens(inner)
            found = tokens[inner] = (
                words,
                normed,
                " ".join(inner.split()),
                len(words) - words.count(GAP) <= 3,
            )
        speaker = s.speaker
        append(
            make_quote(
                pc.start,
                pc.end,
                prose[pc.start : pc.end],
                found[2],
                pc.inner_start,
                pc.paragraph,
                " ".join(speaker.split()) if speaker else None,
                s.name,
                s.how,
                s.attribution.partial and not pc.continues,
                found[3],
                pc.continued,
                None,
                found[0],
                found[1],
                bool(s.name) and not s.certain,
            )
        )
    return quotes


__all__ = ["EXTRACTOR", "GAP", "Normaliser", "Quote", "extract", "normaliser", "strip_accents"]

EXTRACTOR = Extractor(kind="quotes", fact_type=Quote, extract=extract, version="3")


def _opens_unattributed(lex: Lexicon, piece: _Piece, sentence: str, qend: int) -> bool:
    """A quotation of more than three words opening a sentence that goes on with no comma after
    it and no speech verb (“Q” to support him, ...): not “Q,” X barked (a verb the lexicon does not
    know), nor “Q” before the vote, he said."""
    if len(piece.inner_text.split()) <= 3 or piece.inner_text.rstrip().endswith((",", "?", "!", "-", "—")):
        return False
    rest = _PLACEHOLDER.sub(" , ", sentence[qend:])
    return not rest.lstrip().startswith((",", "—", "–", "-")) and lex.first_verb(rest, framing=True) is None
