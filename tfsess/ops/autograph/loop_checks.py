"""What staged control flow checks about its state, with TF's messages, and the scratch staging of a
loop body that finds the types of names first assigned inside the loop."""
from __future__ import annotations

import contextlib

import numpy as np

from tfsess.framework import nest
from tfsess.framework.graph import get_default_graph
from tfsess.framework.importer import remove_ops_since
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.operation import Tensor
from tfsess.ops import constant_op
from tfsess.ops.autograph.variables import Undefined, UndefinedReturnValue

_PY_SCALARS = (bool, int, float, str, np.ndarray)
LEGAL_LOOP_TYPES = "Tensor, int, float, bool or a list, tuple or dict thereof"


@contextlib.contextmanager
def scratch_ops():
    """Ops made inside are taken back out of the default graph, names and collections as before (TF
    stages such trials in a temporary graph)."""
    graph = get_default_graph()
    first = len(graph._all_operations())
    names = dict(graph._names_in_use)
    collections = {k: list(v) for k, v in graph._collections.items()}
    functions = dict(graph._functions)
    try:
        yield
    finally:
        remove_ops_since(graph, first)
        graph._names_in_use.clear()
        graph._names_in_use.update(names)
        graph._collections.clear()
        graph._collections.update(collections)
        graph._functions.clear()
        graph._functions.update(functions)


# ---------------------------------------------------------------- conditionals
def verify_branch_values(values, symbol_names, branch):
    for name, value in zip(symbol_names, values):
        if isinstance(value, Undefined):
            raise ValueError(f"'{name}' must also be initialized in the {branch} branch")
        if isinstance(value, UndefinedReturnValue):
            raise ValueError(f"the {branch} branch must also have a return statement.")


def verify_cond_values(main, orelse, symbol_names):
    for name, a, b in zip(symbol_names, main, orelse):
        try:
            nest.assert_same_structure(a, b, expand_composites=True)
        except (ValueError, TypeError) as e:
            raise TypeError(f"'{name}' must have the same nested structure in the main and else branches:\n\n"
                            f"{e}") from None
        nest.map_structure(lambda x, y: verify_cond_value(name, x, y), a, b)


def verify_cond_value(name, main, orelse):
    if main is None:
        raise ValueError(f"'{name}' is None at the end of the main branch.")
    if orelse is None:
        raise ValueError(f"'{name}' is None at the end of the else branch.")
    main, orelse = _as_tensor(main), _as_tensor(orelse)
    if isinstance(main, Tensor) and isinstance(orelse, Tensor) and main.dtype != orelse.dtype:
        raise TypeError(f"'{name}' has dtype {main.dtype.name} in the main branch, but dtype {orelse.dtype.name} "
                        f"in the else branch")


def _as_tensor(value):
    return convert_to_tensor(value) if isinstance(value, _PY_SCALARS) else value


# ---------------------------------------------------------------- loops
def verify_loop_init_values(values, symbol_names, first_iteration=None, extra_message=None):
    first_iteration = first_iteration or (None,) * len(values)
    for name, value, first in zip(symbol_names, values, first_iteration):
        if isinstance(value, UndefinedReturnValue):
            if first:
                raise ValueError(f"the return value from a TensorFlow loop may only be a {LEGAL_LOOP_TYPES}; got "
                                 f"{type(first)}")
            raise NotImplementedError("a return statement cannot be placed inside this TensorFlow loop; this may "
                                      "happen if a return statement depends on a static Python condition such as a "
                                      "hyperparameter")
        message = None
        if value is None:
            message = f"'{name}' is not allowed to be None before the loop"
        elif isinstance(value, Undefined):
            message = f"'{name}' must be defined before the loop"
            if extra_message:
                message += "\n" + extra_message
        if message:
            raise ValueError(message)


