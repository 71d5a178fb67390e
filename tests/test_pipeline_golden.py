"""Whole pipeline, golden case: the sample articles in sources/ give exactly the expected graph.

When a rule change alters the graph on purpose, regenerate the expectation with
``DDKG_REGENERATE_GOLDEN=1 python -m pytest tests/test_pipeline_golden.py`` and read the diff.
"""
from __future__ import annotations

import os
from pathlib import Path

from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.build import BuildOptions, build_graph_files

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden" / "sources.ttl"


def test_sample_articles_give_the_golden_graph(tmp_path: Path) -> None:
    build_graph_files([ROOT / "sources"], tmp_path,
                      BuildOptions(use_cache=False, html=False, store=False))
    built = Graph().parse(tmp_path / "graph.ttl")
    if os.environ.get("DDKG_REGENERATE_GOLDEN"):
        GOLDEN.write_bytes((tmp_path / "graph.ttl").read_bytes())
    expected = Graph().parse(GOLDEN)
    if not isomorphic(built, expected):
        _, only_built, only_expected = graph_diff(to_isomorphic(built), to_isomorphic(expected))
        diff = "\n".join(["only in the build:", *_lines(only_built), "only in the golden file:",
                          *_lines(only_expected)])
        raise AssertionError(f"the graph differs from {GOLDEN.name}:\n{diff[:6000]}")


def _lines(g: Graph) -> list[str]:
    return sorted("  " + line for line in g.serialize(format="nt").splitlines() if line)


def test_building_twice_gives_byte_identical_turtle(tmp_path: Path) -> None:
    opts = BuildOptions(use_cache=False, html=False, store=False)
    build_graph_files([ROOT / "sources"], tmp_path / "a", opts)
    build_graph_files([ROOT / "sources"], tmp_path / "b", opts)
    assert (tmp_path / "a" / "graph.ttl").read_bytes() == (tmp_path / "b" / "graph.ttl").read_bytes()
