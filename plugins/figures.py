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
- Ages are sourced only by ages (of the same person when both name one: a shared name word), scores
  only by the same score (each pair in either order: "won 2-1" = "lost 1-2").
- A figure no source gives is still sourced when one step of arithmetic over the figures of one
  source paragraph gives it (sum, difference, product of two counts, a share of a total, a change
  as a percentage, a ratio); operands are exact or approximate figures, never bounds or conversions.
  When none comes out right, NL201 names the nearest derivation (within 10%, and nearer than any
  single source figure) and each figure it used.
- Small numbers in words with their noun ("three tankers") and fractions in words are weak: NL201
  only when a source counts the same thing with another number. Vague plurals ("thousands of") are
  never checked.
- Bounds are bounds: a source bound of the same direction sources the draft's only when the draft's
  figure is the source's rounded at the draft's last non-zero digit ("more than 100,000" from "more
  than 120,000"; not "up to 90" from "up to 75"). A draft bound that an exact source figure satisfies
  is faithful ("nearly 10,000" or "fewer than 10,000" for 9,870).
- An unsigned figure ("fell 1.3%") matches the size of a signed source figure ("-1.3%").
- Three or more numbers in digits with nothing but spaces between them ("1 1 1 1", "4 8 15 16 23
  42", a table run together, code pasted as prose) are a sequence, not as many claims: no figures
  (the extractor skips the run in one match), except the last when a unit or a noun follows it
  ("4 8 15 km"). An editor reads such a run as one thing, and a finding on each of its numbers
  would bury the draft's real figures; two numbers side by side ("won 3 2"), scores ("3-2") and
  space-grouped thousands ("1 000 000") are read as before.
"""

from __future__ import annotations

import dataclasses
import math
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newslint.api import Check, Evidence, Rule, Severity, hookimpl
from newslint.facts.quantity import (
    ALL_SCORES_KEY,
    Quantity,
    base_tolerance,
    change_keys_between,
    count_dimensions,
    dimension_keys_between,
    endpoints,
    fmt,
    house_style,
    magnitudes,
    noun_dimension,
    number_keys_between,
    score_key,
    tolerance,
    unit_style,
)

if TYPE_CHECKING:
    from newslint.api import CheckContext, Document

BOUND_REACH = 1.25  # "more than 100,000" is sourced by "more than X" for X up to 25% beyond
DERIVATION_REACH = 1.10  # NL201 names a derivation within 10% of the draft figure as evidence
MAX_ANCHORS = 400  # source figures looked at to find the passages a figure may be derived from
MAX_PASSAGES = 40  # source passages whose figures are combined
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
        "Not figures: years, dates, times, ordinals, model names (F-16, COVID-19, G7, iPhone 11, "
        "S&P 500), identifiers and street numbers; nor a run of three or more numbers in digits "
        "with only spaces between them ('4 8 15 16 23 42', table debris, code pasted as prose): a "
        "sequence of numbers, not as many claims, of which only the last can be a figure, when a "
        "unit or a noun follows it ('4 8 15 km'). Two numbers side by side ('won 3 2') are read "
        "as before. Ages are figures of their own kind, sourced only "
        "by the same age (of the same person where both name one); scores ('won 2-1', '6-4, 7-5') "
        "only by the same score, with the nearest source score as evidence. A figure the sources "
        "give through one step of arithmetic over the figures of one source paragraph is sourced "
        "('four aircraft' from 'two countries each sent two aircraft'; '70 homes' from 'a third of "
        "210 homes'; 'up 25%' from '£80 to £100'); when a derivation comes out wrong, the nearest "
        "derivation and the figures it used are the evidence. Small numbers in words ('three "
        "tankers') are reported only against a source that counts the same thing with another "
        "number; vague plurals ('thousands of') never. The second half of a conversion in the draft "
        "is sourced by its first half. The nearest source figure of the same kind (within a factor "
        "of two) is given as evidence when there is one. Silent when the draft has no sources.",
        why="A number nobody can trace is the error readers and corrections columns remember: it was "
        "mistyped, remembered wrongly, or came from somewhere the story does not say.",
        example="Draft:  Russian forces have captured 1,360 square kilometers.\n"
        "Source: Syrsky said his troops controlled about 1,000 square kilometers.\n\n"
        "draft.md:1:35: NL201 1,360 square kilometers appears in no source",
        options="Rule pack `units` (rules/units.toml): unit spellings, currencies, counted-noun classes "
        "(`nouns.classes`) and words that are no counted noun (`nouns.not-nouns`). Rule pack `numbers` "
        "(rules/numbers.toml): number words, multipliers, qualifiers, identifier words and names, "
        "age and score cues, vague plurals, fractions, rate words.",
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
        "bound, or turning a bound into an estimate, is reported; so is a bound that flips ('nearly "
        "10,000' for 'more than 10,000'). 'As much as' is 'up to'. A draft bound that the source's "
        "exact figure satisfies is faithful ('nearly 10,000' or 'fewer than 10,000' for 9,870). Any "
        "one source giving the draft's qualifier is enough.",
        why='"At least 800" and "about 800" are different claims: one is a floor, the other an '
        "estimate. A qualifier dropped in rewriting turns a source's caution into a fact it never "
        "stated.",
        example="Draft:  about 800 square kilometers\n"
        "Source: at least 800 square kilometers\n\n"
        "draft.md:1:1: NL202 about 800 square kilometers: the source says at least 800 square "
        "kilometers (a lower bound, not an estimate)",
        options="Rule pack `numbers` (rules/numbers.toml), table `qualifiers`: the words of each class.",
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


def _unit_start(q: Quantity) -> int:
    return q.unit_start if q.unit_start is not None else q.start


def check_unit_style(ctx: CheckContext):
    packs = ctx.packs
    house: dict[str, tuple[str, str | None]] = {}  # unit name -> (preferred spelling, its style)
    for source in (house_style(packs), ctx.config.house_style or {}):
        for key, preferred in source.items():
            unit, _ = unit_style(packs, key.strip())
            if unit is None:
                unit, _ = unit_style(packs, preferred.strip())
            if unit is None:
                continue
            _, style = unit_style(packs, preferred.strip())
            house[unit] = (preferred.strip(), style)

    groups: dict[str, list[Quantity]] = {}
    styles: dict[str, tuple[str | None, str | None]] = {}  # spelling -> (unit, style), asked once

    def unit_style_of(spelling: str) -> tuple[str | None, str | None]:
        got = styles.get(spelling)
        if got is None:
            got = styles[spelling] = unit_style(packs, spelling)
        return got

    for q in _quantities(ctx.draft):
        if q.spelling is None or q.unit_start is None:
            continue
        unit, style = unit_style_of(q.spelling)
        if unit is None:
            continue
        groups.setdefault(unit, []).append(q)

    for unit, qs in groups.items():

        def style_of(q):
            return unit_style_of(q.spelling)[1]

        if unit in house:
            preferred, pstyle = house[unit]
            for q in qs:
                ok = (
                    style_of(q) == pstyle
                    if pstyle is not None
                    else " ".join((q.spelling or "").lower().split()) == " ".join(preferred.lower().split())
                )
                if not ok:
                    yield ctx.finding(
                        "NL103",
                        _unit_start(q),
                        q.end,
                        f'"{q.spelling}": the house style for this unit is "{preferred}"',
                    )
            continue
        counts: Counter[str | None] = Counter()
        for spelling, n in Counter(q.spelling or "" for q in qs).items():  # (a few spellings, many figures)
            counts[unit_style_of(spelling)[1]] += n
        if len(counts) < 2:
            continue
        order: dict[str | None, Quantity] = {}
        for q in qs:
            order.setdefault(style_of(q), q)
        dominant = max(counts, key=lambda s: (counts[s], -order[s].start))
        first = order[dominant]
        line = ctx.draft.line_of(_unit_start(first))
        for q in qs:
            if style_of(q) != dominant:
                yield ctx.finding(
                    "NL103",
                    _unit_start(q),
                    q.end,
                    f'"{q.spelling}" here, but this draft writes "{first.spelling}" for the same unit '
                    f"(line {line}); use one spelling",
                    [
                        ctx.evidence(
                            ctx.draft,
                            _unit_start(first),
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


def _iter_lookup(
    ctx: CheckContext, keys: Iterable[str], lo: float | None = None, hi: float | None = None
) -> Iterator[tuple[Document, Quantity]]:
    """The source figures under ``keys`` (each once, in key then source order), lazily; with
    ``lo``/``hi``, only those that may have a value in [lo, hi] (the index filters them by the
    magnitudes they file: a figure's key holds every figure of its bucket, a bucket being 26%
    wide, and thousands of sources share a round figure's)."""
    within = None if lo is None or hi is None else _within(lo, hi)
    seen: set[int] = set()
    for key in keys:
        found = ctx.sources.lookup("quantities", key, within)
        if not found:
            continue
        for doc, fact in found:
            if id(fact) not in seen and isinstance(fact, Quantity):
                seen.add(id(fact))
                yield doc, fact


def _within(lo: float, hi: float) -> tuple[float, float]:
    """The magnitudes of [lo, hi], widened by a hair for the rounding of the comparisons made on
    the facts themselves (the index's filter must never drop a figure a rule would accept)."""
    a, b = magnitudes(lo, hi)
    pad = 1e-9 * max(1.0, b)
    return max(0.0, a - pad), b + pad


def _nouns_agree(q: Quantity, s: Quantity) -> bool:
    if q.family == "age":
        return _same_person(q.subject, s.subject)
    if q.family != "count":
        return True
    return q.noun_class is None or s.noun_class is None or q.noun_class == s.noun_class


def _same_person(a: str | None, b: str | None) -> bool:
    """Two ages belong to one person unless both give a full name and no word of the names is
    shared ("Pippa Hale" = "Hale" = "Pippa"; "Pippa Hale" is not "Owen Caddick")."""
    if not a or not b:
        return True
    if bool({w.lower() for w in a.split() if len(w) > 2} & {w.lower() for w in b.split() if len(w) > 2}):
        return True
    # a one-word subject may be a place or a surname read wrongly ("a 31-year-old Castelford man"):
    # only two full names that share nothing are two people
    return len(a.split()) < 2 or len(b.split()) < 2


def _equal_hits(
    ctx, q: Quantity, v: float, raw: float, enough: Callable[[_Hit], bool] | None = None
) -> tuple[list[_Hit], list[tuple[Document, Quantity]]]:
    """Source figures equal to the draft value ``v`` (base units) within the draft's rounding.
    With ``enough``, the search stops at the first hit it accepts (the last one returned): a
    figure one source supports needs no other."""
    tol = base_tolerance(q, raw)
    if q.dimension == "count" and q.noun_class is not None:
        return _equal_count_hits(ctx, q, v, tol, enough)
    hits: list[_Hit] = []
    other_nouns: list[tuple[Document, Quantity]] = []
    for doc, s in _iter_lookup(ctx, dimension_keys_between(q.dimension, v - tol, v + tol), v - tol, v + tol):
        if s.dimension != q.dimension:
            continue
        bound = _bound_at(q, s, v, tol)
        if bound is not None:
            if _nouns_agree(q, s):
                hits.append(_Hit(doc, s, bound))
                if enough is not None and enough(hits[-1]):
                    return hits, other_nouns
            else:
                other_nouns.append((doc, s))
    return hits, other_nouns


def _bound_at(q: Quantity, s: Quantity, v: float, tol: float) -> str | None:
    """The source's qualifier class at its first value equal to ``v`` within ``tol``; None if none."""
    for e, bound in endpoints(s):
        # an unsigned draft figure ("fell 1.3%") is the size of a signed source one ("-1.3%")
        if abs(e - v) <= tol or (not q.signed and v >= 0 and e < 0 and abs(-e - v) <= tol):
            return bound
    return None


def _equal_count_hits(
    ctx, q: Quantity, v: float, tol: float, enough: Callable[[_Hit], bool] | None
) -> tuple[list[_Hit], list[tuple[Document, Quantity]]]:
    """``_equal_hits`` for a count of a noun, with the same answer: the counts whose noun agrees
    (the draft's, or none) are read from their own keys, in the order of the whole bucket (source,
    then fact), so that a bucket's counts of other nouns are not decoded; of those, only the first
    is looked for (the evidence of "counting something else"), after the agreeing ones."""
    lo, hi = v - tol, v + tol
    within = _within(lo, hi)
    hits: list[_Hit] = []
    seen: set[tuple[int, int]] = set()

    own = dimension_keys_between(noun_dimension(q.noun_class), lo, hi)
    bare = dimension_keys_between(noun_dimension(None), lo, hi)
    for k_own, k_bare in zip(own, bare, strict=True):
        refs = sorted(
            set(ctx.sources.refs("quantities", k_own, within))
            | set(ctx.sources.refs("quantities", k_bare, within))
        )
        refs = [r for r in refs if (r.store, r.fact) not in seen]
        seen.update((r.store, r.fact) for r in refs)
        size = 16  # decoded in batches of 16, 64, 256: a sourced count stops in the first
        while refs:
            batch, refs = refs[:size], refs[size:]
            size = min(256, size * 4)
            for doc, s in ctx.sources.resolve(batch):
                if not isinstance(s, Quantity) or s.dimension != q.dimension or not _nouns_agree(q, s):
                    continue
                bound = _bound_at(q, s, v, tol)
                if bound is not None:
                    hits.append(_Hit(doc, s, bound))
                    if enough is not None and enough(hits[-1]):
                        return hits, []
    for doc, s in _iter_lookup(ctx, dimension_keys_between(q.dimension, lo, hi), lo, hi):
        if s.dimension == q.dimension and not _nouns_agree(q, s) and _bound_at(q, s, v, tol) is not None:
            return hits, [(doc, s)]
    return hits, []


def _bound_hits(ctx, q: Quantity) -> list[_Hit]:
    """Source bounds of the draft's direction that imply the draft's bound and that the draft's
    figure rounds: "more than 100,000" from "more than 120,000"; never "up to 90" from "up to 75"
    or "at least 18" from "more than 20" (bounds are bounds: the figure changed)."""
    if q.value is None or q.bound not in ("min", "max"):
        return []
    v, tol = q.base_low, base_tolerance(q, q.low)
    lo, hi = (v - tol, v * BOUND_REACH) if q.bound == "min" else (v / BOUND_REACH, v + tol)
    lo, hi = min(lo, hi), max(lo, hi)
    keys = [k for dim in count_dimensions(q) for k in dimension_keys_between(dim, lo, hi)]
    for doc, s in _iter_lookup(ctx, keys, lo, hi):
        if (
            s.dimension == q.dimension
            and s.value is not None
            and s.bound == q.bound
            and lo <= s.base_low <= hi
            and _rounds_to(q, s.base_low)
            and _nouns_agree(q, s)
        ):
            return [_Hit(doc, s, s.bound)]  # (asked only whether there is one)
    return []


def _rounds_to(q: Quantity, base: float) -> bool:
    """Whether a source value (base units) rounded at the draft's last non-zero digit is the draft's."""
    step = q.step * q.scale
    if step <= 0:
        return False
    return (
        abs(round(base / step) * step - q.base_low) <= 1e-9 * max(abs(q.base_low), 1.0) + q.ulp * q.scale / 2
    )


def _compatible(draft: str, source: str, d: float = 0.0, s: float = 0.0) -> bool:
    """Whether the draft's qualifier class says what the source's does (see NL202), for a draft
    value ``d`` matched by a source value ``s`` (base units).

    Hedging an exact figure is fine ("about 800" for 800); so is a bound that the source's exact
    figure satisfies ("nearly 10,000" or "fewer than 10,000" for 9,870; "more than 9,800" for
    9,870). A bound that flips ("nearly 10,000" for "more than 10,000") is not."""
    if draft == source:
        return True
    if draft == "approx":
        return source in ("", "near")
    if draft == "near":
        return source == "approx" or (source == "" and s <= d)
    if draft == "max" and source == "":
        return s <= d
    if draft == "min" and source == "":
        return s >= d
    return False


def check_sources(ctx: CheckContext):
    if len(ctx.sources) == 0:
        return
    figures = _quantities(ctx.draft)
    around = _neighbour_indexes(figures)
    # the source passages that source each draft figure, asked once per figure however many
    # neighbours' derivations use them (keeps the work per figure bounded)
    memo = _Memo()
    # a figure written again with the same words and the same neighbours gets the same verdict: it
    # is checked once, and its findings are placed at each repeat (a table of figures, a list).
    # Each shape is numbered once, so that the key of a figure and its neighbours is a few small
    # numbers, not the fields of seven figures.
    verdicts: dict[object, list[tuple[str, int, int, str, tuple[Evidence, ...]]]] = {}
    numbers: dict[tuple, int] = {}
    number = numbers.setdefault
    shapes = [number(_shape(q), len(numbers)) for q in figures]
    finding = ctx.finding

    for i, q in enumerate(figures):
        if q.conversion_of is not None:
            continue  # sourced by the first half; NL102 checks it
        if q.bound == "vague":
            continue  # "thousands of": an order of magnitude is no figure to check
        if q.family == "score":
            yield from _check_score(ctx, q)
            continue
        near = around.get(i)
        key: object = shapes[i] if near is None else (shapes[i], tuple([shapes[j] for j in near]))
        verdict = verdicts.get(key)
        if verdict is None:
            neighbours = () if near is None else tuple(figures[j] for j in near)
            recorder = _Recorder(ctx, q.start)
            yield from _check_one(recorder, q, neighbours, memo)  # type: ignore[arg-type]
            verdicts[key] = recorder.calls
            continue
        at = q.start
        for code, start, end, message, evidence in verdict:
            yield finding(code, at + start, at + end, message, evidence)


_PLACED = frozenset({"start", "end", "number_start", "unit_start", "conversion_of", "passage"})


_UNPLACED = operator.attrgetter(*(f.name for f in dataclasses.fields(Quantity) if f.name not in _PLACED))


def _shape(q: Quantity) -> tuple:
    """A figure without its place in the draft: its fields but its offsets (kept relative)."""
    unit = q.unit_start - q.start if q.unit_start is not None else None
    return (_UNPLACED(q), q.number_start - q.start, unit)


class _Recorder:
    """A check context that records the findings made through it (offsets relative to ``base``)."""

    def __init__(self, ctx: CheckContext, base: int):
        self._ctx = ctx
        self._base = base
        self.calls: list[tuple[str, int, int, str, tuple[Evidence, ...]]] = []

    def __getattr__(self, name: str):
        return getattr(self._ctx, name)

    def finding(self, code: str, start: int, end: int, message: str, evidence=()):
        evidence = tuple(evidence)
        self.calls.append((code, start - self._base, end - self._base, message, evidence))
        return self._ctx.finding(code, start, end, message, evidence)


NEIGHBOURS = 3  # draft figures on each side, in the same paragraph, whose sources a derivation may use


def _neighbour_indexes(figures: tuple[Quantity, ...]) -> dict[int, tuple[int, ...]]:
    """For each draft figure that has any, the indexes of the figures just before and after it in
    its paragraph (linear); a figure alone in its paragraph has none (and no entry)."""
    passages = [q.passage for q in figures]
    out: dict[int, tuple[int, ...]] = {}
    if len(set(passages)) == len(passages):
        return out  # every figure alone in its paragraph
    by_passage: dict[str, list[int]] = {}
    for i, passage in enumerate(passages):
        by_passage.setdefault(passage, []).append(i)
    for group in by_passage.values():
        if len(group) == 1:
            continue
        for k, i in enumerate(group):
            out[i] = (*group[max(0, k - NEIGHBOURS) : k], *group[k + 1 : k + NEIGHBOURS + 1])
    return out


def _check_score(ctx: CheckContext, q: Quantity):
    """A score is sourced only by the same score (each pair in either order)."""
    if ctx.sources.lookup("quantities", score_key(q.parts)):
        return
    best = None
    for doc, s in ctx.sources.lookup("quantities", ALL_SCORES_KEY):
        if not isinstance(s, Quantity) or s.family != "score":
            continue
        dist = sum(abs(a - b) for a, b in zip(_pairs(q.parts), _pairs(s.parts), strict=False))
        dist += 100 * abs(len(q.parts) - len(s.parts))
        if best is None or dist < best[0]:
            best = (dist, doc, s)
    if best is None:
        yield ctx.finding(
            "NL201", q.start, q.end, f"the score {q.text} appears in no source (no source gives a score)"
        )
        return
    _, doc, s = best
    yield ctx.finding(
        "NL201",
        q.start,
        q.end,
        f"the score {q.text} appears in no source (the source gives {s.text})",
        [ctx.evidence(doc, s, note="the nearest score in the sources")],
    )


def _pairs(parts: tuple[float, ...]) -> list[float]:
    out: list[float] = []
    for a, b in zip(parts[::2], parts[1::2], strict=False):
        out += [max(a, b), min(a, b)]
    return out


def _check_one(
    ctx: CheckContext,
    q: Quantity,
    figures: tuple[Quantity, ...] = (),
    memo: _Memo | None = None,
):
    other_nouns: list[tuple[Document, Quantity]] = []
    if q.value is not None:
        hits, other_nouns = _equal_hits(
            ctx,
            q,
            q.base_low,
            q.low,
            lambda h: q.weak or _compatible(q.bound, h.bound, q.base_low, _value_at(h, q)),
        )
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
    if not hits and q.family in _NUMBER_FAMILIES:
        hits = _also_hits(ctx, q)
    if hits:
        if q.weak or any(_compatible(q.bound, h.bound, q.base_low, _value_at(h, q)) for h in hits):
            return
        if _bound_hits(ctx, q):
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
    derivations = _derivations(ctx, q, figures, memo)
    if derivations and abs(derivations[0].value - _centre(q)) <= base_tolerance(q, q.high):
        return  # derived: one step of arithmetic over figures of one source passage
    if q.weak:
        yield from _check_weak(ctx, q)
        return

    # NL101: the same number in another dimension of the same kind
    if q.family != "count":
        tol = tolerance(q, q.low)
        keys = number_keys_between(q.family, q.low - tol, q.high + tol)
        for doc, s in _iter_lookup(ctx, keys, q.low - tol, q.high + tol):
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
    elif derivations and _ratio(derivations[0].value, _centre(q)) <= min(
        DERIVATION_REACH, _nearest_ratio(ctx, q)
    ):
        d = derivations[0]
        evidence += [ctx.evidence(doc, s, note=f"used in {d.text}") for doc, s in d.sources]
        note = f" (nearest derivation from one source passage: {d.text})"
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
    keys = number_keys_between(q.family, q.low - tol, q.high + tol)
    for doc, s in _iter_lookup(ctx, keys, q.low - tol, q.high + tol):
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
    best, best_ratio = None, NEAREST_FACTOR
    lo, hi = v / NEAREST_FACTOR, v * NEAREST_FACTOR
    # a count is compared with counts of its own noun only (below): ask those alone
    dimension = noun_dimension(q.noun_class) if q.dimension == "count" and q.noun_class else q.dimension
    for doc, s in _iter_lookup(ctx, dimension_keys_between(dimension, lo, hi), lo, hi):
        if s.dimension != q.dimension or not _nouns_agree(q, s):
            continue
        if q.family == "count" and (q.noun_class is None or s.noun_class != q.noun_class):
            continue  # a bare count near another bare count says nothing
        for e, _ in endpoints(s):
            if e > 0:
                ratio = max(e / v, v / e)
                if ratio < best_ratio:
                    best, best_ratio = (doc, s), ratio
    return best


# ---------------------------------------------------------------------------------------------
# Weak figures, derived figures


def _value_at(h: _Hit, q: Quantity) -> float:
    """The source value of a hit nearest the draft's."""
    ends = [e for e, _ in endpoints(h.fact)] or [h.fact.base_low]
    return min(ends, key=lambda e: abs(e - q.base_low))


def _centre(q: Quantity) -> float:
    return q.base_low if q.value is not None else (q.base_low + q.base_high) / 2


def _ratio(a: float, b: float) -> float:
    if a == 0 or b == 0 or (a < 0) != (b < 0):
        return math.inf
    return max(a / b, b / a)


def _check_weak(ctx: CheckContext, q: Quantity):
    """A small number in words ("three months", "two sides") is reported only when a source counts
    the same thing with another number: alone it is too often a figure of speech or context."""
    if q.family != "count" or q.noun_class is None:
        return
    conflict = _nearest(ctx, q)
    if conflict is None:
        return
    doc, s = conflict
    if s.family != "count" or s.noun_class != q.noun_class:
        return
    yield ctx.finding(
        "NL201",
        q.start,
        q.end,
        f"{_label(q)} appears in no source (the source gives {_label(s)})",
        [ctx.evidence(doc, s, note="the same thing counted with another number")],
    )


@dataclass
class _Derivation:
    value: float  # base units of the draft figure
    text: str  # "2 + 2 = 4"
    sources: list[tuple[Document, Quantity]]


def _passage_figures(ctx: CheckContext, doc, s: Quantity) -> list[Quantity]:
    if not s.passage:
        return [s]
    out: list[Quantity] = []
    for f in _passage_facts(ctx, doc, s):
        if f.change:  # "from £80 to £100": two figures
            out += [_end(f, f.low, f.base_low), _end(f, f.high, f.base_high)]
        else:
            out.append(f)
    return out


def _end(f: Quantity, value: float, base: float) -> Quantity:
    return dataclasses.replace(
        f, value=value, low=value, high=value, base_low=base, base_high=base, change=False
    )


def _passage_facts(ctx: CheckContext, doc, s: Quantity) -> list[Quantity]:
    return [
        f
        for f in doc.facts_of("quantities")
        if isinstance(f, Quantity)
        and f.passage == s.passage
        and not f.vague
        and f.family not in ("score", "age")
        and f.conversion_of is None
        and f.bound in ("", "approx")
    ]


def _derivations(
    ctx: CheckContext,
    q: Quantity,
    figures: tuple[Quantity, ...],
    memo: _Memo | None = None,
) -> list[_Derivation]:
    """Every one-step derivation of the draft figure from figures of one source passage, nearest
    first: a sum or difference of two figures of its dimension, a product of two counts ("two
    countries each sent two"), a share of a total ("a third of 210 homes"), a change between two
    figures as a percentage ("up 25%"), a ratio ("one in five")."""
    if q.family in ("age", "score") or q.vague or q.conversion_of is not None:
        return []
    v = _centre(q)
    if v == 0:
        return []
    if memo is None:
        memo = _Memo()
    lo, hi = sorted((v / 2, v * 10))
    keys = dimension_keys_between(q.dimension, lo, hi)
    anchored = memo.anchors.get(keys)
    if anchored is None:
        anchored = memo.anchors[keys] = {}
        for n, (doc, s) in enumerate(_iter_lookup(ctx, keys, lo, hi)):
            if n >= MAX_ANCHORS or len(anchored) >= MAX_PASSAGES:
                break  # bounded work per unsourced figure, however many sources there are
            if s.passage:
                anchored.setdefault((getattr(doc, "path", str(id(doc))), s.passage), (doc, s))
    passages: dict[tuple[str, str], tuple[Document, Quantity]] = {}
    if q.dimension == "percent":
        # passages holding a change whose ends make the percentage ("rose from £80 to £100": 25%)
        ckeys = change_keys_between(lo, hi)
        changed = memo.anchors.get(ckeys)
        if changed is None:
            changed = memo.anchors[ckeys] = {}
            for n, (doc, s) in enumerate(_iter_lookup(ctx, ckeys, lo, hi)):
                if n >= MAX_ANCHORS or len(changed) >= MAX_PASSAGES:
                    break
                if s.passage:
                    changed.setdefault((getattr(doc, "path", str(id(doc))), s.passage), (doc, s))
        passages.update(changed)  # (first: a change of its own is the nearest derivation)
    for key, entry in anchored.items():
        passages.setdefault(key, entry)
    # passages that source the draft's neighbouring figures of its paragraph ("rose 25% to £100")
    for other in figures:
        if other is q or other.passage != q.passage or other.vague or other.family in ("score", "age"):
            continue
        found = memo.sourcing.get(id(other))
        if found is None:
            found = memo.sourcing[id(other)] = _sourcing_passages(ctx, other)
        for key, entry in found:
            passages.setdefault(key, entry)
        if len(passages) > MAX_PASSAGES:
            break
    out: list[_Derivation] = []
    for doc, anchor in list(passages.values())[:MAX_PASSAGES]:
        figs = _passage_figures(ctx, doc, anchor)[:12]
        out += _derive(q, doc, figs)
    out.sort(key=lambda d: _ratio(d.value, v))
    return out


@dataclass
class _Memo:
    """What the derivation search of one draft asks the index, kept for the draft's other figures:
    the source passages anchored near a value range (by its index keys: a bounded number of
    ranges, the buckets being logarithmic) and the passages that source each draft figure."""

    anchors: dict[tuple[str, ...], dict[tuple[str, str], tuple[Document, Quantity]]] = dataclasses.field(
        default_factory=dict
    )
    sourcing: dict[int, list[tuple[tuple[str, str], tuple[Document, Quantity]]]] = dataclasses.field(
        default_factory=dict
    )


def _sourcing_passages(
    ctx: CheckContext, other: Quantity
) -> list[tuple[tuple[str, str], tuple[Document, Quantity]]]:
    """The source passages holding a figure equal to the draft figure ``other`` (each once, first
    anchor kept, at most MAX_PASSAGES + 1 of them)."""
    out: dict[tuple[str, str], tuple[Document, Quantity]] = {}
    lo, hi = sorted((other.base_low * 0.999, other.base_low * 1.001))
    for doc, s in _iter_lookup(ctx, dimension_keys_between(other.dimension, lo, hi), lo, hi):
        if s.passage and s.dimension == other.dimension:
            out.setdefault((getattr(doc, "path", str(id(doc))), s.passage), (doc, s))
            if len(out) > MAX_PASSAGES:
                break
    return list(out.items())


def _derive(q: Quantity, doc, figs: list[Quantity]) -> list[_Derivation]:
    out: list[_Derivation] = []
    same = [f for f in figs if f.dimension == q.dimension and f.value is not None and _nouns_agree(q, f)]
    if q.family == "count" and q.noun_class is not None:
        # a count is derived from counts of the same thing ("two" + "two aircraft" = "four aircraft")
        if not any(f.noun_class == q.noun_class for f in same):
            same = []
    pct = [f for f in figs if f.family == "percent" and f.dimension == "percent" and f.value is not None]
    counts = [f for f in figs if f.family == "count" and f.value is not None]
    name = q.label or q.noun or ""

    def d(value: float, text: str, *used: Quantity) -> None:
        out.append(_Derivation(value, text, [(doc, u) for u in used]))

    for i, a in enumerate(same):
        for b in same[i + 1 :]:
            d(
                a.base_low + b.base_low,
                f"{a.text} + {b.text} = {_shown(q, a.base_low + b.base_low)} {name}".rstrip(),
                a,
                b,
            )
            hi_, lo_ = (a, b) if a.base_low >= b.base_low else (b, a)
            diff = hi_.base_low - lo_.base_low
            d(diff, f"{hi_.text} − {lo_.text} = {_shown(q, diff)} {name}".rstrip(), hi_, lo_)
    if q.family == "count":
        for i, a in enumerate(counts):
            for b in counts[i + 1 :]:
                if a.noun_class != b.noun_class and q.noun_class in (a.noun_class, b.noun_class):
                    d(
                        a.base_low * b.base_low,
                        f"{a.text} × {b.text} = {_shown(q, a.base_low * b.base_low)}",
                        a,
                        b,
                    )
    if q.dimension != "percent":
        for p in pct:
            for t in same:
                part = t.base_low * p.base_low / 100
                d(part, f"{p.text} of {t.text} = {_shown(q, part)} {name}".rstrip(), p, t)
    else:
        for i, a in enumerate(figs):
            for b in figs[i + 1 :]:
                if (
                    a.dimension != b.dimension
                    or a.value is None
                    or b.value is None
                    or a.dimension == "percent"
                ):
                    continue
                for x, y in ((a, b), (b, a)):
                    if x.base_low:
                        change = abs(y.base_low - x.base_low) / abs(x.base_low) * 100
                        if x.start == y.start:  # the two ends of one change ("from £80 to £100")
                            shown = f"{x.text}: {fmt(x.low)} to {fmt(y.low)} is a change of {_fmt_number(change)}%"
                            d(change, shown, x)
                        else:
                            d(change, f"{x.text} to {y.text} is a change of {_fmt_number(change)}%", x, y)
                        share = y.base_low / x.base_low * 100
                        if share < 100:
                            d(share, f"{y.text} of {x.text} is {_fmt_number(share)}%", x, y)
    return out


def _shown(q: Quantity, base: float) -> str:
    return fmt(round(base / q.scale, 6)) if q.scale else fmt(base)


def _nearest_ratio(ctx: CheckContext, q: Quantity) -> float:
    nearest = _nearest(ctx, q)
    if nearest is None:
        return math.inf
    return min((_ratio(e, _centre(q)) for e, _ in endpoints(nearest[1])), default=math.inf)


def _also_hits(ctx: CheckContext, q: Quantity) -> list[_Hit]:
    """Figures of the same number in a dimension the draft's unit may mean, or whose unit may mean
    the draft's ("30 degrees": 30C or 30°; "$40m": US or Australian dollars; "50 million pounds":
    sterling or a weight)."""
    tol = tolerance(q, q.low)
    keys = [k for fam in _NUMBER_FAMILIES for k in number_keys_between(fam, q.low - tol, q.high + tol)]
    return [
        _Hit(doc, s, s.bound)
        for doc, s in _iter_lookup(ctx, keys, q.low - tol, q.high + tol)
        if (s.dimension in q.also or q.dimension in s.also)
        and abs(s.low - q.low) <= tol + 1e-9
        and abs(s.high - q.high) <= tol + 1e-9
    ]


_NUMBER_FAMILIES = ("physical", "currency", "percent", "other")
