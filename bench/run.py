"""storyline benchmark: one command, one run, figures written to bench/RESULTS.md.

    .venv/bin/python bench/run.py            # full: 2,000 articles, 100k stories/articles
    .venv/bin/python bench/run.py --quick    # a smoke-sized run (used by the test suite)
    .venv/bin/python bench/run.py --only ac  # some sections only (printed, RESULTS.md left alone)
    .venv/bin/python bench/run.py --float32  # the encoder's float32 path, on any CPU
    .venv/bin/python bench/run.py --only f   # one section: here, the growing story

(a) bare ``nlp.pipe`` vs storyline's full ingest on the same texts, and the ratio, with the seconds
each stage took (``storyline.timing``) and the CPU features it ran with;
(b) ingest throughput with 1 and 2 processes; (c) story assignment per article at 1k/10k/100k stored
stories (synthetic vectors); (d) dossier and search API latency (p50/p95) with 100k stored
articles; (e) peak memory of one ingest into stores of 1k and 10k articles (copies of (a)'s real
analysed articles, ``grow.py``); (f) the cost of adding one article to a story of n = 10, 100 and 1,000
articles (one generated developing story, ``corpus.write_story``).
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from fastapi.testclient import TestClient
from sqlalchemy import text

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import corpus  # noqa: E402
import grow  # noqa: E402
from storyline import nlp as nlp_mod  # noqa: E402
from storyline import pipeline  # noqa: E402
from storyline.cluster.assign import ArticleFeatures, StoryIndex  # noqa: E402
from storyline.cluster.embed import DIM, bf16, model  # noqa: E402
from storyline.config import settings  # noqa: E402
from storyline.ingest import iter_inputs  # noqa: E402
from storyline.present.api import create_app  # noqa: E402
from storyline.scale import LocalRunner, PoolRunner  # noqa: E402
from storyline.scale.runners import _warm  # noqa: E402
from storyline.store import Store  # noqa: E402
from storyline.store import schema as S  # noqa: E402
from storyline.timing import COVERS, STAGES, reset, totals  # noqa: E402

#: The CPU features the encoder's speed depends on (bfloat16 and AMX paths, wide vectors).
CPU_FLAGS = ("avx2", "avx512f", "avx512_vnni", "avx512_bf16", "amx_bf16", "amx_tile")


def cpu_features() -> str:
    """The CPU's model and which of ``CPU_FLAGS`` it has (from /proc/cpuinfo; '?' where not readable)."""
    try:
        info = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return f"{platform.processor() or '?'}; flags: ?"
    name = next((ln.split(":", 1)[1].strip() for ln in info.splitlines() if ln.startswith("model name")), "?")
    flags = set(next((ln.split(":", 1)[1].split() for ln in info.splitlines() if ln.startswith("flags")), []))
    have = [f for f in CPU_FLAGS if f in flags]
    return f"{name}; flags: {', '.join(have) or 'none of ' + ', '.join(CPU_FLAGS)}"


def breakdown(wall: float, say) -> None:
    """Seconds per stage of the last in-process ingest (``storyline.timing``)."""
    spent = totals()
    say(f"- where the time went (wall seconds per stage; the encoder thread overlaps the parser, so the "
        f"stages add up to more than the {wall:.1f} s run):")
    for stage in STAGES:
        own = spent[stage] - (spent["parse"] if stage == "clean" else 0.0)
        label = "clean (without its parse)" if stage == "clean" else stage
        say(f"  - {label}: {own:.1f} s ({own / wall:.0%}) — {COVERS[stage]}")


def words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def bare_parse(texts: list[str]) -> float:
    nlp = nlp_mod.load()
    core = [p for p in nlp.pipe_names if not p.startswith("storyline_")]
    t = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32, disable=[p for p in nlp.pipe_names if p not in core]):
        pass
    return time.perf_counter() - t


def full_ingest(path: Path, db: Path, runner) -> float:
    store = Store(f"sqlite:///{db}")
    t = time.perf_counter()
    summary = pipeline.ingest(iter_inputs([str(path)], 10**9), store, runner=runner)
    elapsed = time.perf_counter() - t
    assert summary.ok, summary.failed[:3]
    store.close()
    return elapsed


def warm_pool(n: int) -> PoolRunner:
    runner = PoolRunner(n)
    runner.submit([])  # starts the pool
    list(runner.pool.map(_noop, range(n * 4)))
    for f in [runner.pool.submit(_warm) for _ in range(n)]:
        f.result()
    return runner


def _noop(_):
    return None


