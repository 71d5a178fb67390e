"""The whole pipeline: sources -> nlp -> extract -> resolve -> graph -> exports and store.

Exports are written into a staging folder (``<out>/.staging-<pid>``) and moved into place
only when everything succeeded, so a failed or interrupted build leaves the previous exports
as they were. One build at a time may write to a folder (a lock file, ``<out>/.lock``); the
next build removes what a killed one left behind.
"""
from __future__ import annotations

import gc
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kg.cache import ExtractionCache
from kg.errors import EXIT_OK, EXIT_SKIPPED, ExportError, SourceError, StrictModeError
from kg.progress import Progress
from kg.records import Article, Extraction, Problem

if TYPE_CHECKING:
    from kg.sources import FileMemo

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no lock
    fcntl = None  # type: ignore[assignment]

GRAPH_FILE = "graph.ttl"
HTML_FILE = "graph.html"
STORE_DIR = "store"
LOCK_FILE = ".lock"
STAGING_PREFIX = ".staging-"
RELEASE_AFTER = 500  # articles: from here on a build frees the NLP memory before the graph
OLD_PREFIX = ".old-"

# Called with each input that cannot be read, as soon as it is found.
ProblemHandler = Callable[[Problem], None]


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
        articles = f"{self.articles} article{'s' if self.articles != 1 else ''}"
        return (f"built {articles}{skipped}: {self.entities} entities, "
                f"{self.events} events, {self.posts} posts, {self.triples} triples "
                f"in {self.seconds:.1f} s -> {', '.join(str(p) for p in self.outputs)}")

    def exit_code(self, *, strict: bool = False) -> int:
        """EXIT_SKIPPED when an input was skipped, else EXIT_OK (``strict`` builds with skipped
        inputs raise StrictModeError instead of returning a report)."""
        return EXIT_SKIPPED if self.problems else EXIT_OK


def extract_articles(articles: Iterable[Article], *, workers: int = 1,
                     cache: ExtractionCache | None = None, batch_size: int = 32,
                     progress: Progress | None = None) -> Iterator[Extraction]:
    """Extractions in input order; cached ones are not read again."""
    from kg import parallel

    done = 0
    size = batch_size if workers <= 1 else max(batch_size, 64 * workers)
    try:
        for batch in _batches(articles, size):
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
    finally:
        parallel.shutdown()  # the workers end before anything else (a store) starts threads


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
                      *, progress: Progress | None = None,
                      on_problem: ProblemHandler | None = None) -> BuildReport:
    """Build every article under ``paths`` into ``out`` (graph.ttl, graph.html, store/).

    Inputs that cannot be read are skipped (``report.problems``, each also passed to
    ``on_problem`` when found). Raises SourceError for a missing path or when no article
    could be read, StrictModeError when ``options.strict`` and an input was skipped; in
    every failure the previous exports in ``out`` stay as they were.
    """
    session = BuildSession(paths, out, options, warm=False)
    return session.build(progress=progress, on_problem=on_problem)


class BuildSession:
    """The same sources built into the same folder again and again in one process
    (``kg build --watch``): each :meth:`build` is :func:`build_graph_files`, but what a fresh
    process would load anew stays in memory between builds: the spaCy pipeline, the extraction
    cache and the articles of files that did not change (same size, modification and change
    time). A rebuild after adding one article extracts that article only and writes output
    byte-identical to a clean build's.
    """

    def __init__(self, paths: Sequence[Path], out: Path, options: BuildOptions = BuildOptions(),
                 *, warm: bool = True) -> None:
        self.paths = list(paths)
        self.out = out
        self.options = options
        self.warm = warm
        self._cache: ExtractionCache | None = None
        self._files: FileMemo = {}  # see sources.iter_articles
        self._settled = False

    def build(self, *, progress: Progress | None = None,
              on_problem: ProblemHandler | None = None) -> BuildReport:
        """One build; see :func:`build_graph_files` for what it writes and raises. After
        :meth:`settle`, the cycle collector waits until the next ``settle``."""
        from kg.graph import collector_paused

        with collector_paused() if self._settled else nullcontext():
            return self._build(progress, on_problem)

    def _build(self, progress: Progress | None, on_problem: ProblemHandler | None) -> BuildReport:
        from kg import sources

        report = BuildReport()
        t0 = time.perf_counter()
        stream = sources.iter_articles(self.paths, exclude=[self.out],  # a missing path fails
                                       memo=self._files if self.warm else None)  # here, first
        out, options = self.out, self.options
        _check_out(out)
        with _build_lock(out):
            _remove_leftovers(out)
            cache = self._open_cache()
            extractions = _read(stream, report, options, cache, progress, on_problem)
            report.cached = cache.hits if cache else 0
            report.timings["read+extract"] = time.perf_counter() - t0
            if len(extractions) >= RELEASE_AFTER and not self.warm:
                _release_nlp()
            _check_inputs(self.paths, len(extractions), report.problems, strict=options.strict)
            if cache:
                cache.save()  # before the graph stage, which then has the memory to itself
                del cache
            _graph_and_export(extractions, out, options, report, collect=not self.warm)
        report.seconds = time.perf_counter() - t0
        return report

    def warm_up(self) -> None:
        """Load spaCy and the pipeline now, so that the first rebuild with a new article does
        not pay for them (after a first build whose articles were all cached, they are not
        loaded yet)."""
        from kg.nlp import build_pipeline

        build_pipeline()

    def settle(self) -> None:
        """Between builds (a watcher calls it while it waits): collect the last build's
        garbage, then move every object still alive (the pipeline, the cache, the articles)
        where the cycle collector no longer walks it (``gc.freeze``). A rebuild then does not
        stall for a tenth of a second or more while a full collection walks them all."""
        gc.collect()
        gc.freeze()
        self._settled = True

    def _open_cache(self) -> ExtractionCache | None:
        """The session's cache (read once), or for a cold build one it lets go of after."""
        if not self.options.use_cache:
            return None
        cache = self._cache if self._cache is not None else ExtractionCache(self.out / ".cache")
        if self.warm:
            self._cache = cache
        cache.hits = 0
        return cache


