"""Dask clusters for the distributed tests: loopback only, no dashboards, stopped at the end."""
import logging

import pytest

# Every server of a test cluster listens on 127.0.0.1 only; the scheduler's bare HTTP endpoint
# (health and metrics, no dashboard) takes a free port instead of 8787.
LOOPBACK = {"host": "127.0.0.1", "dashboard_address": None,
            "scheduler_kwargs": {"dashboard_address": "127.0.0.1:0"}}


@pytest.fixture(scope="session")
def dask_client():
    """A Client on a LocalCluster of 3 single-thread workers (names 0, 1, 2) in this process.

    They talk TCP over loopback, so values between partitions are serialised as across machines.
    """
    distributed = pytest.importorskip("distributed")
    logging.getLogger("distributed").setLevel(logging.CRITICAL)  # expected op errors are not news
    cluster = distributed.LocalCluster(n_workers=3, threads_per_worker=1, processes=False, protocol="tcp://",
                                       **LOOPBACK)
    client = distributed.Client(cluster, set_as_default=False)
    yield client
    client.close()
    cluster.close()
