"""Temporal extraction accuracy on TimeML news documents (TimeBank + AQUAINT, TempEval-3 training data).

    python bench/accuracy/timeml.py [--data ../shared/datasets/timebank] [--errors FORM] [--limit N]
                                    [--causes]

Each ``.tml`` file is stripped to its ``<TEXT>`` (tags removed, entities decoded; the offsets of the
gold ``TIMEX3`` spans are taken in the stripped text), parsed as a plain-text source whose publication
date is the document creation time (``<DCT>``), and run through every registered extractor (the
temporal one needs the quotes extractor's spans).  Then, per expression form:

* **P / R** by span overlap.  Recall: gold expressions overlapped by a temporal fact.  Precision for
  DATE: facts overlapping a gold DATE, over facts that overlap no gold expression of another type
  (a fact on a gold TIME, DURATION or SET expression is neither right nor wrong as a DATE); for "all
  types": facts overlapping any gold expression, over all facts.
* **value**: among overlapping pairs, the share whose normalised value is the gold one (TimeML's
  ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, ``YYYY-Www``, ``YYYY-Qn``, ``YYYY-Hn``, and PAST_REF,
  PRESENT_REF, FUTURE_REF as written; of a gold TIME, and of a DATE with a part
  of the day ("2000-01-05TEV"), only the calendar date is compared, as the extractor does not model
  times of day; DURATION and SET values are not dates and are left out of the value column).

The form of an expression (weekday, yesterday/today/tomorrow, month-day, ...) is read from the gold
text (a missed or found gold expression is counted under its own form) and, for facts that overlap no
gold expression, from the fact's text.  Figures are printed, never asserted.  The set is the
*development* half: tune for phenomena, never for a file.  Skips (exit 0) when the data is absent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "datasets" / "timebank"

FORMS = (
    "weekday",
    "yesterday/today/tomorrow",
    "month-day",
    "month",
    "year",
    "last/this/next unit",
    "N units ago",
    "other",
)

_WEEKDAY = re.compile(r"(?i)\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b")
_MONTH = re.compile(
    r"(?i)\b(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?"
)
_DEICTIC = re.compile(r"(?i)\b(?:yesterday|today|tomorrow|tonight)\b")
_UNIT_REL = re.compile(
    r"(?i)\b(?:last|this|next|past|coming|previous|current|earlier\s+this|later\s+this)\s+"
    r"(?:week|month|year|weekend|quarter|season|decade|century)\b"
)
_AGO = re.compile(r"(?i)\bago\b")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b|\b'\d\d\b")
_DAYNUM = re.compile(r"\b(?:[12]?\d|3[01])(?:st|nd|rd|th)?\b")


def form_of(text: str) -> str:
    """The form of an expression, from its words (the same for gold and for our facts)."""
    if _AGO.search(text):
        return "N units ago"
    if _DEICTIC.search(text):
        return "yesterday/today/tomorrow"
    month = _MONTH.search(text)
    if month:
        rest = text[: month.start()] + " " + text[month.end() :]
        rest = _YEAR.sub(" ", rest)
        return "month-day" if _DAYNUM.search(rest) else "month"
    if _WEEKDAY.search(text):
        return "weekday"
    if _UNIT_REL.search(text):
        return "last/this/next unit"
    if _YEAR.search(text):
        return "year"
    return "other"


@dataclass
class Gold:
    start: int
    end: int
    type: str
    value: str
    text: str


_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def strip_tml(raw: str) -> tuple[str, dt.date | None, list[Gold]]:
    """(text of <TEXT>, DCT, gold TIMEX3 spans in that text)."""
    dct_m = re.search(r"<DCT>\s*<TIMEX3[^>]*value=\"(\d{4}-\d{2}-\d{2})", raw)
    dct = dt.date.fromisoformat(dct_m.group(1)) if dct_m else None
    body_m = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    body = body_m.group(1) if body_m else ""
    out: list[str] = []
    length = 0
    gold: list[Gold] = []
    open_timex: dict | None = None
    pos = 0
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos : m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name = m.group(1) == "/", m.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = {"start": length, **dict(_ATTR.findall(m.group(3)))}
        elif open_timex is not None:
            gold.append(
                Gold(open_timex["start"], length, open_timex.get("type", ""), open_timex.get("value", ""), "")
            )
            open_timex = None
    tail = html.unescape(body[pos:])
    out.append(tail)
    text = "".join(out)
    for g in gold:
        g.text = " ".join(text[g.start : g.end].split())
    return text, dct, gold


def _gold_day_value(g: Gold) -> str:
    """The calendar part of a gold value: "2000-01-05" of "2000-01-05TEV" (a part of the day, which
    the extractor does not model) or of a TIME's "2000-01-05T09:00"; unknown trailing parts dropped
    ("1968-XX" is "1968"), weeks written with two digits ("2000-W7" is "2000-W07") and a decade
    written as TimeML's "198" ("198X" is the same decade in TimeBank's other notation).  Values whose
    unknown part is not trailing ("1989-WXX": some week of 1989, which the annotator left unresolved)
    are compared as written, so a resolved week counts as wrong there: the benchmark never credits a
    value the gold does not confirm."""
    if g.value.endswith("_REF"):
        return g.value  # PAST_REF, PRESENT_REF, FUTURE_REF: compared as written
    value = g.value.split("T")[0]
    while value.endswith("-XX"):
        value = value[:-3]
    value = re.sub(r"^(\d{3})X$", r"\1", value)
    return re.sub(r"-W(\d)$", r"-W0\1", value)


def value_shape(value: str) -> str:
    """What kind of value a gold TIMEX3 value is: "REF" (PAST_REF, ...), "underspecified" (an X in
    it), or its granularity (day, week, weekend, month, quarter, half, season, year, decade,
    century, duration)."""
    if value.endswith("_REF"):
        return value
    if value.startswith("P"):
        return "duration"
    if "X" in value.split("T")[0]:
        return "underspecified"
    day = value.split("T")[0]
    for shape, pattern in (
        ("day", r"\d{4}-\d\d-\d\d"),
        ("weekend", r"\d{4}-W\d\d?-WE"),
        ("week", r"\d{4}-W\d\d?"),
        ("month", r"\d{4}-\d\d"),
        ("quarter", r"\d{4}-Q\d"),
        ("half", r"\d{4}-H\d"),
        ("season", r"\d{4}-(?:SP|SU|FA|WI)"),
        ("year", r"\d{4}"),
        ("decade", r"\d{3}"),
        ("century", r"\d\d"),
    ):
        if re.fullmatch(pattern, day):
            return shape
    return "other"


class Tally:
    def __init__(self) -> None:
        self.gold = Counter()  # per form: gold expressions
        self.found = Counter()  # gold expressions overlapped by a fact
        self.pred = Counter()  # facts counted in the precision denominator
        self.correct_pred = Counter()  # of those, facts on a gold expression
        self.valued = Counter()  # matched pairs with a comparable value
        self.right = Counter()  # of those, the same value

    def row(self, form: str) -> tuple[int, float | None, float | None, float | None, int]:
        p = self.correct_pred[form] / self.pred[form] if self.pred[form] else None
        r = self.found[form] / self.gold[form] if self.gold[form] else None
        v = self.right[form] / self.valued[form] if self.valued[form] else None
        return self.gold[form], p, r, v, self.valued[form]


def evaluate(
    files: list[Path], errors: str | None, limit: int, causes: Counter | None = None
) -> tuple[Tally, Tally, int]:
    from newslint.extraction import extract_facts, load_document
    from newslint.registry import PluginHost

    host = PluginHost()
    date_t, all_t = Tally(), Tally()
    shown = 0
    for path in files:
        text, dct, gold = strip_tml(path.read_text(encoding="utf-8"))
        doc = load_document(text, f"{path.parent.name}/{path.stem}.txt", host, date=dct)
        extract_facts(doc, host)
        facts = list(doc.facts_of("temporal"))

        def overlapping(a: int, b: int, items):
            return [x for x in items if x.start < b and a < x.end]

        for g in gold:
            form = form_of(g.text)
            hits = overlapping(g.start, g.end, facts)
            best = min(hits, key=lambda f: abs(f.start - g.start) + abs(f.end - g.end)) if hits else None
            ours = (best.value or "") if best is not None else ""
            comparable = g.type in ("DATE", "TIME")
            ok = comparable and best is not None and ours == _gold_day_value(g)
            for tally, counted in ((date_t, g.type == "DATE"), (all_t, True)):
                if not counted:
                    continue
                for key in (form, "all"):
                    tally.gold[key] += 1
                    if best is not None:
                        tally.found[key] += 1
                        if comparable:
                            tally.valued[key] += 1
                            tally.right[key] += ok
            if causes is not None and g.type == "DATE" and not ok:
                what = "missed" if best is None else f"wrong ({best.rule})"
                causes[(form, what, value_shape(g.value), g.text.lower())] += 1
            if errors and g.type == "DATE" and errors in (form, "all") and shown < limit and not ok:
                shown += 1
                where = "missed" if best is None else f"ours {ours!r} ({best.rule}, {best.tense})"
                ctx = " ".join(text[max(0, g.start - 80) : g.end + 40].split())
                print(
                    f"[{form}] {path.name} DCT {dct}: {g.text!r} gold {g.value} -> {where} :: {ctx}",
                    file=sys.stderr,
                )
        for f in facts:
            on = overlapping(f.start, f.end, gold)
            form = form_of(on[0].text if on else f.text)
            on_date = any(g.type == "DATE" for g in on)
            for key in (form, "all"):
                all_t.pred[key] += 1
                all_t.correct_pred[key] += bool(on)
                if on_date or not on:
                    date_t.pred[key] += 1
                    date_t.correct_pred[key] += on_date
            if errors == "fp" and not on and shown < limit:
                shown += 1
                ctx = " ".join(text[max(0, f.start - 50) : f.end + 30].split())
                print(f"{path.name}: false {f.text!r} ({f.rule}) in ...{ctx}...", file=sys.stderr)
    return date_t, all_t, len(files)


def _pct(x: float | None) -> str:
    return "   -  " if x is None else f"{x:6.3f}"


def print_table(title: str, tally: Tally) -> None:
    print(f"\n{title}")
    print(f"| {'form':<26} | {'gold':>5} | {'P':>6} | {'R':>6} | {'value':>6} | {'valued':>6} |")
    print(f"| {'-' * 26} | {'-' * 5}:| {'-' * 5}:| {'-' * 5}:| {'-' * 5}:| {'-' * 5}:|")
    for form in (*FORMS, "all"):
        n, p, r, v, valued = tally.row(form)
        label = f"**{form}**" if form == "all" else form
        print(f"| {label:<26} | {n:>5} | {_pct(p)} | {_pct(r)} | {_pct(v)} | {valued:>6} |")


def print_causes(causes: Counter, top: int = 40) -> None:
    """The DATE expressions missed or resolved wrong, grouped by (form, what happened, gold value
    shape), largest groups first, with the commonest texts of each."""
    groups: dict[tuple[str, str, str], Counter] = {}
    for (form, what, shape, text), n in causes.items():
        groups.setdefault((form, what, shape), Counter())[text] += n
    ranked = sorted(groups.items(), key=lambda kv: -sum(kv[1].values()))
    print("\nDATE errors by cause (form | missed or wrong (our rule) | gold value | count | commonest texts)")
    for (form, what, shape), texts in ranked[:top]:
        examples = ", ".join(f"{t!r}" + (f" x{n}" if n > 1 else "") for t, n in texts.most_common(5))
        print(f"| {form} | {what} | {shape} | {sum(texts.values())} | {examples} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--errors",
        metavar="FORM",
        help="print wrong or missed DATE expressions of FORM ('all' for every form, 'fp' for "
        "facts on no gold expression) to stderr",
    )
    parser.add_argument("--limit", type=int, default=60, help="at most this many --errors lines")
    parser.add_argument(
        "--causes", action="store_true", help="print the DATE errors grouped by form and cause"
    )
    args = parser.parse_args(argv)
    files = sorted(
        p
        for sub in ("TimeBank", "AQUAINT")
        if (args.data / sub).is_dir()
        for p in (args.data / sub).glob("*.tml")
    )
    if not files:
        print(f"skipped: no TimeML files under {args.data} (TimeBank/*.tml, AQUAINT/*.tml)")
        return 0
    causes: Counter | None = Counter() if args.causes else None
    date_t, all_t, n = evaluate(files, args.errors, args.limit, causes)
    print(f"TimeML (TimeBank + AQUAINT): {n} documents, anchored at each document's DCT")
    print_table("DATE expressions (precision: facts on a gold DATE / facts not on another type)", date_t)
    print_table("All TIMEX3 types (precision: facts on any gold expression / all facts)", all_t)
    if causes is not None:
        print_causes(causes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
