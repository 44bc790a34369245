"""How well the shipped model's scores read as probabilities, before and after temperature scaling.

    python bench/calibration.py [--data ../shared/data/claimbuster/train.json] [--news bench/news_sentences.json]

For each precision (fp32, bf16, int8), prints the fitted temperature and the expected calibration error (15 equal
bins of the check-worthy score) with the temperature left at 1 and with the fitted one: on the
validation split the temperature was fitted on, and on the news-style set it never saw. Then
precision and recall on the news-style set at the model's threshold, and which of its
sentences the model flags wrongly, by the reason written beside each label.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from factcheck import ClaimScorer
from factcheck.records import read_sentence_records
from factcheck.scorer import PRECISIONS, SHIPPED_MODEL
from factcheck.train import calibrated, expected_calibration_error, metrics_at, stratified_split

BENCH = Path(__file__).resolve().parent
# The set's reasons are free text; these words sort a label-0 reason into a kind of non-claim.
KINDS = {
    "prediction, forecast or projection": ("predict", "forecast", "project", "expect", "guess", "speculat"),
    "plan, promise or aim": ("plan", "promise", "pledge", "aim", "target", "intent", "goal", "vow", "ambition", "threat"),
    "opinion (reported or quoted)": ("opinion", "critic", "view", "assessment", "complaint", "caveat", "advice", "editorial"),
    "feeling, hope or reaction": ("feeling", "reaction", "emotion", "hope", "grief", "reflection"),
    "question": ("question",),
    "vague": ("vague",),
    "schedule, procedure or filler": ("schedul", "procedur", "filler", "transition", "byline", "announcement"),
    "scene-setting, colour or anecdote": ("scene", "colour", "color", "incidental", "description", "anecdote"),
}
DEFAULT_DATA = BENCH.parents[1] / "shared" / "data" / "claimbuster" / "train.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--news", type=Path, default=BENCH / "news_sentences.json")
    args = parser.parse_args()
    settings = json.loads((SHIPPED_MODEL / "factcheck.json").read_text(encoding="utf-8"))
    records = read_sentence_records(args.data, labelled=True)
    _, held_out = stratified_split([r.label for r in records], settings["recipe"]["validation_fraction"], settings["recipe"]["seed"])
    validation = [records[i] for i in held_out]
    news = read_sentence_records(args.news, labelled=True)
    reasons = {row["text"]: row.get("why", "") for row in json.loads(args.news.read_text(encoding="utf-8"))}

    print("| precision | temperature | set | sentences | ECE at T = 1 | ECE at fitted T |")
    print("| --- | ---: | --- | ---: | ---: | ---: |")
    flagged_wrongly = {}
    for precision in PRECISIONS:
        scorer = ClaimScorer(precision=precision)
        scores_of = {}
        for name, rows in (("validation", validation), ("news-style", news)):
            labels = [r.label for r in rows]
            margins = scorer.margins([r.text for r in rows])
            scores_of[name] = calibrated(margins, scorer.temperature)
            before = expected_calibration_error(labels, calibrated(margins, 1.0))
            after = expected_calibration_error(labels, scores_of[name])
            print(f"| {scorer.precision} | {scorer.temperature:.4f} | {name} | {len(rows)} | {before:.4f} | {after:.4f} |")
        scores = scores_of["news-style"]
        figures = metrics_at([r.label for r in news], scores, scorer.threshold)
        flagged_wrongly[scorer.precision] = (figures, [r.text for r, s in zip(news, scores) if r.label == 0 and s >= scorer.threshold])

    for precision, (figures, wrong) in flagged_wrongly.items():
        print(
            f"\nnews-style set, {precision} at threshold {figures.threshold:.4f}: precision {figures.precision:.4f}, "
            f"recall {figures.recall:.4f}, F1 {figures.f1:.4f}, PR-AUC {figures.pr_auc:.4f}; {len(wrong)} flagged wrongly:"
        )
        for kind, count in Counter(kind_of(reasons[text]) for text in wrong).most_common():
            print(f"  {count:>3}  {kind}")


def kind_of(reason: str) -> str:
    reason = reason.lower()
    return next((kind for kind, words in KINDS.items() if any(w in reason for w in words)), f"other ({reason})")


if __name__ == "__main__":
    main()
