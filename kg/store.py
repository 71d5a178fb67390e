"""SPARQL over the graph: canned queries, the embedded store, a local endpoint, remote stores.

- ``canned_queries`` reads ``ontology/queries/*.rq``; each file opens with ``# question:``
  and ``# param: name — meaning (example)`` comment lines.
- ``run_query`` runs a query on a build folder (its Oxigraph store, opened read-only) or on a
  graph file (loaded into an in-memory store). Parameters are bound by the engine
  (pyoxigraph substitutions), never pasted into the text.
- ``write_store`` builds the embedded store next to graph.ttl; ``serve`` runs the real
  ``oxigraph`` server on it; ``load_to_endpoint`` PUTs the Turtle into any SPARQL 1.1 Graph
  Store Protocol endpoint; ``query_endpoint`` asks any SPARQL 1.1 endpoint.

A canned query binds every declared parameter: one left out is bound to "" and the query
reads ``COALESCE(STR(?p), "") = ""`` as "match all" (so it also runs unbound in other tools).
pyoxigraph only substitutes variables that are selected, so canned queries select their
parameters; those columns are dropped from the result. The queries are written in the
portable subset that rdflib, Oxigraph and Virtuoso answer alike (tests/test_queries.py).
"""
from __future__ import annotations

import base64
import csv
import difflib
import io
import itertools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import EndpointError, GraphError, QueryError
from kg.vocab import PREFIXES, QUERIES_DIR, RESOURCE

# The named graph `kg load` replaces when no --graph-iri is given ("default": the default graph).
DEFAULT_GRAPH_IRI = str(RESOURCE["graph/default"])
STORE_DIRNAME = "store"
GRAPH_FILENAME = "graph.ttl"
FORMATS = ("table", "csv", "tsv", "json")
_TABLE_CELL_MAX = 60
_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_HEADER = re.compile(r"#\s*(question|param):\s*(.*)")
_PARAM = re.compile(r"(\w+)\s*(\(required\))?\s*[—–-]+\s*(.*?)\s*\(([^()]*)\)\s*\Z")
_XSD = "http://www.w3.org/2001/XMLSchema#"


# ---------------------------------------------------------------- canned queries and parameters

@dataclass(frozen=True)
class QueryParam:
    name: str
    meaning: str
    example: str
    required: bool = False


@dataclass(frozen=True)
class CannedQuery:
    name: str  # the file name without .rq: "meetings"
    question: str
    text: str
    params: tuple[QueryParam, ...]


def canned_queries() -> list[CannedQuery]:
    """Every query in ontology/queries, sorted by name."""
    return [_read_canned(path) for path in sorted(QUERIES_DIR.glob("*.rq"))]


def canned_query(name: str) -> CannedQuery:
    for query in canned_queries():
        if query.name == name:
            return query
    raise QueryError(f"unknown query {name!r}{_did_you_mean(name)}; "
                     f"canned queries: {', '.join(_canned_names())}")


def _read_canned(path: Path) -> CannedQuery:
    text = path.read_text(encoding="utf-8")
    question = next((v for k, v in _headers(text) if k == "question"), "")
    return CannedQuery(path.stem, question, text, query_params(text, source=str(path)))


def _canned_names() -> list[str]:
    return [path.stem for path in sorted(QUERIES_DIR.glob("*.rq"))]


