"""Iterators over datasets as graph objects whose position lives in each session.

The iterator op (`IteratorV2`, `OneShotIterator`) outputs a resource handle: its kernel returns
the session's IteratorState, kept in the session's resources under the op's name (or
shared_name), so two sessions over one graph iterate independently. `MakeIterator` starts it on
a dataset's pipeline; `IteratorGetNext` takes one element.
"""
from __future__ import annotations

import base64
import hashlib
import re
import threading

import numpy as np

from tfsess.framework import dtypes, errors, nest
from tfsess.framework.function_library import GraphFunction, add_function, function_def
from tfsess.framework.op_builder import apply1, apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.runtime.executor import Plan, needed_ops
from tfsess.data import structure
from tfsess.data.background import Workers
from tfsess.data.pipeline import ElementError

_PLACEHOLDERS = ("Placeholder", "PlaceholderV2", "PlaceholderWithDefault")


class IteratorState:
    """One session's iterator: the pipeline it walks and where it stands."""

    def __init__(self, key):
        self.key = key
        self.lock = threading.Lock()
        self.elements = None   # the generator of the current pipeline, or None before initialization
        self.ctx = None        # the run asking for the next element (function plans run in it)
        self.caches = {}
        self.workers = Workers()  # the background threads of the current start
        self.cancelled = False
        self.pipe = None       # the pipeline of the current start (a restored position replays it)
        self.produced = 0      # elements handed out since that start
        self.signature = None  # (dtypes, shapes) its iterator op declares

    def start(self, pipe):
        self.workers.stop()  # first: a get_next blocked on the old pipeline releases the lock
        with self.lock:
            self.caches = {}
            self.workers = Workers()
            self.elements = pipe.iterate(self)
            self.pipe, self.produced = pipe, 0

    def cancel(self):
        """The session is closing: stop the background threads; a blocked get_next raises CancelledError."""
        self.cancelled = True
        self.workers.stop()

    def get_next(self, ctx):
        with self.lock:
            if self.cancelled:
                raise errors.CancelledError(None, None, "The iterator was cancelled: its session is closed.")
            if self.elements is None:
                raise errors.FailedPreconditionError(
                    None, None, "GetNext() failed because the iterator has not been initialized. Ensure that you "
                    "have run the initializer operation for this iterator before getting the next element.")
            self.ctx = ctx
            try:
                elem = next(self.elements, None)
            finally:
                self.ctx = None
            self.produced += elem is not None
        if elem is None:
            raise errors.OutOfRangeError(None, None, "End of sequence")
        if isinstance(elem, ElementError):
            raise elem.error
        return elem


def _resource_infer(inputs, attrs):
    return [(dtypes.resource, TensorShape([]))]


def _state(ctx, name):
    key = name
    state = ctx.resources.get_or_create(("iterator", key), lambda: IteratorState(key))
    if state.signature is None:  # once: the iterator op runs on every step that reads it
        state.signature = _signature(ctx.op)
    return state


def _signature(op):
    """(dtypes, shapes) of the elements an iterator op declares."""
    return [dtypes.as_dtype(t) for t in op.get_attr("output_types")], \
        [TensorShape(s) for s in op.get_attr("output_shapes")]


def _type_string(dtype):
    """TF's C++ name of a dtype (DataTypeString): float, double, half, int64..."""
    return {"float32": "float", "float64": "double", "float16": "half"}.get(dtype.name, dtype.name)


def _shape_string(shape):
    """TF's PartialTensorShape::DebugString: [2,?], [] or <unknown>."""
    return "<unknown>" if shape.ndims is None else \
        "[" + ",".join("?" if d is None else str(d) for d in shape.as_list()) + "]"


def _check_signature(op, state):
    """TF's checks of a fed handle: the iterator it names yields what `op` declares."""
    if state.signature is None:
        return
    (want_types, want_shapes), (got_types, got_shapes) = _signature(op), state.signature
    if len(want_types) != len(got_types):
        raise errors.InvalidArgumentError(None, op, f"Number of components does not match: expected "
                                          f"{len(want_types)} types but got {len(got_types)}.")
    for i, (want, got) in enumerate(zip(want_types, got_types)):
        if want != got:
            raise errors.InvalidArgumentError(None, op, f"Data type mismatch at component {i}: expected "
                                              f"{_type_string(want)} but got {_type_string(got)}.")
    for i, (want, got) in enumerate(zip(want_shapes, got_shapes)):
        if not want.is_compatible_with(got):
            raise errors.InvalidArgumentError(None, op, f"Incompatible shapes at component {i}: expected "
                                              f"{_shape_string(want)} but got {_shape_string(got)}.")


@register_op("IteratorV2", infer=_resource_infer, needs_ctx=True, stateful=True, gpu=False, no_gradient=True)
def _iterator_v2(xp, *, ctx, shared_name=""):
    return _state(ctx, shared_name or ctx.op.name)


