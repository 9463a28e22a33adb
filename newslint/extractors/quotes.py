"""Quotations and who said them, in drafts and sources alike (fact kind ``quotes``).

What is a quotation
    Text between double quotation marks, straight (``"``) or typographic (`` “ ” „ « » ``), with
    single marks nested inside.  A quotation may span sentences, and paragraphs in the wire
    convention: each quoted paragraph opens with a mark and only the last one closes (each
    paragraph's piece is one :class:`Quote`, ``continued`` on all but the last).  Partial quotes
    inside a sentence and one- or two-word quotes with no speech verb ("buffer zone") are quotes too.
    Marks that do not pair up within a paragraph become a :class:`Quote` with a ``problem``
    (rule NL304) and are not matched against sources.  Single marks are read only nested inside
    double ones: British-style outer single quotes ('Q,' he said) cannot be told from apostrophes
    reliably and are not extracted.

Who said it (rule-based; the SFU Gender Gap Tracker and Quootstrap patterns)
    ``how`` records the pattern that gave the speaker:

    - ``said-after``: ``"Q," X said`` · ``"Q," said X`` · ``"Q," X told reporters``
    - ``said-before``: ``X said (that) ... "Q"`` · ``X called it "Q"`` (framing verbs)
    - ``colon``: ``X said: "Q"`` · ``X added: "Q"``
    - ``according-to``: ``"Q", according to X``
    - ``pronoun``: ``"Q," he said``: the most recent speaker or person introduced in the last three
      paragraphs (a quote's speaker, "who identified himself as X", a name opening a sentence)
    - ``carried``: a quoted sentence or wire-convention paragraph with no attribution of its own takes
      the speaker of the quotation just before it (same or previous paragraph)
    - ``none``: no attribution (scare quotes, terms)

    The speaker is kept as written (``speaker``) and as a resolved person's name (``speaker_name``):
    titles and descriptors are stripped ("foreign ministry spokesman Georgiy Tykhy" → "Georgiy
    Tykhy"), a lone surname takes the full name met elsewhere in the document ("Tykhy" → "Georgiy
    Tykhy"), and institutions, places and bare descriptors ("Russia's defence ministry", "Kyiv",
    "the governor") resolve to ``None``: they are never compared as people.

Normalised words
    ``words`` holds the quotation's words as written and ``norm`` the same words normalised for
    matching: lower case, typographic apostrophes straightened, thousands separators dropped, and
    British/American spelling variants mapped to one form (rule pack ``spelling-variants``).  An
    ellipsis (``...``, ``…``, ``[...]``) or an editor's bracketed insertion becomes the gap marker
    ``…``: it stands for omitted words.  Punctuation is not a word and is never compared.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newslint.facts.quote import GAP, Quote, strip_accents
from newslint.rule import Extractor

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
        for m in _TOKEN.finditer(text):
            tok = m.group()
            if tok[0] in "[.…":
                if shown and shown[-1] != GAP or not shown:
                    shown.append(GAP)
                    norm.append(GAP)
                continue
            shown.append(tok)
            norm.append(self.word(tok))
        return tuple(shown), tuple(norm)


def normaliser(packs: RulePacks | None) -> Normaliser:
    """The normaliser of a set of rule packs (built once per packs object)."""
    return packs.derived(Normaliser) if packs is not None else Normaliser(None)


def _last(iterator):
    item = None
    for item in iterator:  # noqa: B007
        pass
    return item


# -- speaker lexicons -----------------------------------------------------------------------------

_PRONOUNS = {"he": "he", "she": "she", "they": "they", "it": "it", "we": "we", "i": "i"}
_DETERMINERS = frozenset("a an the this that these his her its their our another one some".split())
_CONJUNCTIONS = frozenset(
    "and but as while when after because since though although so then whereas where yet".split()
)
_AUX_ADV = frozenset(
    """has had have was is were are will would also had has later earlier again then once previously
    recently repeatedly separately meanwhile however yesterday today tonight last night late early
    subsequently further openly publicly privately reportedly just already""".split()
)
_TIME = re.compile(
    r"\b(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b"
    r"|\b(?:on|in)\s+(?:a\s+)?(?:statement|interview|video|post|televised|briefing)\b.*$"
    r"|\b(?:last|this|next)\s+(?:week|month|year|night)\b",
    re.I,
)
_PREPOSITIONS = frozenset("of in from for at by with to on near into across against under".split())
_PLACE_HEADS = frozenset(
    """region regions province oblast city town village border zone area areas district county state
    forces troops army government ministry officials authorities side river front highway road""".split()
)
_CAP = re.compile(r"^[A-Z][\w'’.\-]*$")
_PARTICLES = frozenset("de del della der di da van von al el bin ibn la le du dos".split())
_INTRO = re.compile(
    r"\b(?:identified\s+(?:himself|herself|themselves)?\s*(?:only\s+)?as|named|called|known\s+as|"
    r"gave\s+(?:his|her|their)\s+name\s+as)\s+"
    r"((?:[A-Z][\w'’\-]*)(?:\s+(?:[A-Z][\w'’\-]*))*)"
)
_DEMONYM = re.compile(r"^[a-z]{3,}(?:ian|ean|ese|ish)$")


class Lexicon:
    def __init__(self, packs: RulePacks | None):
        verbs = (packs.get("speech-verbs", {}) if packs is not None else {}) or {}
        spk = (packs.get("quote-speakers", {}) if packs is not None else {}) or {}
        self.verbs = frozenset(v.lower() for v in verbs.get("verbs", ()))
        self.framing = frozenset(v.lower() for v in verbs.get("framing", ())) - self.verbs
        self.titles = frozenset(t.lower() for t in spk.get("titles", ()))
        self.orgs = frozenset(t.lower() for t in spk.get("organisation-words", ()))
        self.non_persons = frozenset(t.lower() for t in spk.get("non-persons", ()))
        # verbs match in lower case only: "United States President" holds no verb "states"
        alternation = (
            "(?-i:"
            + ("|".join(sorted((re.escape(v) for v in self.verbs), key=len, reverse=True)) or "said")
            + ")"
        )
        w = r"[\w'’\-.]+"
        # "Q," said X  /  "Q," he said  /  "Q," X said
        self.after_inverted = re.compile(rf"^[\s,—–-]*(?:{alternation})\s+(?P<np>[^.,;:!?⟦]+)", re.I)
        self.after_pronoun = re.compile(
            rf"^[\s,—–-]*(?P<np>he|she|they|it|we|I)\s+(?:\w+ly\s+)?(?:{alternation})\b", re.I
        )
        self.after_np = re.compile(
            rf"^[\s,—–-]*(?P<np>(?:{w}[ ,]+){{0,19}}?{w})\s+(?:(?:\w+ly|also|later|then|has|had|have|was|"
            rf"once|on\s+\w+)\s+)*(?:{alternation})\b",
            re.I,
        )
        # word scans with a set lookup: much faster than a regex alternation of 200 verbs
        self.verb_any = _WordSet(self.verbs)
        self.verb_before = _WordSet(self.verbs | self.framing)
        self.according = re.compile(r"\baccording\s+to\s+(?P<np>[^.,;:!?⟦]+)", re.I)

    # -- names ---------------------------------------------------------------------------------
    def person_name(self, phrase: str) -> str | None:
        """The person named in a speaker phrase, without titles; None for institutions and descriptors."""
        m = _last(_INTRO.finditer(phrase))
        if m is not None:
            name = self._clean_run(m.group(1).split())
            if name:
                return name
        runs = self._runs(phrase)
        for run in reversed(runs):
            name = self._clean_run(run)
            if name:
                return name
        return None

    def _runs(self, phrase: str) -> list[list[str]]:
        """Runs of capitalised words that may name the speaker (not "of Belgorod", "Kursk region")."""
        tokens = re.findall(r"[\w'’.\-]+|[,;:()—–]", phrase)
        runs: list[list[str]] = []
        cur: list[str] = []
        valid = True
        for n, tok in enumerate(tokens):
            if _CAP.match(tok) or (cur and tok.lower() in _PARTICLES):
                if not cur:
                    prev = tokens[n - 1].lower() if n else ""
                    prev2 = tokens[n - 2].lower() if n > 1 else ""
                    valid = not (prev in _PREPOSITIONS or (prev in _DETERMINERS and prev2 in _PREPOSITIONS))
                cur.append(tok)
                continue
            if cur:
                if tok.lower() in _PLACE_HEADS or tok.lower() in self.orgs:
                    valid = False
                if valid:
                    runs.append(cur)
                cur = []
        if cur and valid:
            runs.append(cur)
        return runs

    def _clean_run(self, run: list[str]) -> str | None:
        toks = [t[:-1] if t.endswith(".") and len(t) > 3 else t for t in run]
        if not toks:
            return None
        low = [t.lower() for t in toks]
        if low[-1].endswith(("'s", "’s", "'", "’")):
            return None  # "Russia's" modifies a noun: not the speaker
        if low[-1] in self.orgs or low[-1] in self.titles or low[-1] in self.non_persons:
            return None
        keep_from = 0
        for i, (t, lw) in enumerate(zip(toks, low, strict=True)):
            if (
                lw in self.titles
                or lw in _DETERMINERS
                or lw in self.non_persons
                or lw in self.orgs
                or (len(t) > 1 and t.isupper())
                or lw.endswith(("'s", "’s"))
                or _DEMONYM.search(lw)
            ):
                keep_from = i + 1
        name = toks[keep_from:]
        if not name or name[0].lower() in _PARTICLES:
            return None
        if len(name) == 1 and name[0].lower() in _PRONOUNS:
            return None
        return " ".join(name)


_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")


class _WordSet:
    """Finds lower-case words of a set in a text, with the ``search``/``finditer`` of a pattern."""

    __slots__ = ("words",)

    def __init__(self, words: frozenset[str]):
        self.words = words

    def finditer(self, text: str):
        words = self.words
        return (m for m in _LOWER_WORD.finditer(text) if m.group() in words)

    def search(self, text: str):
        return next(self.finditer(text), None)


def lexicon(packs: RulePacks | None) -> Lexicon:
    return packs.derived(Lexicon) if packs is not None else Lexicon(None)


# -- quotation marks --------------------------------------------------------------------------

_MARK = re.compile(r"[\"“”„«»]")
_OPENERS = "“„«"
_CLOSERS = "”»"
_WORDCHAR = re.compile(r"\w")


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


def _pair_marks(
    doc: Document, index: int, start: int, end: int, opens_next: bool, continuing: bool
) -> list[_Piece]:
    prose = doc.prose
    pieces: list[_Piece] = []
    open_at: int | None = None
    open_ch = ""
    for m in _MARK.finditer(prose, start, end):
        pos, ch = m.start(), m.group()
        if (
            ch == '"'
            and pos > start
            and prose[pos - 1].isdigit()
            and (pos + 1 >= end or not _WORDCHAR.match(prose[pos + 1]))
        ):
            continue  # an inch mark: 5'11"
        if open_at is None:
            if ch in _OPENERS or ch == '"':
                open_at, open_ch = pos, ch
            else:
                pieces.append(_Piece(pos, pos + 1, pos + 1, pos + 1, index, problem="unopened"))
        else:
            if ch in _CLOSERS or ch == '"' or (ch == "“" and open_ch == "„"):
                pieces.append(_Piece(open_at, pos + 1, open_at + 1, pos, index))
                open_at = None
            else:  # a second opening mark: the first was never closed
                pieces.append(
                    _Piece(open_at, open_at + 1, open_at + 1, open_at + 1, index, problem="unclosed")
                )
                open_at, open_ch = pos, ch
    if open_at is not None:
        if opens_next:
            pieces.append(_Piece(open_at, end, open_at + 1, end, index, continued=True))
        else:
            pieces.append(_Piece(open_at, open_at + 1, open_at + 1, open_at + 1, index, problem="unclosed"))
    if continuing and pieces and pieces[0].start == start and not pieces[0].problem:
        pieces[0].continues = True
    return pieces


# -- the frame: a paragraph with its quotations replaced by placeholders ------------------------

_PLACEHOLDER = re.compile(r"⟦(\d+)⟧")
_FRAME_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[⟦]*[A-Z0-9⟦])")
_ABBREV = frozenset(
    "mr mrs ms dr prof gen col lt sgt capt cmdr adm gov sen rep rev st jr sr co corp inc ltd no vs etc "
    "u.s u.k u.n a.m p.m jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


_NEXT_CHAR = re.compile(r"\s*(\S)")
_WORD_BEFORE_DOT = re.compile(r"([\w.]+)\.$")
_LONGEST_ABBREV = 12  # characters looked at before a full stop (bounded: linear in the frame)


def _ends_in_abbreviation(frame: str, dot: int) -> bool:
    """Whether the full stop at ``frame[dot - 1]`` ends an abbreviation or an initial ("Gen.", "J.")."""
    lo = max(0, dot - _LONGEST_ABBREV)
    word = _WORD_BEFORE_DOT.search(frame, lo, dot)
    if word is None or (word.start() == lo and lo > 0 and re.match(r"[\w.]", frame[lo - 1])):
        return False  # a word longer than any abbreviation
    w = word.group(1).strip(".")
    return w.lower() in _ABBREV or len(w) == 1


def _frame_sentences(frame: str, terminal: dict[int, bool]) -> list[tuple[int, int]]:
    """Sentence spans of a frame; a placeholder whose quote ends a sentence ends one too."""
    cuts = [0]
    for m in _FRAME_SENTENCE_END.finditer(frame):
        if _ends_in_abbreviation(frame, m.start()):
            continue
        cuts.append(m.end())
    for m in _PLACEHOLDER.finditer(frame):
        if terminal.get(int(m.group(1))):
            nxt = _NEXT_CHAR.match(frame, m.end())
            if nxt is None or nxt.group(1).isupper() or nxt.group(1) == "⟦":
                cuts.append(m.end())
    cuts = sorted(set(cuts))
    spans = []
    for a, b in zip(cuts, cuts[1:] + [len(frame)], strict=True):
        if frame[a:b].strip():
            spans.append((a, b))
    return spans


# -- attribution -----------------------------------------------------------------------------


@dataclass
class _Attribution:
    speaker: str | None = None
    how: str = "none"
    pronoun: str | None = None  # "he", "she", ... to resolve
    full_sentence: bool = False
    partial: bool = False


def _clean_np(np: str) -> str:
    np = _TIME.sub(" ", np)
    words = np.split()
    while words and words[0].lower().strip(",") in _CONJUNCTIONS:
        words.pop(0)
    while words and words[-1].lower().strip(",") in _AUX_ADV:
        words.pop()
    return " ".join(words).strip(" ,;:—–-")


_CLAUSE_SPLIT = re.compile(
    r"\b(?:and|but|while|whereas|because|although|though|since|after|as|when|so)\b(?:\s+|$)", re.I
)


def _subject_before(lex: Lexicon, before: str) -> str | None:
    """The subject of a speech verb: the text before it, back to a clause boundary.

    ``X said``: X.  ``X, head of Y, said``: X (the appositive is skipped).  ``Y met X, who said``: the
    last name before "who".  The subject ends at its own first speech verb ("X vowed to ..., declaring").
    """
    segments = re.split(r"[,;:()—–]", before.rstrip())
    i = len(segments) - 1
    relative = False
    while i >= 0 and len(segments) - i <= 5:
        seg = _CLAUSE_SPLIT.split(_PLACEHOLDER.sub(" ", segments[i]))[-1]
        if relative:
            words = seg.split()
            return " ".join(words[-6:]) if words else None
        verbs = list(lex.verb_before.finditer(seg))
        if verbs:
            # "Berg said Ruiz had called it": the nearest subject, Ruiz; else the first verb's subject
            nearest = _clean_np(seg[verbs[-1].end() :]).split()
            if nearest and (nearest[0][:1].isupper() or nearest[0].lower() in _DETERMINERS):
                seg = seg[verbs[-1].end() :]
            else:
                seg = seg[: verbs[0].start()]
        cleaned = _clean_np(seg)
        if cleaned:
            first = cleaned.split()[0]
            if first.lower() in _PRONOUNS:
                return first
            if re.match(r"(?:who|which|that)\b", first, re.I):
                relative = True
            elif first[:1].isupper() or first.lower() in _DETERMINERS:
                words = cleaned.split()
                if (
                    first.lower() in _DETERMINERS
                    and i > 0
                    and segments[i].strip().split()[0].lower() == first.lower()
                    and lex.person_name(cleaned) is None
                ):
                    # an appositive: "Tomas Berg, the emergency services chief, said"
                    prev = _clean_np(_CLAUSE_SPLIT.split(_PLACEHOLDER.sub(" ", segments[i - 1]))[-1])
                    if prev and not lex.verb_before.search(prev) and lex.person_name(prev):
                        return f"{prev}, {cleaned}"
                return " ".join(words[-12:])
        i -= 1
    return None


ATTRIBUTION_WINDOW = 600  # characters of a sentence read on each side of a quotation


def _attribute(lex: Lexicon, sentence: str, qpos: int, qend: int, according: str | None) -> _Attribution:
    """Find the speaker of the placeholder at sentence[qpos:qend].

    Only :data:`ATTRIBUTION_WINDOW` characters each side are read (an attribution is never further
    away), so a paragraph of thousands of quotations costs time linear in its length.
    ``according`` is the sentence's "according to X" phrase, found once per sentence.
    """
    lo = max(0, qpos - ATTRIBUTION_WINDOW)
    if lo:
        lo = sentence.find(" ", lo, qpos) + 1 or qpos
    before = sentence[lo:qpos]
    after = sentence[qend : qend + ATTRIBUTION_WINDOW]
    before_words = _PLACEHOLDER.sub(" ", before)
    bare_before = before_words.strip(' ,;:—–-"“”').lower()
    starts_sentence = not lo and bare_before in ("", "and", "but", "so")
    result = _Attribution(partial=not starts_sentence)
    if starts_sentence and not _PLACEHOLDER.sub("", after).strip(' .,!?;:"”’)'):
        result.full_sentence = True

    # colon lead-in: He added: "Q"
    if before.rstrip().endswith(":"):
        lead = before.rstrip()[:-1]
        m = _last(lex.verb_any.finditer(lead))
        np = _subject_before(lex, lead[: m.start()]) if m else _clean_np(lead.split(".")[-1])
        if np:
            result.partial = False
            return _resolved(result, np, "colon")

    def try_after() -> bool:
        m = lex.after_pronoun.match(after)
        if m:
            _resolved(result, m.group("np"), "pronoun")
            return True
        m = lex.after_inverted.match(after)
        if m and not after.lstrip(" ,—–-").lower().startswith(("told", "tells", "tell")):
            np = _clean_np(
                re.split(r"\s(?:on|in|at|to|during|after|while|when|who|which|as|from)\s", m.group("np"))[0]
            )
            if np:
                _resolved(result, np, "said-after")
                return True
        m = lex.after_np.match(after)
        if m:
            np = _clean_np(m.group("np"))
            if np and not re.search(r"\b(?:that|which|is|are|was|were)\b", np, re.I):
                _resolved(result, np, "said-after")
                return True
        return False

    def try_before() -> bool:
        m = _last(lex.verb_before.finditer(before))
        if m is None:
            return False
        np = _subject_before(lex, before[: m.start()])
        if not np:
            # coordinated verbs ("X stated ... and defended ... as"): the sentence's first speech verb
            first = lex.verb_before.search(before)
            if first is not None and first.start() < m.start():
                np = _subject_before(lex, before[: first.start()])
        if np:
            _resolved(result, np, "said-before")
            return True
        return False

    if according:
        return _resolved(result, according, "according-to")
    if starts_sentence:
        if try_after() or try_before():
            return result
    elif try_before() or try_after():
        return result
    return result


def _resolved(result: _Attribution, np: str, how: str) -> _Attribution:
    np = np.strip(" ,;:—–-")
    if np.lower() in _PRONOUNS:
        result.pronoun = np.lower()
        result.speaker = np
        result.how = "pronoun"
    else:
        result.speaker = np
        result.how = how
    return result


# -- person mentions (antecedents for "he said") -------------------------------------------------

_SENT_START_SKIP = re.compile(r"^[\w'’\-]+$")


def _mentions(lex: Lexicon, sentence: str, known: dict[str, set[str]]) -> list[str]:
    """People a sentence introduces as its subject, in order (for pronoun resolution)."""
    text = _PLACEHOLDER.sub(" ", sentence)
    found = []
    for m in _INTRO.finditer(text):
        name = lex._clean_run(m.group(1).split())
        if name:
            found.append((m.start(), name))
    # the subject of the sentence's first speech verb: "Weather forecaster Lena Holt said ..."
    verb = lex.verb_any.search(text)
    if verb is not None:
        subject = _subject_before(lex, text[: verb.start()])
        name = lex.person_name(subject) if subject else None
        if name:
            found.append((verb.start(), name))
            return [name for _, name in sorted(found)]
    # a name opening the sentence after titles and descriptors only: "Military analyst Mykola X arrived"
    tokens = re.findall(r"[\w'’.\-]+|[,;:]", text)
    prefix: list[str] = []
    titled = False
    for tok in tokens[:12]:
        low = tok.lower()
        if (
            _CAP.match(tok)
            or low in lex.titles
            or low in lex.orgs
            or low in _DETERMINERS
            or low in _PARTICLES
            or any(c.isdigit() for c in tok)
            or ("-" in tok and not _CAP.match(tok))
        ):
            prefix.append(tok)
            titled = titled or low in lex.titles
            continue
        break
    if prefix:
        name = lex.person_name(" ".join(prefix))
        if name and (" " in name or titled or name.lower() in known):
            found.append((-1, name))
    return [name for _, name in sorted(found)]


_FULL_NAME = re.compile(
    r"\b[A-Z][\w'’\-]+(?:[ \t]+(?:de|van|von|al|bin|da|di|la|le|[A-Z][\w'’\-]+))*[ \t]+[A-Z][\w'’\-]+"
)


def _full_names(lex: Lexicon, prose: str) -> dict[str, set[str]]:
    """Surname -> the full names in a document ("tykhy" -> {"Georgiy Tykhy"})."""
    names: dict[str, set[str]] = {}
    for m in _FULL_NAME.finditer(prose):
        name = lex._clean_run(m.group().split())
        if name and " " in name:
            names.setdefault(name.split()[-1].lower(), set()).add(name)
    return names


# -- the extractor -----------------------------------------------------------------------------


def extract(doc: Document, packs: RulePacks) -> list[Quote]:
    """The quotations of a document, each with its speaker (see the module docstring)."""
    if doc.prose is None:
        return []
    pieces = _pair_document_marks(doc)
    if not pieces:
        return []
    lex = lexicon(packs)
    sentences = _frame_document(doc, pieces)
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


def _pair_document_marks(doc: Document) -> list[_Piece]:
    """Step 1: pair the quotation marks of every paragraph (wire convention across paragraphs)."""
    prose = doc.prose
    paragraphs = doc.paragraphs
    pieces: list[_Piece] = []
    prev_open = False
    for k, p in enumerate(paragraphs):
        nxt = paragraphs[k + 1] if k + 1 < len(paragraphs) else None
        opens_next = nxt is not None and prose[nxt.start] in '"“„«'
        ps = _pair_marks(doc, p.index, p.start, p.end, opens_next, prev_open)
        pieces.extend(ps)
        prev_open = bool(ps) and ps[-1].continued
    return pieces


def _frame_document(doc: Document, pieces: list[_Piece]) -> list[tuple[int, str]]:
    """Step 2: the document's sentences as (paragraph, frame), quotations replaced by placeholders.

    Paragraphs before the first quotation matter only for antecedents: the two paragraphs before
    it are framed too (without placeholders).
    """
    prose = doc.prose
    by_para: dict[int, list[int]] = {}
    for i, pc in enumerate(pieces):
        by_para.setdefault(pc.paragraph, []).append(i)
    sentences: list[tuple[int, str]] = []
    for p in doc.paragraphs:
        ids = by_para.get(p.index)
        if not ids and not sentences:
            continue
        frame, terminal = _frame_paragraph(prose, p.start, p.end, pieces, ids or ())
        for a, b in _frame_sentences(frame, terminal):
            sentences.append((p.index, frame[a:b]))
    first_para = pieces[0].paragraph
    lead = []
    for p in doc.paragraphs[max(0, first_para - 2) : first_para]:
        frame = prose[p.start : p.end]
        lead.extend((p.index, frame[a:b]) for a, b in _frame_sentences(frame, {}))
    return lead + sentences


def _frame_paragraph(
    prose: str, start: int, end: int, pieces: list[_Piece], ids: Iterable[int]
) -> tuple[str, dict[int, bool]]:
    """A paragraph with each balanced quotation replaced by ``⟦i⟧``, and which of them end a sentence."""
    parts = []
    last = start
    terminal: dict[int, bool] = {}
    for i in ids:
        pc = pieces[i]
        if pc.problem:
            continue
        parts.append(prose[last : pc.start])
        parts.append(f"⟦{i}⟧")
        last = pc.end
        inner = prose[pc.inner_start : pc.inner_end].rstrip()
        terminal[i] = inner.endswith((".", "!", "?", "…")) or pc.continued
    parts.append(prose[last:end])
    return "".join(parts), terminal


ANTECEDENT_SENTENCES = 20  # a pronoun's antecedent is looked for this many sentences back at most


class _Attributor:
    """Step 3: attribution, sentence by sentence, with the state pronoun resolution needs."""

    def __init__(
        self,
        lex: Lexicon,
        pieces: list[_Piece],
        sentences: list[tuple[int, str]],
        known_full: dict[str, set[str]],
    ):
        self.lex = lex
        self.pieces = pieces
        self.sentences = sentences
        self.known_full = known_full  # surname -> full names, to give a lone surname its full name
        self.said = [_Said() for _ in pieces]
        self.genders: dict[str, str] = {}  # name -> "he" / "she", once a pronoun or "himself" named it
        self.spoken: dict[int, list[tuple[str | None, str | None]]] = {}  # sentence -> speakers, in order
        self._mentions: dict[int, list[str]] = {}

    def run(self) -> list[_Said]:
        for si, (para, sentence) in enumerate(self.sentences):
            self._note_genders(sentence)
            according = None
            if "⟦" in sentence:
                m = self.lex.according.search(_PLACEHOLDER.sub(" ", sentence))
                according = _clean_np(m.group("np")) if m else None
            for m in _PLACEHOLDER.finditer(sentence):
                i = int(m.group(1))
                said = self._attribute_piece(i, si, para, sentence, m.start(), m.end(), according)
                self.said[i] = said
                if said.how != "none":
                    self.spoken.setdefault(si, []).append((said.speaker, said.name))
        return self.said

    def _note_genders(self, sentence: str) -> None:
        """ "identified himself as X": X is a he (for later pronouns)."""
        if "her" in sentence or "his" in sentence:
            for g in _GENDERED.finditer(sentence):
                who = self.lex._clean_run(g.group(2).split())
                if who:
                    self.genders.setdefault(who, "he" if g.group(1).lower() in ("himself", "his") else "she")

    def _attribute_piece(
        self, i: int, si: int, para: int, sentence: str, qpos: int, qend: int, according: str | None
    ) -> _Said:
        at = _attribute(self.lex, sentence, qpos, qend, according)
        said = _Said(at.speaker, None, at.how, at)
        if at.pronoun:
            said.name = self._resolve(at.pronoun, si, para)
            if said.name:
                self.genders.setdefault(said.name, at.pronoun)
        elif at.how != "none":
            said.name = self.lex.person_name(at.speaker) if at.speaker else None
        elif at.full_sentence or self.pieces[i].continues:
            self._carry(i, said)
        return said

    def _carry(self, i: int, said: _Said) -> None:
        """A quoted sentence with no attribution takes the speaker of the quotation just before it."""
        pc = self.pieces[i]
        prev = i - 1
        while prev >= 0 and self.pieces[prev].problem:
            prev -= 1
        if prev >= 0 and self.said[prev].how != "none" and self.pieces[prev].paragraph >= pc.paragraph - 1:
            said.speaker, said.name, said.how = self.said[prev].speaker, self.said[prev].name, "carried"

    def _mentions_of(self, si: int) -> list[str]:
        found = self._mentions.get(si)
        if found is None:
            found = self._mentions[si] = _mentions(self.lex, self.sentences[si][1], self.known_full)
        return found

    def _resolve(self, pronoun: str, si: int, paragraph: int) -> str | None:
        """The person "he"/"she" stands for: the latest speaker or person introduced in the last three
        paragraphs, skipping one referred to by the other pronoun (None when the antecedent is a
        descriptor such as "the official", and always for "it", "they", "we")."""
        if pronoun not in ("he", "she"):
            return None
        for k in range(si, max(-1, si - ANTECEDENT_SENTENCES), -1):
            if self.sentences[k][0] < paragraph - 2:
                break
            spoken = self.spoken.get(k, [])[-ANTECEDENT_SENTENCES:]  # bounded: linear in the document
            candidates = [(s_, n_) for s_, n_ in reversed(spoken)]
            candidates += [(n_, n_) for n_ in reversed(self._mentions_of(k))]
            for spk, name in candidates:
                if spk and spk.lower() in _PRONOUNS and name is None:
                    continue
                if name and self.genders.get(name, pronoun) != pronoun:
                    continue
                return name
        return None


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
                        said[j] = _Said(found.speaker, found.name, "carried", said[j].attribution)
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
    for pc, s in zip(pieces, said, strict=True):
        if pc.problem:
            quotes.append(
                Quote(
                    pc.start,
                    pc.end,
                    prose[pc.start : pc.end],
                    inner="",
                    inner_start=pc.inner_start,
                    paragraph=pc.paragraph,
                    problem=pc.problem,
                )
            )
            continue
        inner = prose[pc.inner_start : pc.inner_end]
        words, normed = norm.tokens(inner)
        count = sum(1 for w in words if w != GAP)
        quotes.append(
            Quote(
                pc.start,
                pc.end,
                prose[pc.start : pc.end],
                inner=" ".join(inner.split()),
                inner_start=pc.inner_start,
                paragraph=pc.paragraph,
                speaker=" ".join(s.speaker.split()) if s.speaker else None,
                speaker_name=s.name,
                how=s.how,
                partial=s.attribution.partial and not pc.continues,
                short=count <= 3,
                continued=pc.continued,
                words=words,
                norm=normed,
            )
        )
    return quotes


_GENDERED = re.compile(r"\b(himself|herself|his|her)\s+(?:only\s+)?(?:as|name\s+as)\s+([A-Z][\w'’\-]*)")


__all__ = ["EXTRACTOR", "GAP", "Normaliser", "Quote", "extract", "normaliser", "strip_accents"]

EXTRACTOR = Extractor(kind="quotes", fact_type=Quote, extract=extract, version="1")
