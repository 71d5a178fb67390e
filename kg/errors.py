"""Every error a user can cause, with the CLI's exit code for it.

A message names the bad value, where it came from and what to do.
"""
from __future__ import annotations

# Exit codes (documented in the README).
EXIT_OK = 0
EXIT_ERROR = 1  # a user error: bad path, bad query, unreachable endpoint ...
EXIT_USAGE = 2  # wrong options (click's own code)
EXIT_SKIPPED = 3  # the build skipped some inputs (written without --strict; nothing with it)
EXIT_INTERNAL = 70  # a bug in ddkg (BSD's EX_SOFTWARE): please report it, with --debug output
EXIT_INTERRUPTED = 130  # Ctrl-C or SIGTERM (128 + SIGINT, as shells report it)


class KgError(Exception):
    """Base of all errors ddkg reports to a user as one line."""

    exit_code = EXIT_ERROR


class SourceError(KgError):
    """An input file or folder cannot be read."""


class DataFileError(KgError):
    """A rule or gazetteer data file is malformed."""


class GraphError(KgError):
    """A graph file cannot be read or is not a ddkg graph."""


class QueryError(KgError):
    """A SPARQL query is malformed, unknown, or lacks a parameter."""


class EndpointError(KgError):
    """A SPARQL endpoint or graph store is unreachable or refused a request."""


class ExportError(KgError):
    """An export cannot be written (unknown format, unwritable folder ...)."""


class StrictModeError(KgError):
    """--strict: some inputs were skipped."""

    exit_code = EXIT_SKIPPED
