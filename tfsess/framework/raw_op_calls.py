"""tf.raw_ops: every registered op type as a function of keyword arguments named as TF names them.

    tf.raw_ops.ConcatV2(values=[a, b], axis=0, name=None)

The arguments of each op type come from raw_op_args.json beside this module (written by
tools/regenerate_op_signatures.py from TensorFlow 2.21's OpDefs and tf.raw_ops signatures; do not
edit it by hand). A record is [python name, inputs, output names, attrs, attr kinds]: an input is
[keyword, OpDef name, count attr, type attr, type-list attr, fixed dtype, is_ref], an attr is
[keyword, attr name], a kind is [attr type, allowed values, minimum].

As TF's op_def_library: inputs are converted in order, each to the dtype its type attr already has
(from an earlier input), so `Add(x=t, y=2)` makes a Const of t's dtype; the type and count attrs
follow from the inputs; the other attrs are checked by kind and allowed values; the op is built as
an imported NodeDef is (OpDef defaults filled in). Errors carry TF's classes and messages. Returns
the only output, a list for a list output, a namedtuple of the outputs, or the Operation.
"""
from __future__ import annotations

import collections
import inspect
import json
import numbers
import os

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.op_signatures import SIGNATURES
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import REGISTRY
from tfsess.framework.tensor_shape import as_shape
from tfsess.framework.tensor_proto import make_ndarray

_TABLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "raw_op_args.json")
_records = None
_functions: dict = {}


def _table() -> dict:
    global _records
    if _records is None:  # read on first use: tfsess's import stays cheap
        with open(_TABLE, encoding="utf-8") as f:
            _records = {k: v for k, v in json.load(f).items() if k in REGISTRY}
    return _records


def op_types() -> list:
    """The op types tf.raw_ops offers: those tfsess registers, of TF's."""
    return sorted(_table())


def function(op_type: str):
    """The tf.raw_ops function of `op_type`, or None when tfsess does not build that type."""
    if op_type not in _functions:
        record = _table().get(op_type)
        _functions[op_type] = None if record is None else _make_function(op_type, record)
    return _functions[op_type]


class _Spec:
    """One op type's record, unpacked."""

    def __init__(self, op_type, record):
        self.op_type = op_type
        self.py_name, self.inputs, self.output_names, attrs, self.kinds = record
        self.attrs = [tuple(a) for a in attrs]
        self.defaults = SIGNATURES[op_type][2] if op_type in SIGNATURES else {}
        self.output_args = SIGNATURES[op_type][1] if op_type in SIGNATURES else ()
        self.keys = [i[0] for i in self.inputs] + [a[0] for a in self.attrs] + ["name"]
        self.required = [i[0] for i in self.inputs] + [py for py, attr in self.attrs if attr not in self.defaults]
        self.tuple_type = (collections.namedtuple(op_type, self.output_names, rename=True)
                           if len(self.output_names) > 1 else None)


def _make_function(op_type, record):
    spec = _Spec(op_type, record)

    def raw_op(*args, **kwargs):
        if args:
            raise TypeError(f"{spec.py_name} only takes keyword args (possible keys: {spec.keys}). "
                            "Please pass these args as kwargs instead.")
        return _call(spec, kwargs)

    raw_op.__name__ = raw_op.__qualname__ = spec.py_name
    raw_op.__module__ = "tfsess.raw_ops"
    raw_op.__signature__ = _signature(spec)
    raw_op.__doc__ = _doc(spec)
    return raw_op


def _signature(spec):
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    required = [inspect.Parameter(key, kind) for key in spec.required]
    optional = [inspect.Parameter(py, kind, default=spec.defaults[attr])
                for py, attr in spec.attrs if attr in spec.defaults]
    return inspect.Signature(required + optional + [inspect.Parameter("name", kind, default=None)])


def _doc(spec):
    inputs = ", ".join(i[0] for i in spec.inputs) or "none"
    attrs = ", ".join(py for py, _ in spec.attrs) or "none"
    outputs = ", ".join(spec.output_names) or "none (returns the Operation)"
    return f"Builds one {spec.op_type} op.\n\nInputs: {inputs}.\nAttrs: {attrs}.\nOutputs: {outputs}.\n"


