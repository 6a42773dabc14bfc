"""Dask clients of sessions: Session targets to scheduler addresses, one shared Client per address."""
from __future__ import annotations

import threading

import distributed

from tfsess.framework import errors

_CLIENTS: dict = {}                 # scheduler address -> [Client, sessions using it]
_CLIENTS_LOCK = threading.Lock()


def scheduler_address(target: str) -> str:
    """'dask://HOST:PORT' -> 'tcp://HOST:PORT' ('dask://tls://...' and 'dask://inproc://...' keep theirs)."""
    rest = target[len("dask://"):]
    if not rest or rest.startswith("/"):
        raise errors.UnavailableError(None, None, f"Invalid Dask target {target!r}: expected dask://HOST:PORT")
    return rest if "://" in rest else "tcp://" + rest


def connect(target, timeout):
    """(client, address, owned) for a target; raises UnavailableError naming the address if unreachable."""
    if isinstance(target, distributed.Client):
        if target.status not in ("running", "connecting", "newly-created"):
            where = target.scheduler.address if target.scheduler else "?"
            raise errors.UnavailableError(None, None, f"The Dask client for {where} is {target.status}")
        return target, target.scheduler.address, False
    if isinstance(target, bytes):
        target = target.decode("utf-8")
    address = target.scheduler_address if not isinstance(target, str) else scheduler_address(target)
    with _CLIENTS_LOCK:
        entry = _CLIENTS.get(address)
        if entry is not None and entry[0].status == "running":
            entry[1] += 1
            return entry[0], address, True
    try:
        client = distributed.Client(address, timeout=timeout, set_as_default=False)
    except Exception as exc:  # noqa: BLE001 - OSError, TimeoutError, ValueError (bad address), ...
        raise errors.UnavailableError(
            None, None, f"Cannot reach the Dask scheduler at {address} (target {target!r}) within {timeout:g} s: "
                        f"{type(exc).__name__}: {exc}") from None
    with _CLIENTS_LOCK:
        entry = _CLIENTS.get(address)
        if entry is not None and entry[0].status == "running":  # another thread connected meanwhile
            entry[1] += 1
            spare, client = client, entry[0]
        else:
            _CLIENTS[address] = [client, 1]
            spare = None
    if spare is not None:
        spare.close()
    return client, address, True


def disconnect(client, address):
    with _CLIENTS_LOCK:
        entry = _CLIENTS.get(address)
        if entry is None or entry[0] is not client:
            return
        entry[1] -= 1
        if entry[1] > 0:
            return
        del _CLIENTS[address]
    try:
        client.close(timeout=2)
    except Exception:  # noqa: BLE001 - the scheduler may be gone already
        pass
