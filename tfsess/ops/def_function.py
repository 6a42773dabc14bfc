"""tf.function in graph mode, tf.compat.v1.wrap_function, and the tracing both share.

Tracing calls the Python function once per input signature (and per graph) on placeholders standing
for its tensor arguments; the ops it creates are recorded as a library function of the graph (a
GraphFunction: its body lives in the graph, hidden from the GraphDef's nodes, as TF's FuncGraph
is). Outside tensors the body reads become extra arguments, passed by each call, as TF captures
them. Calling a tf.function inside a graph builds a PartitionedCall (StatefulPartitionedCall when
the body has a stateful op, whose stateful ops then always run, as TF's automatic control
dependencies make them) and returns its outputs in the structure the function returned.

With autograph=True (the default, as in TF) the traced function is its AutoGraph conversion
(ops/autograph/): Python `if`/`while`/`for` over tensors build tf.cond / tf.while_loop; with
autograph=False it is traced as written.
"""
from __future__ import annotations

import functools
import inspect
import itertools

import numpy as np

from tfsess.framework import graph_api, nest
from tfsess.framework.function_library import GraphFunction, scope_name
from tfsess.framework.graph import get_default_graph
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.operation import Operation, Tensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.framework.tensor_spec import TensorSpec
from tfsess.ops import array_ops, constant_op
from tfsess.ops.autograph.api import tf_function_body
from tfsess.ops.control_flow_ops import ControlFlowContext
from tfsess.ops.functional_call_ops import call_function
from tfsess.ops.while_ops import captured_tensors

_UIDS = itertools.count(1)


class _BodyContext(ControlFlowContext):
    """Records a function body's ops; outer control dependencies and contexts do not reach into it."""

    def __init__(self, graph):
        super().__init__(graph)
        self.outer = None


