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

Not figures: years, dates, times, ordinals, ages, model and product names (F-16, COVID-19, G7,
Boeing 737), identifiers (Article 5, No. 10), phone numbers, scores ("3-1"), vague plurals
("dozens", "thousands"), and numbers one to nine written as words with no unit ("the two nations",
"one soldier").

Unit spellings, currencies and counted-noun classes come from the ``units`` rule pack
(``rules/units.toml``); pint is loaded only when a document holds a unit.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from newslint.facts import Fact
from newslint.rule import Extractor

if TYPE_CHECKING:
    from newslint.document import Document
    from newslint.rulepacks import RulePacks

# ---------------------------------------------------------------------------------------------
# The fact


@dataclass(frozen=True, slots=True)
class Quantity(Fact):
    """A figure. ``start``/``end`` span qualifier, number and unit; ``number_start`` the number.

    Values are in the figure's own unit (``low == high`` for a single value; ``value`` is ``None``
    for an interval); ``base_low``/``base_high`` are the same in pint base units (for counts,
    percentages and currencies, the value itself), and ``scale`` is base units per one unit.
    ``ulp`` is the place of the last digit written, ``step`` that of the last non-zero digit
    ("1,360": 1 and 10; "1.2 million": 100,000 and 100,000).
    """

    kind: ClassVar[str] = "quantities"

    number_start: int
    value: float | None
    low: float
    high: float
    unit: (
        str | None
    )  # pint unit ("kilometer ** 2"), "percent", "percentage point", a currency code; None: count
    dimension: str  # "count", "length", "area", ..., "percent", "currency:GBP"
    family: str  # "count" | "physical" | "percent" | "currency"
    base_low: float
    base_high: float
    scale: float
    ulp: float
    step: float
    qualifier: str = ""  # as written, lower case: "at least"
    bound: str = ""  # "" | "approx" | "near" | "min" | "max"
    noun: str | None = None  # counted noun as written, lower case ("settlements")
    noun_class: str | None = None  # its class ("settlements") or singular form
    spelling: str | None = None  # the unit as written: "sqkm", "square kilometres", "%"
    unit_start: int | None = None  # where the unit's spelling starts in the document
    style: str | None = None  # the spelling group (NL103): "sq km", "square kilometre"
    spelled: bool = False  # the number is written in words
    conversion_of: int | None = None  # start offset of the figure this one converts, in the document

    def index_keys(self):
        keys = {
            f"d|{self.dimension}|{_bucket(self.base_low)}",
            f"d|{self.dimension}|{_bucket(self.base_high)}",
        }
        if self.family != "count":
            keys.add(f"r|{self.family}|{_bucket(self.low)}")
            keys.add(f"r|{self.family}|{_bucket(self.high)}")
        return keys

    @property
    def is_interval(self) -> bool:
        return self.value is None

    def number_text(self) -> str:
        """The figure without its qualifier ("40 kilometers")."""
        return (
            self.text[self.number_start - self.start :].strip()
            if self.number_start >= self.start
            else self.text
        )

    def describe(self) -> str:
        rng = _fmt(self.low) if self.value is not None else f"{_fmt(self.low)}–{_fmt(self.high)}"
        what = self.unit or "count"
        parts = [f"{rng} {what} ({self.dimension})"]
        if self.noun:
            parts.append(f"of {self.noun}")
        if self.qualifier:
            parts.append(f"qualifier {self.qualifier!r} [{self.bound}]")
        if self.spelling:
            parts.append(f"written {self.spelling!r}")
        parts.append(f"±{_fmt(tolerance(self, self.high))}")
        if self.conversion_of is not None:
            parts.append("conversion of the figure before it")
        return ", ".join(parts)


def _fmt(x: float) -> str:
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.6g}"


def _bucket(x: float) -> str:
    """An index bucket: a tenth of a decade of the absolute value (about 26% wide)."""
    x = abs(x)
    if x == 0 or not math.isfinite(x):
        return "z"
    return str(math.floor(math.log10(x) * 10))


