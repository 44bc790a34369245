"""Sentence files for scoring, training and evaluation: .txt, .json, .jsonl and .csv.

A ``.txt`` file holds one sentence a line, as standard input (``-``) does. The others hold
records with a ``text`` field, and a ``label`` field (0 or 1) when they are used for training
or evaluation. A ``.json`` file is a list of records, or an object whose ``sentences`` key holds
that list (its other keys, such as ``format``, describe the data; data/news/*.json are laid
out so).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from .document import STDIN, read_text_file
from .errors import DataError, DocumentError


@dataclass(frozen=True, slots=True)
class SentenceRecord:
    """One sentence from a sentence file; ``label`` is None when the file has none."""

    text: str
    label: int | None = None


def read_sentence_records(path: str | Path, *, labelled: bool = False) -> list[SentenceRecord]:
    """Read sentences from a .txt, .json, .jsonl or .csv file, or one a line from standard
    input (``-``).

    With ``labelled``, every record must carry a 0/1 ``label``.
    """
    path = Path(path)
    try:
        text = read_text_file(path)
    except DocumentError as exc:
        raise DataError(str(exc)) from None
    suffix = ".txt" if path == STDIN else path.suffix.lower()
    if suffix == ".txt":
        if labelled:
            raise DataError(f"{path}: labelled data must be .json, .jsonl or .csv with text and label")
        return [SentenceRecord(line.strip()) for line in text.splitlines() if line.strip()]
    if suffix == ".json":
        rows = _parse_json(path, text)
        if isinstance(rows, dict) and "sentences" in rows:
            rows = rows["sentences"]
    elif suffix == ".jsonl":
        rows = [_parse_json(path, line, line_number) for line_number, line in enumerate(text.splitlines(), 1) if line.strip()]
    elif suffix == ".csv":
        rows = list(csv.DictReader(text.splitlines()))
    else:
        raise DataError(f"{path}: unknown sentence file type {suffix or '(none)'}; use .txt, .json, .jsonl or .csv")
    if not isinstance(rows, list):
        raise DataError(f"{path}: expected a list of records with a text field, or an object with a sentences list")
    return [_record(path, number, row, labelled) for number, row in enumerate(rows, 1)]


def _parse_json(path: Path, text: str, line_number: int | None = None):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {line_number}" if line_number else f"line {exc.lineno}"
        raise DataError(f"{path}: invalid JSON at {where}: {exc.msg}") from None


def _record(path: Path, number: int, row: object, labelled: bool) -> SentenceRecord:
    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
        raise DataError(f"{path}: record {number} has no text field")
    if not labelled:
        return SentenceRecord(row["text"])
    label = row.get("label")
    if str(label).strip() not in {"0", "1"}:
        raise DataError(f"{path}: record {number} needs a label of 0 or 1, not {label!r}")
    return SentenceRecord(row["text"], int(str(label).strip()))
