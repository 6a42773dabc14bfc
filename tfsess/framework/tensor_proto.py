"""NumPy arrays <-> TensorProto messages (tf.make_tensor_proto, tf.make_ndarray), as TF lays them out.

The messages come from tfsess.protos, which need the optional `protobuf` package; each public
function imports them when first called.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import bounded_io, dtypes

# The typed repeated field of each dtype, for values TF stores one number at a time.
_VAL_FIELD = {
    "float32": "float_val", "float64": "double_val", "int32": "int_val", "uint8": "int_val",
    "int16": "int_val", "int8": "int_val", "uint16": "int_val", "int64": "int64_val", "bool": "bool_val",
    "uint32": "uint32_val", "uint64": "uint64_val", "float16": "half_val", "complex64": "scomplex_val",
    "complex128": "dcomplex_val", "string": "string_val", "bfloat16": "half_val",
    "qint8": "int_val", "quint8": "int_val", "qint16": "int_val", "quint16": "int_val", "qint32": "int_val",
    "float8_e5m2": "float8_val", "float8_e4m3fn": "float8_val", "float8_e4m3fnuz": "float8_val",
    "float8_e4m3b11fnuz": "float8_val", "float8_e5m2fnuz": "float8_val",
    "int4": "int_val", "uint4": "int_val", "int2": "int_val", "uint2": "int_val",
}
_HALF_BITS = ("float16", "bfloat16")  # half_val holds their 16-bit patterns
_SUB_BYTE = ("int4", "uint4", "int2", "uint2")  # never in tensor_content: TF lists their values one by one


def _protos():
    from tfsess.protos import tensor_pb2  # optional dependency: protobuf
    return tensor_pb2


def shape_proto(shape):
    """A TensorShapeProto for a TensorShape, a list of int/None, or None (unknown rank)."""
    from tfsess.protos import tensor_shape_pb2  # optional dependency: protobuf
    dims = shape.as_tuple_or_none() if hasattr(shape, "as_tuple_or_none") else shape
    if dims is None:
        return tensor_shape_pb2.TensorShapeProto(unknown_rank=True)
    return tensor_shape_pb2.TensorShapeProto(
        dim=[tensor_shape_pb2.TensorShapeProto.Dim(size=-1 if d is None else int(d)) for d in dims])


def _as_bytes(value) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def make_tensor_proto(values, dtype=None, shape=None, verify_shape=False, allow_broadcast=False, *,
                      content: bool = False):
    """A TensorProto holding `values` (tf.make_tensor_proto, the Const `value` attr layout).

    Numeric arrays of more than one element go into `tensor_content` (raw little-endian bytes),
    single values into the typed `*_val` field, strings into `string_val`, as TF's Python does.
    `content=True` puts every numeric array into `tensor_content` (the C++ AsProtoTensorContent
    that summary kernels use).

    `shape` reshapes `values` of as many elements, or fills it with a single value.

    Raises:
      TypeError: `values` has a dtype with no TensorProto layout here (resource, variant), or
        `verify_shape` and `values` does not have `shape`.
      ValueError: `values` has more elements than `shape`, or too few to fill it.
    """
    dtype = dtypes.as_dtype(dtype).base_dtype if dtype is not None else None
    array = np.asarray(values, dtype=object if dtype == dtypes.string else
                       (dtypes.storage_numpy_type(dtype) if dtype is not None else None))
    if array.dtype.names:  # a quantized type's structured array: its one integer field
        dtype = dtype or dtypes.as_dtype(array.dtype)
        array = array.view(array.dtype[0])
    if shape is not None:
        array = _shaped(array, [int(d) for d in shape], verify_shape, allow_broadcast)
    if dtype is None:
        dtype = dtypes.string if array.dtype.kind in "OSU" else dtypes.as_dtype(array.dtype)
    if dtype.name in _SUB_BYTE:
        content = False
    field = _VAL_FIELD.get(dtype.name)
    if field is None:
        raise TypeError(f"Cannot make a TensorProto of dtype {dtype.name}")
    proto = _protos().TensorProto(dtype=dtype.as_datatype_enum, tensor_shape=shape_proto(list(array.shape)))
    if not content and array.size > 1 and not any(array.strides):
        # one value broadcast over the shape (make_ndarray(read_only=True) of TF's compact form): keep it compact
        one = np.asarray(array[(0,) * array.ndim], dtype=array.dtype).reshape(1)
        if dtype == dtypes.string:
            proto.string_val.append(_as_bytes(one[0]))
        else:
            getattr(proto, field).extend(_flat_values(one, dtype))
    elif dtype == dtypes.string:
        proto.string_val.extend(_as_bytes(v) for v in array.ravel())
    elif (content or array.size > 1) and dtype.name not in _SUB_BYTE:
        proto.tensor_content = np.ascontiguousarray(array, array.dtype.newbyteorder("<")).tobytes()
    elif array.size >= 1 and field == "float8_val":
        proto.float8_val = _flat_values(array, dtype)
    elif array.size >= 1:
        getattr(proto, field).extend(_flat_values(array, dtype))
    return proto


def _shaped(array, shape, verify_shape, allow_broadcast):
    size = int(np.prod(shape, dtype=np.int64))
    if verify_shape and list(array.shape) != shape:
        raise TypeError(f"Expected Tensor's shape: {tuple(shape)}, but got {array.shape}.")
    if allow_broadcast:
        return np.broadcast_to(array, shape)
    if array.size > size:
        raise ValueError(f"Too many elements provided. Takes at most {size:d}, but got {array.size:d}.")
    if array.size == size:
        return array.reshape(shape)
    if array.size == 1:
        return np.broadcast_to(array.reshape(()), shape)
    raise ValueError(f"Expected {size} elements to fill shape {shape}, but got {array.size}.")


def _flat_values(array, dtype):
    flat = array.ravel()
    if dtype.name in _HALF_BITS:
        return flat.view(np.uint16).astype(np.int32).tolist()  # TF stores half bit patterns
    if dtype.name in _SUB_BYTE:
        return flat.astype(np.int32).tolist()
    if _VAL_FIELD[dtype.name] == "float8_val":
        return flat.tobytes()  # one byte a value
    if dtype.is_complex:
        return np.stack([flat.real, flat.imag], axis=-1).ravel().tolist()
    return flat.tolist()


def make_ndarray(proto, read_only=False) -> np.ndarray:
    """The NumPy array a TensorProto holds (tf.make_ndarray); strings come back as bytes objects.

    `read_only=True` returns a read-only array, and a proto that holds one value (or none) for a
    whole shape becomes a broadcast view of it: a shape claimed by the proto costs no memory.

    Raises:
      TypeError: the proto's dtype has no NumPy form here.
      ValueError: the shape has more than 2**63 - 1 elements, or `tensor_content` does not hold it.
    """
    dtype = dtypes.as_dtype(proto.dtype).base_dtype
    if dtype.name not in _VAL_FIELD:
        raise TypeError(f"Cannot make a NumPy array of a TensorProto of dtype {dtype.name}")
    shape = tuple(d.size for d in proto.tensor_shape.dim)
    size = bounded_io.element_count(shape)
    if dtype == dtypes.string:
        values = np.empty(len(proto.string_val), dtype=object)
        values[:] = list(proto.string_val)
    elif proto.tensor_content:
        np_dtype = np.dtype(dtype.as_numpy_dtype)  # a quantized type's comes back structured, as in TF
        if len(proto.tensor_content) != size * np_dtype.itemsize:
            raise ValueError(f"tensor_content of {len(proto.tensor_content)} bytes does not hold shape "
                             f"{list(shape)} of {dtype.name}")
        return _finish(np.frombuffer(proto.tensor_content, np_dtype.newbyteorder("<")).astype(np_dtype)
                       .reshape(shape), read_only)
    else:
        field = _VAL_FIELD[dtype.name]
        raw = np.frombuffer(proto.float8_val, np.uint8) if field == "float8_val" else list(getattr(proto, field))
        if dtype.name in _HALF_BITS or field == "float8_val":
            values = np.asarray(raw, np.uint16 if field == "half_val" else np.uint8).view(dtype.as_numpy_dtype)
        elif dtype.name in _SUB_BYTE:
            values = np.asarray(raw, np.int8).astype(dtype.as_numpy_dtype)
        elif dtype.is_quantized:
            values = np.asarray(raw, dtypes.storage_numpy_type(dtype)).view(dtype.as_numpy_dtype)
        elif dtype.is_complex:
            pairs = np.asarray(raw, dtype.real_dtype.as_numpy_dtype).reshape(-1, 2)
            values = (pairs[:, 0] + 1j * pairs[:, 1]).astype(dtype.as_numpy_dtype)
        else:
            values = np.asarray(raw, dtype.as_numpy_dtype)
    if values.size == size:
        return _finish(values.reshape(shape), read_only)
    if size == 0:
        return _finish(values[:0].reshape(shape), read_only)
    if values.size > size:
        raise ValueError(f"{values.size} values do not fit shape {list(shape)}")
    if values.size == 0:
        values = np.zeros(1, dtype=values.dtype if dtype != dtypes.string else object)
        if dtype == dtypes.string:
            values[0] = b""
    if read_only and values.size == 1:
        return np.broadcast_to(values.reshape(()), shape)  # read-only already, and no bigger than one value
    # a list shorter than the shape repeats its last element (TF's make_ndarray)
    return _finish(np.concatenate([values, np.repeat(values[-1:], size - values.size)]).reshape(shape), read_only)


def _finish(array, read_only):
    if read_only:
        array.flags.writeable = False
    return array
