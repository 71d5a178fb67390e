"""Incremental and repeated builds: the extraction cache, several workers, a warm
:class:`BuildSession` and ``kg build --watch``.

Whatever path a build takes (cached, forked, warm, watched), it writes the bytes a clean
single-worker build writes.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Self

import pytest
from synthetic_articles import article, write_corpus

from kg import cache, parallel, sources
from kg.build import BuildOptions, BuildReport, BuildSession, build_graph_files
from kg.errors import KgError

EXPORTS = ("graph.ttl", "graph.html")
NO_STORE = BuildOptions(store=False)


def outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in EXPORTS}


def clean_build(src: Path, out: Path) -> dict[str, bytes]:
    build_graph_files([src], out, BuildOptions(use_cache=False, store=False))
    return outputs(out)


def add_article(src: Path, i: int) -> Path:
    path = src / f"extra-{i}.txt"
    path.write_text(article(100 + i), encoding="utf-8")
    return path


@pytest.fixture
def extracted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the articles the pipeline extracts (not taken from a cache)."""
    seen: list[str] = []
    real = parallel._extract_many

    def counting(articles):  # type: ignore[no-untyped-def]
        seen.extend(a.id for a in articles)
        return real(articles)

    monkeypatch.setattr(parallel, "_extract_many", counting)
    return seen


