"""Where the per-article stages run: in this process, a local process pool, or a Dask cluster.

ingest → clean → analyze → embed is a pure function of a batch of articles plus read-only models,
so every runner calls the same ``stages.process`` and hands results back *in input order*; the
client stores them, which is why a run on a cluster writes exactly the rows a local run writes.
"""
from storyline.scale.runners import DaskRunner, LocalRunner, PoolRunner, make_runner

__all__ = ["DaskRunner", "LocalRunner", "PoolRunner", "make_runner"]
