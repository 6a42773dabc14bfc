"""User-defined composite tensors (tf.experimental.ExtensionType, BatchableExtensionType, ExtensionTypeSpec,
ExtensionTypeBatchEncoder, tf.experimental.extension_type.as_dict), as TF 2.21 builds them.

A subclass declares typed fields by annotation; its metaclass builds the constructor (fields in order,
keyword-only after a defaulted one unless defaulted too), converts and checks each value
(extension_type_field), calls `__validate__`, and makes the nested `Spec` class whose fields hold TypeSpecs
where the value's hold tensors. Values and specs are immutable outside a custom `__init__`.

A value's components are its tensor and composite fields in field order (tuples in order, mappings by
sorted key): `tf.nest.flatten(value, expand_composites=True)` gives their tensors, so tf.cond,
tf.while_loop, tf.function and map_fn carry ExtensionTypes as they carry a RaggedTensor.
"""
from __future__ import annotations

import abc
import collections.abc
import inspect
import typing

from tfsess.framework import nest
from tfsess.framework.operation import Tensor
from tfsess.framework.sparse_tensor import SparseTensor, SparseTensorValue
from tfsess.framework.tensor_shape import TensorShape
from tfsess.framework.tensor_spec import TensorSpec, TypeSpec, type_spec_from_value
from tfsess.framework.type_specs import StructuredSpec, _hashable, _most_specific
from tfsess.ops import array_ops, logic_ops, reduction_ops, stack_ops
from tfsess.ops import raw_ops
from tfsess.ops.extension_type_field import (Context, ExtensionTypeField, ImmutableDict, convert_fields, is_spec)
from tfsess.ops.ragged.ragged_tensor import RaggedTensor
from tfsess.ops.ragged.ragged_tensor_value import RaggedTensorSpec

_IN_CONSTRUCTOR = "_tf_extension_type_in_constructor"
_MUTABLE_KERAS_PROPERTIES = ["_keras_mask"]
_NO_DEFAULT = ExtensionTypeField.NO_DEFAULT


# ----------------------------------------------------------------------------- field structures
def _flatten(structure):
    """Leaves of nested tuples and mappings (mappings by sorted key), as TF's nest walks field values."""
    if isinstance(structure, (tuple, list)):
        return [leaf for item in structure for leaf in _flatten(item)]
    if isinstance(structure, collections.abc.Mapping):
        return [leaf for key in sorted(structure) for leaf in _flatten(structure[key])]
    return [structure]


def _pack(structure, leaves):
    """`structure` rebuilt with its leaves taken from the iterator `leaves`."""
    if isinstance(structure, (tuple, list)):
        return type(structure)(_pack(item, leaves) for item in structure)
    if isinstance(structure, collections.abc.Mapping):
        built = {key: _pack(structure[key], leaves) for key in sorted(structure)}
        return type(structure)([(key, built[key]) for key in structure])
    return next(leaves)


def _map(fn, structure):
    return _pack(structure, iter([fn(leaf) for leaf in _flatten(structure)]))


def _is_tensor_or_composite(value) -> bool:
    return isinstance(value, (Tensor, SparseTensor, RaggedTensor, ExtensionType)) or \
        hasattr(type(value), "_nest_components")


def _spec_of(value):
    if isinstance(value, Tensor):
        return TensorSpec(value.shape, value.dtype.base_dtype)
    if isinstance(value, RaggedTensor):
        return RaggedTensorSpec.from_value(value)
    if isinstance(value, (SparseTensor, SparseTensorValue)) or hasattr(value, "_type_spec"):
        return type_spec_from_value(value)
    return value


def _create(cls, fields):
    """An instance of `cls` holding `fields`, built without its constructor (no conversion, no validation)."""
    value = object.__new__(cls)
    value.__dict__.update(fields)
    return value


# ----------------------------------------------------------------------------- the class machinery
class ExtensionTypeMetaclass(abc.ABCMeta):
    """Checks a subclass's annotations and builds its constructor and its Spec class."""

    def __init__(cls, name, bases, namespace):
        if not namespace.get("_tf_extension_type_do_not_transform_this_class", False):
            _check_field_annotations(cls)
            _add_constructor(cls)
            _add_type_spec(cls)
        super().__init__(name, bases, namespace)