def _did_you_mean(name: str) -> str:
    close = difflib.get_close_matches(name, _canned_names(), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _headers(text: str) -> Iterator[tuple[str, str]]:
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if match:
            yield match.group(1), match.group(2).strip()


def query_params(text: str, *, source: str = "the query") -> tuple[QueryParam, ...]:
    """The ``# param: name [(required)] — meaning (example)`` lines of a query."""
    params = []
    for kind, value in _headers(text):
        if kind != "param":
            continue
        match = _PARAM.match(value)
        if not match:
            raise QueryError(f"{source}: bad '# param:' line {value!r}; write "
                             "'# param: name — meaning (example)'")
        name, required, meaning, example = match.groups()
        params.append(QueryParam(name, meaning, example, required=bool(required)))
    return tuple(params)


def resolve_query(query: str | None, *, file: Path | None = None) -> str:
    """The SPARQL text of a canned query name, a .rq file, or inline SPARQL."""
    if file is not None and query is not None:
        raise QueryError(f"give either a query ({query!r}) or --file {file}, not both")
    if file is not None:
        return _read_query_file(file)
    if query is None or not query.strip():
        raise QueryError("no query given; name a canned query "
                         f"({', '.join(_canned_names())}), a .rq file or inline SPARQL")
    if query in _canned_names():
        return canned_query(query).text
    if query.endswith(".rq"):
        return _read_query_file(Path(query))
    if _looks_like_sparql(query):
        return query
    return canned_query(query).text  # raises, listing the names


def _read_query_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as e:
        raise QueryError(f"cannot read query file {path}: {e.strerror or e}") from e


def _looks_like_sparql(text: str) -> bool:
    return "{" in text or bool(re.match(r"\s*(PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE)\b",
                                        text, re.IGNORECASE))


def parse_params(params: Sequence[str]) -> dict[str, str]:
    """``["a=Aserbaidschan", "b=Türkei"]`` -> ``{"a": "Aserbaidschan", "b": "Türkei"}``."""
    out: dict[str, str] = {}
    for item in params:
        name, eq, value = item.partition("=")
        name = name.strip().lstrip("?$")
        if not eq:
            raise QueryError(f"parameter {item!r} has no '='; write NAME=VALUE, "
                             "e.g. --param a=Aserbaidschan")
        if not _VARNAME.match(name):
            raise QueryError(f"parameter name {name!r} in {item!r} is not a SPARQL variable "
                             "name; use letters, digits and '_'")
        if name in out:
            raise QueryError(f"parameter {name!r} given twice ({out[name]!r}, {value!r})")
        out[name] = value
    return out


def bind_params(text: str, params: Mapping[str, str]) -> dict[str, str]:
    """Check ``params`` against the query's declared parameters and fill the left-out ones.

    A query without ``# param:`` lines accepts any variable it mentions.
    """
    declared = query_params(text)
    if not declared:
        for name in params:
            if not re.search(rf"[?$]{re.escape(name)}\b", text):
                raise QueryError(f"unknown parameter {name!r}: the query has no ?{name}")
        return dict(params)
    names = [p.name for p in declared]
    for name in params:
        if name not in names:
            raise QueryError(f"unknown parameter {name!r}{_suggest(name, names)}; "
                             f"this query takes {_describe(declared)}")
    for p in declared:
        if p.required and not params.get(p.name, "").strip():
            raise QueryError(f"missing parameter {p.name!r} ({p.meaning}); add "
                             f"--param {p.name}={_shell_word(p.example)}")
    return {p.name: params.get(p.name, "") for p in declared}


def _suggest(name: str, names: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, names, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _describe(params: Sequence[QueryParam]) -> str:
    return ", ".join(f"{p.name} (e.g. {p.example})" for p in params)


def _shell_word(text: str) -> str:
    return f"'{text}'" if re.search(r"[^\w.-]", text) else text


# ---------------------------------------------------------------- results

@dataclass(frozen=True)
class Cell:
    """One value of a result row, as in the SPARQL 1.1 JSON results format."""

    value: str
    kind: str = "literal"  # "uri", "literal" or "bnode"
    datatype: str | None = None  # None for plain strings and language-tagged strings
    lang: str | None = None

    def __str__(self) -> str:
        return self.value

    def to_json(self) -> dict[str, str]:
        out = {"type": self.kind, "value": self.value}
        if self.lang:
            out["xml:lang"] = self.lang
        elif self.datatype:
            out["datatype"] = self.datatype
        return out

    def to_ntriples(self) -> str:
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        text = sparql_literal(self.value)
        if self.lang:
            return f"{text}@{self.lang}"
        return f"{text}^^<{self.datatype}>" if self.datatype else text


Row = tuple["Cell | None", ...]


@dataclass(frozen=True)
class QueryResult:
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    boolean: bool | None = None  # the answer of an ASK query

    def render(self, fmt: str = "table") -> str:
        """The result as text: "table", "csv", "tsv" or "json" (SPARQL 1.1 results formats)."""
        renderers: dict[str, Callable[[QueryResult], str]] = {
            "table": _render_table, "csv": _render_csv, "tsv": _render_tsv, "json": _render_json}
        if fmt not in renderers:
            raise QueryError(f"unknown result format {fmt!r}; use one of {', '.join(FORMATS)}")
        return renderers[fmt](self)

    def to_json(self) -> dict[str, object]:
        if self.boolean is not None:
            return {"head": {}, "boolean": self.boolean}
        bindings = [{c: cell.to_json() for c, cell in zip(self.columns, row) if cell is not None}
                    for row in self.rows]
        return {"head": {"vars": list(self.columns)}, "results": {"bindings": bindings}}

    def without(self, columns: Sequence[str]) -> QueryResult:
        keep = [i for i, c in enumerate(self.columns) if c not in columns]
        return QueryResult(tuple(self.columns[i] for i in keep),
                           tuple(tuple(row[i] for i in keep) for row in self.rows), self.boolean)


def _render_table(result: QueryResult) -> str:
    if result.boolean is not None:
        return ("yes" if result.boolean else "no") + "\n"
    cells = [[_clip(str(c)) if c is not None else "" for c in row] for row in result.rows]
    widths = [max([len(name)] + [len(row[i]) for row in cells])
              for i, name in enumerate(result.columns)]
    lines = [_aligned(result.columns, widths), _aligned(["-" * w for w in widths], widths)]
    lines += [_aligned(row, widths) for row in cells]
    count = len(result.rows)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines) + "\n"


def _aligned(values: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _TABLE_CELL_MAX else text[:_TABLE_CELL_MAX - 1] + "…"


def _render_csv(result: QueryResult) -> str:
    if result.boolean is not None:
        return f"boolean\r\n{'true' if result.boolean else 'false'}\r\n"
    out = io.StringIO()
    writer = csv.writer(out)  # CRLF line ends, as SPARQL 1.1 CSV asks
    writer.writerow(result.columns)
    writer.writerows([c.value if c is not None else "" for c in row] for row in result.rows)
    return out.getvalue()


def _render_tsv(result: QueryResult) -> str:
    if result.boolean is not None:
        return f"?boolean\n{'true' if result.boolean else 'false'}\n"
    lines = ["\t".join(f"?{c}" for c in result.columns)]
    lines += ["\t".join(c.to_ntriples() if c is not None else "" for c in row)
              for row in result.rows]
    return "\n".join(lines) + "\n"


def _render_json(result: QueryResult) -> str:
    return json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"


def _cell(term: object) -> Cell | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Cell(term.value, "uri")
    if isinstance(term, ox.BlankNode):
        return Cell(term.value, "bnode")
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if term.language or datatype == _XSD + "string":
            return Cell(term.value, lang=term.language)
        return Cell(term.value, datatype=datatype)
    return Cell(str(term))  # an RDF-star triple


# ---------------------------------------------------------------- the embedded store

def run_query(graph: Path, text: str, *,
              params: Mapping[str, str] | None = None) -> QueryResult:
    """Run SPARQL ``text`` on a build folder (its store, else its graph.ttl) or a graph file."""
    bound = bind_params(text, params or {})
    with open_store(graph) as store:
        result = _execute(store, text, bound)
    return result.without([p.name for p in query_params(text)])


@contextmanager
def open_store(graph: Path) -> Iterator[ox.Store]:
    """The store of a build folder (read-only), or an in-memory store holding a graph file."""
    found = _store_dir(Path(graph))
    if found is not None:
        try:
            opened = ox.Store.read_only(str(found))
        except OSError as e:
            raise GraphError(f"cannot open the store {found}: {e}; run `kg build` again to "
                             "rebuild it") from e
        yield opened
        return
    store = ox.Store()
    _load_file(store, _graph_file(Path(graph)))
    yield store


def _store_dir(graph: Path) -> Path | None:
    """The Oxigraph store of a build folder, or ``graph`` itself if it is one."""
    if (graph / STORE_DIRNAME).is_dir():
        return graph / STORE_DIRNAME
    if (graph / "CURRENT").is_file():  # RocksDB's marker: a store folder given directly
        return graph
    return None


def _graph_file(graph: Path) -> Path:
    if graph.is_dir():
        if (graph / GRAPH_FILENAME).is_file():
            return graph / GRAPH_FILENAME
        raise GraphError(f"no graph in {graph}: neither {graph / STORE_DIRNAME} nor "
                         f"{graph / GRAPH_FILENAME} exists; run `kg build` first")
    if not graph.exists():
        raise GraphError(f"no graph file or build folder {graph}; run `kg build` first or "
                         "pass --graph")
    return graph


def _rdf_format(path: Path) -> ox.RdfFormat:
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower())
    if fmt is None:
        raise GraphError(f"{path}: unknown RDF file extension {path.suffix!r}; use .ttl, .nt, "
                         ".nq, .trig, .jsonld or .rdf")
    return fmt


LOAD_CHUNK = 20_000  # quads per bulk write: Oxigraph sorts each in memory before writing it


def _load_file(store: ox.Store, path: Path) -> None:
    """Bulk-load in chunks, so memory stays flat however large the graph is."""
    try:
        quads = ox.parse(path=str(path), format=_rdf_format(path))
        while chunk := list(itertools.islice(quads, LOAD_CHUNK)):
            store.bulk_extend(chunk)
    except SyntaxError as e:
        raise GraphError(f"{path} is not valid RDF: {e}; rebuild it with `kg build`") from e
    except OSError as e:
        raise GraphError(f"cannot read {path}: {e}") from e


def _execute(store: ox.Store, text: str, params: Mapping[str, str]) -> QueryResult:
    substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(k): ox.Literal(v) for k, v in params.items()}
    try:
        answer = store.query(text, prefixes=PREFIXES, substitutions=substitutions)
    except SyntaxError as e:
        raise QueryError(_syntax_message(text, str(e))) from e
    except (RuntimeError, ValueError) as e:
        raise QueryError(_runtime_message(str(e))) from e
    except OSError as e:
        raise GraphError(f"cannot read the store: {e}") from e
    return _result(answer)