def buckets_between(lo: float, hi: float) -> list[str]:
    """Every bucket that a value in [lo, hi] can fall in (both assumed of one sign)."""
    lo, hi = sorted((abs(lo), abs(hi)))
    out = []
    if lo == 0:
        out.append("z")
        lo = min(hi, 1e-12) if hi > 0 else 0
        if hi == 0:
            return out
    a, b = math.floor(math.log10(lo) * 10), math.floor(math.log10(hi) * 10)
    if b - a > 60:  # absurdly wide: clamp (a tolerance this wide is meaningless anyway)
        a = b - 60
    out.extend(str(k) for k in range(a, b + 1))
    return out


def tolerance(q: Quantity, value: float) -> float:
    """The rounding a figure's own precision allows, in its own unit.

    Half the place of its last digit, widened to half the place of its last non-zero digit for
    round numbers ("310" may be 305-315) but never beyond 5% of the value for them ("1,000" is not
    "800"); 10% for approximate figures ("about 1,000").
    """
    cap = 0.10 if q.bound in ("approx", "near") else 0.05
    return max(q.ulp / 2, min(q.step / 2, cap * abs(value)))


def base_tolerance(q: Quantity, value: float) -> float:
    return tolerance(q, value) * q.scale + 1e-9 * abs(value * q.scale)


# ---------------------------------------------------------------------------------------------
# Units through pint (lazily)

_UREG = None
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
}


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
    from importlib.metadata import version
    from pathlib import Path

    where = os.environ.get("NEWSLINT_UNIT_CACHE")
    if where == "off":
        return None
    if where:
        return Path(where)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newslint" / f"units-pint-{version('pint')}.json"


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
        dim = str(reg.Quantity(1, unit).dimensionality)
        q0 = reg.Quantity(0.0, unit).to_base_units().magnitude
        q1 = reg.Quantity(1.0, unit).to_base_units().magnitude
        info = (str(unit), _DIMENSION_NAMES.get(dim, dim), float(q1 - q0), float(q0))
        _UNIT_INFO[expr] = info
        _save_unit_cache()
    return info


# ---------------------------------------------------------------------------------------------
# Tables from the rule packs (compiled once per RulePacks object)


@dataclass
class _Tables:
    unit_re: re.Pattern
    unit_adj_re: re.Pattern
    unit_by_spelling: dict[str, tuple[str, str, str]]  # spelling -> (unit name, pint expr or "dim:X", style)
    cur_before: frozenset[str]
    unit_first: frozenset[str]
    cur_before_max: int
    cur_after_re: re.Pattern | None
    cur_by_spelling: dict[str, str]
    noun_classes: dict[str, str]
    not_nouns: frozenset[str]
    house_style: dict[str, str]


def tables(packs: RulePacks | None) -> _Tables:
    from newslint.rulepacks import builtin_packs

    return (packs if packs is not None else builtin_packs()).derived(_build_tables)


def _alternation(spellings: list[tuple[str, bool]]) -> str:
    parts = []
    for s, cs in sorted(spellings, key=lambda x: -len(x[0])):
        body = re.escape(s).replace(r"\ ", r"[ \t\u00a0]+")
        tail = r"(?![\w²³])" if s[-1].isalnum() else ""
        parts.append((body if cs else f"(?i:{body})") + tail)
    return "|".join(parts)


