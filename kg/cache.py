"""A cache of extractions keyed by article content and pipeline version.

Adding one article to a built corpus re-extracts only that article; changing the code of the
extractor or a rule data file changes the version and so invalidates every entry.
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
from dataclasses import replace
from pathlib import Path

from kg.records import Article, Extraction

_PIPELINE_FILES = ("nlp.py", "extract.py", "events.py", "equipment.py", "dates.py", "gazetteer.py",
                   "records.py", "ids.py")


PACKAGE = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=4)
def pipeline_version(here: Path = PACKAGE) -> str:
    """Digest of the extractor's code and every rule data file (of the package in ``here``)."""
    h = hashlib.sha1()
    for name in _PIPELINE_FILES:
        h.update((here / name).read_bytes())
    for path in sorted((here / "data").iterdir()):
        if path.is_file():
            h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()[:16]


def article_key(article: Article) -> str:
    h = hashlib.sha1(pipeline_version().encode())
    for part in (article.id, article.text, article.title or "", article.date or "",
                 article.url or "", article.lang):
        h.update(part.encode("utf-8", "surrogatepass") + b"\x00")
    return h.hexdigest()


class ExtractionCache:
    """One pickle file per build folder; entries not used by a build are dropped on save."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / f"extractions-{pipeline_version()}.pickle"
        self.folder = folder
        self._old: dict[str, Extraction] = self._load()
        self._new: dict[str, Extraction] = {}
        self.hits = 0

    def _load(self) -> dict[str, Extraction]:
        try:
            with self.path.open("rb") as f:
                data = pickle.load(f)
            return data if isinstance(data, dict) else {}
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return {}

    def get(self, article: Article) -> Extraction | None:
        key = article_key(article)
        hit = self._old.get(key) or self._new.get(key)
        if hit is not None:
            self.hits += 1
            self._new[key] = hit
            return replace(hit, article=article)
        return None

    def put(self, article: Article, extraction: Extraction) -> None:
        self._new[article_key(article)] = replace(extraction, article=Article(id=article.id,
                                                                               text=""))

    def save(self) -> None:
        """Write the entries this build used, then start the next build from them (a cache
        kept in memory between builds: ``kg build --watch``). Nothing is written when the
        file on disk already holds exactly these entries."""
        # A put (only of what get missed) adds a key the old entries lack, so equal keys mean
        # nothing was added or dropped.
        if self._new.keys() != self._old.keys() or not self.path.is_file():
            self._write()
        self._old, self._new = self._new, {}

    def _write(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for stale in self.folder.glob("extractions-*.pickle"):
            if stale != self.path:
                stale.unlink(missing_ok=True)
        tmp = self.path.with_suffix(f".tmp{os.getpid()}")
        with tmp.open("wb") as f:
            pickle.dump(self._new, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)
