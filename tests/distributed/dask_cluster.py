"""The LocalCluster the Dask tests share the shape of (importable as ``dask_cluster``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def local_cluster(workers: int = 2) -> Iterator[tuple[Any, Any]]:
    """A LocalCluster of ``workers`` single-threaded processes, as ``run_dask`` starts one,
    and a client of it that is nobody's default."""
    import distributed

    with (
        distributed.LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            # any free port on this machine (None still tries 8787, which another cluster on
            # a shared machine may hold, and warns)
            dashboard_address="127.0.0.1:0",
        ) as cluster,
        distributed.Client(cluster, set_as_default=False) as client,  # type: ignore[no-untyped-call]
    ):
        yield cluster, client
