"""Speed and scale of `kg build` against spaCy's own tokenizer, on this machine.

Prints, for the 1,028 articles of 10kGNAD read 1x, 4x and 10x: articles, tokens, the
tokenizer-only time (spaCy blank German over the same texts, in the same run, in a process of
its own), the full build
time and its stages, peak memory, triples and the ratio full build / tokenizer-only; then
`--workers 2`, an incremental rebuild after adding one article, and whether their outputs are
byte-identical to a clean single-worker build.

    python benchmarks/build_speed.py            # all of it
    python benchmarks/build_speed.py --repeats 1 --skip-extras
    python benchmarks/build_speed.py --watch-only
"""
from __future__ import annotations

import argparse
import filecmp
import json
import multiprocessing as mp
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus


def _tokenize(conn, texts_path: str) -> None:  # type: ignore[no-untyped-def]
    import spacy

    with open(texts_path, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f]
    nlp = spacy.blank("de")
    t = time.perf_counter()
    tokens = sum(len(d) for d in nlp.tokenizer.pipe(texts))
    conn.send({"tokens": tokens, "tokenizer": time.perf_counter() - t})


def _build(conn, texts_path: str, out: str, workers: int, use_cache: bool) -> None:  # type: ignore[no-untyped-def]
    from kg.build import BuildOptions, build_graph_files

    report = build_graph_files([Path(texts_path).parent], Path(out),
                               BuildOptions(workers=workers, use_cache=use_cache))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    conn.send({"build": report.seconds, "stages": report.timings, "articles": report.articles,
               "triples": report.triples, "peak_mb": peak})


def _watch(conn, texts_path: str, out: str) -> None:  # type: ignore[no-untyped-def]
    """`kg build --watch` without the file watcher: the first build of a warm session, then
    one article added and the session's rebuild, each timed (and three times more, with
    another added article each time, to show the spread). What the watcher does while it
    waits (warm_up, settle) is done here too, and not timed: nobody waits for it."""
    from kg.build import BuildSession

    src = Path(texts_path).parent
    session = BuildSession([src], Path(out))
    first = session.build()
    session.warm_up()  # as kg.watch.watch does between builds
    session.settle()
    rebuilds = []
    for i in range(4):
        _add_article(src, i)
        rebuilds.append(session.build())
        session.settle()
    conn.send({"first": first.seconds, "rebuilds": [r.seconds for r in rebuilds],
               "stages": rebuilds[0].timings, "articles": rebuilds[-1].articles})


def _add_article(src: Path, i: int) -> None:
    texts = ["Präsident Miroslav Kadlec traf sich mit Kanzlerin Ilse Brandauer.",
             "Verteidigungsminister Karel Novotny besuchte am Dienstag Warschau.",
             "Die Regierung von Estland unterzeichnete ein Memorandum mit Lettland.",
             "Außenministerin Petra Lindqvist empfing ihren Amtskollegen Jonas Berg."]
    (src / f"extra{i}.jsonl").write_text(json.dumps({"text": texts[i % len(texts)]},
                                                    ensure_ascii=False) + "\n", encoding="utf-8")


def _load_cost(conn) -> None:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    import spacy  # noqa: F401

    t1 = time.perf_counter()
    from kg.nlp import build_pipeline

    build_pipeline()
    conn.send({"import": t1 - t, "pipeline": time.perf_counter() - t1})


def _in_child(target, *args) -> dict:  # type: ignore[no-untyped-def]
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    p = ctx.Process(target=target, args=(child, *args))
    p.start()
    result = parent.recv()
    p.join()
    return result


def run(texts_path: Path, out: Path, *, workers: int = 1, use_cache: bool = False) -> dict:
    """The tokenizer alone and the build, each in a fresh process of its own, one after the
    other: the build's peak memory is its own, not the tokenizer pass's."""
    result = _in_child(_tokenize, str(texts_path))
    result.update(_in_child(_build, str(texts_path), str(out), workers, use_cache))
    return result


