"""`kg build --watch`: build, then build again whenever an article file changes.

A scraper or a colleague drops articles into the sources folder; the graph, the HTML page and
the store follow within a second or two. The builds share one warm :class:`BuildSession`, so
a rebuild pays neither for starting Python and spaCy nor for reading unchanged files, and
extracts only new or changed articles. File events come from watchfiles (inotify on Linux,
FSEvents on macOS, polling where neither works), which also waits until a burst of changes is
over (``debounce_ms``), so copying a hundred files gives one rebuild, not a hundred.

The watcher starts before the first build, so files added while it runs are not missed. A
failed rebuild (no article left, a folder that cannot be written) is reported and watching
goes on; the previous exports stay as they were.
"""
from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, closing
from pathlib import Path
from typing import TYPE_CHECKING

from kg.build import BuildReport, BuildSession, ProblemHandler
from kg.errors import KgError, SourceError
from kg.progress import Progress, progress_reporter
from kg.sources import ignored_name
from kg.store import file_identity

if TYPE_CHECKING:
    import watchfiles

DEBOUNCE_MS = 400  # wait this long after the last change of a burst before rebuilding
_POLL_S = 0.2  # how often the waiting loop looks at the stop event
_CHECK_MS = 1000  # how often, without changes, the watcher checks that its paths are the same


def watch(session: BuildSession, *, on_build: Callable[[BuildReport, set[str]], None],
          on_error: Callable[[KgError], None], stop: threading.Event | None = None,
          progress: AbstractContextManager[Progress] | None = None,
          on_problem: ProblemHandler | None = None, debounce_ms: int = DEBOUNCE_MS) -> None:
    """Build once, then again after each burst of changes, until ``stop`` is set or Ctrl-C
    while waiting (Ctrl-C during a build interrupts that build, as in a plain ``kg build``).

    ``on_build`` gets each report with the changed paths (none for the first build);
    ``on_error`` each KgError of a rebuild, after which watching goes on. The first build
    raises its error instead: a mistake in the command line should end the command.
    ``progress`` (a context giving a progress callback) is shown for the first build only.
    """
    stop = stop or threading.Event()
    bursts: queue.Queue[set[str]] = queue.Queue()
    done = threading.Event()  # ends the watcher thread when we return, whatever the reason
    watcher = threading.Thread(target=_collect, name="kg-watch", daemon=True,
                               args=(session, bursts, stop, done, debounce_ms,
                                     _identities(session.paths)))
    watcher.start()
    try:
        with progress or progress_reporter(enabled=False) as bar:
            report = session.build(progress=bar, on_problem=on_problem)
        on_build(report, set())
        _rebuild_on_changes(session, bursts, watcher, stop, on_build, on_error, on_problem)
    finally:
        done.set()
        watcher.join(timeout=2)


def _rebuild_on_changes(session: BuildSession, bursts: queue.Queue[set[str]],
                        watcher: threading.Thread, stop: threading.Event,
                        on_build: Callable[[BuildReport, set[str]], None],
                        on_error: Callable[[KgError], None],
                        on_problem: ProblemHandler | None) -> None:
    """The loop of :func:`watch` after the first build. Ctrl-C ends it quietly, unless it
    comes during a build: that build is interrupted as a plain ``kg build`` would be."""
    building = False
    try:
        session.warm_up()
        settled = False
        while not stop.is_set():
            if not settled:
                session.settle()
                settled = True
            try:
                paths = bursts.get(timeout=_POLL_S)
            except queue.Empty:
                if not watcher.is_alive() and not stop.is_set():
                    raise SourceError("stopped watching: the sources can no longer be watched "
                                      f"({', '.join(map(str, session.paths))} removed?)") from None
                continue
            while not bursts.empty():  # changes that came during the last build: one rebuild
                paths |= bursts.get_nowait()
            settled, building = False, True
            try:
                report = session.build(on_problem=on_problem)
            except KgError as e:
                building = False
                on_error(e)
                continue
            building = False
            on_build(report, paths)
    except KeyboardInterrupt:
        if building:
            raise


def _collect(session: BuildSession, bursts: queue.Queue[set[str]], stop: threading.Event,
             done: threading.Event, debounce_ms: int,
             watched: dict[Path, tuple[int, int] | None]) -> None:
    """Put each burst of changes into ``bursts`` until ``stop`` or ``done`` is set.

    The operating system watches a folder or file by its inode, so a sources folder removed
    and made again, or a JSONL file replaced by an editor's or a scraper's atomic save (write
    a new file, rename it over the old), would go unwatched. So whenever a source path stops
    being the file it was, that counts as a change and watching starts again on what is there
    now (once it is there again). ``watched``: the paths' identities when the first build
    started, so that one removed before the watch is set up counts too.
    """
    import watchfiles

    ending = _EitherEvent(stop, done)
    while not ending.is_set():
        now = _identities(session.paths)
        if now != watched:
            bursts.put({str(p) for p in session.paths})
            watched = now
        if None in watched.values():  # gone (the rebuild says so): wait until it is back
            time.sleep(_POLL_S)
            continue
        try:
            with closing(watchfiles.watch(*session.paths, watch_filter=_ignore_filter(session.out),
                                          debounce=debounce_ms, stop_event=ending,
                                          rust_timeout=_CHECK_MS, yield_on_timeout=True)) as feed:
                for batch in feed:
                    if batch:
                        bursts.put({path for _change, path in batch})
                    if _identities(session.paths) != watched:
                        break  # the top of the loop reports it and watches anew
        except (OSError, RuntimeError):  # went away while the watch was set up: look again
            time.sleep(_POLL_S)


def _identities(paths: list[Path]) -> dict[Path, tuple[int, int] | None]:
    return {path: file_identity(path) for path in paths}


class _EitherEvent:
    """Set when either event is (watchfiles asks only ``is_set``)."""

    def __init__(self, *events: threading.Event) -> None:
        self.events = events

    def is_set(self) -> bool:
        return any(e.is_set() for e in self.events)


def _ignore_filter(out: Path) -> Callable[[watchfiles.Change, str], bool]:
    import watchfiles

    default = watchfiles.DefaultFilter()
    skip = tuple({str(out.absolute()), os.path.realpath(out)})

    def accept(change: watchfiles.Change, path: str) -> bool:
        inside_out = any(path == s or path.startswith(s + os.sep) for s in skip)
        return default(change, path) and not inside_out \
            and not ignored_name(os.path.basename(path))

    return accept
