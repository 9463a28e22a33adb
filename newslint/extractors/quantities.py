"""Quantities: the figures of a document, with their units, qualifiers, precision and counted nouns.

Read from the prose view (so nothing inside URLs, code, comments or front matter is ever a figure),
a quantity is a number in digits or words ("1,000", "1 000", "1.2 million", "120k", "one thousand",
"two dozen", "half a million"), a single value or an interval ("one to two kilometres",
"0.6-1.2 miles", "between 10 and 12"), with

* its qualifier ("about", "at least", "up to", ...) and the qualifier's class (``bound``);
* its unit, through pint ("1,000sqkm", "800 sq km", "km²", "a 20-kilometre zone"), or a currency
  ("£1.5bn", "$40m", "40 million euros"), or a percentage ("30%", "30 per cent"); or, for a plain
  count, the noun it counts ("74 settlements");
* its precision: the place of the last digit written and of the last non-zero digit, from which the
  rules derive the rounding the figure allows;
* whether it is the second half of a conversion given in the document ("800 sq km (310 sq miles)").

* its sign ("-1.3%", "minus 12") and, for a rate, what it is per ("$3,500 a month");
* for "from A to B" written high to low or with a unit on both ends, that it is a change (two
  figures), not an interval.

Figures of their own kind: ages ("Pippa Hale, 31,", "a 64-year-old", "aged 18 to 34", with the
person they belong to when the text names one), scores ("won 2-1", "6-4, 7-5"), fractions ("a third
of", "two-thirds", "one in five": shares in the percent dimension), vague plurals ("dozens",
"tens of thousands": intervals that are never checked). Small numbers in words are read only with
the noun they count ("three tankers", "two-year", "four times") and are *weak*.

Not figures: years, dates, times, ordinals, model and product names (F-16, COVID-19, G7, Boeing 737,
iPhone 11, S&P 500), identifiers (Article 5, No. 10), street numbers, phone numbers, numbers one
to nine written as words with no noun, and the numbers of a run of three or more in digits with
only spaces between them ("4 8 15 16 23 42": a sequence; the last is a figure if a unit or a noun
follows it, "4 8 15 km").

Unit spellings, currencies and counted-noun classes come from the ``units`` rule pack
(``rules/units.toml``); number words, multipliers, qualifiers, identifier words and the cues of
ages, scores, vague plurals, fractions and rates from the ``numbers`` pack (``rules/numbers.toml``);
pint is loaded only when a document holds a unit.
"""

from __future__ import annotations

import bisect
import hashlib
import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from newslint.facts.quantity import Quantity, UnitSpellings, unit_spellings
from newslint.rule import Extractor

if TYPE_CHECKING:
    from newslint.document import Document
    from newslint.rulepacks import RulePacks

# ---------------------------------------------------------------------------------------------
# Patterns compiled on first use


class _LazyPattern:
    """A pattern compiled the first time it is used (most texts need only some of them; compiling
    them all was most of the start-up of a short check). After that its methods are the compiled
    pattern's own, looked up like any attribute."""

    def __init__(self, compile_: Any, pattern: str, flags: int = 0) -> None:
        self._compile = (compile_, pattern, flags)

    def __getattr__(self, name: str) -> Any:
        compile_, pattern, flags = self._compile
        compiled = compile_(pattern, flags)
        for method in ("match", "search", "fullmatch", "finditer", "findall", "sub", "pattern"):
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


def _lazy(pattern: str, flags: int = 0) -> re.Pattern:
    return cast(re.Pattern, _LazyPattern(re.compile, pattern, flags))


def _regex_compile(pattern: str, flags: int = 0) -> Any:
    import regex

    return regex.compile(pattern, flags)


# ---------------------------------------------------------------------------------------------
# Units through pint (lazily)

_UREG: Any = None
_UNIT_INFO: dict[str, tuple[str, str, float, float]] = {}

_DIMENSION_NAMES = {
    "[length]": "length",
    "[length] ** 2": "area",
    "[length] ** 3": "volume",
    "[mass]": "mass",
    "[time]": "time",
    "[length] / [time]": "speed",
    "[temperature]": "temperature",
    "[length] ** 2 * [mass] / [time] ** 3": "power",
    "[length] ** 2 * [mass] / [time] ** 2": "energy",
    "1 / [time]": "frequency",
    "[current] * [time]": "charge",
    "[mass] / [length] / [time] ** 2": "pressure",
    "[length] ** 2 * [mass] / [current] / [time] ** 3": "voltage",
    "[current] / [length] ** 2": "current density",
}


_DIMENSION_KEYS: dict[tuple, str] = {}


def _dimension_name(dimensionality: Any, written: str) -> str:
    """The name of a pint dimensionality, whatever order pint writes its factors in ("[mass] *
    [length] ** 2 / [time] ** 3" for kilowatts, "[length] ** 2 * [mass] / [time] ** 3" for
    horsepower: both power)."""
    if not _DIMENSION_KEYS:
        reg = ureg()
        for text, name in _DIMENSION_NAMES.items():
            _DIMENSION_KEYS[tuple(sorted(reg.get_dimensionality(text).items()))] = name
    return _DIMENSION_KEYS.get(tuple(sorted(dimensionality.items())), written)


def ureg():
    """The one pint UnitRegistry (created on first use: ~0.2 s)."""
    global _UREG
    if _UREG is None:
        import pint

        _UREG = pint.UnitRegistry()
    return _UREG


def _unit_cache_file():
    """Where pint's answers are kept between runs (importing pint and building its registry costs
    ~0.3 s a run; the few unit expressions of the rule packs are computed once per pint version).
    ``NEWSLINT_UNIT_CACHE=off`` disables it."""
    import os
    from pathlib import Path

    from newslint.installed import dist_version as version

    where = os.environ.get("NEWSLINT_UNIT_CACHE")
    if where == "off":
        return None
    if where:
        return Path(where)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return (
        Path(base) / "newslint" / f"units2-pint-{version('pint')}.json"
    )  # (2: dimensions named in any order)


_UNIT_CACHE_LOADED = False


def _load_unit_cache() -> None:
    """Fill ``_UNIT_INFO`` from the file (rows of the wrong shape are ignored, never trusted)."""
    global _UNIT_CACHE_LOADED
    _UNIT_CACHE_LOADED = True
    import json

    try:
        path = _unit_cache_file()
        data = json.loads(path.read_text(encoding="utf-8")) if path is not None else {}
    except (OSError, ValueError, ImportError):
        return
    if type(data) is not dict:
        return
    for expr, info in data.items():
        if (
            type(info) is list
            and len(info) == 4
            and type(info[0]) is str
            and type(info[1]) is str
            and all(type(v) in (int, float) for v in info[2:])
        ):
            _UNIT_INFO.setdefault(expr, (info[0], info[1], float(info[2]), float(info[3])))


def _save_unit_cache() -> None:
    import json
    import os

    try:
        path = _unit_cache_file()
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(_UNIT_INFO), encoding="utf-8")
        os.replace(tmp, path)  # atomic: concurrent runs never see half a file
    except (OSError, ImportError):
        pass


def unit_info(expr: str) -> tuple[str, str, float, float]:
    """(canonical unit, dimension name, base units per unit, base offset) of a pint expression."""
    info = _UNIT_INFO.get(expr)
    if info is None and not _UNIT_CACHE_LOADED:
        _load_unit_cache()
        info = _UNIT_INFO.get(expr)
    if info is None:
        reg = ureg()
        unit = reg.parse_units(expr)
        dimensionality = reg.Quantity(1, unit).dimensionality
        dim = str(dimensionality)
        q0 = reg.Quantity(0.0, unit).to_base_units().magnitude
        q1 = reg.Quantity(1.0, unit).to_base_units().magnitude
        info = (str(unit), _dimension_name(dimensionality, dim), float(q1 - q0), float(q0))
        _UNIT_INFO[expr] = info
        _save_unit_cache()
    return info


# ---------------------------------------------------------------------------------------------
# Tables from the rule packs (compiled once per RulePacks object)


@dataclass
class _Tables:
    unit_re: _Alternation
    unit_adj_re: _Alternation
    units: UnitSpellings
    cur_before: frozenset[str]
    unit_first: frozenset[str]
    cur_before_max: int
    cur_after_re: _Alternation | None
    cur_by_spelling: dict[str, str]
    noun_classes: dict[str, str]
    not_nouns: frozenset[str]
    words: _Words
    noun_skip: frozenset[str]  # words between a figure and its noun ("eight more picks")
    cur_attached: dict[str, str]  # currencies written right after the digits ("164p")
    cur_also: dict[str, tuple[str, ...]]  # "$" may be another dollar: those currencies also source it
    cur_code_start: re.Pattern | None  # a currency code written against the digits ("USD10m")
    cur_symbol: re.Pattern  # any currency written before a number
    dates: _Dates  # months, weekdays, clock words: numbers that are dates or times
    cur_before_last: frozenset[str]  # the last characters of the currencies written before
    reach: int  # how far before a number its figure is read (0: lines are not remembered)
    unit_cache: dict[tuple[str, bool, str], tuple] = field(default_factory=dict)  # see _unit_after
    cur_before_amount: frozenset[str] = frozenset()  # read only before an amount ("PS2.7m", not "PS5")


def tables(packs: RulePacks | None) -> _Tables:
    from newslint.rulepacks import builtin_packs

    return (packs if packs is not None else builtin_packs()).derived(_build_tables)


def _alternation_parts(spellings: list[tuple[str, bool]]) -> list[tuple[str, bool, str]]:
    """(spelling, case-sensitive, pattern) of each spelling, longest first (ties in pack order)."""
    parts = []
    for s, cs in sorted(spellings, key=lambda x: -len(x[0])):
        body = re.escape(s).replace(r"\ ", r"[ \t\u00a0]+")
        tail = r"(?![\w²³])" if s[-1].isalnum() else ""
        parts.append((s, cs, (body if cs else f"(?i:{body})") + tail))
    return parts


def _alternation(spellings: list[tuple[str, bool]]) -> str:
    return "|".join(p for _, _, p in _alternation_parts(spellings))


class _Alternation:
    """``lead(?:s1|s2|...)`` for hundreds of spellings, as fast as a dictionary lookup and compiled
    only as far as the text needs: the alternatives are grouped by the two characters a match must
    start with, each group compiled (in the alternation's own order) the first time a text has those
    characters there.  ``lead`` is a run of ``lead_chars`` (at least ``lead_min``; at most one when
    ``lead_one``); no spelling starts with one of them, so the run is never given back and the first
    alternative that matches after it is the one the whole alternation would match."""

    def __init__(
        self, spellings: list[tuple[str, bool]], lead_chars: str, lead_min: int, lead_one: bool
    ) -> None:
        self.parts = _alternation_parts(spellings)
        self.lead_chars, self.lead_min, self.lead_one = lead_chars, lead_min, lead_one
        self.groups: dict[str, re.Pattern | None] = {}
        # a spelling that starts with a lead character (or a space) would make the run give back
        # characters: then the whole alternation is compiled, as it is written
        self.whole: re.Pattern | None = None
        if any(s[:1] in lead_chars or s[:1].isspace() or not s for s, _, _ in self.parts):
            lead = f"[{re.escape(lead_chars)}]" + ("" if lead_one else "+" if lead_min else "*")
            self.whole = re.compile(lead + "(?:" + "|".join(p for _, _, p in self.parts) + ")")

    @staticmethod
    def _char_may_match(p: str, cs: bool, c: str) -> bool:
        """Whether the spelling's character ``p`` (in any case unless ``cs``) matches ``c``."""
        if p == " ":
            return c in " \t\u00a0"  # a space of a spelling matches a run of spaces
        if cs:
            return p == c
        if p.isascii() and c.isascii():
            return p.lower() == c.lower()
        return re.fullmatch(f"(?i:{re.escape(p)})", c) is not None

    def _group(self, key: str) -> re.Pattern | None:
        """The alternatives that may match where the text has ``key`` (its next one or two
        characters): the first character must match, and the second too unless the spelling has
        only one."""
        bodies = []
        for s, cs, pattern in self.parts:
            if not self._char_may_match(s[0], cs, key[0]):
                continue
            if len(s) > 1 and (len(key) < 2 or not self._char_may_match(s[1], cs, key[1])):
                continue
            bodies.append(pattern)
        group = re.compile("|".join(bodies)) if bodies else None
        self.groups[key] = group
        return group

    def end(self, text: str, pos: int, k: int = -1) -> int:
        """Where the match at ``pos`` ends, or -1 (``k``, when given: where the lead run ends)."""
        if self.whole is not None:
            m = self.whole.match(text, pos)
            return m.end() if m else -1
        n = len(text)
        if k < 0:
            k = pos
            if self.lead_one:
                if k < n and text[k] in self.lead_chars:
                    k += 1
            else:
                while k < n and text[k] in self.lead_chars:
                    k += 1
        if k - pos < self.lead_min or k >= n:
            return -1
        key = text[k : k + 2]
        group = self.groups[key] if key in self.groups else self._group(key)
        if group is None:
            return -1
        m = group.match(text, k)
        return m.end() if m else -1


def _build_tables(packs: RulePacks) -> _Tables:
    units = unit_spellings(packs)
    spellings = [(u.spelling, u.case_sensitive) for u in units.all]
    adj = [(u.spelling, u.case_sensitive) for u in units.all if u.adjective]
    unit_re = _Alternation(spellings, " \t\u00a0\u202f", 0, False)
    unit_adj_re = _Alternation(adj, "-‑", 1, True)
    currencies = packs.get("currencies", {}) or {}
    cur_by: dict[str, str] = {}
    before: list[tuple[str, bool]] = []
    after: list[tuple[str, bool]] = []
    cur_also: dict[str, tuple[str, ...]] = {}
    before_amount: set[str] = set()
    for code, entry in currencies.items():
        for sym, others in (entry.get("ambiguous", {}) or {}).items():
            cur_also[sym] = tuple(f"currency:{o}" for o in others)
        for s in entry.get("before", []):
            cur_by["b:" + s] = code
            before.append((s, True))
        for s in entry.get("before-amount", []):
            cur_by["b:" + s] = code
            before.append((s, True))
            before_amount.add(s)
        for s in entry.get("after", []):
            cur_by["a:" + s.lower()] = code
            after.append((s, s.isupper() or len(s) == 1))  # (one letter: "68 p" is pence, "68 P" not)
    cur_after_re = _Alternation(after, " \t\u00a0", 1, False) if after else None
    nouns = packs.get("nouns", {}) or {}
    classes: dict[str, str] = {}
    for cls, words in (nouns.get("classes", {}) or {}).items():
        for w in words:
            classes[w.lower()] = cls
    first = frozenset(c for sp, _ in spellings for c in (sp[0], sp[0].lower(), sp[0].upper()))
    codes = sorted((b for b, _ in before if b[-1].isalpha()), key=len, reverse=True)
    return _Tables(
        unit_re,
        unit_adj_re,
        units,
        frozenset(b for b, _ in before),
        first,
        max((len(b) for b, _ in before), default=0),
        cur_after_re,
        cur_by,
        classes,
        frozenset(w.lower() for w in nouns.get("not-nouns", [])),
        _build_words(packs),
        frozenset(w.lower() for w in nouns.get("skip", [])),
        {s: code for code, entry in currencies.items() for s in entry.get("attached", [])},
        cur_also,
        _lazy(r"(?<![\w$])(?:" + "|".join(re.escape(c) for c in codes) + r")(?=\d)") if codes else None,
        _lazy("|".join(re.escape(b) for b, _ in sorted(before, key=lambda x: -len(x[0]))) or "(?!)"),
        _build_dates(packs),
        frozenset(b[-1] for b, _ in before if b),
        # 48 characters before the currency symbol and the signs, and a little more; no memo when a
        # word of the packs holds a newline (its pattern would read past the end of the line)
        0
        if _holds_newline([packs.get(name) for name in _READ_SECTIONS])
        else 80 + max((len(b) for b, _ in before), default=0),
        cur_before_amount=frozenset(before_amount),
    )