@pytest.fixture
def read_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the readers open."""
    seen: list[str] = []
    real = sources._read_source

    def counting(source, max_bytes):  # type: ignore[no-untyped-def]
        seen.append(source.path.name)
        return real(source, max_bytes)

    monkeypatch.setattr(sources, "_read_source", counting)
    return seen


# --- the extraction cache of a plain `kg build` --------------------------------------------


def test_adding_one_article_extracts_only_that_article_and_writes_a_clean_builds_bytes(
        tmp_path: Path, extracted: list[str]) -> None:
    src = tmp_path / "src"
    write_corpus(src, 12)
    build_graph_files([src], tmp_path / "out", NO_STORE)
    assert len(extracted) == 12
    add_article(src, 0)
    report = build_graph_files([src], tmp_path / "out", NO_STORE)
    assert extracted[12:] == ["extra-0.txt"]
    assert report.cached == 12 and report.articles == 13
    assert outputs(tmp_path / "out") == clean_build(src, tmp_path / "clean")


def test_changing_a_rule_data_file_changes_the_pipeline_version(tmp_path: Path) -> None:
    package = tmp_path / "kg"
    shutil.copytree(cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = cache.pipeline_version(package)
    rules = package / "data" / "triggers.toml"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# a new rule\n", encoding="utf-8")
    cache.pipeline_version.cache_clear()
    assert cache.pipeline_version(package) != before


def test_a_cache_of_another_pipeline_version_is_not_used(tmp_path: Path,
                                                        extracted: list[str]) -> None:
    src = tmp_path / "src"
    write_corpus(src, 3)
    build_graph_files([src], tmp_path / "out", NO_STORE)
    (old,) = (tmp_path / "out" / ".cache").glob("extractions-*.pickle")
    old.rename(old.with_name("extractions-0000000000000000.pickle"))
    build_graph_files([src], tmp_path / "out", NO_STORE)
    assert len(extracted) == 6
    assert [p.name for p in (tmp_path / "out" / ".cache").iterdir()] == [old.name]


def test_two_workers_write_the_bytes_of_one(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_corpus(src, 40)
    build_graph_files([src], tmp_path / "two", BuildOptions(workers=2, use_cache=False,
                                                            store=False))
    assert outputs(tmp_path / "two") == clean_build(src, tmp_path / "one")


# --- a warm session: what `kg build --watch` rebuilds with -----------------------------------


def test_a_session_rebuild_reads_and_extracts_only_the_new_file(
        tmp_path: Path, extracted: list[str], read_files: list[str]) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for i in range(3):
        (src / f"a{i}.txt").write_text(article(i), encoding="utf-8")
    session = BuildSession([src], tmp_path / "out", NO_STORE)
    session.build()
    read_files.clear()
    extracted.clear()
    add_article(src, 1)
    report = session.build()
    assert read_files == ["extra-1.txt"] and extracted == ["extra-1.txt"]
    assert report.articles == 4
    assert outputs(tmp_path / "out") == clean_build(src, tmp_path / "clean")


def test_a_session_reads_an_edited_file_again_and_forgets_a_deleted_one(
        tmp_path: Path, read_files: list[str]) -> None:
    src = tmp_path / "src"
    write_corpus(src, 4)
    gone = add_article(src, 2)
    session = BuildSession([src], tmp_path / "out", NO_STORE)
    session.build()
    read_files.clear()
    write_corpus(src, 4, start=50)  # same file, other articles
    gone.unlink()
    report = session.build()
    assert read_files == ["corpus.jsonl"] and report.articles == 4
    assert outputs(tmp_path / "out") == clean_build(src, tmp_path / "clean")


def test_a_session_does_not_rewrite_the_cache_when_nothing_changed(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_corpus(src, 3)
    session = BuildSession([src], tmp_path / "out", NO_STORE)
    session.build()
    (pickle_file,) = (tmp_path / "out" / ".cache").glob("*.pickle")
    written = pickle_file.stat().st_mtime_ns
    time.sleep(0.01)
    session.build()
    assert pickle_file.stat().st_mtime_ns == written
    add_article(src, 3)
    session.build()
    assert pickle_file.stat().st_mtime_ns != written


# --- watching -----------------------------------------------------------------------------


class Watching:
    """kg.watch.watch in a thread, its reports and errors collected."""

    def __init__(self, session: BuildSession) -> None:
        from kg import watch

        self.reports: list[tuple[BuildReport, set[str]]] = []
        self.errors: list[KgError] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=watch.watch, args=(session,), kwargs={
            "on_build": lambda r, paths: self.reports.append((r, paths)),
            "on_error": self.errors.append, "stop": self.stop, "debounce_ms": 100})

    def __enter__(self) -> Self:
        self.thread.start()
        self.wait(lambda: len(self.reports) == 1, "the first build")
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=10)
        assert not self.thread.is_alive()

    def wait(self, condition: Callable[[], bool], what: str, timeout: float = 30) -> None:
        end = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < end, f"timed out waiting for {what}"
            time.sleep(0.05)


def test_watch_rebuilds_when_an_article_is_added_and_not_when_it_writes_its_exports(
        tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_corpus(src, 3)
    with Watching(BuildSession([src], src / "exports", NO_STORE)) as w:
        new = add_article(src, 0)
        w.wait(lambda: len(w.reports) == 2, "the rebuild")
        time.sleep(1)  # the rebuild wrote exports/ inside src/: no third build follows
        assert len(w.reports) == 2
    report, changed = w.reports[1]
    assert report.articles == 4 and changed == {str(new)}
    assert outputs(src / "exports") == clean_build(src, tmp_path / "clean")


def test_a_watch_started_on_a_built_folder_loads_the_pipeline_before_the_first_change(
        tmp_path: Path) -> None:
    from kg import nlp

    src = tmp_path / "src"
    write_corpus(src, 2)
    build_graph_files([src], tmp_path / "out", NO_STORE)
    nlp.build_pipeline.cache_clear()
    with Watching(BuildSession([src], tmp_path / "out", NO_STORE)) as w:
        assert w.reports[0][0].cached == 2
        w.wait(lambda: nlp.build_pipeline.cache_info().currsize == 1, "the pipeline")


def test_a_failed_rebuild_is_reported_and_watching_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    only = add_article(src, 0)
    with Watching(BuildSession([src], tmp_path / "out", NO_STORE)) as w:
        before = outputs(tmp_path / "out")
        only.unlink()
        w.wait(lambda: w.errors != [], "the error of a build without articles")
        assert "no article found" in str(w.errors[0])
        assert outputs(tmp_path / "out") == before
        add_article(src, 1)
        w.wait(lambda: len(w.reports) >= 2, "the rebuild after an article came back")


def test_a_sources_folder_removed_and_made_again_is_watched_again(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_corpus(src, 2)
    with Watching(BuildSession([src], tmp_path / "out", NO_STORE)) as w:
        shutil.rmtree(src)
        w.wait(lambda: w.errors != [], "the error of a build without its folder")
        write_corpus(src, 3)
        w.wait(lambda: w.reports[-1][0].articles == 3, "the rebuild once the folder is back")
        add_article(src, 0)
        w.wait(lambda: w.reports[-1][0].articles == 4, "a rebuild after a change in the new folder")


def test_a_watched_file_replaced_by_an_atomic_save_is_watched_again(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "src", 2)
    with Watching(BuildSession([corpus], tmp_path / "out", NO_STORE)) as w:
        for n in (3, 4):  # the second save must be seen as well as the first
            new = write_corpus(tmp_path / "src", n, name="new.jsonl")
            os.replace(new, corpus)
            w.wait(lambda n=n: any(r.articles == n for r, _ in w.reports), f"{n} articles")


def test_kg_build_watch_prints_each_build_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_corpus(src, 2)
    (src / "empty.txt").write_text("", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(src), "--out", str(tmp_path / "out"),
         "--watch", "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("built 2 articles, 1 skipped:"), first
        add_article(src, 0)
        second = process.stdout.readline()
        assert second.startswith("1 file changed: built 3 articles, 1 skipped:"), second
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0
    assert err.count("kg: skipped") == 1  # named once, not at every rebuild
    assert "watching" in err and err.rstrip().endswith("kg: stopped watching")
