"""Tasks on a Dask cluster: a local one sized to the cores, or a scheduler at an address.

One task per partition (``client.map``), the job — settings and policy texts — scattered to every
worker once (``broadcast=True``) and passed to each task as a future, so it crosses the network
once per worker, not once per partition. Results come back in partition order; a progress
callback hears each partition's bytes as it completes. Needs ``distributed`` (the ``scale``
extra); without it, :class:`DaskMissing` says how to install it.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from policylang.errors import PolicylangError
from policylang.tools.partitions import Partition

__all__ = ["DaskMissing", "run_on_dask"]

R = TypeVar("R")

_MISSING = (
    "--engine dask needs Dask's distributed scheduler: "
    "python -m pip install 'dask[distributed]' pyarrow (the `scale` extra)"
)


class DaskMissing(PolicylangError):
    """``--engine dask`` without the ``scale`` extra installed."""


def run_on_dask(
    task: Callable[[Partition, Any], R],
    partitions: list[Partition],
    job: Any,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[R]:
    """``task(partition, job)`` for every partition on the cluster, results in partition order.

    ``scheduler`` is a Dask scheduler's address (``tcp://host:8786``); without it a local cluster
    of ``workers`` processes (default: one per core), one thread each, runs for this call.
    """
    try:
        import distributed  # noqa: PLC0415 - optional: the `scale` extra
    except ImportError:
        raise DaskMissing(_MISSING) from None
    with _client(distributed, scheduler, workers) as client:
        shipped = client.scatter(job, broadcast=True)
        futures = client.map(task, partitions, job=shipped, pure=False)
        sizes = {future.key: p.size for future, p in zip(futures, partitions, strict=True)}
        for done in distributed.as_completed(futures):  # type: ignore[no-untyped-call]
            if progress is not None:
                progress(sizes[done.key])
        return list(client.gather(futures))


@contextlib.contextmanager
def _client(distributed: Any, scheduler: str | None, workers: int | None) -> Iterator[Any]:
    if scheduler is not None:
        try:
            client = distributed.Client(scheduler, timeout="30s")
        except OSError as error:
            raise PolicylangError(
                f"cannot reach the Dask scheduler at {scheduler}: {error}"
            ) from None
        with client:
            yield client
        return
    # The local cluster's own chatter (ports, dashboards) is not what the user asked for.
    logging.getLogger("distributed").setLevel(logging.ERROR)
    cluster = distributed.LocalCluster(
        n_workers=workers or os.cpu_count() or 1,
        threads_per_worker=1,  # evaluation holds the GIL: processes, not threads, scale it
        processes=True,
        dashboard_address=None,
        host="127.0.0.1",
        # The workers' own log: at shutdown a worker may still send a heartbeat to the
        # scheduler that just closed, and logs the failure with a traceback nobody can act on.
        silence_logs=logging.CRITICAL,
    )
    with cluster, distributed.Client(cluster) as client:
        yield client
