"""Scale-out: identical rows from a Dask LocalCluster, a process pool, and two concurrent writers."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from storyline import pipeline
from storyline.ingest import iter_inputs
from storyline.present.export import export_corpus
from storyline.scale import DaskRunner, PoolRunner
from storyline.store import Store
from tests.conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.slow


def _export(url: str, runner=None, batch_size: int = 2) -> dict:
    store = Store(url)
    summary = pipeline.ingest(iter_inputs([str(EXAMPLES)], 10**7), store, batch_size=batch_size, runner=runner)
    assert summary.ok and summary.ingested == 6
    return export_corpus(store)


def test_dask_cluster_and_process_pool_give_the_local_rows(tmp_path, example_export):
    local = _export(f"sqlite:///{tmp_path / 'local.db'}")
    assert local == example_export or local["articles"] == example_export["articles"]
    dask = DaskRunner(workers=2)
    try:
        on_cluster = _export(f"sqlite:///{tmp_path / 'dask.db'}", runner=dask)
    finally:
        dask.close()
    pool = PoolRunner(2)
    try:
        pooled = _export(f"sqlite:///{tmp_path / 'pool.db'}", runner=pool)
    finally:
        pool.close()
    assert json.dumps(on_cluster, sort_keys=True) == json.dumps(local, sort_keys=True)
    assert json.dumps(pooled, sort_keys=True) == json.dumps(local, sort_keys=True)


def test_two_concurrent_writers_on_postgresql(postgres_url):
    url = postgres_url()
    procs = [subprocess.Popen([sys.executable, "-m", "storyline.present.cli", "ingest", str(EXAMPLES), "-q",
                               "-p", "1", "--db", url], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1].decode()[-2000:] for o in outs]
    store = Store(url)
    ids = store.article_ids()
    assert len(ids) == len(set(ids)) == 6  # nothing lost, nothing twice
    stories = store.stories()
    members = [a for s in stories for a in s["articles"]]
    assert sorted(members) == sorted(ids)  # every article in exactly one story
    assert sorted(len(s["articles"]) for s in stories) == [1, 5]
    names = [e["name"] for e in store.list_entities(limit=500)]
    assert names.count("Ingrid Solberg") == 1
    assert store.search("seabirds")
