"""The messages of tf.profiler (TF's tfprof_output.proto and tfprof_log.proto) on the plain-Python message engine.

GraphNodeProto is one node of a 'scope' profile, MultiGraphNodeProto one op type of an 'op'
profile; OpLogProto carries extra op types and float ops per op.
"""
from __future__ import annotations

from tfsess.framework import message
from tfsess.framework.config_pb import TensorShapeProto
from tfsess.framework.message import Message, map_of, repeated

_STATS = {
    "exec_micros": "int64", "accelerator_exec_micros": "int64", "cpu_exec_micros": "int64",
    "requested_bytes": "int64", "peak_bytes": "int64", "residual_bytes": "int64", "output_bytes": "int64",
    "parameters": "int64", "float_ops": "int64",
}
_TOTALS = {"total_" + name: kind for name, kind in _STATS.items()}


def _self_children(cls, field: str) -> None:
    """Adds `field`, a repeated field of `cls` itself (a message cannot name its class in its own body)."""
    cls.FIELDS = dict(cls.FIELDS, **{field: repeated(cls)})
    cls._fields = dict(cls._fields, **{field: message._describe(cls.__qualname__, field, repeated(cls))})


class GraphNodeProto(Message):
    """One node of a profile's tree: its own statistics, those of its subtree (total_*), and its children."""
    FIELDS = dict({"name": "string", "run_count": "int64"}, **_STATS, devices=repeated("string"),
                  total_definition_count="int64", total_run_count="int64", **_TOTALS,
                  shapes=repeated(TensorShapeProto))


_self_children(GraphNodeProto, "children")


class MultiGraphNodeProto(Message):
    """The nodes of one op type (an 'op' profile): their summed statistics and the graph nodes themselves."""
    FIELDS = dict({"name": "string"}, **_STATS, **_TOTALS, graph_nodes=repeated(GraphNodeProto))


_self_children(MultiGraphNodeProto, "children")


class OpLogEntry(Message):
    """Extra facts of one op: its float ops and extra types (e.g. '_trainable_variables')."""
    FIELDS = {"name": "string", "float_ops": "int64", "types": repeated("string")}


class OpLogProto(Message):
    """The extra facts of a graph's ops (tf.profiler.OpLogProto)."""
    FIELDS = {"log_entries": repeated(OpLogEntry), "id_to_string": map_of("int64", "string")}


__all__ = ["GraphNodeProto", "MultiGraphNodeProto", "OpLogProto"]