def _build_tables(packs: RulePacks) -> _Tables:
    units = packs.get("units", {}) or {}
    by_spelling: dict[str, tuple[str, str, str]] = {}
    spellings: list[tuple[str, bool]] = []
    adj: list[tuple[str, bool]] = []
    for name, entry in units.items():
        if not isinstance(entry, dict):
            continue
        expr = entry.get("pint") or ("dim:" + entry.get("dimension", name))
        case = bool(entry.get("case-sensitive", False))
        for group in entry.get("forms", []):
            style = group[0]
            for s in group:
                cs = case or len(s) == 1 or not s[0].isalpha()
                key = s if cs else s.lower()
                by_spelling[key] = (name, expr, style)
                spellings.append((s, cs))
                if len(s) > 1 and s[0].isalpha() and entry.get("adjective", True):
                    adj.append((s, cs))
    ws = r"[ \t\u00a0\u202f]*"
    unit_re = re.compile(ws + "(?:" + _alternation(spellings) + ")")
    unit_adj_re = re.compile(r"[-‑](?:" + _alternation(adj) + ")")
    currencies = packs.get("currencies", {}) or {}
    cur_by: dict[str, str] = {}
    before: list[tuple[str, bool]] = []
    after: list[tuple[str, bool]] = []
    for code, entry in currencies.items():
        for s in entry.get("before", []):
            cur_by["b:" + s] = code
            before.append((s, True))
        for s in entry.get("after", []):
            cur_by["a:" + s.lower()] = code
            after.append((s, s.isupper()))
    cur_after_re = re.compile(r"[ \t\u00a0]+(?:" + _alternation(after) + ")") if after else None
    nouns = packs.get("nouns", {}) or {}
    classes: dict[str, str] = {}
    for cls, words in (nouns.get("classes", {}) or {}).items():
        for w in words:
            classes[w.lower()] = cls
    house = {str(k): str(v) for k, v in (packs.get("units-house-style", {}) or {}).items()}
    first = frozenset(c for sp, _ in spellings for c in (sp[0], sp[0].lower(), sp[0].upper()))
    return _Tables(
        unit_re,
        unit_adj_re,
        by_spelling,
        frozenset(b for b, _ in before),
        first,
        max((len(b) for b, _ in before), default=0),
        cur_after_re,
        cur_by,
        classes,
        frozenset(w.lower() for w in nouns.get("not-nouns", [])),
        house,
    )


# ---------------------------------------------------------------------------------------------
# Numbers

_SMALL = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_WORD_VALUES = {w: i for i, w in enumerate(_SMALL)} | _TENS
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_NUMWORD = "|".join(
    sorted([w for w in _WORD_VALUES if w != "zero"] + ["hundred", "dozen", *_SCALES], key=len, reverse=True)
)

_NUMBER = re.compile(
    r"(?P<d>(?<![\w.,:/\\])(?:\d{1,3}(?:,\d{3})+(?![\d,]\d)|\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?![\d,]\d)|\d+)"
    r"(?:\.\d+)?(?!\d))"
    r"|(?P<w>(?i:\b(?:half[ \t]+a[ \t]+|a[ \t]+(?=(?:hundred|thousand|million|billion|dozen)\b))?"
    rf"(?:{_NUMWORD})\b(?:(?:[ \t]+|[ \t]*-[ \t]*|[ \t]+and[ \t]+)(?:{_NUMWORD})\b)*))"
)
_DIGIT_START = re.compile(r"(?<![\w.,:/\\])\d")
_WORD_START = re.compile(rf"\b(?=[otfsenhbmdatwz])(?:{_NUMWORD})\b")
_WORD_TOKEN = re.compile(rf"(?i)\b(?:half|a|and|{_NUMWORD})\b")


def _parse_words(text: str) -> tuple[float, int] | None:
    """Value of a run of number words and how many characters of it were used."""
    total, current = 0.0, 0.0
    used = 0
    half = False
    seen = False
    prev = ""
    for m in _WORD_TOKEN.finditer(text):
        w = m.group(0).lower()
        if w == "half":
            half = True
            continue
        if w == "a":
            current = max(current, 1.0)
            continue
        if w == "and":
            if prev not in ("hundred", "thousand", "million", "billion", "trillion"):
                break
            continue
        if w in _WORD_VALUES:
            v = _WORD_VALUES[w]
            if seen and prev in _WORD_VALUES and (prev not in _TENS or v >= 10):
                break  # "two three" is not a number
            current += v
        elif w == "hundred":
            current = max(current, 1.0) * 100
        elif w == "dozen":
            current = max(current, 1.0) * 12
        else:
            total += max(current, 1.0) * _SCALES[w]
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


