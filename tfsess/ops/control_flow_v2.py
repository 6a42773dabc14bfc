"""tf.cond, tf.while_loop and tf.switch_case as TF2 builds them (tf.enable_control_flow_v2): functional If /
While / Case ops.

Each branch, or the loop's cond and body, is traced into a library function (def_function.trace).
The outside tensors the functions read become inputs of the op, shared by both functions: a branch
takes every branch's captures, a loop carries its captures as extra loop variables the body passes
through, as cond_v2 and while_v2 do. The op is StatelessIf/StatelessWhile unless a function has a
stateful op (If/While then). Results are wrapped in Identity ops, as TF wraps them.
"""
from __future__ import annotations

from tfsess.framework import dtypes, nest
from tfsess.framework.function_library import GraphFunction, add_function
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.tensor_shape import as_shape
from tfsess.framework.tensor_spec import TensorSpec
from tfsess.ops import array_ops, cond_ops, logic_ops
from tfsess.ops.def_function import _rebuild, trace


def _over(function, inputs, name):
    """`function` taking `inputs` (outer tensors fed by the op: its captures among them)."""
    count = len(function.inputs) - len(function.captures)
    return GraphFunction(name, function.graph, function.inputs[:count] + inputs, function.outputs, function.ops,
                         scope=function.scope, captures=inputs, control_outputs=function.control_outputs,
                         input_names=function.input_names[:count] + [f"input_{i}" for i in range(len(inputs))],
                         output_names=function.output_names)


def cond_v2(pred, true_fn, false_fn, strict=False, name=None):
    """tf.cond as a functional If / StatelessIf op (control flow v2; `strict` has no effect, as in TF)."""
    del strict
    if isinstance(pred, bool):
        raise TypeError("pred must not be a Python bool")
    if not callable(true_fn) or not callable(false_fn):
        raise TypeError("true_fn and false_fn must be callable.")
    with op_scope(name, "cond", [pred]) as scope:
        pred = convert_to_tensor(pred)
        raw = {}

        def recorded(key, fn):
            def run():
                raw[key] = fn()
                return raw[key]
            return run
        base = scope.strip("/").replace("/", "_")
        then_body, then_structure = trace(recorded("true_fn", true_fn), [], {}, f"{base}_true", op_return_value=pred)
        else_body, else_structure = trace(recorded("false_fn", false_fn), [], {}, f"{base}_false",
                                          op_return_value=pred)
        for key in ("true_fn", "false_fn"):
            if raw[key] is None:
                raise ValueError(f"{key} must have a return value.")
        nest.assert_same_structure(then_structure, else_structure)
        then_types = [t.dtype.base_dtype for t in then_body.outputs]
        else_types = [t.dtype.base_dtype for t in else_body.outputs]
        if then_types != else_types:
            raise TypeError(f"true_fn and false_fn arguments to tf.cond must have the same number, type, and overall "
                            f"structure of return values. true_fn output types: {[d.name for d in then_types]} "
                            f"false_fn output types: {[d.name for d in else_types]}")
        inputs = list(dict.fromkeys(then_body.captures + else_body.captures))
        then_fn, else_fn = _over(then_body, inputs, then_body.name), _over(else_body, inputs, else_body.name)
        stateful = then_fn.stateful or else_fn.stateful
        attrs = {"Tcond": pred.dtype.base_dtype, "Tin": [t.dtype.base_dtype for t in inputs], "Tout": then_types,
                 "then_branch": then_fn, "else_branch": else_fn,
                 "output_shapes": [t.shape for t in then_fn.outputs]}
        op = apply_op("If" if stateful else "StatelessIf", [pred] + inputs, attrs, name="cond")
        for function in (then_fn, else_fn):
            add_function(op.graph, function)
        outputs = [array_ops.identity(t, name="Identity") for t in op.outputs]
        return _rebuild(then_structure, outputs)  # as TF's cond_v2: a one-element list stays a list


