"""Dataset.padded_batch as TF 2.21 builds it: padded shapes become int64 vector inputs of the op (-1 for a
dimension padded to the longest in the batch), padding values are scalar inputs of the component's own dtype,
and the op is TF's PaddedBatchDatasetV2 (input_dataset, batch_size, padded_shapes, padding_values,
drop_remainder), so a GraphDef moves between TF and tfsess either way.
"""
from __future__ import annotations

import numpy as np

from tfsess.data import structure
from tfsess.framework import dtypes
from tfsess.framework.op_builder import constant_value, convert_to_tensor
from tfsess.framework.operation import Tensor
from tfsess.framework.tensor_shape import TensorShape, as_shape
from tfsess.framework.tensor_util import shape_from_tensor


def _check_component(spec):
    if isinstance(spec, structure.DatasetSpec):
        raise TypeError("`padded_batch` is not supported for datasets of datasets")
    if not isinstance(spec, structure.Spec) or spec.cls is not Tensor:
        raise TypeError("`padded_batch` is only supported for datasets that produce tensor elements but type "
                        "spec of elements in the input dataset is not a subclass of TensorSpec: "
                        f"`{spec!r}`.")


def _fits(padded, component):
    """Whether an element of shape `component` can be padded to `padded` (TF's rule: never smaller)."""
    if padded.ndims is None or component.ndims is None:
        return True
    return padded.ndims == component.ndims and all(
        p is None or c is None or p >= c for p, c in zip(padded.as_list(), component.as_list()))


def _shape_tensor(padded_shape, component_shape):
    """The int64 vector input for one padded shape, and the shape it denotes."""
    try:
        shape = as_shape(padded_shape)
        if shape.ndims is None:
            raise ValueError("a shape of unknown rank is no vector")
        tensor = convert_to_tensor([-1 if d is None else d for d in shape.as_list()], dtypes.int64)
    except (TypeError, ValueError):
        tensor = convert_to_tensor(padded_shape, preferred_dtype=dtypes.int64)
        if tensor.shape.ndims is not None and tensor.shape.ndims != 1:
            raise ValueError(f"Padded shape {padded_shape} must be a `tf.int64` vector tensor, but its shape "
                             f"was {tensor.shape}.") from None
        if tensor.dtype.base_dtype != dtypes.int64:
            raise TypeError(f"Padded shape {padded_shape} must be a `tf.int64` vector tensor, but its element "
                            f"type was {tensor.dtype.base_dtype.name}.") from None
        shape = shape_from_tensor(tensor)
    if not _fits(shape, component_shape):
        raise ValueError(f"The padded shape {shape} is not compatible with the shape {component_shape} of the "
                         "corresponding input component.")
    return tensor, shape


def _shapes_up_to(specs, shapes):
    """The padded shape of each component, as given (TF's flatten_up_to: a list is one shape)."""
    if isinstance(specs, (tuple, dict)):
        if not isinstance(shapes, dict if isinstance(specs, dict) else tuple):
            raise TypeError("If shallow structure is a sequence, input must also be a sequence. Input has type: "
                            f"'{type(shapes).__name__}'.")
        if isinstance(specs, dict):
            missing = sorted(set(specs) - set(shapes))
            if missing:
                raise ValueError(f"The two structures don't have the same keys. Input structure has keys "
                                 f"{sorted(shapes)}, while shallow structure has keys {sorted(specs)}.")
            return [x for k in sorted(specs) for x in _shapes_up_to(specs[k], shapes[k])]
        _check_sequence_type(specs, shapes)
        if len(specs) != len(shapes):
            raise ValueError(f"The two structures don't have the same sequence length. Input structure has length "
                             f"{len(shapes)}, while shallow structure has length {len(specs)}.")
        return [x for spec, shape in zip(specs, shapes) for x in _shapes_up_to(spec, shape)]
    return [shapes]


