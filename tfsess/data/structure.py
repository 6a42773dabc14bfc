"""Element structures of datasets: nested tuples/dicts of component specs, flattened in TF's order.

An element travels between pipeline stages as a flat list of arrays; a SparseTensor component
travels as its three arrays (indices, values, dense_shape), a RaggedTensor component (spec: a
tf.RaggedTensorSpec) as its flat values then its row splits (see element_leaves), an ExtensionType (spec: its
Spec) as its components' parts in turn.
"""
from __future__ import annotations

import collections

import numpy as np

from tfsess.data.element_leaves import ragged_entry
from tfsess.framework import dtypes
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.operation import Tensor
from tfsess.framework.sparse_tensor import SparseTensor, SparseTensorValue
from tfsess.framework.tensor_shape import TensorShape, as_shape
from tfsess.framework.tensor_spec import SparseTensorSpec, TensorSpec
from tfsess.ops.extension_type import ExtensionType, ExtensionTypeSpec
from tfsess.ops.ragged.ragged_tensor import RaggedTensor
from tfsess.ops.ragged.ragged_tensor_value import RaggedTensorSpec, RaggedTensorValue


class Spec:
    """One component of an element: its dtype, static shape and class (Tensor or SparseTensor)."""

    __slots__ = ("dtype", "shape", "cls", "name")

    def __init__(self, dtype, shape, cls=Tensor, name=None):
        """`name`: the TensorSpec name a from_generator signature gave (kept where TF keeps the spec)."""
        self.dtype, self.shape, self.cls = dtypes.as_dtype(dtype).base_dtype, as_shape(shape), cls
        self.name = name

    @property
    def width(self):
        return 3 if self.cls is SparseTensor else 1

    def __repr__(self):  # TF's TensorSpec / SparseTensorSpec reprs
        if self.cls is SparseTensor:
            return f"SparseTensorSpec({self.shape!r}, tf.{self.dtype.name})"
        return f"TensorSpec(shape={self.shape}, dtype=tf.{self.dtype.name}, name={self.name!r})"


class DatasetSpec(Spec):
    """The spec of a dataset (tf.data.DatasetSpec): a variant component standing for a pipeline whose
    elements have `element_spec` (the elements of `window`, a group_by_window window).

    `make(variant, element_spec)` builds the Dataset object a traced function receives.
    """

    __slots__ = ("element_spec", "make", "_dataset_shape")

    def __init__(self, element_spec, dataset_shape=(), make=None):
        super().__init__(dtypes.variant, [])
        self.element_spec, self.make, self._dataset_shape = element_spec, make, as_shape(dataset_shape)

    @staticmethod
    def from_value(value):
        """The spec of the dataset `value`."""
        return DatasetSpec(value.element_spec, make=type(value))

    @property
    def value_type(self):
        return self.make

    def __eq__(self, other):
        return isinstance(other, DatasetSpec) and repr(self) == repr(other)

    def __hash__(self):
        return hash(repr(self))

    def __repr__(self):
        return f"DatasetSpec({self.element_spec!r}, {self._dataset_shape!r})"


def _keys(d):
    return sorted(d)


def leaves(structure) -> list:
    """The leaves of a nested tuple/list/dict structure, dict entries in sorted-key order."""
    if isinstance(structure, dict):
        return [x for k in _keys(structure) for x in leaves(structure[k])]
    if isinstance(structure, (tuple, list)):
        return [x for item in structure for x in leaves(item)]
    return [structure]


def pack(structure, flat):
    """Rebuilds `structure` with the leaves taken in order from `flat`."""
    it = iter(flat)

    def build(s):
        if isinstance(s, dict):
            built = {k: build(s[k]) for k in _keys(s)}
            return type(s)((k, built[k]) for k in s) if type(s) is not dict else {k: built[k] for k in s}
        if isinstance(s, tuple) and hasattr(s, "_fields"):
            return type(s)(*[build(x) for x in s])
        if isinstance(s, (tuple, list)):
            return type(s)(build(x) for x in s)
        return next(it)
    return build(structure)


def map_structure(fn, structure):
    return pack(structure, [fn(x) for x in leaves(structure)])


