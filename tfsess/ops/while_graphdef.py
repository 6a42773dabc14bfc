"""Writing while loops into a GraphDef as TF1's control-flow frames.

A tfsess while_loop is one `While` op running a body recorded as Python objects. In a GraphDef
each loop is written as TF1 writes it (control_flow_ops.WhileContext): per loop variable
Enter(frame_name, is_constant=false) -> Merge(Enter, NextIteration) -> Switch(Merge, LoopCond),
Exit(Switch:0) after the loop and Identity(Switch:1) feeding the body (the body's argument
placeholder, written under its own name); every outside tensor the loop reads enters through one
Enter(is_constant=true) named after its first reader; an op without inputs gets a control input
from the frame (the first Merge in the condition, the first Identity in the body) so that it runs
in it. A loop with maximum_iterations gets TF's iteration counter as its first variable. Nested
loops are nested frames. A loop's gradient (WhileGrad) is written as TF1's backward frame
(ops/while_grad_graphdef.py); one whose gradient graph holds loops of its own is written as one
`WhileGrad` node naming its forward frame and the Enters it differentiates, its gradient graph
internal to it (tfsess imports it; TF does not know the op). ops/while_import.py reads all of it back.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework import graph_def as graph_def_lib
from tfsess.framework.tensor_proto import shape_proto
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import while_grad_graphdef

__all__ = []


def frame_name(while_op) -> str:
    """TF's frame name of a loop written from `while_op` ("while/while_context")."""
    return while_op.name + "/while_context"


def _input_name(tensor_name: str, index: int) -> str:
    return tensor_name if index == 0 else f"{tensor_name}:{index}"


class _Frame:
    """The node names and tensors of one loop written as a frame."""

    def __init__(self, op, loop, unique):
        self.op, self.loop = op, loop
        self.name = frame_name(op)
        base = op.name
        self.has_max = loop.has_max
        self.n_vars = len(loop.args) + int(self.has_max)
        self.inside = set(loop.ops)
        self.args = {a: k + int(self.has_max) for k, a in enumerate(loop.args)}

        def names(kind):
            return [unique(f"{base}/{kind}" + (f"_{k}" if k else "")) for k in range(self.n_vars)]
        self.enter, self.merge, self.switch = names("Enter"), names("Merge"), names("Switch")
        self.identity = ([unique(f"{base}/Identity")] if self.has_max else []) + [a.op.name for a in loop.args]
        self.next, self.exit = names("NextIteration"), names("Exit")
        # a loop's Exits are Exit ops of its While op's outputs, under the names the frame writes
        self.exit_ops = getattr(loop, "exit_ops", {})
        for k, exit_op in self.exit_ops.items():
            self.exit[k + int(self.has_max)] = exit_op.name
        self.loop_cond = unique(f"{base}/LoopCond")
        self.cond_ops = _ancestors(loop.cond_out, self.inside)
        self.captures = {}      # outside tensor -> its Enter's name
        self.first_reader = None  # outside tensor -> the first op reading it (inner frames' reads included)
        self.max_nodes = {}
        if self.has_max:
            self.max_iter = op.inputs[len(loop.args) + len(loop.captures)]
            self.max_nodes = {k: unique(f"{base}/{k}") for k in
                              ("iteration_counter", "Less", "LogicalAnd", "add/y", "add")}

    def is_inside(self, tensor):
        return tensor.op in self.inside or tensor in self.args


def _ancestors(tensor, inside):
    """The ops of `inside` that `tensor` depends on (data and control edges)."""
    seen, stack = set(), [tensor.op]
    while stack:
        op = stack.pop()
        if op in seen or op not in inside:
            continue
        seen.add(op)
        stack.extend(t.op for t in op._inputs)
        stack.extend(op._control_inputs)
    return seen


