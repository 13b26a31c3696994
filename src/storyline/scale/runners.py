"""Runners map ``pipeline.process`` over batches and yield the results in order, a bounded number
of batches in flight so memory stays flat however large the input is."""
from __future__ import annotations

import multiprocessing
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Iterable, Iterator, Optional


def _process(batch):
    from storyline.pipeline import process

    return process(batch)


def _warm() -> None:
    """Load the models once per worker process, before the first batch arrives."""
    from storyline import nlp
    from storyline.config import settings

    nlp.load()
    if settings().embed:
        from storyline.cluster.embed import model

        model()


class LocalRunner:
    """Everything in this process: no start-up cost, one core."""

    def map(self, batches: Iterable[list]) -> Iterator[list]:
        for batch in batches:
            yield _process(batch)

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
        self.pool: Optional[ProcessPoolExecutor] = None

    def map(self, batches: Iterable[list]) -> Iterator[list]:
        """The first batch runs here while nothing else is known: a small input never pays for
        starting processes; a large one fans out from its second batch on."""
        it = iter(batches)
        first = next(it, None)
        if first is None:
            return
        yield _process(first)
        yield from super().map(it)

    def submit(self, batch) -> Future:
        if self.pool is None:
            self.pool = ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_warm)
        return self.pool.submit(_process, batch)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()


class DaskRunner(_Windowed):
    """Coarse tasks (a batch of articles each) on dask.distributed: a LocalCluster of ``workers``
    processes, or the scheduler at ``address``. Models load once per worker and stay loaded."""

    def __init__(self, workers: int = 0, address: Optional[str] = None):
        from distributed import Client, LocalCluster

        if address:
            self.cluster = None
            self.client = Client(address)
        else:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None)
            self.client = Client(self.cluster)
        n = len(self.client.scheduler_info().get("workers", {})) or 1
        self.window = 2 * n
        self.client.run(_warm)

    def submit(self, batch):
        return self.client.submit(_process, batch, pure=False)

    def result(self, fut):
        return fut.result()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_runner(processes: int = 1, workers: int = 0, scheduler: Optional[str] = None):
    if scheduler or workers:
        return DaskRunner(workers=workers or 1, address=scheduler)
    if processes > 1:
        return PoolRunner(processes)
    return LocalRunner()