def normalize(value, name="component"):
    """A user element (nested tuples/dicts of tensor-like values) as the same structure of tensors.

    Python lists are values (converted to one tensor), as in tf.data; tuples and dicts nest. `name`
    is the converted constants' name, or a function giving the next one (called in leaf order).
    """
    if isinstance(value, (SparseTensor, SparseTensorValue)):  # first: a SparseTensorValue is a namedtuple
        return value if isinstance(value, SparseTensor) else SparseTensor(value.indices, value.values,
                                                                           value.dense_shape)
    if isinstance(value, RaggedTensorValue):
        return RaggedTensor.from_nested_row_splits(convert_to_tensor(value.flat_values, name=_leaf_name(name)), [
            convert_to_tensor(splits) for splits in value.nested_row_splits], validate=False)
    if isinstance(value, (RaggedTensor, ExtensionType)):
        return value
    if isinstance(value, dict):  # an OrderedDict stays one (make_csv_dataset's elements)
        converted = {k: normalize(value[k], name) for k in _keys(value)}  # leaf order names the constants
        items = [(k, converted[k]) for k in value]
        return dict(items) if type(value) is dict else collections.OrderedDict(items)
    if isinstance(value, tuple):
        return type(value)(*[normalize(v, name) for v in value]) if hasattr(value, "_fields") \
            else tuple(normalize(v, name) for v in value)
    return convert_to_tensor(value, name=_leaf_name(name))


def without_extension_types(value):
    """`value` with each ExtensionType replaced by the list of its components (tensors and other composites)."""
    return map_structure(lambda v: without_extension_types(list(v._type_spec._to_components(v)))
                         if isinstance(v, ExtensionType) else v, value)


def _leaf_name(name):
    return name() if callable(name) else name


def spec_of(value) -> Spec:
    if isinstance(value, ExtensionType):
        return value._type_spec
    if isinstance(value, RaggedTensor):
        return RaggedTensorSpec.from_value(value)
    if isinstance(value, SparseTensor):
        return Spec(value.dtype, _sparse_static_shape(value), SparseTensor)
    return Spec(value.dtype, value.shape)


def _sparse_static_shape(st):
    return st.shape


def components(value) -> list:
    """The tensors a structure of tensors/SparseTensors flattens to (3 per SparseTensor)."""
    out = []
    for leaf in leaves(value):
        if isinstance(leaf, ExtensionType):
            out.extend(components(list(leaf._type_spec._to_components(leaf))))
        elif isinstance(leaf, RaggedTensor):
            out.extend([leaf.flat_values] + list(leaf.nested_row_splits))
        else:
            out.extend([leaf.indices, leaf.values, leaf.dense_shape] if isinstance(leaf, SparseTensor) else [leaf])
    return out


def from_components(specs_structure, flat):
    """Rebuilds tensors (SparseTensors from their three parts) in `specs_structure`'s shape."""
    it = iter(flat)
    built = []
    for spec in leaves(specs_structure):
        if isinstance(spec, ExtensionTypeSpec):
            parts = _parts(spec)
            own = [next(it) for _ in component_specs(parts)]
            built.append(spec._from_components(from_components(parts, own)))
        elif isinstance(spec, RaggedTensorSpec):
            flat = next(it)
            splits = [next(it) for _ in range(spec.ragged_rank)]
            built.append(RaggedTensor.from_nested_row_splits(flat, splits, validate=False) if splits else flat)
        elif spec.cls is SparseTensor:
            built.append(SparseTensor(next(it), next(it), next(it)))
        elif isinstance(spec, DatasetSpec):
            built.append(spec.make(next(it), spec.element_spec))
        else:
            built.append(next(it))
    return pack(specs_structure, built)


