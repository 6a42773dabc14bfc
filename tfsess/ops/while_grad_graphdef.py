"""Writing a while loop's gradient (a WhileGrad op) into a GraphDef as TF1's backward frame.

TF1 differentiates a loop with a second loop that runs its iterations backwards. The forward frame
counts its iterations (`f_count`) and pushes, every iteration, each value the gradient graph reads
onto a stack (StackV2 / StackPushV2 after the iteration's count, the next count after the pushes:
parallel iterations push in order). The backward frame counts down from there (`b_count`), pops
those values (StackPopV2 after the iteration's countdown, the next countdown after the pops), and
runs the gradient graph with the output gradients as its loop variables and one accumulator per
captured tensor. tfsess's WhileGrad holds that gradient graph (ops/while_ops._LoopGradient): it is
written into such a backward frame under its own names, which the importer (ops/while_import.py)
and TF both run. A gradient whose graph holds loops of its own is written as a WhileGrad node
(ops/while_graphdef.py).
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.tensor_shape import TensorShape

__all__ = []

_SCALAR = TensorShape([])
_HANDLE = TensorShape([2])  # TF's shape of a StackV2 handle


def can_write(writer, op):
    """Whether WhileGrad `op` is written as a backward frame (its forward loop and itself outside any
    loop, no loop inside its gradient graph, its gradient graph written once)."""
    loop, grad = op._attrs["_loop"], op._attrs["_grad"]
    forward = writer.frame_of_loop(loop)
    return (forward is not None and writer.owner.get(forward.op) is None and writer.owner.get(op) is None
            and not any(o.type in ("While", "WhileGrad") for o in grad.ops)
            and not any(b.grad is grad for b in writer.backward.values()))


class Backward:
    """The names of one WhileGrad's forward additions and backward frame."""

    def __init__(self, writer, op):
        self.op, self.loop, self.grad = op, op._attrs["_loop"], op._attrs["_grad"]
        self.forward = writer.frame_of_loop(self.loop)
        unique, base = writer.unique, op.name
        self.name = base + "/while_context"
        grad_ops = set(self.grad.ops)
        inside = set(self.grad.grad_args) | {t for o in grad_ops for t in o._outputs}
        args = set(self.loop.args)
        body = set(self.loop.ops)
        # the forward values the gradient graph reads: one stack each
        pushed = {}
        outside = {}
        for o in self.grad.ops:
            for t in o._inputs:
                if t in inside:
                    continue
                if t in args or t.op in body:
                    pushed.setdefault(t, o)
                else:
                    outside.setdefault(t, o)
        for t in self.grad.grads:
            if t not in inside and t not in pushed and (t in args or t.op in body):
                pushed.setdefault(t, op)
            elif t not in inside and t not in pushed:
                outside.setdefault(t, op)
        self.pushed = list(pushed)
        stem = {t: unique(f"{base}/{t.op.name.replace('/', '_')}_{t.value_index}") for t in self.pushed}
        self.stack = {t: stem[t] + "/f_acc" for t in self.pushed}
        self.push = {t: stem[t] + "/StackPushV2" for t in self.pushed}
        self.push_enter = {t: stem[t] + "/Enter" for t in self.pushed}
        self.pop = {t: stem[t] + "/StackPopV2" for t in self.pushed}
        self.pop_enter = {t: stem[t] + "/StackPopV2/Enter" for t in self.pushed}
        self.enter = {t: unique(f"{reader.name}/Enter") for t, reader in outside.items()}
        names = {k: unique(f"{base}/{k}") for k in (
            "f_count", "f_count/Enter", "f_count/Merge", "f_count/Switch", "f_count/Add/y", "f_count/Add",
            "f_count/NextIteration", "f_count/Exit", "stack_size", "one", "b_count/Enter", "b_count/Merge",
            "b_count/one", "b_count/GreaterEqual", "b_count/LoopCond", "b_count/Switch", "b_count/Identity",
            "b_count/Sub", "b_count/NextIteration", "b_count/Exit")}
        self.names = names
        n_var, n_cap = len(self.grad.var_idx), len(self.grad.cap_idx)
        self.vars = [self._var_names(unique, f"{base}/grad_{k}") for k in range(n_var)]
        self.vars = [{**v, "Identity": a.op.name} for v, a in zip(self.vars, self.grad.grad_args)]
        self.accs = [self._var_names(unique, f"{base}/acc_{j}") for j in range(n_cap)]
        for j, acc in enumerate(self.accs):
            acc.update(init=unique(acc["Enter"] + "/zeros"), add=unique(acc["Enter"] + "/Add"))
        self.exits = [v["Exit"] for v in self.vars + self.accs]

    @staticmethod
    def _var_names(unique, base):
        return {k: unique(f"{base}/{k}") for k in ("Enter", "Merge", "Switch", "Identity", "NextIteration", "Exit")}

    # ---------------------------------------------------------------- writing
    def nodes(self, writer, add_shapes):
        node, out = writer.make_node, []
        fwd, loop, grad = self.forward, self.loop, self.grad
        names = self.names
        count_t = dtypes.int32

        def enter(name, source, dtype, shape, frame, constant):
            out.append(node(name, "Enter", [source], {"T": dtype, "frame_name": frame, "is_constant": constant,
                                                      "parallel_iterations": 10}, [shape], add_shapes))

        def const(name, value, controls=()):
            value = np.asarray(value)
            out.append(node(name, "Const", ["^" + c for c in controls],
                            {"dtype": dtypes.as_dtype(value.dtype), "value": value}, [TensorShape(value.shape)],
                            add_shapes))

        def loop_var(v, init, dtype, shape, frame, cond, result, controls=()):
            enter(v["Enter"], init, dtype, shape, frame, False)
            out.append(node(v["Merge"], "Merge", [v["Enter"], v["NextIteration"]], {"T": dtype, "N": 2},
                            [shape, _SCALAR], add_shapes))
            out.append(node(v["Switch"], "Switch", [v["Merge"], cond], {"T": dtype}, [shape, shape], add_shapes))
            if "Identity" in v:
                out.append(node(v["Identity"], "Identity", [v["Switch"] + ":1"], {"T": dtype}, [shape], add_shapes))
            out.append(node(v["NextIteration"], "NextIteration", [result] + sorted("^" + c for c in controls),
                            {"T": dtype}, [shape], add_shapes))
            out.append(node(v["Exit"], "Exit", [v["Switch"]], {"T": dtype}, [shape], add_shapes))

        # the stacks, and the forward frame's iteration counter and pushes
        const(names["stack_size"], np.int32(-1))
        const(names["f_count"], np.int32(0))
        for t in self.pushed:
            dtype = t.dtype.base_dtype
            out.append(node(self.stack[t], "StackV2", [names["stack_size"]],
                            {"elem_type": dtype, "stack_name": self.stack[t]}, [_HANDLE],
                            add_shapes))
            enter(self.push_enter[t], self.stack[t], dtypes.resource, _HANDLE, fwd.name, True)
            # after this iteration's count, before the next one's: pushes keep the iterations' order
            out.append(node(self.push[t], "StackPushV2", [self.push_enter[t], writer.name_in(fwd, t),
                                                          "^" + names["f_count/Add"]],
                            {"T": dtype, "swap_memory": False}, [t.shape], add_shapes))
        f = {"Enter": names["f_count/Enter"], "Merge": names["f_count/Merge"], "Switch": names["f_count/Switch"],
             "NextIteration": names["f_count/NextIteration"], "Exit": names["f_count/Exit"]}
        const(names["f_count/Add/y"], np.int32(1), [fwd.identity[0]])
        out.append(node(names["f_count/Add"], "AddV2", [f["Switch"] + ":1", names["f_count/Add/y"]],
                        {"T": count_t}, [_SCALAR], add_shapes))
        loop_var(f, names["f_count"], count_t, _SCALAR, fwd.name, fwd.loop_cond, names["f_count/Add"],
                 self.push.values())
        # the backward frame: count down, pop, run the gradient graph
        const(names["one"], np.int32(1))
        enter(names["b_count/one"], names["one"], count_t, _SCALAR, self.name, True)
        b = {"Enter": names["b_count/Enter"], "Merge": names["b_count/Merge"], "Switch": names["b_count/Switch"],
             "Identity": names["b_count/Identity"], "NextIteration": names["b_count/NextIteration"],
             "Exit": names["b_count/Exit"]}
        out.append(node(names["b_count/GreaterEqual"], "GreaterEqual", [b["Merge"], names["b_count/one"]],
                        {"T": count_t}, [_SCALAR], add_shapes))
        out.append(node(names["b_count/LoopCond"], "LoopCond", [names["b_count/GreaterEqual"]], {}, [_SCALAR],
                        add_shapes))
        cond = names["b_count/LoopCond"]
        out.append(node(names["b_count/Sub"], "Sub", [b["Identity"], names["b_count/one"]], {"T": count_t},
                        [_SCALAR], add_shapes))
        loop_var(b, names["f_count/Exit"], count_t, _SCALAR, self.name, cond, names["b_count/Sub"],
                 self.pop.values())
        for t in self.pushed:
            dtype = t.dtype.base_dtype
            enter(self.pop_enter[t], self.stack[t], dtypes.resource, _HANDLE, self.name, True)
            out.append(node(self.pop[t], "StackPopV2", [self.pop_enter[t], "^" + names["b_count/Sub"]],
                            {"elem_type": dtype}, [t.shape], add_shapes))
        for t, name in self.enter.items():
            enter(name, writer.name_in(None, t), t.dtype.base_dtype, t.shape, self.name, True)
        n_fwd = len(loop.args) + len(loop.captures) + int(loop.has_max)
        for k, (v, i) in enumerate(zip(self.vars, grad.var_idx)):
            arg = loop.args[i]
            loop_var(v, writer.name_in(None, self.op.inputs[n_fwd + k]), arg.dtype.base_dtype, arg.shape,
                     self.name, cond, self.name_of(writer, grad.grads[k]))
        for j, (acc, c) in enumerate(zip(self.accs, grad.cap_idx)):
            capture = loop.captures[c]
            dtype = capture.dtype.base_dtype
            out.append(node(acc["init"], "ZerosLike", [writer.name_in(None, capture)], {"T": dtype},
                            [capture.shape], add_shapes))
            summand = self.name_of(writer, grad.grads[len(self.vars) + j])
            out.append(node(acc["add"], "AddV2", [acc["Identity"], summand],
                            {"T": dtype}, [capture.shape], add_shapes))
            loop_var(acc, acc["init"], dtype, capture.shape, self.name, cond, acc["add"])
        for o in grad.ops:
            out.append(self._grad_node(writer, o, b["Identity"], add_shapes))
        # the gradients under the WhileGrad's own name, so that a tensor named in the graph names one here
        outputs = self.op.outputs
        out.append(node(self.op.name, "IdentityN", list(self.exits), {"T": [t.dtype.base_dtype for t in outputs]},
                        [t.shape for t in outputs], add_shapes))
        return out

    def name_of(self, writer, t):
        """How an op of the backward frame reads `t`."""
        if t in self.pop:
            return self.pop[t]
        if t in self.enter:
            return self.enter[t]
        return writer.plain_name(t)

    def _grad_node(self, writer, o, pivot, add_shapes):
        node = writer.graph_node(o, add_shapes)
        grad_ops = set(self.grad.ops)
        controls = sorted({"^" + c.name for c in o._control_inputs if c in grad_ops})
        if not o._inputs and not controls:
            controls = ["^" + pivot]
        del node.input[:]
        node.input.extend(self.name_of(writer, t) for t in o._inputs)
        node.input.extend(controls)
        return node
