"""Importing TF1 loop frames (Enter/Merge/Switch/LoopCond/NextIteration/Exit) as While ops.

A GraphDef written by TF1 (or by tfsess, ops/while_graphdef.py) holds each while loop as a frame:
per loop variable Enter -> Merge(Enter, NextIteration) -> Switch(Merge, LoopCond) -> Exit and
Identity(Switch:1), outside tensors entering through Enter(is_constant=true). The importer gives
every node a frame (an Enter opens its frame inside the frame of its input, an Exit leaves it), then
imports level by level: a frame becomes one functional While op, whose condition and body are the
frame's own nodes imported in a LoopContext, reading the loop variables from placeholders (where the
frame reads Merge, Switch:1 or the Identity) and the entered tensors directly; nested frames are
While ops inside the body. Each Exit becomes an Exit op of the While op's output under the Exit's
name (so "while/Exit:0" can be fetched); Enter, Merge, Switch, LoopCond and NextIteration have no
op. tf.gradients differentiates an imported loop as any other. TF1's backward frames (stacks of
forward values, ops/loop_stack_ops.py) import as loops too; a WhileGrad node (the gradient of a
tfsess loop holding loops) is rebuilt from the forward frame it names.
"""
from __future__ import annotations

from tfsess.framework import importer
from tfsess.framework.importer import NodeAlias, create_node, parse_input, resolve_input
from tfsess.framework.op_builder import apply_op
from tfsess.ops import array_ops, control_flow_ops, while_checks, while_ops

__all__ = []

_ENTER, _EXIT = ("Enter", "RefEnter"), ("Exit", "RefExit")
_NEXT, _MERGE, _SWITCH = ("NextIteration", "RefNextIteration"), ("Merge", "RefMerge"), ("Switch", "RefSwitch")


class _Frame:
    """One loop frame of a GraphDef: its Enter nodes, the nodes inside it, the frames nested in it."""

    def __init__(self, name, parent):
        self.name, self.parent = name, parent
        self.enters, self.nodes, self.children = [], [], []
        self.structure = None  # see _Importer._structure
        self.exit_paths = []   # Identity nodes between a variable's Switch:0 and its Exit


def _attr(node, key, default=None):
    return importer.attr_to_value(node.attr[key]) if key in node.attr else default


def _frames(nodes, by_name):
    """{node name: the _Frame it runs in (None: outside every loop)}, and the top-level frames.

    An Enter runs in its own frame, an Exit in the frame enclosing its input's.
    """
    frames, of, top = {}, {}, []
    pending = list(nodes)
    while pending:
        waiting = []
        for node in pending:
            data = [parse_input(i)[0] for i in node.input if not i.startswith("^")]
            if node.op in _MERGE:
                data = [d for d in data if by_name[d].op not in _NEXT] or data
            source = data[:1] or [parse_input(i)[0] for i in node.input[:1]]
            if source and source[0] not in of:
                waiting.append(node)
                continue
            frame = of[source[0]] if source else None
            if node.op in _ENTER:
                key = (id(frame), _attr(node, "frame_name", ""))
                if key not in frames:
                    frames[key] = _Frame(key[1], frame)
                    (frame.children if frame is not None else top).append(frames[key])
                frame = frames[key]
                frame.enters.append(node)
            elif node.op in _EXIT:
                if frame is None:
                    raise ValueError(f"Node '{node.name}' (Exit) leaves no loop frame")
                frame = frame.parent
            of[node.name] = frame
        if len(waiting) == len(pending):
            raise ValueError(f"GraphDef cannot be imported: it has a cycle through node '{waiting[0].name}'")
        pending = waiting
    for node in nodes:
        if of[node.name] is not None and node.op not in _ENTER:
            of[node.name].nodes.append(node)
    return of, top