def _call(spec, kwargs):
    unexpected = [k for k in kwargs if k not in spec.keys]
    if unexpected:
        raise TypeError(f"{spec.py_name}() got an unexpected keyword argument '{unexpected[0]}'")
    missing = [k for k in spec.required if k not in kwargs]
    if missing:
        raise TypeError(f"{spec.py_name}() missing {len(missing)} required positional argument"
                        f"{'s' if len(missing) > 1 else ''}: {_names(missing)}")
    attrs = {attr: _attr(spec, attr, kwargs[py]) for py, attr in spec.attrs if py in kwargs}
    values = [kwargs[i[0]] for i in spec.inputs]
    with op_scope(kwargs.get("name"), spec.op_type, values) as scope:
        tensors = _inputs(spec, values, attrs)
        op = apply_op(spec.op_type, tensors, {**spec.defaults, **attrs}, name=scope)
    return _outputs(spec, op, attrs)


def _names(keys):
    quoted = [f"'{k}'" for k in keys]
    if len(quoted) <= 2:
        return " and ".join(quoted)
    return ", ".join(quoted[:-1]) + ", and " + quoted[-1]


def _inputs(spec, values, attrs):
    """The flat input tensors, converting values in order; sets the type and count attrs in `attrs`."""
    flat, first_of = [], {}
    for (py, arg_name, count_attr, type_attr, list_attr, fixed, is_ref), value in zip(spec.inputs, values):
        if count_attr or list_attr:
            if not isinstance(value, (list, tuple)):
                raise TypeError(f"Expected list for '{py}' argument to '{spec.py_name}' Op, not {value!r}.")
            _check_minimum(spec, count_attr, len(value), arg_name)
        if list_attr:
            tensors = [_convert(spec, v, None, f"{arg_name}_{k}", arg_name, is_ref) for k, v in enumerate(value)]
            attrs[list_attr] = [t.dtype.base_dtype for t in tensors]
            flat.extend(tensors)
            continue
        dtype = dtypes.as_dtype(fixed) if fixed else attrs.get(type_attr)
        if count_attr:
            attrs[count_attr] = len(value)
            if dtype is None:  # a list takes the dtype of its first tensor, as TF's
                dtype = next((v.dtype.base_dtype for v in value if isinstance(v, Tensor)), None)
            tensors = [_convert(spec, v, dtype, f"{arg_name}_{k}", arg_name, is_ref) for k, v in enumerate(value)]
            found = [t.dtype.base_dtype for t in tensors]
            if len(set(found)) > 1:
                raise TypeError(f"Tensors in list passed to '{arg_name}' of '{spec.op_type}' Op have types "
                                f"[{', '.join(d.name for d in found)}] that don't all match.")
        else:
            tensors = [_convert(spec, value, dtype, arg_name, arg_name, is_ref)]
        if fixed and any(t.dtype.base_dtype != dtype for t in tensors):
            found = next(t.dtype.base_dtype for t in tensors if t.dtype.base_dtype != dtype)
            raise TypeError(f"Input '{arg_name}' of '{spec.op_type}' Op has type {found.name} that does not "
                            f"match expected type of {dtype.name}.")
        if type_attr and tensors:
            _bind_type(spec, type_attr, tensors[0].dtype.base_dtype, arg_name, attrs, first_of)
        flat.extend(tensors)
    return flat


def _convert(spec, value, dtype, const_name, arg_name, is_ref):
    if isinstance(value, Tensor):
        dtype = None  # a tensor keeps its dtype: a mismatch is named by _bind_type, as in TF
    try:
        tensor = convert_to_tensor(value, dtype=dtype, name=const_name, as_ref=is_ref)
    except (TypeError, ValueError) as exc:
        if dtype is None or isinstance(value, Tensor):
            raise
        raise TypeError(f"Expected {dtype.name} passed to parameter '{arg_name}' of op '{spec.op_type}', got "
                        f"{value!r} of type '{type(value).__name__}' instead. Error: {exc}") from None
    if is_ref and not tensor.dtype.is_ref_dtype:
        raise TypeError(f"'{spec.op_type}' Op requires that input '{arg_name}' be a mutable tensor "
                        "(e.g.: a tf.Variable)")
    return tensor


