"""Real triple-store servers for tests: Oxigraph (from the `oxigraph` package) and Virtuoso.

Each server runs on 127.0.0.1 on a free port with its data in a temporary folder, and is
stopped (by its own process id) when the ``with`` block ends. ``*_missing()`` give the reason
to skip when a binary is not installed.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kg.errors import EndpointError
from kg.store import oxigraph_binary

VIRTUOSO = "virtuoso-t"
VIRTUOSO_USER = "dba"  # the built-in administrator of a fresh Virtuoso database
VIRTUOSO_PASSWORD = "dba"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def oxigraph_missing() -> str | None:
    try:
        oxigraph_binary()
    except EndpointError as e:
        return str(e)
    return None


def virtuoso_missing() -> str | None:
    if shutil.which(VIRTUOSO) is None:
        return "virtuoso-t not installed (apt-get install virtuoso-opensource)"
    return None


@dataclass(frozen=True)
class Server:
    base: str  # http://127.0.0.1:PORT
    query_url: str  # SPARQL 1.1 query endpoint
    store_url: str  # SPARQL 1.1 Graph Store Protocol endpoint (credentials in the URL if any)
    folder: Path


def _wait_http(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: "
                               f"{log.read_text(errors='replace')[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server did not answer {url} within {timeout} s: "
                       f"{log.read_text(errors='replace')[-2000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[Server]:
    """A read-write Oxigraph server with its database in ``folder``."""
    port = free_port()
    log = folder / "oxigraph.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [oxigraph_binary(), "serve", "--location", str(folder / "db"),
             "--bind", f"127.0.0.1:{port}"],
            stdin=subprocess.DEVNULL, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_http(f"{base}/", process, log, timeout=30)
        yield Server(base, f"{base}/query", f"{base}/store", folder)
    finally:
        _stop(process)


_VIRTUOSO_INI = """\
[Database]
DatabaseFile    = {d}/virtuoso.db
ErrorLogFile    = {d}/virtuoso.log
LockFile        = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel   = 7
FileExtend      = 200
Striping        = 0
TempStorage     = TempDatabase

[TempDatabase]
DatabaseFile    = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx

[Parameters]
ServerPort          = 127.0.0.1:{sql_port}
DisableUnixSocket   = 1
CheckpointInterval  = 0
CaseMode            = 2
DirsAllowed         = ., {d}
NumberOfBuffers     = 10000
MaxDirtyBuffers     = 6000
ThreadsPerQuery     = 2
MaxClientConnections = 8

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {d}
MaxClientConnections = 4
ServerThreads        = 4
Charset              = UTF-8

[SPARQL]
ResultSetMaxRows      = 100000
MaxQueryExecutionTime = 120
"""


@contextmanager
def virtuoso_server(folder: Path) -> Iterator[Server]:
    """A fresh Virtuoso (Debian's virtuoso-opensource) with its database in ``folder``.

    Its Graph Store Protocol endpoint /sparql-graph-crud-auth needs Digest authentication;
    the store URL carries the administrator's default credentials.
    """
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_VIRTUOSO_INI.format(d=folder, sql_port=sql_port, http_port=http_port))
    log = folder / "virtuoso.out"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [shutil.which(VIRTUOSO) or VIRTUOSO, "+configfile", str(ini), "+foreground"],
            cwd=folder, stdin=subprocess.DEVNULL, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{http_port}"
    try:
        _wait_http(f"{base}/sparql?query=ASK%7B%7D", process, log, timeout=90)
        yield Server(base, f"{base}/sparql",
                     f"http://{VIRTUOSO_USER}:{VIRTUOSO_PASSWORD}@127.0.0.1:{http_port}"
                     "/sparql-graph-crud-auth", folder)
    finally:
        _stop(process)