def _result(answer: object) -> QueryResult:
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(("boolean",), (), boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        names = tuple(v.value for v in answer.variables)
        rows = tuple(tuple(_cell(solution[n]) for n in names) for solution in answer)
        return QueryResult(names, rows)
    triples = tuple((_cell(t.subject), _cell(t.predicate), _cell(t.object))
                    for t in answer)  # type: ignore[attr-defined]
    return QueryResult(("subject", "predicate", "object"), triples)


def _syntax_message(text: str, error: str) -> str:
    match = re.search(r"(\d+):(\d+)", error)
    if not match:
        return f"bad SPARQL: {error}"
    line, column = int(match.group(1)), int(match.group(2))
    lines = text.splitlines()
    source = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    return f"bad SPARQL at line {line}, column {column}: {error} (line {line}: {source!r})"


def _runtime_message(error: str) -> str:
    match = re.search(r"variable \?(\w+) in its SELECT", error)
    if match:
        name = match.group(1)
        return (f"parameter {name!r}: the query must select ?{name} to bind it "
                f"(add ?{name} to the SELECT clause)")
    return f"the query failed: {error}"


def write_store(turtle: Path, store_dir: Path) -> None:
    """Build the Oxigraph store of ``turtle`` in ``store_dir``; on failure the old one stays."""
    turtle, store_dir = Path(turtle), Path(store_dir)
    if not turtle.is_file():
        raise GraphError(f"no graph file {turtle} to build the store from")
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{store_dir.name}-new-", dir=store_dir.parent))
    try:
        store = ox.Store(str(tmp))
        _load_file(store, turtle)
        store.flush()
        del store  # closes the database before the folder moves
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _swap_in(tmp, store_dir)


def _swap_in(new: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        target.rename(old / target.name)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# ---------------------------------------------------------------- the local endpoint

def oxigraph_binary() -> str:
    """The ``oxigraph`` server of the ``oxigraph`` package (next to this Python, or on PATH)."""
    local = Path(sys.executable).parent / "oxigraph"
    found = str(local) if local.is_file() else shutil.which("oxigraph")
    if not found:
        raise EndpointError("the oxigraph server is not installed; run `pip install oxigraph`")
    return found


def serve(graph: Path, *, host: str = "127.0.0.1", port: int = 7878,
          announce: Callable[[str], None] = lambda line: None) -> None:
    """Serve ``graph`` read-only over SPARQL 1.1 with the Oxigraph server until interrupted.

    When a build (``kg build``, ``kg build --watch``) replaces the store of the build folder
    being served, the server is started again on the new store, so queries follow the
    rebuilds (with a pause of a fraction of a second, and a line announcing it).
    Ctrl-C or SIGTERM stops the server and then raises KeyboardInterrupt, as for every command.
    """
    binary = oxigraph_binary()
    _check_port_free(host, port)
    with _store_location(Path(graph)) as location, tempfile.TemporaryFile() as log:
        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        url = f"http://{bind}"
        restarted = False
        while True:
            served = file_identity(location)
            process = subprocess.Popen(
                [binary, "serve-read-only", "--location", str(location), "--bind", bind],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log)
            with _terminate_on_exit(process):
                _wait_listening(process, host, port, log)
                if restarted:
                    announce(f"{location} was rebuilt: serving the new store")
                else:
                    announce(f"SPARQL endpoint: {url}/query (read-only; Ctrl-C stops it)")
                    announce(f"try: curl -s {url}/query -H 'Accept: text/csv' "
                             "--data-urlencode 'query=SELECT (COUNT(*) AS ?triples) WHERE "
                             "{ ?s ?p ?o }'")
                code = _wait_unless_replaced(process, location, served)
                if code is None:  # leaving the block stops this server; the next one starts
                    restarted = True
                    continue
                if code not in (0, -signal.SIGINT, -signal.SIGTERM):
                    raise EndpointError(f"oxigraph stopped with exit code {code}: "
                                        f"{_last_line(log)}")
                return


_REPLACED_CHECK_S = 0.5


def _wait_unless_replaced(process: subprocess.Popen[bytes], location: Path,
                          served: tuple[int, int] | None) -> int | None:
    """The server's exit code, or None as soon as another store is at ``location`` (a build
    moved its new store into place; for the moment between its two renames, none is)."""
    while True:
        try:
            return process.wait(timeout=_REPLACED_CHECK_S)
        except subprocess.TimeoutExpired:
            now = file_identity(location)
            if now is not None and now != served:
                return None


def file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of a file or folder, None when there is none: another one moved to the
    same path (a new store, an atomic save) has another identity."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as e:
            raise EndpointError(f"cannot serve on {host}:{port}: {e.strerror or e}; choose "
                                "another --port") from e


@contextmanager
def _store_location(graph: Path) -> Iterator[Path]:
    found = _store_dir(graph)
    if found is not None:
        yield found
        return
    source = _graph_file(graph)
    with tempfile.TemporaryDirectory(prefix="kg-serve-") as tmp:
        write_store(source, Path(tmp) / STORE_DIRNAME)
        yield Path(tmp) / STORE_DIRNAME


@contextmanager
def _terminate_on_exit(process: subprocess.Popen[bytes]) -> Iterator[None]:
    """Stops the server however the block ends (Ctrl-C, SIGTERM, an error), never leaving it
    behind; SIGTERM becomes KeyboardInterrupt meanwhile, as in the CLI."""
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _wait_listening(process: subprocess.Popen[bytes], host: str, port: int, log: object,
                    *, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise EndpointError(f"oxigraph could not serve on {host}:{port}: "
                                f"{_last_line(log)}; choose another --port")
        try:
            socket.create_connection((host, port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise EndpointError(f"oxigraph did not start listening on {host}:{port} within "
                        f"{timeout:.0f} s: {_last_line(log)}")


def _last_line(log: object) -> str:
    log.seek(0)  # type: ignore[attr-defined]
    lines = log.read().decode("utf-8", "replace").strip().splitlines()  # type: ignore[attr-defined]
    return lines[-1] if lines else "no message"


# ---------------------------------------------------------------- remote stores

def load_to_endpoint(graph: Path, endpoint: str, *, graph_iri: str | None = None,
                     timeout: float = 120.0) -> int:
    """PUT ``graph`` into a SPARQL 1.1 Graph Store Protocol endpoint; returns its triple count.

    PUT replaces the target graph, so loading twice never duplicates. ``graph_iri`` defaults
    to DEFAULT_GRAPH_IRI; "default" means the store's default graph. Credentials come from
    the URL (``http://user:pass@host/...``) or KG_ENDPOINT_USER / KG_ENDPOINT_PASSWORD;
    Basic and Digest authentication both work (Virtuoso's /sparql-graph-crud-auth uses Digest).
    """
    path = _graph_file(Path(graph))
    count = _count_triples(path)
    target = _Endpoint.parse(endpoint)
    iri = graph_iri or DEFAULT_GRAPH_IRI
    query = "default" if iri == "default" else "graph=" + urllib.parse.quote(iri, safe="")
    request = urllib.request.Request(
        f"{target.url}{'&' if '?' in target.url else '?'}{query}", data=path.read_bytes(),
        method="PUT",
        headers={"Content-Type": _MEDIA_TYPES.get(path.suffix.lower(), "text/turtle")})
    target.send(request, timeout)
    return count


_MEDIA_TYPES = {".ttl": "text/turtle", ".nt": "application/n-triples",
                ".rdf": "application/rdf+xml", ".owl": "application/rdf+xml",
                ".jsonld": "application/ld+json"}


def _count_triples(path: Path) -> int:
    try:
        return sum(1 for _ in ox.parse(path=str(path), format=_rdf_format(path)))
    except SyntaxError as e:
        raise GraphError(f"{path} is not valid RDF: {e}; rebuild it with `kg build`") from e


def query_endpoint(endpoint: str, text: str, *, params: Mapping[str, str] | None = None,
                   default_graph: str | None = None, timeout: float = 120.0) -> QueryResult:
    """Run ``text`` on a remote SPARQL 1.1 endpoint (e.g. Oxigraph's /query, Virtuoso's /sparql).

    Parameters are bound by a VALUES clause of escaped literals (see ``with_values``).
    ``default_graph`` asks the endpoint to query that named graph as the default graph.
    """
    bound = bind_params(text, params or {})
    form = [("query", with_values(_with_prefixes(text), bound))]
    if default_graph:
        form.append(("default-graph-uri", default_graph))
    target = _Endpoint.parse(endpoint)
    request = urllib.request.Request(
        target.url, data=urllib.parse.urlencode(form).encode("utf-8"), method="POST",
        headers={"Accept": "application/sparql-results+json",
                 "Content-Type": "application/x-www-form-urlencoded"})
    body = target.send(request, timeout)
    return _parse_json_results(body, target.shown).without([p.name for p in query_params(text)])


def _with_prefixes(text: str) -> str:
    missing = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items()
               if not re.search(rf"PREFIX\s+{p}:", text, re.IGNORECASE)]
    return "\n".join(missing + [text])


def _parse_json_results(body: bytes, endpoint: str) -> QueryResult:
    try:
        data = json.loads(body)
    except ValueError as e:
        raise EndpointError(f"{endpoint} did not answer with SPARQL JSON results: "
                            f"{_first_line(body)}") from e
    if "boolean" in data:
        return QueryResult(("boolean",), (), boolean=bool(data["boolean"]))
    names = tuple(data["head"]["vars"])
    rows = tuple(tuple(_json_cell(b.get(n)) for n in names) for b in data["results"]["bindings"])
    return QueryResult(names, rows)


def _json_cell(term: dict[str, str] | None) -> Cell | None:
    if term is None:
        return None
    kind = "literal" if term["type"] == "typed-literal" else term["type"]
    datatype = term.get("datatype")
    if datatype in (_XSD + "string", None) or term.get("xml:lang"):
        datatype = None
    return Cell(term["value"], kind, datatype, term.get("xml:lang") or None)


def sparql_literal(value: str) -> str:
    """``value`` as a SPARQL/N-Triples string literal: quotes, backslashes and line ends escaped."""
    escaped = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t").replace("\b", "\\b")
               .replace("\f", "\\f"))
    return f'"{escaped}"'


def with_values(text: str, params: Mapping[str, str]) -> str:
    """``text`` with ``VALUES (?a ?b) { ("x"^^xsd:string ...) }`` opening its WHERE group.

    For remote stores, where the engine cannot bind variables itself. Every value goes
    through ``sparql_literal``; every name must be a plain SPARQL variable name.
    """
    if not params:
        return text
    for name in params:
        if not _VARNAME.match(name):
            raise QueryError(f"parameter name {name!r} is not a SPARQL variable name")
    names = " ".join(f"?{n}" for n in params)
    # Typed: the same term in RDF 1.1, but Virtuoso 7 garbles plain non-ASCII literals that
    # come from VALUES (LCASE("Türkei") gives ""), and typed ones it reads right.
    values = " ".join(f"{sparql_literal(v)}^^<{_XSD}string>" for v in params.values())
    at = _where_brace(text) + 1
    return f"{text[:at]} VALUES ({names}) {{ ({values}) }}{text[at:]}"


_SKIP = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                   r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*',
                   re.DOTALL)


def _where_brace(text: str) -> int:
    """Where the ``{`` opening the WHERE group is (strings, IRIs and comments skipped)."""
    depth, groups, construct, i = 0, 0, False, 0
    while i < len(text):
        skip = _SKIP.match(text, i)
        if skip:
            i = skip.end()
            continue
        if re.match(r"CONSTRUCT\s*\{", text[i:i + 40], re.IGNORECASE) and depth == 0:
            construct = True
        char = text[i]
        if char == "{":
            if depth == 0 and not (construct and groups == 0):
                return i
            depth += 1
        elif char == "}":
            depth -= 1
            groups += depth == 0
        i += 1
    raise QueryError("cannot bind parameters: the query has no WHERE { ... } group")


def hide_password(url: str) -> str:
    """``url`` with the password of its user info masked: http://dba:***@host/..."""
    return re.sub(r"//([^/@:]*):[^/@]*@", r"//\1:***@", url)


@dataclass(frozen=True)
class _Endpoint:
    """An endpoint URL without its credentials, and the credentials (URL or environment)."""

    url: str
    shown: str  # the URL as given, password masked, for messages
    user: str | None = None
    password: str = ""

    @classmethod
    def parse(cls, endpoint: str) -> _Endpoint:
        parts = urllib.parse.urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise EndpointError(f"not an http(s) URL: {endpoint!r}; e.g. "
                                "http://127.0.0.1:7878/store")
        host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
        netloc = host + (f":{parts.port}" if parts.port else "")
        url = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
        user = urllib.parse.unquote(parts.username or "") or os.environ.get("KG_ENDPOINT_USER")
        password = (urllib.parse.unquote(parts.password or "")
                    or os.environ.get("KG_ENDPOINT_PASSWORD", ""))
        return cls(url, hide_password(endpoint), user, password)

    def send(self, request: urllib.request.Request, timeout: float) -> bytes:
        """Send ``request``, answering the server's Basic or Digest challenge up front.

        A challenge answered only after the body was sent would resend the whole graph, and
        Virtuoso resets the connection while a large body is still arriving.
        """
        if self.user:
            self._authorize(request, timeout)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return bytes(response.read())
        except urllib.error.HTTPError as e:
            raise EndpointError(f"{self.shown} answered HTTP {e.code} {e.reason}: "
                                f"{_first_line(e.read())}") from e
        except urllib.error.URLError as e:
            raise EndpointError(f"cannot reach {self.shown}: "
                                f"{_reason(e.reason, request.host)}") from e
        except TimeoutError as e:
            raise EndpointError(f"{self.shown} did not answer within {timeout:.0f} s") from e
        except (ConnectionError, ValueError) as e:
            raise EndpointError(f"cannot talk to {self.shown}: {e}") from e

    def _authorize(self, request: urllib.request.Request, timeout: float) -> None:
        scheme, _, challenge = self._challenge(request.full_url, timeout).partition(" ")
        if scheme.lower() == "digest":
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, request.full_url, self.user or "", self.password)
            fields = urllib.request.parse_keqv_list(
                [item for item in urllib.request.parse_http_list(challenge) if item])
            answer = urllib.request.HTTPDigestAuthHandler(passwords).get_authorization(
                request, fields)
            if answer:
                request.add_unredirected_header("Authorization", f"Digest {answer}")
                return
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        request.add_unredirected_header("Authorization", f"Basic {token}")

    @staticmethod
    def _challenge(url: str, timeout: float) -> str:
        """The WWW-Authenticate header a bodiless request to ``url`` gets, or ""."""
        try:
            urllib.request.urlopen(urllib.request.Request(url, method="HEAD"),
                                   timeout=timeout).close()
        except urllib.error.HTTPError as e:
            return str(e.headers.get("WWW-Authenticate", "")) if e.code == 401 else ""
        except OSError:
            pass  # the request itself will report what is wrong
        return ""


def _reason(reason: object, host: str) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused; is the triple store running?"
    if isinstance(reason, socket.gaierror):
        return f"unknown host {host.rsplit('@', 1)[-1]}; check the URL"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "timed out"
    return str(reason)


def _first_line(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    return text.splitlines()[0][:200] if text else "(empty body)"