class _Importer:
    """Imports the nodes of one GraphDef with its loop frames (see module doc)."""

    def __init__(self, graph, nodes, prefix, mapped, made):
        self.graph, self.prefix, self.mapped, self.made = graph, prefix, mapped, made
        self.by_name = {n.name: n for n in nodes}
        for node in nodes:
            for raw in node.input:
                name = parse_input(raw)[0]
                if name not in self.by_name:
                    raise ValueError(f"Node '{node.name}': Unknown input node '{raw.lstrip('^')}'")
        self.consumers = {}
        for node in nodes:
            for raw in node.input:
                self.consumers.setdefault(parse_input(raw)[0], []).append((node, raw))
        self.of, self.top = _frames(nodes, self.by_name)
        self.roots = [n for n in nodes if self.of[n.name] is None and n.op not in _EXIT]
        self.forward = {}  # frame name -> (While op, {Enter name: loop variable index or captured tensor})

    def resolve(self, node, raw):
        name = parse_input(raw)[0]
        if name not in self.made and not any(parse_input(k)[0] == name for k in self.mapped):
            raise ValueError(f"Node '{node.name}' reads '{raw}' from inside a loop frame it is not in")
        value = resolve_input(self.mapped, self.made, node, raw)
        if value is None and not raw.startswith("^"):
            raise ValueError(f"Node '{node.name}' reads '{raw}', a loop node output that has no value outside "
                             "the loop's own structure (tfsess imports a loop frame as one While op)")
        return value

    # ---------------------------------------------------------------- one level of nodes
    def import_level(self, nodes, frames):
        """Imports `nodes` (of one frame level) and the `frames` nested at that level, inputs first."""
        exits = {x.name: frame for frame in frames for x in self._exits(frame)}
        items = {n.name: n for n in nodes}
        done, state = set(), {}

        def deps(item):
            if isinstance(item, _Frame):
                raws = [i for e in item.enters for i in e.input]
            else:
                raws = list(item.input)
            for raw in raws:
                name = parse_input(raw)[0]
                if name in exits:
                    yield exits[name]
                elif name in items:
                    yield items[name]

        for root in list(nodes) + list(frames):
            stack = [(root, False)]
            while stack:
                item, expanded = stack.pop()
                key = id(item)
                if key in done:
                    continue
                if expanded:
                    done.add(key)
                    self._import_item(item)
                    continue
                if state.get(key):
                    name = item.name if not isinstance(item, _Frame) else item.enters[0].name
                    raise ValueError(f"GraphDef cannot be imported: it has a cycle through node '{name}'")
                state[key] = True
                stack.append((item, True))
                stack.extend((d, False) for d in deps(item) if id(d) not in done)

    def _import_item(self, item):
        if isinstance(item, _Frame):
            self._import_frame(item)
            return
        node = item
        resolved = [self.resolve(node, raw) for raw in node.input]
        inputs = [r for r, raw in zip(resolved, node.input) if not raw.startswith("^")]
        controls = [r for r, raw in zip(resolved, node.input) if raw.startswith("^") and r is not None]
        if node.op == "WhileGrad":
            self.made[node.name] = self._while_grad(node, inputs, controls)
        else:
            self.made[node.name] = create_node(self.graph, node, self.prefix, inputs, controls)

    def _exits(self, frame):
        return [x for x in self._structure(frame)[3] if x is not None]

    # ---------------------------------------------------------------- a frame
    def _consumer(self, name, ops, index=0, loop_cond=False):
        """The first node of a type in `ops` reading output `index` of node `name` (`loop_cond`: a Switch
        on a LoopCond, not one of a tf.cond inside the loop), or None."""
        found = [n for n, raw in self.consumers.get(name, ()) if n.op in ops and parse_input(raw) == (name, index)
                 and (not loop_cond or self.by_name[parse_input(n.input[1])[0]].op == "LoopCond")]
        return found[0] if found else None

    def _structure(self, frame):
        """(variable Enters, Merges, Switches, Exits, NextIterations, LoopCond) of `frame`, by variable."""
        if frame.structure is not None:
            return frame.structure
        enters = [e for e in frame.enters if not _attr(e, "is_constant", False)]
        merges = [self._consumer(e.name, _MERGE) for e in enters]
        if not enters or None in merges:
            raise ValueError(f"Loop frame '{frame.name}' cannot be imported: an Enter of a loop variable feeds "
                             "no Merge")
        switches = [self._consumer(m.name, _SWITCH, loop_cond=True) for m in merges]
        nexts = [next((self.by_name[parse_input(i)[0]] for i in m.input
                       if self.by_name[parse_input(i)[0]].op in _NEXT), None) for m in merges]
        if None in switches or None in nexts:
            raise ValueError(f"Loop frame '{frame.name}' cannot be imported: a loop variable's Merge has no "
                             "Switch or no NextIteration")
        loop_cond = self.by_name[parse_input(switches[0].input[1])[0]]
        paths = [self._exit_path(s) for s in switches]
        exits = [x for x, _ in paths]
        frame.exit_paths = [n for _, chain in paths for n in chain]
        frame.structure = (enters, merges, switches, exits, nexts, loop_cond)
        return frame.structure

    def _exit_path(self, switch):
        """The Exit a loop variable's Switch:0 reaches (through Identity nodes: TF's tuple of a Merge's
        gradient), and the Identity nodes on the way; (None, []) for a variable whose value is unused."""
        chain, name = [], switch.name
        while True:
            found = self._consumer(name, _EXIT)
            if found is not None:
                return found, chain
            identity = self._consumer(name, ("Identity",))
            if identity is None:
                return None, []
            chain.append(identity)
            name = identity.name

    def _import_frame(self, frame):
        first = len(self.graph._all_operations())
        try:
            self._build_frame(frame, relax=False)
        except _ShapeChanged:
            importer.remove_ops_since(self.graph, first)
            self._build_frame(frame, relax=True)

    def _build_frame(self, frame, relax):
        enters, merges, switches, exits, nexts, loop_cond = self._structure(frame)
        controls = [c for e in frame.enters for c in (self.resolve(e, r) for r in e.input if r.startswith("^"))
                    if c is not None]
        inits = [self.resolve(e, e.input[0]) for e in enters]
        roles = {}
        for e in frame.enters:
            if _attr(e, "is_constant", False):
                value = self.resolve(e, e.input[0])
                self.made[e.name] = NodeAlias(None, [value])
                roles[e.name] = value
        args = []
        with self.graph.control_dependencies(None):
            for k, (init, merge, switch) in enumerate(zip(inits, merges, switches)):
                identity = self._consumer(switch.name, ("Identity",), 1)
                shapes = _attr(merge, "_output_shapes")
                shape = None if relax else (shapes[0] if shapes else init.shape)
                name = (identity.name if identity is not None else merge.name.rpartition("/")[0] + "/Identity")
                arg = while_ops.loop_arg(init, shape, name=self.graph._reserve_name(self.prefix + name) + "/")
                args.append(arg)
                roles[enters[k].name] = k
                self.made[enters[k].name] = NodeAlias(None, [arg])
                self.made[merge.name] = NodeAlias(None, [arg, None])
                self.made[switch.name] = NodeAlias(None, [None, arg])
                if identity is not None:
                    self.made[identity.name] = NodeAlias(None, [arg])
        for node in [loop_cond] + nexts:
            self.made[node.name] = NodeAlias(None, [])
        for node in frame.exit_paths:  # their value is the variable's after the loop: the While op's output
            self.made[node.name] = NodeAlias(None, [None])
        structural = {n.name for n in [loop_cond] + nexts + merges + switches}
        structural.update(n.name for n in frame.nodes if isinstance(self.made.get(n.name), NodeAlias))
        inside = [n for n in frame.nodes if n.name not in structural and n.op not in _EXIT]
        context = while_ops.LoopContext(self.graph)
        with context.enter(hide_outer=True):
            self.import_level(inside, frame.children)
        with context.enter(hide_outer=True):
            pred = self._with_controls(loop_cond)
            outs = [self._with_controls(n) for n in nexts]
        for arg, out, nxt in zip(args, outs, nexts):
            if out.dtype.base_dtype != arg.dtype.base_dtype:
                raise ValueError(f"Loop frame '{frame.name}': node '{nxt.name}' passes {out.dtype.base_dtype.name} "
                                 f"to a loop variable of type {arg.dtype.base_dtype.name}")
            if not while_checks.shape_less_equal(out.shape, arg.shape):
                raise _ShapeChanged()
        loop = while_ops.make_loop_graph(self.graph, context, args, pred, outs, False, True)
        base = (frame.name[:-len("/while_context")] if frame.name.endswith("/while_context")
                else enters[0].name.rpartition("/")[0] or "while")
        name = self.graph._reserve_name(self.prefix + base)
        op = apply_op("While", inits + loop.captures,
                      {"T": [a.dtype.base_dtype for a in args], "_loop": loop,
                       "parallel_iterations": int(_attr(enters[0], "parallel_iterations", 10))},
                      name=name + "/", graph=self.graph)
        for c in controls + loop.external_controls:
            op._add_control_input(c)
        # each Exit an Exit op of the While op's output under its name, so that "while/Exit_1:0" names the
        # value as in TF; the writer writes it back in its frame (loop.exit_ops)
        loop.exit_ops = {}
        for k, x in enumerate(exits):
            if x is not None:
                exit_name = self.graph._reserve_name(self.prefix + x.name) + "/"
                exit_op = control_flow_ops.loop_exit(op.outputs[k], name=exit_name).op
                loop.exit_ops[k] = self.made[x.name] = exit_op
        self.forward[frame.name] = (op, roles)

    def _with_controls(self, node):
        """What a LoopCond or NextIteration node passes on, after its control inputs (the pushes of the
        values a loop's gradient reads hang on the forward counter's NextIteration)."""
        value = self.resolve(node, node.input[0])
        controls = [c for c in (self.resolve(node, r) for r in node.input[1:] if r.startswith("^")) if c is not None]
        if not controls:
            return value
        with self.graph.control_dependencies(controls):
            return array_ops.identity(value, name=self.graph._reserve_name(self.prefix + node.name) + "/")

    # ---------------------------------------------------------------- a loop's gradient
    def _while_grad(self, node, inputs, controls):
        """A WhileGrad node rebuilt for the While op its forward frame became."""
        frame_name = _attr(node, "frame_name", "")
        if frame_name not in self.forward:
            raise ValueError(f"Node '{node.name}' (WhileGrad) names loop frame '{frame_name}', which the "
                             "GraphDef does not hold")
        op, roles = self.forward[frame_name]
        loop = op._attrs["_loop"]
        try:
            var_idx = [roles[e] for e in _attr(node, "var_enters", [])]
            cap_idx = [loop.captures.index(roles[e]) for e in _attr(node, "cap_enters", [])]
        except (KeyError, ValueError):
            raise ValueError(f"Node '{node.name}' (WhileGrad) differentiates Enter nodes that are not loop "
                             f"variables or captured tensors of frame '{frame_name}'") from None
        grad = while_ops.loop_gradient(loop, var_idx, cap_idx)
        n_forward = int(_attr(node, "n_forward", 0))
        out_grads = inputs[n_forward:n_forward + len(var_idx)]
        gop = apply_op("WhileGrad", list(op.inputs) + out_grads + grad.extra_captures, {"_loop": loop, "_grad": grad},
                       name=self.graph._reserve_name(self.prefix + node.name) + "/", graph=self.graph)
        gop._add_control_inputs([c for c in controls if c is not op])
        return gop


class _ShapeChanged(Exception):
    """A loop variable's shape changes across iterations: its placeholder is rebuilt with an unknown shape."""


def import_frames(graph, nodes, prefix, mapped, made):
    """Imports GraphDef `nodes` holding loop frames into `graph` (importer.frame_importer)."""
    run = _Importer(graph, nodes, prefix, mapped, made)
    run.import_level(run.roots, run.top)


importer.frame_importer = import_frames