class _FieldsMixin:
    _tf_extension_type_cached_fields = None

    @classmethod
    def _tf_extension_type_fields(cls):
        """The fields of this type in order, as ExtensionTypeFields (cached once annotations resolve)."""
        if "_tf_extension_type_cached_fields" in cls.__dict__:
            return cls._tf_extension_type_cached_fields
        try:
            hints = typing.get_type_hints(cls)
            ok_to_cache = True
        except (NameError, AttributeError):
            hints = {}
            for base in reversed(cls.__mro__):
                hints.update(base.__dict__.get("__annotations__", {}))
            ok_to_cache = False
        fields = tuple(ExtensionTypeField(name, value_type, getattr(cls, name, _NO_DEFAULT))
                       for name, value_type in hints.items())
        if ok_to_cache:
            cls._tf_extension_type_cached_fields = fields
        return fields

    @classmethod
    def _tf_extension_type_has_field(cls, name):
        return any(name == field.name for field in cls._tf_extension_type_fields())


class ExtensionType(_FieldsMixin, metaclass=ExtensionTypeMetaclass):
    """The base of user-defined composite tensors with typed, immutable fields (tf.experimental.ExtensionType).

    Fields are declared by annotation (int, float, str, bytes, bool, None, tf.Tensor, tf.SparseTensor,
    tf.RaggedTensor, another ExtensionType, tf.TensorShape, tf.DType, and typing.Tuple/Mapping/Union/Optional
    of those); class attributes are their defaults. `__validate__` runs after construction.
    """

    _tf_extension_type_do_not_transform_this_class = True

    def __init__(self, *args, **kwargs):
        if type(self) is ExtensionType:
            raise AssertionError("Cannot create an instance of ExtensionType because ExtensionType is an "
                                 "abstract base class.")

    def _tf_extension_type_convert_fields(self):
        convert_fields(self._tf_extension_type_fields(), self.__dict__)

    def __repr__(self):
        fields = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in self._tf_extension_type_fields())
        return f"{type(self).__qualname__}({fields})"

    def __setattr__(self, name, value):
        if name in _MUTABLE_KERAS_PROPERTIES or (
                _IN_CONSTRUCTOR in self.__dict__ and self._tf_extension_type_has_field(name)):
            self.__dict__[name] = value
        else:
            raise AttributeError(f"Cannot mutate attribute `{name}` outside the custom constructor of "
                                 "ExtensionType.")

    def __delattr__(self, name):
        if name in _MUTABLE_KERAS_PROPERTIES or (
                _IN_CONSTRUCTOR in self.__dict__ and self._tf_extension_type_has_field(name)):
            del self.__dict__[name]
        else:
            raise AttributeError(f"Cannot mutate attribute `{name}` outside the custom constructor of "
                                 "ExtensionType.")

    def __getattr__(self, name):
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __eq__(self, other):
        """A scalar bool tensor: every component of equal shape and values (False for another type or spec)."""
        if type(self) is not type(other) or self._type_spec != other._type_spec:
            return False
        mine, theirs = nest.flatten(self, expand_composites=True), nest.flatten(other, expand_composites=True)
        if len(mine) != len(theirs):
            return False
        conditions = []
        for t1, t2 in zip(mine, theirs):
            conditions.append(reduction_ops.reduce_all(raw_ops.Equal(
                array_ops.shape(t1), array_ops.shape(t2), incompatible_shape_error=False)))
            conditions.append(reduction_ops.reduce_all(raw_ops.Equal(t1, t2, incompatible_shape_error=False)))
        return reduction_ops.reduce_all(stack_ops.stack(conditions))

    def __ne__(self, other):
        eq = self.__eq__(other)
        return logic_ops.logical_not(eq) if isinstance(eq, Tensor) else not eq

    __hash__ = None  # __eq__ builds a tensor, as TF's: values are not hashable

    def __validate__(self):
        """Checks the value after construction; subclasses override it."""

    _tf_extension_type_cached_type_spec = None

    @property
    def _type_spec(self):
        if self._tf_extension_type_cached_type_spec is None:
            self.__dict__["_tf_extension_type_cached_type_spec"] = self.Spec.from_value(self)
        return self._tf_extension_type_cached_type_spec

    # composite protocols (framework/nest.py): the value as its tensors, and back
    def _nest_components(self):
        return nest.flatten(list(self._type_spec._to_components(self)), expand_composites=True)

    def _nest_rebuild(self, components):
        spec = self._type_spec
        composites = nest.pack_sequence_as(list(spec._to_components(self)), components, expand_composites=True)
        return spec._from_components(composites)

    def consumers(self):
        ops = []
        for t in self._nest_components():
            ops.extend(op for op in t.consumers() if op not in ops)
        return ops


def as_dict(value):
    """The fields of the ExtensionType `value` as a dict, not recursing into nested ones
    (tf.experimental.extension_type.as_dict)."""
    return {field.name: getattr(value, field.name) for field in value._tf_extension_type_fields()}


