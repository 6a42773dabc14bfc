"""What a from_generator generator yields, checked against the dataset's specs and cut into the flat
arrays a pipeline carries: a dense component as one array, a SparseTensor one (a SparseTensorValue)
as indices, values and dense_shape, a RaggedTensor one (a RaggedTensorValue) as its flat values then
its row splits. Each mismatch is TF's InvalidArgumentError, its text that of TF's generator py_func (under an
output_signature, a string component holding something other than bytes or str: TF's InternalError)."""
from __future__ import annotations

import numpy as np

from tfsess.data import structure
from tfsess.framework import dtypes, errors
from tfsess.framework.sparse_tensor import SparseTensor, SparseTensorValue
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops.ragged.ragged_tensor_value import RaggedTensorSpec, RaggedTensorValue


def convert_generated(item, specs, numpy_conversion=False) -> list:
    """The flat arrays of the generated element `item`, whose structure must be `specs`'.

    `numpy_conversion`: the dataset has an output_signature, whose TF py_func converts components with
    NumPy and hands string ones over as object arrays (their items must then be bytes or str).
    """
    if not structure.matches(specs, item):
        raise _structure_error(specs, item)
    out = []
    for spec, value in zip(structure.leaves(specs), _generated_leaves(specs, item)):
        if isinstance(spec, RaggedTensorSpec):
            out += _ragged_arrays(spec, value, specs, item)
        elif spec.cls is SparseTensor:
            out += _sparse_arrays(spec, value, specs, item)
        else:
            if numpy_conversion and spec.dtype == dtypes.string:
                _check_string_items(value)
            out.append(_dense_array(spec, value))
    return out


def _generated_leaves(specs, item):
    if isinstance(specs, dict):
        return [x for k in sorted(specs) for x in _generated_leaves(specs[k], item[k])]
    if isinstance(specs, (tuple, list)):
        return [x for s, v in zip(specs, item) for x in _generated_leaves(s, v)]
    return [item]


def _structure_error(specs, item):
    return errors.InvalidArgumentError(None, None, "TypeError: `generator` yielded an element that did not match "
                                       f"the expected structure. The expected structure was {specs}, but the "
                                       f"yielded element was {item}.")


def _check_string_items(value):
    for item in np.asarray(value, dtype=object).reshape(-1):
        if not isinstance(item, (bytes, str)):
            raise errors.InternalError(None, None, f"Unsupported object type {type(item).__name__}")


def _converted(value, dtype):
    try:
        return structure.as_array(value, dtype)
    except (TypeError, ValueError) as exc:
        raise errors.InvalidArgumentError(None, None, "TypeError: `generator` yielded an element that could not be "
                                          f"converted to the expected type {dtype.name}: {exc}")


def _dense_array(spec, value):
    arr = _converted(value, spec.dtype)
    if not spec.shape.is_compatible_with(TensorShape(arr.shape)):
        raise errors.InvalidArgumentError(None, None, f"`generator` yielded an element of shape {tuple(arr.shape)} "
                                          f"where an element of shape {spec.shape} was expected.")
    return arr


def _sparse_arrays(spec, value, specs, item):
    if not isinstance(value, SparseTensorValue):
        raise _structure_error(specs, item)
    values = _converted(value.values, spec.dtype).reshape(-1)
    shape = _converted(value.dense_shape, dtypes.int64).reshape(-1)
    indices = _converted(value.indices, dtypes.int64)
    if indices.size != values.size * shape.size:
        raise errors.InvalidArgumentError(None, None, f"TypeError: `generator` yielded a SparseTensorValue whose "
                                          f"indices of shape {list(indices.shape)} do not fit its {values.size} "
                                          f"values of rank {shape.size}.")
    indices = indices.reshape(values.size, shape.size)
    yielded = structure.Spec(spec.dtype, TensorShape([int(d) for d in shape]), SparseTensor)
    if not spec.shape.is_compatible_with(yielded.shape):
        raise errors.InvalidArgumentError(None, None, f"TypeError: `generator` yielded an element of {yielded!r} "
                                          f"where an element of {spec!r} was expected.")
    return [indices, values, shape]


def _ragged_arrays(spec, value, specs, item):
    if not isinstance(value, RaggedTensorValue):
        raise _structure_error(specs, item)
    flat = _converted(value.flat_values, spec.dtype)
    splits = [np.asarray(s, dtype=spec.row_splits_dtype.as_numpy_dtype) for s in value.nested_row_splits]
    shape = TensorShape([len(splits[0]) - 1] + [None] * len(splits)).concatenate(flat.shape[1:])
    yielded = RaggedTensorSpec(shape, spec.dtype, len(splits), spec.row_splits_dtype)
    if not spec.is_compatible_with(yielded):
        raise errors.InvalidArgumentError(None, None, f"TypeError: `generator` yielded an element of {yielded!r} "
                                          f"where an element of {spec!r} was expected.")
    return [flat] + splits
