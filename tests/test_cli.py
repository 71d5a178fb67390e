"""Specs of the `kg` command line: each mistake is one line on stderr with its documented exit
code and no traceback (``--debug`` shows it), a bug is an "internal error", and every command's
help shows an example."""
from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from kg.build import build_graph_files
from kg.cli import cli
from kg.errors import (
    EXIT_ERROR,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SKIPPED,
    EXIT_USAGE,
)

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
GOOD = ROOT / "tests" / "fixtures" / "good"
SAMPLE = ROOT / "tests" / "fixtures" / "contract_sample.ttl"
KG = [sys.executable, "-m", "kg"]


def kg(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def real_kg(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The installed command in its own process, as a user runs it."""
    return subprocess.run([*KG, *(str(a) for a in args)], capture_output=True, text=True,
                          timeout=120, check=False)


def assert_one_line_error(stderr: str, *fragments: str) -> None:
    assert len(stderr.splitlines()) == 1, stderr
    assert stderr.startswith("kg: error: "), stderr
    assert "Traceback" not in stderr
    for fragment in fragments:
        assert fragment in stderr, (fragment, stderr)


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- help ----------------------------------------------------------------------------------

COMMANDS = sorted(cli.commands)


def test_every_command_is_covered() -> None:
    assert COMMANDS == ["build", "eval", "export", "load", "query", "serve", "stats", "validate"]


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_every_help_shows_an_example_of_the_command(command: str) -> None:
    result = kg(*([command] if command else []), "--help")
    assert result.exit_code == EXIT_OK
    assert "Example:" in result.output
    example = result.output.split("Example:", 1)[1]
    assert f"  kg {command}".rstrip() in example, result.output


def test_help_examples_use_only_options_the_command_has() -> None:
    for name, command in cli.commands.items():
        options = {o for p in command.params for o in getattr(p, "opts", [])}
        for line in (command.help or "").split("Example:", 1)[1].splitlines():
            words = line.split()
            if words[:2] == ["kg", name]:
                unknown = {w for w in words if w.startswith("--")} - options
                assert not unknown, (name, line)


# --- a user's mistakes: one line, documented code, no traceback ------------------------------


def test_missing_sources_folder(tmp_path: Path) -> None:
    run = real_kg("build", tmp_path / "no-such-folder", "--out", tmp_path / "out")
    assert run.returncode == EXIT_ERROR
    assert_one_line_error(run.stderr, "no-such-folder", "give a folder of articles")
    assert not (tmp_path / "out").exists()


def test_unwritable_output_folder(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("not a folder")
    run = real_kg("build", SOURCES, "--out", tmp_path / "afile" / "out")
    assert run.returncode == EXIT_ERROR
    assert_one_line_error(run.stderr, "afile/out", "--out")


def test_unknown_export_format_names_the_known_ones(tmp_path: Path) -> None:
    run = real_kg("export", SAMPLE, "--format", "docx", "--out", tmp_path / "g.docx")
    assert run.returncode == EXIT_ERROR
    assert_one_line_error(run.stderr, "'docx'", "html, jsonld, ntriples, trig, turtle")
    assert not (tmp_path / "g.docx").exists()


def test_bad_sparql_query_gives_the_position_of_the_error() -> None:
    run = real_kg("query", "SELECT ?s WHERE { ?s ?p }", "--graph", SAMPLE)
    assert run.returncode == EXIT_ERROR
    assert_one_line_error(run.stderr, "line 1, column")


def test_unreachable_endpoint_for_load() -> None:
    endpoint = f"http://127.0.0.1:{closed_port()}/store"
    run = real_kg("load", SAMPLE, "--endpoint", endpoint)
    assert run.returncode == EXIT_ERROR
    assert_one_line_error(run.stderr, endpoint, "connection refused")


@pytest.mark.parametrize("args, fragment", [
    (["validate", "nothing.ttl"], "nothing.ttl"),
    (["stats", "nothing.ttl"], "nothing.ttl"),
    (["export", "nothing.ttl", "--format", "turtle"], "nothing.ttl"),
    (["query", "no-such-canned-query", "--graph", str(SAMPLE)], "no-such-canned-query"),
    (["query", "meetings", "--param", "a", "--graph", str(SAMPLE)], "'a'"),
    (["load", str(SAMPLE), "--endpoint", "ftp://127.0.0.1/store"], "ftp://"),
    (["eval", str(SAMPLE), "nothing.jsonl"], "nothing.jsonl"),
])
def test_other_mistakes_are_one_line_too(args: list[str], fragment: str) -> None:
    result = kg(*args)
    assert result.exit_code == EXIT_ERROR, result.output
    assert_one_line_error(result.stderr, fragment)


def test_wrong_options_are_usage_errors() -> None:
    result = kg("build", "--workers", "many")
    assert result.exit_code == EXIT_USAGE
    assert "Traceback" not in result.stderr


def test_a_message_with_a_newline_or_escape_sequence_stays_one_line(tmp_path: Path) -> None:
    name = tmp_path / "new\nline\x1b[31m.ttl"
    result = kg("stats", name)
    assert result.exit_code == EXIT_ERROR
    assert_one_line_error(result.stderr, "new\\nline\\x1b[31m.ttl")


# --- build: skipped inputs and --strict ------------------------------------------------------


def test_build_with_skipped_inputs_exits_3_and_strict_writes_nothing(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text("Präsident Miroslav Kadlec traf Kanzlerin Ilse Brandauer.")
    (articles / "empty.txt").write_text("")
    (articles / "notes.csv").write_text("a,b\n")
    result = kg("build", articles, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == EXIT_SKIPPED
    assert result.stderr.splitlines() == [
        f"kg: skipped {articles / 'empty.txt'}: empty: no text",
        (f"kg: skipped {articles / 'notes.csv'}: unknown extension .csv; supported: .txt, .md, "
         ".markdown, .html, .htm, .jsonl - rename or remove the file")]
    assert result.stdout.startswith("built 1 article, 2 skipped:")

    strict = kg("build", articles, "--out", tmp_path / "strict", "--quiet", "--strict")
    assert strict.exit_code == EXIT_SKIPPED
    *skipped, error = strict.stderr.splitlines()
    assert skipped == result.stderr.splitlines()
    assert error.startswith("kg: error: 2 inputs skipped") and "--strict" in error
    assert not (tmp_path / "strict" / "graph.ttl").exists()


def test_clean_build_exits_0_and_prints_the_summary(tmp_path: Path) -> None:
    result = kg("build", SOURCES, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == EXIT_OK, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("built 2 articles:")


# --- bugs and interruptions ------------------------------------------------------------------


def _bug(*args: object, **kwargs: object) -> None:
    raise ZeroDivisionError("division by zero in a writer")


def test_a_bug_is_one_line_internal_error_with_its_own_code(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    build_graph_files([SOURCES], out)
    before = (out / "graph.ttl").read_bytes()
    monkeypatch.setattr("kg.store.write_store", _bug)
    result = kg("build", SOURCES, GOOD, "--out", out, "--quiet")
    assert result.exit_code == EXIT_INTERNAL == 70
    assert result.stderr == ("kg: internal error: ZeroDivisionError: division by zero in a "
                             "writer (run with --debug for the traceback)\n")
    assert (out / "graph.ttl").read_bytes() == before
    assert not list(out.glob(".staging-*"))


def test_debug_lets_the_traceback_through(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kg.stats.graph_stats", _bug)
    result = kg("--debug", "stats", SAMPLE)
    assert isinstance(result.exception, ZeroDivisionError)


def test_debug_shows_the_traceback_of_a_user_error_in_a_real_process(tmp_path: Path) -> None:
    run = real_kg("--debug", "build", tmp_path / "no-such-folder")
    assert run.returncode == EXIT_ERROR
    assert "Traceback" in run.stderr and "SourceError" in run.stderr


def test_ctrl_c_is_one_line_and_exit_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("kg.stats.graph_stats", interrupted)
    result = kg("stats", SAMPLE)
    assert result.exit_code == EXIT_INTERRUPTED == 130
    assert result.stderr == "kg: interrupted\n"


def test_click_exits_are_not_internal_errors() -> None:
    assert kg("--version").exit_code == EXIT_OK
    assert isinstance(click.exceptions.Exit(0), RuntimeError)  # caught before `Exception`


def test_output_into_a_closed_pipe_ends_quietly() -> None:
    process = subprocess.Popen(  # the query takes a second: the reader is gone before output
        [*KG, "query", "SELECT * WHERE { ?s ?p ?o . ?a ?b ?c }", "--graph", str(SAMPLE),
         "--format", "tsv"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout and process.stderr
    process.stdout.close()  # `kg query ... | head -0`
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == EXIT_ERROR
    assert stderr == ""