_READ_SECTIONS = (
    "calendar", "datelines", "number-words", "multipliers", "qualifiers", "identifiers", "ages", "years",
    "scores", "vague", "fractions", "rates", "carry", "units", "currencies", "nouns",
)  # fmt: skip


def _holds_newline(x: Any) -> bool:
    if isinstance(x, str):
        return "\n" in x
    if isinstance(x, dict):
        return any(_holds_newline(k) or _holds_newline(v) for k, v in x.items())
    if isinstance(x, (list, tuple)):
        return any(_holds_newline(v) for v in x)
    return False


# ---------------------------------------------------------------------------------------------
# Numbers

_DIGITS_GUARD = r"(?<![\w.,:/\\⁄])"  # no number starts inside a word, a decimal or a path
_DIGITS = (
    r"(?P<d>(?<![\w.,:/\\⁄])(?:(?:\d{1,3}(?:,\d{3})+(?![\d,]\d)|\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?![\d,]\d)|\d+)"
    r"(?:\.\d+)?|(?<=[ \t(])\.\d+)(?!\d))"
)
# Three or more numbers in digits one after the other, with nothing but spaces or tabs between them
# ("1 1 1 1", "4 8 15 16 23 42", a table's cells run together, code pasted as prose): a sequence
# of numbers, not as many claims. None of them is a figure but the last, and the last only when a
# unit or a noun follows it ("4 8 15 km"). Each number is read as ``_DIGITS`` reads it ("1 000 000"
# is one number), atomically: a run is found in one match, linear in its length.
_RUN_NUMBER = _DIGITS.replace("(?P<d>", "(?>", 1)
_NUMBER_RUN_MIN = 3
_NUMBER_RUN = _lazy(rf"{_RUN_NUMBER}(?:[ \t]+(?P<last>{_RUN_NUMBER})){{{_NUMBER_RUN_MIN - 1},}}+")
# a digit (or a leading-dot decimal) that no letter, digit, separator or slash precedes; written to
# start with the character itself so that the scan is fast
_DIGIT_START = re.compile(r"\d(?<![\w.,:/\\⁄]\d)|\.(?<=[ \t(]\.)(?=\d)")
_SCIENTIFIC_FIRST = frozenset(" \t×x")
_SCIENTIFIC = _lazy(r"[ \t]*[×x][ \t]*10[ \t]*(?:\^|\*\*)?[ \t]*([-−‑]?)(\d{1,3})(?!\d)")


@dataclass
class _Words:
    """Number words, multipliers, qualifiers and identifier words of the ``numbers`` pack."""

    values: dict[str, float]  # "one" -> 1, "twenty" -> 20
    tens: frozenset[str]
    groups: dict[str, float]  # "hundred" -> 100, "dozen" -> 12
    scales: dict[str, float]  # "thousand" -> 1e3 ...
    and_after: frozenset[str]  # "hundred and five", "a million and ..."
    number: re.Pattern  # a number in digits or words, at a position
    word_start: re.Pattern  # where a run of number words may start (in lower-cased text)
    word_token: re.Pattern
    multiplier: re.Pattern  # a multiplier after digits
    multiplier_values: dict[str, float]
    multiplier_first: frozenset[str] | None  # what an attached multiplier may start with
    multiplier_words: frozenset[str]  # full words, the only ones read after number words
    multiplier_letters: frozenset[str]  # "m", "b": decided in code
    qualifiers: dict[str, str]  # "at least" -> "min"
    qualifier_last: frozenset[str]  # last words of qualifiers
    qualifier_sizes: frozenset[int]  # how many words qualifiers have
    also_prepositions: frozenset[str]  # qualifiers that can be prepositions ("over")
    over_prepositions: frozenset[str]  # the words that make them prepositions ("control over")
    id_words: frozenset[str]
    id_names: frozenset[str]
    id_followed_by: frozenset[str]
    street: re.Pattern  # a street name after a number ("575 Wilbraham Road")
    street_first: frozenset[str] | None  # what the word after the spaces may start with
    digits_attached: re.Pattern  # a number in digits right after a currency code ("USD10m")
    stop: frozenset[str]  # words that end the search for a counted noun
    irregular_plurals: frozenset[str]
    metre_words: frozenset[str]  # "a 5m wall is 5m high": metres, not millions
    prefix: re.Pattern  # "sub-300", "minus-5": a figure after a hyphenated prefix
    year_leads: frozenset[str]
    not_rate: re.Pattern  # "a year earlier"
    age_who: frozenset[str]
    age_verbs: frozenset[str]
    age_modals: frozenset[str]  # "she will be 35"
    not_names: re.Pattern
    age_person_nouns: frozenset[str]  # "A driver, 31, said": an age of a person named by a noun
    age_determiners: frozenset[str]
    age_before: frozenset[str]
    change_words: frozenset[str]  # "rose from 80 to 100 pounds": a change, not an interval
    age_unit: re.Pattern  # "-year-old", " months old": group 1 or 2 the unit
    age_after: re.Pattern  # the same, not captured
    score_words: frozenset[str]
    score_at: frozenset[str]
    vague: re.Pattern | None  # "dozens", "thousands"
    vague_pre: re.Pattern | None  # "tens of" before them
    vague_values: dict[str, tuple[float, float]]
    vague_prefix: dict[str, float]
    fraction: re.Pattern | None  # "third of", "halves of", "1/16 of"
    fraction_n: re.Pattern | None  # "a", "two-" before a fraction word
    ratio: tuple[re.Pattern, re.Pattern, re.Pattern]  # "one in five", "one out of three"
    fraction_values: dict[str, float]
    one_of: re.Pattern  # "one of the", "one of Hale's": a noun follows
    rate: re.Pattern | None  # " a month", " per gram", "/month"
    rate_nouns: frozenset[str]
    carry_forward: re.Pattern | None  # ", up from ": a bare number after it takes the figure's unit
    carry_back: re.Pattern | None  # "- or ": a bare number before it takes the next figure's unit
    carry_parallel: re.Pattern | None  # "435 homes by open sale and 187 by tender": a count's noun


def _build_words(packs: RulePacks) -> _Words:
    nw = packs.get("number-words", {}) or {}
    units = {str(k).lower(): float(v) for k, v in (nw.get("units", {}) or {}).items()}
    tens = {str(k).lower(): float(v) for k, v in (nw.get("tens", {}) or {}).items()}
    groups = {str(k).lower(): float(v) for k, v in (nw.get("groups", {}) or {}).items()}
    scales = {str(k).lower(): float(v) for k, v in (nw.get("scales", {}) or {}).items()}
    values = units | tens
    words = [w for w, v in values.items() if v != 0] + list(groups) + list(scales)
    numword = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    a_before = "|".join(re.escape(w) for w in sorted((*groups, *scales), key=len, reverse=True))
    number = re.compile(
        _DIGITS + r"|(?P<w>(?i:\b(?:half[ \t]+a[ \t]+|a[ \t]+(?=(?:" + a_before + r")\b))?"
        rf"(?:{numword})\b(?:(?:[ \t]+|[ \t]*-[ \t]*|[ \t]+and[ \t]+)(?:{numword})\b)*))"
    )
    firsts = "".join(sorted({w[0] for w in words}))
    mult = packs.get("multipliers", {}) or {}
    m_words = {str(k).lower(): float(v) for k, v in (mult.get("words", {}) or {}).items()}
    m_abbr = {str(k).lower(): float(v) for k, v in (mult.get("abbreviations", {}) or {}).items()}
    m_letters = {str(k).lower(): float(v) for k, v in (mult.get("letters", {}) or {}).items()}
    spaced = "|".join(re.escape(w) for w in [*m_words, *m_abbr])
    attached = "|".join(re.escape(w) for w in [*m_abbr, *m_letters])
    qual = packs.get("qualifiers", {}) or {}
    qualifiers = {
        str(w).lower(): cls for cls in ("approx", "near", "min", "max") for w in (qual.get(cls, []) or [])
    }
    idents = packs.get("identifiers", {}) or {}
    return _Words(
        values=values,
        tens=frozenset(tens),
        groups=groups,
        scales=scales,
        and_after=frozenset(scales) | frozenset(w for w, v in groups.items() if v % 10 == 0),
        number=number,
        word_start=re.compile(rf"\b(?=[{firsts}])(?:{numword})\b"),
        word_token=re.compile(rf"(?i)\b(?:half|a|and|{numword})\b"),
        multiplier=re.compile(rf"(?:[ \t\u00a0]+(?i:{spaced})|(?i:{attached}))(?![\w])"),
        multiplier_values=m_words | m_abbr | m_letters,
        multiplier_first=_first_chars((), [*m_abbr, *m_letters]) if (m_abbr or m_letters) else None,
        multiplier_words=frozenset(m_words),
        multiplier_letters=frozenset(w for w, v in m_letters.items() if v >= 1e6),
        qualifiers=qualifiers,
        qualifier_last=frozenset(q.split()[-1] for q in qualifiers),
        qualifier_sizes=frozenset(q.count(" ") + 1 for q in qualifiers),
        also_prepositions=frozenset(str(w).lower() for w in qual.get("also-prepositions", []) or []),
        over_prepositions=frozenset(str(w).lower() for w in qual.get("over-prepositions", []) or []),
        id_words=frozenset(str(w).lower() for w in idents.get("words", []) or []),
        id_names=frozenset(str(w).lower() for w in idents.get("names", []) or []),
        id_followed_by=frozenset(str(w) for w in idents.get("followed-by", []) or []),
        street=_lazy(
            r"(?:[ \t]+[A-Z0-9][\w'’.]*){0,3}[ \t]+(?:"
            + "|".join(re.escape(w) for w in idents.get("street-suffixes", []) or ["Road"])
            + r")\b"
        ),
        street_first=_street_first(idents.get("street-suffixes", []) or ["Road"]),
        digits_attached=_lazy(_DIGITS.replace(_DIGITS_GUARD, "", 1)),
        **_build_lexicon(packs),
        age_before=frozenset(str(w).lower() for w in (packs.get("ages", {}) or {}).get("before", [])),
        change_words=frozenset(str(w).lower() for w in (packs.get("changes", {}) or {}).get("words", [])),
        **_build_age_units(packs),
        score_words=frozenset(str(w).lower() for w in (packs.get("scores", {}) or {}).get("words", [])),
        score_at=frozenset(str(w).lower() for w in (packs.get("scores", {}) or {}).get("at-words", [])),
        **_build_vague_fractions_rates(packs, numword),
    )


def _street_first(suffixes: list[str]) -> frozenset[str] | None:
    """What the word after a number's spaces starts with when a street may follow: a word of
    ``[A-Z0-9]`` or a street suffix (None: anything)."""
    first = _first_chars([str(w) for w in suffixes])
    return None if first is None else first | frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def _char_after_spaces(text: str, pos: int) -> str:
    n = len(text)
    while pos < n and text[pos] in " \t":
        pos += 1
    return text[pos : pos + 1]


def _build_age_units(packs: RulePacks) -> dict:
    """ "a 31-year-old", "six months old", "the 5-year-olds": the units of an age, from [ages]."""
    ages = packs.get("ages", {}) or {}
    units = _alt([str(w).lower() for w in ages.get("units", []) or []]) or "(?!)"
    nouns = _alt([str(w).lower() for w in ages.get("noun-units", []) or []]) or "(?!)"
    return {
        "age_unit": _lazy(rf"(?i)[-‑ \t]+({units})s?[-‑ \t]+old(?:s|er)?\b|[-‑]({nouns})-olds?\b"),
        "age_after": _lazy(rf"(?i)(?:[-‑ \t]+(?:{units})s?[-‑ \t]+old\b|[-‑](?:{nouns})-olds?\b)"),
    }


def _words_of(section: dict, key: str, lower: bool = True) -> list[str]:
    return [str(w).lower() if lower else str(w) for w in (section.get(key, []) or [])]


def _build_lexicon(packs: RulePacks) -> dict:
    nouns = packs.get("nouns", {}) or {}
    mult = packs.get("multipliers", {}) or {}
    idents = packs.get("identifiers", {}) or {}
    ages = packs.get("ages", {}) or {}
    rates = packs.get("rates", {}) or {}
    prefixes = _words_of(idents, "prefixes") or ["sub"]
    not_rate = _words_of(rates, "not-before") or ["ago"]
    not_names = _words_of(ages, "not-names", lower=False) or ["The"]
    return {
        "stop": frozenset(_words_of(nouns, "stop-words")),
        "irregular_plurals": frozenset(_words_of(nouns, "irregular-plurals")),
        "metre_words": frozenset(_words_of(mult, "metre-words")),
        "prefix": _lazy(rf"(?i)\b(?:{_alt(prefixes)})[-‑]$"),
        "year_leads": frozenset(_words_of(packs.get("years", {}) or {}, "leads")),
        "not_rate": _lazy(rf"[ \t]+(?:{_alt(not_rate)})\b"),
        "age_who": frozenset(_words_of(ages, "who")),
        "age_verbs": frozenset(_words_of(ages, "verbs")),
        "age_modals": frozenset(_words_of(ages, "modals")),
        "not_names": _lazy(rf"(?:{_alt(not_names)})\b"),
        "age_person_nouns": frozenset(_words_of(ages, "person-nouns")),
        "age_determiners": frozenset(_words_of(ages, "determiners")),
    }