def line(label: str, r: dict) -> str:
    stages = " ".join(f"{k}={v:.2f}" for k, v in r["stages"].items())
    return (f"{label:>10} | {r['articles']:6} art | {r['tokens']:9} tok | tokenizer "
            f"{r['tokenizer']:6.2f} s | build {r['build']:6.2f} s | ratio "
            f"{r['build'] / r['tokenizer']:5.2f} | peak {r['peak_mb']:6.0f} MB | "
            f"{r['triples']:7} triples | {stages}")


def same_outputs(a: Path, b: Path) -> bool:
    return all(filecmp.cmp(a / f, b / f, shallow=False) for f in ("graph.ttl", "graph.html"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, nargs="*", default=[1, 4, 10])
    ap.add_argument("--skip-extras", action="store_true", help="only the 1x/4x/10x table")
    ap.add_argument("--watch-only", action="store_true",
                    help="only the warm-session (kg build --watch) rebuild figures")
    args = ap.parse_args()
    texts = list(corpus.gnad_texts())
    print(f"machine: {platform.machine()}, {mp.cpu_count()} cores, Python "
          f"{platform.python_version()}, {time.strftime('%Y-%m-%d')}")
    tmp = Path(tempfile.mkdtemp(prefix="ddkg-bench-"))
    try:
        if args.watch_only:
            _watch_figures(texts, tmp)
            return
        results = {}
        for n in args.repeats:
            src = corpus.write_jsonl(texts, tmp / f"src{n}", repeat=n)
            results[n] = run(src, tmp / f"out{n}")
            print(line(f"{n}x", results[n]), flush=True)
        if 1 in results and 10 in results:
            print(f"peak memory 10x / 1x: {results[10]['peak_mb'] / results[1]['peak_mb']:.2f}")
        if args.skip_extras:
            return
        src = corpus.write_jsonl(texts, tmp / "src1", repeat=1)
        base = results.get(1) or run(src, tmp / "out1")
        two = run(src, tmp / "out-w2", workers=2)
        print(line("workers=2", two))
        print(f"workers=2 / workers=1 build time: {two['build'] / base['build']:.2f}; "
              f"identical output: {same_outputs(tmp / 'out1', tmp / 'out-w2')}")
        inc = tmp / "out-inc"
        first = run(src, inc, use_cache=True)  # the first build fills the cache
        _add_article(src.parent, 0)
        again = run(src, inc, use_cache=True)
        run(src, tmp / "out-clean")
        print(line("incr.", again))
        print(f"`kg build` in a new process, rebuild after adding one article / first build: "
              f"{again['build'] / first['build']:.2f}; identical to a clean build: "
              f"{same_outputs(inc, tmp / 'out-clean')}")
        load = _in_child(_load_cost)
        print(f"  its floor: import spacy {load['import']:.2f} s + build the pipeline "
              f"{load['pipeline']:.2f} s = {(load['import'] + load['pipeline']) / first['build']:.2f}"
              " of the first build (what extracting even one new article costs in a new process)")
        _watch_figures(texts, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _watch_figures(texts: list[str], tmp: Path) -> None:
    src = corpus.write_jsonl(texts, tmp / "src-watch", repeat=1)
    w = _in_child(_watch, str(src), str(tmp / "out-watch"))
    for i in range(4):
        _add_article(src.parent, i)
    run(src, tmp / "out-watch-clean")
    stages = " ".join(f"{k}={v:.2f}" for k, v in w["stages"].items())
    print(f"`kg build --watch` (warm session): first build {w['first']:.2f} s, rebuilds after "
          f"adding one article {', '.join(f'{r:.2f}' for r in w['rebuilds'])} s ({stages})")
    print(f"  rebuild / first build: {w['rebuilds'][0] / w['first']:.3f} (median of the four: "
          f"{statistics.median(w['rebuilds']) / w['first']:.3f}); identical to a clean build: "
          f"{same_outputs(tmp / 'out-watch', tmp / 'out-watch-clean')}")


if __name__ == "__main__":
    main()