class _Absent:
    """An attribute TypeSpec has in tfsess but not in TF (`shape`, `dtype`): absent unless a Spec defines it."""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        raise AttributeError(f"'{(owner or type(instance)).__name__}' object has no attribute '{self.name}'")


class ExtensionTypeSpec(_FieldsMixin, StructuredSpec):
    """The base of ExtensionType Specs: the value's fields with TypeSpecs for tensors (tf.experimental.ExtensionTypeSpec)."""

    shape = _Absent()
    dtype = _Absent()

    def _serialize(self):
        return tuple((f.name, _mappings_to_dicts(self.__dict__[f.name])) for f in self._tf_extension_type_fields())

    @classmethod
    def _deserialize(cls, state):
        return _create(cls, {name: _dicts_to_mappings(value) for name, value in state})

    def _to_components(self, value):
        """The tensor and composite fields of `value`, in field order (tuples nested, mappings by key)."""
        value_tuple = tuple(value.__dict__[key] for key in self.__dict__)
        return tuple(x for x in _flatten(value_tuple) if _is_tensor_or_composite(x))

    def _from_components(self, components):
        """The value this spec describes, from `_to_components`' list (no conversion or validation)."""
        spec_tuple = tuple(self.__dict__.values())
        components = iter(components)
        flat = [next(components) if is_spec(x) else x for x in _flatten(spec_tuple)]
        if list(components):
            raise ValueError("Cannot build an ExtensionType instance from components because more components "
                             "are provided than the number expected by the type spec.")
        value_tuple = _pack(spec_tuple, iter(flat))
        return _create(self.value_type, dict(zip(self.__dict__.keys(), value_tuple)))

    @property
    def _component_specs(self):
        return tuple(x for x in _flatten(tuple(self.__dict__.values())) if is_spec(x))

    @classmethod
    def from_value(cls, value):
        """The Spec of `value` (its cached one when it has it)."""
        cached = value.__dict__.get("_tf_extension_type_cached_type_spec")
        if cached is not None:
            return cached
        fields = {f.name: _map(_spec_of, value.__dict__[f.name]) for f in value._tf_extension_type_fields()}
        return _create(cls, fields)

    def __setattr__(self, name, value):
        if _IN_CONSTRUCTOR in self.__dict__ and self._tf_extension_type_has_field(name):
            self.__dict__[name] = value
        else:
            raise AttributeError(f"Cannot mutate attribute `{name}` outside the custom constructor of "
                                 "ExtensionTypeSpec.")

    def __delattr__(self, name):
        if _IN_CONSTRUCTOR in self.__dict__ and self._tf_extension_type_has_field(name):
            del self.__dict__[name]
        else:
            raise AttributeError(f"Cannot mutate attribute `{name}` outside the custom constructor of "
                                 "ExtensionTypeSpec.")

    def __validate__(self):
        """Checks the spec after construction; Spec classes override it."""

    @classmethod
    def _tf_extension_type_fields(cls):
        return cls.value_type._tf_extension_type_fields()

    def _tf_extension_type_convert_fields(self):
        convert_fields(self._tf_extension_type_fields(), self.__dict__, Context.SPEC)

    def most_specific_compatible_type(self, other):
        """The spec of this type whose fields are the most specific ones compatible with both."""
        error = ValueError(f"No TypeSpec is compatible with both {self!r} and {other!r}")
        if type(other) is not type(self):
            raise error
        return self._deserialize(_most_specific(self._serialize(), other._serialize(), error))

    def __eq__(self, other):
        return type(other) is type(self) and _hashable(self._serialize()) == _hashable(other._serialize())

    def __hash__(self):
        return hash((type(self).__qualname__, _hashable(self._serialize())))

    def __repr__(self):
        fields = ", ".join(f"{k}={v!r}" for k, v in self._serialize())
        return f"{type(self).__qualname__}({fields})"

    def _to_legacy_output_shapes(self):
        try:
            return self.shape
        except AttributeError as e:
            raise NotImplementedError(
                "It appears that the Spec of the ExtensionType is missing a shape property. In order to support "
                "tf.Data, it is recommended that you implement a shape property on the Spec.") from e


