"""The quotation family: NL301 unsourced, NL302 misattributed, NL303 altered, NL304 unbalanced quotes.

A draft quotation is looked up in the source index by its word shingles (``Quote.index_keys()``),
never by scanning every source, then aligned word by word with each candidate source quotation.

Choices (also in the rule documentation):

- Only a source *quotation* sources a draft quotation.  Words a source writes as its own prose are a
  paraphrase; putting them between quotation marks makes them someone's words, which is what an
  editor must check.  A source quotation may be longer than the draft's (partial quotes).
- Words are compared after normalisation (case, quote marks, apostrophes, whitespace, thousands
  separators, British/American spelling).  Punctuation is not compared: an ellipsis in a source
  replaced by a comma in the draft changes no word, so it is not an alteration (the draft joins the
  two parts the source joined with "..."; the words are the speaker's).
- An ellipsis in the draft stands for source words it leaves out; an ellipsis in the source stands
  for words the draft may restore.  Words left out without an ellipsis are an alteration.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newslint.api import Check, Rule, Severity, hookimpl
from newslint.facts.quote import GAP, Quote, key_stopwords, shingle_keys, strip_accents, word_keys

if TYPE_CHECKING:
    from newslint.api import CheckContext, Document

ALTERED_MIN_SIMILARITY = 0.6  # word-level similarity above which a changed quote is "altered"
CLOSEST_MIN_SIMILARITY = 0.35  # an unsourced quote names a source quotation this close as evidence
MAX_CANDIDATES = 40
NL302_MIN_WORDS = 3  # a quotation shorter than this never makes NL302

RULES = (
    Rule(
        code="NL301",
        name="unsourced-quote",
        severity=Severity.WARNING,
        summary="A quotation appears in no source.",
        what="Reports a quotation of the draft whose words no source quotation contains, even after "
        "normalising case, quote marks, whitespace and British/American spelling, and letting an "
        'ellipsis stand for omitted words. Short quotes with no speaker ("buffer zone") are checked '
        "too. Only quotations in the sources count: words a source writes as its own prose are a "
        "paraphrase, not someone's words, so quoting them is unsourced. When a source quotation is "
        "close but too different to be the same quote, it is given as evidence.",
        why="A quotation is a promise that someone said exactly these words. A quote that no source "
        "has may be invented, remembered wrongly, or taken from a paraphrase; an editor must find "
        "where it comes from before it runs.",
        example='Draft:  Putin vowed to "dislodge" the troops.\n'
        "Source: Putin said Russia would respond.\n\n"
        'draft.md:1:16: NL301 "dislodge" appears in no source quotation',
        options="Rule pack `spelling-variants` (rules/spelling_variants.toml): British/American "
        "spellings that are the same word.",
    ),
    Rule(
        code="NL302",
        name="misattributed-quote",
        severity=Severity.ERROR,
        summary="The quotation is in a source, attributed there to someone else.",
        what="Reports a quotation found word for word in a source where another person says it. "
        'Speakers are compared by name: titles and descriptors are stripped ("foreign ministry '
        'spokesman Georgiy Tykhy" is Georgiy Tykhy), a surname alone matches the full name '
        '("Tykhy"), and "he said" takes the most recent speaker. It fires only when both '
        "speakers resolve to people's names and those are different people, and no source gives "
        'the quote to the draft\'s speaker. A descriptor with no name ("the governor", "the '
        'official"), an institution ("the defence ministry") or a place ("Kyiv") never makes '
        'this finding; nor does an uncertain speaker (a "he said" with two possible antecedents, '
        "a speaker carried from a paraphrase into the next quotation), nor a quotation of one or "
        "two words, which anyone may use.",
        why="Putting one person's words in another's mouth is among the worst errors a story can "
        "carry, and an easy one to make when several people are quoted side by side.",
        example='Draft:  "We are moving further," Tykhy said.\n'
        'Source: "We are moving further," Zelensky said.\n\n'
        "draft.md:1:1: NL302 quotation attributed to Tykhy here, but to Zelensky in wire.txt",
        options="Rule pack `speech-verbs` (rules/speech_verbs.toml): the speech verbs, titles, "
        "institution words and place names the attribution uses.",
    ),
    Rule(
        code="NL303",
        name="altered-quote",
        severity=Severity.WARNING,
        summary="The quotation is in a source, but with different words.",
        what="Reports a quotation that matches most of a source quotation (word similarity of at "
        "least 60%, with at least three words in a row in common) but changes, adds or drops words. "
        'The message shows a word diff: `[-source words-]{+draft words+}`. An ellipsis ("...", '
        '"…", "[...]") in either text stands for omitted words; British/American spelling, '
        "case, quote marks and punctuation are never a change. An ellipsis in the source that the "
        "draft writes as a comma changes no word and is not reported.",
        why="Readers take the words between quotation marks as exactly what was said. A changed word "
        "can change the meaning, and a speaker can rightly complain of being misquoted.",
        example='Draft:  "The situation remains very difficult," the governor said.\n'
        'Source: "The situation remains extremely difficult," the governor said.\n\n'
        "draft.md:1:1: NL303 quotation differs from the source: ... remains [-extremely-]{+very+} "
        "difficult",
        options="Rule pack `spelling-variants` (rules/spelling_variants.toml).",
    ),
    Rule(
        code="NL304",
        name="unbalanced-quotes",
        severity=Severity.WARNING,
        summary="Quotation marks do not pair up within a paragraph.",
        what="Reports an opening quotation mark that is never closed in its paragraph, and a closing "
        "mark with no opening one. The wire convention for quotes that run over several paragraphs "
        "(each quoted paragraph opens with a mark, only the last one closes) is recognised and not "
        "reported. An inch mark after a digit (5'11\") is not a quotation mark.",
        why="An unclosed quotation leaves the reader unsure where someone's words end and the "
        "reporter's begin, and hides the quotation from the other quote checks.",
        example='"We will rebuild, the mayor said.\n\n'
        "draft.md:1:1: NL304 opening quotation mark is never closed in this paragraph",
    ),
)


@hookimpl
def newslint_register_rules(register):
    for rule in RULES:
        register(rule)


@hookimpl
def newslint_register_checks(register):
    register(Check(name="quotes", codes=("NL301", "NL302", "NL303", "NL304"), run=check_quotes))


# -- matching ----------------------------------------------------------------------------------


@dataclass
class Match:
    source: Document
    quote: Quote
    exact: bool
    similarity: float
    diff: str
    src_span: tuple[int, int]  # source word window (indices into its words without gaps)


def _words_and_gaps(words: tuple[str, ...]) -> tuple[list[str], set[int]]:
    """Words without gap markers, and the positions (before word i) where a gap stood."""
    out: list[str] = []
    gaps: set[int] = set()
    for w in words:
        if w == GAP:
            gaps.add(len(out))
        else:
            out.append(w)
    return out, gaps


def align(draft: Quote, source: Quote, doc: Document) -> Match | None:
    """Align a draft quotation with a source quotation; None when they are not the same quote."""
    dw, dgaps = _words_and_gaps(draft.norm)
    sw, sgaps = _words_and_gaps(source.norm)
    dshow, _ = _words_and_gaps(draft.words)
    sshow, _ = _words_and_gaps(source.words)
    if not dw or not sw:
        return None
    ops = difflib.SequenceMatcher(None, sw, dw, autojunk=False).get_opcodes()
    # a partial quote: source words before the first and after the last match are free
    while ops and ops[0][0] == "delete":
        ops.pop(0)
    while ops and ops[-1][0] == "delete":
        ops.pop()
    if not ops:
        return None
    matched = 0
    longest = 0
    changes = 0
    window_words = 0
    parts: list[str] = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            matched += i2 - i1
            longest = max(longest, i2 - i1)
            window_words += i2 - i1
            parts.append(" ".join(dshow[j1:j2]))
        elif tag == "delete":
            if j1 in dgaps:  # the draft's ellipsis stands for these words
                parts.append("…")
                continue
            changes += 1
            window_words += i2 - i1
            parts.append("[-" + " ".join(sshow[i1:i2]) + "-]")
        elif tag == "insert":
            if i1 in sgaps and 0 < i1 < len(sw):  # the source's ellipsis left these words out
                parts.append(" ".join(dshow[j1:j2]))
                continue
            changes += 1
            parts.append("{+" + " ".join(dshow[j1:j2]) + "+}")
        else:  # replace
            changes += 1
            window_words += i2 - i1
            parts.append("[-" + " ".join(sshow[i1:i2]) + "-]{+" + " ".join(dshow[j1:j2]) + "+}")
    if matched == 0:
        return None
    similarity = 2 * matched / (len(dw) + max(window_words, matched))
    return Match(
        source=doc,
        quote=source,
        exact=changes == 0,
        similarity=similarity,
        diff=_compact_diff(parts),
        src_span=(ops[0][1], ops[-1][2]),
    )


def _compact_diff(parts: list[str]) -> str:
    """The word diff, with long unchanged stretches shortened to their ends."""
    out = []
    for k, p in enumerate(parts):
        if p.startswith(("[-", "{+")) or p == "…":
            out.append(p)
            continue
        words = p.split()
        head = k > 0
        tail = k < len(parts) - 1
        if len(words) > 6:
            keep_start = words[:3] if head else []
            keep_end = words[-3:] if tail else []
            p = " ".join(keep_start + ["..."] + keep_end) if (head or tail) else p
            if not head and tail:
                p = "... " + " ".join(keep_end)
            elif head and not tail:
                p = " ".join(keep_start) + " ..."
        out.append(p)
    return " ".join(out)


def candidates(ctx: CheckContext, quote: Quote) -> list[tuple[Document, Quote]]:
    """Source quotations sharing shingles (or, for short or much-changed quotes, words) with ``quote``."""
    counts: Counter = Counter()

    def add(key: str) -> None:
        # count shared keys on fact references (nothing decoded); decode only the best candidates
        for ref in ctx.sources.refs("quotes", key):
            counts[ref] += 1

    for key in shingle_keys(quote.norm):
        add(key)
    if not counts:
        for key in word_keys(quote.norm, key_stopwords(ctx.packs)):
            add(key)
    return [
        (doc, fact)
        for doc, fact in ctx.sources.resolve(k for k, _ in counts.most_common(MAX_CANDIDATES))
        if isinstance(fact, Quote)
    ]


def find_matches(ctx: CheckContext, quote: Quote) -> list[Match]:
    matches = []
    for doc, src in candidates(ctx, quote):
        m = align(quote, src, doc)
        if m is not None:
            matches.append(m)
    matches.sort(key=lambda m: (not m.exact, -m.similarity))
    return matches


# -- speakers ----------------------------------------------------------------------------------


def same_person(a: str, b: str) -> bool:
    """Whether two resolved names are one person: same surname (allowing transliteration), given names
    compatible ("Tykhy" = "Georgiy Tykhy" = "G. Tykhy"; "Zelensky" = "Volodymyr Zelenskyy")."""
    ta = strip_accents(a).lower().replace(".", "").split()
    tb = strip_accents(b).lower().replace(".", "").split()
    if not ta or not tb:
        return True
    if ta[-1] != tb[-1]:
        from rapidfuzz import fuzz  # imported here: ~15 ms of every start-up, needed for two spellings

        if fuzz.ratio(ta[-1], tb[-1]) < 85:
            return False
    given_a, given_b = ta[:-1], tb[:-1]
    if given_a and given_b:
        # some given name in common, by initial ("G. Tykhy"); a leftover word such as
        # "Forecaster Lena Holt" does not make two people
        return any(x[0] == y[0] for x in given_a for y in given_b)
    return True


def _who(q: Quote) -> str:
    return q.speaker_name or q.speaker or "no one"


# -- the check ---------------------------------------------------------------------------------


_MEMO_SIZE = 4096  # quotations' lookups kept by one check (emptied when full)


def _lookup(ctx: CheckContext, quote: Quote) -> tuple[list[Match], list[Match], list[Match]] | None:
    """A quotation's exact, altered and close source matches (None: it has no word to look up)."""
    if not any(w != GAP for w in quote.norm):
        return None
    matches = find_matches(ctx, quote)
    exact = [m for m in matches if m.exact]
    altered = [] if exact else [m for m in matches if _is_altered(quote, m)]
    close = [] if exact or altered else [m for m in matches if m.similarity >= CLOSEST_MIN_SIMILARITY]
    return exact, altered, close


