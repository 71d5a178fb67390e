"""Specs of `kg build` as a whole (issue 7): bad inputs are named and skipped without changing
what the good articles give; exports are replaced all at once or not at all."""
from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import Graph, URIRef
from rdflib.term import Node
from synthetic_articles import write_corpus

import kg.export
from kg.build import BuildOptions, build_graph_files
from kg.errors import EXIT_INTERRUPTED, EXIT_SKIPPED, ExportError, SourceError, StrictModeError
from kg.sources import DEFAULT_MAX_BYTES
from kg.validate import validate_graph
from kg.vocab import DD, NIF, PROV, RDF

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
GOOD = ROOT / "tests" / "fixtures" / "good"
BAD = ROOT / "tests" / "fixtures" / "bad"
KG = [sys.executable, "-m", "kg"]
EXPORTS = ("graph.ttl", "graph.html", "store")

# What tests/fixtures/bad gives besides articles: one skipped input each (file[:line]).
SKIPPED_FIXTURES = (
    "bad-date.md", "binary-controls.txt", "binary-png.txt", "duplicate-b.txt", "empty.txt",
    "malformed-front-matter.md:4", "malformed-lines.jsonl:2", "malformed-lines.jsonl:3",
    "malformed-lines.jsonl:4", "malformed-lines.jsonl:5", "malformed-lines.jsonl:7",
    "malformed-lines.jsonl:8", "notes.csv", "nothing-found.html", "only-boilerplate.txt",
    "photo.png", "unclosed-front-matter.md:1", "whitespace-only.txt",
)
# Inputs too odd to commit, made in a temporary folder: (name, what it is).
SKIPPED_MADE = ("huge.txt", "huge-line.jsonl:1", "loop", "self.txt", "dangling.txt", "fifo.txt",
                "new\\nline.txt", "\\x1b[31mred.txt")


