"""tf.experimental.Optional (tf.data.experimental.Optional): a value that may be absent, and its OptionalSpec.

`OptionalFromValue` wraps given tensors into a variant, `OptionalNone` makes an empty one and
`IteratorGetNextAsOptional` takes an iterator's next element (or notes its end); `OptionalHasValue`
and `OptionalGetValue` read them. Each run of `IteratorGetNextAsOptional` advances the iterator.
"""
from __future__ import annotations

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply1, apply_op
from tfsess.framework.registry import register_op
from tfsess.framework.graph_api import name_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.framework.tensor_spec import SparseTensorSpec, TensorSpec
from tfsess.framework.type_specs import StructuredSpec
from tfsess.data import structure
from tfsess.data.iterator_ops import _iterator_get_next, _structure_attrs


class _OptionalValue:
    """A run-time optional: the element's arrays, or None."""

    __slots__ = ("components",)

    def __init__(self, components):
        self.components = components


def _variant_infer(inputs, attrs):
    return [(dtypes.variant, TensorShape([]))]


@register_op("IteratorGetNextAsOptional", infer=_variant_infer, needs_ctx=True, stateful=True, gpu=False,
             no_gradient=True)
def _iterator_get_next_as_optional(xp, state, *, ctx):
    try:
        value = _iterator_get_next(xp, state, ctx=ctx)
    except errors.OutOfRangeError:
        return _OptionalValue(None)
    return _OptionalValue(list(value) if isinstance(value, tuple) else [value])


@register_op("OptionalFromValue", infer=_variant_infer, gpu=False, no_gradient=True)
def _optional_from_value(xp, *components, Toutput_types=()):
    return _OptionalValue(list(components))


@register_op("OptionalNone", infer=_variant_infer, gpu=False, no_gradient=True)
def _optional_none(xp):
    return _OptionalValue(None)


@register_op("OptionalHasValue", infer=lambda inputs, attrs: [(dtypes.bool, TensorShape([]))], gpu=False,
             no_gradient=True)
def _optional_has_value(xp, optional):
    return xp.asarray(optional.components is not None)


def _get_value_infer(inputs, attrs):
    return list(zip(attrs["output_types"], attrs["output_shapes"]))


@register_op("OptionalGetValue", infer=_get_value_infer, gpu=False, no_gradient=True)
def _optional_get_value(xp, optional, *, output_types=(), output_shapes=()):
    if optional.components is None:
        raise errors.InvalidArgumentError(None, None, "The given optional does not have a value.")
    return optional.components[0] if len(optional.components) == 1 else tuple(optional.components)


def _as_structure_specs(element_spec):
    """A structure of tf.TensorSpec/SparseTensorSpec as the dataset structure's component specs."""
    def convert(spec):
        if isinstance(spec, structure.Spec):
            return spec
        if isinstance(spec, (TensorSpec, SparseTensorSpec)):
            cls = SparseTensor if isinstance(spec, SparseTensorSpec) else Tensor
            return structure.Spec(spec.dtype, spec.shape, cls)
        raise TypeError(f"Optional element_spec must hold TensorSpec or SparseTensorSpec, got {spec!r}")
    return structure.map_structure(convert, element_spec)


def _as_type_spec(spec):
    """A dataset component spec as the tf.TensorSpec/SparseTensorSpec it stands for."""
    if spec.cls is SparseTensor:
        return SparseTensorSpec(spec.shape, spec.dtype)
    return spec if isinstance(spec, structure.DatasetSpec) else TensorSpec(spec.shape, spec.dtype)


class Optional:
    """An element that may be absent (tf.experimental.Optional, tf.data.experimental.Optional)."""

    def __init__(self, variant, specs):
        self._variant, self._specs = variant, specs

    @staticmethod
    def from_value(value):
        """An Optional holding `value` (nested tuples/dicts of tensor-like values): one OptionalFromValue op."""
        with name_scope("optional") as scope:
            with name_scope("value"):
                value = structure.normalize(value)
                specs = structure.map_structure(structure.spec_of, value)
                flat = structure.components(value)
        variant = apply1("OptionalFromValue", flat, {"Toutput_types": [t.dtype.base_dtype for t in flat]},
                         name=scope)
        return Optional(variant, specs)

    @staticmethod
    def empty(element_spec):
        """An Optional holding no value, for elements of `element_spec` (one OptionalNone op)."""
        return Optional(apply1("OptionalNone", [], name="OptionalNone"), _as_structure_specs(element_spec))

    @property
    def element_spec(self):
        return self._specs

    @property
    def _variant_tensor(self):
        return self._variant

    @property
    def _type_spec(self):
        return OptionalSpec(structure.map_structure(_as_type_spec, self._specs))

    def has_value(self, name=None):
        """A scalar bool tensor: whether the optional holds an element."""
        return apply1("OptionalHasValue", [self._variant], name=name or "OptionalHasValue")

    def get_value(self, name=None):
        """The element's tensors (InvalidArgumentError at run time when absent)."""
        op = apply_op("OptionalGetValue", [self._variant], _structure_attrs(self._specs),
                      name=name or "OptionalGetValue")
        return structure.from_components(self._specs, op.outputs)


class OptionalSpec(StructuredSpec):
    """The spec of an Optional: the spec of the element it may hold (tf.OptionalSpec,
    tf.data.experimental.OptionalStructure)."""

    __slots__ = ("_element_spec",)

    def __init__(self, element_spec):
        super().__init__([], dtypes.variant)
        self._element_spec = element_spec

    @property
    def value_type(self):
        return Optional

    @classmethod
    def from_value(cls, value):
        """The spec of the Optional `value`."""
        return value._type_spec

    def _serialize(self):
        return (self._element_spec,)


def get_next_as_optional(iterator):
    """The iterator's next element as an Optional (empty at the end instead of OutOfRangeError)."""
    attrs = _structure_attrs(iterator._specs)
    variant = apply1("IteratorGetNextAsOptional", [iterator._iterator_resource], attrs,
                     name="IteratorGetNextAsOptional")
    return Optional(variant, iterator._specs)


__all__ = []  # tf.data.experimental.Optional and get_next_as_optional live in tfsess.data.experimental
