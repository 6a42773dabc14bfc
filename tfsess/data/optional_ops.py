"""tf.data.experimental.Optional: a value that may be absent, from `get_next_as_optional(iterator)`.

`IteratorGetNextAsOptional` takes the iterator's next element (or notes its end) into a variant;
`OptionalHasValue` and `OptionalGetValue` read it. Each run of the first op advances the iterator.
"""
from __future__ import annotations

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply1, apply_op
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
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


@register_op("OptionalHasValue", infer=lambda inputs, attrs: [(dtypes.bool, TensorShape([]))], gpu=False,
             no_gradient=True)
def _optional_has_value(xp, optional):
    return xp.asarray(optional.components is not None)


def _get_value_infer(inputs, attrs):
    return list(zip(attrs["output_types"], attrs["output_shapes"]))


@register_op("OptionalGetValue", infer=_get_value_infer, gpu=False, no_gradient=True)
def _optional_get_value(xp, optional, *, output_types=(), output_shapes=()):
    if optional.components is None:
        raise errors.InvalidArgumentError(None, None, "The optional variant does not have a value.")
    return optional.components[0] if len(optional.components) == 1 else tuple(optional.components)


class Optional:
    """An element that may be absent (tf.data.experimental.Optional)."""

    def __init__(self, variant, specs):
        self._variant, self._specs = variant, specs

    @property
    def element_spec(self):
        return self._specs

    def has_value(self, name=None):
        """A scalar bool tensor: whether the optional holds an element."""
        return apply1("OptionalHasValue", [self._variant], name=name or "OptionalHasValue")

    def get_value(self, name=None):
        """The element's tensors (InvalidArgumentError at run time when absent)."""
        op = apply_op("OptionalGetValue", [self._variant], _structure_attrs(self._specs),
                      name=name or "OptionalGetValue")
        return structure.from_components(self._specs, op.outputs)


def get_next_as_optional(iterator):
    """The iterator's next element as an Optional (empty at the end instead of OutOfRangeError)."""
    attrs = _structure_attrs(iterator._specs)
    variant = apply1("IteratorGetNextAsOptional", [iterator._iterator_resource], attrs,
                     name="IteratorGetNextAsOptional")
    return Optional(variant, iterator._specs)


__all__ = []  # tf.data.experimental.Optional and get_next_as_optional live in tfsess.data.experimental