def _firsts(words) -> str:
    return "".join(sorted({c for w in words for c in (w[0].lower(), w[0].upper())}))


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _first_chars(exact, any_case=()) -> frozenset[str] | None:
    """The ASCII characters a match of these words (``exact`` as written, ``any_case`` in any
    case) may start with, to skip a pattern cheaply; None (try it) when a word is empty, starts
    with a space, or is in any case and starts with a non-ASCII letter. Non-ASCII characters are
    never ruled out (see :func:`_may_start`)."""
    out: set[str] = set()
    for w in exact:
        if not w or w[0].isspace():
            return None
        out.add(w[0])
    for w in any_case:
        if not w or w[0].isspace() or not w[0].isascii():
            return None
        out.update((w[0].lower(), w[0].upper()))
    return frozenset(out)


def _may_start(c: str, first: frozenset[str] | None) -> bool:
    """Whether a match of words with these first characters may start with ``c``."""
    return first is None or c in first or not c.isascii()


def _build_vague_fractions_rates(packs: RulePacks, numword: str) -> dict:
    vague = packs.get("vague", {}) or {}
    vwords = {str(k).lower(): (float(v[0]), float(v[1])) for k, v in (vague.get("words", {}) or {}).items()}
    vprefix = {str(k).lower(): float(v) for k, v in (vague.get("prefix", {}) or {}).items()}
    # Each pattern starts at something rare (a fraction word, a "/", " in "), found by a fast scan;
    # the words around it are read by anchored patterns (a pattern that tries a long alternation at
    # every word boundary would make this the slowest step of extraction).
    vague_re = vague_pre = None
    if vwords:
        vague_re = re.compile(rf"(?i)\b(?=[{_firsts(vwords)}])(?P<v>{_alt(vwords)})\b(?![-‑])")
        if vprefix:
            vague_pre = _lazy(rf"(?i)\b(?P<pre>{_alt(vprefix)})[ \t]+of[ \t]+$")
    fr = packs.get("fractions", {}) or {}
    carry = packs.get("carry", {}) or {}
    nw = packs.get("number-words", {}) or {}
    scale_words = (
        _alt([str(k).lower() for part in ("scales", "groups") for k in (nw.get(part, {}) or {})]) or "(?!)"
    )
    fwords = {str(k).lower(): float(v) for k, v in (fr.get("words", {}) or {}).items()}
    determiners = _alt([str(w).lower() for w in fr.get("determiners", []) or []]) or "(?!)"
    fraction_re = fraction_n = None
    if fwords:
        fraction_re = re.compile(
            rf"(?i)\b(?=[{_firsts(fwords)}])(?P<f>{_alt(fwords)})\b"
            rf"(?=[ \t]+(?:of|{determiners}|an?(?=[ \t]+[A-Za-z])(?!\s+(?:{scale_words})\b))\b)"
            rf"|(?<![\w/⁄.])(?P<fa>\d{{1,3}})[/⁄](?P<fb>\d{{1,3}})(?=[ \t]+(?:of\b|[A-Za-z]))"
        )
        fraction_n = _lazy(rf"(?i)\b(?P<n>a|an|one|{numword})[ \t]*[-‑ ][ \t]*$")
    ratio_in = re.compile(r"[ \t](?:in|out[ \t]+of)[ \t]+")
    ratio_a = _lazy(rf"(?i)\b(?P<a>one|a|{numword}|\d{{1,3}})$")
    ratio_b = _lazy(rf"(?i)(?P<b>{numword}|\d{{1,3}})\b(?![.,]?\d)")
    rates = packs.get("rates", {}) or {}
    joiners = [str(w) for w in rates.get("joiners", []) or []]
    # " a month", " per gram", "/month"; hyphenated as an adjective: "a 52,000 barrel-a-day
    # refinery", "£24 a-year"
    rate_re = (
        re.compile(
            rf"(?:[ \t]+(?:{_alt(joiners)})[ \t]+|[ \t]*/[ \t]*|[-‑](?:{_alt(joiners)})[-‑]"
            rf"|[ \t]+(?:{_alt(joiners)})[-‑](?=[A-Za-z]))"
        )
        if joiners
        else None
    )
    return {
        "vague": vague_re,
        "vague_values": vwords,
        "vague_prefix": vprefix,
        "fraction": fraction_re,
        "fraction_n": fraction_n,
        "ratio": (ratio_in, ratio_a, ratio_b),
        "vague_pre": vague_pre,
        "fraction_values": fwords,
        "one_of": _lazy(rf"[ \t]+of[ \t]+(?:{determiners}|[A-Z][\w]*['’]s)\b"),
        "rate": rate_re,
        "rate_nouns": frozenset(str(w).lower() for w in rates.get("nouns", []) or []),
        "carry_forward": _lazy(rf"[ \t]*,?[ \t]+(?:[a-z]+,?[ \t]+)?(?:{_alt(carry['forward'])})[ \t]+")
        if carry.get("forward")
        else None,
        "carry_back": _lazy(rf"[-‑]?[ \t]+(?:{_alt(carry['back'])})[ \t]+") if carry.get("back") else None,
        "carry_parallel": _lazy(
            rf"(?:[ \t]+[A-Za-z][A-Za-z'’-]*){{0,8}}?,?[ \t]+(?:{_alt(carry['parallel'])})[ \t]+"
        )
        if carry.get("parallel")
        else None,
    }


def _parse_words(text: str, w_: _Words) -> tuple[float, int] | None:
    """Value of a run of number words and how many characters of it were used."""
    total, current = 0.0, 0.0
    used = 0
    half = False
    seen = False
    prev = ""
    for m in w_.word_token.finditer(text):
        w = m.group(0).lower()
        if w == "half":
            half = True
            continue
        if w == "a":
            current = max(current, 1.0)
            continue
        if w == "and":
            if prev not in w_.and_after:
                break
            continue
        if w in w_.values:
            v = w_.values[w]
            if seen and prev in w_.values and (prev not in w_.tens or v >= 10):
                break  # "two three" is not a number
            current += v
        elif w in w_.groups:
            current = max(current, 1.0) * w_.groups[w]
        else:
            total += max(current, 1.0) * w_.scales[w]
            current = 0.0
        seen = True
        prev = w
        used = m.end()
    if not seen:
        return None
    value = total + current
    if half:
        value *= 0.5
    return value, used


_RANGE_SEP = re.compile(r"[-–](?=[\d$£€¥₽₴₹])|[ \t]+[-–][ \t]+(?=\d)|[ \t]+(?:to|and|or)[ \t]+")
_RANGE_FIRST = frozenset("-– \t")  # what ``_RANGE_SEP`` starts with


@dataclass(frozen=True)
class _Dates:
    """What tells a number that is part of a date or a clock time ("5 May", "Tuesday 3", "9 a.m."),
    built from the calendar pack (months, weekdays and their abbreviations; time zones, clock
    words) and the datelines pack (day suffixes: "3rd")."""

    month_set: frozenset[str]  # month names and abbreviations, capitalised as written in prose
    date_words: frozenset[str]  # those and the weekday names and abbreviations
    month_after: re.Pattern  # "th of May" after a day number
    day_number: re.Pattern  # "3rd," before nothing else
    time_after: re.Pattern  # ":30", " a.m.", " GMT", " o'clock" after a number
    month_first: frozenset[str]  # what ``month_after`` may start with
    clock_first: frozenset[str] | None  # what a clock word may start with (after the spaces)


def _word_alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _build_dates(packs: RulePacks) -> _Dates:
    cal = packs.get("calendar", {}) or {}
    months = [str(w).capitalize() for w in (cal.get("months", []) or [])]
    months += [str(w).capitalize() for w in (cal.get("month-abbreviations", {}) or {})]
    days = [str(w).capitalize() for w in (cal.get("weekdays", []) or [])]
    days += [str(w).capitalize() for w in (cal.get("weekday-abbreviations", {}) or {})]
    suffixes = _word_alternation(
        [str(w) for w in ((packs.get("datelines", {}) or {}).get("day-suffixes", []) or [])]
    )
    suffix = f"(?:{suffixes})?" if suffixes else ""
    month_alt = _word_alternation(months) or "(?!)"

    def marks(words: list[str]) -> str:
        return "|".join(
            re.escape(w).replace(r"\ ", r"[ \t]+") + (r"\b" if w[-1:].isalnum() else "")
            for w in sorted(set(words), key=lambda w: (-len(w), w))
        )

    exact = marks([str(w) for w in (cal.get("time-zones", []) or []) + (cal.get("clock-marks", []) or [])])
    any_case = marks([str(w).lower() for w in (cal.get("clock-words", []) or [])])
    clock = "|".join(x for x in (exact, f"(?i:{any_case})" if any_case else "") if x)
    return _Dates(
        month_set=frozenset(months),
        date_words=frozenset(months) | frozenset(days),
        month_after=_lazy(rf"{suffix}(?:[ \t]+of)?[ \t]+(?:{month_alt})\b"),
        day_number=_lazy(rf"\d{{1,2}}{suffix},?"),
        time_after=re.compile(r"(?:[:.]\d\d(?!\d)" + (rf"|[ \t]*(?:{clock})" if clock else "") + ")"),
        month_first=frozenset(
            " \t"
            + "".join(str(w)[:1] for w in (packs.get("datelines", {}) or {}).get("day-suffixes", []) or [])
        ),
        clock_first=(
            _first_chars(
                [str(w) for w in (cal.get("time-zones", []) or []) + (cal.get("clock-marks", []) or [])],
                [str(w).lower() for w in (cal.get("clock-words", []) or [])],
            )
            if clock
            else frozenset()
        ),
    )


def _currency_before(before: str, t: _Tables) -> tuple[str | None, int]:
    """The currency symbol right before a figure ("£", "US$", "USD ") and the space after it."""
    gap = 0
    if before[-1:] in (" ", "\u00a0", "\t"):
        before, gap = before[:-1], 1
    if before[-1:] not in t.cur_before_last:
        return None, 0
    for k in range(min(t.cur_before_max, len(before)), 0, -1):
        sym = before[-k:]
        if sym in t.cur_before:
            if sym[0].isalpha() and before[-k - 1 : -k].isalnum():
                continue  # "XUSD"
            return sym, gap
    return None, 0


_INTL_PHONE = _lazy(r"(?:[ .-]\d{1,5})+")  # "+44 20 7946 0958"
_PHONE = _lazy(r"\(?\d{2,4}\)?[ .-]\d{3,4}[ .-]\d{3,4}\b")
_WORD_AFTER = re.compile(r"[ \t\u00a0]+([A-Za-z][A-Za-z'’-]*)")
_CONVERSION_GAP = _lazy(r"[ \t]*[(\[][ \t]*(?:or[ \t]+)?$")

_DEMONYM_PEOPLE = "people"


@dataclass(slots=True)
class _Num:
    start: int
    end: int
    value: float
    ulp: float
    step: float
    spelled: bool
    mult: bool = False
    factor: float = 1.0


_GROUPING = re.compile(r"[,\u00a0\u202f ]")
_LARGEST = 1e18  # beyond this a "number" is a run of digits or words, not a figure anyone wrote


def _scan_number(prose: str, m: re.Match, w_: _Words) -> _Num:
    raw = m.group("d")
    if raw is not None:
        d0 = m.start("d")
        if raw.isdigit():
            clean = raw
            value = float(clean)
            if value > _LARGEST:
                return _Num(d0, d0, 0.0, 1.0, 1.0, False)  # a run of digits, no figure
            stripped = clean.rstrip("0")
            zeros = len(clean) - len(stripped) if stripped else 0
            ulp, step = 1.0, 10.0**zeros
            end = d0 + len(raw)
            if m.string[end : end + 1] not in _SCIENTIFIC_FIRST:
                return _Num(d0, end, value, ulp, step, False)
            sci = _SCIENTIFIC.match(m.string, end)
            if sci:  # "1.99×10−30"
                factor = 10.0 ** (-int(sci.group(2)) if sci.group(1) else int(sci.group(2)))
                value, ulp, step, end = value * factor, ulp * factor, step * factor, sci.end()
            return _Num(d0, end, value, ulp, step, False)
        clean = _GROUPING.sub("", raw)
        value = float(clean)
        if not math.isfinite(value) or value > _LARGEST:
            return _Num(m.start("d"), m.start("d"), 0.0, 1.0, 1.0, False)  # "1" + ",000" * 103: no figure
        if "." in clean:
            decimals = len(clean.split(".")[1])
            ulp = step = 10.0**-decimals
        else:
            stripped = clean.rstrip("0")
            zeros = len(clean) - len(stripped) if stripped else 0
            ulp, step = 1.0, 10.0**zeros
        end = m.end("d")
        sci = _SCIENTIFIC.match(m.string, end) if m.string[end : end + 1] in _SCIENTIFIC_FIRST else None
        if sci:  # "1.99×10−30"
            factor = 10.0 ** (-int(sci.group(2)) if sci.group(1) else int(sci.group(2)))
            value, ulp, step, end = value * factor, ulp * factor, step * factor, sci.end()
        return _Num(m.start("d"), end, value, ulp, step, False)
    text = m.group("w")
    parsed = _parse_words(text, w_)
    if parsed is None or not math.isfinite(parsed[0]) or parsed[0] > _LARGEST:
        return _Num(m.start("w"), m.start("w"), 0.0, 1.0, 1.0, True)  # "hundred " * 155: no figure
    value, used = parsed
    if text[:used].strip().lower() in w_.groups or text[:used].strip().lower() in w_.scales:
        return _Num(m.start("w"), m.start("w"), 0.0, 1.0, 1.0, True)  # "dozen" alone: "a dozen" is read
    iv = int(value)
    zeros = 0
    while iv and iv % 10 == 0:
        iv //= 10
        zeros += 1
    step = 10.0**zeros if value == int(value) else 1.0
    ulp = 0.5 * 10.0 ** max(zeros - 1, 0) if value != int(value) else 1.0
    return _Num(m.start("w"), m.start("w") + len(text[:used].rstrip(" -\t")), value, ulp, step, True)


def _apply_multiplier(prose: str, num: _Num, currency_before: bool, w_: _Words) -> None:
    c = prose[num.end : num.end + 1]
    if not c or not (c in " \t\u00a0" or _may_start(c, w_.multiplier_first)):
        return
    mm = w_.multiplier.match(prose, num.end)
    if not mm:
        return
    word = mm.group(0).strip().lower()
    if word in ("m", "b") and not (mm.group(0) == "M" and not num.spelled):  # "4.3M" is millions
        if num.spelled:
            return
        if word == "b" and not currency_before:
            return
        if word == "m" and not currency_before:
            wa = _WORD_AFTER.match(prose, mm.end())
            nxt = wa.group(1).lower() if wa else ""
            if (
                not nxt
                or nxt in w_.metre_words
                or wa is None
                or not (nxt.endswith("s") or nxt == "people" or _plural_follows(prose, wa.end(), nxt, w_))
                or (nxt in w_.stop and nxt != "of")
            ):
                return
    elif num.spelled and word not in w_.multiplier_words:
        return
    factor = w_.multiplier_values[word]
    num.value *= factor
    num.ulp *= factor
    num.step *= factor
    num.end = mm.end()
    num.mult = True
    num.factor *= factor
    if factor < 1e3:
        _apply_multiplier(prose, num, currency_before, w_)  # "4 hundred million"