def _mappings_to_dicts(value):
    if isinstance(value, collections.abc.Mapping):
        return {k: _mappings_to_dicts(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(_mappings_to_dicts(v) for v in value)
    return value


def _dicts_to_mappings(value):
    if isinstance(value, collections.abc.Mapping):
        return ImmutableDict([(k, _dicts_to_mappings(v)) for k, v in value.items()])
    if isinstance(value, tuple):
        return tuple(_dicts_to_mappings(v) for v in value)
    return value


# ----------------------------------------------------------------------------- batching
class ExtensionTypeBatchEncoder:
    """How a BatchableExtensionType's values batch and unbatch (tf.experimental.ExtensionTypeBatchEncoder).

    The default stacks every nested Tensor, composite and TensorShape field: a batch's spec has an outer
    dimension of `batch_size` on each. Types whose values batch otherwise override these methods.
    """

    def batch(self, spec, batch_size):
        """The spec of `batch_size` (None: unknown) values of `spec`."""
        def batch_field(f):
            if isinstance(f, TensorShape):
                return TensorShape([batch_size]).concatenate(f)
            return batch_spec(f, batch_size) if is_spec(f) else f
        return _create(type(spec), {k: _map(batch_field, v) for k, v in spec.__dict__.items()})

    def unbatch(self, spec):
        """The spec of one value of a batch described by `spec`."""
        def unbatch_field(f):
            if isinstance(f, TensorShape):
                return f[1:]
            return unbatch_spec(f) if is_spec(f) else f
        return _create(type(spec), {k: _map(unbatch_field, v) for k, v in spec.__dict__.items()})

    def encode(self, spec, value, minimum_rank=0):
        """`value` as batchable tensors and composites (its components)."""
        del minimum_rank
        return spec._to_components(value)

    def decode(self, spec, encoded_value):
        """The value of `spec` whose encoding (perhaps stacked or unstacked) is `encoded_value`."""
        return spec._from_components(encoded_value)

    def encoding_specs(self, spec):
        """The specs of `encode`'s results."""
        return spec._component_specs


def batch_spec(spec, batch_size):
    """The spec of a batch of `batch_size` values of the batchable `spec` (TF's TypeSpec._batch)."""
    outer = TensorShape([batch_size])
    if isinstance(spec, BatchableExtensionTypeSpec):
        return spec._batch(batch_size)
    if isinstance(spec, RaggedTensorSpec):
        return RaggedTensorSpec(outer.concatenate(spec.shape), spec.dtype, spec.ragged_rank + 1,
                                spec.row_splits_dtype)
    if isinstance(spec, TensorSpec):
        return TensorSpec(outer.concatenate(spec.shape), spec.dtype)
    if type(spec).__name__ == "SparseTensorSpec":
        return type(spec)(outer.concatenate(spec.shape), spec.dtype)
    raise ValueError(f"{spec!r} is not batchable")


def unbatch_spec(spec):
    """The spec of one value of a batch described by the batchable `spec` (TF's TypeSpec._unbatch)."""
    inner = spec.shape[1:] if spec.shape.ndims is not None else TensorShape(None)
    if isinstance(spec, BatchableExtensionTypeSpec):
        return spec._unbatch()
    if isinstance(spec, RaggedTensorSpec):
        if spec.ragged_rank <= 1:
            return TensorSpec(inner, spec.dtype)
        return RaggedTensorSpec(inner, spec.dtype, spec.ragged_rank - 1, spec.row_splits_dtype)
    if isinstance(spec, TensorSpec) or type(spec).__name__ == "SparseTensorSpec":
        return type(spec)(inner, spec.dtype)
    raise ValueError(f"{spec!r} is not batchable")


class BatchableExtensionTypeSpec(ExtensionTypeSpec):
    """The base of BatchableExtensionType Specs: batched and unbatched through `__batch_encoder__`."""

    __batch_encoder__ = ExtensionTypeBatchEncoder()

    def _batch(self, batch_size):
        return self.__batch_encoder__.batch(self, batch_size)

    def _unbatch(self):
        return self.__batch_encoder__.unbatch(self)


class BatchableExtensionType(ExtensionType):
    """An ExtensionType that can be batched and unbatched, by tf.data and map_fn (tf.experimental.BatchableExtensionType)."""

    _tf_extension_type_do_not_transform_this_class = True


# ----------------------------------------------------------------------------- building a subclass
def _check_field_annotations(cls):
    annotations = cls.__dict__.get("__annotations__", {})
    for name, value in cls.__dict__.items():
        if name == "Spec":
            if not isinstance(value, type):
                raise ValueError(f"{cls.__qualname__}.Spec must be a nested class; got {value}.")
            if value.__bases__ not in ((TypeSpec,), (object,)):
                raise ValueError(f"{cls.__qualname__}.Spec must be directly subclassed from tf.TypeSpec.")
        elif ExtensionTypeField.is_reserved_name(name):
            raise ValueError(f"The field annotations for {cls.__name__} are invalid. Field '{name}' is reserved.")
    for name in annotations:
        if ExtensionTypeField.is_reserved_name(name):
            raise ValueError(f"The field annotations for {cls.__name__} are invalid. Field '{name}' is reserved.")
    for key, value in cls.__dict__.items():
        if not (key in annotations or callable(value) or key.startswith("_abc_")
                or key == "_tf_extension_type_fields" or (key.startswith("__") and key.endswith("__"))
                or isinstance(value, (property, classmethod, staticmethod))):
            raise ValueError(f"The field annotations for {cls.__name__} are invalid. Field {key} is missing a "
                             "type annotation.")


def _add_constructor(cls):
    if "__init__" in cls.__dict__:
        _wrap_user_constructor(cls)
    else:
        _build_constructor(cls)


def _wrap_user_constructor(cls):
    """A custom __init__ may set fields; they are converted and validated when it returns."""
    user_constructor = cls.__init__

    def wrapped_init(self, *args, **kwargs):
        self.__dict__[_IN_CONSTRUCTOR] = True
        user_constructor(self, *args, **kwargs)
        del self.__dict__[_IN_CONSTRUCTOR]
        self._tf_extension_type_convert_fields()
        self.__validate__()

    wrapped_init.__wrapped__ = user_constructor
    wrapped_init.__name__ = wrapped_init.__qualname__ = "__init__"
    wrapped_init.__doc__ = user_constructor.__doc__
    cls.__init__ = wrapped_init


def _build_constructor(cls):
    """__init__(self, <fields in order>): keyword-only from the first undefaulted field after a defaulted one."""
    fields = cls._tf_extension_type_fields()
    keyword_only_start, got_default = len(fields), False
    for i, field in enumerate(fields):
        if got_default and field.default is _NO_DEFAULT:
            keyword_only_start = i
            break
        got_default = got_default or field.default is not _NO_DEFAULT
    params = [inspect.Parameter(
        field.name, inspect.Parameter.POSITIONAL_OR_KEYWORD if i < keyword_only_start
        else inspect.Parameter.KEYWORD_ONLY,
        default=inspect.Parameter.empty if field.default is _NO_DEFAULT else field.default,
        annotation=field.value_type) for i, field in enumerate(fields)]
    _install_init(cls, params)


def _build_spec_constructor(cls):
    params = [inspect.Parameter(f.name, inspect.Parameter.POSITIONAL_OR_KEYWORD)
              for f in cls._tf_extension_type_fields()]
    _install_init(cls, params)


def _install_init(cls, params):
    signature = inspect.Signature(params, return_annotation=cls.__name__)

    def __init__(self, *args, **kwargs):  # noqa: N807
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        self.__dict__.update(bound.arguments)
        self._tf_extension_type_convert_fields()
        self.__validate__()

    __init__.__signature__ = inspect.Signature(
        [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)] + params, return_annotation=cls)
    cls.__init__ = __init__


def _add_type_spec(cls):
    """Makes `cls.Spec`, a subclass of (Batchable)ExtensionTypeSpec holding the user's Spec members."""
    spec_qualname = cls.__qualname__ + ".Spec"
    spec_dict = {"value_type": cls, "__module__": cls.__module__}
    user_spec = cls.__dict__.get("Spec", None)
    if user_spec is not None:
        for name, value in user_spec.__dict__.items():
            if ExtensionTypeField.is_reserved_name(name):
                raise ValueError(f"TypeSpec {spec_qualname} uses reserved name '{name}'.")
            if cls._tf_extension_type_has_field(name):
                raise ValueError(f"TypeSpec {spec_qualname} defines a variable '{name}' which shadows a field in "
                                 f"{cls.__qualname__}")
            if name not in ("__module__", "__dict__", "__weakref__"):
                spec_dict[name] = value
    if issubclass(cls, BatchableExtensionType):
        base = BatchableExtensionTypeSpec
        if hasattr(cls, "__batch_encoder__") and "__batch_encoder__" not in spec_dict:
            spec_dict["__batch_encoder__"] = cls.__batch_encoder__
    else:
        base = ExtensionTypeSpec
        if hasattr(cls, "__batch_encoder__") or "__batch_encoder__" in spec_dict:
            raise ValueError("__batch_encoder__ should only be defined for BatchableExtensionType classes.")
    spec = type(cls.__name__ + ".Spec", (base,), spec_dict)
    spec.__qualname__ = spec_qualname
    type.__setattr__(cls, "Spec", spec)
    if "__init__" in spec.__dict__:
        _wrap_user_constructor(spec)
    else:
        _build_spec_constructor(spec)


__all__ = ["BatchableExtensionType", "ExtensionType", "ExtensionTypeBatchEncoder", "ExtensionTypeSpec"]
