"""Batch slicing of LinearOperators (`operator[...]`), as TF's linalg/slicing.py does it.

Each parameter of an operator (a tensor, or a nested operator) is broadcast to the operator's batch
rank, sliced with the same batch slices (a size-1, broadcast dimension takes its only entry) while
the dimensions it contributes to the matrix are kept whole, and the operator is built again from
its parameters and hints.
"""
from __future__ import annotations

import inspect

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.operation import Tensor
from tfsess.framework.tensor_util import constant_value
from tfsess.ops import array_ops, broadcast_ops, constant_op, extra_math_ops, indexing_ops, stack_ops

_HINT_ATTRIBUTES = {"is_non_singular": "_is_non_singular", "is_self_adjoint": "_is_self_adjoint",
                    "is_positive_definite": "_is_positive_definite",
                    "is_square": "_is_square_set_or_implied_by_hints"}


def rebuilt(linop, overrides):
    """A new operator of `linop`'s class from its parameters and hints, with `overrides` replacing some."""
    parameters = linop.parameters
    kwargs = {}
    for name in list(inspect.signature(type(linop).__init__).parameters)[1:]:
        if name in overrides:
            kwargs[name] = overrides[name]
        elif name in parameters:
            kwargs[name] = parameters[name]
        elif name in _HINT_ATTRIBUTES:
            kwargs[name] = getattr(linop, _HINT_ATTRIBUTES[name])
        elif name == "name":
            kwargs[name] = linop.name
        elif hasattr(linop, "_" + name):
            kwargs[name] = getattr(linop, "_" + name)
    return type(linop)(**kwargs)


def nested_operator_ndims(linop):
    """0 for each of a composite operator's `operators` (nested lists kept): they are sliced whole."""
    def zeros(value):
        return [zeros(v) for v in value] if isinstance(value, (list, tuple)) else 0
    return zeros(linop.operators)


def parameter_value(linop, name):
    """The operator's `name` parameter: its property (a converted tensor) where it has one."""
    value = getattr(linop, name, None)
    return value if value is not None and not callable(value) else linop.parameters.get(name)


def _map_up_to(fn, param, ndims):
    """fn(leaf, its ndims) over `param`, a structure whose nesting `ndims` gives (TF's map_structure_up_to)."""
    if isinstance(ndims, (list, tuple)):
        return type(param)(_map_up_to(fn, p, n) for p, n in zip(param, ndims))
    return fn(param, ndims)


def _static_where(condition, x, y):
    values = [constant_value(v) if isinstance(v, Tensor) else v for v in (condition, x, y)]
    if all(v is not None for v in values):
        return np.where(*values)
    return indexing_ops.where_v2(condition, x, y)


def _broadcast_parameter(param, param_ndims, batch_shape):
    """`param` broadcast to have at least the rank of `batch_shape` plus its matrix dimensions."""
    if hasattr(param, "batch_shape_tensor"):
        overrides = {}
        for name, ndims in param._experimental_parameter_ndims_to_matrix_ndims.items():
            sub = parameter_value(param, name)
            overrides[name] = _map_up_to(lambda p, n: _broadcast_parameter(p, n, batch_shape), sub, ndims)
        return rebuilt(param, overrides)
    base = stack_ops.concat([batch_shape, constant_op.ones([param_ndims], dtypes.int32)], 0)
    return broadcast_ops.broadcast_to(param, extra_math_ops.broadcast_dynamic_shape(base, array_ops.shape(param)))


def _sanitize_slices(slices, intended_shape, deficient_shape):
    """`slices` restricted so that a size-1 (broadcast) dimension is indexed at 0 or sliced to 0:1."""
    sanitized, idx = [], 0
    for slc in slices:
        if slc is Ellipsis:
            if idx < 0:
                raise ValueError(f"Found multiple `...` in slices {slices}")
            idx = -sum(s is not None for s in slices[slices.index(Ellipsis) + 1:])
        elif slc is not None:
            is_broadcast = intended_shape[idx] > deficient_shape[idx]
            if isinstance(slc, slice):
                start, stop, step = slc.start, slc.stop, slc.step
                start = None if start is None else _static_where(is_broadcast, 0, start)
                stop = None if stop is None else _static_where(is_broadcast, 1, stop)
                step = None if step is None else _static_where(is_broadcast, 1, step)
                slc = slice(start, stop, step)
            else:
                slc = _static_where(is_broadcast, 0, slc)
            idx += 1
        sanitized.append(slc)
    return sanitized


def _slice_param(param, param_ndims, slices, batch_shape):
    """`param` sliced along its batch dimensions as the operator's batch shape is by `slices`."""
    param = _broadcast_parameter(param, param_ndims, array_ops.ones_like(batch_shape))
    shape = param.batch_shape_tensor() if hasattr(param, "batch_shape_tensor") else array_ops.shape(param)
    param_batch_shape = shape[:array_ops.size(shape) - param_ndims]
    if constant_value(array_ops.size(batch_shape)) != 0 and constant_value(array_ops.size(param_batch_shape)) == 0:
        return param
    param_slices = _sanitize_slices(slices, batch_shape, param_batch_shape)
    if param_ndims > 0:
        if Ellipsis not in [s for s in slices if not isinstance(s, Tensor)]:
            param_slices.append(Ellipsis)
        param_slices += [slice(None)] * param_ndims
    return param.__getitem__(tuple(param_slices))


def batch_slice(linop, params_overrides, slices):
    """`linop` sliced along its batch dimensions by `slices` (ints, slices, tf.newaxis, Ellipsis, int tensors)."""
    if not isinstance(slices, (tuple, list)):
        slices = (slices,)
    slices = tuple(slices)
    if "batch_shape" in linop.parameters:  # Identity, Zeros: slice a proxy of their batch shape
        proxy = constant_op.ones(linop.batch_shape_tensor())
        return rebuilt(linop, dict(params_overrides, batch_shape=array_ops.shape(proxy[slices])))
    overrides = {}
    if not (len(slices) == 1 and slices[0] is Ellipsis):
        batch_shape = linop.batch_shape_tensor()
        for name, ndims in linop._experimental_parameter_ndims_to_matrix_ndims.items():
            param = parameter_value(linop, name)
            if param is not None:
                overrides[name] = _map_up_to(lambda p, n: _slice_param(p, n, slices, batch_shape), param, ndims)
    overrides.update(params_overrides)
    return rebuilt(linop, overrides)
