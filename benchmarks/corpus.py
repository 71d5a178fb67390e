"""Benchmark corpora: the shared 10kGNAD CSV and Wikinews JSONL as JSONL files `kg build` reads.

The data stays in ../shared/corpus (its licence does not allow copying it into the repository);
this module writes a converted copy into a temporary folder.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
GNAD = SHARED / "10kgnad-test.csv"
WIKINEWS = SHARED / "wikinews-de.jsonl"


def gnad_texts(path: Path = GNAD) -> Iterator[str]:
    """The article texts of the 10kGNAD CSV (`category;'text'`)."""
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter=";", quotechar="'"):
            if len(row) == 2:
                yield row[1]


def write_jsonl(texts: list[str], folder: Path, *, repeat: int = 1, name: str = "corpus.jsonl",
                start: int = 0) -> Path:
    """``texts`` ``repeat`` times as one JSONL file; copies are marked so each stays a document
    of its own (the reader merges identical texts)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    with path.open("w", encoding="utf-8") as f:
        for r in range(repeat):
            for i, text in enumerate(texts):
                body = text if r == 0 else f"{text}\n(Ausgabe {r + 1})"
                f.write(json.dumps({"id": f"a{start + r * len(texts) + i}", "text": body},
                                   ensure_ascii=False) + "\n")
    return path