def _check_sequence_type(specs, given):
    """TF's flatten_up_to check: a namedtuple element takes only its own namedtuple class (not a tuple,
    nor another class of the same name and fields)."""
    if type(specs) is type(given) or not isinstance(given, tuple):
        return
    raise TypeError("The two structures don't have the same sequence type. Input structure has type "
                    f"'{type(given).__name__}', while shallow structure has type '{type(specs).__name__}'.")


def _default_padding(dtype):
    if dtype == dtypes.string:
        return ""
    if dtype == dtypes.variant:
        raise TypeError("Unable to create default padding value for a component of type 'variant'.")
    return np.zeros((), dtype.as_numpy_dtype)


def _value_tensor(value, dtype):
    tensor = convert_to_tensor(value, name="padding_value")  # no dtype: TF demands the component's own
    if not tensor.shape.is_compatible_with(TensorShape([])):
        raise ValueError("Invalid `padding_values`. `padding_values` values should be scalars, but got "
                         f"{tensor.shape}.")
    if tensor.dtype.base_dtype != dtype:
        raise TypeError(f"Invalid `padding_values`. `padding_values` values type {tensor.dtype.base_dtype!r} does "
                        f"not match type {dtype!r} of the corresponding input component.")
    return tensor


def _padding_leaves(specs, padding_values, count):
    """One padding value (or None) per component. tf.data's nest: tuples and dicts are structures, anything
    else (a list included) one value that serves every component."""
    if padding_values is None:
        return [None] * count
    if not isinstance(padding_values, (tuple, dict)):
        return [padding_values] * count
    if not isinstance(specs, (tuple, dict)):
        raise TypeError("If shallow structure is a sequence, input must also be a sequence. Input has type: "
                        f"'{type(specs).__name__}'.")
    if isinstance(specs, tuple):
        _check_sequence_type(specs, padding_values)
    if isinstance(specs, dict) != isinstance(padding_values, dict) or not structure.same_structure(
            specs, padding_values):
        raise TypeError(f"The two structures don't have the same nested structure: {specs} and {padding_values}.")
    return structure.leaves(padding_values)


def padded_batch(dataset, batch_size, padded_shapes=None, padding_values=None, drop_remainder=False):
    """`dataset` batched with each component padded to its padded shape (Dataset.padded_batch)."""
    specs = dataset._specs
    spec_leaves = structure.leaves(specs)
    for spec in spec_leaves:
        _check_component(spec)
    if padded_shapes is None:
        shape_leaves = [s.shape for s in spec_leaves]
        for i, shape in enumerate(shape_leaves):
            if shape.ndims is None:
                raise ValueError(f"You must provide `padded_shapes` argument because component {i} has unknown "
                                 "rank.")
    else:
        shape_leaves = _shapes_up_to(specs, padded_shapes)
    size = convert_to_tensor(batch_size, dtypes.int64, name="batch_size")
    values = _padding_leaves(specs, padding_values, len(spec_leaves))
    shapes = [_shape_tensor(p, s.shape) for p, s in zip(shape_leaves, spec_leaves)]
    pads = [_value_tensor(_default_padding(s.dtype) if v is None else v, s.dtype)
            for s, v in zip(spec_leaves, values)]
    drop = convert_to_tensor(drop_remainder, dtypes.bool, name="drop_remainder")
    dim = constant_value(size) if constant_value(drop) else None
    out = [structure.Spec(s.dtype, TensorShape([None if dim is None else int(dim)]).concatenate(shape))
           for s, (_, shape) in zip(spec_leaves, shapes)]
    out_specs = structure.pack(specs, out)
    attrs = {"Toutput_types": [s.dtype for s in spec_leaves], "output_shapes": [s.shape for s in out],
             "N": len(shapes), "parallel_copy": False}
    return dataset._derived("PaddedBatchDatasetV2", [size] + [t for t, _ in shapes] + pads + [drop], out_specs,
                            attrs, typed=False)
