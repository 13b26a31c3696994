"""Runners map ``stages.process`` over batches and yield the results in order, a bounded number
of batches in flight so memory stays flat however large the input is."""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor

import torch

from storyline.analyze import components
from storyline.cluster.embed import model
from storyline.config import settings
from storyline.stages import finish, prepare, process


def _encoder_threads(n: int | None) -> int:
    """Set the encoder's intra-op threads (returns the previous count). Several processes on one
    machine each take their share of the cores; left alone, each would spin on all of them."""
    before = torch.get_num_threads()
    if n:
        torch.set_num_threads(max(1, n))
    return before


def _warm(threads: int | None = None) -> None:
    """Load the models once per worker process, before the first batch arrives."""
    components.pipeline()
    if settings().embed:
        _encoder_threads(threads)
        model()


class LocalRunner:
    """Everything in this process.

    ``cores=None`` (the default, e.g. one article POSTed to the API): batch after batch, threads
    left as they are. ``cores=1``: the same, with the encoder held to one thread. ``cores`` ≥ 2
    (``storyline ingest -p 1``): two stages in flight — while the parser (one core) analyses batch
    k+1, a thread embeds batch k on the other cores (torch releases the GIL). Results stay in
    input order either way."""

    def __init__(self, cores: int | None = None):
        self.cores = cores

    def map(self, batches: Iterable[list]) -> Iterator[list]:
        if self.cores is None or not settings().embed:
            yield from (finish(prepare(batch)) for batch in batches)
            return
        before = _encoder_threads(max(1, self.cores - 1))
        try:
            if self.cores < 2:
                yield from (finish(prepare(batch)) for batch in batches)
                return
            pending: Future | None = None
            with ThreadPoolExecutor(1, thread_name_prefix="storyline-embed") as embedder:
                for batch in batches:
                    queued = embedder.submit(finish, prepare(batch))
                    if pending is not None:
                        yield pending.result()
                    pending = queued
                if pending is not None:
                    yield pending.result()
        finally:
            _encoder_threads(before)

    def close(self) -> None:
        pass


class _Windowed:
    """Submit ahead up to ``window`` batches; yield results in submission order."""

    window = 4

    def submit(self, batch) -> Future:  # pragma: no cover - abstract
        raise NotImplementedError

    def result(self, fut):
        return fut.result()

    def map(self, batches: Iterable[list]) -> Iterator[list]:
        pending: deque = deque()
        for batch in batches:
            pending.append(self.submit(batch))
            if len(pending) >= self.window:
                yield self.result(pending.popleft())
        while pending:
            yield self.result(pending.popleft())


class PoolRunner(_Windowed):
    """A local process pool (spawned, so no model state is forked) using every core asked for."""

    def __init__(self, processes: int):
        self.processes = processes
        self.window = 2 * processes
        self.pool: ProcessPoolExecutor | None = None

    def map(self, batches: Iterable[list]) -> Iterator[list]:
        """Until the pool exists, the first batch runs here while nothing else is known: a small
        input never pays for starting processes; a large one fans out from its second batch on.
        A pool already running (a second input, a warmed pool) gets every batch."""
        if self.pool is not None:
            yield from super().map(batches)
            return
        it = iter(batches)
        first = next(it, None)
        if first is None:
            return
        yield process(first)
        yield from super().map(it)

    def submit(self, batch) -> Future:
        if self.pool is None:
            share = max(1, (os.cpu_count() or 1) // self.processes)
            self.pool = ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_warm, initargs=(share,))
        return self.pool.submit(process, batch)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()


class DaskRunner(_Windowed):
    """Coarse tasks (a batch of articles each) on dask.distributed: a LocalCluster of ``workers``
    processes, or the scheduler at ``address``. Models load once per worker and stay loaded."""

    def __init__(self, workers: int = 0, address: str | None = None):
        # dask.distributed takes ~0.5 s to import: only runs that ask for a cluster pay for it
        from distributed import Client, LocalCluster  # noqa: PLC0415

        if address:
            self.cluster = None
            self.client = Client(address)
        else:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None)
            self.client = Client(self.cluster)
        n = len(self.client.scheduler_info().get("workers", {})) or 1
        self.window = 2 * n
        # a local cluster shares this machine's cores; a remote worker keeps its own default
        self.client.run(_warm, max(1, (os.cpu_count() or 1) // n) if self.cluster is not None else None)

    def submit(self, batch):
        return self.client.submit(process, batch, pure=False)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_runner(processes: int = 1, workers: int = 0, scheduler: str | None = None):
    if scheduler or workers:
        return DaskRunner(workers=workers or 1, address=scheduler)
    if processes > 1:
        return PoolRunner(processes)
    return LocalRunner(cores=os.cpu_count() or 1)