@register_op("OneShotIterator", infer=_resource_infer, needs_ctx=True, stateful=True, gpu=False, no_gradient=True)
def _one_shot_iterator(xp, *, ctx):
    state = _state(ctx, ctx.op.name)
    if state.elements is None:
        variant = ctx.op._attrs.get("_dataset")
        if variant is None:  # imported: the dataset is what the factory function builds
            factory = ctx.op._attrs.get("dataset_factory")
            if not isinstance(factory, GraphFunction):
                raise errors.NotFoundError(None, None, f"Function {factory} is not defined.")
            variant = factory.outputs[0]
        pipe = Plan([variant], [], [], ctx.placer_for(variant.graph)).run([], ctx)[0]
        state.start(pipe)
    return state


@register_op("MakeIterator", infer=lambda inputs, attrs: [], needs_ctx=True, stateful=True, gpu=False,
             no_gradient=True)
def _make_iterator(xp, pipe, state, *, ctx):
    _restart_function_streams(ctx, ctx.op.inputs[0].op)
    state.start(pipe)
    return ()


def _restart_function_streams(ctx, variant_op):
    """TF instantiates a dataset's functions anew for each iterator start: their random ops restart."""
    for op in _pipeline_ops(variant_op):
        if getattr(op, "_function_scope", None):
            ctx.resources.pop(("random_stream", op.name))


def _get_next_infer(inputs, attrs):
    return [(t, s) for t, s in zip(attrs["output_types"], attrs["output_shapes"])]


@register_op("IteratorGetNext", infer=_get_next_infer, needs_ctx=True, stateful=True, gpu=False, no_gradient=True)
def _iterator_get_next(xp, state, *, ctx):
    op = ctx.op  # function plans run by get_next move ctx.op to their own ops
    elem = state.get_next(ctx)
    ctx.op = op
    types, shapes = op.get_attr("output_types"), op.get_attr("output_shapes")
    out = []
    for i, (value, dtype, shape) in enumerate(zip(elem, types, map(TensorShape, shapes))):  # imported: dim lists
        arr = structure.as_array(value, dtype) if not isinstance(value, np.ndarray) or \
            value.dtype != np.dtype(dtype.as_numpy_dtype) else value
        if not shape.is_compatible_with(TensorShape(arr.shape)):
            raise errors.InvalidArgumentError(None, None, f"Incompatible shapes at component {i}: expected "
                                              f"{_shape_string(shape)} but got {_shape_string(TensorShape(arr.shape))}.")
        out.append(arr)
    return out[0] if len(out) == 1 else tuple(out)


@register_op("IteratorToStringHandle", infer=lambda inputs, attrs: [(dtypes.string, TensorShape([]))],
             stateful=True, gpu=False, no_gradient=True)
def _iterator_to_string_handle(xp, state):
    return np.array(state.key.encode(), dtype=object)


@register_op("IteratorFromStringHandleV2", infer=_resource_infer, needs_ctx=True, stateful=True, gpu=False,
             no_gradient=True)
def _iterator_from_string_handle(xp, handle, *, ctx):
    key = handle.item() if isinstance(handle, np.ndarray) else handle
    key = key.decode() if isinstance(key, bytes) else str(key)
    state = ctx.resources.get(("iterator", key))
    if state is None and not _names_iterator(ctx.op.graph, key):  # TF: not a serialized handle at all
        raise errors.InvalidArgumentError(None, None, f"Could not parse string handle: {key!r} names no iterator.")
    if state is None:
        raise errors.NotFoundError(None, None, f"Resource iterator {key} does not exist: run the iterator's "
                                   "string_handle() in this session first.")
    _check_signature(ctx.op, state)
    return state


def _names_iterator(graph, key):
    """Whether `key` is an iterator's handle string in `graph` (its op name or shared name)."""
    def names(op):
        shared = op.get_attr("shared_name") if op.type == "IteratorV2" else b""
        return op.name, shared.decode() if isinstance(shared, bytes) else shared
    return any(op.type in ("IteratorV2", "OneShotIterator") and key in names(op) for op in graph.get_operations())


