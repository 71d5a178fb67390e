"""ddkg: knowledge graphs of defence diplomacy from German news articles.

The data flows one way::

    sources -> nlp -> extract -> graph -> export / store
"""
from __future__ import annotations

__version__ = "0.1.0"
