"""Extraction of a batch of articles in one or several processes.

Worker processes are forked after the pipeline is built, so they share it instead of loading
it again; results come back in input order, so output is identical for any number of workers.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Sequence

from kg.records import Article, Extraction

_POOL: tuple[int, object] | None = None


def _extract_many(articles: Sequence[Article]) -> list[Extraction]:
    from kg.extract import extract
    from kg.nlp import build_pipeline

    nlp = build_pipeline()
    return [extract(a, doc) for a, doc in zip(articles, nlp.pipe(a.text for a in articles))]


def extract_batch(articles: Sequence[Article], *, workers: int = 1) -> list[Extraction]:
    if not articles:
        return []
    if workers <= 1 or len(articles) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return _extract_many(articles)
    pool = _pool(workers)
    step = max(1, min(8, len(articles) // (2 * workers)))  # small chunks balance the load
    chunks = [list(articles[i:i + step]) for i in range(0, len(articles), step)]
    parts = pool.map(_extract_many, chunks)  # type: ignore[attr-defined]
    return [x for part in parts for x in part]


def shutdown() -> None:
    """End the worker processes (forking later, after a store started its threads, could leave a
    child holding a lock that no thread will release)."""
    global _POOL
    if _POOL is not None:
        pool = _POOL[1]
        _POOL = None
        pool.close()  # type: ignore[attr-defined]
        pool.join()  # type: ignore[attr-defined]


def _pool(workers: int) -> object:
    global _POOL
    if _POOL is None or _POOL[0] != workers:
        from kg.nlp import build_pipeline

        build_pipeline()  # build before forking: the workers inherit it
        ctx = multiprocessing.get_context("fork")
        _POOL = (workers, ctx.Pool(workers))
    return _POOL[1]