def _read(stream: Iterable[Article | Problem], report: BuildReport, options: BuildOptions,
          cache: ExtractionCache | None, progress: Progress | None,
          on_problem: ProblemHandler | None) -> list[Extraction]:
    def articles() -> Iterator[Article]:
        for item in stream:
            if isinstance(item, Article):
                yield item
                continue
            report.problems.append(item)
            if on_problem:
                on_problem(item)

    return [_light(x) for x in extract_articles(
        articles(), workers=options.workers, cache=cache, batch_size=options.batch_size,
        progress=progress)]


def _check_inputs(paths: Sequence[Path], articles: int, problems: Sequence[Problem], *,
                  strict: bool) -> None:
    n = len(problems)
    if strict and n:
        first = problems[0]
        where = f"{first.path}:{first.line}" if first.line is not None else first.path
        raise StrictModeError(f"{n} input{'s' if n != 1 else ''} skipped (the first: {where}) "
                              "and --strict given, so nothing was written; fix or remove them, "
                              "or build without --strict")
    if not articles:
        where = ", ".join(str(p) for p in paths) or "no paths"
        skipped = f" ({n} input{'s' if n != 1 else ''} skipped)" if n else ""
        raise SourceError(f"no article found in {where}{skipped}, so nothing was written; "
                          "give a folder of .txt, .md, .html or .jsonl articles")


def _graph_and_export(extractions: list[Extraction], out: Path, options: BuildOptions,
                      report: BuildReport, *, collect: bool = True) -> None:
    """``collect``: run the cycle collector between graph and exports, which keeps the peak
    memory of a large build down (a warm session's rebuild, which makes little garbage,
    saves the time)."""
    from kg import export, graph, resolve

    t = time.perf_counter()
    resolution = resolve.plan(extractions)
    counts = _Counts()

    def resolved() -> Iterator[Extraction]:  # one record at a time, each let go once taken
        for x in _drain(extractions):
            x = resolution.apply(x)
            counts.add(x)
            yield x

    g = graph.build_graph(resolved())
    counts.report(report, len(g))
    report.timings["graph"] = time.perf_counter() - t
    if collect:
        gc.collect()
    staging = out / f"{STAGING_PREFIX}{os.getpid()}"
    try:
        _write(g, staging, options, report, export)
        report.outputs = _publish(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _drain(records: list[Extraction]) -> Iterator[Extraction]:
    """Hand the records over one by one, letting go of each once the graph has taken it."""
    records.reverse()
    while records:
        yield records.pop()


def _release_nlp() -> None:
    """A large build needs the spaCy pipeline, lemma table and gazetteers no more once every
    article is read: free them, so the graph stage reuses that memory and the peak stays flat
    as the corpus grows (a later build in the same process loads them again)."""
    from kg import events, gazetteer, nlp

    nlp.build_pipeline.cache_clear()
    nlp.lemma_table.cache_clear()
    nlp.common_nouns.cache_clear()
    gazetteer.load.cache_clear()
    events.clear_caches()
    gc.collect()


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


@contextmanager
def _build_lock(out: Path) -> Iterator[None]:
    """One build at a time per output folder: two would publish a mix of their files."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    try:
        f = (out / LOCK_FILE).open("a+", encoding="utf-8")
    except OSError as e:
        raise ExportError(f"cannot create {out / LOCK_FILE}: {e.strerror or e}; "
                          "choose a writable folder with --out") from e
    with f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.seek(0)
            holder = f.read().strip() or "unknown"
            raise ExportError(f"{out} is being built by another `kg build` (pid {holder}); wait "
                              "for it to finish or choose another --out") from None
        f.seek(0)
        f.truncate()
        f.write(str(os.getpid()))
        f.flush()
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _remove_leftovers(out: Path) -> None:
    """Remove what a killed build left behind (no other build runs: we hold the lock).

    A build killed between the two renames of ``_publish`` left the old store under its
    ``.old-`` name and none in place: it goes back.
    """
    for staging in out.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(staging, ignore_errors=True)
    for old in out.glob(f"{OLD_PREFIX}*"):
        target = out / old.name[len(OLD_PREFIX):].rsplit("-", 1)[0]
        if old.is_dir() and not target.exists():
            os.replace(old, target)
        else:
            shutil.rmtree(old, ignore_errors=True)


@dataclass
class _Counts:
    """What the summary line counts, gathered while the records stream into the graph."""

    articles: int = 0
    events: int = 0
    entities: set[str] = field(default_factory=set)
    posts: set[tuple[str, str, str | None]] = field(default_factory=set)

    def add(self, x: Extraction) -> None:
        self.articles += 1
        self.events += len(x.events)
        self.entities.update(e.key for e in x.entities)
        self.posts.update((p.person, p.role, p.where) for p in x.posts)

    def report(self, report: BuildReport, triples: int) -> None:
        report.articles, report.events = self.articles, self.events
        report.entities, report.posts = len(self.entities), len(self.posts)
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
            old = out / f"{OLD_PREFIX}{item.name}-{os.getpid()}"
            if target.exists():
                os.replace(target, old)
            os.replace(item, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(item, target)
        written.append(target)
    return written
