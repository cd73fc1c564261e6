"""``wirewatch eval events``: PLOVER event typing (and actors) against ``eval/plover``, ACLED
sub-event typing against ``eval/case2021_task2``; the file's fields say which it is.

The whole pipeline runs on each gold text (entities, times, places, statements, events), as
on any article: nothing about the gold (its actors, its label set) is given to the system.

PLOVER (sentences coded with one root type and the source/target actors as written):
  the system's types are mapped onto the older label set of that file (YIELD = CONCEDE +
  RETREAT: ``[plover_v1]`` of ``data/events.toml``), and, as PLOVER codes intentions and
  refusals, a planned cooperative event is AGREE, a planned use of force THREATEN, a refused
  or negated cooperative one REJECT (``[[plover_v1_mode]]``). PLOVER codes one event per sentence,
  the main one, so each sentence's prediction is its *primary* event: the one whose trigger
  is highest in the dependency tree (nearest the root), the first one on a tie. Micro
  P/R/F1 are over (sentence, type) pairs: a sentence where the system finds no event costs
  recall only. Macro-F1 averages the per-type F1 over the 15 gold types. Actor and recipient
  are scored on the sentences whose primary type is right: `exact` when the system's phrase
  equals a gold source (target) string, ignoring case and a leading "the"; `overlap` when it
  shares characters with a gold span. `micro_f1_all` scores every type the system finds in
  the sentence instead of the primary one.

CASE 2021 task 2 (snippets with one ACLED sub-event label): each event is mapped to a label
  by the ordered ``[[acled]]`` rules of ``data/events.toml`` (type/subtype, with conditions on
  victims and actors); the snippet's label is the primary event's label of the first
  sentence that has a labelled event, then ``[[acled_combination]]`` rules adjust it (a
  protest with arrests is PROTEST_WITH_INTER). A snippet with no labelled event is predicted
  "NONE", which is wrong whatever its gold label. Weighted F1 weights each gold label's F1 by
  its support (as scikit-learn's ``average="weighted"``); ``weighted_f1_subtask1`` keeps the
  25 ACLED labels' snippets, the set the published 83.9 is on.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from wirewatch.eval.gold import GoldFileError, read_gold
from wirewatch.eval.report import EvalReport
from wirewatch.eval.spans import PRF
from wirewatch.extract.events import Lexicon, lexicon
from wirewatch.nlp import parse
from wirewatch.pipeline import analyse
from wirewatch.records import Article, Event

NO_LABEL = "NONE"
COLUMNS = ["label", "gold", "predicted", "correct", "precision", "recall", "f1"]
_WORD = re.compile(r"[a-z][a-z-]*")


# ------------------------------------------------------------------------------ the system
def analysed(doc: Doc, article: Article) -> list[Event]:
    """The events of one parsed gold text, through the whole per-article path."""
    return analyse(doc, article).events


def system_events(rows: Sequence[dict], docs: Iterable[Doc] | None = None) -> list[list[Event]]:
    """Events for each gold row; ``docs`` may hold the rows' parses already."""
    articles = [Article(id=r["id"], text=r["text"], published=r.get("date")) for r in rows]
    docs = docs if docs is not None else parse(a.text for a in articles)
    return [analysed(doc, article) for doc, article in zip(docs, articles, strict=True)]


def _depth(doc: Doc, offset: int) -> int:
    token = doc.char_span(offset, offset + 1, alignment_mode="expand")
    token = token.root if token is not None and len(token) else doc[0]
    depth = 0
    while token.head is not token and depth < 50:
        token, depth = token.head, depth + 1
    return depth


def primary_event(events: Sequence[Event], doc: Doc) -> Event | None:
    """The event nearest the root of the parse (the first one on a tie)."""
    if not events:
        return None
    return min(events, key=lambda e: (_depth(doc, e.start), e.start))


# ------------------------------------------------------------------------------ PLOVER
def _norm(text: str) -> str:
    text = re.sub(r"^(the|a|an)\s+", "", text.strip().lower())
    return re.sub(r"[^\w\s]", "", text).strip()


def _overlaps(text: str, phrase: str | None, spans: list[list[int]]) -> bool:
    if not phrase:
        return False
    for match in re.finditer(re.escape(phrase), text):
        if any(match.start() < e and s < match.end() for s, e in spans):
            return True
    return False


@dataclass
class RoleTally:
    exact: int = 0
    overlap: int = 0

    def add(self, text: str, phrase: str | None, golds: list[dict]) -> None:
        if phrase and any(_norm(phrase) == _norm(g["text"]) for g in golds):
            self.exact += 1
        if _overlaps(text, phrase, [s for g in golds for s in g["spans"]]):
            self.overlap += 1