# multipliers after digits; "m" and "b" are decided in code
_MULT = re.compile(
    r"(?:[ \t\u00a0]+(?i:million|billion|trillion|thousand|mn|bn|tn|trn)|(?i:mn|bn|tn|trn|k|m|b))(?![\w])"
)
_MULT_VALUE = {
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "trn": 1e12,
    "thousand": 1e3,
    "k": 1e3,
}

_QUALIFIERS = {
    "about": "approx",
    "approximately": "approx",
    "approx.": "approx",
    "roughly": "approx",
    "around": "approx",
    "some": "approx",
    "an estimated": "approx",
    "estimated": "approx",
    "close to": "approx",
    "circa": "approx",
    "nearly": "near",
    "almost": "near",
    "just under": "near",
    "just shy of": "near",
    "at least": "min",
    "more than": "min",
    "over": "min",
    "upwards of": "min",
    "in excess of": "min",
    "no less than": "min",
    "not less than": "min",
    "no fewer than": "min",
    "just over": "min",
    "well over": "min",
    "above": "min",
    "exceeding": "min",
    "at least some": "min",
    "up to": "max",
    "fewer than": "max",
    "less than": "max",
    "under": "max",
    "no more than": "max",
    "at most": "max",
    "as many as": "max",
    "below": "max",
    "not more than": "max",
    "a maximum of": "max",
}
_PREP_HEADS = frozenset(
    """control power authority jurisdiction sovereignty dominance influence grip hold fly flew flown flying
    fight fought fighting dispute disputes row rows argument arguments concern concerns worry worries fears
    debate tension tensions clash clashes talks rule reign handed hand scattered""".split()
)
_RANGE_SEP = re.compile(r"[-–](?=[\d$£€¥₽₴₹])|[ \t]+(?:to|and)[ \t]+")
_CUR_SYMBOL = re.compile(r"(?:US\$|A\$|C\$|HK\$|[$£€¥₽₴₹])")
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun"
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?(?:[ \t]+of)?[ \t]+(?:{_MONTHS})\b")
_TIME_AFTER = re.compile(
    r"(?:[:.]\d\d(?!\d)|[ \t]*(?:a\.m\.|p\.m\.|(?i:am|pm)\b|GMT\b|UTC\b|BST\b|CET\b|CEST\b|EST\b|EDT\b|PST\b|PDT\b"
    r"|MSK\b|EET\b|EEST\b|hrs\b|h\b|(?i:local[ \t]+time|o'clock)))"
)
_AGE_AFTER = re.compile(r"(?i)(?:[-‑ \t]+(?:year|month|week|day)s?[-‑ \t]+old\b|[-‑](?:year|month)-olds?\b)")
_QUAL_LAST = frozenset(q.split()[-1] for q in _QUALIFIERS)
_ID_WORDS = frozenset(
    """no nos number numbers article section chapter page pages paragraph route highway flight room platform
    gate resolution level grade phase category bus unit channel building block apartment version episode
    season stage item rule clause amendment district ward precinct exit junction lot box ext extension tel
    fax phone code model series vol volume issue case file ref reference id pin squad battalion brigade
    regiment corps division fleet""".split()
)
_MONTH_SET = frozenset(_MONTHS.split("|"))
_DATE_WORDS = _MONTH_SET | frozenset(_DAYS.split("|"))
_DAY_NUMBER = re.compile(r"\d{1,2}(?:st|nd|rd|th)?,?")
_TOKEN = re.compile(r"\S+")


def _is_date_word(word: str) -> bool:
    return word in _DATE_WORDS


