"""The `kg` command: thin wrappers that parse options, call one library function, print.

Library code never prints; errors are :class:`kg.errors.KgError` and become one
line on stderr with the exit code documented in the README.
"""
from __future__ import annotations

import os
import select
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.errors import EXIT_ERROR, EXIT_INTERNAL, EXIT_INTERRUPTED, KgError

if TYPE_CHECKING:
    from kg.build import BuildReport, BuildSession


class _Group(click.Group):
    """Turns every error into one line on stderr and the exit code documented in kg.errors:
    a KgError (a user's mistake) as "kg: error: ...", anything else (a bug) as
    "kg: internal error: ..."; the traceback only with --debug."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # click's own: usage errors (exit 2), --help, --version
        except (Exception, KeyboardInterrupt) as e:
            if isinstance(e, BrokenPipeError) and _stdout_closed():
                sys.exit(EXIT_ERROR)
            if ctx.obj and ctx.obj.get("debug"):
                raise
            message, code = _describe(e)
            click.echo(f"kg: {_one_line(message)}", err=True)
            sys.exit(code)


def _one_line(text: str) -> str:
    """``text`` with control characters escaped: a file name holding a newline or a terminal
    escape sequence must not break the one-line-per-message rule or recolour the terminal."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _describe(e: BaseException) -> tuple[str, int]:
    """The line to show and the exit code for an exception that ends a command."""
    if isinstance(e, KgError):
        return f"error: {e}", e.exit_code
    if isinstance(e, OSError):
        return f"error: {e}", EXIT_ERROR
    if isinstance(e, KeyboardInterrupt):
        return "interrupted", EXIT_INTERRUPTED
    what = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
    return f"internal error: {what} (run with --debug for the traceback)", EXIT_INTERNAL


