"""RDF exports: the format registry, atomic writes, and Turtle / N-Triples / JSON-LD / TriG."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg import export, vocab
from kg.errors import ExportError
from kg.export import export_file, formats, register, write_atomic
from kg.export.rdf import content_graph_iri, write_trig
from kg.export.turtle import _sorted_ntriples, turtle_bytes
from kg.graph import build_graph, load_graph
from kg.vocab import RESOURCE
from tests.graph_fixtures import sample_extractions

RDF_FORMATS = {"turtle": ".ttl", "ntriples": ".nt", "jsonld": ".jsonld", "trig": ".trig"}
RDFLIB_NAMES = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "trig": "trig"}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph(sample_extractions())


@pytest.fixture
def graph_file(tmp_path: Path, graph: Graph) -> Path:
    path = tmp_path / "graph.ttl"
    path.write_bytes(turtle_bytes(graph))
    return path


# --- the registry ----------------------------------------------------------------------


def test_formats_lists_rdf_formats_and_html() -> None:
    assert set(RDF_FORMATS) | {"html"} <= set(formats())


def test_unknown_format_names_it_and_lists_the_known_ones() -> None:
    with pytest.raises(ExportError, match=r"'rdfxml'.*jsonld, ntriples, trig, turtle"):
        export.get("rdfxml")


def test_registered_writer_is_found_by_name(tmp_path: Path, graph: Graph) -> None:
    @register("count-test", suffix=".count")
    def write_count(g: Graph, path: Path) -> None:
        write_atomic(path, str(len(g)))

    assert export.get("count-test") is write_count
    assert export.suffix("count-test") == ".count"
    export.get("count-test")(graph, tmp_path / "n.count")
    assert (tmp_path / "n.count").read_text() == str(len(graph))


# --- atomic writes ---------------------------------------------------------------------


def test_failed_write_keeps_the_old_file_and_leaves_no_temp(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("old")

    def crash(_fd: int) -> None:
        raise KeyboardInterrupt  # as if the user pressed Ctrl-C mid-write

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new content")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_write_into_a_folder_that_cannot_exist_is_an_export_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ExportError, match=r"cannot write .*file/graph.ttl.*writable folder"):
        write_atomic(blocker / "graph.ttl", "x")


def test_write_creates_missing_folders(tmp_path: Path) -> None:
    write_atomic(tmp_path / "a" / "b" / "out.txt", b"data")
    assert (tmp_path / "a" / "b" / "out.txt").read_bytes() == b"data"


# --- the formats -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", RDF_FORMATS)
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # inside rdflib's own parsers
def test_every_rdf_format_reads_back_as_the_same_graph(
        fmt: str, tmp_path: Path, graph: Graph) -> None:
    path = tmp_path / f"graph{RDF_FORMATS[fmt]}"
    export.get(fmt)(graph, path)
    assert isomorphic(load_graph(path), graph)
    in_rdflib = Dataset().parse(path, format=RDFLIB_NAMES[fmt])
    assert sum(1 for _ in in_rdflib.quads((None, None, None, None))) == len(graph)


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_every_rdf_format_is_byte_identical_for_the_same_graph(
        fmt: str, tmp_path: Path, graph: Graph) -> None:
    first, second = tmp_path / f"1{RDF_FORMATS[fmt]}", tmp_path / f"2{RDF_FORMATS[fmt]}"
    export.get(fmt)(graph, first)
    export.get(fmt)(build_graph(sample_extractions()), second)
    assert first.read_bytes() == second.read_bytes()


def test_turtle_parses_in_rdflib_and_pyoxigraph_to_the_same_count(graph: Graph) -> None:
    data = turtle_bytes(graph)
    in_rdflib = len(Graph().parse(data=data, format="turtle"))
    in_oxigraph = len(list(ox.parse(data, format=ox.RdfFormat.TURTLE)))
    assert in_rdflib == in_oxigraph == len(graph)


def test_turtle_written_read_and_written_again_is_unchanged(graph_file: Path) -> None:
    assert turtle_bytes(load_graph(graph_file)) == graph_file.read_bytes()


def test_turtle_groups_each_subject_with_its_type_first(graph: Graph) -> None:
    text = turtle_bytes(graph).decode()
    subject = "\n<https://w3id.org/ddkg/resource/person/max-muster> "
    assert text.count(subject) == 1
    assert text.split(subject, 1)[1].startswith("a dd:Person ;")


def test_turtle_sorts_the_very_lines_rdflib_writes_as_ntriples(graph: Graph) -> None:
    """The lines are written without rdflib's serializer; their bytes decide the order."""
    tricky = Graph()
    subject, name = URIRef("https://example.org/s/ä"), URIRef("https://example.org/name")
    for i, text in enumerate(['"quoted"', "back\\slash", "line\nbreak", "cr\rlf", "tab\tstop",
                              "\u2028", "Ärger €", "😀", ""]):
        tricky.add((subject, name, Literal(text)))
        tricky.add((subject, name, Literal(text, lang="DE-at")))
        tricky.add((subject, name, Literal(text, datatype=vocab.XSD.string)))
        tricky.add((URIRef(f"https://example.org/o/{i}"), name, Literal(text, datatype=vocab.XSD.token)))
    for g in (graph, tricky):
        rdflib_lines = g.serialize(format="nt", encoding="utf-8").splitlines()
        assert sorted(_sorted_ntriples(g).splitlines()) == sorted(set(rdflib_lines) - {b""})