def assignment(n_stories: list[int], probes: int = 300) -> dict[int, float]:
    rng = np.random.default_rng(0)
    out = {}
    for n in n_stories:
        # stories drawn around 50 topics, as a news corpus has: not uniform noise
        topics = rng.normal(size=(50, DIM))
        vecs = topics[rng.integers(0, 50, n)] + 0.6 * rng.normal(size=(n, DIM))
        vecs = (vecs / np.linalg.norm(vecs, axis=1, keepdims=True)).astype(np.float32)
        rows = [dict(id=f"s{i}", vector=vecs[i].tobytes(), size=1, keys="[]", first_date=None, last_date=None)
                for i in range(n)]
        # the ANN path (a run of >= EXACT_BELOW articles); its build is not what is timed, so it
        # may use every core here
        index = StoryIndex(rows, threshold=0.75, expected=10**6, build_threads=0)
        p = topics[rng.integers(0, 50, probes)] + 0.6 * rng.normal(size=(probes, DIM))
        p = (p / np.linalg.norm(p, axis=1, keepdims=True)).astype(np.float32)
        feats = [ArticleFeatures(f"p{i}", p[i], set(), None) for i in range(probes)]
        t = time.perf_counter()
        index.assign_many(feats)  # the path `ingest` takes: probes in order, the index searched in runs
        index.links(index.dirty)  # then the stories touched are linked to their arc's (cluster.links)
        out[n] = (time.perf_counter() - t) / probes
    return out


def api_latency(n_articles: int) -> dict[str, tuple[float, float]]:
    """Dossier and search latency with ``n_articles`` stored (synthetic rows, one story each) plus
    the real example corpus, whose largest story is the dossier asked for."""
    tmp = Path(tempfile.mkdtemp())
    url = f"sqlite:///{tmp / 'api.db'}"
    store = Store(url)
    pipeline.ingest(iter_inputs([str(HERE.parent / "examples" / "corpus")], 10**7), store)
    rng = random.Random(3)
    with store.engine.begin() as conn:
        for start in range(0, n_articles, 5000):
            arts, fts, stories, members = [], [], [], []
            for i in range(start, min(n_articles, start + 5000)):
                body = " ".join(corpus.word(rng, rng.randint(1, 3)) for _ in range(300))
                aid = f"x{i:015d}"
                arts.append(dict(id=aid, source=f"synthetic/{i}", format="text", encoding="utf-8", url=None,
                                 title=f"Synthetic {i}", outlet="Synthetic", published="2025-01-01", authors="[]",
                                 raw_text=body, body=body, dropped_lines=0, ingested_at="2025-01-01", seq=10 + i))
                fts.append(dict(id=aid, t=f"Synthetic {i}", b=body))
                stories.append(dict(id=f"sx{i}", title=f"Synthetic {i}", summary=None, created_at="2025-01-01",
                                    vector=None, size=1, keys="[]", first_date=None, last_date=None))
                members.append(dict(story_id=f"sx{i}", article_id=aid))
            conn.execute(S.articles.insert(), arts)
            conn.execute(S.stories.insert(), stories)
            conn.execute(S.story_articles.insert(), members)
            conn.execute(text("INSERT INTO articles_fts(article_id, title, body) VALUES (:id, :t, :b)"), fts)
    client = TestClient(create_app(url))
    sid = client.get("/api/stories?limit=1").json()["items"][0]["id"]
    out = {}
    for name, path in (("dossier", f"/api/stories/{sid}"), ("dossier page", f"/stories/{sid}"),
                       ("search", "/api/search?q=tanker+reef")):
        times = []
        for _ in range(100):
            t = time.perf_counter()
            r = client.get(path)
            times.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, r.text[:200]
        times.sort()
        out[name] = (times[49], times[94])
    return out


