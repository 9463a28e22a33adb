"""Quote attribution accuracy on PolNeAR (political news, brat attributions), development half.

    python bench/accuracy/polnear.py [--data ../shared/datasets/polnear-train] [--limit N]
                                     [--errors N] [--cause CAUSE]

Each article of ``polnear-train/text`` is read as a plain-text document (publication date from
``metadata.tsv``) and run through the quotes extractor alone.  The gold comes from the
``attributions/*.ann`` brat files (one annotator per file; where several annotated an article, the
first annotator id in alphabetical order is used):

- a gold **direct quote** is a pair of double quotation marks (straight or curly) inside a
  ``Content`` span of an attribution, or of single curly marks in the headline (the first line:
  PolNeAR's headlines quote in single marks, ‘...’) (each paragraph's piece of a quote that runs over paragraphs
  counts once, as the extractor gives one piece per paragraph);
- its gold **speaker** is the ``Source`` span of the same attribution.  A pronoun source (he, she,
  they, ..., and a relative "who" or "which") stands for its antecedent: the nearest preceding gold ``Source`` that names someone
  with a capitalised word (the dataset README's convention).  Attributions with no source have no
  gold speaker.

A predicted quote matches a gold quote when their mark spans overlap.  The script prints:

- quote detection P/R: predicted quotations (balanced marks) against gold direct quotes (scare
  quotes and titles in marks are not direct quotes in PolNeAR, so detection precision is low by
  design: the extractor reports every quotation, attributed or not);
- quotes given a speaker P/R: predicted quotes with a speaker (a resolved name, or a phrase that is
  not a bare pronoun) that are gold direct quotes, and gold direct quotes with a gold speaker that get
  one;
- speaker accuracy: of gold quotes given a speaker by both, the share where the predicted speaker is
  the gold one.  Names match by full name or surname (the predicted resolved name's last word is a
  word of the gold name); a gold speaker with no capitalised name ("the campaign", "officials")
  matches a predicted phrase with no person name holding its head word (the last word before a
  relative clause or preposition: "the groups who wrote to her" -> "groups");
- an error table by cause (heuristic classification of each missed or wrong attribution), with
  how many of each got no speaker and how many a wrong one, and examples; ``--errors N`` prints N examples per cause (``--cause`` to pick one).

Figures are printed, never asserted.  Skips (exit 0) when the dataset is absent.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "polnear-train"

# personal pronouns, and the relative pronouns annotators also mark as a Source ("X, who said")
PRONOUNS = frozenset("he she they it we i you him her them us his hers their its who whom which".split())
_OPEN = "“"
_CLOSE = "”"
_MARKS = re.compile(r"[\"“”]")
_NAME_WORD = re.compile(r"[^\W\d_][\w'’.\-]*", re.UNICODE)
STOP = frozenset("the a an of and in for to on at by with from its his her their".split())


@dataclass
class Span:
    kind: str
    parts: list[tuple[int, int]]
    text: str

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


@dataclass
class GoldQuote:
    start: int
    end: int
    source: str | None  # the Source span's text ("he", "Sen. Joe Manchin")
    resolved: str | None  # a pronoun's antecedent, else the source itself
    source_start: int = -1
    matched: list = field(default_factory=list)


# -- reading the gold ----------------------------------------------------------------------------


def read_ann(path: Path) -> tuple[dict[str, Span], list[dict[str, list[str]]]]:
    spans: dict[str, Span] = {}
    relations: list[dict[str, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 2:
            continue
        if cols[0].startswith("T"):
            head = cols[1].split(" ", 1)
            if len(head) < 2:
                continue
            parts = []
            for chunk in head[1].split(";"):
                a, b = chunk.split()
                parts.append((int(a), int(b)))
            spans[cols[0]] = Span(head[0], parts, cols[2] if len(cols) > 2 else "")
        elif cols[0].startswith("E"):
            rel: dict[str, list[str]] = defaultdict(list)
            for arg in cols[1].split():
                role, _, ref = arg.partition(":")
                rel[re.sub(r"\d+$", "", role)].append(ref)
            relations.append(rel)
    return spans, relations


def _has_name(text: str) -> bool:
    return any(w[0].isupper() and w.lower() not in PRONOUNS for w in _NAME_WORD.findall(text))


def _is_pronoun(text: str) -> bool:
    words = text.strip().split()
    return len(words) == 1 and words[0].lower().strip(".,") in PRONOUNS


def _mark_pairs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Pairs of double marks within [start, end) of one paragraph; an open one runs to the end."""
    pairs = []
    open_at = None
    for m in _MARKS.finditer(text, start, end):
        ch = m.group()
        if open_at is None:
            if ch != _CLOSE:
                open_at = m.start()
        elif ch != _OPEN:
            pairs.append((open_at, m.end()))
            open_at = None
        else:
            open_at = m.start()
    if open_at is not None:
        pairs.append((open_at, end))
    return pairs