def while_v2(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10, name=None,
             maximum_iterations=None, return_same_structure=False):
    """tf.while_loop as a functional While / StatelessWhile op (control flow v2)."""
    flat = [convert_to_tensor(v) for v in nest.flatten(loop_vars, expand_composites=True)]
    if not flat:
        raise ValueError("'loop_vars' must be provided.")
    shapes = [t.shape for t in flat] if shape_invariants is None else \
        [as_shape(s) for s in nest.flatten(shape_invariants)]
    with op_scope(name, "while", flat) as scope:
        base = scope.strip("/").replace("/", "_")
        counted = maximum_iterations is not None
        # as while_v2: a loop counter and the iteration limit (-1: none) lead the loop variables
        max_iter = convert_to_tensor(maximum_iterations if counted else -1, dtype=dtypes.int32,
                                     name="maximum_iterations")
        counter = convert_to_tensor(0, dtype=dtypes.int32, name="loop_counter")
        specs = [TensorSpec([], dtypes.int32)] * 2 + [TensorSpec(s, t.dtype) for s, t in zip(shapes, flat)]

        def call(fn, values):
            packed = nest.pack_sequence_as(loop_vars, list(values), expand_composites=True)
            return fn(*packed) if isinstance(packed, (list, tuple)) and not hasattr(packed, "_fields") \
                else fn(packed)

        def cond_fn(*args):
            result = call(cond, args[2:])
            return logic_ops.logical_and(args[0] < args[1], result) if counted else result

        def body_fn(*args):
            result = nest.flatten(call(body, args[2:]), expand_composites=True)
            return [args[0] + 1, args[1]] + [convert_to_tensor(r) for r in result]

        cond_body, _ = trace(cond_fn, specs, {}, f"{base}_cond", arg_names=[f"arg_{i}" for i in range(len(specs))])
        body_body, _ = trace(body_fn, specs, {}, f"{base}_body", arg_names=[f"arg_{i}" for i in range(len(specs))])
        if len(body_body.outputs) != len(specs):
            raise ValueError(f"The body of the while loop returned {len(body_body.outputs) - 2} values "
                             f"for {len(flat)} loop variables")
        captures = list(dict.fromkeys(cond_body.captures + body_body.captures))
        cond_fn_ = _over(cond_body, captures, cond_body.name)
        body_fn_ = GraphFunction(body_body.name, body_body.graph,
                                 body_body.inputs[:len(specs)] + captures, body_body.outputs + captures,
                                 body_body.ops, scope=body_body.scope, captures=captures,
                                 control_outputs=body_body.control_outputs,
                                 input_names=body_body.input_names[:len(specs)]
                                 + [f"input_{i}" for i in range(len(captures))],
                                 output_names=body_body.output_names + [f"input_{i}" for i in range(len(captures))])
        inputs = [counter, max_iter] + flat + captures
        stateful = cond_fn_.stateful or body_fn_.stateful
        attrs = {"T": [t.dtype.base_dtype for t in inputs], "cond": cond_fn_, "body": body_fn_,
                 "output_shapes": [as_shape([])] * 2 + shapes + [t.shape for t in captures],
                 "parallel_iterations": int(parallel_iterations)}
        op = apply_op("While" if stateful else "StatelessWhile", inputs, attrs, name=scope)  # named as its scope
        for function in (cond_fn_, body_fn_):
            add_function(op.graph, function)
        outputs = [array_ops.identity(t, name="Identity") for t in op.outputs][2:2 + len(flat)]
    packed = nest.pack_sequence_as(loop_vars, outputs, expand_composites=True)
    if not return_same_structure and isinstance(packed, (list, tuple)) and len(outputs) == 1 \
            and not isinstance(loop_vars, Tensor):
        return packed[0]
    return packed


def switch_case_v2(branch_index, branch_fns, default=None, name=None):
    """tf.switch_case as a functional Case / StatelessCase op (control flow v2): `default`, when given, is
    the last branch, which Case runs for an index out of range."""
    with op_scope(name, "switch_case", [branch_index]) as scope:
        base = scope.strip("/").replace("/", "_")
        fns = list(branch_fns) + ([default] if default is not None else [])
        traced = [trace(fn, [], {}, f"{base}_branch{k}") for k, fn in enumerate(fns)]
        types = [[t.dtype.base_dtype for t in body.outputs] for body, _ in traced]
        for (body, structure), kinds in zip(traced[1:], types[1:]):
            nest.assert_same_structure(traced[0][1], structure)
            if kinds != types[0]:
                raise TypeError(f"branch_fns must return the same number, type, and structure of values: "
                                f"{[d.name for d in types[0]]} vs {[d.name for d in kinds]}")
        inputs = list(dict.fromkeys(t for body, _ in traced for t in body.captures))
        branches = [_over(body, inputs, body.name) for body, _ in traced]
        stateful = any(b.stateful for b in branches)
        attrs = {"Tin": [t.dtype.base_dtype for t in inputs], "Tout": types[0], "branches": branches,
                 "output_shapes": [t.shape for t in branches[0].outputs]}
        op = apply_op("Case" if stateful else "StatelessCase", [convert_to_tensor(branch_index)] + inputs, attrs,
                      name="indexed_case")
        for function in branches:
            add_function(op.graph, function)
        with op.graph.name_scope(op.name + "/"):
            outputs = [array_ops.identity(t, name="Identity") for t in op.outputs]
        return _rebuild(traced[0][1], outputs)


cond_ops.v2_builders["cond"] = cond_v2
cond_ops.v2_builders["switch_case"] = switch_case_v2
cond_ops.v2_builders["while_loop"] = while_v2

__all__ = []
