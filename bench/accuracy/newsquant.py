"""Accuracy of the figures extractor on NewsQuant, with CQE's evaluation protocol.

    python bench/accuracy/newsquant.py [--dataset PATH] [--errors N]

NewsQuant (Almasian et al., "CQE: A Comprehensive Quantity Extractor", EMNLP 2023; repository
vivkaz/CQE, ``data/formatted_test_set/NewsQuant.json``) is 590 news sentences with 904 gold
quantities: value (or range), unit, normalised unit, change, concept.  The file is read from
``../shared/datasets/newsquant/NewsQuant.json`` (relative to the checkout); when it is absent the
script says so and exits 0.  Nothing of the data set is copied into the project.

Protocol (CQE's ``evaluation/evaluate_models.py``, ``calculate_metrics``):

* every sentence is extracted on its own (as a plain-text document of one line);
* a gold value "a-b" is a range (a, b); a predicted interval is (low, high).  Values match when
  ``numpy.isclose(gold, predicted, rtol=1e-05, atol=1e-08)`` holds (both ends, for ranges); a range
  never matches a single value.  CQE compares range ends in written order; newslint stores
  intervals sorted, so both sides are sorted before comparing (this matters for the few gold ranges
  written high-first, "from $36,040 to $34,935");
* value+unit also needs the predicted unit, normalised as below, to equal the gold
  ``normalized_unit`` lower-cased;
* P = correct / predicted figures, R = correct / gold quantities, F1 their harmonic mean.

Two counts are printed.  ``cqe`` reproduces CQE's loop exactly (for each gold quantity, every
predicted figure of the sentence with a matching value counts, capped at the number of gold
quantities of the sentence for *value*, uncapped for value+unit).  ``one-to-one`` is stricter: each
gold quantity and each prediction is used at most once (greedy, preferring a unit match).

Unit normalisation (newslint figure -> CQE's normalised unit name), in ``cqe_unit``:

* percent and fractions -> "percentage"; percentage points -> "percentage point"; a rate ->
  "percentage per year";
* currencies by ISO code -> CQE's names: USD "dollar", EUR "euro", GBP "pound sterling", JPY
  "japanese yen", CNY "chinese yuan", AUD "australian dollar", HKD "hong kong dollar", MYR
  "malaysian ringgit", ILS "shekel", INR "indian rupee", CAD "canadian dollar", DKK "danish krone"
  ... (``_CURRENCY_NAMES``), others the code lower-cased; a rate -> "dollar per month", "dollar per
  square foot" (the denominator named like a physical unit);
* physical units: pint's canonical name, "_" -> " ", "A / B" -> "A per B", "A ** 2" -> "square A",
  "A ** 3" -> "cubic A", British spelling of metre and litre ("kilometer" -> "kilometre"), and the
  few names where CQE differs from pint (``_PINT_TO_CQE``: "degree_Celsius" -> "celsius",
  "pound" -> "pound-mass", "metric_ton" -> "metric ton", "kilocalorie" -> "calorie" (food
  calories), "nanogram / gram" -> "parts-per-billion", "oil_barrel" -> "barrel", ...);
* ages -> "year of age" ("month of age" ...); scores -> "-" (a score has no unit), their value the
  first pair as (low, high), as the gold writes "2-0" down;
* plain counts -> the counted noun with the words between the figure and it, its last word singular,
  lower-case ("74 settlements" -> "settlement", "four different bosses" -> "different boss"; "people"
  stays; "times" -> "count", CQE's name), or "-" when the figure counts nothing named.

Figures are printed beside CQE's published numbers on this version of the file; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve()
DEFAULT = HERE.parents[2] / ".." / "shared" / "datasets" / "newsquant" / "NewsQuant.json"

# CQE's published P/R/F1 on this version of NewsQuant (vivkaz/CQE README and dataset notes).
PUBLISHED = {"value": (92.0, 91.8), "value+unit": (85.6, 85.4)}

_CURRENCY_NAMES = {
    "USD": "dollar",
    "EUR": "euro",
    "GBP": "pound sterling",
    "JPY": "japanese yen",
    "CNY": "chinese yuan",
    "AUD": "australian dollar",
    "HKD": "hong kong dollar",
    "MYR": "malaysian ringgit",
    "ILS": "shekel",
    "INR": "indian rupee",
    "CAD": "canadian dollar",
    "DKK": "danish krone",
    "SEK": "swedish krona",
    "CHF": "swiss franc",
    "RUB": "russian ruble",
    "SGD": "singapore dollar",
    "NZD": "new zealand dollar",
}
_PINT_TO_CQE = {
    "degree_Celsius": "celsius",
    "degree_Fahrenheit": "fahrenheit",
    "pound": "pound-mass",
    "metric_ton": "metric ton",
    "kilocalorie": "calorie",
    "nanogram / gram": "parts-per-billion",
    "kip / inch ** 2": "kilopound per square inch",
    "meter * newton": "newton metre",
    "gigawatt_hour": "gigawatt hour",
    "short_ton": "ton",
    "oil_barrel": "barrel",
    "revolutions_per_minute": "revolutions per minute",
    "kilowatt_hour": "kilowatt hour",
    "megawatt_hour": "megawatt hour",
    "terawatt_hour": "terawatt hour",
    "milliampere_hour": "milliampere-hour",
    "ppb": "parts-per-billion",
    "ppm": "parts-per-million",
    "mile_per_hour": "mile per hour",
    "kilometer_per_hour": "kilometre per hour",
    "mpg": "mile per gallon",
    "foot * force_pound": "foot pound-force",
}


def _british(name: str) -> str:
    return name.replace("meter", "metre").replace("liter", "litre")


def _pint_name(unit: str) -> str:
    unit = unit.strip()
    if unit in _PINT_TO_CQE:
        return _PINT_TO_CQE[unit]
    if " / " in unit:
        a, b = unit.split(" / ", 1)
        return f"{_pint_name(a)} per {_pint_name(b)}"
    if unit.endswith(" ** 2"):
        return "square " + _pint_name(unit[:-5])
    if unit.endswith(" ** 3"):
        return "cubic " + _pint_name(unit[:-5])
    if unit in _PINT_TO_CQE:
        return _PINT_TO_CQE[unit]
    return _british(unit.replace("_", " "))


_OTHER_NAMES = {
    "points per game": "point per game",
    "rebounds per game": "rebound per game",
    "assists per game": "assist per game",
    "wins above replacement": "win above replacement",
}
_IRREGULAR = {"children": "child", "men": "man", "women": "woman", "feet": "foot", "teeth": "tooth"}
# spaCy's lemmas of irregular comparatives and superlatives (CQE lemmatises every word of a noun unit)
_IRREGULAR_ADJ = {"best": "good", "better": "good", "worst": "bad", "worse": "bad", "most": "most"}
_NOT_SUPERLATIVE = {"interest", "forest", "request", "harvest", "contest", "protest", "honest", "modest"}
# words CQE's normalised noun units leave out ("one of the proudest moments in his life": "proud
# moment life"): determiners, possessive pronouns, prepositions and conjunctions, and "more" (a
# spaCy stop word: "eight more picks" is "pick")
_UNIT_STOP = {
    "a",
    "an",
    "the",
    "of",
    "in",
    "on",
    "for",
    "to",
    "at",
    "by",
    "with",
    "from",
    "and",
    "or",
    "&",
    "my",
    "his",
    "her",
    "its",
    "their",
    "our",
    "your",
    "this",
    "that",
    "these",
    "those",
    "ever",
    "more",
}


def _singular(word: str) -> str:
    w = word.lower()
    if w in ("people", "police", "staff", "personnel", "series", "news"):
        return w
    if w in ("times", "time"):
        return "count"  # CQE's name for "N times"
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w.endswith("men") and len(w) > 4:
        return w[:-3] + "man"  # "fishermen"
    if w.endswith("uses"):
        return w[:-2]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


def _adjective_lemma(word: str) -> str:
    """The base form of a superlative modifier, as spaCy lemmatises it ("oldest" -> "old",
    "hottest" -> "hot", "largest" -> "large", "earliest" -> "early")."""
    w = word.lower()
    if w in _IRREGULAR_ADJ:
        return _IRREGULAR_ADJ[w]
    if not w.endswith("est") or len(w) < 6 or w in _NOT_SUPERLATIVE:
        return w
    stem = w[:-3]
    if stem.endswith("i"):
        return stem[:-1] + "y"
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiouls":
        return stem[:-1]  # "hottest", "biggest"
    if stem[-1] in "gvcz" or (
        len(stem) > 2
        and stem[-1] not in "aeiouy"
        and stem[-2] in "aeiou"
        and stem[-3] not in "aeiou"
        and stem[-1] not in "wxlr"
    ):
        return stem + "e"  # "largest", "latest", "safest", "widest"
    return stem


def _noun_unit(phrase: str) -> str:
    """CQE's normalised name of a counted noun: its words lemmatised (the head singular, modifiers
    in their base form, a possessive without its 's; capitalised modifiers only lower-cased), the
    words of ``_UNIT_STOP`` left out."""
    words = []
    for raw in phrase.split():
        word = raw.removesuffix("'s").removesuffix("’s")
        if word.lower() in _UNIT_STOP:
            continue
        words.append(word)
    if not words:
        return "-"
    *mods, head = words
    out = [m.lower() if m[:1].isupper() else _adjective_lemma(m) for m in mods]
    out.append(_singular(head))
    return " ".join(out)


def cqe_unit(fig) -> str:
    """The CQE normalised unit name of a newslint figure (see the module docstring)."""
    family = getattr(fig, "family", "count")
    if family == "age":
        return f"{fig.unit or 'year'} of age"
    if family == "score":
        return "-"
    if family == "percent" and fig.unit == "fraction":
        # CQE names a share of a whole "%" and the whole ("a third of the voters": "% voter")
        noun = getattr(fig, "noun_phrase", None) or getattr(fig, "noun", None)
        return f"% {_noun_unit(noun)}" if noun else "% -"
    if family == "percent":
        dim, _, per = fig.dimension.partition("/")
        name = "percentage" if dim == "percent" else "percentage point"
        return f"{name} per {_pint_name(per)}" if per else name
    if family == "currency":
        code, _, per = fig.dimension.split(":", 1)[1].partition("/")
        name = _CURRENCY_NAMES.get(code, code.lower())
        if code == "GBX":
            # CQE's unit dictionary gives the symbol "p" to "point" (and to "penny" after it), and
            # NewsQuant's gold names every "164p" "point"; "pence" is "penny"
            name = "penny" if "pence" in fig.text.lower() else "point"
        return f"{name} per {_pint_name(per)}" if per else name
    if family == "other":
        return _OTHER_NAMES.get(fig.dimension, fig.dimension)
    if family == "physical" and fig.unit:
        return _pint_name(fig.unit)
    noun = getattr(fig, "noun_phrase", None) or getattr(fig, "noun", None)
    if not noun:
        return "-"
    per = getattr(fig, "per", None)
    return f"{_noun_unit(noun)} per {_singular(per)}" if per else _noun_unit(noun)


def _gold_value(raw: str):
    raw = raw.strip()
    try:
        return float(raw)  # also "1.99E-07", which CQE's own split on "-" cannot read
    except ValueError:
        pass
    if not raw.startswith("-") and "-" in raw:
        a, b = raw.split("-", 1)
        return tuple(sorted((float(a), float(b))))
    return float(raw)


def _pred_value(fig):
    if fig.value is None:
        return (float(fig.low), float(fig.high))
    return float(fig.value)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-08 + 1e-05 * abs(b)


def values_match(gold, pred) -> bool:
    if isinstance(gold, tuple) != isinstance(pred, tuple):
        return False
    if isinstance(gold, tuple):
        return _close(pred[0], gold[0]) and _close(pred[1], gold[1])
    return _close(pred, gold)


def figures_of(text: str) -> list:
    """Every figure the extractor reads in one sentence (quantities, ages, scores)."""
    from newslint.document import parse_document
    from newslint.extractors.quantities import extract_quantities
    from newslint.rulepacks import builtin_packs

    return extract_quantities(parse_document(text, "sentence.txt"), builtin_packs())


def score(
    records: list[dict], errors: int = 0, causes: dict | None = None
) -> dict[str, dict[str, tuple[float, float, float]]]:
    totals = {"gold": 0, "pred": 0}
    cqe = {"value": 0, "value+unit": 0}
    strict = {"value": 0, "value+unit": 0}
    shown = 0
    for rec in records:
        gold = [(_gold_value(g["value"]), g["normalized_unit"].lower().strip()) for g in rec["quantities"]]
        preds = [(_pred_value(f), cqe_unit(f).lower(), f) for f in figures_of(rec["text"])]
        totals["gold"] += len(gold)
        totals["pred"] += len(preds)
        # CQE's loop, as written
        cap = len(gold)
        for gv, gu in gold:
            for pv, pu, _ in preds:
                if values_match(gv, pv):
                    if cap > 0:
                        cqe["value"] += 1
                        cap -= 1
                    if pu == gu:
                        cqe["value+unit"] += 1
        # one-to-one, unit matches first
        used_g, used_p = set(), set()
        for want_unit in (True, False):
            for i, (gv, gu) in enumerate(gold):
                if i in used_g:
                    continue
                for j, (pv, pu, _) in enumerate(preds):
                    if j in used_p or not values_match(gv, pv) or (want_unit and pu != gu):
                        continue
                    used_g.add(i)
                    used_p.add(j)
                    strict["value"] += 1
                    strict["value+unit"] += pu == gu
                    if causes is not None and pu != gu:
                        causes.setdefault(("wrong unit", f"{gu!r} read as {pu!r}"), []).append(
                            preds[j][2].text
                        )
                    break
        if causes is not None:
            for i, (gv, gu) in enumerate(gold):
                if i not in used_g:
                    causes.setdefault(("missed", repr(gu)), []).append(f"{gv} in: {rec['text'][:90]}")
            for j, (_pv, pu, f) in enumerate(preds):
                if j not in used_p:
                    causes.setdefault(("extra", repr(pu)), []).append(f"{f.text!r} in: {rec['text'][:90]}")
        if shown < errors and (len(used_g) < len(gold) or len(used_p) < len(preds)):
            shown += 1
            print("--", rec["text"])
            for i, (gv, gu) in enumerate(gold):
                if i not in used_g:
                    print("   missed:", gv, gu)
            for j, (pv, pu, f) in enumerate(preds):
                if j not in used_p:
                    print("   extra: ", pv, pu, repr(f.text))
    out = {}
    for name, counts in (("cqe", cqe), ("one-to-one", strict)):
        out[name] = {k: _prf(v, totals["gold"], totals["pred"]) for k, v in counts.items()}
    out["totals"] = totals
    return out


def _print_causes(causes: dict) -> None:
    for kind in ("wrong unit", "missed", "extra"):
        groups = sorted(
            ((k[1], v) for k, v in causes.items() if k[0] == kind), key=lambda kv: (-len(kv[1]), kv[0])
        )
        print(f"== {kind}: {sum(len(v) for _, v in groups)}")
        for name, items in groups:
            print(f"  {len(items):>3}  {name}")
            for item in items[:3]:
                print(f"         {item}")


def _prf(correct: int, gold: int, pred: int) -> tuple[float, float, float]:
    p = correct / pred if pred else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p * 100, 1), round(r * 100, 1), round(f * 100, 1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dataset", type=Path, default=DEFAULT)
    ap.add_argument("--errors", type=int, default=0, help="print the first N sentences with errors")
    ap.add_argument(
        "--causes",
        action="store_true",
        help="list the one-to-one errors grouped by kind (wrong unit, missed, extra) and unit, most frequent first",
    )
    args = ap.parse_args(argv)
    if not args.dataset.is_file():
        print(f"skipped: NewsQuant not found at {args.dataset} (see ../shared/datasets/README)")
        return 0
    records = json.loads(args.dataset.read_text(encoding="utf-8"))
    causes: dict | None = {} if args.causes else None
    res = score(records, args.errors, causes)
    if causes:
        _print_causes(causes)
    t = res["totals"]
    print(f"NewsQuant: {len(records)} sentences, {t['gold']} gold quantities, {t['pred']} figures read")
    print(f"{'measure':<12} {'counting':<11} {'P':>6} {'R':>6} {'F1':>6}   CQE (published) P / R / F1")
    for kind in ("value", "value+unit"):
        pp, pr = PUBLISHED[kind]
        pf = 2 * pp * pr / (pp + pr)
        for counting in ("cqe", "one-to-one"):
            p, r, f = res[counting][kind]
            ref = f"{pp:.1f} / {pr:.1f} / {pf:.1f}" if counting == "cqe" else ""
            print(f"{kind:<12} {counting:<11} {p:>6.1f} {r:>6.1f} {f:>6.1f}   {ref}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
