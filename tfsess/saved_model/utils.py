"""TensorInfo messages: how a SignatureDef names a tensor (tf.saved_model.utils)."""
from __future__ import annotations

from tfsess.framework.graph import get_default_graph
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.framework.tensor_proto import shape_proto


def build_tensor_info(tensor):
    """The TensorInfo message of a Tensor or SparseTensor: its name (or component names), dtype and shape.

    Raises:
        AttributeError: `tensor` is neither (TF reads its dtype without a check).
    """
    from tfsess.protos import meta_graph_pb2  # optional dependency: protobuf
    if isinstance(tensor, SparseTensor):
        info = meta_graph_pb2.TensorInfo(dtype=tensor.dtype.as_datatype_enum)
        info.coo_sparse.values_tensor_name = tensor.values.name
        info.coo_sparse.indices_tensor_name = tensor.indices.name
        info.coo_sparse.dense_shape_tensor_name = tensor.dense_shape.name
        info.tensor_shape.CopyFrom(shape_proto(tensor.shape))
        return info
    if not hasattr(tensor, "op") or not hasattr(tensor, "value_index"):
        raise AttributeError(f"'{type(tensor).__name__}' object has no attribute 'dtype'")
    info = meta_graph_pb2.TensorInfo(name=tensor.name, dtype=tensor.dtype.base_dtype.as_datatype_enum)
    info.tensor_shape.CopyFrom(shape_proto(tensor.shape))
    return info


def get_tensor_from_tensor_info(tensor_info, graph=None, import_scope=None):
    """The Tensor or SparseTensor a TensorInfo names, in `graph` (default: the default graph).

    Raises:
        KeyError: a name is not in the graph.
        ValueError: the TensorInfo names no tensor.
    """
    graph = graph or get_default_graph()

    def tensor(name):
        return graph.get_tensor_by_name(f"{import_scope}/{name}" if import_scope else name)
    encoding = tensor_info.WhichOneof("encoding")
    if encoding == "name":
        return tensor(tensor_info.name)
    if encoding == "coo_sparse":
        coo = tensor_info.coo_sparse
        return SparseTensor(tensor(coo.indices_tensor_name), tensor(coo.values_tensor_name),
                            tensor(coo.dense_shape_tensor_name))
    raise ValueError(f"Invalid TensorInfo.encoding: {encoding}")


__all__ = ["build_tensor_info", "get_tensor_from_tensor_info"]