_OF_WHOSE = _lazy(r"[ \t]+(?:the|its|their|his|her|our|your|my|these|those)\b")


def _plural_follows(prose: str, pos: int, first: str, w_: _Words) -> bool:
    """After "5m" and its next word ``first`` (ending at ``pos``): a few modifiers and then a plural
    noun ("35m of its Echo devices", "2.7m combined digital and physical sales"): millions."""
    if first in w_.stop and first != "of":
        return False
    if first == "of":
        om = _OF_WHOSE.match(prose, pos)
        if om is None:
            return False
        pos = om.end()
    for _ in range(4):
        wm = _WORD_AFTER.match(prose, pos)
        if not wm:
            return False
        word = wm.group(1).strip("'’-").lower()
        if word in w_.metre_words or (word in w_.stop and word != "and"):
            return False
        if _is_plural(word, w_):
            return True
        pos = wm.end()
    return False


def _singular(word: str) -> str:
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def _is_plural(word: str, w_: _Words) -> bool:
    w = word.lower()
    return (
        w in w_.irregular_plurals
        or (w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 2)
        or (w.endswith("men") and len(w) > 5 and not w.endswith(("imen", "omen", "umen")))  # "fishermen"
    )


def _noun_phrase(prose: str, pos: int, noun: str | None) -> str | None:
    """The words from ``pos`` up to and including ``noun`` ("four different bosses": "different
    bosses"), when there are several or the noun is capitalised ("Americans"); as written."""
    if not noun:
        return None
    words: list[str] = []
    for _ in range(5):
        wm = _WORD_AFTER.match(prose, pos)
        if not wm:
            return None
        words.append(wm.group(1).strip("'’-"))
        if words[-1].lower() == noun:
            return " ".join(words) if len(words) > 1 or words[0][:1].isupper() else None
        pos = wm.end()
    return None


def _counted_noun(
    prose: str, pos: int, t: _Tables, singular: bool = False, whole: bool = False
) -> tuple[str | None, str | None]:
    """The noun a figure counts, read from ``pos``: the first plural ("1,100 public housing
    properties"), else a word of a run of lower-case words: the last for one ("one particular demand
    that"), the first for more ("a 12 page report", where the hyphen of "12-page" is left out).  Modifiers may be coordinated ("dozens of Kia and Hyundai vehicles").
    ``singular`` (the figure is one): a plural-looking word after the noun is its verb ("one proposal
    asks").  ``whole``: the noun a fraction is of, its head the last word ("half the ad revenue")."""
    last_lower: str | None = None
    first_lower: str | None = None
    verbish = False  # a participle was read ("400 charging stations"): only a plural ends the phrase
    seen = 0
    for _ in range(5):
        wm = _WORD_AFTER.match(prose, pos)
        if not wm:
            break
        word = wm.group(1).strip("'’-")
        low = word.lower()
        if low in t.noun_skip:
            if first_lower is not None:
                break  # "at one point last year"
            pos = wm.end()  # "eight more picks", "four separate concepts"
            seen += 1
            continue
        if low in ("and", "or") and seen and _coordinated(prose, wm.end(), t):
            pos = wm.end()  # "digital and physical sales"
            continue
        if (low in t.words.stop and not (word.isupper() and len(word) > 1)) or low in t.not_nouns:
            break  # (not "US")
        if low in t.noun_classes:
            return low, t.noun_classes[low]
        if _is_plural(word, t.words):
            if singular and last_lower is not None:
                break  # "one proposal asks"
            if word[0].isupper():
                return low, _DEMONYM_PEOPLE
            return low, _singular(low)
        seen += 1
        if word[0].islower():
            if low.endswith("ly"):
                pos = wm.end()  # "decently sized plants"
                continue
            if low.endswith(("ed", "ing")):
                verbish = True
            elif _word_after(prose, wm.end()).lower() == "than":
                return None, None  # "25k cheaper than": a comparison, no noun
            elif not verbish:
                last_lower = low
                first_lower = first_lower or low
        pos = wm.end()
    # one counts the head ("one particular demand"); more, the first noun ("a 12 page report")
    head = last_lower if singular or whole else first_lower
    if head is not None:
        return head, t.noun_classes.get(head, _singular(head))
    return None, None


def _coordinated(prose: str, pos: int, t: _Tables) -> bool:
    """After "and"/"or" at ``pos``: one more modifier and a plural noun ("and physical sales")."""
    wm = _WORD_AFTER.match(prose, pos)
    if not wm or wm.group(1).lower() in t.words.stop:
        return False
    wm2 = _WORD_AFTER.match(prose, wm.end())
    return wm2 is not None and _is_plural(wm2.group(1).strip("'’-"), t.words)


# ---------------------------------------------------------------------------------------------
# Extraction


@dataclass(slots=True)
class _Unit:
    start: int
    end: int
    spelling: str | None
    unit: str | None
    dimension: str
    family: str
    scale: float
    offset: float
    style: str | None
    expr: str = ""  # the pint expression ("" for units of a dimension of their own)
    label: str = ""  # how `newslint extract` names the unit
    also: tuple[str, ...] = ()


def _unit_after(prose: str, pos: int, t: _Tables, allow_adj: bool) -> _Unit | None:
    k, n = pos, len(prose)
    while k < n and prose[k] in " \t\u00a0\u202f":
        k += 1
    if k >= n or (prose[k] not in t.unit_first and not (allow_adj and prose[k] in "-‑")):
        return None
    ue = t.unit_re.end(prose, pos, k)  # (its lead is the run of spaces skipped above)
    adj = False
    if ue < 0 and allow_adj:
        ue = t.unit_adj_re.end(prose, pos)
        adj = ue >= 0
    if ue < 0:
        return None
    written = prose[pos:ue]
    # what follows is read only after a single letter ("5 m", "5m-long"): part of the key then
    key = (written, adj, prose[ue : ue + 1])
    found = t.unit_cache.get(key)
    if found is None:
        found = t.unit_cache[key] = _unit_of(written, adj, key[2], t)
    if not found:
        return None
    size, spelling_n, unit, dim, family, scale, offset, style, expr, label, also = found
    return _Unit(ue - size, ue, spelling_n, unit, dim, family, scale, offset, style, expr, label, also)


def _unit_of(written: str, adj: bool, nxt: str, t: _Tables) -> tuple:
    """What :func:`_unit_after` reads from a unit ``written`` right after a number (with the space
    before it): the length of its spelling and the fields of its :class:`_Unit`; () for no unit."""
    spelling = written[1:] if adj else written.strip(" \t\u00a0\u202f")
    spelling_n = " ".join(spelling.split())
    entry = t.units.find(spelling_n)
    if entry is None:
        return ()
    # single letters (m, C, F) must follow the number closely and not start a word
    gap = written[: len(written) - len(spelling)]
    if entry.attached and gap and not adj:
        return ()  # "300g" is grams; "300 g" may be a letter
    if len(spelling_n) == 1 and spelling_n.isalpha():
        if len(gap) > 1:
            return ()
        if nxt and (nxt.isalnum() or nxt in "-'’"):
            return ()
    expr, style = entry.expr, entry.style
    if expr.startswith("dim:"):
        dim = expr[4:]
        family = "percent" if dim in ("percent", "percentage point") else "other"
        return (len(spelling), spelling_n, dim, dim, family, 1.0, 0.0, style, "", entry.label, ())
    try:
        unit, dim, scale, offset = unit_info(expr)
    except Exception:  # a pack's pint expression pint cannot read: not a unit we know
        return ()
    dim = entry.kind or dim
    return (
        len(spelling),
        spelling_n,
        unit,
        dim,
        "physical",
        scale,
        offset,
        style,
        expr,
        entry.label,
        entry.also,
    )


def extract_quantities(doc: Document, packs: RulePacks | None) -> list[Quantity]:
    prose = doc.prose
    if prose is None:
        return []
    t = tables(packs)
    out: list[Quantity] = []
    starts = [m.start() for m in _DIGIT_START.finditer(prose)]
    attached = _attached_code_ends(prose, t)
    starts += attached
    for wm in t.words.word_start.finditer(prose.lower()):
        starts += {wm.start(), _word_lead(prose, wm.start())}
    starts.sort()
    pos = 0
    # A figure is read from at most ``t.reach`` characters before its number and never past the end
    # of its line (no pattern of the reader crosses a newline): two numbers with the same text
    # around them up to the end of their lines are read the same, at their own offsets. Lists and
    # tables of like rows ("- 1 km", "| 99 km |") are read once per kind of row.
    # key -> [figure or None, where to resume (relative), its offset, its fields (relative) or None]
    memo: dict[tuple[str, str, bool], list] | None = {} if t.reach else None
    last = len(prose) - 1  # (``$`` matches before a newline that ends the text: no memo there)
    reach, find, remembered = t.reach, prose.find, (memo.get if memo is not None else None)
    number, digits_attached = t.words.number, t.words.digits_attached
    run_last = -1  # where the last number of a run of bare numbers starts (see _NUMBER_RUN)
    for start in starts:
        if start < pos:
            continue
        if start == run_last:
            # the last number of a run: a figure if a unit or a noun follows it ("4 8 15 km")
            m = number.match(prose, start)
            if not m:
                continue
            q, pos = _read_figure(prose, m, t)
            if q is not None and not (q.family == "count" and q.noun is None):
                out.append(q)
            continue
        is_attached = start in attached
        key = None
        if remembered is not None:
            nl = find("\n", start, start + _MEMO_LINE)
            if 0 <= nl < last:
                # (the number's match reads no further than the key: a line seen is matched alike)
                key = (prose[max(0, start - reach) : start], prose[start : nl + 1], is_attached)
                seen = remembered(key)
                if seen is not None:
                    pos = start + seen[1]
                    if seen[0] is not None:
                        relative = seen[3]
                        out.append(
                            _moved(seen, start) if relative is None else _quantity_moved(relative, start)
                        )
                    continue
        if not is_attached:
            run = _NUMBER_RUN.match(prose, start)
            if run is not None:  # "4 8 15 16 23 42": a sequence of numbers, not figures
                pos = run_last = run.start("last")
                continue
        m = (digits_attached if is_attached else number).match(prose, start)
        if not m:
            continue
        q, pos = _read_figure(prose, m, t)
        if q is not None:
            out.append(q)
        if key is not None and memo is not None and len(memo) < _MEMO_SIZE:
            memo[key] = [q, pos - start, start, None]
    out = _merge(out, _read_vague_and_fractions(prose, t))
    out = _link_conversions(prose, out, t)
    out = _carry_units(prose, out, t)
    out = _link_changes(prose, out)
    _set_passages(doc, out)
    return out


_MEMO_LINE = 1000  # numbers this close to the end of their line are remembered (see extract_quantities):
# a paragraph written on one line is remembered whole (keys of up to 1,000 characters, 4,096 of them)
_MEMO_SIZE = 4096  # kinds of line remembered per document


def _moved(seen: list, start: int) -> Quantity:
    """The figure of a memo entry (see :func:`extract_quantities`) read at ``start``: its fields,
    kept in the entry with offsets relative to where it was first read, with the offsets moved
    (``None`` kept)."""
    relative = seen[3]
    if relative is None:
        q, at = seen[0], seen[2]
        values = [getattr(q, name) for name in _AT_ORDER]
        for i in _OFFSET_AT:
            if values[i] is not None:
                values[i] -= at
        relative = seen[3] = tuple(values)
    return _quantity_moved(relative, start)


def _mover() -> Any:
    """``move(values, d)``: the :class:`Quantity` of ``values`` (its fields in the order of
    ``_AT_ORDER``) with each offset moved by ``d`` (``None`` kept), its slots filled directly (see
    :func:`_quantity_maker`); a plain function of the same answer when the maker cannot be used."""
    import dataclasses

    fields = dataclasses.fields(Quantity)
    if not _maker_is_plain(_AT_ORDER) or {f.name for f in fields} != set(_AT_ORDER):

        def move(values: tuple, d: int) -> Quantity:
            moved = list(values)
            for i in _OFFSET_AT:
                if moved[i] is not None:
                    moved[i] += d
            return _quantity_at(*moved)

        return move
    env: dict[str, Any] = {"_new": object.__new__, "_Q": Quantity}
    body = []
    for i, f in enumerate(fields):
        env[f"_s{i}"] = getattr(Quantity, f.name).__set__
        k = _AT_ORDER.index(f.name)
        if f.name not in _OFFSETS:
            body.append(f" _s{i}(q, v[{k}])")
        elif f.name in ("start", "end", "number_start"):
            body.append(f" _s{i}(q, v[{k}] + d)")
        else:
            body.append(f" x = v[{k}]\n _s{i}(q, None if x is None else x + d)")
    src = "def move(v, d):\n q = _new(_Q)\n" + "\n".join(body) + "\n return q\n"
    exec(src, env)  # noqa: S102 - built from the dataclass's own field names
    return env["move"]


_LETTER_DIGIT = re.compile(r"\d(?<=[A-Za-z$]\d)")


def _attached_code_ends(prose: str, t: _Tables) -> set[int]:
    """Where a number starts right after a currency code ("USD10m", "$US160", "RM79")."""
    if t.cur_code_start is None:
        return set()
    out = set()
    for m in _LETTER_DIGIT.finditer(prose):
        i = m.start()
        if any(cm.end() == i for cm in t.cur_code_start.finditer(prose, max(0, i - 6), i + 1)):
            out.add(i)
    return out


def _set_passages(doc: Document, figures: list[Quantity]) -> None:
    """Set each figure's passage (paragraph): its index and a hash of its text, for the paragraph
    :meth:`Document.paragraph_at` finds (the last one starting at or before the figure, when the
    figure is not past its end). The facts were built here and are not shared yet: the field is set
    in place. Figures come in document order: the paragraph is walked to from the last figure's
    (searched for only when it is not the same or the next one), and a paragraph's text is hashed
    once however many paragraphs repeat it."""
    if not figures or doc.prose is None:
        return
    prose = doc.prose
    paragraphs = doc.paragraphs
    starts = [p.start for p in paragraphs]
    n = len(starts)
    digests: dict[str, str] = {}
    i = -1  # the last paragraph starting at or before the figure (-1: none)
    named = -2  # the paragraph ``name`` is of
    name = ""
    for q in figures:
        offset = q.start
        if i + 1 < n and starts[i + 1] <= offset:
            i += 1
            if i + 1 < n and starts[i + 1] <= offset:
                i = bisect.bisect_right(starts, offset) - 1
        elif i >= 0 and offset < starts[i]:
            i = bisect.bisect_right(starts, offset) - 1
        if i < 0 or offset > paragraphs[i].end:
            _set_passage(q, "")
            continue
        if i != named:
            para = paragraphs[i]
            text = prose[para.start : para.end]
            digest = digests.get(text)
            if digest is None:
                digest = digests[text] = hashlib.blake2b(text.encode("utf-8"), digest_size=6).hexdigest()
            name, named = f"{para.index}:{digest}", i
        _set_passage(q, name)