def check_quotes(ctx: CheckContext):
    # a draft repeating a quotation ('"a" said ' * n) looks each distinct one up once: what is
    # found for a quotation depends on its words alone (normalised and as written)
    memo: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple | None] = {}
    where = f" (searched {len(ctx.sources)} source{'s' if len(ctx.sources) != 1 else ''})"
    for quote in ctx.draft.facts_of("quotes"):
        if not isinstance(quote, Quote):
            continue
        if quote.problem:
            yield _unbalanced(ctx, quote)
            continue
        key = (quote.norm, quote.words)
        if key in memo:
            found = memo[key]
        else:
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
            found = memo[key] = _lookup(ctx, quote)
        if found is None:
            continue
        exact, altered, close = found
        if exact:
            finding = _misattributed(ctx, quote, exact)
            if finding is not None:
                yield finding
            continue
        if altered:
            best = altered[0]
            note = f"said by {_who(best.quote)}" if best.quote.speaker else ""
            yield ctx.finding(
                "NL303",
                quote.start,
                quote.end,
                f"quotation differs from the source: {best.diff}",
                [ctx.evidence(best.source, best.quote, excerpt=_inner(best.quote), note=note)],
            )
            continue
        evidence = (
            [
                ctx.evidence(
                    close[0].source,
                    close[0].quote,
                    excerpt=_inner(close[0].quote),
                    note="closest source quotation, with other words",
                )
            ]
            if close
            else []
        )
        yield ctx.finding(
            "NL301",
            quote.start,
            quote.end,
            f"“{_shorten(quote.inner)}” appears in no source quotation{'' if close else where}",
            evidence,
        )