class Iterator(structure.StructuredElements):
    """An iterator over elements of one structure (tf.data.Iterator)."""

    def __init__(self, resource, initializer, specs):
        self._iterator_resource, self._initializer, self._specs = resource, initializer, specs
        # as TF: every iterator makes its string handle at once, and string_handle() returns it
        self._string_handle = apply1("IteratorToStringHandle", [resource], name="IteratorToStringHandle")

    @staticmethod
    def from_structure(output_types, output_shapes=None, shared_name=None, output_classes=None):
        """A reinitializable iterator: `make_initializer(dataset)` points it at a dataset of this structure."""
        specs = structure.from_types_shapes(output_types, output_shapes, output_classes)
        resource = _iterator_op(specs, shared_name)
        return Iterator(resource, None, specs)

    @staticmethod
    def from_string_handle(string_handle, output_types, output_shapes=None, output_classes=None):
        """A feedable iterator: which iterator it reads is the string handle fed at run time."""
        specs = structure.from_types_shapes(output_types, output_shapes, output_classes)
        handle = convert_to_tensor(string_handle, dtypes.string)
        resource = apply1("IteratorFromStringHandleV2", [handle], _structure_attrs(specs),
                          name="IteratorFromStringHandleV2")
        return Iterator(resource, None, specs)

    @property
    def element_spec(self):
        return self._specs

    @property
    def initializer(self):
        if self._initializer is None:
            raise ValueError("The iterator does not have an initializer. This means it was likely created using "
                             "`tf.data.Dataset.make_one_shot_iterator()`. For an initializable iterator, use "
                             "`tf.data.Dataset.make_initializable_iterator()` instead.")
        return self._initializer

    def make_initializer(self, dataset, name=None):
        """An op that (re)starts this iterator on `dataset`.

        Raises:
            ValueError: the dataset's elements nest otherwise (TF's nest message).
            TypeError: other component classes (Tensor vs SparseTensor), dtypes or incompatible shapes.
        """
        with op_scope(name, "make_initializer") as scope:  # TF checks inside the scope: a failure uses its name
            if not hasattr(dataset, "_specs"):
                raise AttributeError(f"'{type(dataset).__name__}' object has no attribute 'element_spec'")
            their_types = structure.types_of(dataset._specs)  # a v2 dataset has no output_types
            nest.assert_same_structure(self.output_types, their_types)
            if not structure.same_structure(self._specs, dataset._specs):
                raise TypeError(f"Expected output types {self.output_types!r} but got dataset with output types "
                                f"{their_types!r}.")
            mine_classes, their_classes = structure.classes_of(self._specs), structure.classes_of(dataset._specs)
            if any(_class_kind(a) is not _class_kind(b)
                   for a, b in zip(structure.leaves(mine_classes), structure.leaves(their_classes))):
                raise TypeError(f"Expected output classes {mine_classes!r} but got dataset with output classes "
                                f"{their_classes!r}.")
            for mine, theirs in zip(structure.leaves(self._specs), structure.leaves(dataset._specs)):
                if mine.dtype != theirs.dtype:
                    raise TypeError(f"Expected output types {self.output_types!r} but got dataset with output "
                                    f"types {their_types!r}.")
                if not mine.shape.is_compatible_with(theirs.shape):
                    raise TypeError(f"Expected output shapes compatible with {self.output_shapes!r} but got dataset "
                                    f"with output shapes {structure.shapes_of(dataset._specs)!r}.")
            return apply_op("MakeIterator", [dataset._variant, self._iterator_resource], name=scope)

    def get_next(self, name=None):
        """The next element's tensors; running them raises OutOfRangeError at the end."""
        op = apply_op("IteratorGetNext", [self._iterator_resource], _structure_attrs(self._specs),
                      name=name or "IteratorGetNext")
        return structure.from_components(self._specs, op.outputs)

    def string_handle(self, name=None):
        """A string tensor naming this iterator, to feed a `from_string_handle` iterator."""
        if name is None:
            return self._string_handle
        return apply1("IteratorToStringHandle", [self._iterator_resource], name=name)



def _class_kind(output_class):
    """A component's class as make_initializer compares it (a ragged component's class is its spec)."""
    return output_class if isinstance(output_class, type) else type(output_class)


def _structure_attrs(specs):
    structure.types_of(specs)  # TF's iterators read the legacy types: none for an ExtensionType (NotImplementedError)
    comps = structure.component_specs(specs)
    return {"output_types": [t for t, _ in comps], "output_shapes": [s for _, s in comps]}


def _iterator_op(specs, shared_name):
    attrs = dict(_structure_attrs(specs), shared_name=shared_name or "", container="")
    return apply1("IteratorV2", [], attrs, name="IteratorV2")