def test_ntriples_lines_are_sorted(tmp_path: Path, graph: Graph) -> None:
    export.get("ntriples")(graph, tmp_path / "g.nt")
    lines = (tmp_path / "g.nt").read_bytes().splitlines()
    assert lines == sorted(lines) and len(lines) == len(graph)


def test_trig_names_its_graph_by_content_unless_told(tmp_path: Path, graph: Graph) -> None:
    write_trig(graph, tmp_path / "a.trig")
    write_trig(graph, tmp_path / "b.trig", graph_iri=f"{RESOURCE}graph/mine")
    names = {q.graph_name.value for q in ox.parse(path=str(tmp_path / "a.trig"))}
    assert names == {content_graph_iri(graph)}
    assert f"<{RESOURCE}graph/mine>" in (tmp_path / "b.trig").read_text()
    smaller = build_graph(sample_extractions()[:1])
    assert content_graph_iri(smaller) != content_graph_iri(graph)


# --- export_file and the CLI -----------------------------------------------------------


def test_export_file_writes_beside_the_graph_by_default(graph_file: Path) -> None:
    written = export_file(graph_file, "ntriples", None)
    assert written == graph_file.with_suffix(".nt")
    assert isomorphic(load_graph(written), load_graph(graph_file))


def test_export_file_reads_a_build_folder(graph_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "g.jsonld"
    assert export_file(graph_file.parent, "jsonld", out) == out
    assert out.is_file()


def test_export_file_fails_on_unknown_format_before_reading(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="unknown export format 'xml'"):
        export_file(tmp_path / "missing.ttl", "xml", None)


def test_kg_export_command_writes_and_reports(graph_file: Path) -> None:
    out = graph_file.with_name("copy.trig")
    run = subprocess.run([sys.executable, "-m", "kg", "export", str(graph_file), "--format",
                          "trig", "--out", str(out)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"wrote {out}"
    assert isomorphic(load_graph(out), load_graph(graph_file))


def test_kg_export_of_unknown_format_is_one_line_and_exit_1(graph_file: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "kg", "export", str(graph_file), "--format",
                          "xml"], capture_output=True, text=True, check=False)
    assert run.returncode == 1
    assert run.stderr.strip().startswith("kg: error: unknown export format 'xml'")
    assert len(run.stderr.strip().splitlines()) == 1