_SINGLE = re.compile(r"(?<![^\W\d_])‘(?=\w)(.+?)(?<=\S)’(?![^\W\d_])")


def _single_pairs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Single curly marks in the headline (British and AP headline style: ‘We lost everything’)."""
    return [(m.start(), m.end()) for m in _SINGLE.finditer(text, start, end)]


def gold_quotes(text: str, spans: dict[str, Span], relations) -> list[GoldQuote]:
    sources = sorted(
        (s for s in spans.values() if s.kind == "Source" and _has_name(s.text) and not _is_pronoun(s.text)),
        key=lambda s: s.start,
    )
    out: dict[tuple[int, int], GoldQuote] = {}
    title_end = text.find("\n") if "\n" in text else len(text)
    for rel in relations:
        src = spans.get(rel["Source"][0]) if rel.get("Source") else None
        source_text = " ".join(src.text.split()) if src else None
        resolved = source_text
        if src is not None and _is_pronoun(src.text):
            before = [s for s in sources if s.end <= src.start]
            resolved = " ".join(before[-1].text.split()) if before else None
        for cref in rel.get("Content", ()):
            content = spans.get(cref)
            if content is None:
                continue
            for a, b in content.parts:
                a = max(0, a - 1)
                b = min(len(text), b + 1)
                # one paragraph at a time (a wire-convention quote is a piece per paragraph)
                pos = a
                for para in re.split(r"(\n\s*\n|\n)", text[a:b]):
                    if para and not para.isspace():
                        pairs = _mark_pairs(text, pos, pos + len(para))
                        if pos < title_end:
                            pairs += _single_pairs(text, pos, min(pos + len(para), title_end))
                        for qa, qb in pairs:
                            if qb - qa > 2 and (qa, qb) not in out:
                                out[(qa, qb)] = GoldQuote(
                                    qa, qb, source_text, resolved, src.start if src else -1
                                )
                    pos += len(para)
    return sorted(out.values(), key=lambda g: g.start)


def load_metadata(data: Path) -> dict[str, dict[str, str]]:
    with (data / "metadata.tsv").open(encoding="utf-8") as fh:
        return {row["filename"]: row for row in csv.DictReader(fh, delimiter="\t")}


def ann_file(data: Path, name: str) -> Path | None:
    found = sorted((data / "attributions").glob(f"{glob_escape(name)}_*.ann"))
    return found[0] if found else None


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


# -- scoring --------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return [w.strip(".’'").lower() for w in _NAME_WORD.findall(text)]


def _norm(word: str) -> str:
    import unicodedata

    word = word.replace("’s", "").replace("'s", "")
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def speaker_correct(pred_name: str | None, pred_text: str | None, gold: str | None) -> bool:
    if not gold:
        return False
    gold_words = {_norm(w) for w in _words(gold)}
    if pred_name:
        surname = _norm(_words(pred_name)[-1]) if _words(pred_name) else ""
        return surname in gold_words
    if not pred_text:
        return False
    if _has_name(gold):
        # gold names someone and we only have a phrase: right if the phrase names them
        names = [_norm(w) for w in _words(pred_text)]
        caps = [_norm(w.lower()) for w in _NAME_WORD.findall(gold) if w[0].isupper()]
        return bool(caps) and caps[-1].lower() in names
    content = [w for w in _words(_head_phrase(gold)) if w not in STOP]
    pred = {w for w in _words(pred_text) if w not in STOP}
    return bool(content) and content[-1] in pred


def _head_phrase(text: str) -> str:
    """A descriptor's head phrase: "the groups who wrote to her on Thursday" -> "the groups"."""
    return re.split(r"\b(?:who|which|that|of|on|in|at|from|with|for|to|,)\b|,", text)[0] or text


