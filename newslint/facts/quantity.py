"""The figure fact kind: :class:`Quantity`, its arithmetic (rounding tolerance, intervals) and the
builders of its index keys.

Extractors (``newslint.extractors.quantities``) build quantities; rules (``newslint.plugins.figures``)
compare them and find them in the source index through the key builders below, so that the key format
is written once.  This module imports nothing from newslint above ``newslint.facts``.

Index keys (every key a figure is filed under):

* ``dimension_key(dimension, bucket)`` — ``d|<dimension>|<bucket>``: the value in base units, by
  dimension ("area", "currency:GBP", "count");
* ``number_key(family, bucket)`` — ``r|<family>|<bucket>``: the raw number as written, by family
  ("physical", "currency", "percent"), for "the same number in another unit" (NL101);
* for counts, also ``dimension_key(noun_dimension(noun_class), bucket)``: the counts of one noun
  (``count#homes``), or of none (``count#``), for the rules that need the draft's noun.

Each value key files the magnitudes of the figure's values under it (``Quantity.index_ranges``), so
that a lookup ``within`` a span of values reads only the figures that may lie in it.

A bucket is a tenth of a decade of the absolute value (:func:`bucket`); a lookup over a span of
values asks every bucket the span touches (:func:`dimension_keys_between`, :func:`number_keys_between`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar, Protocol, TypeVar

from newslint.facts import Fact

T = TypeVar("T")


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
    family: str  # "count" | "physical" | "percent" | "currency" | "age" | "score" | "other"
    base_low: float
    base_high: float
    scale: float
    ulp: float
    step: float
    qualifier: str = ""  # as written, lower case: "at least"
    bound: str = ""  # "" | "approx" | "near" | "min" | "max"
    noun: str | None = None  # counted noun as written, lower case ("settlements")
    noun_class: str | None = None  # its class ("settlements") or singular form
    noun_phrase: str | None = None  # the words from the figure to its noun ("fire crews", "new seasons")
    spelling: str | None = None  # the unit as written: "sqkm", "square kilometres", "%"
    unit_start: int | None = None  # where the unit's spelling starts in the document
    style: str | None = None  # the spelling group (NL103): "sq km", "square kilometre"
    spelled: bool = False  # the number is written in words
    conversion_of: int | None = None  # start offset of the figure this one converts, in the document
    label: str | None = None  # the unit as an editor names it ("sq km", "mph", "GBP")
    subject: str | None = None  # whose age it is ("Pippa Hale"), when the text names one
    parts: tuple[float, ...] = ()  # a score's numbers as written ("6-4, 7-5": 6, 4, 7, 5)
    weak: bool = False  # a small number in words or a fraction in words: checked against conflicts
    change: bool = False  # an interval "from A to B": both ends are figures of their own
    passage: str = ""  # its paragraph: "<index>:<hash of the paragraph>" (derived figures use one passage)
    per: str | None = None  # the unit of a rate's denominator ("month" in "$3,500 a month")
    signed: bool = False  # written with a sign ("+0.2%", "-1.3%", "minus 5")
    also: tuple[str, ...] = ()  # dimensions whose figures of the same number also source it ("30 degrees")

    def index_keys(self):
        if self.family == "score":
            return {score_key(self.parts), ALL_SCORES_KEY}
        return set(self.index_ranges())

    def index_ranges(self) -> dict[str, tuple[float, float]]:
        """Each value key with the magnitudes it files: the base values under the dimension keys,
        the numbers as written under the number keys (a figure's passage is not a key: its
        source's other figures are read from the source itself)."""
        if self.family == "score":
            return {}
        out: dict[str, tuple[float, float]] = {}
        dims = (
            (self.dimension, noun_dimension(self.noun_class))
            if self.dimension == "count"
            else (self.dimension,)
        )
        # (counts of one noun, or of none, are filed apart too)
        for value in {self.base_low, self.base_high}:
            b = bucket(value)
            for dim in dims:
                _file(out, dimension_key(dim, b), value)
        if self.family not in ("count", "age") or self.also:
            for value in {self.low, self.high}:
                _file(out, number_key(self.family, bucket(value)), value)
        pct = change_percent(self)
        if pct is not None:  # "from £80 to £100" files its 25% change too (a derived "up 25%")
            _file(out, change_key(bucket(pct)), pct)
        return out

    @property
    def vague(self) -> bool:
        """ "dozens", "thousands of": a figure that says only its order of magnitude."""
        return self.bound == "vague"

    def number_text(self) -> str:
        """The figure without its qualifier ("40 kilometers")."""
        return (
            self.text[self.number_start - self.start :].strip()
            if self.number_start >= self.start
            else self.text
        )

    def describe(self) -> str:
        """The figure as an editor reads it: "35 sq km (area)", "31 (age), of Pippa Hale",
        "1.5 billion GBP (money)", "2-1 (score)"."""
        if self.family == "score":
            pairs = [f"{fmt(a)}-{fmt(b)}" for a, b in zip(self.parts[::2], self.parts[1::2], strict=False)]
            return f"{', '.join(pairs)} (score)"
        lo, hi = _written_order(self) if self.change else (self.low, self.high)
        rng = _plain(lo) if self.value is not None else f"{_plain(lo)}–{_plain(hi)}"
        if self.family == "currency":
            head = f"{rng} {self.unit} (money{' per ' + self.per if self.per else ''})"
        elif self.family == "age":
            head = f"{rng} (age)" if self.unit == "year" else f"{rng} (age in {self.unit}s)"
        elif self.family == "count":
            noun = self.noun_phrase or self.noun
            per = f" per {self.per}" if self.per else ""
            head = f"{rng} {noun} (count{per})" if noun else f"{rng} (count)"
        elif self.unit == "fraction":
            head = f"{lo:.3g} (fraction{', of ' + self.noun if self.noun else ''})"
        elif self.dimension == "percent":
            head = f"{rng}% (percent)"
        else:
            head = f"{rng} {self.label or self.unit or ''} ({self.dimension})".replace("  ", " ")
        parts = [head]
        if self.subject:
            parts.append(f"of {self.subject}")
        if self.qualifier:
            parts.append(f"{self.qualifier!r}: {_BOUND_WORDS.get(self.bound, self.bound)}")
        if self.spelling and self.label and self.spelling != self.label:
            parts.append(f"written {self.spelling!r}")
        if not self.vague:
            parts.append(f"±{_plain(float(f'{tolerance(self, self.high):.3g}'))}")
        else:
            parts.append("an order of magnitude, never checked")
        if self.change:
            parts.append("a change from one figure to the other")
        if self.weak:
            parts.append("checked only against a conflicting source figure")
        if self.conversion_of is not None:
            parts.append("conversion of the figure before it")
        return ", ".join(parts)


def _plain(x: float) -> str:
    """1,500,000,000 as "1.5 billion"; small numbers as written."""
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(x) >= scale and abs(x) < 1e15:
            return f"{fmt(round(x / scale, 6))} {word}"
    if x != int(x):
        return f"{x:,.6g}"
    return fmt(x)


_BOUND_WORDS = {
    "approx": "an estimate",
    "near": "approaching from below",
    "min": "a lower bound",
    "max": "an upper bound",
    "vague": "an order of magnitude",
}


def _written_order(q: Quantity) -> tuple[float, float]:
    return (q.low, q.high) if not q.parts else (q.parts[0], q.parts[1])


def fmt(x: float) -> str:
    """A value as an editor writes it: thousands separators, no exponent for whole numbers."""
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.6g}"