def _share(count: int, total: int) -> float | None:
    return round(count / total, 4) if total else None


def _prf_row(label: str, score: PRF) -> list:
    return [
        label,
        score.tp + score.fn,
        score.tp + score.fp,
        score.tp,
        score.precision,
        score.recall,
        score.f1,
    ]


def _plover_type(event: Event, lex: Lexicon) -> str:
    """The PLV label: the type mapped onto the older set, or AGREE / REJECT for an intent to
    cooperate or a refusal (``[plover_v1_modes]``)."""
    for rule in lex.plover_v1_modes:
        if event.mode == rule["mode"] and event.type in rule["types"]:
            return rule["label"]
    return lex.plover_v1.get(event.type, event.type)


def evaluate_plover(rows: list[dict], predicted: list[list[Event]], docs: list[Doc]) -> EvalReport:
    lex = lexicon()
    labels = sorted({e["type"] for r in rows for e in r["events"]})
    by_type = {label: PRF() for label in labels}
    overall, everything = PRF(), PRF()
    actor, recipient = RoleTally(), RoleTally()
    typed = covered = 0
    for row, events, doc in zip(rows, predicted, docs, strict=True):
        gold = {e["type"] for e in row["events"]}
        main = primary_event(events, doc)
        guess = {_plover_type(main, lex)} if main else set()
        covered += bool(main)
        for label in gold | guess:
            score = by_type.setdefault(label, PRF())
            hit = label in gold and label in guess
            for s in (score, overall):
                s.tp += hit
                s.fp += label in guess and not hit
                s.fn += label in gold and not hit
        found = {_plover_type(e, lex) for e in events}
        everything.tp += len(gold & found)
        everything.fp += len(found - gold)
        everything.fn += len(gold - found)
        if main and _plover_type(main, lex) in gold:
            typed += 1
            golds = [e for e in row["events"] if e["type"] == _plover_type(main, lex)]
            actor.add(row["text"], main.actor_text, [g["source"] for g in golds])
            recipient.add(row["text"], main.recipient_text, [g["target"] for g in golds])
    macro = sum(by_type[label].f1 for label in labels) / len(labels) if labels else 0.0
    rows_out = [_prf_row(label, by_type[label]) for label in labels]
    rows_out += [_prf_row(label, s) for label, s in sorted(by_type.items()) if label not in labels]
    rows_out.append(_prf_row("all (micro)", overall))
    metrics = {
        "task": "events",
        "n": overall.tp + overall.fn,
        "micro_f1": round(overall.f1, 4),
        "macro_f1": round(macro, 4),
        "weighted_f1": None,
        "precision": round(overall.precision, 4),
        "recall": round(overall.recall, 4),
        "coverage": round(covered / len(rows), 4) if rows else None,
        "micro_f1_all": round(everything.f1, 4),
        "correctly_typed": typed,
        "actor_exact": _share(actor.exact, typed),
        "actor_overlap": _share(actor.overlap, typed),
        "recipient_exact": _share(recipient.exact, typed),
        "recipient_overlap": _share(recipient.overlap, typed),
    }
    notes = [
        "types mapped to the PLV label set: CONCEDE and RETREAT -> YIELD",
        "one prediction per sentence: the event nearest the parse root",
        "actor/recipient: shares of correctly typed sentences (exact phrase; span overlap)",
    ]
    return EvalReport("events", metrics, COLUMNS, rows_out, notes)


# ------------------------------------------------------------------------------ CASE 2021
def _words(text: str | None) -> set[str]:
    return set(_WORD.findall(text.lower())) if text else set()


def _side(event: Event, words: set[str], lex: Lexicon) -> set[str]:
    """The classes ([acled_words]) an event's actor side falls in."""
    found = {name for name, members in lex.acled_words.items() if words & members}
    if any(a.startswith(("gov/", "country/")) for a in event.actors):
        found.add("state")
    if event.actors:
        found.add("entity")
    return found


def acled_label(event: Event, lex: Lexicon | None = None) -> str | None:
    """The CASE-2021 / ACLED label of one event, by the first ``[[acled]]`` rule it fits."""
    lex = lex or lexicon()
    actor = _side(event, _words(event.actor_text), lex)
    victims = {n for n, m in lex.acled_words.items() if _words(event.recipient_text) & m}
    for rule in lex.acled:
        fits = event.subtype in rule.get("subtypes", ()) or event.type in rule.get("types", ())
        if not fits:
            continue
        if "victims" in rule and rule["victims"] not in victims:
            continue
        if "actor" in rule and not _actor_fits(rule["actor"], actor):
            continue
        return rule["label"]
    return None