def _bind_type(spec, type_attr, dtype, arg_name, attrs, first_of):
    if type_attr in attrs and attrs[type_attr] != dtype:
        earlier = first_of.get(type_attr)
        if earlier is not None:
            raise TypeError(f"Input '{arg_name}' of '{spec.op_type}' Op has type {dtype.name} that does not "
                            f"match type {attrs[type_attr].name} of argument '{earlier}'.")
    allowed = spec.kinds.get(type_attr, ["type", [], None])[1]
    if allowed and dtype.name not in allowed:
        raise TypeError(f"Value passed to parameter '{arg_name}' has DataType {dtype.name} not in list of "
                        f"allowed values: {', '.join(allowed)}")
    attrs[type_attr] = dtype
    first_of.setdefault(type_attr, arg_name)


def _check_minimum(spec, count_attr, length, arg_name):
    minimum = spec.kinds.get(count_attr, [None, [], None])[2] if count_attr else None
    if minimum is not None and length < minimum:
        raise ValueError(f"List argument '{arg_name}' to '{spec.op_type}' Op with length {length} shorter "
                         f"than minimum length {minimum}.")


def _attr(spec, attr, value):
    """`value` as tfsess holds attr `attr`, checked as TF's generated wrappers check it."""
    kind, allowed, minimum = spec.kinds[attr]
    if kind.startswith("list("):
        if not isinstance(value, (list, tuple)):
            raise TypeError(f"Expected list for '{attr}' argument to '{spec.py_name}' Op, not {value!r}.")
        out = [_scalar_attr(spec, attr, kind[5:-1], v, allowed) for v in value]
        if minimum is not None and len(out) < minimum:
            raise ValueError(f"Attr '{attr}' of '{spec.op_type}' Op passed list of length {len(out)} less "
                             f"than minimum {minimum}.")
        return out
    out = _scalar_attr(spec, attr, kind, value, allowed)
    if kind == "int" and minimum is not None and out < minimum:
        raise ValueError(f"Attr '{attr}' of '{spec.op_type}' Op passed {out} less than minimum {minimum}.")
    return out


def _scalar_attr(spec, attr, kind, value, allowed):
    if kind == "int":
        if isinstance(value, (str, bytes)) or not isinstance(value, (numbers.Integral, np.integer)):
            raise TypeError(f"Expected int for argument '{attr}' not {value!r}.")
        return int(value)
    if kind == "float":
        if not isinstance(value, (numbers.Real, np.floating)) or isinstance(value, bool):
            raise TypeError(f"Expected float for argument '{attr}' not {value!r}.")
        return float(value)
    if kind == "bool":
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"Expected bool for argument '{attr}' not {value!r}.")
        return bool(value)
    if kind == "string":
        if not isinstance(value, (str, bytes)):
            raise TypeError(f"Expected string for argument '{attr}' not {value!r}.")
        text = value.decode("utf-8", "surrogateescape") if isinstance(value, bytes) else value
        if allowed and text not in allowed:
            raise ValueError(f"Attr '{attr}' of '{spec.op_type}' Op passed string '{text}' not in: "
                             + ", ".join(f'"{a}"' for a in allowed) + ".")
        return text
    if kind == "type":
        dtype = dtypes.as_dtype(value).base_dtype
        if allowed and dtype.name not in allowed:
            raise TypeError(f"Value passed to parameter '{attr}' has DataType {dtype.name} not in list of "
                            f"allowed values: {', '.join(allowed)}")
        return dtype
    if kind == "shape":
        shape = as_shape(value)
        return None if shape.rank is None else [d for d in shape.as_list()]
    if kind == "tensor":
        array = make_ndarray(value) if hasattr(value, "tensor_shape") else np.array(value)
        array.setflags(write=False)
        return array
    if kind == "func":
        return value._as_attr_name() if hasattr(value, "_as_attr_name") else value
    return value


def _outputs(spec, op, attrs):
    """The op's outputs grouped as TF's raw op returns them."""
    groups, pos = [], 0
    for arg in spec.output_args:
        count_attr, _, _ = arg.rpartition("*")
        if arg.startswith("["):
            n = len(attrs.get(arg[1:-1], op._attrs.get(arg[1:-1], ())))
        elif count_attr:
            n = attrs.get(count_attr, op._attrs.get(count_attr))
        else:
            groups.append(op.outputs[pos])
            pos += 1
            continue
        groups.append(list(op.outputs[pos:pos + n]))
        pos += n
    if not groups:
        return op
    if len(groups) == 1:
        return groups[0]
    return spec.tuple_type(*groups)
