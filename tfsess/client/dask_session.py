"""DaskSession and DaskInteractiveSession: tf.Session and tf.InteractiveSession on a Dask cluster.

`tf.Session("dask://HOST:PORT")` and `tf.Session(client)` already run on the Dask runtime
(client/session_targets.py); these subclasses, exported as tfsess.distributed.DaskSession and
DaskInteractiveSession, only add the runtime's options (`cluster=`, `default_task=`,
`connect_timeout=`) and the Dask reports (`transfer_info`, `dask_client`).
"""
from __future__ import annotations

from tfsess.client.session import InteractiveSession, Session
from tfsess.client.session_targets import is_dask_target


class _OnDask:
    """Picks the Dask runtime for the session, with its options; see DaskRuntime for them."""

    def __init__(self, target="", graph=None, config=None, *, cluster=None, default_task=None,
                 connect_timeout=None):
        self._dask_options = {"cluster": cluster, "default_task": default_task, "connect_timeout": connect_timeout}
        super().__init__(target, graph, config)

    def _open_runtime(self, target, graph, config):
        from tfsess.distributed.runtime import DaskRuntime  # optional dependency: Dask
        return DaskRuntime(target, graph, config, **self._dask_options)

    def transfer_info(self) -> dict:
        """Beyond TF: bytes moved between tasks (worker to worker), fed by and fetched to this client."""
        self._check_open()
        return self._runtime.transfer_info()

    @property
    def dask_client(self):
        """Beyond TF: the distributed.Client this session submits through."""
        return self._runtime.client if self._runtime is not None else None


class DaskSession(_OnDask, Session):
    """tf.Session on a Dask cluster: `DaskSession("dask://host:8786")`, or a distributed.Client."""


class DaskInteractiveSession(_OnDask, InteractiveSession):
    """tf.InteractiveSession on a Dask cluster."""


def make_session(target, graph=None, config=None, **kwargs):
    """A DaskSession for a Dask target ('dask://HOST:PORT', a Client, a cluster object); None otherwise."""
    if not is_dask_target(target):
        return None
    return DaskSession(target, graph, config, **kwargs)