def _passage_setter() -> Any:
    slot: Any = Quantity.__dict__.get("passage")
    if type(slot).__name__ == "member_descriptor":
        return slot.__set__
    return lambda q, name: object.__setattr__(q, "passage", name)


_set_passage = _passage_setter()


def _merge(figures: list[Quantity], more: list[Quantity]) -> list[Quantity]:
    """``figures`` with the figures of ``more`` that overlap none of them, in document order."""
    if not more:
        return figures

    # a fraction beats the weak count it was read from ("one out of three Germans": 1/3, not 3)
    fractions = _Spans([m for m in more if not m.vague])
    figures = [q for q in figures if not ((q.weak or q.family == "count") and fractions.overlaps(q))]
    kept = _Spans(figures)
    keep = [m for m in more if not kept.overlaps(m)]
    return sorted(figures + keep, key=lambda q: q.start)


class _Spans:
    """Spans sorted by start, with the running maximum of their ends: whether a span overlaps any
    of them is one binary search (``_merge`` stays n log n however many figures a draft has)."""

    def __init__(self, facts: list[Quantity]) -> None:
        ordered = sorted((f.start, f.end) for f in facts)
        self.starts = [a for a, _ in ordered]
        self.max_ends: list[int] = []
        top = -1
        for _, b in ordered:
            top = max(top, b)
            self.max_ends.append(top)

    def overlaps(self, q: Quantity) -> bool:
        # some span starts before q ends and ends after q starts
        i = bisect.bisect_left(self.starts, q.end)
        return i > 0 and self.max_ends[i - 1] > q.start


def _read_vague_and_fractions(prose: str, t: _Tables) -> list[Quantity]:
    """Figures with no number in digits or plain words: "thousands of", "tens of thousands",
    "a third of", "two-thirds", "half the", "one in five"."""
    out: list[Quantity] = []
    w_ = t.words
    low = prose.lower()
    if w_.vague is not None and any(v in low for v in w_.vague_values):
        for m in w_.vague.finditer(prose):
            lo, hi = w_.vague_values[m.group("v").lower()]
            start = m.start()
            pm = w_.vague_pre.search(prose, max(0, start - 16), start) if w_.vague_pre else None
            if pm:
                factor = w_.vague_prefix[pm.group("pre").lower()]
                lo, hi, start = lo * factor, hi * factor, pm.start()
            out.append(_vague(prose, start, m.end(), lo, hi, t))
    if w_.fraction is not None and ("/" in low or "⁄" in low or any(f in low for f in w_.fraction_values)):
        for m in w_.fraction.finditer(prose):
            start = m.start()
            if m.group("f"):
                nm = w_.fraction_n.search(prose, max(0, start - 24), start) if w_.fraction_n else None
                if nm is None and m.group("f").lower() != "half":
                    continue  # "the final third of the pitch", "Fourth of July"
                value = w_.fraction_values[m.group("f").lower()]
                n = nm.group("n").lower() if nm else "a"
                count = 1.0 if n in ("a", "an") else (_parse_words(n, w_) or (1.0, 0))[0]
                value *= count
                start = nm.start() if nm else start
            else:
                a, b = float(m.group("fa")), float(m.group("fb"))
                if not b or a >= b:
                    continue
                value = a / b
            fq = _fraction_of_unit(prose, start, m.end(), value, t)
            if fq is None and (
                (not m.group("f") and not prose.startswith("of", m.end() + 1))
                or re.match(r"[ \t]+an?[ \t]", prose[m.end() : m.end() + 4])
            ):
                continue  # "1/2" or "half a" before a word that is no unit
            out.append(fq or _fraction(prose, start, m.end(), value, t))
    ratio_in, ratio_a, ratio_b = w_.ratio
    for m in ratio_in.finditer(prose):
        am = ratio_a.search(prose, max(0, m.start() - 12), m.start())
        bm = ratio_b.match(prose, m.end()) if am else None
        if not am or not bm:
            continue
        a_, b_ = _small_value(am.group("a"), w_), _small_value(bm.group("b"), w_)
        if not a_ or not b_ or a_ >= b_:
            continue
        out.append(_fraction(prose, am.start(), bm.end(), a_ / b_, t))
    return out


def _small_value(text: str, w_: _Words) -> float | None:
    if text.isdigit():
        return float(text)
    if text.lower() in ("a", "an"):
        return 1.0
    parsed = _parse_words(text, w_)
    return parsed[0] if parsed else None


def _vague(prose: str, start: int, end: int, lo: float, hi: float, t: _Tables) -> Quantity:
    of = re.match(r"[ \t]+of\b", prose[end : end + 4])
    after = end + (of.end() if of else 0)
    currency = None
    if t.cur_after_re is not None:
        ce = t.cur_after_re.end(prose, after)
        if ce >= 0:
            currency = t.cur_by_spelling.get("a:" + " ".join(prose[after:ce].split()).lower())
            if currency is not None:
                end = ce
    unit = _unit_after(prose, after, t, allow_adj=False) if currency is None else None
    noun = noun_class = None
    unit_name: str | None
    label: str | None
    if currency is not None:
        unit_name, dimension, family, scale, offset, label = (
            currency,
            f"currency:{currency}",
            "currency",
            1.0,
            0.0,
            currency,
        )
    elif unit is not None:
        unit_name, dimension, family, scale, offset, label = (
            unit.unit,
            unit.dimension,
            unit.family,
            unit.scale,
            unit.offset,
            unit.label,
        )
        end = unit.end
    else:
        unit_name, dimension, family, scale, offset, label = None, "count", "count", 1.0, 0.0, None
        noun, noun_class = _counted_noun(prose, after, t)
    return _new_quantity(
        start=start,
        end=end,
        text=" ".join(prose[start:end].split()),
        number_start=start,
        value=None,
        low=lo,
        high=hi,
        unit=unit_name,
        dimension=dimension,
        family=family,
        base_low=lo * scale + offset,
        base_high=hi * scale + offset,
        scale=scale,
        ulp=lo,
        step=lo,
        bound="vague",
        noun=noun,
        noun_class=noun_class,
        noun_phrase=_noun_phrase(prose, after, noun),
        spelled=True,
        label=label,
    )


_OF_A = _lazy(r"[ \t]+(?:of[ \t]+)?(?:an?[ \t]+)?(?=\S)")


def _fraction_of_unit(prose: str, start: int, end: int, value: float, t: _Tables) -> Quantity | None:
    """A fraction of a unit is a measure: "half a mile", "a quarter of an hour", "1/2 pound"."""
    om = _OF_A.match(prose, end)
    if om is None:
        return None
    unit = _unit_after(prose, om.end() - 1, t, allow_adj=False)
    if unit is None or unit.family != "physical" or unit.offset or unit.start != om.end():
        return None
    if om.group(0).strip() and not re.search(r"\ban?\s*$", om.group(0)):
        return None  # "half of miles"? only "of a", "a", or nothing ("1/2 pound")
    return _new_quantity(
        start=start,
        end=unit.end,
        text=" ".join(prose[start : unit.end].split()),
        number_start=start,
        value=value,
        low=value,
        high=value,
        unit=unit.unit,
        dimension=unit.dimension,
        family="physical",
        base_low=value * unit.scale,
        base_high=value * unit.scale,
        scale=unit.scale,
        ulp=value / 2,
        step=value / 2,
        spelling=unit.spelling,
        unit_start=unit.start,
        style=unit.style,
        spelled=True,
        label=unit.label,
        also=unit.also,
    )


def _fraction(prose: str, start: int, end: int, value: float, t: _Tables) -> Quantity:
    """A fraction: a share of a whole, in the percent dimension (base unit: percent)."""
    of = re.match(r"[ \t]+(?:of[ \t]+)?(?:the[ \t]+|its[ \t]+|their[ \t]+)?", prose[end : end + 16])
    at = end + (of.end() if of else 0) - 1
    noun, noun_class = _counted_noun(prose, at, t, whole=True) if of else (None, None)
    return _new_quantity(
        start=start,
        end=end,
        text=" ".join(prose[start:end].split()),
        number_start=start,
        value=value,
        low=value,
        high=value,
        unit="fraction",
        dimension="percent",
        family="percent",
        base_low=value * 100,
        base_high=value * 100,
        scale=100.0,
        ulp=0.02,
        step=0.1,
        noun=noun,
        noun_class=noun_class,
        noun_phrase=_noun_phrase(prose, at, noun),
        spelled=True,
        label="fraction",
        weak=True,
    )


def _word_lead(prose: str, start: int) -> int:
    """Where a run of number words begins: "a dozen", "half a million" start before the number word."""
    head = prose[max(0, start - 7) : start].lower()
    if head.endswith("half a "):
        return start - 7
    if head.endswith("a ") and (start < 2 or not prose[start - 3 : start - 2].isalpha()):
        return start - 2
    return start


@dataclass(slots=True)
class _Lead:
    """What is written before a number: a currency symbol, and the words before that."""

    lead: int  # where the figure's number (with its currency symbol) starts
    before: str  # up to 48 characters before ``lead`` (and before its sign)
    toks: list[str]  # the last words of ``before`` (none when no space separates them)
    currency: str | None  # ISO code of a currency written before the number
    sign: int = 0  # -1 for "-1.3%", "minus 5", "$-50.8bn"; +1 for "+0.2%"
    sign_start: int = 0  # where the sign is written
    sign_word: bool = False  # the sign is a word ("minus"): it holds even with no unit
    symbol: str = ""  # the currency as written before the number ("$", "US$")
    before_end: int = 0  # where ``before`` ends in the document

    @property
    def last(self) -> str:
        return self.toks[-1] if self.toks else ""


@dataclass(slots=True)
class _Qualifier:
    text: str = ""
    bound: str = ""
    start: int = 0


@dataclass(slots=True)
class _Range:
    high: _Num | None  # the second number of an interval
    unit: _Unit | None
    end: int
    change: bool = False  # "from 240 to 273": two figures, not an interval


class _NotAFigure(Exception):
    """Raised by a step of :func:`_read_figure`: this number is no figure; resume scanning at ``end``."""

    def __init__(self, end: int) -> None:
        self.end = end


def _read_figure(prose: str, m: re.Match, t: _Tables) -> tuple[Quantity | None, int]:
    """Read the figure whose number ``m`` matched; return it (or None) and where to resume."""
    num = _scan_number(prose, m, t.words)
    if num.end <= num.start:
        return None, m.end()
    try:
        lead = _read_lead(prose, num, t)
        age = _read_age(prose, num, lead, t)
        if age is not None:
            return age, age.end
        _reject_identifiers_and_dates(prose, num, lead, t)
        _apply_multiplier(prose, num, lead.currency is not None, t.words)
        _reject_attached_letters(prose, num, t)
        score = _read_score(prose, num, lead, t)
        if score is not None:
            return score, score.end
        qualifier = _read_qualifier(lead, t)
        rng = _read_range(prose, num, lead, t)
        currency, end = _read_currency_after(prose, lead.currency, rng, t)
        per, end = _read_rate(prose, end, currency, rng, t)
        q = _build_quantity(prose, num, lead, qualifier, rng, currency, end, t)
        if per is not None:
            q = _with_rate(prose, q, per)
        elif q.family == "count" and q.noun is not None:
            q = _count_rate(prose, q, t)
        return q, q.end
    except _NotAFigure as skip:
        return None, skip.end


# -- ages


# names in any script ("Łukasz Nowak", "Ødegaard"): the `regex` module's Unicode classes
_NAME_AFTER: Any = _LazyPattern(_regex_compile, r"[ \t]+((?:\p{Lu}[\w'’-]+)(?:[ \t]+\p{Lu}[\w'’-]+){0,2})")
_NAME_BEFORE: Any = _LazyPattern(
    _regex_compile, r"((?:\p{Lu}[\w'’-]+[ \t]+){0,2}\p{Lu}[\w'’-]+),[ \t]+(?:(?:a|an|the)[ \t]+)?$"
)
_NAME_PAREN: Any = _LazyPattern(_regex_compile, r"((?:\p{Lu}[\w'’-]+[ \t]+){0,2}\p{Lu}[\w'’-]+)[ \t]+\($")
_AGE_COMMA_AFTER = _lazy(r",[ \t]+(?=[a-z(]|of\b|from\b)|[ \t]*\)")


def _read_age(prose: str, num: _Num, lead: _Lead, t: _Tables) -> Quantity | None:
    """An age: "a 31-year-old", "31 years old", "aged 18 to 34", "Pippa Hale, 31, of Leeds"."""
    if lead.currency is not None or lead.sign or num.value != int(num.value):
        return None
    high: _Num | None = None
    end = num.end
    subject = None
    unit = "year"
    am = t.words.age_unit.match(prose, num.end) if prose[num.end : num.end + 1] in _AGE_FIRST else None
    low_last = lead.last.lower().rstrip(".,")
    if am:
        unit = (am.group(1) or am.group(2)).lower()
        end = am.end()
        nm = _NAME_AFTER.match(prose, end)
        if nm and not t.words.not_names.match(nm.group(1)):
            subject = nm.group(1)
        else:
            nb = _NAME_BEFORE.search(lead.before)
            subject = nb.group(1) if nb else None
    elif num.value > 200:
        return None
    elif (
        low_last in t.words.age_verbs and len(lead.toks) > 1 and lead.toks[-2].lower() in t.words.age_who
    ) and (_AGE_END.match(prose, num.end)):
        nb = _NAME_BEFORE.search(" ".join(lead.toks[:-2]) + ", ") if len(lead.toks) > 2 else None
        subject = nb.group(1) if nb else None
    elif (
        low_last == "be"
        and len(lead.toks) > 2
        and lead.toks[-2].lower() in t.words.age_modals
        and lead.toks[-3].lower() in t.words.age_who
        and _AGE_END.match(prose, num.end)
    ):  # "she will be 35 by the end of the year"
        nb = _NAME_BEFORE.search(" ".join(lead.toks[:-3]) + ", ") if len(lead.toks) > 3 else None
        subject = nb.group(1) if nb else None
    elif low_last in t.words.age_before or (
        low_last in ("between", "of") and len(lead.toks) > 1 and lead.toks[-2].lower() in t.words.age_before
    ):
        sep = _RANGE_SEP.match(prose, num.end) if prose[num.end : num.end + 1] in _RANGE_FIRST else None
        if sep:
            m2 = t.words.number.match(prose, sep.end())
            if m2:
                n2 = _scan_number(prose, m2, t.words)
                if n2.end > n2.start and n2.value > num.value and n2.value <= 200:
                    high, end = n2, n2.end
        nb = _NAME_BEFORE.search(lead.before[: len(lead.before) - len(lead.last) - 1] + " ")
        subject = nb.group(1) if nb else None
    elif (
        not num.spelled
        and lead.before.endswith(", ")
        and _AGE_COMMA_AFTER.match(prose, num.end)
        and 0 < num.value <= 120
    ):
        nb = _NAME_BEFORE.search(lead.before)
        if nb is None and _person_noun_before(lead, t.words):
            subject = None  # "A driver, 31, said": an age, of no named person
        elif (
            nb is None
            or nb.group(1).split()[-1].lower() in t.words.stop
            or nb.group(1).split()[-1] in t.dates.date_words
        ):
            return None
        else:
            subject = nb.group(1)
    elif (
        not num.spelled
        and 0 < num.value <= 120
        and lead.before.endswith(" (")
        and prose[num.end : num.end + 1] == ")"
    ):
        nb = _NAME_PAREN.search(lead.before)  # "Pippa Hale (31) said"
        if nb is None or nb.group(1).split()[-1].lower() in t.words.stop:
            return None
        subject = nb.group(1)
    else:
        return None
    unit_name, _dim, scale, offset = unit_info(unit)
    lo, hi = num.value, (high.value if high else num.value)
    start = num.start
    return _new_quantity(
        start=start,
        end=end,
        text=" ".join(prose[start:end].split()),
        number_start=start,
        value=lo if high is None else None,
        low=lo,
        high=hi,
        unit=unit,
        dimension="age",
        family="age",
        base_low=lo * scale + offset,
        base_high=hi * scale + offset,
        scale=scale,
        ulp=1.0,
        step=1.0,
        spelled=num.spelled,
        label=f"{unit}s old",
        subject=subject,
    )


