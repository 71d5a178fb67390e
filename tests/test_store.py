"""The embedded store, `kg query`, `kg serve` and `kg load` (kg/store.py).

Server tests start the real Oxigraph server from the `oxigraph` package (see servers.py).
"""
from __future__ import annotations

import base64
import http.server
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from servers import Server, free_port, oxigraph_missing, oxigraph_server

from kg import store
from kg.errors import EXIT_INTERRUPTED, EndpointError, GraphError

FIXTURE = Path(__file__).parent / "fixtures" / "contract_sample.ttl"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
needs_oxigraph = pytest.mark.skipif(oxigraph_missing() is not None,
                                    reason=oxigraph_missing() or "")


def kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], check=False,
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def count(graph: Path) -> int:
    return int(str(store.run_query(graph, COUNT).rows[0][0]))


@pytest.fixture()
def build(tmp_path: Path) -> Path:
    """A build folder as `kg build` leaves it: graph.ttl and the store."""
    out = tmp_path / "exports"
    out.mkdir()
    shutil.copy(FIXTURE, out / "graph.ttl")
    store.write_store(out / "graph.ttl", out / "store")
    return out


# ---------------------------------------------------------------- the embedded store

def test_a_build_folder_is_queried_through_its_store(build: Path) -> None:
    (build / "graph.ttl").write_text("")  # the store alone must answer
    assert count(build) == count(FIXTURE) > 200


def test_the_store_folder_itself_can_be_queried(build: Path) -> None:
    assert count(build / "store") == count(FIXTURE)


def test_a_build_folder_without_a_store_falls_back_to_its_turtle(tmp_path: Path) -> None:
    shutil.copy(FIXTURE, tmp_path / "graph.ttl")
    assert count(tmp_path) == count(FIXTURE)


def test_writing_the_store_again_replaces_it(build: Path, tmp_path: Path) -> None:
    small = tmp_path / "small.ttl"
    small.write_text("<urn:a> <urn:b> <urn:c> .\n")
    store.write_store(small, build / "store")
    assert count(build) == 1
    assert sorted(p.name for p in build.iterdir()) == ["graph.ttl", "store"]