# ---------------------------------------------------------------------------------------------
# Arithmetic


def tolerance(q: Quantity, value: float) -> float:
    """The rounding a figure's own precision allows, in its own unit.

    Half the place of its last digit, widened to half the place of its last non-zero digit for
    round numbers ("310" may be 305-315) but never beyond 5% of the value for them ("1,000" is not
    "800"); 10% for approximate figures ("about 1,000").
    """
    cap = 0.10 if q.bound in ("approx", "near") else 0.05
    return max(q.ulp / 2, min(q.step / 2, cap * abs(value)))


def base_tolerance(q: Quantity, value: float) -> float:
    """:func:`tolerance` in base units (plus a hair for floating point)."""
    return tolerance(q, value) * q.scale + 1e-9 * abs(value * q.scale)


def endpoints(q: Quantity) -> list[tuple[float, str]]:
    """The values (base units) a figure states, each with the bound it reads as.

    An end of an interval reads as a bound: "one to three" is at least one and up to three; the ends
    of a change ("from 240 to 273") are figures of their own.  A vague figure ("thousands") and a
    score state no value another figure can take."""
    if q.vague or q.family == "score":
        return []
    if q.value is not None:
        return [(q.base_low, q.bound)]
    if q.change:
        return [(q.base_low, q.bound), (q.base_high, q.bound)]
    return [(q.base_low, q.bound or "min"), (q.base_high, q.bound or "max")]