def _arg_names(python_function, count):
    try:
        params = [p.name for p in inspect.signature(python_function).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        params = []
    return [params[i] if i < len(params) else f"args_{i}" for i in range(count)]


def trace(python_function, args, kwargs, name, graph=None, arg_names=None, op_return_value=None):
    """Traces `python_function(*args, **kwargs)` into a new library function of `graph`.

    Tensors and TensorSpecs among the (nested) arguments become arguments of the function; other
    values are fixed for this trace. Returns (GraphFunction, the result structure with its tensors
    replaced by indices into the function's outputs). An op the function returns stands for None,
    or, given `op_return_value`, for an identity of it run after the op (as TF's FuncGraph does).
    """
    graph = graph or get_default_graph()
    flat = nest.flatten((list(args), dict(kwargs)), expand_composites=True)
    tensor_positions = [i for i, v in enumerate(flat) if isinstance(v, (Tensor, TensorSpec))]
    names = arg_names or _arg_names(python_function, len(tensor_positions))
    fname = f"__inference_{name}_{next(_UIDS)}"
    with graph.as_default(), graph.control_dependencies(None), graph.name_scope(None), \
            graph.name_scope(scope_name(fname)) as scope:
        context = _BodyContext(graph)
        with context.enter(hide_outer=True), graph_api.fresh_seed_counter(graph):
            placeholders = []
            for k, i in enumerate(tensor_positions):
                spec = flat[i]
                shape = spec.shape if isinstance(spec, (Tensor, TensorSpec)) else None
                placeholder = constant_op.placeholder(spec.dtype.base_dtype, shape=shape, name=names[k])
                graph.prevent_feeding(placeholder)
                placeholders.append(placeholder)
                flat[i] = placeholder
            call_args, call_kwargs = nest.pack_sequence_as((list(args), dict(kwargs)), flat, expand_composites=True)
            result = python_function(*call_args, **call_kwargs)
            leaves = nest.flatten(result, expand_composites=True)
            outputs, template = [], []
            for leaf in leaves:
                if isinstance(leaf, Operation) and op_return_value is not None:
                    with graph.control_dependencies([leaf]):
                        leaf = array_ops.identity(op_return_value)
                if isinstance(leaf, Operation) or leaf is None:
                    template.append(None)  # TF returns None for an op or None result
                    continue
                if isinstance(leaf, Tensor) or hasattr(leaf, "_as_graph_element"):
                    tensor = convert_to_tensor(leaf._as_graph_element() if hasattr(leaf, "_as_graph_element")
                                               and not isinstance(leaf, Tensor) else leaf)
                    outputs.append(array_ops.identity(tensor, name="Identity"))
                    template.append(len(outputs) - 1)
                else:
                    template.append(("value", leaf))
        ops = list(context.ops)
    captures = [t for t in captured_tensors(ops, placeholders) if t.graph is graph] + _variables_read(ops)
    stateful = [op for op in ops if op._opdef.stateful and op.type != "Placeholder"]
    function = GraphFunction(fname, graph, placeholders + captures, outputs, ops, scope=scope,
                             input_names=names + [f"capture_{i}" for i in range(len(captures))],
                             output_names=["identity" if i == 0 else f"identity_{i}" for i in range(len(outputs))],
                             captures=captures, control_outputs=stateful)
    for op in ops:
        op._function_scope = scope
    if len(nest.flatten(result)) != len(leaves):  # composites among the results: rebuilt around the outputs
        return function, _CompositeResult(result, template)
    structure = nest.pack_sequence_as(result, template, expand_composites=True) if nest.is_nested(result) \
        else template[0] if template else None
    return function, structure


def _variables_read(ops):
    """Outside (ref) variables the body reads: captured by value, read when the call runs, as TF
    captures them.

    Raises:
      TypeError: a body op updates an outside ref variable (TF's message: the capture is a value).
    """
    inside = set(ops)
    read = {}
    for op in ops:
        for k, t in enumerate(op._inputs):
            if not t.dtype.is_ref_dtype or t.op in inside:
                continue
            if k in op._opdef.ref_inputs:
                given = ", ".join(f"tf.{i.dtype.base_dtype.name}" for i in op._inputs)
                wanted = ", ".join(f"tf.{i.dtype.name}" for i in op._inputs)
                raise TypeError(f"In op '{op.type}', input types ([{given}]) are not compatible with expected "
                                f"types ([{wanted}])")
            read[t] = None
    return list(read)


class _CompositeResult:
    """A traced result holding composites (an ExtensionType, a RaggedTensor): the traced value, rebuilt with
    each call's outputs as its components."""

    def __init__(self, result, template):
        self.result, self.template = result, template

    def rebuild(self, one):
        return nest.pack_sequence_as(self.result, [one(leaf) for leaf in self.template], expand_composites=True)


def _rebuild(structure, outputs):
    """The result structure of a call: indices replaced by the call's output tensors."""
    if isinstance(structure, _CompositeResult):
        return structure.rebuild(lambda leaf: outputs[leaf] if isinstance(leaf, int) else
                                 leaf[1] if isinstance(leaf, tuple) else leaf)
    def one(leaf):
        if isinstance(leaf, int) and not isinstance(leaf, bool):
            return outputs[leaf]
        if isinstance(leaf, tuple) and len(leaf) == 2 and leaf[0] == "value":
            return leaf[1]
        return leaf
    if nest.is_nested(structure):
        return nest.map_structure(one, structure)
    return one(structure)


class _FunctionGraph:
    """A traced function's view of the graph holding its body: get_operations() lists the body's ops
    (which the graph's own get_operations leaves to the library, as TF's); the rest is the graph's."""

    def __init__(self, function):
        self._function = function

    def get_operations(self):
        return list(self._function.ops)

    def __getattr__(self, name):
        return getattr(self._function.graph, name)


class ConcreteFunction:
    """One trace of a tf.function (or wrap_function): a library function and its result structure."""

    def __init__(self, function, structure, input_signature, name):
        self._function, self._structure = function, structure
        self.structured_input_signature = input_signature
        self._name = name

    @property
    def name(self) -> str:
        return self._function.name

    @property
    def graph(self):
        """The function's graph as TF's FuncGraph shows it: its operations are the body's."""
        return _FunctionGraph(self._function)

    @property
    def inputs(self):
        return list(self._function.inputs)

    @property
    def outputs(self):
        return list(self._function.outputs)

    @property
    def captured_inputs(self):
        return list(self._function.captures)

    @property
    def structured_outputs(self):
        return _rebuild(self._structure, self._function.outputs)

    @property
    def function_def(self):
        return self._function.definition()

    def __call__(self, *args, **kwargs):
        tensors = nest.flatten((list(args), dict(kwargs)), expand_composites=True)
        arguments = self._function.inputs[:len(self._function.inputs) - len(self._function.captures)]
        if len(tensors) != len(arguments):
            raise TypeError(f"{self._name}: expected {len(arguments)} tensor arguments, got {len(tensors)}")
        tensors = [convert_to_tensor(v, dtype=a.dtype.base_dtype) for v, a in zip(tensors, arguments)]
        for value, argument in zip(tensors, arguments):
            if not argument.shape.is_compatible_with(value.shape):
                raise ValueError(f"{self._name}: argument '{argument.op.name}' of shape {argument.shape} given a "
                                 f"tensor of shape {value.shape}")
        outputs = call_function(self._function, tensors + self._function.captures)
        return _rebuild(self._structure, outputs)

    def prune(self, feeds, fetches, name=None, input_signature=None):
        """A function of the same body fed at `feeds` and returning `fetches` (WrappedFunction.prune)."""
        del input_signature
        feeds = list(nest.flatten(feeds))
        flat_fetches = nest.flatten(fetches)
        for t in feeds + [f for f in flat_fetches if isinstance(f, Tensor)]:
            if t.graph is not self._function.graph or (t.op not in set(self._function.ops) and t not in self._function.inputs):
                raise ValueError(f"Can only prune function whose feeds and fetches are from this graph; "
                                 f"{t.name} is not")
        outputs = [f if isinstance(f, Tensor) else None for f in flat_fetches]
        targets = [f for f in flat_fetches if isinstance(f, Operation)]
        tensors = [t for t in outputs if t is not None]
        pruned = GraphFunction(f"{name or 'pruned'}_{next(_UIDS)}", self._function.graph, feeds + self._function.captures,
                               tensors, self._function.ops, scope=self._function.scope, control_outputs=targets,
                               captures=self._function.captures,
                               input_names=[f"feed_{i}" for i in range(len(feeds))]
                               + [f"capture_{i}" for i in range(len(self._function.captures))],
                               output_names=[f"fetch_{i}" for i in range(len(tensors))])
        positions = iter(range(len(tensors)))
        template = [next(positions) if t is not None else None for t in outputs]
        structure = nest.pack_sequence_as(fetches, template) if nest.is_nested(fetches) else template[0]
        return ConcreteFunction(pruned, structure, None, pruned.name)

    def __repr__(self):
        return f"<ConcreteFunction {self.name}>"


def _signature_key(value):
    if isinstance(value, (Tensor, TensorSpec)):
        return ("tensor", value.dtype.base_dtype, tuple(TensorShape(value.shape).as_tuple_or_none())
                if TensorShape(value.shape).ndims is not None else None)
    try:
        hash(value)
        return ("value", type(value), value)
    except TypeError:
        return ("object", id(value))


class Function:
    """A Python function traced into a graph function per input signature (tf.function)."""

    def __init__(self, python_function, name=None, input_signature=None, autograph=True, autograph_options=None,
                 **options):
        self._python_function = python_function
        self._name = name or getattr(python_function, "__name__", "function")
        self._input_signature = None if input_signature is None else list(nest.flatten(input_signature))
        self._input_structure = input_signature
        for spec in self._input_signature or ():
            if not isinstance(spec, TensorSpec):
                raise TypeError(f"input_signature must be a possibly nested sequence of TensorSpec objects, "
                                f"got {spec!r}")
        self._autograph = autograph
        self._autograph_options = autograph_options
        self._options = options
        self._traces = {}
        functools.update_wrapper(self, python_function)

    @property
    def python_function(self):
        return self._python_function

    @property
    def input_signature(self):
        return self._input_structure

    def _concrete(self, args, kwargs):
        graph = get_default_graph()
        if self._input_signature is not None:
            specs = list(self._input_structure)
            flat = nest.flatten((list(args), dict(kwargs)), expand_composites=True)
            if len(flat) != len(self._input_signature):
                raise TypeError(f"{self._name}: the input_signature has {len(self._input_signature)} tensors, the "
                                f"call gives {len(flat)}")
            for value, spec in zip(flat, self._input_signature):
                if isinstance(value, (Tensor, TensorSpec)) and (
                        value.dtype.base_dtype != spec.dtype.base_dtype
                        or not spec.shape.is_compatible_with(value.shape)):
                    raise TypeError(f"Python inputs incompatible with input_signature:\n  inputs: {value}\n  "
                                     f"input_signature: {spec}")
            key = (graph, "signature")
            trace_args, trace_kwargs = specs, {}
        else:
            flat = nest.flatten((list(args), dict(kwargs)), expand_composites=True)
            key = (graph, tuple(_signature_key(v) for v in flat), repr(nest.map_structure(lambda _: 0, (
                list(args), dict(kwargs)))))
            trace_args, trace_kwargs = args, kwargs
        concrete = self._traces.get(key)
        if concrete is None:
            first = len(graph._all_operations())
            with graph.as_default():
                body, structure = trace(self._traced_function(), trace_args, trace_kwargs, self._name, graph,
                                        arg_names=self._arg_names(trace_args, trace_kwargs))
            # a variable made while tracing: TF's second trace would make it again, and TF refuses that
            if any(op._opdef.is_variable for op in graph._all_operations()[first:]):
                raise ValueError("tf.function only supports singleton tf.Variables created on the first call. Make "
                                 "sure the tf.Variable is only created once or created outside tf.function.")
            concrete = self._traces[key] = ConcreteFunction(body, structure, self._input_structure, self._name)
        return concrete

    def _traced_function(self):
        if not self._autograph:
            return self._python_function
        return tf_function_body(self._python_function, self._autograph_options)

    def _arg_names(self, args, kwargs):
        """The argument names of the function as written (its conversion's signature is the same)."""
        count = sum(isinstance(v, (Tensor, TensorSpec))
                    for v in nest.flatten((list(args), dict(kwargs)), expand_composites=True))
        return _arg_names(self._python_function, count)

    def get_concrete_function(self, *args, **kwargs):
        """The trace for these arguments (tensors or TensorSpecs), made on first use."""
        if not args and not kwargs and self._input_signature is not None:
            args = tuple(self._input_structure)
        return self._concrete(args, kwargs)

    def experimental_get_tracing_count(self) -> int:
        return len(self._traces)

    def __call__(self, *args, **kwargs):
        # NumPy arrays are tensor arguments, as in TF (Python numbers stay fixed values of the trace)
        args, kwargs = nest.map_structure(
            lambda v: convert_to_tensor(v) if isinstance(v, np.ndarray) else v, (list(args), dict(kwargs)))
        concrete = self._concrete(args, kwargs)
        flat = nest.flatten((list(args), dict(kwargs)), expand_composites=True)
        tensors = [v for v in flat if isinstance(v, Tensor)] if self._input_signature is None else flat
        return concrete(*tensors)

    def __get__(self, instance, owner):
        if instance is None:
            return self
        return functools.partial(self.__call__, instance)

    def __repr__(self):
        return f"<tfsess.function {self._name}>"


def function(func=None, input_signature=None, autograph=True, jit_compile=None, reduce_retracing=False,
             experimental_implements=None, experimental_autograph_options=None, experimental_attributes=None,
             experimental_relax_shapes=None, experimental_compile=None, experimental_follow_type_hints=None):
    """Compiles a Python function into a graph function called by PartitionedCall ops (tf.function).

    In graph mode each new input signature traces `func` once into the graph's function library;
    calls build call ops. With autograph=True, Python control flow over tensors is converted first.

    Args:
      func: the function, or None to use tf.function as a decorator with arguments.
      input_signature: a (nested) sequence of tf.TensorSpec fixing the tensor arguments.
      autograph: convert Python control flow over tensors with AutoGraph (TF's default True).
      experimental_autograph_options: tf.autograph.experimental.Feature values (ASSERT_STATEMENTS, ALL).
      jit_compile, reduce_retracing, other experimental_*: accepted for TF's signature.
    """
    del jit_compile, reduce_retracing, experimental_implements
    del experimental_attributes, experimental_relax_shapes, experimental_compile, experimental_follow_type_hints

    def decorate(python_function):
        return Function(python_function, input_signature=input_signature, autograph=autograph,
                        autograph_options=experimental_autograph_options)
    return decorate if func is None else decorate(func)


def wrap_function(fn, signature, name=None):
    """Traces `fn` once on `signature` (TensorSpecs) into a graph function (tf.compat.v1.wrap_function).

    Returns a ConcreteFunction; its `prune(feeds, fetches)` makes a function of the same body fed
    at inner tensors `feeds` and returning `fetches`.
    """
    specs = list(signature or [])
    body, structure = trace(fn, specs, {}, name or getattr(fn, "__name__", "wrapped_function"))
    return ConcreteFunction(body, structure, specs, body.name)


__all__ = ["function", "wrap_function"]
