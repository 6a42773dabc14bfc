"""The fields of a tf.experimental.ExtensionType: which annotations are allowed and how a value is
checked and converted for one (TF's extension_type_field).

A field's annotation is a Python scalar type (int, float, str, bytes, bool, None), tf.Tensor, a composite
class (tf.SparseTensor, tf.RaggedTensor, another ExtensionType), tf.TensorShape, tf.DType, or a
typing.Tuple / Mapping / Union / Optional of those. Values are converted as TF converts them: a tensor field
through convert_to_tensor, a shape through as_shape, a mapping into an ImmutableDict. A Spec's fields hold
TypeSpecs where the value's hold tensors.
"""
from __future__ import annotations

import collections.abc
import enum
import types
import typing

from tfsess.framework import dtypes
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.operation import Tensor
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.framework.tensor_shape import TensorShape, as_shape
from tfsess.framework.tensor_spec import TypeSpec
from tfsess.ops.ragged.ragged_tensor import RaggedTensor
from tfsess.ops.ragged.ragged_tensor_value import RaggedTensorSpec

RESERVED_FIELD_NAMES = [
    "self", "Spec", "_type_spec", "_shape_invariant_to_type_spec", "_consumers", "value_type",
    "is_compatible_with", "most_specific_compatible_type", "_with_tensor_ranks_only", "_to_components",
    "_from_components", "_component_specs", "_to_tensor_list", "_from_tensor_list",
    "_from_compatible_tensor_list", "_flat_tensor_specs", "_serialize", "_deserialize",
    "_to_legacy_output_types", "_to_legacy_output_shapes", "_to_legacy_output_classes", "_keras_mask"]

_NoneType = type(None)


class Sentinel:
    """A marker no user value is (`is`) equal to."""

    def __init__(self, name):
        self._name = name

    def __repr__(self):
        return self._name


class ImmutableDict(collections.abc.Mapping):
    """The read-only mapping a `typing.Mapping` field holds (TF's immutable_dict.ImmutableDict)."""

    def __init__(self, *args, **kwargs):
        self._dict = dict(*args, **kwargs)

    def __getitem__(self, key):
        return self._dict[key]

    def __iter__(self):
        return iter(self._dict)

    def __len__(self):
        return len(self._dict)

    def __contains__(self, key):
        return key in self._dict

    def __repr__(self):
        return f"ImmutableDict({self._dict})"


def is_spec(value) -> bool:
    """Whether `value` is a type spec (tfsess's RaggedTensorSpec stands apart from TypeSpec)."""
    return isinstance(value, (TypeSpec, RaggedTensorSpec))


def spec_value_type(spec):
    """The class of the values `spec` describes."""
    return RaggedTensor if isinstance(spec, RaggedTensorSpec) else spec.value_type


def is_composite_class(value_type) -> bool:
    """Whether `value_type` is a composite tensor class: SparseTensor, RaggedTensor, an ExtensionType."""
    if not isinstance(value_type, type):
        return False
    return issubclass(value_type, SparseTensor) or hasattr(value_type, "_nest_components")


def _generic(value_type):
    """('tuple' | 'mapping' | 'union' | None, the type arguments)."""
    origin, args = typing.get_origin(value_type), typing.get_args(value_type)
    if origin is tuple:
        return "tuple", args
    if origin is collections.abc.Mapping:
        return "mapping", args
    if origin is typing.Union or (hasattr(types, "UnionType") and isinstance(value_type, types.UnionType)):
        return "union", args
    return None, args


class ExtensionTypeField(collections.namedtuple("ExtensionTypeField", ["name", "value_type", "default"])):
    """One field of an ExtensionType: its name, annotation and default (or NO_DEFAULT)."""

    NO_DEFAULT = Sentinel("ExtensionTypeField.NO_DEFAULT")

    def __new__(cls, name, value_type, default=NO_DEFAULT):
        try:
            validate_field_value_type(value_type, allow_forward_references=True)
        except TypeError as e:
            raise TypeError(f"In field {name!r}: {e}") from e
        if default is not cls.NO_DEFAULT:
            default = convert_value(default, value_type, (f"default value for {name}",), Context.DEFAULT)
        return super().__new__(cls, name, value_type, default)

    @staticmethod
    def is_reserved_name(name) -> bool:
        return name in RESERVED_FIELD_NAMES or name.lower().startswith("_tf_extension_type")


def validate_field_value_type(value_type, in_mapping_key=False, allow_forward_references=False):
    """Raises TypeError for an annotation an ExtensionType field may not have."""
    if isinstance(value_type, (str, typing.ForwardRef)):
        if allow_forward_references:
            return
        raise TypeError(f"Unresolved forward reference {value_type!r}")
    if value_type in (int, float, str, bytes, bool, None, _NoneType, dtypes.DType):
        return
    if value_type in (Tensor, TensorShape) or is_composite_class(value_type):
        if in_mapping_key:
            raise TypeError(f"Mapping had a key {value_type.__name__!r} with type {type(value_type).__name__!r}")
        return
    kind, args = _generic(value_type)
    if kind == "tuple" and len(args) == 2 and args[1] is Ellipsis:
        validate_field_value_type(args[0], in_mapping_key, allow_forward_references)
    elif kind in ("tuple", "union"):
        for arg in args:
            validate_field_value_type(arg, in_mapping_key, allow_forward_references)
    elif kind == "mapping":
        validate_field_value_type(args[0], True, allow_forward_references)
        validate_field_value_type(args[1], in_mapping_key, allow_forward_references)
    elif isinstance(value_type, type):
        raise TypeError(f"Unsupported type annotation {value_type.__name__!r}")
    else:
        raise TypeError(f"Unsupported type annotation {value_type!r}")