def _person_noun_before(lead: _Lead, w_: _Words) -> bool:
    """Whether the words before ", 31," end in a person noun of the ages pack with a determiner at
    most two words before it: "A driver, 31,", "her husband, 42,", "a local driver, 31,"."""
    toks = lead.toks
    if len(toks) < 2 or not toks[-1].endswith(",") or toks[-1][:-1].lower() not in w_.age_person_nouns:
        return False
    for tok in reversed(toks[-4:-1]):
        if tok.endswith((",", ";", ":", ".")):
            return False
        if tok.lower() in w_.age_determiners:
            return True
    return False


_AGE_END = _lazy(r"[ \t]*(?:[,.;)]|$|[ \t]+(?:and|when|but|by|next|this|years?)\b)")


# -- scores


_SCORE = re.compile(r"[-–](\d{1,3})(?![\d.,]\d|[-–]|%)")
_SCORE_MORE = _lazy(r",?[ \t]+(\d{1,2})[-–](\d{1,2})(?![\d–-])")


def _read_score(prose: str, num: _Num, lead: _Lead, t: _Tables) -> Quantity | None:
    """A score: "won 2-1", "a 6-4, 7-5 win", "at 2-0 down". Needs a word of the ``scores`` pack
    within four words before it or right after it."""
    if num.spelled or num.mult or lead.currency is not None or num.value != int(num.value) or num.value > 300:
        return None
    sm = _SCORE.match(prose, num.end) if prose[num.end : num.end + 1] in ("-", "–") else None
    if not sm:
        return None
    parts = [num.value, float(sm.group(1))]
    end = sm.end()
    while True:
        more = _SCORE_MORE.match(prose, end)
        if not more or not (len(parts) < 10):
            break
        parts += [float(more.group(1)), float(more.group(2))]
        end = more.end()
    words = [w.lower().strip('.,;:()"“”') for w in lead.toks[-4:]]
    after = _WORD_AFTER.match(prose, end)
    nxt = after.group(1).lower() if after else ""
    level_or_high_first = parts[0] >= parts[1]
    at = bool(words) and words[-1] in t.words.score_at and level_or_high_first
    if not (set(words) & t.words.score_words or nxt in t.words.score_words or len(parts) > 2 or at):
        return None
    start = num.start
    first = parts[:2]
    return _new_quantity(
        start=start,
        end=end,
        text=prose[start:end],
        number_start=start,
        value=None,
        low=min(first),
        high=max(first),
        unit=None,
        dimension="score",
        family="score",
        base_low=min(first),
        base_high=max(first),
        scale=1.0,
        ulp=1.0,
        step=1.0,
        parts=tuple(parts),
    )


# -- rates


def _read_rate(
    prose: str, end: int, currency: str | None, rng: _Range, t: _Tables
) -> tuple[tuple[str, str, int] | None, int]:
    """A rate after a money figure or a unit: "$3,500 a month", "barrels a day", "$10 per gram",
    "100km/hr" (read by the units pack). Returns (denominator label, pint expression or "", end)."""
    if t.words.rate is None or (currency is None and rng.unit is None):
        return None, end
    jm = t.words.rate.match(prose, end) if prose[end : end + 1] in _RATE_FIRST else None
    if not jm:
        return None, end
    den = _unit_after(prose, jm.end() - 1 if prose[jm.end() - 1 : jm.end()] == " " else jm.end(), t, False)
    if den is not None and t.words.not_rate.match(prose, den.end):
        return None, end  # "$6.78 billion a year earlier"
    if den is not None and den.family == "physical" and den.expr:
        return (den.label or den.spelling or "", den.expr, den.end), den.end
    wm = re.match(r"([A-Za-z][\w ]{0,12}?)\b", prose[jm.end() : jm.end() + 14])
    if wm:
        for cand in sorted(t.words.rate_nouns, key=len, reverse=True):
            if wm.group(0).lower().startswith(cand) and (
                len(prose) <= jm.end() + len(cand) or not prose[jm.end() + len(cand)].isalpha()
            ):
                if currency is None:
                    return None, end  # "40 km a day" needs the unit: read above
                return (cand, "", jm.end() + len(cand)), jm.end() + len(cand)
    return None, end


_RATE_FIRST = frozenset(" \t/-‑")  # what ``rate`` starts with


def _count_rate(prose: str, q: Quantity, t: _Tables) -> Quantity:
    """A count per something ("63 cents per share", "3,000 tests a day", "78,000 times a minute"):
    the count keeps its noun and its matching; ``per`` names what it is per."""
    pos = _after_noun(prose, q)
    if t.words.rate is None or prose[pos : pos + 1] not in _RATE_FIRST:
        return q
    jm = t.words.rate.match(prose, pos)
    if jm is None:
        return q
    wm = _WORD_AFTER.match(prose, jm.end() - 1)
    if wm is None or wm.start() < jm.end() - 1:
        return q
    word = wm.group(1).lower()
    if word not in t.words.rate_nouns or t.words.not_rate.match(prose, wm.end()):
        return q
    return _replace(q, per=word)


def _with_rate(prose: str, q: Quantity, per: tuple[str, str, int]) -> Quantity:
    """The figure as a rate: money or a percentage per unit is a dimension of its own
    ("currency:USD/month"); a physical unit per unit goes through pint ("barrels a day"). The same
    number without the rate also sources it (a source may give the period elsewhere), and it also
    sources that number: ``also`` names the dimension without the rate."""
    label, expr, end = per
    text = " ".join(prose[q.start : end].split())
    also = (q.dimension, *q.also)
    if q.family in ("currency", "percent"):
        den = unit_info(expr)[0] if expr else label
        return _replace(q, end=end, dimension=f"{q.dimension}/{den}", per=label, text=text, also=also)
    if q.family == "physical" and expr and q.unit:
        try:
            unit, dim, scale, offset = unit_info(f"({q.unit}) / ({expr})")
        except Exception:
            return q
        if not dim.startswith("[") and dim not in _DIMENSION_NAMES.values():
            dim = f"{q.dimension} per {label}"
        return _replace(
            q,
            end=end,
            unit=unit,
            dimension=dim if offset == 0 else q.dimension,
            scale=scale,
            base_low=q.low * scale,
            base_high=q.high * scale,
            per=label,
            text=text,
            also=also,
        )
    return q


def _read_lead(prose: str, num: _Num, t: _Tables) -> _Lead:
    """Step 1: a currency symbol right before the number ("£1.5bn", "USD 40"), and the words before."""
    start = num.start
    sign, sign_start, sign_word = 0, start, False
    if not num.spelled and prose[start - 1 : start] in _SIGNS and _sign_may_start(prose, start - 1):
        sign, sign_start = _SIGNS[prose[start - 1]], start - 1  # "$-50.8bn" or "-1.3%"
    bend = sign_start if sign else start  # where ``before`` ends
    before = prose[max(0, bend - 48) : bend]
    currency = None
    symbol = ""
    lead = start
    if t.cur_before and not num.spelled:
        sym, gap = _currency_before(before, t)
        if sym is not None and sym in t.cur_before_amount and not _is_amount(prose, num, t):
            raise _NotAFigure(_skip_end(prose, num))  # "PS5" is a console, "PS5m" money
        if sym is not None:
            currency, symbol = t.cur_by_spelling["b:" + sym], sym
            lead = bend = bend - len(sym) - gap
            before = prose[max(0, bend - 48) : bend]
    if not sign and prose[lead - 1 : lead] in _SIGNS and _sign_may_start(prose, lead - 1):
        sign, sign_start = _SIGNS[prose[lead - 1]], lead - 1  # "-$5m"
        bend = sign_start
        before = prose[max(0, bend - 48) : bend]
    mw = _MINUS_WORD.search(before) if _may_end_minus(before) else None
    if not sign and mw:
        sign, sign_start, sign_word = -1, bend - len(before) + mw.start(1), True  # "minus 387"
        bend = sign_start
        before = before[: mw.start(1)]
    # (``str.split`` cuts at the characters ``\s`` matches: its words are those ``\S+`` finds)
    toks = before.split()[-5:] if before[-1:] in (" ", "\t", "\u00a0") else []
    return _Lead(lead, before, toks, currency, sign, sign_start, sign_word, symbol, bend)


def _is_amount(prose: str, num: _Num, t: _Tables) -> bool:
    """The number is written as an amount of money: grouped or decimal digits, or a multiplier
    ("21,700", "2.7", "6m")."""
    digits = prose[num.start : num.end]
    return "," in digits or "." in digits or bool(t.words.multiplier.match(prose, num.end))


def _word_after(prose: str, pos: int) -> str:
    wm = _WORD_AFTER.match(prose, pos)
    return wm.group(1) if wm else ""


_ATTACHED_WORD = re.compile(r"[A-Za-z]{1,3}(?![\w])")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_SIGNS = {"-": -1, "−": -1, "+": 1}
_MINUS_WORD = _lazy(r"(?i)(?:^|[ \t(,])(minus|negative)[ \t]*-?$")


def _may_end_minus(before: str) -> bool:
    """Whether ``_MINUS_WORD`` may match ``before`` ("minus", "negative", then spaces and a hyphen
    at the end, or before a final newline): in ASCII, only if the word is there in some case."""
    c = before.rstrip(" \t\n-")[-1:]  # the word's last letter, if it is there
    if not c or (c not in "sSeE" and c.isascii()):
        return False
    for b in (before, before[:-1]) if before.endswith("\n") else (before,):
        b = (b[:-1] if b.endswith("-") else b).rstrip(" \t")
        for word in ("minus", "negative"):
            tail = b[-len(word) :]
            if not tail.isascii() or tail.lower() == word:
                return True
    return False


def _sign_may_start(prose: str, k: int) -> bool:
    """Whether the sign at ``k`` starts a figure: after a space, a bracket or the start of a line,
    never inside a word ("F-16") or between two numbers ("2000-2500")."""
    return k == 0 or prose[k - 1] in " \t\n\u00a0([$£€¥"


def _reject_identifiers_and_dates(prose: str, num: _Num, lead: _Lead, t: _Tables) -> None:
    """Step 2: numbers in digits that name something ("Article 5", "F-16", "#3"), dates and times,
    phone numbers; and ages ("a 31-year-old")."""
    start, before, toks, last = num.start, lead.before, lead.toks, lead.last
    if lead.currency is None and not num.spelled:
        low_last = last.lower().rstrip(".")
        if (
            low_last in t.words.id_words
            or low_last in t.words.age_before
            or before.rstrip()[-1:] in ("#", "+")
        ):
            raise _NotAFigure(_skip_end(prose, num))
        if before[-1:] in ("-", "‑") and before[-2:-1].isalpha() and not t.words.prefix.search(before):
            raise _NotAFigure(_skip_end(prose, num))
        if (last.strip(".([") in t.dates.date_words and num.value == int(num.value) and num.value <= 31) or (
            last == "the" and len(toks) > 1 and toks[-2].rstrip(".,") in t.dates.date_words
        ):
            raise _NotAFigure(_skip_end(prose, num))
        if len(toks) > 1 and toks[-2].rstrip(".") in t.dates.month_set and t.dates.day_number.fullmatch(last):
            raise _NotAFigure(_skip_end(prose, num))
        if (
            start > 1
            and prose[start - 1] in "-‑"
            and prose[start - 2].isalnum()
            and not t.words.prefix.search(prose, max(0, start - 12), start)
        ):
            raise _NotAFigure(_skip_end(prose, num))
        if lead.sign == 1 and _INTL_PHONE.match(prose, num.end):
            raise _NotAFigure(_skip_end(prose, num, _INTL_PHONE.match(prose, num.end).end()))  # type: ignore[union-attr]
        phone = _PHONE.match(prose, start) if prose[start + 1 : start + 2].isdigit() else None
        if phone:
            raise _NotAFigure(_skip_end(prose, num, phone.end()))
        if _time_after(prose, num.end, t.dates):
            raise _NotAFigure(_skip_end(prose, num))
        if (
            num.value <= 31
            and num.value == int(num.value)
            and prose[num.end : num.end + 1] in t.dates.month_first
            and t.dates.month_after.match(prose, num.end)
        ):
            raise _NotAFigure(_skip_end(prose, num))
    if prose[num.end : num.end + 1] in _AGE_FIRST and t.words.age_after.match(prose, num.end):
        raise _NotAFigure(_skip_end(prose, num))


def _time_after(prose: str, end: int, d: _Dates) -> bool:
    """Whether a clock time's mark follows ``end`` (":30", " a.m.", " GMT"): ``d.time_after``,
    tried only where it may match."""
    c = prose[end : end + 1]
    if c in (":", ".") or d.clock_first is None:
        return d.time_after.match(prose, end) is not None
    k, n = end, len(prose)
    while k < n and prose[k] in " \t":
        k += 1
    if k >= n or not _may_start(prose[k], d.clock_first):
        return False
    return d.time_after.match(prose, end) is not None