class _FrameWriter:
    """Writes the While ops of one graph, the ops of their bodies and their readers (see module doc)."""

    def __init__(self, graph, whiles):
        ops = graph._all_operations()
        used = {op.name for op in ops}

        def unique(name):
            base, k = name, 0
            while name in used:
                k += 1
                name = f"{base}_{k}"
            used.add(name)
            return name
        self.frames = {}                       # While op -> _Frame
        self.owner = {}                        # op -> the innermost _Frame whose body it is in
        self.arg_of = {}                       # argument placeholder op -> _Frame
        self.skip = set()                      # ops internal to a WhileGrad
        for op in whiles:
            frame = self.frames[op] = _Frame(op, op._attrs["_loop"], unique)
            for inner in frame.loop.ops:
                self.owner[inner] = frame
            for arg in frame.loop.args:
                self.arg_of[arg.op] = frame
            for grad in frame.loop._grads.values():
                self.skip.update(getattr(grad, "ops", ()))
                self.skip.update(a.op for a in grad.grad_args)
        self.unique = unique
        self.exit_identities = {o for frame in self.frames.values() for o in frame.exit_ops.values()}
        self._enter_names(unique)
        self.backward = {}                     # WhileGrad op -> its backward frame's names
        for op in ops:
            if op.type == "WhileGrad" and op not in self.skip and while_grad_graphdef.can_write(self, op):
                self.backward[op] = while_grad_graphdef.Backward(self, op)
        # the name of each op written as a frame -> the node that stands for it (its first Exit)
        self.replaced = {op.name: self.control_name(op)[1:] for op in list(self.frames) + list(self.backward)}

    def _enter_names(self, unique):
        """Names the Enter of every outside tensor a frame reads, inner frames' needs included."""
        def needs(frame):
            if frame.first_reader is None:
                found = {}
                for op in frame.loop.ops:
                    if op in self.frames:  # an inner loop reads what its frame enters: named after its reader
                        for t, reader in needs(self.frames[op]).items():
                            if not frame.is_inside(t):
                                found.setdefault(t, reader)
                    for t in op._inputs:
                        if not frame.is_inside(t):
                            found.setdefault(t, op)
                for t in [frame.loop.cond_out] + frame.loop.body_outs:
                    if not frame.is_inside(t):
                        found.setdefault(t, frame.op)
                frame.first_reader = found
            return frame.first_reader
        def depth(frame):
            outer = self.owner.get(frame.op)
            return 0 if outer is None else 1 + depth(outer)
        for frame in sorted(self.frames.values(), key=depth):  # as TF, an outer frame's Enters are named first
            for t, reader in needs(frame).items():
                frame.captures[t] = unique(reader.name + "/Enter")
            if frame.has_max:
                frame.captures.setdefault(frame.max_iter, unique(frame.max_nodes["Less"] + "/Enter"))

    # ---------------------------------------------------------------- naming inputs
    def name_in(self, frame, tensor, in_cond=False):
        """The input string an op of `frame` (None: the root) reads `tensor` by (`in_cond`: an op of the
        condition, which reads a loop variable from its Merge: the Identity exists only once it is true)."""
        if frame is not None and not frame.is_inside(tensor):
            return frame.captures[tensor]
        if in_cond and tensor in frame.args:
            return frame.merge[frame.args[tensor]]
        if tensor.op in self.frames:  # a While op's output: its variables', then the counter (the first Exit)
            frame, k = self.frames[tensor.op], tensor.value_index
            return frame.exit[0 if k == len(frame.loop.args) else k + int(frame.has_max)]
        if tensor.op in self.backward:
            return self.backward[tensor.op].exits[tensor.value_index]
        return self.plain_name(tensor)

    @staticmethod
    def plain_name(tensor):
        return _input_name(tensor.op.name, tensor.value_index)

    def frame_of_loop(self, loop):
        return next((f for f in self.frames.values() if f.loop is loop), None)

    def outer_name(self, frame, tensor):
        """How the frame enclosing `frame` reads `tensor` (the input of `frame`'s Enter)."""
        return self.name_in(self.owner.get(frame.op), tensor)

    # ---------------------------------------------------------------- writing
    def __call__(self, op, add_shapes):
        if op in self.skip or op in self.exit_identities:
            return []
        if op in self.arg_of:
            frame = self.arg_of[op]
            k = frame.args[op.outputs[0]]
            head = self._head(frame, add_shapes) if k == int(frame.has_max) else []
            return head + [self._identity(frame, k, add_shapes)]
        if op in self.frames:
            return self._tail(self.frames[op], add_shapes)
        if op in self.backward:
            return self.backward[op].nodes(self, add_shapes)
        frame = self.owner.get(op)
        special = set(self.frames) | set(self.backward)
        colocated = [c for c in op._attrs.get("_class", ()) if c[len("loc:@"):] in self.replaced]
        if frame is None and op.type != "WhileGrad" and not colocated and not any(
                t.op in special for t in op._inputs) and not any(c in special for c in op._control_inputs):
            return None  # an op outside every loop that reads none: its own NodeDef
        node = graph_def_lib.node_def(op, add_shapes)
        if colocated:  # an op written as a frame has no node: its first Exit stands for it
            node.attr["_class"].list.s[:] = [
                ("loc:@" + self.replaced.get(c[len("loc:@"):], c[len("loc:@"):])).encode() for c in op._attrs["_class"]]
        controls = {self.control_name(c) for c in op._control_inputs}
        if op.type == "WhileGrad":
            controls.add(self._while_grad_attrs(op, node))
        if frame is not None and not op._inputs and not any(self.owner.get(c) is frame for c in op._control_inputs):
            controls.add("^" + (frame.merge[0] if op in frame.cond_ops else frame.identity[0]))
        del node.input[:]
        in_cond = frame is not None and op in frame.cond_ops
        node.input.extend(self.name_in(frame, t, in_cond) for t in op._inputs)
        node.input.extend(sorted(controls))
        return [node]

    def control_name(self, op):
        if op in self.backward:
            return "^" + self.backward[op].exits[0]
        return "^" + (self.frames[op].exit[0] if op in self.frames else op.name)

    @staticmethod
    def graph_node(op, add_shapes):
        return graph_def_lib.node_def(op, add_shapes)

    def make_node(self, name, op_type, inputs, attrs, shapes, add_shapes):
        node = graph_def_lib.graph_proto_class("NodeDef")(name=name, op=op_type)
        node.input.extend(inputs)
        for key, value in attrs.items():
            node.attr[key].CopyFrom(graph_def_lib.attr_value(key, value))
        if add_shapes:
            node.attr["_output_shapes"].list.shape.extend(shape_proto(s) for s in shapes)
        return node

    def _var(self, frame, k):
        """(dtype, shape) of loop variable k of `frame` (the counter first where there is one)."""
        if frame.has_max and k == 0:
            return frame.max_iter.dtype.base_dtype, TensorShape([])
        arg = frame.loop.args[k - int(frame.has_max)]
        return arg.dtype.base_dtype, arg.shape

    def _enter_attrs(self, frame, dtype, constant):
        return {"T": dtype, "frame_name": frame.name, "is_constant": constant,
                "parallel_iterations": int(frame.op._attrs.get("parallel_iterations", 10))}

    def _head(self, frame, add_shapes):
        """Enter, Merge, LoopCond and Switch nodes of every variable, the Enters of what the loop reads."""
        out, scalar = [], TensorShape([])
        if frame.has_max:
            counter = frame.max_nodes["iteration_counter"]
            out.append(self.make_node(counter, "Const", [], {"dtype": frame.max_iter.dtype.base_dtype,
                                                         "value": _scalar(frame.max_iter.dtype, 0)},
                                  [scalar], add_shapes))
        for k in range(frame.n_vars):
            dtype, shape = self._var(frame, k)
            if frame.has_max and k == 0:
                init = frame.max_nodes["iteration_counter"]
            else:
                init = self.outer_name(frame, frame.op.inputs[k - int(frame.has_max)])
            controls = sorted(self.control_name(c) for c in frame.op._control_inputs)
            out.append(self.make_node(frame.enter[k], "Enter", [init] + controls,
                                  self._enter_attrs(frame, dtype, False), [shape], add_shapes))
            out.append(self.make_node(frame.merge[k], "Merge", [frame.enter[k], frame.next[k]],
                                  {"T": dtype, "N": 2}, [shape, scalar], add_shapes))
        for t, name in frame.captures.items():
            out.append(self.make_node(name, "Enter", [self.outer_name(frame, t)],
                                  self._enter_attrs(frame, t.dtype.base_dtype, True), [t.shape], add_shapes))
        pred = self.name_in(frame, frame.loop.cond_out, in_cond=True)
        if frame.has_max:
            names = frame.max_nodes
            out.append(self.make_node(names["Less"], "Less", [frame.merge[0], frame.captures[frame.max_iter]],
                                  {"T": frame.max_iter.dtype.base_dtype}, [scalar], add_shapes))
            out.append(self.make_node(names["LogicalAnd"], "LogicalAnd", [names["Less"], pred], {}, [scalar],
                                  add_shapes))
            pred = names["LogicalAnd"]
        out.append(self.make_node(frame.loop_cond, "LoopCond", [pred], {}, [scalar], add_shapes))
        for k in range(frame.n_vars):
            dtype, shape = self._var(frame, k)
            colocated = [b"loc:@" + frame.merge[k].encode()]  # TF builds each Switch colocated with its Merge
            out.append(self.make_node(frame.switch[k], "Switch", [frame.merge[k], frame.loop_cond],
                                      {"T": dtype, "_class": colocated}, [shape, shape], add_shapes))
        if frame.has_max:
            out.append(self._identity(frame, 0, add_shapes))
        return out

    def _identity(self, frame, k, add_shapes):
        dtype, shape = self._var(frame, k)
        return self.make_node(frame.identity[k], "Identity", [frame.switch[k] + ":1"], {"T": dtype}, [shape],
                          add_shapes)

    def _tail(self, frame, add_shapes):
        """The NextIteration and Exit nodes of every variable (and the counter's increment)."""
        out = []
        results = [self.name_in(frame, t) for t in frame.loop.body_outs]
        if frame.has_max:
            names, dtype = frame.max_nodes, frame.max_iter.dtype.base_dtype
            out.append(self.make_node(names["add/y"], "Const", ["^" + frame.identity[0]],
                                  {"dtype": dtype, "value": _scalar(frame.max_iter.dtype, 1)}, [TensorShape([])],
                                  add_shapes))
            out.append(self.make_node(names["add"], "AddV2", [frame.identity[0], names["add/y"]], {"T": dtype},
                                  [TensorShape([])], add_shapes))
            results = [names["add"]] + results
        for k in range(frame.n_vars):
            dtype, shape = self._var(frame, k)
            out.append(self.make_node(frame.next[k], "NextIteration", [results[k]], {"T": dtype}, [shape], add_shapes))
        for k in range(frame.n_vars):
            dtype, shape = self._var(frame, k)
            out.append(self.make_node(frame.exit[k], "Exit", [frame.switch[k]], {"T": dtype}, [shape], add_shapes))
        return out

    def _while_grad_attrs(self, op, node):
        """A WhileGrad names its forward frame and the Enters of the variables and captures it differentiates."""
        loop, grad = op._attrs["_loop"], op._attrs["_grad"]
        forward = next(f for f in self.frames.values() if f.loop is loop)
        values = {"frame_name": forward.name, "n_forward": len(loop.args) + len(loop.captures) + int(loop.has_max),
                  "var_enters": [forward.enter[i + int(loop.has_max)] for i in grad.var_idx],
                  "cap_enters": [forward.captures[loop.captures[j]] for j in grad.cap_idx]}
        for key, value in values.items():
            node.attr[key].CopyFrom(graph_def_lib.attr_value(key, value))
        return "^" + forward.exit[0]  # imported after its forward frame, which it reads the tape of


def _scalar(dtype, value):
    return np.full((), value, dtypes.as_dtype(dtype).base_dtype.as_numpy_dtype)


def frame_writer(graph):
    """The writer of `graph`'s while loops as frames (None without loops): its names are the GraphDef's."""
    whiles = [op for op in graph._all_operations() if op.type == "While" and "_loop" in op._attrs]
    return _FrameWriter(graph, whiles) if whiles else None


_writer = frame_writer


graph_def_lib.node_writers.append(_writer)