class Context(enum.Enum):
    VALUE = 1  # a field of a value
    SPEC = 2  # a field of a Spec: TypeSpecs where values hold tensors
    DEFAULT = 3  # a default value of __init__ (tensors stay unconverted until a value is built)


def convert_fields(fields, field_values, context=Context.VALUE):
    """Checks and converts `field_values` (a dict of every field's value) in place.

    Raises:
        ValueError: fields missing or unexpected.
        TypeError: a value that does not fit its field's annotation.
    """
    expected, actual = {f.name for f in fields}, set(field_values)
    if expected != actual:
        if actual - expected:
            raise ValueError(f"Got unexpected fields: {actual - expected}")
        raise ValueError(f"Missing required fields: {expected - actual}")
    field_values.update({f.name: convert_value(field_values[f.name], f.value_type, (f.name,), context)
                         for f in fields})


def convert_value(value, expected_type, path, context=Context.VALUE):
    """`value` checked against and converted to `expected_type`; `path` names it in errors."""
    where = "".join(path)
    if expected_type is None:
        expected_type = _NoneType
    if expected_type is Tensor:
        return _convert_tensor(value, where, context)
    if is_composite_class(expected_type):
        return _convert_composite(value, expected_type, where, context)
    if expected_type is TensorShape:
        try:
            return as_shape(value)
        except TypeError as e:
            raise TypeError(f"{where}: expected 'tf.TensorShape', got {type(value).__name__!r}") from e
    if expected_type is dtypes.DType:
        try:
            return dtypes.as_dtype(value)
        except TypeError as e:
            raise TypeError(f"{where}: expected 'tf.DType', got {type(value).__name__!r}") from e
    if expected_type in (int, float, bool, str, bytes, _NoneType):
        if not isinstance(value, expected_type):
            raise TypeError(f"{where}: expected {expected_type.__name__!r}, got {type(value).__name__!r}")
        return value
    kind, args = _generic(expected_type)
    if kind is None:
        raise TypeError(f"{where}: Unsupported type annotation {expected_type!r}")
    return _GENERIC_CONVERTERS[kind](value, expected_type, args, path, context)


def _convert_tensor(value, where, context):
    if context is Context.SPEC:
        if not (is_spec(value) and getattr(value, "value_type", None) is Tensor):
            raise TypeError(f"{where}: expected a TensorSpec, got {type(value).__name__!r}")
        return value
    if isinstance(value, Tensor) or context is Context.DEFAULT:
        return value
    try:
        return convert_to_tensor(value)
    except (ValueError, TypeError) as e:
        raise TypeError(f"{where}: expected a Tensor, got {type(value).__name__!r}") from e


def _convert_composite(value, expected_type, where, context):
    if context is Context.SPEC:
        value_type = spec_value_type(value) if is_spec(value) else None
        if not (isinstance(value_type, type) and issubclass(value_type, expected_type)):
            raise TypeError(f"{where}: expected a TypeSpec for {expected_type.__name__!r}, "
                            f"got {type(value).__name__!r}")
        return value
    if not isinstance(value, expected_type):
        raise TypeError(f"{where}: expected {expected_type.__name__!r}, got {type(value).__name__!r}")
    return value


def _convert_tuple(value, expected_type, args, path, context):
    if not isinstance(value, typing.Sequence):
        raise TypeError(f"{''.join(path)}: expected tuple, got {type(value).__name__!r}")
    if len(args) == 2 and args[1] is Ellipsis:
        return tuple(convert_value(v, args[0], path + (f"[{i}]",), context) for i, v in enumerate(value))
    if len(value) != len(args):
        raise TypeError(f"{''.join(path)}: expected tuple with length {len(args)}, got {type(value).__name__!r})")
    return tuple(convert_value(v, t, path + (f"[{i}]",), context) for i, (v, t) in enumerate(zip(value, args)))


def _convert_mapping(value, expected_type, args, path, context):
    if not isinstance(value, typing.Mapping):
        raise TypeError(f"{''.join(path)}: expected mapping, got {type(value).__name__!r}")
    key_type, value_type = args
    return ImmutableDict([(convert_value(k, key_type, path + ("[<key>]",), context),
                           convert_value(v, value_type, path + (f"[{k!r}]",), context)) for k, v in value.items()])


def _convert_union(value, expected_type, args, path, context):
    for option in args:
        try:
            return convert_value(value, option, path, context)
        except TypeError:
            pass
    raise TypeError(f"{''.join(path)}: expected {expected_type!r}, got {type(value).__name__!r}")


_GENERIC_CONVERTERS = {"tuple": _convert_tuple, "mapping": _convert_mapping, "union": _convert_union}

__all__ = []  # internal: the field rules behind tf.experimental.ExtensionType
