"""The functional forms converted code calls for `if`, `while` and `for` (AutoGraph's control_flow operators).

Each statement arrives as callables over a state: `get_state()` returns the values of the names the
statement may change, `set_state(values)` writes them back (the callables bind to the converted
function's names with `nonlocal`). A tensor condition or iterable stages tf.cond / tf.while_loop with
the state as loop variables or branch outputs; anything else runs as plain Python.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import nest
from tfsess.framework.operation import Tensor
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.tensor_util import constant_value
from tfsess.framework import dtypes
from tfsess.ops import array_ops, check_ops, cond_ops, constant_op, logic_ops, math_ops, while_ops
from tfsess.ops.autograph import loop_checks
from tfsess.ops.autograph.variables import UndefinedReturnValue, is_undefined
from tfsess.ops.sequence_ops import range_ as tf_range
from tfsess.ops.tensor_array_ops import TensorArray


def is_dense_tensor(value) -> bool:
    return isinstance(value, Tensor)


def verify_condition(cond, tag):
    """A scalar bool tensor for `cond`, or TF's ValueError."""
    hint = "to check for None, use `is not None`"
    cond = convert_to_tensor(cond)
    if cond.dtype.base_dtype != dtypes.bool:
        raise ValueError(f"condition of {tag} expected to be `tf.bool` scalar, got {cond}; to use as boolean "
                         f"Tensor, use `tf.cast`; {hint}")
    if cond.shape.ndims is None:
        return array_ops.reshape(cond, ())
    if cond.shape.ndims > 0:
        known = [d for d in cond.shape.as_list() if d is not None]
        if np.prod(known) > 1:
            raise ValueError(f"condition of {tag} expected to be `tf.bool` scalar, got {cond}; {hint}")
        return array_ops.reshape(cond, ())
    return cond


# ---------------------------------------------------------------- if
def if_stmt(cond, body, orelse, get_state, set_state, symbol_names, nouts):
    """`if cond: body() else: orelse()`; a tensor `cond` stages tf.cond whose outputs are the first
    `nouts` state values."""
    if is_dense_tensor(cond):
        _tf_if_stmt(cond, body, orelse, get_state, set_state, tuple(symbol_names), nouts)
    elif cond:
        body()
    else:
        orelse()


def _tf_if_stmt(cond, body, orelse, get_state, set_state, symbol_names, nouts):
    cond = verify_condition(cond, "if statement")
    if not nouts:  # a TF1 cond needs an output
        inner_get, inner_set = get_state, set_state
        get_state = lambda: (0,) + tuple(inner_get())  # noqa: E731
        set_state = lambda values: inner_set(values[1:])  # noqa: E731
        symbol_names += ("<unused dummy>",)
        nouts = 1
    init = tuple(get_state())
    finished = {}

    def branch(fn, label):
        def run():
            set_state(init)
            fn()
            values = tuple(get_state())[:nouts]
            loop_checks.verify_branch_values(values, symbol_names, label)
            finished[label] = values
            if len(finished) == 2:
                loop_checks.verify_cond_values(finished["main"], finished["else"], symbol_names)
            return values
        return run

    final = cond_ops.cond(cond, branch(body, "main"), branch(orelse, "else"), strict=True)
    set_state(tuple(final) + init[nouts:])


def if_exp(cond, if_true, if_false, expr_repr):
    """`if_true() if cond else if_false()`; a tensor `cond` stages tf.cond."""
    if not is_dense_tensor(cond):
        return if_true() if cond else if_false()
    values = {}

    def branch(fn, label):
        def run():
            values[label] = fn()
            if len(values) == 2:
                loop_checks.verify_cond_value(expr_repr, values["main"], values["else"])
            return values[label]
        return run
    return cond_ops.cond(cond, branch(if_true, "main"), branch(if_false, "else"))


# ---------------------------------------------------------------- while
def while_stmt(test, body, get_state, set_state, symbol_names, opts):
    """`while test(): body()`; a tensor first test stages tf.while_loop over the state."""
    with loop_checks.scratch_ops():  # the dispatching test leaves no ops, as TF's temporary graph
        first = test()
    if is_dense_tensor(first):
        _tf_while_stmt(test, body, get_state, set_state, tuple(symbol_names), dict(opts))
        return
    if not first:
        return
    body()
    _py_while_stmt(test, body)