def given_speaker(q) -> bool:
    if q.speaker_name:
        return True
    return bool(q.speaker) and q.speaker.strip().lower() not in PRONOUNS


# -- error causes -----------------------------------------------------------------------------

CAUSES = {
    "missed": "quotation not detected",
    "dash/transcript": "dash or transcript attribution",
    "?/! before attribution": '"?" or "!" closes the quote before the attribution',
    "lead-in previous paragraph": "lead-in (colon) in the previous paragraph",
    "pronoun": "pronoun resolved wrongly or not at all",
    "title/abbreviation/party tag": "abbreviation, title or party tag cut the name",
    "apposition/age": "apposition or age between name and verb",
    "fragment after verb": "a fragment after the verb taken as the speaker",
    "carried too far": "speaker carried from another quotation",
    "missing verb": "speech or framing verb missing",
    "other": "other",
}


def classify(text: str, g: GoldQuote, q, para_start: int) -> str:
    if q is None:
        return "missed"
    inner = text[g.start + 1 : g.end - 1].rstrip()
    after = text[g.end : g.end + 80]
    line_start = text.rfind("\n", 0, g.start) + 1
    line = text[line_start : g.start]
    wrong = given_speaker(q)
    if not wrong:
        if re.match(r"\s*[―—–-]+\s*\S", after) or re.match(r"^\s*[A-Z][A-Za-z .'’]{1,40}:\s*$", line):
            return "dash/transcript"
        if inner.endswith(("?", "!")) and re.match(r"[\s,]*(?:\S+\s+){0,4}\S*", after):
            if re.match(r"\s*[A-Za-z.’' ]{0,40}\b(?:said|says|asked|told|added)\b", after):
                return "?/! before attribution"
        if g.start == para_start or not text[para_start : g.start].strip():
            prev = text[:para_start].rstrip()
            if prev.endswith(":"):
                return "lead-in previous paragraph"
        if g.source and _is_pronoun(g.source):
            return "pronoun"
        if g.source and re.search(r",\s*(?:\d+|a|an|the)\b[^,]*,\s*$", text[g.source_start : g.end]):
            return "apposition/age"
        return "missing verb"
    # a wrong speaker
    if q.how == "pronoun" or (g.source and _is_pronoun(g.source)):
        return "pronoun"
    if q.how == "carried":
        return "carried too far"
    spk = q.speaker or ""
    name = q.speaker_name or ""
    if re.search(r"\b(?:[A-Z][a-z]{0,3}\.|[RDI]-[A-Z])", spk + " ") or re.fullmatch(
        r"[A-Z][a-z]{0,3}\.?", name
    ):
        return "title/abbreviation/party tag"
    if g.resolved and any(w in _words(spk) for w in _words(g.resolved) if w[:1].isalpha() and len(w) > 3):
        return "apposition/age"
    if q.how in ("said-before", "colon") and g.source_start >= 0 and g.source_start < q.start:
        return "fragment after verb"
    return "other"