_AGE_FIRST = frozenset("-‑ \t")  # what ``age_unit`` and ``age_after`` start with


def _reject_attached_letters(prose: str, num: _Num, t: _Tables) -> None:
    """Step 3 (after the multiplier): "1.2.3" is a version; "7th", "5G", "1990s" are no figures."""
    if num.spelled or num.mult:
        return
    nxt = prose[num.end : num.end + 1]
    if nxt in (".", "/", "⁄") and prose[num.end + 1 : num.end + 2].isdigit():
        raise _NotAFigure(_skip_end(prose, num))  # "1.2.3", "1/2" (a fraction is read apart), "24/7"
    am = _ATTACHED_WORD.match(prose, num.end) if prose[num.end : num.end + 1] in _ASCII_LETTERS else None
    if am and am.group(0) in t.cur_attached:
        return  # "164p"
    if nxt.isalpha() and t.unit_re.end(prose, num.end) < 0:
        raise _NotAFigure(_skip_end(prose, num))


def _read_qualifier(lead: _Lead, t: _Tables) -> _Qualifier:
    """Step 4: the qualifier before the figure ("at least", "up to"), longest first."""
    toks, before = lead.toks, lead.before
    out = _Qualifier(start=lead.lead)
    if not toks or toks[-1].lower() not in t.words.qualifier_last:
        return out
    low_toks = [w.lower() for w in toks[-4:]]
    for k in (4, 3, 2, 1):
        if len(low_toks) < k or k not in t.words.qualifier_sizes:
            continue  # (a qualifier of k words has k - 1 spaces)
        cand = " ".join(low_toks[-k:]).lstrip("(\"“‘'[")
        if cand in t.words.qualifiers:
            head = toks[-k - 1].lower().lstrip("(\"“‘'[") if len(toks) > k else ""
            if cand in t.words.also_prepositions and head in t.words.over_prepositions:
                break  # "control over 40 sq km": a preposition, not a qualifier
            # where the k-th word from the end starts ("as much as"): back over words and spaces
            i = len(before)
            for word in reversed(toks[-k:]):
                while before[i - 1].isspace():
                    i -= 1
                i -= len(word)
            word = toks[-k]
            out.text, out.bound = cand, t.words.qualifiers[cand]
            lstrip = len(word) - len(word.lstrip("(\"“‘'["))
            out.start = lead.before_end - len(before) + i + lstrip
            break
    return out


def _read_range(prose: str, num: _Num, lead: _Lead, t: _Tables) -> _Range:
    """Step 5: the unit, and the second number of an interval ("one to two kilometres", "0.6-1.2
    miles", "between 10 and 12"); "3-1" and "2014-15" are no figures."""
    low_last = lead.toks[-1].lower() if lead.toks else ""
    between = low_last == "between"
    change = low_last == "from"
    high_num: _Num | None = None
    end = num.end
    first_unit = _unit_after(prose, num.end, t, allow_adj=False)
    unit: _Unit | None = first_unit
    p1 = first_unit.end if first_unit else num.end
    sep = _RANGE_SEP.match(prose, p1) if prose[p1 : p1 + 1] in _RANGE_FIRST else None
    if low_last == "by" and (lead.currency is not None or first_unit is not None):
        sep = None  # "rose by $43.6bn to $419.2bn": a change and a level, two figures
    if sep and sep.group(0).strip() == "or" and not num.spelled:
        sep = None  # "three or four years" is an interval; "8 or 9" in digits is two figures
    if sep and (sep.group(0).strip() != "and" or between):
        p2 = sep.end()
        cm2 = None
        if lead.currency is not None:
            cm2 = t.cur_symbol.match(prose, p2)
            p2 = cm2.end() if cm2 else p2
            while p2 < len(prose) and prose[p2] in " \u00a0":
                p2 += 1
        m2 = (t.words.digits_attached if lead.currency is not None else t.words.number).match(prose, p2)
        n2 = _scan_number(prose, m2, t.words) if m2 else None
        if n2 is not None and n2.end > n2.start:
            _apply_multiplier(prose, n2, lead.currency is not None, t.words)
            unit2 = _unit_after(prose, n2.end, t, allow_adj=True)
            after2 = _word_after(prose, n2.end).lower()
            if (
                unit2 is None
                and first_unit is not None
                and (change or between)
                and (not after2 or after2 in t.words.stop)
            ):
                unit2 = first_unit  # "from 208 pounds to 193": the unit is written once
            if sep.group(0).strip() == "or" and not n2.spelled:
                n2 = None  # "three or 4": no interval
            elif first_unit is None or (unit2 is not None and unit2.dimension == first_unit.dimension):
                factor = n2.factor if n2.mult else _word_scale(num, n2, t.words)
                if (n2.mult or factor > 1) and not num.mult and num.value * factor <= n2.value:
                    num.value *= factor
                    num.ulp *= factor
                    num.step *= factor
                    num.mult = True
                if sep.group(0).strip() in "-–" and num.value >= n2.value:
                    raise _NotAFigure(n2.end)  # a score or a span of years: "3-1", "2014-15"
                if (
                    _is_yearish(num)
                    and _is_yearish(n2)
                    and first_unit is None
                    and unit2 is None
                    and not _is_plural(_word_after(prose, n2.end), t.words)
                ):
                    raise _NotAFigure(n2.end)  # "between 1600 and 1900"; not "from 1000 to 2000 hires"
                if _is_yearish(num) and (n2.mult or n2.ulp < 1 or n2.value < 1000):
                    return _Range(None, None, num.end)  # "in 2018 to 3.9 million": a year, then a figure
                high_num, unit, end = n2, unit2, n2.end
    if high_num is None and unit is None and prose[num.end : num.end + 1] in ("-", "‑"):
        # only an adjective ("a 20-kilometre zone") is left: the first reading found no other unit
        unit = _unit_after(prose, num.end, t, allow_adj=True)
    if unit is not None:
        end = max(end, unit.end)
    # "from $36,040 to $34,935" (high to low), "from £80 to £100" (each with its currency or unit):
    # a change between two figures, not an interval ("from one to two kilometres")
    change = (
        change
        and high_num is not None
        and (
            high_num.value < num.value
            or bool(sep and lead.currency and cm2)
            or bool(first_unit and unit)
            or _change_words_before(lead, t.words)
        )
    )
    return _Range(high_num, unit, end, change)


def _change_words_before(lead: _Lead, w_: _Words) -> bool:
    """Whether "from" follows a word of change, at most one word between: "rose from", "was cut
    sharply from" (see the ``changes`` pack)."""
    toks = lead.toks
    for tok in reversed(toks[-3:-1]):
        if tok.endswith((",", ";", ":", ".")):
            return False
        if tok.lower() in w_.change_words:
            return True
    return False


def _word_scale(num: _Num, n2: _Num, w_: _Words) -> float:
    """ "four to five thousand": the scale word of the second number applies to the first."""
    if not n2.spelled or num.value >= 1000:
        return 1.0
    for scale in sorted(w_.scales.values(), reverse=True):
        if n2.value >= scale and n2.value % scale == 0 and num.value * scale <= n2.value:
            return scale
    return 1.0


def _word_goes_on(prose: str, pos: int) -> bool:
    """A hyphen, an apostrophe or a dot and a letter at ``pos``: the letter before is a word's."""
    c = prose[pos : pos + 1]
    return c in ("-", "‑", "'", "’") or (c == "." and prose[pos + 1 : pos + 2].isalnum())


_SYMBOLS_AFTER = frozenset(" \u00a0€£¥₽₴₹₪₩₿")  # (a space, or a sign that is no letter and no "$")


def _read_currency_after(prose: str, currency: str | None, rng: _Range, t: _Tables) -> tuple[str | None, int]:
    """Step 7: a currency written after the figure ("40 million euros", "164p")."""
    end = rng.end
    if currency is None and rng.unit is None and t.cur_attached:
        am = _ATTACHED_WORD.match(prose, end) if prose[end : end + 1] in _ASCII_LETTERS else None
        if am and am.group(0) in t.cur_attached:
            return t.cur_attached[am.group(0)], am.end()
    if currency is None and rng.unit is None and prose[end : end + 1] in _SYMBOLS_AFTER:
        k = end + 1 if prose[end] in " \u00a0" else end
        sym = prose[k : k + 1]
        code = t.cur_by_spelling.get("b:" + sym) if sym in _SYMBOLS_AFTER and sym in t.cur_before else None
        if code is not None and not prose[k + 1 : k + 2].isalnum():
            return code, k + 1  # "1,200€", "15 €": the symbol after the amount, as in Europe
    if currency is None and rng.unit is None and t.cur_after_re is not None:
        ce = t.cur_after_re.end(prose, end)
        if ce >= 0 and prose[ce - 2 : ce - 1].isspace() and _word_goes_on(prose, ce):
            ce = -1  # a letter of a word: "5 p-values"
        if ce >= 0:
            currency = t.cur_by_spelling.get("a:" + " ".join(prose[end:ce].split()).lower())
            if currency is not None:
                end = ce
    return currency, end


def _reject_bare_counts(
    prose: str, num: _Num, lead: _Lead, qualifier: _Qualifier, rng: _Range, t: _Tables
) -> bool:
    """Step 8, for figures with no unit: years, identifiers after a name ("Boeing 737", "S&P 500",
    "iPhone 11") and street numbers are no figures.  True for a small number in words ("the two
    nations"): a weak figure, read only with the noun it counts."""
    high_num, end, last = rng.high, rng.end, lead.last
    hi = max(num.value, high_num.value) if high_num else num.value
    if high_num is None and _is_year(num) and not qualifier.text:
        raise _NotAFigure(end)
    if (
        high_num is None
        and _is_yearish(num)
        and last.lower().strip("(") in t.words.year_leads
        and not _is_plural(_word_after(prose, end), t.words)
    ):
        raise _NotAFigure(end)  # "in 1907", "by 2120"; not "of 1500 homes"
    if num.spelled and hi < 10 and not num.mult and (high_num is None or high_num.spelled):
        return True  # "the two nations": read only with a counted noun, and weak
    if high_num is None and last.lower().strip('("“') in t.words.id_names:
        raise _NotAFigure(end)
    if (
        num.value == int(num.value)
        and not num.spelled
        and prose[end : end + 1] in (" ", "\t")
        and _may_start(_char_after_spaces(prose, end), t.words.street_first)
        and t.words.street.match(prose, end)
    ):
        raise _NotAFigure(end)  # "575 Wilbraham Road", "16-18 Industrial Avenue"
    after = _WORD_AFTER.match(prose, end)
    if after and after.group(1) in t.words.id_followed_by and not num.spelled:
        raise _NotAFigure(end)  # "iPhone 11 Pro", "737 Max", "90049 ZIP Code"
    if num.mult or qualifier.text:
        return False
    if not num.spelled and high_num is None and num.value < 10000:
        word = last.lstrip("(\"“‘'")
        if (
            word
            and word[0].isalpha()
            and (word[0].isupper() or any(c.isupper() for c in word[1:]))
            and all(c.isalnum() or c in "&/-." for c in word)
            and word.lower() not in t.words.stop
            and word.lower() not in t.words.qualifiers
            and lead.before[-2:-1] not in ("\n",)
        ):
            raise _NotAFigure(end)
    return False


def _is_yearish(num: _Num) -> bool:
    """A four-digit whole number a year may be written as (1000-2199)."""
    return (
        not num.spelled
        and not num.mult
        and num.ulp == 1.0
        and 1000 <= num.value <= 2199
        and num.end - num.start == 4
    )


# The fields of a figure in the order ``_quantity_at`` takes them (positional arguments are half
# the cost of keywords for 34 fields); the order is this module's own, not the dataclass's.
_AT_ORDER = (
    "start", "end", "text", "number_start", "value", "low", "high", "unit", "dimension", "family",
    "base_low", "base_high", "scale", "ulp", "step", "qualifier", "bound", "noun", "noun_class",
    "noun_phrase", "spelling", "unit_start", "style", "spelled", "conversion_of", "label", "subject",
    "parts", "weak", "change", "passage", "per", "signed", "also",
)  # fmt: skip


def _quantity_maker(order: tuple[str, ...] | None) -> Any:
    """A function that builds a :class:`Quantity` from the same keywords (``order`` None) or from
    the fields of ``order`` as positional arguments, filling its slots directly: several times as
    fast as the frozen dataclass's ``__init__`` (which sets each of its 34 fields through
    ``object.__setattr__``). The class itself (behind the same arguments) when it has anything
    more to do on creation or fields the maker cannot fill."""
    import dataclasses

    fields = dataclasses.fields(Quantity)
    if not _maker_is_plain(order):
        if order is None:
            return Quantity
        return lambda *values: Quantity(**dict(zip(order, values, strict=True)))
    env: dict[str, Any] = {"_new": object.__new__, "_Q": Quantity}
    params, body = [], []
    for i, f in enumerate(fields):
        env[f"_s{i}"] = getattr(Quantity, f.name).__set__
        if order is not None and f.name not in order:
            env[f"_d{i}"] = f.default
            body.append(f" _s{i}(q, _d{i})")
            continue
        if order is None:
            if f.default is dataclasses.MISSING:
                params.append(f.name)
            else:
                env[f"_d{i}"] = f.default
                params.append(f"{f.name}=_d{i}")
        body.append(f" _s{i}(q, {f.name})")
    if order is not None:
        params = list(order)
    src = f"def make({', '.join(params)}):\n q = _new(_Q)\n" + "\n".join(body) + "\n return q\n"
    exec(src, env)  # noqa: S102 - built from the dataclass's own field names
    return env["make"]


def _maker_is_plain(order: tuple[str, ...] | None) -> bool:
    """Whether a :class:`Quantity` may be built by filling its slots (see :func:`_quantity_maker`)."""
    import dataclasses

    fields = dataclasses.fields(Quantity)
    names = {f.name for f in fields}
    return (
        Quantity.__init__.__qualname__ == "Quantity.__init__"
        and not hasattr(Quantity, "__post_init__")
        and all(f.default_factory is dataclasses.MISSING and f.init for f in fields)
        and all(type(getattr(Quantity, f.name, None)).__name__ == "member_descriptor" for f in fields)
        and (
            order is None
            or (
                set(order) <= names
                and all(f.name in order or f.default is not dataclasses.MISSING for f in fields)
            )
        )
    )


_new_quantity = _quantity_maker(None)
_quantity_at = _quantity_maker(_AT_ORDER)
_OFFSETS = ("start", "end", "number_start", "unit_start", "conversion_of")  # fields that are offsets
_OFFSET_AT = tuple(i for i, name in enumerate(_AT_ORDER) if name in _OFFSETS)
_quantity_moved = _mover()