# ---------------------------------------------------------------------------------------------
# Index keys


def bucket(x: float) -> str:
    """An index bucket: a tenth of a decade of the absolute value (about 26% wide)."""
    x = abs(x)
    if x == 0 or not math.isfinite(x):
        return "z"
    return str(math.floor(math.log10(x) * 10))


def buckets_between(lo: float, hi: float) -> list[str]:
    """Every bucket that a value in [lo, hi] can fall in (both assumed of one sign)."""
    return list(_buckets_between(lo, hi))


@lru_cache(maxsize=4096)
def _buckets_between(lo: float, hi: float) -> tuple[str, ...]:
    # cached: a draft asks for the same few ranges again and again (one per figure and rule)
    lo, hi = sorted((abs(lo), abs(hi)))
    out = []
    if lo == 0:
        out.append("z")
        lo = min(hi, 1e-12) if hi > 0 else 0
        if hi == 0:
            return tuple(out)
    a, b = math.floor(math.log10(lo) * 10), math.floor(math.log10(hi) * 10)
    if b - a > 60:  # absurdly wide: clamp (a tolerance this wide is meaningless anyway)
        a = b - 60
    out.extend(str(k) for k in range(a, b + 1))
    return tuple(out)


def _file(out: dict[str, tuple[float, float]], key: str, value: float) -> None:
    v = abs(value)
    have = out.get(key)
    out[key] = (v, v) if have is None else (min(have[0], v), max(have[1], v))


def magnitudes(lo: float, hi: float) -> tuple[float, float]:
    """The span of magnitudes (absolute values) of the values in [lo, hi]: what a lookup ``within``
    asks of the index, whose buckets and value ranges are magnitudes too."""
    lo, hi = min(lo, hi), max(lo, hi)
    if lo <= 0 <= hi:
        return 0.0, max(-lo, hi)
    return min(abs(lo), abs(hi)), max(abs(lo), abs(hi))


def noun_dimension(noun_class: str | None) -> str:
    """The dimension under which counts of one noun class (or, for None, counts that name no noun)
    are filed besides ``count``: the rules that need the draft's noun ask these keys only."""
    return f"count#{noun_class or ''}"


def count_dimensions(q: Quantity) -> tuple[str, ...]:
    """The dimensions to ask for the source counts whose noun agrees with the draft count ``q``'s
    (its noun class, or none); ``(q.dimension,)`` for a figure that is no count of a noun."""
    if q.dimension != "count" or q.noun_class is None:
        return (q.dimension,)
    return (noun_dimension(q.noun_class), noun_dimension(None))


def dimension_key(dimension: str, bucket_: str) -> str:
    """The key of a value in base units of one dimension."""
    return f"d|{dimension}|{bucket_}"


def number_key(family: str, bucket_: str) -> str:
    """The key of a raw number (in the figure's own unit) of one family."""
    return f"r|{family}|{bucket_}"


ALL_SCORES_KEY = "s|*"


def change_key(bucket_: str) -> str:
    """The key of the percentage change between the two ends of a change ("from £80 to £100": 25)."""
    return f"c|percent|{bucket_}"


def change_percent(q: Quantity) -> float | None:
    """The percentage change, as a magnitude, from the first end of a change to the second ("from
    £80 to £100": 25.0; "from 100 to 80": 20.0); None for a figure that is no change of two ends, a
    change from 0, or one in a unit with an offset (temperatures)."""
    if not q.change or len(q.parts) != 2 or q.family in ("age", "score", "percent"):
        return None
    a, b = q.parts
    if not a or q.base_low != q.low * q.scale:
        return None
    return abs(b - a) / abs(a) * 100


@lru_cache(maxsize=8192)
def change_keys_between(lo: float, hi: float) -> tuple[str, ...]:
    """The keys to ask for every change whose percentage may lie in [lo, hi]."""
    return tuple(change_key(b) for b in _buckets_between(lo, hi))


def score_key(parts: tuple[float, ...]) -> str:
    """The key of a score: each pair winner first ("1-2" and "2-1" are one score)."""
    return "s|" + ",".join(
        f"{fmt(max(a, b))}-{fmt(min(a, b))}" for a, b in zip(parts[::2], parts[1::2], strict=False)
    )


