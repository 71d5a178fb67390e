"""The README's terminal session still runs: every `kg` command shown exits 0 and prints the
same header line as in the README."""
from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SHARED = ROOT.parent / "shared"


def session_commands() -> list[tuple[str, str]]:
    """(command, first line of its output) for each '$ .venv/bin/kg ...' line of the README."""
    lines = README.splitlines()
    found = []
    for i, line in enumerate(lines):
        m = re.match(r"\$ \.venv/bin/kg (.*)", line)
        if m:
            found.append((m.group(1), lines[i + 1] if i + 1 < len(lines) else ""))
    return found


def test_readme_shows_both_commands_and_a_session() -> None:
    assert "make demo" in README and "make test" in README
    assert len(session_commands()) >= 3


@pytest.mark.parametrize("command, first_line", session_commands())
def test_readme_command_runs(command: str, first_line: str, tmp_path: Path) -> None:
    if "../shared" in command and not SHARED.exists():
        pytest.skip("../shared is not beside the checkout")
    subprocess.run([sys.executable, "-m", "kg", "build", "sources", "--out", str(tmp_path / "exports"),
                    "-q", "--no-cache"], cwd=ROOT, check=True, capture_output=True)
    args = [a.replace("exports/", str(tmp_path / "exports") + "/") for a in shlex.split(command)]
    if args[0] == "query":
        args += ["--graph", str(tmp_path / "exports")]
    r = subprocess.run([sys.executable, "-m", "kg", *args], cwd=ROOT, capture_output=True,
                       text=True, check=False)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == first_line