def verify_loop_values(init, entry, exit_, symbol_names, opts, check_shapes=True):
    invariants = {id(v): s for v, s in opts.get("shape_invariants", ())} if check_shapes else {}
    for name, first, before, after in zip(symbol_names, init, entry, exit_):
        try:
            nest.assert_same_structure(first, before, expand_composites=True)
            nest.assert_same_structure(before, after, expand_composites=True)
        except (ValueError, TypeError) as e:
            raise TypeError(f"'{name}' does not have the same nested structure after one iteration.\n\n{e}") from None
        nest.map_structure(lambda b, a: _verify_loop_value(name, check_shapes, b, a, invariants.get(id(first))),
                           before, after)


def _verify_loop_value(name, check_shape, entry, exit_, invariant):
    if exit_ is None:
        raise ValueError(f"'{name}' is None at the end of the iteration.")
    entry, exit_ = _as_tensor(entry), _as_tensor(exit_)
    if not (isinstance(entry, Tensor) and isinstance(exit_, Tensor)):
        return
    if entry.dtype != exit_.dtype:
        raise TypeError(f"'{name}' has dtype {entry.dtype.name} before the loop, but dtype {exit_.dtype.name} after "
                        f"one iteration")
    if check_shape and invariant is None and not _is_subshape(exit_.shape, entry.shape):
        raise ValueError(f"'{name}' has shape {entry.shape} before the loop, but shape {exit_.shape} after one "
                         f"iteration. Use tf.autograph.experimental.set_loop_options to set shape invariants.")


def _is_subshape(left, right):
    """Whether `left` is at least as specific as `right`."""
    if right.dims is None:
        return True
    if left.ndims != right.ndims:
        return False
    return all(r.value is None or l.value == r.value for l, r in zip(left.dims, right.dims))  # noqa: E741


# ---------------------------------------------------------------- names first assigned in a loop
def placeholders_for_undefined(body, get_state, set_state, init, nulls, symbol_names):
    """Stages one scratch iteration to learn the types of the undefined state values, and returns the
    state with zeros of those types in their place (the loop must then run at least once)."""
    first_iteration, failure = None, None
    try:
        with scratch_ops():
            set_state(tuple(nest.map_structure(_as_placeholder, v) for v in init))
            try:
                body()
                first_iteration = tuple(get_state())
            finally:
                set_state(init)
        init = tuple(_zero_like(first, v) if null else v for v, null, first in zip(init, nulls, first_iteration))
    except (UnboundLocalError, TypeError, ValueError, KeyError) as e:
        failure = f"Note: AutoGraph tried to define it automatically, but ran into a {type(e).__name__}: {e}"
    verify_loop_init_values(init, symbol_names, first_iteration, extra_message=failure)
    return init


def _as_placeholder(value):
    if isinstance(value, (bool, int, float, str, np.ndarray, np.generic)):
        tensor = convert_to_tensor(value)
        return constant_op.placeholder(tensor.dtype, tensor.shape)
    return value


def _zero_like(like, original):
    if like is None or isinstance(like, (Undefined, UndefinedReturnValue)):
        return original
    if isinstance(like, (bool, int, float)):
        return type(like)(0)
    if isinstance(like, Tensor):
        if like.shape.ndims is None:
            return constant_op.zeros((), like.dtype)
        return constant_op.zeros([d if d is not None else 0 for d in like.shape.as_list()], like.dtype)
    if isinstance(like, (list, tuple, dict)):
        return nest.map_structure(lambda v: _zero_like(v, original), like)
    raise TypeError(f"Found an unsupported type '{type(like).__name__}' while creating placeholder for {like}. "
                    f"Supported types include Tensor, int, float, bool, list, tuple or dict.")


def zero_iterations_message(symbol_names, nulls, init):
    names = ["the function return value" if isinstance(v, UndefinedReturnValue) else name
             for name, null, v in zip(symbol_names, nulls, init) if null]
    return "loop must iterate at least once to initialize " + ", ".join(names)