def _currency_before(before: str, t: _Tables) -> tuple[str | None, int]:
    """The currency symbol right before a figure ("£", "US$", "USD ") and the space after it."""
    gap = 0
    if before[-1:] in (" ", "\u00a0", "\t"):
        before, gap = before[:-1], 1
    for k in range(min(t.cur_before_max, len(before)), 0, -1):
        sym = before[-k:]
        if sym in t.cur_before:
            if sym[0].isalpha() and before[-k - 1 : -k].isalnum():
                continue  # "XUSD"
            if gap and not sym[-1].isalpha():
                continue  # "$ 40" is not how money is written; "USD 40" is
            return sym, gap
    return None, 0


_PHONE = re.compile(r"\(?\d{2,4}\)?[ .-]\d{3,4}[ .-]\d{3,4}\b")
_WORD_AFTER = re.compile(r"[ \t\u00a0]+([A-Za-z][A-Za-z'’-]*)")
_CONVERSION_GAP = re.compile(r"[ \t]*[(\[][ \t]*(?:or[ \t]+)?$")

_STOP = frozenset(
    """of over in on at by for from to with and or but nor the a an than as per into across onto
    were was are is be been being have has had will would could should may might can must do does did
    said says say told tell added noted this that these those who whom whose which what when where while
    it its their his her our your my them they we he she you i us him there here then so such not no
    if because since until after before during about around near up down out off via more most less
    least only just also all each every both either neither other another some any many much few
    including include includes among between within without against toward towards under above below
    again already still yet ago later earlier away back""".split()
)
_IRREGULAR_PLURALS = frozenset(
    "people children men women police personnel staff cattle sheep fish aircraft "
    "deer feet teeth geese mice livestock crew troops".split()
)
_DEMONYM_PEOPLE = "people"
_DIM_ADJECTIVES = frozenset("high tall long wide deep away across above below thick sprint race".split())


@dataclass
class _Num:
    start: int
    end: int
    value: float
    ulp: float
    step: float
    spelled: bool
    mult: bool = False
    factor: float = 1.0


def _scan_number(prose: str, m: re.Match) -> _Num:
    if m.group("d") is not None:
        raw = m.group("d")
        clean = re.sub(r"[,\u00a0\u202f ]", "", raw)
        value = float(clean)
        if "." in clean:
            decimals = len(clean.split(".")[1])
            ulp = step = 10.0**-decimals
        else:
            stripped = clean.rstrip("0")
            zeros = len(clean) - len(stripped) if stripped else 0
            ulp, step = 1.0, 10.0**zeros
        return _Num(m.start("d"), m.end("d"), value, ulp, step, False)
    text = m.group("w")
    parsed = _parse_words(text)
    if parsed is None:
        return _Num(m.start("w"), m.start("w"), 0.0, 1.0, 1.0, True)
    value, used = parsed
    iv = int(value)
    zeros = 0
    while iv and iv % 10 == 0:
        iv //= 10
        zeros += 1
    step = 10.0**zeros if value == int(value) else 1.0
    ulp = 0.5 * 10.0 ** max(zeros - 1, 0) if value != int(value) else 1.0
    return _Num(m.start("w"), m.start("w") + len(text[:used].rstrip(" -\t")), value, ulp, step, True)


def _apply_multiplier(prose: str, num: _Num, currency_before: bool) -> None:
    mm = _MULT.match(prose, num.end)
    if not mm:
        return
    word = mm.group(0).strip().lower()
    if word in ("m", "b"):
        if num.spelled:
            return
        if word == "b" and not currency_before:
            return
        if word == "m" and not currency_before:
            wa = _WORD_AFTER.match(prose, mm.end())
            nxt = wa.group(1).lower() if wa else ""
            if (
                not nxt
                or nxt in _DIM_ADJECTIVES
                or nxt in _STOP
                or not (nxt.endswith("s") or nxt == "people")
            ):
                return
    elif num.spelled and word not in ("million", "billion", "trillion", "thousand"):
        return
    factor = _MULT_VALUE[word]
    num.value *= factor
    num.ulp *= factor
    num.step *= factor
    num.end = mm.end()
    num.mult = True
    num.factor = factor


def _singular(word: str) -> str:
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def _is_plural(word: str) -> bool:
    w = word.lower()
    return w in _IRREGULAR_PLURALS or (w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 2)


