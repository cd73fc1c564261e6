"""The Dask engine: the per-article stages on a Dask cluster, results streamed to one writer.

Reading, the hash check, date checks and the SQLite writes stay in the calling process (the
driver in ``engines/local.py``); each chunk of fresh articles becomes one Dask task running
:func:`wirewatch.engines.local.analyse_chunk`, the same function the local engine runs, and
the results come back to the writer in input order. So the same input gives the same
database (ids, rows, row order) as ``--engine local``; only where the parsing runs differs.

Why stream results to the writer rather than write Parquet shards and merge them: SQLite has
one writer at a time anyway, and writing an article's rows takes about a millisecond against
the tens of milliseconds its parse takes, so one writer keeps up with dozens of workers;
the writer is the same code as the local engine's, so a crash leaves no half-written article
and a rerun picks up where it stopped; and there is no second on-disk format, nor a merge that
would have to reproduce the store's duplicate handling. At most a few chunks per worker are in
flight, so memory stays flat however big the corpus.

Each worker loads the NLP pipeline once: :class:`PipelineLoader` loads it when the worker
joins (and refuses a worker whose wirewatch or model differs from the client's); tasks then
find it in the process-wide cache (``wirewatch.nlp.pipeline``).
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from distributed import Client, Future, LocalCluster, WorkerPlugin

from wirewatch.engines.local import IngestSummary, analyse_chunk
from wirewatch.engines.local import ingest as drive_ingest
from wirewatch.nlp import MODEL, pipeline
from wirewatch.records import Article, ArticleResult

IN_FLIGHT_PER_WORKER = 2  # chunks queued per worker thread: enough to keep it busy
WORKER_WAIT_S = 60.0  # how long to wait for a remote cluster's first worker


class ClusterUnavailable(RuntimeError):
    """No Dask cluster to run on: the scheduler cannot be reached, no worker joins it, or a
    worker runs another version of wirewatch, spaCy or the model."""


@cache
def versions() -> dict[str, str]:
    """What a worker must share with the client for its results to be the same."""
    return {name: version(name) for name in ("wirewatch", "spacy", MODEL.replace("_", "-"))}


def _check_versions(expected: dict[str, str], where: str) -> None:
    if versions() != expected:
        raise ClusterUnavailable(
            f"Dask worker {where} runs {versions()}, this machine {expected}: "
            "install the same wirewatch on every machine (docs/scale.md)"
        )


class PipelineLoader(WorkerPlugin):
    """Loads the NLP pipeline once when a worker joins, after checking its versions."""

    name = "wirewatch-pipeline"
    # Not idempotent: each run's registration replaces the last one's and checks every
    # worker against this client (loading is cached, so a warm worker only checks).
    idempotent = False

    def __init__(self, expected: dict[str, str]) -> None:
        self.expected = expected

    async def setup(self, worker: Any) -> None:
        _check_versions(self.expected, worker.address)
        # Off the worker's event loop: loading takes seconds and the loop must keep answering.
        await asyncio.to_thread(pipeline)


# One analysis at a time per worker process, whatever its thread count: the work is
# CPU-bound Python (threads would only take turns), and one spaCy pipeline is shared by them.
_ONE_AT_A_TIME = threading.Lock()


def analyse_on_worker(articles: list[Article], expected: dict[str, str]) -> list[ArticleResult]:
    """:func:`analyse_chunk`, refused on a worker whose versions are not the client's (one
    that joined after the start, past the plugin's check)."""
    _check_versions(expected, socket.gethostname())
    with _ONE_AT_A_TIME:
        return analyse_chunk(articles)


def analyse_on_cluster(
    client: Client, chunks: Iterable[list[Article]], in_flight: int
) -> Iterator[list[ArticleResult]]:
    """Each chunk's results, in order, computed on the cluster with at most ``in_flight``
    chunks submitted and not yet written."""
    pending: deque[Future | list[ArticleResult]] = deque()
    expected = versions()
    try:
        for chunk in chunks:
            if chunk:
                pending.append(client.submit(analyse_on_worker, chunk, expected, pure=False))
            else:
                pending.append([])  # all duplicates: nothing to analyse, kept in order
            while len(pending) >= in_flight:
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())
    finally:
        client.cancel([f for f in pending if isinstance(f, Future)])


def _result(item: Future | list[ArticleResult]) -> list[ArticleResult]:
    return item.result() if isinstance(item, Future) else item


def _threads(client: Client, where: str) -> int:
    """Worker threads on the cluster, waiting a while for a first worker to join."""
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_S)
    except TimeoutError:
        raise ClusterUnavailable(
            f"no Dask worker joined {where} in {WORKER_WAIT_S:.0f} s (start some: docs/scale.md)"
        ) from None
    return sum(client.nthreads().values())


def connect_client(stack: ExitStack, scheduler: str | None, workers: int | None) -> Client:
    """A client of the scheduler at ``scheduler``, or of a new local cluster of ``workers``
    single-threaded worker processes (default: one per core), closed with ``stack``."""
    if scheduler:
        try:
            return stack.enter_context(Client(scheduler))
        except (OSError, TimeoutError, ValueError) as exc:  # ValueError: a malformed address
            raise ClusterUnavailable(
                f"cannot reach the Dask scheduler {scheduler} ({exc})"
            ) from None
    cluster = stack.enter_context(
        LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,  # the parse is CPU-bound Python: processes, not threads
            processes=True,
            dashboard_address=":0",  # a free port: never clash with another cluster
        )
    )
    return stack.enter_context(Client(cluster))


def ingest(
    paths: Iterable[str],
    db_path: str | Path,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    **options: Any,
) -> IngestSummary:
    """Ingest ``paths`` into ``db_path`` like ``engines.local.ingest`` (which takes the same
    ``options``), analysing on the Dask cluster at ``scheduler`` (``tcp://host:8786``), or on
    a local cluster of ``workers`` processes when no address is given.

    The inputs are read here, so they need not be visible to the workers.
    """
    with ExitStack() as stack:
        client = connect_client(stack, scheduler, workers)
        in_flight = max(
            2, IN_FLIGHT_PER_WORKER * _threads(client, scheduler or "the local cluster")
        )
        client.register_plugin(PipelineLoader(versions()))
        return drive_ingest(
            paths,
            db_path,
            analyser=lambda chunks: analyse_on_cluster(client, chunks, in_flight),
            **options,
        )