def _actor_fits(wanted: str, actor: set[str]) -> bool:
    if wanted == "entity":
        return "entity" in actor and "protesters" not in actor and "mob" not in actor
    if wanted == "state":
        return "state" in actor and "non_state" not in actor
    return wanted in actor


def snippet_label(events: Sequence[Event], doc: Doc, lex: Lexicon | None = None) -> str:
    """One label per snippet: the primary labelled event of the first sentence with one,
    adjusted by the combination rules; "NONE" when no event maps to a label."""
    lex = lex or lexicon()
    labelled = [(e, acled_label(e, lex)) for e in events]
    labelled = [(e, label) for e, label in labelled if label]
    if not labelled:
        return NO_LABEL
    first = min(e.sentence_start for e, _ in labelled)
    main = primary_event([e for e, _ in labelled if e.sentence_start == first], doc)
    label = next(label for e, label in labelled if e is main)
    present = {label for _, label in labelled}
    for rule in lex.acled_combinations:
        if label in rule["labels"] and set(rule["labels"]) <= present:
            return rule["label"]
    return label


def _weighted_f1(gold: list[str], guess: list[str]) -> tuple[float, float, dict[str, PRF]]:
    """Support-weighted and macro F1 over the gold labels, with the per-label scores."""
    scores: dict[str, PRF] = {}
    for g, p in zip(gold, guess, strict=True):
        scores.setdefault(g, PRF())
        if p != NO_LABEL:
            scores.setdefault(p, PRF())
        if g == p:
            scores[g].tp += 1
        else:
            scores[g].fn += 1
            if p != NO_LABEL:
                scores[p].fp += 1
    support = Counter(gold)
    total = sum(support.values())
    weighted = sum(scores[label].f1 * n for label, n in support.items()) / total if total else 0.0
    macro = sum(scores[label].f1 for label in support) / len(support) if support else 0.0
    return weighted, macro, scores


def evaluate_case(rows: list[dict], predicted: list[list[Event]], docs: list[Doc]) -> EvalReport:
    lex = lexicon()
    gold = [r["event_type"] for r in rows]
    guess = [snippet_label(events, doc, lex) for events, doc in zip(predicted, docs, strict=True)]
    weighted, macro, scores = _weighted_f1(gold, guess)
    first = [i for i, r in enumerate(rows) if r.get("subtask") == 1]
    weighted_1, macro_1, _ = _weighted_f1([gold[i] for i in first], [guess[i] for i in first])
    correct = sum(g == p for g, p in zip(gold, guess, strict=True))
    support = Counter(gold)
    rows_out = [_prf_row(label, scores[label]) for label in sorted(support)]
    rows_out += [_prf_row(label, s) for label, s in sorted(scores.items()) if label not in support]
    metrics = {
        "task": "events",
        "n": len(rows),
        "micro_f1": round(correct / len(rows), 4) if rows else 0.0,
        "macro_f1": round(macro, 4),
        "weighted_f1": round(weighted, 4),
        "weighted_f1_subtask1": round(weighted_1, 4),
        "macro_f1_subtask1": round(macro_1, 4),
        "n_subtask1": len(first),
        "coverage": round(sum(p != NO_LABEL for p in guess) / len(rows), 4) if rows else None,
    }
    notes = [
        "one label per snippet: the primary labelled event of the first sentence with one",
        "snippets with no labelled event are predicted NONE (always wrong)",
        "micro_f1 = accuracy; weighted_f1 weights each gold label's F1 by its support",
    ]
    return EvalReport("events", metrics, COLUMNS, rows_out, notes)


# ------------------------------------------------------------------------------ dispatch
def gold_kind(rows: list[dict], path: str | Path) -> str:
    if rows and all("events" in r for r in rows):
        return "plover"
    if rows and all("event_type" in r for r in rows):
        return "case2021"
    raise GoldFileError(
        f"{path}: not an events gold file (each line needs `events` (PLOVER) or "
        "`event_type` (CASE 2021))"
    )


def evaluate(gold_path: str | Path) -> EvalReport:
    rows = list(read_gold(gold_path))
    kind = gold_kind(rows, gold_path)
    docs = list(parse(r["text"] for r in rows))
    predicted = system_events(rows, docs)
    if kind == "plover":
        return evaluate_plover(rows, predicted, docs)
    return evaluate_case(rows, predicted, docs)
