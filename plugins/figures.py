"""The figures family: NL101 unit mismatch, NL102 conversion error, NL103 unit style,
NL201 unsourced number, NL202 changed qualifier.

Every rule reads the ``quantities`` facts (``newslint.extractors.quantities``).  A draft figure finds
its candidate source figures through the source index (``Quantity.index_keys()``: dimension and a
tenth-of-a-decade bucket of the value in base units; the raw number for NL101), never by scanning
every source.

Choices (also in the rule documentation):

- A draft figure is sourced when a source figure of the same dimension (and, for plain counts, the
  same counted noun or one of its class) equals it within the rounding the *draft's* precision
  implies: half the place of its last digit; for round numbers half the place of the last non-zero
  digit, capped at 5% of the value (10% after "about", "nearly"...).  Units convert through pint, so
  "386 sq miles" is sourced by "1,000 sq km" and "7.5 miles" by "12 km".
- An interval is sourced by an interval with both ends equal, or by source figures for both ends.
  A single figure is also sourced by the end of a source interval.
- A bound is sourced by a source bound of the same direction a little beyond it: "more than 100,000"
  by "more than 120,000" (up to 25% beyond).
- The second half of a conversion in the draft ("800 sq km (310 sq miles)") is sourced by its first
  half; NL102 checks the arithmetic instead.
- The NL1/NL2 sourcing rules stay silent when a draft has no sources at all.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newslint.api import Check, Rule, Severity, hookimpl
from newslint.extractors.quantities import (
    Quantity,
    base_tolerance,
    buckets_between,
    tables,
    tolerance,
)

if TYPE_CHECKING:
    from newslint.api import CheckContext, Document

BOUND_REACH = 1.25  # "more than 100,000" is sourced by "more than X" for X up to 25% beyond
NEAREST_FACTOR = 2.0  # NL201 names the nearest source figure within this factor as evidence

RULES = (
    Rule(
        code="NL101",
        name="unit-mismatch",
        severity=Severity.WARNING,
        summary="A figure matches a source figure, but in another dimension.",
        what="Reports a draft figure with a unit that no source gives in that dimension, when a source "
        "gives the same number in another dimension of the same kind: a length where the source has "
        'an area ("40 kilometers" for "40 square kilometers"), a currency for another ("$1.5bn" '
        'for "£1.5bn"), per cent for percentage points. The number is compared within the draft\'s '
        'own rounding. Plain counts never make this finding ("74 drones" against "74 '
        'settlements" is NL201). It replaces NL201 for the figure, with the source figure as '
        "evidence.",
        why="Dropping or swapping a unit keeps the number, so the figure looks sourced at a glance; "
        "but 40 square kilometers of captured territory and a 40-kilometre-wide front are different "
        "claims.",
        example="Draft:  a new front that is now 40 kilometers wide.\n"
        "Source: control over 40 square kilometers of territory has been taken\n\n"
        "draft.md:1:30: NL101 40 kilometers: the sources give 40 square kilometers (an area), not a "
        "length",
        options="Rule pack `units` (rules/units.toml): the unit spellings and currencies recognised.",
    ),
    Rule(
        code="NL102",
        name="conversion-error",
        severity=Severity.ERROR,
        summary="A conversion given in the draft is wrong beyond rounding.",
        what='Checks every conversion the draft gives in parentheses right after a figure ("800 '
        'square kilometres (310 square miles)", "12 km (7.5 miles)", "one to two kilometres '
        '(0.6-1.2 miles)") through pint. The converted figure may be rounded as its own precision '
        'allows ("310" is 305-315; "7.5" is 7.45-7.55), plus what the first figure\'s last digit '
        "allows. A conversion into another dimension (square kilometres into miles) is reported "
        "too. Currency conversions are not checked: exchange rates change.",
        why="Conversions are done by hand on deadline and are wrong surprisingly often; a reader who "
        "knows one of the two units sees the error at once.",
        example="800 square kilometres (500 square miles)\n\n"
        "draft.md:1:26: NL102 500 square miles does not convert 800 square kilometres: that is 309 "
        "square miles",
        options="Rule pack `units` (rules/units.toml): the unit spellings recognised.",
    ),
    Rule(
        code="NL103",
        name="inconsistent-unit-style",
        severity=Severity.INFO,
        summary="One unit is spelled several ways in a draft, or against the house style.",
        what='Groups the draft\'s figures by unit and compares how the unit is written: "sqkm", '
        '"sq km", "km²" and "square kilometres" are four styles of one unit, "%", "percent" '
        'and "per cent" three of another. Singular and plural, and British and American spelling '
        "(kilometre/kilometer), are one style. With a house style for the unit, every other style is "
        "reported; without one, the style the draft uses most (the first, on a tie) sets the rule "
        "and the others are reported, with the draft's own use as evidence.",
        why='A story that writes "sq km" in one paragraph and "square kilometres" in the next reads '
        "as copy pasted from several places, which it often is; the copy desk fixes it by hand.",
        example="About 1,000sqkm ... at least 800 square kilometres ... 800 square kilometres\n\n"
        'draft.md:1:11: NL103 "sqkm" here, but this draft writes "square kilometres" for the same '
        "unit (line 1); use one spelling",
        options='Config `house-style` (a table of unit = "preferred spelling", e.g. `"sq km" = '
        '"square kilometres"`, keyed by any spelling of the unit), which overrides the '
        "`units-house-style` table of the rule packs (empty by default).",
    ),
    Rule(
        code="NL201",
        name="unsourced-number",
        severity=Severity.WARNING,
        summary="A figure (with its unit or counted noun) appears in no source.",
        what="Reports a figure of the draft that no source gives, after unit conversion and within "
        'the rounding the draft\'s own precision implies ("1,360" allows 1,355-1,365; "1,000" '
        'allows 950-1,050; "about 1,000" 900-1,100). Numbers are read in digits and words '
        '("1,000", "one thousand", "two dozen", "1.2 million", "120k", "£1.5bn", "30 per '
        'cent"), ranges as intervals. A plain count keeps its noun: "74 settlements" is not sourced '
        'by "74 drones", but nouns of one class match ("120,000 Russians" and "120,000 people"). '
        "Not figures: years, dates, times, ordinals, ages, model names (F-16, COVID-19, G7), "
        'identifiers, and numbers below ten written as words with no unit ("the two nations"). The '
        "second half of a conversion in the draft is sourced by its first half. The nearest source "
        "figure of the same kind (within a factor of two) is given as evidence when there is one. "
        "Silent when the draft has no sources.",
        why="A number nobody can trace is the error readers and corrections columns remember: it was "
        "mistyped, remembered wrongly, or came from somewhere the story does not say.",
        example="Draft:  Russian forces have captured 1,360 square kilometers.\n"
        "Source: Syrsky said his troops controlled about 1,000 square kilometers.\n\n"
        "draft.md:1:35: NL201 1,360 square kilometers appears in no source",
        options="Rule pack `units` (rules/units.toml): unit spellings, currencies, counted-noun classes "
        "(`nouns.classes`) and words that are no counted noun (`nouns.not-nouns`).",
    ),
    Rule(
        code="NL202",
        name="changed-qualifier",
        severity=Severity.INFO,
        summary="The figure is sourced, but its qualifier changed in meaning.",
        what="For a sourced figure, compares the qualifier before it with the source's: exact (none), "
        "approximate (about, approximately, roughly, some, around), near (nearly, almost), lower "
        "bound (at least, more than, over, no less than) and upper bound (up to, fewer than, less "
        'than, under, no more than). Words of one class are the same qualifier ("over" = "more '
        'than"). Adding "about" to an exact source figure is fine; dropping a source\'s hedge or '
        "bound, or turning a bound into an estimate, is reported. Any one source giving the draft's "
        "qualifier is enough.",
        why='"At least 800" and "about 800" are different claims: one is a floor, the other an '
        "estimate. A qualifier dropped in rewriting turns a source's caution into a fact it never "
        "stated.",
        example="Draft:  about 800 square kilometers\n"
        "Source: at least 800 square kilometers\n\n"
        "draft.md:1:1: NL202 about 800 square kilometers: the source says at least 800 square "
        "kilometers (a lower bound, not an estimate)",
        options="None.",
    ),
)


@hookimpl
def newslint_register_rules(register):
    for rule in RULES:
        register(rule)


@hookimpl
def newslint_register_checks(register):
    register(Check(name="figure-conversions", codes=("NL102",), run=check_conversions))
    register(Check(name="unit-style", codes=("NL103",), run=check_unit_style))
    register(Check(name="figure-sources", codes=("NL101", "NL201", "NL202"), run=check_sources))


# ---------------------------------------------------------------------------------------------
# helpers

_DIMENSION_LABELS = {
    "length": "a length",
    "area": "an area",
    "volume": "a volume",
    "mass": "a mass",
    "time": "a duration",
    "speed": "a speed",
    "temperature": "a temperature",
    "power": "a power",
    "energy": "an energy",
    "percent": "a percentage",
    "percentage point": "percentage points",
    "count": "a count",
}
_BOUND_LABELS = {
    "": "an exact figure",
    "approx": "an estimate",
    "near": "an approach from below",
    "min": "a lower bound",
    "max": "an upper bound",
}


def _dimension_label(q: Quantity) -> str:
    if q.family == "currency":
        return q.unit or "a currency"
    return _DIMENSION_LABELS.get(q.dimension, q.dimension)


def _label(q: Quantity) -> str:
    text = q.text
    if q.family == "count" and q.noun and not text.endswith(q.noun):
        text = f"{text} {q.noun}"
    return text


def _quantities(doc: Document) -> tuple[Quantity, ...]:
    return tuple(f for f in doc.facts_of("quantities") if isinstance(f, Quantity))


def _fmt_number(x: float) -> str:
    """Three significant digits, with thousands separators and no exponent: 309, 7.46, 1,240."""
    if x == 0:
        return "0"
    digits = max(0, 2 - math.floor(math.log10(abs(x))))
    return f"{round(x, digits):,.{digits}f}"


# ---------------------------------------------------------------------------------------------
# NL102


def check_conversions(ctx: CheckContext):
    qs = _quantities(ctx.draft)
    by_start = {q.start: q for q in qs}
    for q in qs:
        if q.conversion_of is None:
            continue
        p = by_start.get(q.conversion_of)
        if p is None or p.family != "physical" or q.family != "physical":
            continue  # currencies: exchange rates change; newslint does not check them
        if p.dimension != q.dimension:
            yield ctx.finding(
                "NL102",
                q.number_start,
                q.end,
                f"{q.text} ({_dimension_label(q)}) cannot convert {p.text} ({_dimension_label(p)})",
            )
            continue
        pairs = [(p.base_low, q.low), (p.base_high, q.high)]
        wrong = []
        for p_base, q_val in pairs:
            converted = (p_base - (q.base_low - q.low * q.scale)) / q.scale
            allowed = tolerance(q, q_val) + (p.ulp / 2) * p.scale / q.scale + 1e-9 * abs(q_val)
            if abs(converted - q_val) > allowed:
                wrong.append(converted)
        if wrong:
            conv = [(pb - (q.base_low - q.low * q.scale)) / q.scale for pb, _ in pairs]
            shown = (
                _fmt_number(conv[0])
                if q.value is not None
                else f"{_fmt_number(conv[0])}-{_fmt_number(conv[1])}"
            )
            yield ctx.finding(
                "NL102",
                q.number_start,
                q.end,
                f"{q.text} does not convert {p.text}: that is {shown} {q.spelling or q.unit}",
            )


# ---------------------------------------------------------------------------------------------
# NL103


def _style_key(t, spelling: str) -> tuple[str | None, str | None]:
    """(unit, style) of a spelling, or (None, None) when the packs do not know it."""
    entry = t.unit_by_spelling.get(spelling) or t.unit_by_spelling.get(spelling.lower())
    if entry is None:
        return None, None
    return entry[0], entry[2]


def check_unit_style(ctx: CheckContext):
    t = tables(ctx.packs)
    house: dict[str, tuple[str, str | None]] = {}  # unit name -> (preferred spelling, its style)
    for source in (t.house_style, ctx.config.house_style or {}):
        for key, preferred in source.items():
            unit, _ = _style_key(t, key.strip())
            if unit is None:
                unit, _ = _style_key(t, preferred.strip())
            if unit is None:
                continue
            _, style = _style_key(t, preferred.strip())
            house[unit] = (preferred.strip(), style)

    groups: dict[str, list[Quantity]] = {}
    for q in _quantities(ctx.draft):
        if q.spelling is None or q.unit_start is None:
            continue
        unit, style = _style_key(t, q.spelling)
        if unit is None:
            continue
        groups.setdefault(unit, []).append(q)

    for unit, qs in groups.items():

        def style_of(q):
            return _style_key(t, q.spelling)[1]

        if unit in house:
            preferred, pstyle = house[unit]
            for q in qs:
                ok = (
                    style_of(q) == pstyle
                    if pstyle is not None
                    else " ".join(q.spelling.lower().split()) == " ".join(preferred.lower().split())
                )
                if not ok:
                    yield ctx.finding(
                        "NL103",
                        q.unit_start,
                        q.end,
                        f'"{q.spelling}": the house style for this unit is "{preferred}"',
                    )
            continue
        counts = Counter(style_of(q) for q in qs)
        if len(counts) < 2:
            continue
        order = {}
        for q in qs:
            order.setdefault(style_of(q), q)
        dominant = max(counts, key=lambda s: (counts[s], -order[s].start))
        first = order[dominant]
        line = ctx.draft.line_of(first.unit_start)
        for q in qs:
            if style_of(q) != dominant:
                yield ctx.finding(
                    "NL103",
                    q.unit_start,
                    q.end,
                    f'"{q.spelling}" here, but this draft writes "{first.spelling}" for the same unit '
                    f"(line {line}); use one spelling",
                    [
                        ctx.evidence(
                            ctx.draft,
                            first.unit_start,
                            first.end,
                            excerpt=first.text,
                            note="the spelling this draft uses most",
                        )
                    ],
                )


# ---------------------------------------------------------------------------------------------
# NL101, NL201, NL202


@dataclass
class _Hit:
    doc: Document
    fact: Quantity
    bound: str  # the source's qualifier class at the matched point


def _lookup(
    ctx: CheckContext, prefix: str, lo: float, hi: float, buckets: list[str] | None = None
) -> Iterator[tuple[Document, Quantity]]:
    """Source figures filed in the buckets of [lo, hi], read lazily: a caller that has its answer
    stops, and the index decodes no further."""
    seen: set[int] = set()
    for b in buckets if buckets is not None else buckets_between(lo, hi):
        for doc, fact in ctx.sources.lookup("quantities", f"{prefix}|{b}"):
            if id(fact) not in seen and isinstance(fact, Quantity):
                seen.add(id(fact))
                yield doc, fact


def _nouns_agree(q: Quantity, s: Quantity) -> bool:
    if q.family != "count":
        return True
    return q.noun_class is None or s.noun_class is None or q.noun_class == s.noun_class


def _endpoints(s: Quantity) -> list[tuple[float, str]]:
    if s.value is not None:
        return [(s.base_low, s.bound)]
    # an end of a source interval reads as a bound: "one to three" -> at least one, up to three
    return [(s.base_low, s.bound or "min"), (s.base_high, s.bound or "max")]


def _equal_hits(
    ctx, q: Quantity, v: float, raw: float, stop: str | None = None
) -> tuple[list[_Hit], list[tuple[Document, Quantity]]]:
    """Source figures equal to the draft value ``v`` (base units) within the draft's rounding.
    With ``stop`` (the draft's qualifier class), reading stops at the first hit compatible with it:
    the figure is sourced, one supporting fact says so."""
    tol = base_tolerance(q, raw)
    hits, other_nouns = [], []
    for doc, s in _lookup(ctx, f"d|{q.dimension}", v - tol, v + tol):
        if s.dimension != q.dimension:
            continue
        for e, bound in _endpoints(s):
            if abs(e - v) <= tol:
                if _nouns_agree(q, s):
                    hits.append(_Hit(doc, s, bound))
                    if stop is not None and _compatible(stop, bound):
                        return hits, other_nouns
                else:
                    other_nouns.append((doc, s))
                break
    return hits, other_nouns


def _bound_hits(ctx, q: Quantity) -> list[_Hit]:
    if q.value is None or q.bound not in ("min", "max"):
        return []
    v, tol = q.base_low, base_tolerance(q, q.low)
    lo, hi = (v - tol, v * BOUND_REACH) if q.bound == "min" else (v / BOUND_REACH, v + tol)
    lo, hi = min(lo, hi), max(lo, hi)
    for doc, s in _lookup(ctx, f"d|{q.dimension}", lo, hi):
        if (
            s.dimension == q.dimension
            and s.value is not None
            and s.bound == q.bound
            and lo <= s.base_low <= hi
            and _nouns_agree(q, s)
        ):
            return [_Hit(doc, s, s.bound)]  # callers ask whether there is one
    return []


def _compatible(draft: str, source: str) -> bool:
    """Whether the draft's qualifier class says what the source's does (see NL202)."""
    if draft == source:
        return True
    if draft == "approx":
        return source in ("", "near")  # hedging an exact figure is fine
    if draft == "near":
        return source == "approx"
    return False


def check_sources(ctx: CheckContext):
    if len(ctx.sources) == 0:
        return
    for q in _quantities(ctx.draft):
        if q.conversion_of is not None:
            continue  # sourced by the first half; NL102 checks it
        yield from _check_one(ctx, q)


def _check_one(ctx: CheckContext, q: Quantity):
    other_nouns: list[tuple[Document, Quantity]] = []
    if q.value is not None:
        hits, other_nouns = _equal_hits(ctx, q, q.base_low, q.low, stop=q.bound)
    else:
        hits = []
        lo_hits, lo_other = _equal_hits(ctx, q, q.base_low, q.low)
        hi_hits, hi_other = _equal_hits(ctx, q, q.base_high, q.high)
        whole = [
            h
            for h in lo_hits
            if h.fact.value is None and abs(h.fact.base_high - q.base_high) <= base_tolerance(q, q.high)
        ]
        if whole or (lo_hits and hi_hits):
            return  # an interval sourced whole or end by end; qualifiers are not compared
        other_nouns = lo_other + hi_other
    if hits:
        if any(_compatible(q.bound, h.bound) for h in hits) or _bound_hits(ctx, q):
            return
        h = hits[0]
        yield ctx.finding(
            "NL202",
            q.start,
            q.end,
            f"{_label(q)}: the source says {h.fact.text} ({_BOUND_LABELS[h.bound]}, not "
            f"{_BOUND_LABELS[q.bound].replace('an exact figure', 'exact')})",
            [ctx.evidence(h.doc, h.fact)],
        )
        return
    if _bound_hits(ctx, q):
        return

    # NL101: the same number in another dimension of the same kind
    if q.family != "count":
        tol = tolerance(q, q.low)
        for doc, s in _lookup(ctx, f"r|{q.family}", q.low - tol, q.high + tol):
            if s.family != q.family or s.dimension == q.dimension:
                continue
            if abs(s.low - q.low) <= tol + 1e-9 and abs(s.high - q.high) <= tolerance(q, q.high) + 1e-9:
                yield ctx.finding(
                    "NL101",
                    q.number_start,
                    q.end,
                    f"{q.number_text()}: the "
                    f"sources give {s.text} ({_dimension_label(s)}), not {_dimension_label(q)}",
                    [ctx.evidence(doc, s)],
                )
                return

    # NL201
    evidence = []
    note = ""
    swapped = _same_number_other_unit(ctx, q) if q.family != "count" else None
    if other_nouns:
        doc, s = other_nouns[0]
        evidence.append(ctx.evidence(doc, s, note="the same number, counting something else"))
        note = f" (the sources give {_label(s)}, not {q.noun})"
    elif swapped is not None:
        doc, s = swapped
        evidence.append(ctx.evidence(doc, s, note="the same number in another unit"))
        note = f" (the sources give {s.text}: another unit)"
    else:
        nearest = _nearest(ctx, q)
        if nearest is not None:
            doc, s = nearest
            evidence.append(ctx.evidence(doc, s, note="the nearest source figure of this kind"))
            note = f" (nearest source figure: {_label(s)})"
    if not evidence:
        note = " (no source gives a figure of this kind near it)"
    yield ctx.finding("NL201", q.start, q.end, f"{_label(q)} appears in no source{note}", evidence)


def _same_number_other_unit(ctx: CheckContext, q: Quantity) -> tuple[Document, Quantity] | None:
    """A source figure with the draft's number in another unit of the same dimension ("4.5 metres")."""
    tol = tolerance(q, q.low)
    for doc, s in _lookup(ctx, f"r|{q.family}", q.low - tol, q.high + tol):
        if (
            s.dimension == q.dimension
            and s.unit != q.unit
            and abs(s.low - q.low) <= tol + 1e-9
            and abs(s.high - q.high) <= tolerance(q, q.high) + 1e-9
        ):
            return doc, s
    return None


def _nearest(ctx: CheckContext, q: Quantity) -> tuple[Document, Quantity] | None:
    v = q.base_low if q.value is not None else (q.base_low + q.base_high) / 2
    if v <= 0:
        return None
    # Buckets nearest to v first; a bucket that cannot hold anything nearer than the best so far
    # ends the search (a bounded top-1 on a large index).  Ties go, as in a plain scan, to the
    # lowest bucket, then the first source.
    buckets = buckets_between(v / NEAREST_FACTOR, v * NEAREST_FACTOR)
    order = sorted(range(len(buckets)), key=lambda i: (_bucket_min_ratio(buckets[i], v), i))
    best, best_key = None, (NEAREST_FACTOR, 0)
    for i in order:
        if _bucket_min_ratio(buckets[i], v) > best_key[0]:
            break
        for doc, s in _lookup(ctx, f"d|{q.dimension}", 0, 0, buckets=[buckets[i]]):
            if s.dimension != q.dimension or not _nouns_agree(q, s):
                continue
            if q.family == "count" and (q.noun_class is None or s.noun_class != q.noun_class):
                continue  # a bare count near another bare count says nothing
            for e, _ in _endpoints(s):
                if e > 0:
                    key = (max(e / v, v / e), i)
                    if key < best_key:
                        best, best_key = (doc, s), key
    return best


def _bucket_min_ratio(bucket: str, v: float) -> float:
    """The smallest max(e/v, v/e) a value e of ``bucket`` can have (buckets are tenths of a decade)."""
    try:
        k = int(bucket)
    except ValueError:
        return 1.0
    low, high = 10 ** (k / 10), 10 ** ((k + 1) / 10)
    if low <= v < high:
        return 1.0
    return low / v if low > v else v / high