def make_one_shot_iterator(dataset):
    """An iterator that starts itself on first use (tf.data.make_one_shot_iterator).

    Raises:
        ValueError: the dataset captures a placeholder or a stateful op (a variable, a table, a random op) from
            outside its functions (use an initializable iterator).
    """
    ops = needed_ops([dataset._variant.op], set())
    for op in _nearest_first(dataset._variant.op, _captured_ops(dataset._variant.op)):
        if op.type in _PLACEHOLDERS:
            raise ValueError(f"Cannot capture a placeholder (name:{op.name}, type:{op.type}) by value.")
        if _stateful_in_tf(op):
            raise ValueError(f"Cannot capture a stateful node (name:{op.name}, type:{op.type}) by value.: A likely "
                             "cause of this error is that the dataset for which you are calling "
                             "`make_one_shot_iterator()` captures a stateful object, such as a `tf.Variable` or "
                             "`tf.lookup.StaticHashTable`, which is not supported. Use "
                             "`make_initializable_iterator()` instead.")
    factory = DatasetFactory(dataset._variant, sorted(ops, key=lambda op: op._id))
    add_function(dataset._variant.graph, factory)
    attrs = dict(_structure_attrs(dataset._specs), _dataset=dataset._variant, dataset_factory=factory)
    resource = apply1("OneShotIterator", [], attrs, name="OneShotIterator")
    return Iterator(resource, None, dataset._specs)


def _pipeline_ops(variant_op):
    """The ops a dataset runs: those its variant needs and those of its functions (arguments apart)."""
    seen, args, todo = set(), set(), [variant_op]
    while todo:
        new = [op for op in needed_ops(todo, set()) if op not in seen]
        seen.update(new)
        todo = []
        for op in new:
            for fn in _functions_of(op):
                args.update(t.op for t in fn.inputs if t.op in fn.ops)
                todo.extend(o for o in fn.ops if o not in seen)
    return seen - args


# ops tfsess never folds or caches (stateful in its registry) that TF's OpDefs do not mark stateful; the ops
# that update a variable are among them too, but capturing one captures the variable it reads
_CACHED_NEVER_YET_PURE = frozenset({"DatasetCardinality", "MatchingFiles", "ReadFile", "ExtractGlimpse",
                                    "FractionalAvgPool", "FractionalMaxPool", "BatchFunction", "For"})


def _stateful_in_tf(op):
    """Whether TF's dataset factory refuses to capture `op` by value: a stateful op, not a dataset."""
    if not op._opdef.stateful or op.type in _CACHED_NEVER_YET_PURE:
        return False
    return not all(t.dtype == dtypes.variant for t in op.outputs)


def _captured_ops(variant_op):
    """The graph ops a dataset needs outside its functions: what TF's dataset factory captures by value."""
    pipeline = _pipeline_ops(variant_op)
    inside = set()
    for op in pipeline:
        for fn in _functions_of(op):
            inside.update(fn.ops)
    return pipeline - inside


def _nearest_first(variant_op, captured):
    """The `captured` ops in the order TF's dataset serialization reaches them: depth first from the
    dataset op through the inputs, so the op whose tensor is captured comes before the ops it reads."""
    order, seen, todo = [], set(), [variant_op]
    while todo:
        op = todo.pop()
        if op in seen:
            continue
        seen.add(op)
        if op in captured:
            order.append(op)
        todo.extend(reversed([t.op for t in op.inputs] + list(op.control_inputs)))
    return order + sorted(set(captured) - set(order), key=lambda op: op._id)  # reached through functions only


def _functions_of(op):
    """The library functions an op's attrs name (a dataset op's `f`, `predicate`, ...)."""
    for value in op._attrs.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, GraphFunction):
                yield item


class DatasetFactory(GraphFunction):
    """TF's `_make_dataset_<hash>` function that a OneShotIterator names: it builds the pipeline.

    Its ops are the main graph's pipeline ops, which stay nodes of the graph (`ops` is empty, so the
    GraphDef hides none of them); the library gets a copy of them as the function's FunctionDef.
    """

    def __init__(self, variant, pipeline_ops):
        digest = hashlib.sha1("\n".join(op.name for op in pipeline_ops).encode()).digest()
        name = "_make_dataset_" + base64.urlsafe_b64encode(digest[:8]).decode().rstrip("=")
        output_name = re.sub(r"[^a-z0-9_]", "_", variant.op.name.lower())
        super().__init__(name, variant.graph, [], [variant], [], output_names=[output_name],
                         attrs={"_disable_call_shape_inference": True})
        self._pipeline = list(pipeline_ops)

    def definition(self):
        if self._definition is None:
            body = GraphFunction(self.name, self.graph, [], self.outputs, self._pipeline,
                                 output_names=self.output_names, attrs=self.attrs)
            self._definition = function_def(body)
            self._definition.signature.description = "Factory function for a dataset."
        return self._definition


def make_initializable_iterator(dataset, shared_name=None):
    """An iterator started by running its `initializer` (tf.data.make_initializable_iterator)."""
    if not hasattr(dataset, "_variant"):
        raise TypeError(f"Expected a tf.data.Dataset, got {type(dataset).__name__}.")
    resource = _iterator_op(dataset._specs, shared_name)
    initializer = apply_op("MakeIterator", [dataset._variant, resource], name="MakeIterator")
    return Iterator(resource, initializer, dataset._specs)


__all__ = ["Iterator", "make_initializable_iterator", "make_one_shot_iterator"]