def _build_quantity(
    prose: str,
    num: _Num,
    lead: _Lead,
    qualifier: _Qualifier,
    rng: _Range,
    currency: str | None,
    end: int,
    t: _Tables,
) -> Quantity:
    """Step 9: the fact, with its dimension from the currency, the unit or the counted noun."""
    high_num, unit = rng.high, rng.unit
    sign = lead.sign if (lead.sign_word or currency is not None or unit is not None) else 0
    values = [num.value * (sign or 1)] if high_num is None else [num.value * (sign or 1), high_num.value]
    lo, hi = min(values), max(values)
    if sign:
        qualifier.start = min(qualifier.start, lead.sign_start)
    noun = noun_class = None
    np_at = end  # where the counted noun's phrase starts
    spelling = style = unit_start = None
    label: str | None = None
    unit_name: str | None
    weak = False
    also: tuple[str, ...] = ()
    if currency is not None:
        unit_name, dimension, family, scale, offset = currency, f"currency:{currency}", "currency", 1.0, 0.0
        label = currency
        also = t.cur_also.get(lead.symbol, ())
    elif unit is not None:
        unit_name, dimension, family, scale, offset = (
            unit.unit,
            unit.dimension,
            unit.family,
            unit.scale,
            unit.offset,
        )
        spelling, style, unit_start, label = unit.spelling, unit.style, unit.start, unit.label
        also = unit.also
        # "two weeks", "three hours": small periods in words are weak figures
        weak = unit.dimension == "time" and num.spelled and hi < 10 and not num.mult
    else:
        unit_name, dimension, family, scale, offset = None, "count", "count", 1.0, 0.0
        weak = _reject_bare_counts(prose, num, lead, qualifier, rng, t)
        noun, noun_class = (
            _hyphen_noun(prose, end, t)
            if not (
                prose[num.start - 1 : num.start] in ("-", "‑")
                and prose[num.start - 2 : num.start - 1].isalpha()
            )
            else (None, None)  # "a production-four-door record": inside a compound
        )
        if noun is None:
            noun, noun_class = _counted_noun(prose, end, t, singular=num.value == 1 and high_num is None)
        if noun is None:
            noun, noun_class, np_at = _weak_noun(prose, num, end, t)
        if weak and noun is None:
            raise _NotAFigure(end)
    return _quantity_at(  # in the order of _AT_ORDER
        qualifier.start,  # start
        end,  # end
        " ".join(prose[qualifier.start : end].split()),  # text
        lead.lead,  # number_start
        lo if high_num is None else None,  # value
        lo,  # low
        hi,  # high
        unit_name,  # unit
        dimension,  # dimension
        family,  # family
        lo * scale + offset,  # base_low
        hi * scale + offset,  # base_high
        scale,  # scale
        max(num.ulp, high_num.ulp if high_num else 0.0),  # ulp
        max(num.step, high_num.step if high_num else 0.0),  # step
        qualifier.text,  # qualifier
        qualifier.bound,  # bound
        noun,  # noun
        noun_class,  # noun_class
        _noun_phrase(prose, np_at, noun),  # noun_phrase
        spelling,  # spelling
        unit_start,  # unit_start
        style,  # style
        num.spelled,  # spelled
        None,  # conversion_of
        label,  # label
        None,  # subject
        (num.value * (sign or 1), high_num.value) if rng.change and high_num else (),  # parts
        weak,  # weak
        rng.change,  # change
        "",  # passage
        None,  # per
        bool(sign),  # signed
        also,  # also
    )


# "a 12-page report", "a four-cylinder engine", "four-, five- and six-cylinder engines"
_HYPHEN_NOUN = _lazy(
    r"[-‑](?:,?[ \t]+(?:(?:and|or)[ \t]+)?(?:\w+[-‑],?[ \t]+(?:(?:and|or)[ \t]+)?)?\w+[-‑])?"
    r"([a-z]{3,})(?![\w‑-])"
)


def _hyphen_noun(prose: str, end: int, t: _Tables) -> tuple[str | None, str | None]:
    """The noun of a count written as a compound adjective: "a 12-page report" counts pages."""
    if prose[end : end + 1] not in ("-", "‑"):
        return None, None
    hm = _HYPHEN_NOUN.match(prose, end)
    if hm is None:
        return None, None
    word = hm.group(1)
    if word in t.words.stop or word in t.not_nouns or word.endswith(("ed", "ing", "fold")):
        return None, None  # "a one-off", "two-pronged", "fivefold"
    if t.units.find(word) is not None:
        return None, None  # "a 7- or 8-inch screen": a measure, read as one
    return word, t.noun_classes.get(word, word)


_TIMES = _lazy(r"[ \t]+(times)\b|(?i:[-‑]?fold)\b")
_TIMES_FIRST = frozenset(" \t-‑fF")


def _weak_noun(prose: str, num: _Num, end: int, t: _Tables) -> tuple[str | None, str | None, int]:
    """The noun of a figure that the counted-noun reader does not see, and where its phrase starts:
    "one of the best speakers", "two of Hale's deputies" (a part of a whole), "four times",
    "sixfold" (times)."""
    tm = _TIMES.match(prose, end) if _may_start(prose[end : end + 1], _TIMES_FIRST) else None
    if tm:
        return "times", "times", end
    om = t.words.one_of.match(prose, end) if prose[end : end + 1] in (" ", "\t") else None
    if om:
        noun, cls = _counted_noun(prose, om.end(), t)
        if noun is not None:
            of_end = prose.index("of", om.start()) + 2
            # a possessor is part of the phrase ("Hale's deputies"), a determiner is not
            at = of_end if prose[om.end() - 2 : om.end()] in ("'s", "’s") else om.end()
            return noun, cls, at
    return None, None, end


def _is_year(num: _Num) -> bool:
    return (
        not num.spelled
        and not num.mult
        and num.ulp == 1.0
        and 1900 <= num.value <= 2099
        and num.end - num.start == 4
    )


def _skip_end(prose: str, num: _Num, end: int | None = None) -> int:
    return max(end or num.end, num.start + 1)


def _link_conversions(prose: str, quantities: list[Quantity], t: _Tables | None = None) -> list[Quantity]:
    """Mark the second half of "800 sq km (310 sq miles)" as a conversion of the first."""
    if "(" not in prose and "[" not in prose:
        return quantities  # (a conversion is written in brackets)
    out: list[Quantity] = []
    for q in quantities:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.family in ("physical", "currency")
            and q.family == prev.family
            and q.start - prev.end <= 8
            and _CONVERSION_GAP.fullmatch(prose[prev.end : q.start])
        ):
            q = _replace(q, conversion_of=prev.start, bound=q.bound or prev.bound)
            if t is not None and q.family == "currency" and not q.per and not prev.per:
                prev, q = _rate_after_conversion(prose, prev, q, t)
                out[-1] = prev
        out.append(q)
    return out


def _rate_after_conversion(prose: str, a: Quantity, b: Quantity, t: _Tables) -> tuple[Quantity, Quantity]:
    """ "C$6 (US$4.46) per share", "9 billion shekels ($2.4 billion) a year": the rate after the
    brackets is the rate of both amounts (their spans stay as written)."""
    close = b.end
    while close < len(prose) and prose[close] in " \t":
        close += 1
    if prose[close : close + 1] not in (")", "]"):
        return a, b
    per, _end = _read_rate(prose, close + 1, b.unit, _Range(None, None, close + 1), t)
    if per is None:
        return a, b
    label, expr, _ = per
    return _with_rate(prose, a, (label, expr, a.end)), _with_rate(prose, b, (label, expr, b.end))


_CARRY_GAP = 24  # the most characters between two figures that share a unit
_PARALLEL_GAP = 60  # ... between a count's noun and a bare number in a parallel clause
_CARRY_END = _lazy(r"[ \t]*(?:$|[,.;:)\]]|[-‑](?=[ \t])|[ \t]+(?P<w>[A-Za-z]+))")


def _carries(q: Quantity) -> bool:
    """A figure whose unit an elided neighbour may share: money, a measure or a count of a noun;
    not a percentage (a change "0.1% to 1,333" ends at a level), an age, a score or a rate."""
    if q.vague or q.weak or q.per or q.family in ("percent", "age", "score"):
        return False
    if q.family == "count":
        return q.noun_class is not None
    return q.base_low == q.low * q.scale  # (no offset: not temperatures)


def _bare(prose: str, q: Quantity, t: _Tables) -> bool:
    """A number with no unit and no noun of its own, followed by punctuation or a function word
    ("... to 4,577.10.", "up from 2.4 million in 2017")."""
    if q.family != "count" or q.noun is not None or q.weak or q.vague or q.signed:
        return False
    em = _CARRY_END.match(prose, q.end)
    return em is not None and (em.group("w") is None or em.group("w").lower() in t.words.stop)


def _carry_units(prose: str, quantities: list[Quantity], t: _Tables) -> list[Quantity]:
    """A bare number next to a figure with a unit, joined to it by grammar, shares that unit:
    "rose 64.06 points to 4,577.10", "3.9 million headsets, up from 2.4 million", "about 8 or $9",
    "a 7- or 8-inch screen".  The joining words are the numbers pack's ``carry`` lists."""
    fwd, back, par = t.words.carry_forward, t.words.carry_back, t.words.carry_parallel
    if fwd is None and back is None and par is None:
        return quantities
    out = list(quantities)
    # (every case needs one of the two to be a bare count: a list of measures is passed over cheaply)
    maybe_bare = [q.family == "count" and q.noun is None for q in out]
    for i in range(1, len(out)):
        if not (maybe_bare[i] or maybe_bare[i - 1]):
            continue
        a, b = out[i - 1], out[i]
        gap = b.start - a.end
        if gap < 0 or gap > 2 * _PARALLEL_GAP:
            continue
        a_end = _after_noun(prose, a)
        if (
            fwd is not None
            and b.start - a_end <= _CARRY_GAP
            and _carries(a)
            and _bare(prose, b, t)
            and fwd.fullmatch(prose, a_end, b.start)
        ) or (
            par is not None
            and a.family == "count"
            and b.start - a_end <= _PARALLEL_GAP
            and _carries(a)
            and _bare(prose, b, t)
            and par.fullmatch(prose, a_end, b.start)
        ):
            out[i] = _with_unit_of(b, a)
        elif (
            back is not None
            and _carries(b)
            and _bare(prose, a, t)
            and a.end == a.start + len(a.text)  # (the text is the number as written)
            and back.fullmatch(prose, a.end, b.start)
            and not (b.family == "physical" and " of" in prose[a.end : b.start])  # "3 of the 5 km races"
        ):
            out[i - 1] = _with_unit_of(a, b)
    return out


_FROM_BEFORE = _lazy(r"(?i)\bfrom[ \t]+$")
# what may stand between the two ends of a change: a few words, none of them a figure ("from $36,040
# at 10.45pm last night to $34,935", "from 20 mpg in 2008 to 29 mpg"), then "to" (or "from")
_CHANGE_WORDS = r"(?:[ \t]+[^\s.;:!?,()\[\]]+(?:\.\S+)?){0,5}?[ \t]+"
_CHANGE_TO = _lazy(_CHANGE_WORDS + r"to[ \t]+")
_CHANGE_UP_TO = _lazy(_CHANGE_WORDS)  # "from 450 sq ft |up to 900 sq ft"
_CHANGE_GAP = 40


def _link_changes(prose: str, quantities: list[Quantity]) -> list[Quantity]:
    """Two figures of one kind that are the ends of one change with words between them: "from
    $36,040 at 10.45pm to $34,935", "from 20 mpg in 2008 to 29 mpg", "from 450 sq ft up to 900 sq
    ft": one change interval (both ends still figures of their own), as when the two are
    written side by side ("from $36,040 to $34,935")."""
    if "from" not in prose and "From" not in prose:
        return quantities
    out: list[Quantity] = []
    for q in quantities:
        a = out[-1] if out else None
        if a is not None and _change_ends(prose, a, q):
            out[-1] = _change_of(prose, a, q)
            continue
        out.append(q)
    return out


def _change_ends(prose: str, a: Quantity, b: Quantity) -> bool:
    if a.value is None or b.value is None or a.change or b.conversion_of is not None:
        return False
    if a.family in ("age", "score") or a.dimension != b.dimension or a.vague or b.vague or a.weak or b.weak:
        return False
    if a.family == "count" and (a.noun_class is None or b.noun_class not in (None, a.noun_class)):
        return False
    if b.qualifier and b.qualifier != "up to":
        return False
    a_end = _after_noun(prose, a)
    if b.start - a_end > _CHANGE_GAP or b.start < a_end:
        return False
    head = prose[max(0, a.start - 6) : a.start]
    if _FROM_BEFORE.search(head):
        if b.qualifier:
            return (
                prose.startswith("up to", b.start)
                and _CHANGE_UP_TO.fullmatch(prose, a_end, b.start) is not None
            )
        return _CHANGE_TO.fullmatch(prose, a_end, b.start) is not None
    return False


def _change_of(prose: str, a: Quantity, b: Quantity) -> Quantity:
    """The change interval from ``a`` to ``b``."""
    return _replace(
        a,
        end=b.end,
        text=" ".join(prose[a.start : b.end].split()),
        value=None,
        low=min(a.low, b.low),
        high=max(a.high, b.high),
        base_low=min(a.base_low, b.base_low),
        base_high=max(a.base_high, b.base_high),
        ulp=max(a.ulp, b.ulp),
        step=max(a.step, b.step),
        parts=(a.value, b.value),
        change=True,
        qualifier="",
        bound="",
    )


def _after_noun(prose: str, q: Quantity) -> int:
    """Where a count's noun phrase ends ("64 points| to"); the figure's end for other figures."""
    pos = q.end
    if q.family != "count" or q.noun is None:
        return pos
    for _ in range(6):
        wm = _WORD_AFTER.match(prose, pos)
        if not wm:
            break
        pos = wm.end()
        if wm.group(1).strip("'’-").lower() == q.noun:
            return pos
    return q.end


def _with_unit_of(q: Quantity, u: Quantity) -> Quantity:
    """``q`` (a bare number) in the unit, currency or counted noun of ``u``."""
    return _replace(
        q,
        unit=u.unit,
        dimension=u.dimension,
        family=u.family,
        base_low=q.low * u.scale,
        base_high=q.high * u.scale,
        scale=u.scale,
        noun=u.noun,
        noun_class=u.noun_class,
        noun_phrase=u.noun_phrase,
        label=u.label,
        also=u.also,
    )


def _replace(q: Quantity, **changes) -> Quantity:
    import dataclasses

    return dataclasses.replace(q, **changes)


def _extract(doc: Document, packs: RulePacks) -> list[Quantity]:
    return extract_quantities(doc, packs)


EXTRACTOR = Extractor(kind="quantities", fact_type=Quantity, extract=_extract, version="5")