def _is_altered(quote: Quote, m: Match) -> bool:
    if quote.short:
        return False  # one to three words: either the words are there or the quote is unsourced
    dw, _ = _words_and_gaps(quote.norm)
    sw, _ = _words_and_gaps(m.quote.norm)
    run = difflib.SequenceMatcher(None, sw, dw, autojunk=False).find_longest_match(0, len(sw), 0, len(dw))
    return m.similarity >= ALTERED_MIN_SIMILARITY and run.size >= 3


def _misattributed(ctx: CheckContext, quote: Quote, exact: list[Match]):
    if not quote.speaker_name or quote.uncertain:
        return None  # only when both speakers are known
    if sum(1 for w in quote.norm if w != GAP) < NL302_MIN_WORDS:
        return None  # one or two words ("terrifying") are anyone's: not evidence of another speaker
    others = []
    for m in exact:
        name = m.quote.speaker_name
        if not name:
            continue
        if same_person(quote.speaker_name, name):
            return None  # some source gives it to the same person
        if not m.quote.uncertain:
            others.append(m)
    if not others:
        return None
    best = others[0]
    return ctx.finding(
        "NL302",
        quote.start,
        quote.end,
        f"quotation attributed to {quote.speaker_name} here, but to {best.quote.speaker_name} in "
        f"{best.source.path}",
        [
            ctx.evidence(m.source, m.quote, excerpt=_inner(m.quote), note=f"said by {m.quote.speaker_name}")
            for m in others[:3]
        ],
    )


def _unbalanced(ctx: CheckContext, quote: Quote):
    if quote.problem == "unopened":
        message = "closing quotation mark has no opening mark in this paragraph"
    else:
        message = "opening quotation mark is never closed in this paragraph"
    return ctx.finding("NL304", quote.start, quote.end, message)


def _inner(quote: Quote) -> str:
    """A source quotation's words for evidence, without the comma that led to its attribution."""
    return quote.inner.rstrip(" ,;:")


def _shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
