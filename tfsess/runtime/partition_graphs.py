"""RunMetadata.partition_graphs: the GraphDef each device ran for one plan, as TF's DirectSession writes them.

Each device gets the plan's ops placed on it, with full device names; a tensor crossing devices
becomes a `_Send` on the producer's device and a `_Recv` on the consumer's; fed tensors enter as
`_Arg` nodes and fetched ones leave through `_Retval` nodes on the host CPU.
"""
from __future__ import annotations

import itertools

from tfsess.framework.graph_def import attr_value, node_def


def partition_graph_defs(plan, host) -> list:
    """One GraphDef message per device that `plan` runs on (needs the optional protobuf package)."""
    from tfsess.protos import graph_pb2, node_def_pb2  # optional dependency: protobuf
    device_of = _op_devices(plan, host)
    builder = _Partitions(graph_pb2.GraphDef, node_def_pb2.NodeDef, host)
    feeds = {t: builder.arg(t, k) for k, t in enumerate(plan.feed_tensors)}
    for op in plan.ops:
        node = node_def(op)
        del node.input[:]
        device = device_of.get(op, host)
        node.device = device.name
        for t in op.inputs:
            node.input.append(feeds[t] if t in feeds else builder.edge(t, device_of.get(t.op, host), device))
        for c in sorted(op.control_inputs, key=lambda c: c.name):
            if c in device_of:
                node.input.append("^" + builder.edge(None, device_of[c], device, control_op=c))
        builder.add(device, node)
    for k, t in enumerate(plan.fetch_tensors):
        source = feeds[t] if t in feeds else builder.edge(t, device_of.get(t.op, host), host)
        builder.retval(t, k, source)
    return [builder.graphs[name] for name in sorted(builder.graphs)]


def _op_devices(plan, host) -> dict:
    steps = list(plan.folded) + list(plan.eliminated) + list(plan.steps)
    steps += [step for _, chain in plan.fused for step in chain]
    return {step.op: step.device or host for step in steps}


class _Partitions:
    """The GraphDefs being written, one per device name, and the Send/Recv pairs made so far."""

    def __init__(self, graph_def_class, node_def_class, host):
        self.graph_def_class, self.node_def_class, self.host = graph_def_class, node_def_class, host
        self.graphs = {}
        self.recvs = {}            # (tensor or op, consumer device name) -> _Recv node name
        self.counter = itertools.count()

    def add(self, device, node):
        graph = self.graphs.get(device.name)
        if graph is None:
            graph = self.graphs[device.name] = self.graph_def_class()
        graph.node.add().CopyFrom(node)

    def _node(self, device, name, op_type, inputs=(), **attrs):
        node = self.node_def_class(name=name, op=op_type, device=device.name)
        node.input.extend(inputs)
        for key, value in attrs.items():
            node.attr[key].CopyFrom(attr_value(key, value))
        self.add(device, node)
        return name

    def arg(self, tensor, index):
        return self._node(self.host, f"_arg_{tensor.op.name}_{tensor.value_index}_{index}", "_Arg",
                          T=tensor.dtype.base_dtype, index=index)

    def retval(self, tensor, index, source):
        self._node(self.host, f"_retval_{tensor.op.name}_{tensor.value_index}_{index}", "_Retval", [source],
                   T=tensor.dtype.base_dtype, index=index)

    def edge(self, tensor, source, dest, control_op=None):
        """The input name on `dest` for `tensor` made on `source`: the tensor itself, or a _Recv of it."""
        op = control_op or tensor.op
        name = op.name if tensor is None or tensor.value_index == 0 else tensor.name
        if source is dest:
            return name
        key = (tensor if control_op is None else op, dest.name)
        if key not in self.recvs:
            dtype = {"T": tensor.dtype.base_dtype} if tensor is not None else {}
            tensor_name = tensor.name if tensor is not None else op.name
            common = dict(tensor_name=tensor_name, send_device=source.name, recv_device=dest.name,
                          client_terminated=False, **dtype)
            self._node(source, f"{op.name}/_{next(self.counter)}", "_Send", [name], **common)
            self.recvs[key] = self._node(dest, f"{op.name}/_{next(self.counter)}", "_Recv", **common)
        return self.recvs[key]