def _python_bool(value, message):
    """bool(value) for a Python loop's condition; a tensor there raises TF's NotImplementedError(message)."""
    try:
        return bool(value)
    except TypeError as e:
        if not is_dense_tensor(value):
            raise
        raise NotImplementedError(message) from e


def _py_while_stmt(test, body):
    def guarded_test():
        return _python_bool(test(), (
            "The condition of while loop started as non-Tensor, then changed to Tensor. This may happen either "
            "because variables changed type, or when a break or return statement inside the loop depends on a "
            "Tensor condition. In both cases, changing to a TF loop should remove the error."))
    while guarded_test():
        body()


def _tf_while_stmt(test, body, get_state, set_state, symbol_names, opts):
    init = tuple(get_state())
    original = init
    nulls = tuple(is_undefined(v) for v in init)
    require_one_iteration = False
    if any(nulls):
        init = loop_checks.placeholders_for_undefined(body, get_state, set_state, init, nulls, symbol_names)
        require_one_iteration = True
    else:
        loop_checks.verify_loop_init_values(init, symbol_names)

    def aug_test(*values):
        set_state(values[1:] if require_one_iteration else values)
        return verify_condition(test(), "while loop")

    def aug_body(*values):
        values = values[1:] if require_one_iteration else values
        set_state(values)
        body()
        new = tuple(get_state())
        loop_checks.verify_loop_values(init, values, new, symbol_names, opts)
        return ((True,) + new) if require_one_iteration else new

    loop_opts = {k: v for k, v in opts.items() if k in ("parallel_iterations", "swap_memory", "maximum_iterations")}
    if "shape_invariants" in opts:
        by_id = {id(var): shape for var, shape in opts["shape_invariants"]}
        invariants = [by_id.get(id(v)) for v in original]
        invariants = [None if s is None else s for s in invariants]
        loop_opts["shape_invariants"] = ([None] if require_one_iteration else []) + [
            s if s is not None else _shape_of(v) for s, v in zip(invariants, init)]
    start = ((False,) + init) if require_one_iteration else init
    final = while_ops.while_loop(aug_test, aug_body, start, return_same_structure=True, **loop_opts)
    if require_one_iteration:
        message = loop_checks.zero_iterations_message(symbol_names, nulls, original)
        with final[0].graph.control_dependencies([check_ops.Assert(final[0], [message])]):
            final = tuple(array_ops.identity(v) if is_dense_tensor(v) else v for v in final[1:])
    set_state(tuple(final))


def _shape_of(value):
    return nest.map_structure(lambda v: convert_to_tensor(v).shape, value)


# ---------------------------------------------------------------- for
def for_stmt(iter_, extra_test, body, get_state, set_state, symbol_names, opts):
    """`for target in iter_: body(target)` while `extra_test()` (break/return) holds.

    A tf.range tensor loops over its counter, another tensor over its first dimension (both staged
    as tf.while_loop), a tf.data Dataset stages a reduce; anything else is a Python loop.
    """
    symbol_names, opts = tuple(symbol_names), dict(opts)
    if is_dense_tensor(iter_):
        if iter_.op.type == "Range":
            _tf_range_for_stmt(iter_, extra_test, body, get_state, set_state, symbol_names, opts)
        else:
            _known_len_for_stmt(iter_, extra_test, body, get_state, set_state, symbol_names, opts)
    elif hasattr(iter_, "element_spec") and hasattr(iter_, "reduce") and hasattr(iter_, "scan"):
        _dataset_for_stmt(iter_, extra_test, body, get_state, set_state, symbol_names, opts)
    else:
        _py_for_stmt(iter_, extra_test, body)


def _py_for_stmt(iter_, extra_test, body):
    def guarded_extra_test():
        return _python_bool(extra_test(), (
            "break and return statements which depend on a TF condition are not supported in Python for loops. "
            "Did you intend to make it a TF loop?"))
    if extra_test is None:
        for target in iter_:
            body(target)
        return
    if guarded_extra_test():
        for target in iter_:
            body(target)
            if not guarded_extra_test():
                break


class _Counter:
    """The hidden loop variable of a staged for loop (its position or range value)."""

    def __init__(self, value):
        self.value = value