def test_a_failed_store_build_keeps_the_old_store(build: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("<urn:a> <urn:b> .\n")
    before = count(build)
    with pytest.raises(GraphError, match="broken.ttl is not valid RDF"):
        store.write_store(broken, build / "store")
    assert count(build) == before
    assert sorted(p.name for p in build.iterdir()) == ["graph.ttl", "store"]  # no leftovers


def test_an_empty_folder_says_to_build_first(tmp_path: Path) -> None:
    with pytest.raises(GraphError, match="run `kg build` first"):
        store.run_query(tmp_path, COUNT)


def test_a_missing_graph_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(GraphError, match="nope.ttl"):
        store.run_query(tmp_path / "nope.ttl", COUNT)


def test_n_triples_files_are_read_too(tmp_path: Path) -> None:
    nt = tmp_path / "g.nt"
    nt.write_text('<urn:a> <urn:b> "c" .\n<urn:a> <urn:b> "d" .\n')
    assert count(nt) == 2


# ---------------------------------------------------------------- kg query

def test_kg_query_lists_the_canned_queries_with_their_parameters() -> None:
    done = kg("query", "--list")
    assert done.returncode == 0
    listed = [line.split()[0] for line in done.stdout.splitlines() if not line.startswith(" ")]
    assert listed == [q.name for q in store.canned_queries()]
    assert "  --param a=Aserbaidschan  (one side: " in done.stdout
    assert "--param entity=Q227" in done.stdout and ", required)" in done.stdout


def test_kg_query_runs_a_canned_query_on_a_build_folder(build: Path) -> None:
    done = kg("query", "meetings", "--graph", str(build), "--param", "a=Aserbaidschan",
              "--param", "b=Türkei", "--format", "csv")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "date,participant_a,participant_b,status,sentence,document"
    assert len(lines) == 3 and "Kamal Beispielow,Selim Örnek" in lines[1]


def test_kg_query_default_graph_is_the_exports_folder(build: Path) -> None:
    done = kg("query", COUNT, "--format", "tsv", cwd=build.parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "?n"


@pytest.mark.parametrize("args, message", [
    (["meeting"], "kg: error: unknown query 'meeting' (did you mean 'meetings'?)"),
    (["meetings", "--param", "a"], "kg: error: parameter 'a' has no '='"),
    (["SELECT * WHERE { ?s ?p }"], "kg: error: bad SPARQL at line 1, column "),
])
def test_kg_query_reports_a_users_mistake_in_one_line(args: list[str], message: str,
                                                      build: Path) -> None:
    done = kg("query", *args, "--graph", str(build))
    assert done.returncode == 1
    assert done.stderr.startswith(message) and len(done.stderr.splitlines()) == 1


# ---------------------------------------------------------------- kg load: errors and auth

class _Recorder(http.server.BaseHTTPRequestHandler):
    status = 204
    body = b""
    user = ""
    seen: ClassVar[list[tuple[str, str, str, int]]] = []

    def do_PUT(self) -> None:
        size = int(self.headers.get("Content-Length", 0))
        self.rfile.read(size)
        auth = self.headers.get("Authorization", "")
        self.seen.append((self.path, self.headers.get("Content-Type", ""), auth, size))
        if self.user and auth != "Basic " + base64.b64encode(self.user.encode()).decode():
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="store"')
            self.end_headers()
            return
        self.send_response(self.status)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        return


Fake = tuple[str, type[_Recorder]]  # a recording stand-in store: its URL and its handler


@pytest.fixture()
def fake_store() -> Iterator[Fake]:
    handler = type("Handler", (_Recorder,), {"seen": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/store", handler
    server.shutdown()
    server.server_close()


def test_load_puts_turtle_into_the_builds_named_graph(fake_store: Fake) -> None:
    url, handler = fake_store
    assert store.load_to_endpoint(FIXTURE, url) == count(FIXTURE)
    path, media_type, _auth, size = handler.seen[0]
    assert path == "/store?graph=https%3A%2F%2Fw3id.org%2Fddkg%2Fresource%2Fgraph%2Fdefault"
    assert media_type == "text/turtle" and size == FIXTURE.stat().st_size


def test_load_into_the_default_graph_on_request(fake_store: Fake) -> None:
    url, handler = fake_store
    store.load_to_endpoint(FIXTURE, url, graph_iri="default")
    assert handler.seen[0][0] == "/store?default"


def test_load_answers_basic_auth_from_the_url(fake_store: Fake) -> None:
    url, handler = fake_store
    handler.user = "ana:s3cret"
    store.load_to_endpoint(FIXTURE, url.replace("http://", "http://ana:s3cret@"))
    assert handler.seen[-1][2].startswith("Basic ")


def test_load_takes_credentials_from_the_environment(fake_store: Fake,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    url, handler = fake_store
    handler.user = "ana:s3cret"
    monkeypatch.setenv("KG_ENDPOINT_USER", "ana")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "s3cret")
    store.load_to_endpoint(FIXTURE, url)
    assert handler.seen[-1][2].startswith("Basic ")


def test_a_refusing_store_is_reported_with_status_and_first_body_line(
        fake_store: Fake) -> None:
    url, handler = fake_store
    handler.status, handler.body = 400, b"Unsupported media type\nsecond line"
    with pytest.raises(EndpointError, match="answered HTTP 400 .*: Unsupported media type$"):
        store.load_to_endpoint(FIXTURE, url)


def test_a_wrong_password_is_reported_without_the_password(fake_store: Fake) -> None:
    url, handler = fake_store
    handler.user = "ana:s3cret"
    with pytest.raises(EndpointError, match=r"ana:\*\*\*@.* HTTP 401") as caught:
        store.load_to_endpoint(FIXTURE, url.replace("http://", "http://ana:wrong@"))
    assert "wrong" not in str(caught.value)


@pytest.mark.parametrize("endpoint, message", [
    ("http://127.0.0.1:{free}/store", "connection refused; is the triple store running?"),
    ("http://no-such-host.invalid/store", "unknown host no-such-host.invalid"),
    ("localhost:7878/store", "not an http(s) URL"),
])
def test_an_unreachable_store_is_one_clear_line(endpoint: str, message: str) -> None:
    with pytest.raises(EndpointError, match=message.replace("(", r"\(").replace(")", r"\)")):
        store.load_to_endpoint(FIXTURE, endpoint.format(free=free_port()))


def test_kg_load_never_prints_the_password(fake_store: Fake) -> None:
    url, _handler = fake_store
    done = kg("load", str(FIXTURE), "--endpoint", url.replace("http://", "http://ana:s3cret@"))
    assert done.returncode == 0, done.stderr
    assert "ana:***@" in done.stdout and "s3cret" not in done.stdout


def test_kg_load_reports_an_unreachable_store_in_one_line() -> None:
    done = kg("load", str(FIXTURE), "--endpoint", f"http://127.0.0.1:{free_port()}/store")
    assert done.returncode == 1
    assert done.stderr.startswith("kg: error: cannot reach http://127.0.0.1:")
    assert len(done.stderr.splitlines()) == 1


# ---------------------------------------------------------------- real Oxigraph server

@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if oxigraph_missing():
        pytest.skip(oxigraph_missing() or "")
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as server:
        yield server


@pytest.mark.server
def test_kg_load_twice_leaves_the_same_triple_count(oxigraph: Server) -> None:
    expected = count(FIXTURE)
    for _ in range(2):
        done = kg("load", str(FIXTURE), "--endpoint", oxigraph.store_url)
        assert done.returncode == 0, done.stderr
        assert done.stdout == f"loaded {expected} triples into {oxigraph.store_url}\n"
        result = store.query_endpoint(oxigraph.query_url, COUNT,
                                      default_graph=store.DEFAULT_GRAPH_IRI)
        assert int(str(result.rows[0][0])) == expected


@pytest.mark.server
def test_kg_load_into_another_named_graph_keeps_the_first(oxigraph: Server) -> None:
    store.load_to_endpoint(FIXTURE, oxigraph.store_url)
    other = "https://example.org/graph/other"
    small = store.load_to_endpoint(FIXTURE, oxigraph.store_url, graph_iri=other)
    per_graph = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    graphs = store.query_endpoint(oxigraph.query_url, per_graph)
    counts = {str(g): int(str(n)) for g, n in graphs.rows}
    assert counts[other] == counts[store.DEFAULT_GRAPH_IRI] == small


def _serve(graph: Path, port: int, *, tmp: Path | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, "TMPDIR": str(tmp)} if tmp else None
    return subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--graph", str(graph), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _announced(process: subprocess.Popen[str]) -> list[str]:
    assert process.stdout is not None
    lines = [process.stdout.readline(), process.stdout.readline()]
    assert lines[0], process.stderr.read() if process.stderr else ""
    return lines


def _port_closed(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return True
    return False


@pytest.mark.server
@needs_oxigraph
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_kg_serve_answers_sparql_and_stops_with_its_server(build: Path,
                                                           stop: signal.Signals) -> None:
    port = free_port()
    process = _serve(build, port)
    try:
        lines = _announced(process)
        url = f"http://127.0.0.1:{port}/query"
        assert lines[0].startswith(f"SPARQL endpoint: {url}")
        assert lines[1].startswith(f"try: curl -s {url}")
        result = store.query_endpoint(url, COUNT)
        assert int(str(result.rows[0][0])) == count(FIXTURE)
    finally:
        process.send_signal(stop)
        assert process.wait(timeout=30) == EXIT_INTERRUPTED
    assert process.stderr is not None and process.stderr.read() == "kg: interrupted\n"
    assert _port_closed(port), "the oxigraph server outlived `kg serve`"


@pytest.mark.server
@needs_oxigraph
def test_kg_serve_builds_a_store_for_a_plain_turtle_file(tmp_path: Path) -> None:
    port = free_port()
    process = _serve(FIXTURE, port, tmp=tmp_path)
    try:
        _announced(process)
        answer = store.query_endpoint(f"http://127.0.0.1:{port}/query",
                                      "ASK { ?m a dd:Meeting }")
        assert answer.boolean is True
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == EXIT_INTERRUPTED
    assert list(tmp_path.iterdir()) == [], "the temporary store was left behind"


@pytest.mark.server
@needs_oxigraph
def test_kg_serve_follows_a_build_that_replaces_the_store(build: Path, tmp_path: Path) -> None:
    smaller = tmp_path / "smaller.ttl"
    smaller.write_text("<https://example.org/a> <https://example.org/b> "
                       "<https://example.org/c> .\n", encoding="utf-8")
    port = free_port()
    process = _serve(build, port)
    try:
        _announced(process)
        url = f"http://127.0.0.1:{port}/query"
        assert int(str(store.query_endpoint(url, COUNT).rows[0][0])) == count(FIXTURE)
        store.write_store(smaller, build / "store")  # as a build publishes its new store
        assert process.stdout is not None
        assert select.select([process.stdout], [], [], 30)[0], "no word of the new store"
        assert process.stdout.readline() == f"{build / 'store'} was rebuilt: serving the new store\n"
        assert int(str(store.query_endpoint(url, COUNT).rows[0][0])) == 1
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == EXIT_INTERRUPTED
    assert _port_closed(port), "the oxigraph server outlived `kg serve`"


@needs_oxigraph
def test_kg_serve_on_a_busy_port_says_so(build: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        done = kg("serve", "--graph", str(build), "--port", str(busy.getsockname()[1]))
    assert done.returncode == 1
    assert done.stderr.startswith("kg: error: cannot serve on 127.0.0.1:")
    assert "choose another --port" in done.stderr