def _counted_noun(prose: str, pos: int, t: _Tables) -> tuple[str | None, str | None]:
    first_lower: str | None = None
    for _ in range(3):
        wm = _WORD_AFTER.match(prose, pos)
        if not wm:
            break
        word = wm.group(1).strip("'’-")
        low = word.lower()
        if low in _STOP or low in t.not_nouns:
            break
        if low in t.noun_classes:
            return low, t.noun_classes[low]
        if _is_plural(word):
            if word[0].isupper():
                return low, _DEMONYM_PEOPLE
            return low, _singular(low)
        if word[0].islower() and low.endswith(("ed", "ing", "ly")):
            break
        if word[0].islower() and first_lower is None:
            first_lower = low
        pos = wm.end()
    if first_lower is not None:
        return first_lower, t.noun_classes.get(first_lower, _singular(first_lower))
    return None, None


# ---------------------------------------------------------------------------------------------
# Extraction


@dataclass
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


_COUNT = ("count", "count")


def _unit_after(prose: str, pos: int, t: _Tables, allow_adj: bool) -> _Unit | None:
    k = pos
    while k < len(prose) and prose[k] in " \t\u00a0\u202f":
        k += 1
    if k >= len(prose) or (prose[k] not in t.unit_first and not (allow_adj and prose[k] in "-‑")):
        return None
    um = t.unit_re.match(prose, pos)
    adj = False
    if not um and allow_adj:
        um = t.unit_adj_re.match(prose, pos)
        adj = um is not None
    if not um:
        return None
    spelling = um.group(0)[1:] if adj else um.group(0).strip(" \t\u00a0\u202f")
    spelling_n = " ".join(spelling.split())
    entry = t.unit_by_spelling.get(spelling_n) or t.unit_by_spelling.get(spelling_n.lower())
    if entry is None:
        return None
    # single letters (m, C, F) must follow the number closely and not start a word
    if len(spelling_n) == 1 and spelling_n.isalpha():
        gap = um.group(0)[: len(um.group(0)) - len(spelling)]
        if len(gap) > 1:
            return None
        nxt = prose[um.end() : um.end() + 1]
        if nxt and (nxt.isalnum() or nxt in "-'’"):
            return None
    _name, expr, style = entry
    if expr.startswith("dim:"):
        dim = expr[4:]
        return _Unit(um.end() - len(spelling), um.end(), spelling_n, dim, dim, "percent", 1.0, 0.0, style)
    unit, dim, scale, offset = unit_info(expr)
    return _Unit(um.end() - len(spelling), um.end(), spelling_n, unit, dim, "physical", scale, offset, style)


def extract_quantities(doc: Document, packs: RulePacks | None) -> list[Quantity]:
    prose = doc.prose
    if prose is None:
        return []
    t = tables(packs)
    out: list[Quantity] = []
    starts = [m.start() for m in _DIGIT_START.finditer(prose)]
    starts += [_word_lead(prose, m.start()) for m in _WORD_START.finditer(prose.lower())]
    starts.sort()
    pos = 0
    for start in starts:
        if start < pos:
            continue
        m = _NUMBER.match(prose, start)
        if not m:
            continue
        q, pos = _read_figure(prose, m, t)
        if q is not None:
            out.append(q)
    return _link_conversions(prose, out)


def _word_lead(prose: str, start: int) -> int:
    """Where a run of number words begins: "a dozen", "half a million" start before the number word."""
    head = prose[max(0, start - 7) : start].lower()
    if head.endswith("half a "):
        return start - 7
    if head.endswith("a ") and (start < 2 or not prose[start - 3 : start - 2].isalpha()):
        return start - 2
    return start