def _staged_for(counter, step_body, main_test, extra_test, get_state, set_state, symbol_names, opts, default=None):
    def aug_get_state():
        state = tuple(get_state())
        if default is not None:  # the loop target, before the loop, reads as the range's start
            state = tuple(default(name, v) for name, v in zip(symbol_names, state))
        return (counter.value,) + state

    def aug_set_state(values):
        counter.value = values[0]
        set_state(values[1:])

    def aug_test():
        test = main_test()
        if extra_test is not None:
            return cond_ops.cond(test, extra_test, lambda: False)
        return test
    _tf_while_stmt(aug_test, step_body, aug_get_state, aug_set_state, ("<internal iterate>",) + symbol_names, opts)


def _known_len_for_stmt(iter_, extra_test, body, get_state, set_state, symbol_names, opts):
    n = len_(iter_)
    elements = TensorArray(iter_.dtype, size=n).unstack(iter_)
    position = _Counter(0)

    def step():
        body(elements.read(position.value))
        position.value += 1
    _staged_for(position, step, lambda: position.value < n, extra_test, get_state, set_state, symbol_names, opts)


def _tf_range_for_stmt(iter_, extra_test, body, get_state, set_state, symbol_names, opts):
    start, limit, delta = iter_.op.inputs
    iterate = _Counter(start)
    target = opts.pop("iterate_names", None)

    def default(name, value):
        return iterate.value if name == target and is_undefined(value) else value

    def step():
        body(iterate.value)
        iterate.value += delta

    def main_test():
        step_value = constant_value(delta)
        if step_value is not None:
            return iterate.value < limit if step_value >= 0 else iterate.value > limit
        return logic_ops.logical_or(logic_ops.logical_and(delta >= 0, iterate.value < limit),
                                    logic_ops.logical_and(delta < 0, iterate.value > limit))
    _staged_for(iterate, step, main_test, extra_test, get_state, set_state, symbol_names, opts, default)


def _dataset_for_stmt(dataset, extra_test, body, get_state, set_state, symbol_names, opts):
    init = tuple(get_state())
    loop_checks.verify_loop_init_values(init, symbol_names)
    if not init:  # Dataset.reduce needs a state
        init, symbol_names = (constant_op.constant(0),), ("<internal dummy>",)
        get_state, set_state = (lambda: (constant_op.constant(0),)), (lambda values: None)

    def run_body(values, element):
        set_state(values)
        body(element)
        new = tuple(get_state())
        loop_checks.verify_loop_values(init, values, new, symbol_names, opts, check_shapes=False)
        return new

    if extra_test is None:
        set_state(tuple(dataset.reduce(init, run_body)))
        return

    def scan_body(values, element):
        set_state(values)
        go_on = extra_test()
        new = cond_ops.cond(go_on, lambda: run_body(values, element), lambda: values, strict=True)
        return tuple(new), (tuple(new), go_on)
    steps = dataset.scan(init, scan_body).take_while(lambda values, go_on: go_on)
    set_state(tuple(steps.reduce(init, lambda _, step: step[0])))


# ---------------------------------------------------------------- builtins that loops use
def len_(s):
    """len(s); a tensor's static first dimension, else its dynamic one (TF's len_)."""
    if isinstance(s, TensorArray):
        return s.size()
    if not is_dense_tensor(s):
        return len(s)
    if s.shape.ndims and s.shape.dims[0].value is not None:
        return s.shape.dims[0].value
    shape = array_ops.shape(s)
    if shape.shape.dims is not None and shape.shape.dims[0].value == 0:
        raise ValueError(f"len requires a non-scalar tensor, got one of shape {shape}")
    if shape.shape.ndims is not None and shape.shape.dims[0].value is not None:
        return array_ops.shape(s)[0]
    rank = array_ops.rank(s)

    def zero_rank():
        with rank.graph.control_dependencies([check_ops.Assert(False, ["len requires non-zero rank"])]):
            return constant_op.constant(0, dtype=dtypes.int32)
    return cond_ops.cond(rank > 0, lambda: array_ops.shape(s)[0], zero_rank)


def range_(start_or_stop, stop=None, step=None):
    """range(...); tf.range when an argument is a tensor (a negative count gives an empty range)."""
    args = [a for a in (start_or_stop, stop, step) if a is not None]
    if not any(is_dense_tensor(a) for a in args):
        return range(*args)
    if step is not None:
        return tf_range(start_or_stop, stop, step)
    if stop is not None:
        return tf_range(start_or_stop, math_ops.maximum(start_or_stop, stop))
    return tf_range(math_ops.maximum(start_or_stop, 0))


__all__ = ["if_stmt", "if_exp", "while_stmt", "for_stmt", "len_", "range_", "UndefinedReturnValue"]
