"""Check a graph against the contract's SHACL shapes (ontology/shapes.ttl).

pySHACL runs without inference; the ontology is passed as the ontology graph so that
``sh:class dd:Place`` accepts a ``dd:Country`` (its subclass). Warnings (posts without
``dd:postIn``) are listed but do not make a graph fail.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.errors import GraphError
from kg.graph import load_graph
from kg.vocab import ONTOLOGY_FILE, PREFIXES, RDF, RDFS, SH, SHAPES_FILE


@dataclass(frozen=True)
class Finding:
    """One result of the check: which node, which property, what is wrong."""

    focus: str
    path: str
    message: str
    severity: str  # "violation", "warning" or "info"

    def __str__(self) -> str:
        prefix = "" if self.severity == "violation" else f"{self.severity}: "
        return f"{prefix}{self.focus}  {self.path}: {self.message}"


@dataclass(frozen=True)
class ValidationResult:
    conforms: bool
    focus_nodes: int
    findings: tuple[Finding, ...] = ()

    @property
    def violations(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "violation")

    def render(self, *, verbose: bool = False) -> str:
        """One line per violation, warnings grouped by message (each one if ``verbose``),
        then a summary line."""
        lines = [str(f) for f in self.findings if verbose or f.severity == "violation"]
        if not verbose:
            lines += _grouped(f for f in self.findings if f.severity != "violation")
        if self.conforms:
            lines.append(f"conforms: {self.focus_nodes} focus nodes checked")
        else:
            n = len(self.violations)
            lines.append(f"does not conform: {n} violation{'s' if n != 1 else ''}, "
                         f"{self.focus_nodes} focus nodes checked")
        return "\n".join(lines)


def _grouped(findings: Iterable[Finding]) -> list[str]:
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.severity, finding.message), []).append(finding)
    lines = []
    for (severity, message), members in groups.items():
        if len(members) == 1:
            lines.append(str(members[0]))
        else:
            lines.append(f"{severity}: {len(members)} nodes, e.g. {members[0].focus}: {message}")
    return lines


def validate_graph(path: Path) -> ValidationResult:
    """Validate a graph file (or a build folder's graph.ttl) against ontology/shapes.ttl."""
    return validate_rdflib_graph(load_graph(path))


def validate_rdflib_graph(graph: Graph) -> ValidationResult:
    if not graph.store.context_aware:  # pySHACL needs a context-aware store
        copy = Graph()
        for triple in graph:
            copy.add(triple)
        graph = copy
    shapes, ontology = _shapes(), _ontology()
    conforms, report, _text = validate(graph, shacl_graph=shapes, ont_graph=ontology,
                                       inference="none", allow_warnings=True, allow_infos=True)
    findings = sorted(_findings(report), key=lambda f: (f.severity != "violation", f.focus,
                                                        f.path, f.message))
    return ValidationResult(bool(conforms), _count_focus_nodes(graph, shapes, ontology),
                            tuple(findings))


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return _parse(SHAPES_FILE)


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    return _parse(ONTOLOGY_FILE)


def _parse(path: Path) -> Graph:
    try:
        return Graph().parse(path, format="turtle")
    except (OSError, SyntaxError) as e:
        raise GraphError(f"{path}: cannot read the project's own file ({e}); "
                         "reinstall ddkg or restore the file from git") from e


def _findings(report: Graph) -> list[Finding]:
    findings = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        findings.append(Finding(
            focus=_short(report.value(result, SH.focusNode)),
            path=_short(report.value(result, SH.resultPath)),
            message=str(report.value(result, SH.resultMessage) or "fails a shape"),
            severity=_severity(report.value(result, SH.resultSeverity)),
        ))
    return findings


def _severity(node: Node | None) -> str:
    if node == SH.Warning:
        return "warning"
    return "info" if node == SH.Info else "violation"


def _short(node: Node | None) -> str:
    if node is None:
        return "-"
    text = str(node)
    for name, namespace in PREFIXES.items():
        if text.startswith(namespace):
            return f"{name}:{text[len(namespace):]}"
    return f"<{text}>" if isinstance(node, URIRef) else text


def _count_focus_nodes(graph: Graph, shapes: Graph, ontology: Graph) -> int:
    """How many distinct nodes some shape targets (classes include their subclasses)."""
    nodes: set[Node] = set()
    for cls in set(shapes.objects(None, SH.targetClass)):
        for sub in ontology.transitive_subjects(RDFS.subClassOf, cls):
            nodes.update(graph.subjects(RDF.type, sub))
    for prop in set(shapes.objects(None, SH.targetSubjectsOf)):
        nodes.update(graph.subjects(prop, None))
    for prop in set(shapes.objects(None, SH.targetObjectsOf)):
        nodes.update(graph.objects(None, prop))
    nodes.update(shapes.objects(None, SH.targetNode))
    return len(nodes)
