"""The whole pipeline: sources -> nlp -> extract -> resolve -> graph -> exports and store.

Exports are written into a staging folder and moved into place only when everything
succeeded, so a failed or interrupted build leaves the previous exports as they were.
"""
from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.cache import ExtractionCache
from kg.errors import EXIT_SKIPPED, ExportError, StrictModeError
from kg.progress import Progress
from kg.records import Article, Extraction, Problem

GRAPH_FILE = "graph.ttl"
HTML_FILE = "graph.html"
STORE_DIR = "store"


@dataclass(frozen=True)
class BuildOptions:
    workers: int = 1
    strict: bool = False
    use_cache: bool = True
    html: bool = True
    store: bool = True
    batch_size: int = 32


@dataclass
class BuildReport:
    articles: int = 0
    entities: int = 0
    events: int = 0
    posts: int = 0
    triples: int = 0
    cached: int = 0
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        skipped = f", {len(self.problems)} skipped" if self.problems else ""
        return (f"built {self.articles} articles{skipped}: {self.entities} entities, "
                f"{self.events} events, {self.posts} posts, {self.triples} triples "
                f"in {self.seconds:.1f} s -> {', '.join(str(p) for p in self.outputs)}")

    def exit_code(self, *, strict: bool) -> int:
        return EXIT_SKIPPED if self.problems else 0


def extract_articles(articles: Iterable[Article], *, workers: int = 1,
                     cache: ExtractionCache | None = None, batch_size: int = 32,
                     progress: Progress | None = None) -> Iterator[Extraction]:
    """Extractions in input order; cached ones are not read again."""
    from kg import parallel

    done = 0
    for batch in _batches(articles, batch_size):
        hits = {i: cache.get(a) for i, a in enumerate(batch)} if cache else {}
        todo = [a for i, a in enumerate(batch) if hits.get(i) is None]
        fresh = iter(parallel.extract_batch(todo, workers=workers))
        for i, article in enumerate(batch):
            x = hits.get(i) or next(fresh)
            if cache and hits.get(i) is None:
                cache.put(article, x)
            done += 1
            yield x
        if progress:
            progress(done, None)


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def build_graph_files(paths: Sequence[Path], out: Path, options: BuildOptions = BuildOptions(),
                      *, progress: Progress | None = None) -> BuildReport:
    """Build every article under ``paths`` into ``out`` (graph.ttl, graph.html, store/)."""
    from kg import export, graph, resolve, sources

    report = BuildReport()
    t0 = time.perf_counter()
    _check_out(out)
    cache = ExtractionCache(out / ".cache") if options.use_cache else None

    def articles() -> Iterator[Article]:
        for item in sources.iter_articles(paths):
            if isinstance(item, Problem):
                report.problems.append(item)
            else:
                yield item

    extractions = [_light(x) for x in extract_articles(
        articles(), workers=options.workers, cache=cache, batch_size=options.batch_size,
        progress=progress)]
    report.timings["read+extract"] = time.perf_counter() - t0
    if options.strict and report.problems:
        raise StrictModeError(f"{len(report.problems)} input(s) skipped (--strict): "
                              + "; ".join(str(p) for p in report.problems[:5]))
    t = time.perf_counter()
    resolved = resolve.resolve(extractions)
    g = graph.build_graph(resolved)
    report.timings["graph"] = time.perf_counter() - t
    _count(report, resolved, len(g))
    staging = out / f".staging-{os.getpid()}"
    try:
        _write(g, staging, options, report, export)
        report.outputs = _publish(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if cache:
        cache.save()
    report.seconds = time.perf_counter() - t0
    return report


def _light(x: Extraction) -> Extraction:
    """Drop the article text once it is read: evidence keeps its sentences."""
    return replace(x, article=replace(x.article, text=""))


def _check_out(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ExportError(f"cannot create output folder {out}: {e.strerror}; "
                          "choose another with --out") from e
    if not os.access(out, os.W_OK):
        raise ExportError(f"output folder {out} is not writable; choose another with --out")


def _count(report: BuildReport, extractions: list[Extraction], triples: int) -> None:
    report.articles = len(extractions)
    report.entities = len({e.key for x in extractions for e in x.entities})
    report.events = sum(len(x.events) for x in extractions)
    report.posts = len({(p.person, p.role, p.where) for x in extractions for p in x.posts})
    report.triples = triples


def _write(g, staging: Path, options: BuildOptions, report: BuildReport, export) -> None:  # type: ignore[no-untyped-def]
    staging.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    export.get("turtle")(g, staging / GRAPH_FILE)
    report.timings["turtle"] = time.perf_counter() - t
    if options.html:
        t = time.perf_counter()
        export.get("html")(g, staging / HTML_FILE)
        report.timings["html"] = time.perf_counter() - t
    if options.store:
        from kg import store

        t = time.perf_counter()
        store.write_store(staging / GRAPH_FILE, staging / STORE_DIR)
        report.timings["store"] = time.perf_counter() - t


def _publish(staging: Path, out: Path) -> list[Path]:
    """Move the finished files into ``out``; each replace is atomic."""
    written = []
    for item in sorted(staging.iterdir()):
        target = out / item.name
        if item.is_dir():
            old = out / f".old-{item.name}-{os.getpid()}"
            if target.exists():
                os.replace(target, old)
            os.replace(item, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(item, target)
        written.append(target)
    return written
