"""Progress reporting for long builds: a rich bar on a terminal, silent otherwise."""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# A progress callback: (articles done, articles total or None).
Progress = Callable[[int, "int | None"], None]


def _silent(done: int, total: int | None) -> None:
    return None


@contextmanager
def progress_reporter(*, enabled: bool = True) -> Iterator[Progress]:
    if not (enabled and sys.stderr.isatty()):
        yield _silent
        return
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    with Bar(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
             TextColumn("{task.fields[rate]} articles/s"), TimeElapsedColumn(),
             transient=True) as bar:
        task = bar.add_task("build", total=None, rate="-")

        def update(done: int, total: int | None) -> None:
            elapsed = bar.tasks[0].elapsed or 0.0
            rate = f"{done / elapsed:.0f}" if elapsed > 0 else "-"
            bar.update(task, completed=done, total=total, rate=rate)

        yield update