def component_specs(specs_structure) -> list:
    """(dtype, shape) of each flat component: a SparseTensor gives indices, values, dense_shape."""
    out = []
    for spec in leaves(specs_structure):
        if isinstance(spec, ExtensionTypeSpec):
            out += component_specs(_parts(spec))
        elif isinstance(spec, RaggedTensorSpec):
            rank = spec.ragged_rank
            inner = spec.shape[rank + 1:] if spec.shape.ndims is not None else TensorShape(None)
            flat_shape = spec.shape if rank == 0 else TensorShape([None]).concatenate(inner)
            out += [(spec.dtype, flat_shape)] + [(spec.row_splits_dtype, TensorShape([None]))] * rank
        elif spec.cls is SparseTensor:
            rank = spec.shape.ndims
            out += [(dtypes.int64, TensorShape([None, rank])), (spec.dtype, TensorShape([None])),
                    (dtypes.int64, TensorShape([rank]))]
        else:
            out.append((spec.dtype, spec.shape))
    return out


def _parts(spec):
    """An ExtensionType spec's component specs, a TensorSpec or SparseTensorSpec as the Spec of this module."""
    def as_data_spec(part):
        if isinstance(part, (TensorSpec, SparseTensorSpec)):
            return Spec(part.dtype, part.shape, SparseTensor if isinstance(part, SparseTensorSpec) else Tensor)
        return part
    return [as_data_spec(part) for part in spec._component_specs]


def leaf_specs(specs_structure) -> list:
    """The leaves of a spec structure with each ExtensionType spec replaced by its component specs."""
    return [part for spec in leaves(specs_structure)
            for part in (leaf_specs(_parts(spec)) if isinstance(spec, ExtensionTypeSpec) else [spec])]


def _legacy_type(spec):
    if isinstance(spec, ExtensionTypeSpec):  # TF's TypeSpec has no legacy type for extension types
        raise NotImplementedError(f"{type(spec).__name__}._to_legacy_output_types()")
    return spec if isinstance(spec, DatasetSpec) else spec.dtype


def types_of(specs_structure):
    return map_structure(_legacy_type, specs_structure)


def shapes_of(specs_structure):  # TF gives a dataset component's DatasetSpec for its type, shape and class
    return map_structure(lambda s: s._to_legacy_output_shapes() if isinstance(s, ExtensionTypeSpec)
                         else s if isinstance(s, DatasetSpec) else s.shape, specs_structure)


def classes_of(specs_structure):  # TF gives a RaggedTensor component's RaggedTensorSpec for its class
    return map_structure(lambda s: s if isinstance(s, (DatasetSpec, RaggedTensorSpec)) else s.cls, specs_structure)


def layout_entry(spec) -> int:
    """The pipeline layout entry of a component (see element_leaves)."""
    return ragged_entry(spec.ragged_rank) if isinstance(spec, RaggedTensorSpec) else spec.width


def layout(specs_structure) -> list:
    """The pipeline layout of an element: one entry per component (an ExtensionType's parts in turn)."""
    out = []
    for spec in leaves(specs_structure):
        out += layout(_parts(spec)) if isinstance(spec, ExtensionTypeSpec) else [layout_entry(spec)]
    return out


def batched_spec(spec, dim):
    """The spec of `dim` (None: unknown) stacked components of `spec`: a ragged one gains a ragged dimension."""
    if isinstance(spec, ExtensionTypeSpec):
        return spec._batch(dim)  # an AttributeError for a type that is not batchable, as TF's
    shape = TensorShape([dim]).concatenate(spec.shape)
    if isinstance(spec, RaggedTensorSpec):
        return RaggedTensorSpec(shape, spec.dtype, spec.ragged_rank + 1, spec.row_splits_dtype)
    return Spec(spec.dtype, shape, spec.cls)


def unbatched_spec(spec):
    """The spec of one row of a `spec` component."""
    if isinstance(spec, ExtensionTypeSpec):
        return spec._unbatch()
    shape = spec.shape[1:] if spec.shape.ndims is not None else None
    if isinstance(spec, RaggedTensorSpec) and spec.ragged_rank > 0:
        return RaggedTensorSpec(shape, spec.dtype, spec.ragged_rank - 1, spec.row_splits_dtype)
    return Spec(spec.dtype, shape, Tensor if isinstance(spec, RaggedTensorSpec) else spec.cls)


def relaxed_spec(a, b):
    """The most specific spec both `a` and `b` components fit (Dataset.concatenate)."""
    if isinstance(a, ExtensionTypeSpec):
        return a.most_specific_compatible_type(b)
    shape = a.shape.most_specific_compatible_shape(b.shape)
    if isinstance(a, RaggedTensorSpec):
        return RaggedTensorSpec(shape, a.dtype, a.ragged_rank, a.row_splits_dtype)
    return Spec(a.dtype, shape, a.cls)


