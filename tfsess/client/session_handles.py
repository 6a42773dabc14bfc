"""TensorHandle: what Session.run returns for a GetSessionHandle fetch (TF1's session_ops.TensorHandle).

A handle names a value kept in its session. `eval()` reads it back and `delete()` removes it, each
through a small subgraph cached per graph (a string placeholder feeding GetSessionTensor or
DeleteSessionTensor). Feeding a TensorHandle as the value of any tensor substitutes the stored
value. Handles dropped without `delete()` are deleted in batches of ten by their session, as TF does.
"""
from __future__ import annotations

import threading
import weakref

import numpy as np

from tfsess.framework import device_spec, dtypes, errors
from tfsess.framework.op_builder import apply_op
from tfsess.runtime import session_tensors

HANDLE_OP_TYPES = ("GetSessionHandle", "GetSessionHandleV2")
DEAD_HANDLES_THRESHOLD = 10  # TF's BaseSession._DEAD_HANDLES_THRESHOLD
_READERS_KEY = ("__session_handle_readers",)
_DELETERS_KEY = ("__session_handle_deleters",)
_dead_lock = threading.Lock()
_dead_handles = weakref.WeakKeyDictionary()  # session -> handles dropped without delete()


class TensorHandle:
    """A handle for a live tensor in a session: `handle` is `"<op name>;<id>;<device>"`."""

    def __init__(self, handle, dtype, session):
        if isinstance(handle, np.ndarray):
            handle = handle.item()
        self._handle = handle.decode("utf-8") if isinstance(handle, bytes) else str(handle)
        self._dtype = dtypes.as_dtype(dtype)
        self._session = session
        self._auto_gc_enabled = True

    def __del__(self):
        if getattr(self, "_auto_gc_enabled", False):
            _register_dead_handle(self._session, self._handle)

    def __str__(self):
        return self._handle

    def __repr__(self):
        return f"<TensorHandle {self._handle!r} dtype={self._dtype.name}>"

    @property
    def handle(self) -> str:
        """The string form of this handle."""
        return self._handle

    def eval(self):
        """The value of the tensor this handle names.

        Raises:
            TypeError: the handle was deleted or its raw handle taken.
            errors.InvalidArgumentError: the session holds no value for it.
        """
        if not self._auto_gc_enabled:
            raise TypeError(f"Persistent tensor {self._handle} may have already been deleted.")
        holder, reader = _reader(self._session.graph, self._handle, self._dtype)
        return self._session.run(reader, feed_dict={holder: self._handle})

    def delete(self):
        """Deletes the tensor from the session now. Raises TypeError when already deleted."""
        if not self._auto_gc_enabled:
            raise TypeError(f"Persistent tensor {self._handle} may have already been deleted.")
        self._auto_gc_enabled = False
        holder, deleter = _deleter(self._session.graph, 0, self._handle)
        self._session.run(deleter, feed_dict={holder: self._handle})

    def get_raw_handle(self) -> str:
        """The handle string; the caller now owns the tensor's lifetime (no deletion when dropped)."""
        self._auto_gc_enabled = False
        return self._handle

    def fed_value(self, tensor):
        """The stored value, as the value fed for `tensor` (TF resolves a fed handle so, its shape unchecked).

        Raises:
            errors.InvalidArgumentError: the session holds no value for this handle, or one of
                another dtype than `tensor`'s.
        """
        value = session_tensors.lookup(self._session.runtime.resource, self._handle)
        found = dtypes.as_dtype(value.dtype)
        wanted = tensor.dtype.base_dtype
        if found.base_dtype != wanted:
            raise errors.InvalidArgumentError(None, None, f"Expects arg[0] to be {_type_name(wanted)} but "
                                                          f"{_type_name(found)} is provided")
        return value

    @staticmethod
    def _get_device_name(handle):
        return device_spec.canonical_name(str(handle).split(";")[-1])

    @staticmethod
    def _get_reader_key(handle):
        parts = str(handle).split(";")
        return parts[0] + ";" + parts[-1]


def _type_name(dtype) -> str:
    names = {"float32": "float", "float64": "double", "float16": "half"}  # TF's DataTypeString
    return names.get(dtype.name, dtype.name)


def _graph_table(graph, key) -> dict:
    items = graph.get_collection_ref(key)
    if not items:
        items.append({})
    return items[0]


def _string_placeholder(graph):
    return apply_op("Placeholder", [], {"dtype": dtypes.string, "shape": None}, name="Placeholder",
                    graph=graph).outputs[0]


def _reader(graph, handle, dtype):
    """(placeholder, GetSessionTensor output) reading handles of this op and device, built once per graph."""
    table = _graph_table(graph, _READERS_KEY)
    key = TensorHandle._get_reader_key(handle)
    if key not in table:
        with graph.as_default(), graph.device(TensorHandle._get_device_name(handle)):
            holder = _string_placeholder(graph)
            reader = apply_op("GetSessionTensor", [holder], {"dtype": dtype.base_dtype}, name="GetSessionTensor",
                              graph=graph).outputs[0]
        table[key] = (holder, reader)
    return table[key]


def _deleter(graph, deleter_key, handle):
    """(placeholder, DeleteSessionTensor op) number `deleter_key` of the graph, built once."""
    table = _graph_table(graph, _DELETERS_KEY)
    if deleter_key not in table:
        with graph.as_default(), graph.device(TensorHandle._get_device_name(handle)):
            holder = _string_placeholder(graph)
            table[deleter_key] = (holder, apply_op("DeleteSessionTensor", [holder], {}, name="DeleteSessionTensor",
                                                   graph=graph))
    return table[deleter_key]


def _register_dead_handle(session, handle):
    """Remembers a dropped handle; every tenth, deletes the remembered ones in one run (TF's batching)."""
    with _dead_lock:
        dead = _dead_handles.setdefault(session, [])
        dead.append(handle)
        if len(dead) < DEAD_HANDLES_THRESHOLD:
            return
        _dead_handles[session] = []
    if getattr(session, "_closed", True):
        return  # a closed session released its store
    feeds, fetches = {}, []
    for key, name in enumerate(dead):
        holder, deleter = _deleter(session.graph, key, name)
        feeds[holder] = name
        fetches.append(deleter)
    session.run(fetches, feed_dict=feeds)


def wrap_handles(values, handle_dtypes, session):
    """`values` with each position in `handle_dtypes` ({index: dtype}) a TensorHandle of `session`."""
    for i, dtype in handle_dtypes.items():
        if values[i] is not None:
            values[i] = TensorHandle(values[i], dtype, session)
    return values