def _read_figure(prose: str, m: re.Match, t: _Tables) -> tuple[Quantity | None, int]:
    num = _scan_number(prose, m)
    if num.end <= num.start:
        return None, m.end()
    start = num.start
    before = prose[max(0, start - 48) : start]

    # currency written before the figure
    currency = None
    lead = start
    if t.cur_before and not num.spelled:
        sym, gap = _currency_before(before, t)
        if sym is not None:
            currency = t.cur_by_spelling["b:" + sym]
            lead = start - len(sym) - gap
            before = prose[max(0, lead - 48) : lead]
    toks = _TOKEN.findall(before)[-5:] if before[-1:] in (" ", "\t", "\u00a0") else []
    last = toks[-1] if toks else ""

    if currency is None and not num.spelled:
        low_last = last.lower().rstrip(".")
        if low_last in _ID_WORDS or low_last in ("aged", "age", "ages") or before.rstrip()[-1:] in ("#", "+"):
            return None, _skip_end(prose, num)
        if before[-1:] in ("-", "‑") and before[-2:-1].isalpha():
            return None, _skip_end(prose, num)
        if _is_date_word(last.rstrip(".,")) or (
            last == "the" and len(toks) > 1 and _is_date_word(toks[-2].rstrip(".,"))
        ):
            return None, _skip_end(prose, num)
        if len(toks) > 1 and _DAY_NUMBER.fullmatch(last) and toks[-2].rstrip(".") in _MONTH_SET:
            return None, _skip_end(prose, num)
        if start > 0 and prose[start - 1] in "-‑" and start > 1 and prose[start - 2].isalnum():
            return None, _skip_end(prose, num)
        if _PHONE.match(prose, start):
            return None, _skip_end(prose, num, _PHONE.match(prose, start).end())
        if _TIME_AFTER.match(prose, num.end):
            return None, _skip_end(prose, num)
        if _MONTH_AFTER.match(prose, num.end) and num.value <= 31 and num.value == int(num.value):
            return None, _skip_end(prose, num)
    if _AGE_AFTER.match(prose, num.end):
        return None, _skip_end(prose, num)

    _apply_multiplier(prose, num, currency is not None)
    if not num.spelled and not num.mult:
        nxt = prose[num.end : num.end + 1]
        if nxt == "." and prose[num.end + 1 : num.end + 2].isdigit():  # 1.2.3: a version
            return None, _skip_end(prose, num)
        if nxt.isalpha() and not t.unit_re.match(prose, num.end):
            return None, _skip_end(prose, num)  # 7th, 5G, 1990s

    # qualifier and "between"
    qualifier, bound, qstart = "", "", lead
    between = last.lower() == "between"
    low_toks = [w.lower() for w in toks[-4:]] if toks and toks[-1].lower() in _QUAL_LAST else []
    for k in (4, 3, 2, 1):
        if len(low_toks) < k:
            continue
        cand = " ".join(low_toks[-k:]).lstrip("(\"“‘'[")
        if cand in _QUALIFIERS:
            head = toks[-k - 1].lower().lstrip("(\"“‘'[") if len(toks) > k else ""
            if cand in ("over", "above", "under", "below") and head in _PREP_HEADS:
                break  # "control over 40 sq km": a preposition, not a qualifier
            qualifier, bound = cand, _QUALIFIERS[cand]
            qstart = lead - (
                len(before) - before.rindex(toks[-k]) - (len(toks[-k]) - len(toks[-k].lstrip("(\"“‘'[")))
            )
            break

    # a range?
    high_num: _Num | None = None
    end = num.end
    first_unit = _unit_after(prose, num.end, t, allow_adj=False)
    unit: _Unit | None = first_unit
    sep = _RANGE_SEP.match(prose, first_unit.end if first_unit else num.end)
    if sep and (sep.group(0).strip() != "and" or between):
        p2 = sep.end()
        if currency is not None:
            cm2 = _CUR_SYMBOL.match(prose, p2)
            p2 = cm2.end() if cm2 else p2
        m2 = _NUMBER.match(prose, p2)
        n2 = _scan_number(prose, m2) if m2 else None
        if n2 is not None and n2.end > n2.start:
            _apply_multiplier(prose, n2, currency is not None)
            unit2 = _unit_after(prose, n2.end, t, allow_adj=True)
            if first_unit is None or (unit2 is not None and unit2.dimension == first_unit.dimension):
                if n2.mult and not num.mult and num.value * n2.factor <= n2.value:
                    num.value *= n2.factor
                    num.ulp *= n2.factor
                    num.step *= n2.factor
                    num.mult = True
                if sep.group(0).strip() in "-–" and num.value >= n2.value:
                    return None, n2.end  # a score or a span of years: "3-1", "2014-15"
                if _is_year(num) and _is_year(n2):
                    return None, n2.end
                high_num, unit, end = n2, unit2, n2.end
    if high_num is None and unit is None:
        unit = _unit_after(prose, num.end, t, allow_adj=True)
    if unit is not None:
        end = unit.end
    if unit is not None and unit.dimension == "time" and num.spelled and num.value < 10 and not num.mult:
        return None, end  # "one day", "two weeks": periods, not figures (dates are NL4's)

    # currency written after ("40 million euros")
    if currency is None and unit is None and t.cur_after_re is not None:
        cm = t.cur_after_re.match(prose, end)
        if cm:
            currency = t.cur_by_spelling.get("a:" + " ".join(cm.group(0).split()).lower())
            if currency is not None:
                end = cm.end()

    values = [num.value] if high_num is None else [num.value, high_num.value]
    lo, hi = min(values), max(values)
    ulp = max(num.ulp, high_num.ulp if high_num else 0.0)
    step = max(num.step, high_num.step if high_num else 0.0)
    spelled = num.spelled

    noun = noun_class = None
    spelling = style = unit_start = None
    if currency is not None:
        unit_name, dimension, family, scale, offset = currency, f"currency:{currency}", "currency", 1.0, 0.0
    elif unit is not None:
        unit_name, dimension, family, scale, offset = (
            unit.unit,
            unit.dimension,
            unit.family,
            unit.scale,
            unit.offset,
        )
        spelling, style, unit_start = unit.spelling, unit.style, unit.start
    else:
        unit_name, dimension, family, scale, offset = None, "count", "count", 1.0, 0.0
        # not figures: years, small numbers in words, identifiers after a capitalised name
        if high_num is None and _is_year(num) and not qualifier:
            return None, end
        if spelled and hi < 10 and not num.mult and (high_num is None or high_num.spelled):
            return None, end
        if not spelled and not num.mult and high_num is None and not qualifier and num.value < 10000:
            if (
                last.isalpha()
                and last[0].isupper()
                and last.lower() not in _STOP
                and last.lower() not in _QUALIFIERS
                and before[-2:-1] not in ("\n",)
            ):
                return None, end
        noun, noun_class = _counted_noun(prose, end, t)

    text = " ".join(prose[qstart:end].split())
    q = Quantity(
        start=qstart,
        end=end,
        text=text,
        number_start=lead,
        value=lo if high_num is None else None,
        low=lo,
        high=hi,
        unit=unit_name,
        dimension=dimension,
        family=family,
        base_low=lo * scale + offset,
        base_high=hi * scale + offset,
        scale=scale,
        ulp=ulp,
        step=step,
        qualifier=qualifier,
        bound=bound,
        noun=noun,
        noun_class=noun_class,
        spelling=spelling,
        unit_start=unit_start,
        style=style,
        spelled=spelled,
    )
    return q, end


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


def _link_conversions(prose: str, quantities: list[Quantity]) -> list[Quantity]:
    """Mark the second half of "800 sq km (310 sq miles)" as a conversion of the first."""
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
        out.append(q)
    return out


def _replace(q: Quantity, **changes) -> Quantity:
    import dataclasses

    return dataclasses.replace(q, **changes)


def _extract(doc: Document, packs: RulePacks) -> list[Quantity]:
    return extract_quantities(doc, packs)


EXTRACTOR = Extractor(kind="quantities", fact_type=Quantity, extract=_extract, version="1")
