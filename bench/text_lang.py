"""Accuracy and speed of `text_lang` (newscrawler/pipelines/language.py) on a labelled set.

tests/fixtures/lang/labelled.jsonl: one text a line with its true language (`lang`, 'und' for a
text that has none) and its `kind`. A line names a fixture's field (`case`, `field`: the body or
title of tests/fixtures/<case>.expected.json, labelled by hand where the edition is not the text's
language) or holds its `text`: short headlines, Kazakh typed with Russian look-alike letters,
Russian quotes inside Kazakh text (and the reverse), foreign texts, Latin-script Kazakh, strings
with no language. Usage: make bench-lang (or: .venv/bin/python bench/text_lang.py --compare);
--compare also measures the alternatives the module's choices were made against.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from newscrawler.fixtures import FIXTURES_DIR
from newscrawler.pipelines.language import LANGUAGES, Detector, TextLanguage, detect

LABELLED = FIXTURES_DIR / "lang" / "labelled.jsonl"
ALTERNATIVES: dict[str, Detector] = {
    "chosen": detect,
    "all 140 languages": Detector(None),
    "kk, ru, en only": Detector(("kk", "ru", "en")),
    "chosen + Tatar, Bashkir": Detector((*LANGUAGES, "tt", "ba")),
    "no Kyrgyz-letters rule": Detector(kyrgyz_letters=False),
    "min score 0": Detector(min_score=0.0),
    "min score 0.7": Detector(min_score=0.7),
    "min letters 0": Detector(min_letters=0),
    "min letters 20": Detector(min_letters=20),
}


@dataclass(frozen=True)
class Example:
    text: str
    lang: str
    kind: str
    where: str
    """The fixture case and field, or the note (or start) of a hand-written text."""


def labelled(path: Path = LABELLED) -> list[Example]:
    examples = []
    for line in path.read_text("utf-8").splitlines():
        row = json.loads(line)
        if "case" in row:
            item = json.loads((FIXTURES_DIR / f"{row['case']}.expected.json").read_text("utf-8"))
            text, where = item["item"][row["field"]], f"{row['case']} {row['field']}"
        else:
            text, where = row["text"], row.get("note") or row["text"][:50]
        examples.append(Example(text, row["lang"], row["kind"], where))
    return examples


@dataclass
class Tally:
    texts: int = 0
    correct: int = 0
    und: int = 0
    wrong: Counter[str] = field(default_factory=Counter)
    """Wrong answers other than 'und', by the language given."""

    def add(self, truth: str, found: str) -> None:
        self.texts += 1
        if found == truth:
            self.correct += 1
        elif found == "und":
            self.und += 1
        else:
            self.wrong[found] += 1

    @property
    def accuracy(self) -> float:
        return self.correct / self.texts if self.texts else 0.0


@dataclass
class Results:
    overall: Tally = field(default_factory=Tally)
    by_lang: dict[str, Tally] = field(default_factory=dict)
    by_kind: dict[str, Tally] = field(default_factory=dict)
    misses: list[tuple[Example, TextLanguage]] = field(default_factory=list)


def evaluate(detector: Callable[[str], TextLanguage], examples: list[Example]) -> Results:
    results = Results()
    for example in examples:
        found = detector(example.text)
        results.overall.add(example.lang, found.lang)
        results.by_lang.setdefault(example.lang, Tally()).add(example.lang, found.lang)
        results.by_kind.setdefault(example.kind, Tally()).add(example.lang, found.lang)
        if found.lang != example.lang:
            results.misses.append((example, found))
    return results


def table(title: str, tallies: dict[str, Tally]) -> list[str]:
    head = f"| {title} | texts | correct | und | wrong (as) |"
    lines = [head, "| --- | ---: | ---: | ---: | --- |"]
    for name, t in sorted(tallies.items(), key=lambda kv: (-kv[1].texts, kv[0])):
        wrong = ", ".join(f"{lang} {n}" for lang, n in t.wrong.most_common()) or "—"
        lines.append(f"| {name} | {t.texts} | {t.correct} | {t.und} | {wrong} |")
    return lines


def throughput(texts: list[str], rounds: int) -> tuple[float, float]:
    """(ms per text, ms per 2,000 characters), best of `rounds`, the model already loaded."""
    detect(texts[0])
    best = min(_timed(texts) for _ in range(rounds))
    chars = sum(min(len(t), 10_000) for t in texts)
    return best / len(texts) * 1000, best / chars * 2000 * 1000


def _timed(texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        detect(text)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="timing rounds (best one counts)")
    parser.add_argument("--compare", action="store_true", help="measure the alternatives too")
    args = parser.parse_args()
    examples = labelled()
    start = time.perf_counter()
    detect("")
    print(f"model loaded in {time.perf_counter() - start:.2f} s")
    results = evaluate(detect, examples)
    o = results.overall
    print(
        f"{o.texts} labelled texts: {o.correct} correct ({o.accuracy:.1%}), {o.und} und, "
        f"{sum(o.wrong.values())} wrong"
    )
    print("\n".join(["", *table("language", results.by_lang), ""]))
    print("\n".join([*table("kind", results.by_kind), ""]))
    print("misses:")
    for example, found in results.misses:
        print(f"  {example.kind}: {example.lang} -> {found.lang} ({found.score}): {example.where}")
    bodies = [e.text for e in examples if e.kind == "fixture_body"]
    per_text, per_2k = throughput(bodies, args.rounds)
    average = sum(map(len, bodies)) / len(bodies)
    print(
        f"\nspeed: {per_text:.2f} ms per body ({len(bodies)} fixture bodies, {average:,.0f} "
        f"characters on average), {per_2k:.2f} ms per 2,000 characters; best of {args.rounds}"
    )
    if args.compare:
        print("\n".join(["", *compare(examples)]))


def compare(examples: list[Example]) -> list[str]:
    """One line per alternative detector: answers overall and correct ones per kind."""
    kinds = sorted({e.kind for e in examples})
    lines = [
        "| detector | correct | und | wrong | " + " | ".join(kinds) + " |",
        "| --- |" + " ---: |" * (3 + len(kinds)),
    ]
    for name, detector in ALTERNATIVES.items():
        r = evaluate(detector, examples)
        per_kind = " | ".join(f"{r.by_kind[k].correct}/{r.by_kind[k].texts}" for k in kinds)
        wrong = sum(r.overall.wrong.values())
        lines.append(f"| {name} | {r.overall.correct} | {r.overall.und} | {wrong} | {per_kind} |")
    return lines


if __name__ == "__main__":
    main()