def peak_memory(db: Path, new: Path) -> float:
    """Peak RSS (MB) of a separate `storyline ingest` process (one worker) adding ``new`` to ``db``."""
    code = ("import resource, sys; from storyline.present.cli import main; sys.argv=['storyline','ingest',"
            f"{str(new)!r},'-q','-p','1','--db','sqlite:///{db}'];\n"
            "try:\n main()\nexcept SystemExit: pass\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def head(path: Path, n: int, name: str) -> Path:
    sub = path.with_name(name)
    with path.open() as src, sub.open("w") as dst:
        for i, line in enumerate(src):
            if i >= n:
                break
            dst.write(line)
    return sub


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke test (about a minute)")
    ap.add_argument("--out", help="where to write the report (default: bench/RESULTS.md for a full run; "
                                  "a run of some sections only prints)")
    ap.add_argument("--articles", type=int, metavar="N",
                    help="generated articles for (a) (default 2,000; 24 with --quick): a smaller run for a quick "
                         "before/after comparison of the ratio")
    ap.add_argument("--float32", action="store_true",
                    help="run the encoder in float32 even where the CPU has native bfloat16 (the slow path every "
                         "machine can report; sets STORYLINE_EMBED_BF16=0)")
    ap.add_argument("--only", default="abcdef", metavar="SECTIONS",
                    help="run only these sections, e.g. --only ac (default: abcdef, all of them)")
    args = ap.parse_args()
    only = set(args.only.lower())
    if not only <= set("abcdef"):
        ap.error(f"--only takes letters among a-f, not {args.only!r}")
    if args.float32:
        os.environ["STORYLINE_EMBED_BF16"] = "0"
    started = time.perf_counter()
    n = args.articles or (24 if args.quick else 2000)
    n_procs = 24 if args.quick else 200  # the 1-vs-2-process comparison runs on the first n_procs articles
    stories_sizes = [300, 1000] if args.quick else [1000, 10000, 100000]
    api_sizes = [300] if args.quick else [100000]
    mem_sizes = [30, 60] if args.quick else [1000, 10000]
    n_new = 6 if args.quick else 100  # articles each memory run adds
    story_sizes = [5, 20] if args.quick else [10, 100, 1000]
    tmp = Path(tempfile.mkdtemp(prefix="storyline-bench-"))
    path = tmp / "corpus.jsonl"
    texts = corpus.write(path, n)
    new = tmp / "new.jsonl"
    corpus.write(new, n_new, seed=11)
    n_words = words(texts)
    lines = [f"# storyline benchmark{' (quick)' if args.quick else ''}", "",
             f"- date: {datetime.now(UTC).isoformat(timespec='seconds')}",
             f"- machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
             f"{platform.platform()}",
             f"- CPU: {cpu_features()}; encoder: {'bfloat16' if bf16() else 'float32'}"
             f"{' (forced: --float32)' if args.float32 else ''}",
             f"- corpus: {n} generated articles, {n_words:,} words (bench/corpus.py, seed 7)", ""]

    def say(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    nlp_mod.load()
    model()
    cores = os.cpu_count() or 1
    if "a" in only:
        section_a(path, texts, n_words, tmp, cores, say)
    if "b" in only or "e" in only:
        section_b(path, n_procs, tmp, cores, say)
    if "c" in only:
        section_c(stories_sizes, say)
    if "d" in only:
        section_d(api_sizes, say)
    if "e" in only:
        section_e(mem_sizes, n_new, new, tmp, say)
    if "f" in only:
        section_f(story_sizes, tmp, say)
    say(f"\nWhole run: {time.perf_counter() - started:.0f} s.")
    out = args.out or (str(HERE / "RESULTS.md") if only == set("abcdef") else None)
    if out:
        Path(out).write_text("\n".join(lines) + "\n")
        print(f"written {out}")


def section_a(path: Path, texts: list[str], n_words: int, tmp: Path, cores: int, say) -> None:
    t_bare = bare_parse(texts)
    reset()
    t_full = full_ingest(path, tmp / "one.db", LocalRunner(cores=cores))
    say("## (a) parse floor vs full ingest (1 process)")
    say(f"- bare nlp.pipe: {t_bare:.1f} s, {n_words / t_bare:,.0f} words/s")
    say(f"- storyline ingest (clean, analyze, embed, store, link, stories, findings): {t_full:.1f} s, "
        f"{n_words / t_full:,.0f} words/s")
    say(f"- ratio full/bare throughput: **{t_bare / t_full:.2f}×** (target ≥ 0.8×)")
    say(f"- one process: the parser on one core while a thread runs the encoder "
        f"({'bfloat16' if bf16() else 'float32'}) on the other; bare nlp.pipe uses one core")
    breakdown(t_full, say)


def section_b(path: Path, n_procs: int, tmp: Path, cores: int, say) -> None:
    """Also leaves ``tmp/p1.db``, the store section (e) grows."""
    sub = head(path, n_procs, "procs.jsonl")
    t_core = full_ingest(sub, tmp / "core.db", LocalRunner(cores=1))
    t_one = full_ingest(sub, tmp / "p1.db", LocalRunner(cores=cores))
    pool = warm_pool(2)
    try:
        t_two = full_ingest(sub, tmp / "p2.db", pool)
    finally:
        pool.close()
    say(f"## (b) processes ({n_procs} articles, models already loaded)")
    say(f"- 1 process held to one core (encoder on one thread): {n_procs / t_core:.1f} articles/s")
    say(f"- 1 process as `storyline ingest -p 1` runs it (encoder thread beside the parser): "
        f"{n_procs / t_one:.1f} articles/s")
    say(f"- 2 processes (`-p 2`, the default here): {n_procs / t_two:.1f} articles/s")
    say(f"- speed-up of 2 processes over 1: **{t_one / t_two:.2f}×** over `-p 1`, **{t_core / t_two:.2f}×** over "
        "one core (target ≥ 1.7×)")


def section_c(stories_sizes: list[int], say) -> None:
    say("## (c) story assignment per article through the ANN index (synthetic vectors around 50 topics)")
    costs = assignment(stories_sizes)
    for k, v in costs.items():
        say(f"- {k:,} stories: {v * 1e6:,.0f} µs")
    say(f"- growth {stories_sizes[0]:,} → {stories_sizes[-1]:,}: **{costs[stories_sizes[-1]] / costs[stories_sizes[0]]:.2f}×**"
        " (target ≤ 2×)")
    say(f"- runs of fewer than {StoryIndex.EXACT_BELOW:,} articles (and API posts) skip the index and scan "
        "every story exactly")


def section_d(api_sizes: list[int], say) -> None:
    say("## (d) API latency, 100 requests each (in-process client)")
    for size in api_sizes:
        for name, (p50, p95) in api_latency(size).items():
            say(f"- {size:,} articles, {name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms")


def section_e(mem_sizes: list[int], n_new: int, new: Path, tmp: Path, say) -> None:
    say(f"## (e) peak memory of `storyline ingest` adding {n_new} articles (separate process, 1 worker)")
    for size in mem_sizes:
        db = tmp / f"mem{size}.db"
        shutil.copy(tmp / "p1.db", db)  # both grown from the same real articles
        held = grow.grow(db, size)
        peak = peak_memory(db, new)
        con = sqlite3.connect(db)
        stored, unassigned = con.execute(
            "SELECT count(*), sum(id NOT IN (SELECT article_id FROM story_articles)) FROM articles").fetchone()
        con.close()
        if stored != held + n_new or unassigned:
            raise SystemExit(f"memory run into {db}: {stored} articles stored, {unassigned} in no story; "
                             f"expected {held + n_new}, all in stories")
        say(f"- into a store of {held:,} articles: {peak:,.0f} MB")


def one_more(sizes: list[int], tmp: Path) -> dict[int, tuple[float, float, int]]:
    """For each n: a store holding the first n reports of one generated story, then the (n+1)-th
    ingested alone; (seconds of that ingest, of its corpus phase, articles of the story it joined)."""
    path = tmp / "story.jsonl"
    corpus.write_story(path, max(sizes) + 1)
    rows = path.read_text().splitlines()
    out = {}
    for n in sizes:
        grown, last = tmp / f"story{n}.jsonl", tmp / f"story{n}-next.jsonl"
        grown.write_text("\n".join(rows[:n]) + "\n")
        last.write_text(rows[n] + "\n")
        db = tmp / f"story{n}.db"
        store = Store(f"sqlite:///{db}")
        try:
            pipeline.ingest(iter_inputs([str(grown)], 10**8), store, runner=LocalRunner(cores=1))
            reset()
            t = time.perf_counter()
            pipeline.ingest(iter_inputs([str(last)], 10**8), store, runner=LocalRunner(cores=1))
            wall = time.perf_counter() - t
            phase = sum(v for k, v in totals().items() if k in ("assign", "link", "reconcile"))
            sid = store.story_of(store.article_ids_in_order()[-1])  # the story the new article joined
            out[n] = (wall, phase, len(store.story_articles(sid)) if sid else 0)
        finally:
            store.close()
    return out


def section_f(sizes: list[int], tmp: Path, say) -> None:
    say("## (f) adding one article to a story of n articles (one generated developing story, 1 process)")
    costs = one_more(sizes, tmp)
    cap = settings().reconcile_max_articles
    for n, (wall, phase, joined) in costs.items():
        say(f"- n = {n:,}: {wall:.2f} s in all, corpus phase (assign, link, reconcile) {phase:.2f} s; "
            f"the article joined a story of {joined:,} articles")
    lo, hi = costs[sizes[0]][0], costs[sizes[-1]][0]
    read = f"at most {cap:,} of its articles" if cap > 0 else "every one of its articles (no cap)"
    say(f"- growth n = {sizes[0]:,} → {sizes[-1]:,}: **{hi / lo:.2f}×** (target ≤ 2×); a story's findings are read "
        f"from {read} (STORYLINE_RECONCILE_MAX_ARTICLES)")


if __name__ == "__main__":
    main()