# -- main -----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument("--errors", type=int, default=2, help="examples printed per cause")
    ap.add_argument("--cause", default=None, help="print examples of this cause only")
    args = ap.parse_args(argv)
    if not (args.data / "text").is_dir() or not (args.data / "attributions").is_dir():
        print(
            f"skipped: PolNeAR development half not found at {args.data} (see ../shared/datasets/README.md)"
        )
        return 0
    sys.path.insert(0, str(ROOT))
    from newslint.document import parse_document
    from newslint.extractors import quotes as qx
    from newslint.registry import PluginHost

    packs = PluginHost().packs
    meta = load_metadata(args.data)
    names = sorted(p.stem for p in (args.data / "text").glob("*.txt"))
    if args.limit:
        names = names[: args.limit]

    n_pred = n_pred_gold = n_gold = n_gold_found = 0
    n_pred_spk = n_pred_spk_gold = n_gold_spk = n_gold_spk_given = 0
    n_both = n_right = 0
    causes: Counter[str] = Counter()
    got_wrong: Counter[str] = Counter()  # of each cause, the quotes given a wrong speaker (not none)
    examples: dict[str, list[str]] = defaultdict(list)
    articles = 0
    t0 = time.perf_counter()
    for name in names:
        ann = ann_file(args.data, name)
        if ann is None:
            continue
        articles += 1
        text = (args.data / "text" / f"{name}.txt").read_text(encoding="utf-8")
        date = None
        row = meta.get(name)
        if row and re.fullmatch(r"\d{4}-\d{2}-\d{2}", row.get("publication_date", "")):
            date = dt.date.fromisoformat(row["publication_date"])
        doc = parse_document(text, f"{name}.txt", date=date)
        preds = [q for q in qx.extract(doc, packs) if not q.problem]
        spans, relations = read_ann(ann)
        golds = gold_quotes(text, spans, relations)
        for q in preds:
            hit = [g for g in golds if g.start < q.end and q.start < g.end]
            for g in hit:
                g.matched.append(q)
            n_pred += 1
            n_pred_gold += bool(hit)
            if given_speaker(q):
                n_pred_spk += 1
                n_pred_spk_gold += bool(hit)
        for g in golds:
            n_gold += 1
            q = g.matched[0] if g.matched else None
            n_gold_found += q is not None
            if g.resolved is None:
                continue
            n_gold_spk += 1
            ok = False
            if q is not None and given_speaker(q):
                n_gold_spk_given += 1
                n_both += 1
                ok = speaker_correct(q.speaker_name, q.speaker, g.resolved)
                n_right += ok
            if not ok:
                para = doc.paragraph_at(g.start)
                cause = classify(text, g, q, para.start if para else 0)
                causes[cause] += 1
                got_wrong[cause] += q is not None and given_speaker(q)
                if args.cause in (None, cause) and len(examples[cause]) < args.errors:
                    line = text.count("\n", 0, g.start) + 1
                    got = "—" if q is None else f"{q.speaker!r} → {q.speaker_name!r} ({q.how})"
                    ctx = " ".join(text[max(0, g.start - 120) : g.end + 100].split())
                    examples[cause].append(
                        f"  {name}:{line}  gold {g.source!r}"
                        + (f" = {g.resolved!r}" if g.resolved != g.source else "")
                        + f"; got {got}\n      …{ctx}…"
                    )
    seconds = time.perf_counter() - t0

    def pct(a: int, b: int) -> str:
        return f"{a / b:.3f}" if b else "  n/a"

    print(f"PolNeAR development half: {articles} articles, {n_gold} gold direct quotes ({seconds:.1f} s)")
    print()
    print("| measure | P | R | counts |")
    print("| --- | --- | --- | --- |")
    print(
        f"| quote detection | {pct(n_pred_gold, n_pred)} | {pct(n_gold_found, n_gold)} | "
        f"{n_pred_gold}/{n_pred} predicted, {n_gold_found}/{n_gold} gold |"
    )
    print(
        f"| quotes given a speaker | {pct(n_pred_spk_gold, n_pred_spk)} | {pct(n_gold_spk_given, n_gold_spk)} | "
        f"{n_pred_spk_gold}/{n_pred_spk} predicted, {n_gold_spk_given}/{n_gold_spk} gold |"
    )
    print(f"| speaker accuracy | {pct(n_right, n_both)} | | {n_right}/{n_both} |")
    print()
    print("Errors by cause (gold quotes with a gold speaker that got none or a wrong one):")
    print()
    print("| cause | count | no speaker | wrong speaker |")
    print("| --- | --- | --- | --- |")
    for cause, count in causes.most_common():
        print(f"| {cause} | {count} | {count - got_wrong[cause]} | {got_wrong[cause]} |")
    if args.errors:
        for cause, count in causes.most_common():
            if examples[cause]:
                print(f"\n{cause} ({count}):")
                print("\n".join(examples[cause]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