@lru_cache(maxsize=8192)
def dimension_keys_between(dimension: str, lo: float, hi: float) -> tuple[str, ...]:
    """The keys to ask for every figure of ``dimension`` whose base value may lie in [lo, hi]."""
    return tuple(dimension_key(dimension, b) for b in _buckets_between(lo, hi))


@lru_cache(maxsize=8192)
def number_keys_between(family: str, lo: float, hi: float) -> tuple[str, ...]:
    """The keys to ask for every figure of ``family`` whose raw number may lie in [lo, hi]."""
    return tuple(number_key(family, b) for b in _buckets_between(lo, hi))


# ---------------------------------------------------------------------------------------------
# Unit spellings and styles (from the ``units`` rule pack)


class _Packs(Protocol):
    def get(self, section: str, default: Any = None) -> Any: ...

    def derived(self, factory: Callable[[Any], T]) -> T: ...


@dataclass(frozen=True, slots=True)
class UnitSpelling:
    """One spelling of a unit in the ``units`` pack: the unit's name there, its pint expression
    (or ``dim:<dimension>`` for units of a dimension of their own), the style group it belongs to
    (its first spelling), whether case tells it apart, and whether it reads as an adjective."""

    spelling: str
    name: str
    expr: str
    style: str
    case_sensitive: bool
    adjective: bool
    kind: str | None = None  # the dimension's name, when pint's says too little ("data")
    also: tuple[str, ...] = ()  # dimensions whose same number also sources a figure of this unit
    attached: bool = False  # a short spelling read only right after the digits ("300g")
    label: str = ""  # how `newslint extract` names the unit


@dataclass(frozen=True, slots=True)
class UnitSpellings:
    by_key: dict[str, UnitSpelling]  # spelling, lower-cased unless case-sensitive
    all: tuple[UnitSpelling, ...]  # in pack order (a spelling may appear twice)

    def find(self, spelling: str) -> UnitSpelling | None:
        spelling = " ".join(spelling.split())
        return self.by_key.get(spelling) or self.by_key.get(spelling.lower())


def unit_spellings(packs: _Packs) -> UnitSpellings:
    """Every unit spelling of the packs (built once per packs)."""
    return packs.derived(_build_unit_spellings)


def _build_unit_spellings(packs: _Packs) -> UnitSpellings:
    by_key: dict[str, UnitSpelling] = {}
    out: list[UnitSpelling] = []
    for name, entry in (packs.get("units", {}) or {}).items():
        if not isinstance(entry, dict):
            continue
        expr = entry.get("pint") or ("dim:" + entry.get("dimension", name))
        case = bool(entry.get("case-sensitive", False))
        adjective = bool(entry.get("adjective", True))
        kind = entry.get("kind")
        attached = bool(entry.get("attached", False))
        forms = entry.get("forms", [])
        label = str(entry.get("label") or _default_label(forms))
        for group in forms:
            style = group[0]
            for s in group:
                cs = case or len(s) == 1 or not s[0].isalpha()
                adj = adjective and len(s) > 1 and s[0].isalpha()
                us = UnitSpelling(
                    s,
                    name,
                    expr,
                    style,
                    cs,
                    adj,
                    kind=kind,
                    attached=attached and len(s) <= 2,
                    label=label,
                    also=tuple(entry.get("also", ())),
                )
                by_key[s if cs else s.lower()] = us
                out.append(us)
    return UnitSpellings(by_key, tuple(out))


def _default_label(forms: list[list[str]]) -> str:
    """The shortest style's first spelling that is not a symbol: "km", "sq km", "mph"."""
    for group in sorted(forms, key=lambda g: len(g[0])):
        if group and len(group[0]) > 1 and group[0][0].isalpha():
            return group[0]
    return forms[0][0] if forms and forms[0] else ""


def unit_style(packs: _Packs, spelling: str) -> tuple[str | None, str | None]:
    """(unit, style) of a spelling, or (None, None) when the packs do not know it."""
    us = unit_spellings(packs).find(spelling)
    return (us.name, us.style) if us is not None else (None, None)


def house_style(packs: _Packs) -> dict[str, str]:
    """The packs' ``units-house-style`` table: any spelling of a unit -> the preferred spelling."""
    return {str(k): str(v) for k, v in (packs.get("units-house-style", {}) or {}).items()}