def from_types_shapes(types, shapes=None, classes=None):
    """A spec structure from TF's output_types/output_shapes/output_classes structures."""
    type_leaves = leaves(types)
    if any(t is None for t in type_leaves):
        raise TypeError("Cannot convert the argument `type_value`: None to a TensorFlow DType.")
    if shapes is None:
        shapes_flat = [TensorShape(None)] * len(type_leaves)
    else:
        shapes_flat = shape_leaves(types, shapes)
    class_leaves = [Tensor] * len(type_leaves) if classes is None else leaves(classes)
    if not (len(type_leaves) == len(shapes_flat) == len(class_leaves)):
        raise ValueError("The two structures don't have the same number of elements. "
                         f"First structure: {types}, second structure: {shapes}.")
    return pack(types, [Spec(t, s, c) for t, s, c in zip(type_leaves, shapes_flat, class_leaves)])


def specs_of_signature(signature, output_types=None, output_shapes=None):
    """The spec structure of from_generator's `output_signature` (a structure of tf.TensorSpec)."""
    if output_types is not None:
        raise TypeError("The `output_types` argument can not be used together with the `output_signature` argument.")
    if output_shapes is not None:
        raise TypeError("The `output_shapes` argument can not be used together with the `output_signature` "
                        "argument.")
    for spec in leaves(signature):
        if not isinstance(spec, (TensorSpec, SparseTensorSpec, RaggedTensorSpec)):
            raise TypeError("`output_signature` must contain objects that are subclass of `tf.TypeSpec` but found "
                            f"{type(spec)} which is not.")
    return map_structure(_generator_spec, signature)


def _generator_spec(spec):
    """A from_generator component's spec: a RaggedTensorSpec stays one (see generated_elements)."""
    if isinstance(spec, RaggedTensorSpec):
        return spec
    if isinstance(spec, SparseTensorSpec):
        return Spec(spec.dtype, spec.shape, SparseTensor)
    return Spec(spec.dtype, spec.shape, Tensor, spec.name)


def shape_leaves(types, shapes):
    """Shapes matching `types`' structure: a list of ints/None is one shape, not a structure."""
    if isinstance(types, dict):
        if not isinstance(shapes, dict) or sorted(shapes) != sorted(types):  # TF's nest.assert_shallow_structure
            raise ValueError("The two structures don't have the same keys. Input structure has keys "
                             f"{sorted(shapes) if isinstance(shapes, dict) else []}, while shallow structure has "
                             f"keys {sorted(types)}.")
        return [x for k in _keys(types) for x in shape_leaves(types[k], shapes[k])]
    if isinstance(types, (tuple, list)):
        if len(types) != len(shapes):
            raise ValueError("The two structures don't have the same sequence length. Input structure has length "
                             f"{len(shapes)}, while shallow structure has length {len(types)}.")
        return [x for t, s in zip(types, shapes) for x in shape_leaves(t, s)]
    return [as_shape(shapes)]


def same_structure(a, b) -> bool:
    if isinstance(a, dict) or isinstance(b, dict):
        return isinstance(a, dict) and isinstance(b, dict) and sorted(a) == sorted(b) and \
            all(same_structure(a[k], b[k]) for k in a)
    if isinstance(a, (tuple, list)) or isinstance(b, (tuple, list)):
        return isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)) and len(a) == len(b) and \
            all(same_structure(x, y) for x, y in zip(a, b))
    return True


def matches(specs, value) -> bool:
    """Whether `value` has `specs`' nesting (a spec leaf matches anything, lists included)."""
    if isinstance(specs, dict):
        return isinstance(value, dict) and sorted(value) == sorted(specs) and \
            all(matches(specs[k], value[k]) for k in specs)
    if isinstance(specs, (tuple, list)):
        return isinstance(value, (tuple, list)) and len(value) == len(specs) and \
            all(matches(s, v) for s, v in zip(specs, value))
    return True


