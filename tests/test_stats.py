"""Graph statistics: what a built graph holds, counted from the file."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from kg.errors import GraphError
from kg.export.turtle import turtle_bytes
from kg.graph import build_graph
from kg.stats import GraphStats, graph_stats
from tests.graph_fixtures import sample_extractions


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph(sample_extractions())


@pytest.fixture
def stats(tmp_path: Path, graph: Graph) -> GraphStats:
    (tmp_path / "graph.ttl").write_bytes(turtle_bytes(graph))
    return graph_stats(tmp_path / "graph.ttl")


def test_counts_triples_documents_posts_and_spans(stats: GraphStats, graph: Graph) -> None:
    assert stats.triples == len(graph)
    assert stats.documents == 2
    assert stats.posts == 2
    assert stats.evidence_spans == 7  # the meeting told twice has two spans


def test_counts_entities_per_class_and_a_memorandum_once(stats: GraphStats) -> None:
    assert stats.entities["Person"] == 2
    assert stats.entities["Country"] == 3
    assert stats.entities["MemorandumOfUnderstanding"] == 1
    assert stats.entities["Agreement"] == 1  # the memorandum is an agreement too
    assert stats.entity_total == 9  # 2 persons, 3 countries, city, memorandum, model, fair


def test_counts_events_per_class_and_status(stats: GraphStats) -> None:
    assert stats.events["Meeting"] == {"occurred": 1, "planned": 0, "negated": 0}
    assert stats.events["Cooperation"]["planned"] == 1
    assert stats.events["Visit"]["negated"] == 1
    assert stats.event_total == 6


def test_render_shows_each_count(stats: GraphStats) -> None:
    text = stats.render()
    assert "documents                2" in text
    assert "  Cooperation                  1  (planned 1)" in text
    assert "evidence spans           7" in text


def test_stats_of_a_missing_graph_is_a_graph_error(tmp_path: Path) -> None:
    with pytest.raises(GraphError, match="no such graph file"):
        graph_stats(tmp_path / "none.ttl")


def test_kg_stats_prints_the_counts(tmp_path: Path, graph: Graph) -> None:
    (tmp_path / "graph.ttl").write_bytes(turtle_bytes(graph))
    run = subprocess.run([sys.executable, "-m", "kg", "stats", str(tmp_path / "graph.ttl")],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0].split() == ["triples", str(len(graph))]


def test_trig_file_gives_the_same_counts(tmp_path: Path, graph: Graph,
                                         stats: GraphStats) -> None:
    from kg.export.rdf import write_trig

    write_trig(graph, tmp_path / "graph.trig")
    assert graph_stats(tmp_path / "graph.trig") == stats
