"""tf.test.assert_equal_graph_def: two GraphDefs equal up to node, attr and control-input order.

Nodes are matched by name; the first difference is reported as TF's EqualGraphDef words it
(versions are not compared; attrs starting with '_' are ignored, as TF does by default).
"""
from __future__ import annotations

import re

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.tensor_proto import make_ndarray

_SHARDED_SAVE_OP_PATTERN = "_temp_[0-9a-z]{32}/part"
_TABLE_SHARED_NAME_PATTERN = r"hash_table_[0-9a-z\-]+"


def _is_graph_def(value) -> bool:
    return type(value).__name__ == "GraphDef" and hasattr(value, "node")


def _tensor_summary(tensor_proto) -> str:
    value = make_ndarray(tensor_proto)
    type_name = dtypes.as_dtype(tensor_proto.dtype).name
    type_name = {"float32": "float", "float64": "double", "string": "string"}.get(type_name, type_name)
    shape = "[" + ",".join(str(d) for d in value.shape) + "]"
    flat = value.ravel()
    shown = " ".join(x.decode("latin-1") if isinstance(x, bytes) else np.format_float_positional(x, trim="-")
                     if isinstance(x, (float, np.floating)) else str(x) for x in flat[:10])
    more = "..." if flat.size > 10 else ""
    return f"Tensor<type: {type_name} shape: {shape} values: {shown}{more}>"


def _summarize_attr(attr) -> str:
    kind = attr.WhichOneof("value")
    if kind == "tensor":
        return _tensor_summary(attr.tensor)
    if kind == "s":
        return '"' + attr.s.decode("latin-1") + '"'
    if kind == "b":
        return "true" if attr.b else "false"
    if kind == "type":
        return type(attr).DESCRIPTOR.fields_by_name["type"].enum_type.values_by_number[attr.type].name
    if kind == "shape":
        if attr.shape.unknown_rank:
            return "<unknown>"
        return "[" + ",".join("?" if d.size < 0 else str(d.size) for d in attr.shape.dim) + "]"
    if kind in ("i", "f"):
        return str(getattr(attr, kind))
    return str(attr).replace("\n", " ").strip()


def _diff_node(actual, expected):
    name = actual.name
    if actual.op != expected.op:
        return f"Node named '{name}' has op '{actual.op}' that is not expected '{expected.op}'"
    if actual.device != expected.device:
        return f"Node named '{name}' has device '{actual.device}' that is not expected '{expected.device}'"
    if len(actual.input) != len(expected.input):
        return f"Node named '{name}' has inputs '{', '.join(actual.input)}' that don't match expected " \
               f"'{', '.join(expected.input)}'"
    data_a = [i for i in actual.input if not i.startswith("^")]
    data_e = [i for i in expected.input if not i.startswith("^")]
    for i, (a, e) in enumerate(zip(data_a, data_e)):
        if a != e:
            return f"Node named '{name}' has input {i} '{a}' that doesn't match expected '{e}'"
    control_a = {i for i in actual.input if i.startswith("^")}
    control_e = {i for i in expected.input if i.startswith("^")}
    for c in sorted(control_e - control_a):
        return f"Node named '{name}' missing expected control input '{c}'"
    for c in sorted(control_a - control_e):
        return f"Node named '{name}' has unexpected control input '{c}'"
    for key in sorted(actual.attr):
        if key.startswith("_"):
            continue
        if key not in expected.attr:
            return f"Node named '{name}' has unexpected attr '{key}' with value: {_summarize_attr(actual.attr[key])}"
        if actual.attr[key] != expected.attr[key]:
            return (f"Node named '{name}' has attr '{key}' with value: {_summarize_attr(actual.attr[key])} that does "
                    f"not match expected: {_summarize_attr(expected.attr[key])}")
    for key in sorted(expected.attr):
        if not key.startswith("_") and key not in actual.attr:
            return f"Node named '{name}' missing expected attr '{key}' with value: " \
                   f"{_summarize_attr(expected.attr[key])}"
    return None


def _strip(graph_def, checkpoint_v2, hash_table_shared_name):
    for node in graph_def.node:
        drop = []
        for key in node.attr:
            strings = node.attr[key].tensor.string_val
            if checkpoint_v2 and len(strings) == 1 and strings[0] and re.match(
                    _SHARDED_SAVE_OP_PATTERN.encode(), strings[0]):
                drop.append(key)
        if (hash_table_shared_name and node.op == "HashTableV2" and "shared_name" in node.attr
                and re.match(_TABLE_SHARED_NAME_PATTERN.encode(), node.attr["shared_name"].s)):
            drop.append("shared_name")
        for key in drop:
            del node.attr[key]


def assert_equal_graph_def(actual, expected, checkpoint_v2=False, hash_table_shared_name=False):
    """Raises AssertionError naming the first difference between two GraphDefs (tf.test.assert_equal_graph_def).

    checkpoint_v2 ignores the randomized temp names of sharded V2 saves; hash_table_shared_name the
    random shared_name of HashTableV2 ops. TypeError if either is not a GraphDef.
    """
    if not _is_graph_def(actual):
        raise TypeError(f"Expected tf.GraphDef for actual, got {type(actual).__name__}")
    if not _is_graph_def(expected):
        raise TypeError(f"Expected tf.GraphDef for expected, got {type(expected).__name__}")
    if checkpoint_v2 or hash_table_shared_name:
        _strip(actual, checkpoint_v2, hash_table_shared_name)
        _strip(expected, checkpoint_v2, hash_table_shared_name)
    remaining = {node.name: node for node in actual.node}
    for node in expected.node:
        found = remaining.pop(node.name, None)
        if found is None:
            raise AssertionError(f"Did not find expected node '{node.name} = {node.op}[]()'")
        diff = _diff_node(found, node)
        if diff:
            raise AssertionError(diff)
    if remaining:
        node = next(iter(remaining.values()))
        raise AssertionError(f"Found unexpected node '{node.name} = {node.op}[]()'")


__all__ = ["assert_equal_graph_def"]