def as_array(value, dtype):
    """A component value as an array of `dtype` (bytes objects for strings).

    Raises:
        TypeError: a value that TF would not convert: a Python float for an integer dtype, a Python int
            for bool, text for a number (NumPy arrays and scalars are cast, as TF casts them; a number is
            never text).
    """
    if dtype == dtypes.string:
        arr = np.asarray(value, dtype=object)
        if not all(isinstance(v, (bytes, str)) for v in arr.flat):
            raise TypeError(f"Cannot convert {value!r} to a tensor of dtype string")
        return np.vectorize(lambda v: v.encode() if isinstance(v, str) else v, otypes=[object])(arr) \
            if arr.size else arr
    raw = np.asarray(value)
    target = np.dtype(dtype.as_numpy_dtype)
    if isinstance(value, (np.ndarray, np.generic)) and raw.dtype.kind != "O":
        try:  # NumPy values are cast as TF's make_tensor_proto casts them: with astype, unchecked
            return raw.astype(target, copy=False)
        except (TypeError, ValueError):
            raise TypeError(f"Cannot convert {value!r} to a tensor of dtype {dtype.name}") from None
    if raw.size and (raw.dtype.kind in "OUS" or (raw.dtype.kind == "f" and target.kind in "iub") or
                     (raw.dtype.kind == "c" and target.kind != "c") or (raw.dtype.kind in "iu" and target.kind == "b")):
        raise TypeError(f"Cannot convert {value!r} to a tensor of dtype {dtype.name}")
    return raw.astype(target, copy=False)


class StructuredElements:
    """`output_types`, `output_shapes` and `output_classes` of a dataset or iterator (specs in `_specs`)."""

    @property
    def output_types(self):
        return types_of(self._specs)

    @property
    def output_shapes(self):
        return shapes_of(self._specs)

    @property
    def output_classes(self):
        return classes_of(self._specs)


_STATE_MISMATCH = {  # TF's TypeErrors for a new state of other classes / dtypes, by the transformation
    "reduce": ("The element classes for the new state must match the initial state. Expected {old} but got {new}.",
               "The element types for the new state must match the initial state. Expected {old} but got {new}."),
    "scan": ("Invalid `scan_func`. The element classes for the new state must match the initial state. Expected "
             "{old}, got {new}.",
             "Invalid `scan_func`. The element types for the new state must match the initial state. Expected "
             "{old}, got {new}."),
    "reducer": ("Invalid `reducer`. The output class of the `reducer.reduce_func` {new}, does not match the class "
                "of the reduce state {old}.",
                "Invalid `reducer`. The element types for the new state {new} do not match the element types of "
                "the old state {old}.")}


def trace_with_state(trace, state_specs, kind="reduce"):
    """(fn, state_specs) of a function carrying a state: `trace(specs)` -> (fn, the new state it returns).

    Traced again with the state's shapes relaxed where the function changes them (Dataset.reduce, scan,
    group_by_reducer: `kind`). As TF, the new state's components are compared with the state's in turn
    as far as both go (its structure and count are not checked here: another count fails when run); a
    component of another class or dtype is TF's TypeError.
    """
    class_message, type_message = _STATE_MISMATCH[kind]
    for _ in range(2):
        fn, new_state = trace(state_specs)
        new_specs = map_structure(spec_of, new_state)
        pairs = list(zip(leaves(state_specs), leaves(new_specs)))
        if any(type(old) is Spec and type(new) is Spec and not issubclass(new.cls, old.cls) for old, new in pairs):
            raise TypeError(class_message.format(old=classes_of(state_specs), new=classes_of(new_specs)))
        if any(old.dtype != new.dtype for old, new in pairs):
            raise TypeError(type_message.format(old=types_of(state_specs), new=types_of(new_specs)))
        old_leaves = leaves(state_specs)
        relaxed = pack(state_specs, [Spec(old.dtype, old.shape.most_specific_compatible_shape(new.shape), old.cls)
                                     for old, new in pairs] + old_leaves[len(pairs):])
        if all(a.shape.as_tuple_or_none() == b.shape.as_tuple_or_none()
               for a, b in zip(leaves(relaxed), old_leaves)):
            break
        state_specs = relaxed
    return fn, state_specs