def make_hostile_inputs(folder: Path) -> Path:
    """Bad inputs that cannot live in git, and hostile ones that are still articles."""
    folder.mkdir()
    with (folder / "huge.txt").open("wb") as f:
        f.truncate(DEFAULT_MAX_BYTES + 1)  # sparse: too big without writing it
    (folder / "huge-line.jsonl").write_text('{"text": "' + "a" * (DEFAULT_MAX_BYTES + 10)
                                            + '"}\n', encoding="utf-8")
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "self.txt").symlink_to(folder / "self.txt")
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    os.mkfifo(folder / "fifo.txt")  # reading it would block for ever
    (folder / "new\nline.txt").write_text("", encoding="utf-8")
    (folder / "\x1b[31mred.txt").write_bytes(b"\x00\x01\x02" * 50)
    (folder / "<img src=x onerror=alert(1)>.txt").write_text(
        'Präsident Oskar "</script>" Dunst traf sich mit Kanzlerin Greta Kerr in Wien.',
        encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A build of the good articles alone, and a real `kg build` of good and bad together."""
    tmp = tmp_path_factory.mktemp("builds")
    good_only = tmp / "good-only"
    build_graph_files([SOURCES, GOOD], good_only, BuildOptions(use_cache=False))
    hostile = make_hostile_inputs(tmp / "hostile")
    mixed = tmp / "good-and-bad"
    run = subprocess.run([*KG, "build", str(SOURCES), str(GOOD), str(BAD), str(hostile),
                          "--out", str(mixed), "--quiet"], check=False, capture_output=True,
                         text=True, timeout=300)
    return {"good": good_only, "mixed": mixed, "run": run, "hostile": hostile}


# --- what the good articles give -------------------------------------------------------------


def view_of_documents(path: Path, docs: set[Node] | None = None) -> dict[tuple[str, str], object]:
    """Everything the graph says about ``docs`` (default: all): their own triples, their
    events with roles and the evidence read from them, the entities they name or link, and
    those entities' posts."""
    g = Graph().parse(path)
    docs = docs if docs is not None else set(g.subjects(RDF.type, DD.Document))
    view: dict[tuple[str, str], object] = {}
    entities: set[Node] = set()
    for doc in docs:
        view["doc", str(doc)] = set(g.predicate_objects(doc))
        entities |= set(g.objects(doc, DD.mentions))
    for event in {e for doc in docs for e in g.subjects(PROV.wasDerivedFrom, doc)}:
        view["event", str(event)] = _event_view(g, event, docs, entities)
    for entity in entities:
        view["entity", str(entity)] = set(g.predicate_objects(entity))
        for post in g.objects(entity, DD.holdsPost):
            view["post", str(post)] = {(p, o, frozenset(g.predicate_objects(o)))
                                       for p, o in g.predicate_objects(post)}
    return view


def _event_view(g: Graph, event: Node, docs: set[Node], entities: set[Node]) -> set[object]:
    facts: set[object] = set()
    for p, o in g.predicate_objects(event):
        if p == DD.evidence:
            if g.value(o, NIF.referenceContext) in docs:
                facts.add((p, o, frozenset(g.predicate_objects(o))))
        elif p != PROV.wasDerivedFrom or o in docs:
            facts.add((p, o))
            if isinstance(o, URIRef) and p not in (RDF.type, PROV.wasDerivedFrom):
                entities.add(o)
    return facts


def test_bad_inputs_do_not_change_what_the_good_articles_give(builds: dict) -> None:
    good = view_of_documents(builds["good"] / "graph.ttl")
    docs: set[Node] = {URIRef(key[1]) for key in good if key[0] == "doc"}
    mixed = view_of_documents(builds["mixed"] / "graph.ttl", docs)
    assert len(docs) == 8 and sum(key[0] == "event" for key in good) >= 5
    changed = sorted(key for key in good.keys() | mixed.keys() if good.get(key) != mixed.get(key))
    assert not changed, "\n".join(
        f"{key}:\n  good alone: {good.get(key)}\n  with bad:   {mixed.get(key)}"
        for key in changed[:5])


def test_build_names_every_bad_input_on_one_line_and_exits_with_the_skipped_code(
        builds: dict) -> None:
    run = builds["run"]
    assert run.returncode == EXIT_SKIPPED, run.stderr
    lines = run.stderr.splitlines()
    assert all(line.startswith("kg: skipped ") for line in lines), run.stderr
    named = [line.split(": ", 2)[1].removeprefix("skipped ") for line in lines]
    expected = [str(BAD / name) for name in SKIPPED_FIXTURES] + [
        str(builds["hostile"] / name) for name in SKIPPED_MADE]
    assert sorted(named) == sorted(expected)
    assert len(SKIPPED_FIXTURES) + len(SKIPPED_MADE) >= 15
    assert "Traceback" not in run.stderr
    assert f"{len(expected)} skipped" in run.stdout


def test_turtle_of_a_build_with_bad_inputs_parses_in_rdflib_and_pyoxigraph_alike(
        builds: dict) -> None:
    path = builds["mixed"] / "graph.ttl"
    in_rdflib = len(rdflib.Graph().parse(path, format="turtle"))
    in_oxigraph = sum(1 for _ in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    assert in_rdflib == in_oxigraph > 300
    assert validate_graph(path).conforms
    assert (builds["mixed"] / "graph.html").stat().st_size > 0
    assert (builds["mixed"] / "store").is_dir()


def test_strict_build_with_a_bad_input_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_graph_files([SOURCES], out)
    before = snapshot(out)
    seen: list[str] = []
    with pytest.raises(StrictModeError, match=r"18 inputs skipped \(the first: .*bad-date.md\)"
                                              r".*--strict") as caught:
        build_graph_files([SOURCES, BAD], out, BuildOptions(strict=True),
                          on_problem=lambda p: seen.append(p.path))
    assert caught.value.exit_code == EXIT_SKIPPED
    assert len(seen) == 18  # every one was reported before the build gave up
    assert snapshot(out) == before


# --- exports are replaced all at once or not at all -------------------------------------------


def snapshot(out: Path) -> dict[str, str]:
    """Digest of every export file (the cache and the lock are not exports)."""
    files = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out)
        if path.is_file() and rel.parts[0] in EXPORTS:
            files[str(rel)] = hashlib.sha256(path.read_bytes()).hexdigest()
    assert {p.split("/")[0] for p in files} == set(EXPORTS), files.keys()
    return files


@pytest.fixture(scope="module")
def big_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of 800 invented articles (cached), whose export takes about a second."""
    tmp = tmp_path_factory.mktemp("big")
    write_corpus(tmp / "corpus", 800)
    build_graph_files([tmp / "corpus"], tmp / "out")
    return tmp


@pytest.fixture
def previous(big_build: Path, tmp_path: Path) -> Path:
    """A copy of the big build, and one new article so that the next build changes it."""
    shutil.copytree(big_build, tmp_path / "b", symlinks=True)
    write_corpus(tmp_path / "b" / "corpus", 1, start=10_000, name="new.jsonl")
    return tmp_path / "b"


def start_build_and_wait_for_staging(folder: Path) -> tuple[subprocess.Popen[str], Path]:
    process = subprocess.Popen([*KG, "build", str(folder / "corpus"), "--out",
                                str(folder / "out"), "--quiet"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    staging = wait_for(lambda: next((folder / "out").glob(".staging-*"), None), process)
    return process, staging


def wait_for(find: Callable[[], Path | None], process: subprocess.Popen[str],
             timeout: float = 120.0) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = find()
        if found is not None:
            return found
        if process.poll() is not None:
            pytest.fail(f"the build ended ({process.returncode}) before exporting: "
                        f"{process.stderr.read() if process.stderr else ''}")
        time.sleep(0.002)
    process.kill()
    pytest.fail("the build never reached its export")


def test_killed_build_leaves_the_previous_exports_byte_identical(previous: Path) -> None:
    out = previous / "out"
    before = snapshot(out)
    process, staging = start_build_and_wait_for_staging(previous)
    process.kill()  # SIGKILL: no clean-up code runs
    process.communicate()
    assert process.returncode == -signal.SIGKILL
    assert snapshot(out) == before
    assert staging.is_dir()  # left behind ...
    build_graph_files([previous / "corpus"], out)
    assert not list(out.glob(".staging-*"))  # ... and removed by the next build
    assert snapshot(out) != before  # which does change the exports


def test_terminated_build_removes_its_staging_folder_and_exits_interrupted(
        previous: Path) -> None:
    out = previous / "out"
    before = snapshot(out)
    process, _staging = start_build_and_wait_for_staging(previous)
    process.terminate()
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == EXIT_INTERRUPTED, stderr
    assert stderr.strip() == "kg: interrupted"
    assert not list(out.glob(".staging-*"))
    assert snapshot(out) == before


def _raise_after_writing(graph: object, path: Path) -> None:
    path.write_text("half a page")
    raise RuntimeError("disk on fire")


@pytest.mark.parametrize("broken", ["html writer", "store"])
def test_failed_export_leaves_the_previous_exports_and_no_staging_folder(
        broken: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    build_graph_files([SOURCES], out)
    before = snapshot(out)
    if broken == "store":
        monkeypatch.setattr("kg.store.write_store", _raise_after_writing)
    else:
        real_get = kg.export.get
        monkeypatch.setattr(kg.export, "get", lambda name: _raise_after_writing
                            if name == "html" else real_get(name))
    with pytest.raises(RuntimeError, match="disk on fire"):
        build_graph_files([SOURCES, GOOD], out)
    assert snapshot(out) == before
    assert sorted(p.name for p in out.iterdir()) == [".cache", ".lock", *sorted(EXPORTS)]


def test_a_second_build_into_the_same_folder_is_refused_while_one_runs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with (out / ".lock").open("w") as held:
        held.write("4242")
        held.flush()
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(ExportError, match=r"being built by another `kg build` \(pid 4242\)"):
            build_graph_files([SOURCES], out)
    assert not (out / "graph.ttl").exists()


def test_store_left_aside_by_a_killed_publish_is_put_back(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_graph_files([SOURCES], out)
    before = snapshot(out)
    os.replace(out / "store", out / ".old-store-99999")  # killed between the two renames
    (out / ".staging-99999").mkdir()
    (tmp_path / "empty").mkdir()
    with pytest.raises(SourceError):  # a build that fails still tidies up first
        build_graph_files([tmp_path / "empty"], out)
    assert snapshot(out) == before
    assert not list(out.glob(".old-*")) and not list(out.glob(".staging-*"))


def test_build_without_any_article_is_an_error_and_keeps_the_exports(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_graph_files([SOURCES], out)
    before = snapshot(out)
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "empty.txt").write_text("")
    with pytest.raises(SourceError, match=r"no article found in .*junk \(1 input skipped\)"):
        build_graph_files([junk], out)
    assert snapshot(out) == before


def test_missing_sources_fail_before_the_output_folder_is_made(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no-such-folder"):
        build_graph_files([tmp_path / "no-such-folder"], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_report_counts_and_exit_code(tmp_path: Path) -> None:
    report = build_graph_files([SOURCES, GOOD], tmp_path / "out")
    assert report.articles == 8 and report.events >= 5 and report.triples > 300
    assert report.exit_code() == 0
    assert [p.name for p in report.outputs] == ["graph.html", "graph.ttl", "store"]


def test_output_folder_inside_the_sources_is_not_read_as_articles(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Präsident Miroslav Kadlec traf sich mit Kanzlerin Ilse Brandauer.",
                               encoding="utf-8")
    options = BuildOptions(use_cache=False, store=False)
    build_graph_files([src], src / "exports", options)
    report = build_graph_files([src], src / "exports", options)
    assert report.problems == [] and report.articles == 1
