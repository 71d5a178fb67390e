"""Writers of a graph to files, registered by format name (like rdflib's plugin.register/get).

A writer is ``(graph: rdflib.Graph, path: Path) -> None`` and writes through
:func:`write_atomic`. Modules are imported only when their format is first asked for::

    @register("turtle", suffix=".ttl")
    def write_turtle(graph: Graph, path: Path) -> None: ...

    get("turtle")(graph, Path("exports/graph.ttl"))
"""
from __future__ import annotations

import importlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from rdflib import Graph

from kg.errors import ExportError

Writer = Callable[[Graph, Path], None]
W = TypeVar("W", bound=Callable[..., None])  # a writer, perhaps with keyword-only options

# Format name -> module that registers it when imported.
_MODULES: dict[str, str] = {
    "turtle": "kg.export.turtle",
    "ntriples": "kg.export.rdf",
    "jsonld": "kg.export.rdf",
    "trig": "kg.export.rdf",
    "html": "kg.export.html",
}


@dataclass(frozen=True)
class _Entry:
    writer: Writer
    suffix: str


_REGISTRY: dict[str, _Entry] = {}


def register(name: str, *, suffix: str) -> Callable[[W], W]:
    """Decorator: make ``writer`` the one for format ``name``, writing files ending in ``suffix``."""

    def decorate(writer: W) -> W:
        _REGISTRY[name] = _Entry(writer, suffix)
        return writer

    return decorate


def formats() -> list[str]:
    """Every known format name, sorted."""
    return sorted(set(_MODULES) | set(_REGISTRY))


def _entry(name: str) -> _Entry:
    if name not in _REGISTRY and name in _MODULES:
        try:
            importlib.import_module(_MODULES[name])
        except ImportError as e:
            raise ExportError(f"format {name!r} is not available ({e}); "
                              f"use one of {', '.join(formats())}") from e
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ExportError(f"unknown export format {name!r}; "
                          f"use one of {', '.join(formats())}") from None


def get(name: str) -> Writer:
    """The writer of format ``name``; ExportError naming the known formats if there is none."""
    return _entry(name).writer


def suffix(name: str) -> str:
    """The file suffix of format ``name``, e.g. '.ttl'."""
    return _entry(name).suffix


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` so that ``path`` holds either its old content or all of ``data``.

    A temporary file in the same folder is written, flushed to disk and renamed over
    ``path``; on any failure it is removed.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise ExportError(f"cannot write {path}: {e.strerror or e}; "
                          "choose a writable folder (e.g. --out)") from e
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException as e:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise ExportError(f"cannot write {path}: {e.strerror or e}; "
                              "choose a writable folder (e.g. --out)") from e
        raise


def export_file(graph_path: Path, fmt: str, out: Path | None) -> Path:
    """Read a graph file (or a build folder's graph.ttl) and write it as ``fmt``.

    Default ``out``: beside the graph file, same stem, the format's suffix.
    Returns the path written.
    """
    from kg.graph import graph_file, load_graph

    entry = _entry(fmt)  # fail on an unknown format before reading a large graph
    source = graph_file(graph_path)
    target = out if out is not None else source.with_suffix(entry.suffix)
    entry.writer(load_graph(source), target)
    return target