def _stdout_closed() -> bool:
    """True when stdout's reader has gone (`kg query ... | head`); then kg leaves quietly,
    as other tools do, with stdout sent to /dev/null so Python's final flush cannot fail.
    (A broken pipe between kg's own processes is a bug and is reported as one.)"""
    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        closed = any(events & select.POLLERR for _fd, events in poller.poll(0))
        if closed:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return closed
    except (AttributeError, OSError, ValueError):  # no poll() here, or no real stdout
        return False


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show the full traceback of an error.")
@click.version_option(package_name="ddkg")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """ddkg: German defence-diplomacy news in, knowledge graph out.

    \b
    Example:
      kg build sources --out exports
      kg query meetings --param a=Aserbaidschan --param b=Türkei
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("exports"),
              show_default=True, help="Folder for graph.ttl, graph.html and the store.")
@click.option("--workers", type=int, default=1, show_default=True,
              help="Processes for extraction.")
@click.option("--strict", is_flag=True,
              help="Write nothing and exit 3 if any input was skipped.")
@click.option("--no-cache", is_flag=True, help="Re-extract every article.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, only the summary.")
@click.option("--watch", is_flag=True,
              help="Stay running and rebuild whenever an article file changes (Ctrl-C stops).")
def build(paths: tuple[Path, ...], out: Path, workers: int, strict: bool, no_cache: bool,
          quiet: bool, watch: bool) -> None:
    """Build the graph from article files or folders (default: ./sources).

    \b
    Example:
      kg build sources --out exports
      kg build ../archive/*.jsonl --out exports --workers 2
      kg build sources --out exports --watch
    """
    from kg.build import BuildOptions, BuildSession, build_graph_files
    from kg.progress import progress_reporter

    options = BuildOptions(workers=workers, strict=strict, use_cache=not no_cache)
    sources = list(paths) or [Path("sources")]
    if watch:
        _watch(BuildSession(sources, out, options), quiet=quiet)
        return
    with progress_reporter(enabled=not quiet) as progress:
        report = build_graph_files(
            sources, out, options, progress=progress,
            on_problem=lambda p: click.echo(f"kg: skipped {_one_line(str(p))}", err=True),
        )
    click.echo(report.summary())
    sys.exit(report.exit_code(strict=strict))


def _watch(session: BuildSession, *, quiet: bool) -> None:
    """`kg build --watch`: one line per build; a skipped input is named once, not at every
    rebuild; a failed rebuild is one error line, and watching goes on."""
    from kg import watch
    from kg.progress import progress_reporter

    told: set[str] = set()

    def skipped(problem: object) -> None:
        line = _one_line(str(problem))
        if line not in told:
            told.add(line)
            click.echo(f"kg: skipped {line}", err=True)

    def built(report: BuildReport, changed: set[str]) -> None:
        n = len(changed)
        click.echo(f"{n} file{'s' if n != 1 else ''} changed: {report.summary()}" if n
                   else report.summary())
        if not n:
            click.echo(f"kg: watching {', '.join(map(str, session.paths))} for changes "
                       "(Ctrl-C to stop)", err=True)

    watch.watch(session, on_build=built, progress=progress_reporter(enabled=not quiet),
                on_problem=skipped,
                on_error=lambda e: click.echo(f"kg: error: {_one_line(str(e))}; still watching",
                                              err=True))
    click.echo("kg: stopped watching", err=True)


@cli.command(name="eval")
@click.argument("graph", type=click.Path(path_type=Path))
@click.argument("gold", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--verbose", "-v", is_flag=True, help="List every missed and spurious item.")
def eval_(graph: Path, gold: tuple[Path, ...], verbose: bool) -> None:
    """Score GRAPH against hand-annotated GOLD files (JSONL).

    \b
    Example:
      kg eval exports/graph.ttl ../shared/gold/*.jsonl --verbose
    """
    from kg.evaluate import evaluate

    result = evaluate(graph, list(gold))
    click.echo(result.render(verbose=verbose))


@cli.command()
@click.argument("query", required=False)
@click.option("--graph", "graph", type=click.Path(path_type=Path), default=Path("exports"),
              show_default=True, help="A graph file, or a build folder (uses its store).")
@click.option("--file", "file", type=click.Path(path_type=Path), help="Read the query from a .rq file.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to VALUE (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]),
              default="table", show_default=True)
@click.option("--list", "list_", is_flag=True, help="List the canned queries.")
def query(query: str | None, graph: Path, file: Path | None, params: tuple[str, ...], fmt: str,
          list_: bool) -> None:
    """Run a canned query by name, a .rq file or an inline SPARQL query.

    \b
    Example:
      kg query --list
      kg query meetings --param a=Aserbaidschan --param b=Türkei
      kg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --format csv
    """
    from kg import store

    if list_:
        for q in store.canned_queries():
            click.echo(f"{q.name:24} {q.question}")
            for p in q.params:
                click.echo(f"{'':24}   --param {p.name}={p.example}  ({p.meaning}"
                           f"{', required' if p.required else ''})")
        return
    text = store.resolve_query(query, file=file)
    result = store.run_query(graph, text, params=store.parse_params(params))
    click.echo(result.render(fmt), nl=False)


@cli.command()
@click.argument("graph", type=click.Path(path_type=Path), default=Path("exports/graph.ttl"))
def validate(graph: Path) -> None:
    """Check GRAPH against the project's SHACL shapes.

    \b
    Example:
      kg validate exports/graph.ttl
    """
    from kg.validate import validate_graph

    result = validate_graph(graph)
    click.echo(result.render())
    if not result.conforms:
        sys.exit(EXIT_ERROR)


@cli.command()
@click.argument("graph", type=click.Path(path_type=Path), default=Path("exports/graph.ttl"))
def stats(graph: Path) -> None:
    """Count documents, entities by class, events by class, posts and triples.

    \b
    Example:
      kg stats exports/graph.ttl
    """
    from kg.stats import graph_stats

    click.echo(graph_stats(graph).render())


@cli.command()
@click.argument("graph", type=click.Path(path_type=Path), default=Path("exports/graph.ttl"))
@click.option("--format", "fmt", default="html", show_default=True,
              help="html, turtle, ntriples, jsonld or trig.")
@click.option("--out", "out", type=click.Path(path_type=Path), help="Output file.")
def export(graph: Path, fmt: str, out: Path | None) -> None:
    """Render a graph file in another format.

    \b
    Example:
      kg export exports/graph.ttl --format html --out graph.html
      kg export exports/graph.ttl --format jsonld --out graph.jsonld
    """
    from kg.export import export_file

    written = export_file(graph, fmt, out)
    click.echo(f"wrote {written}")


@cli.command()
@click.option("--graph", "graph", type=click.Path(path_type=Path), default=Path("exports"),
              show_default=True, help="A build folder or graph file.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=7878, show_default=True, type=int)
def serve(graph: Path, host: str, port: int) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint (Oxigraph server).

    \b
    Example:
      kg serve --graph exports --port 7878
    """
    from kg import store

    store.serve(graph, host=host, port=port, announce=click.echo)


@cli.command()
@click.argument("graph", type=click.Path(path_type=Path), default=Path("exports/graph.ttl"))
@click.option("--endpoint", required=True,
              help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store")
@click.option("--graph-iri", "graph_iri", help="Named graph to replace (default: the build's).")
def load(graph: Path, endpoint: str, graph_iri: str | None) -> None:
    """Push GRAPH into a triple store over the SPARQL 1.1 Graph Store Protocol.

    \b
    Example:
      kg load exports/graph.ttl --endpoint http://127.0.0.1:7878/store
    """
    from kg import store

    n = store.load_to_endpoint(graph, endpoint, graph_iri=graph_iri)
    click.echo(f"loaded {n} triples into {store.hide_password(endpoint)}")


def main() -> None:
    _interrupt_on_sigterm()
    cli(obj={})


def _interrupt_on_sigterm() -> None:
    """SIGTERM (``kill``, a CI timeout) stops a command as Ctrl-C does: clean-up code runs
    (a build removes its staging folder) and the exit code is EXIT_INTERRUPTED."""
    main_pid = os.getpid()

    def handler(signum: int, frame: object) -> None:
        if os.getpid() != main_pid:  # a forked extraction worker: end as usual
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)
