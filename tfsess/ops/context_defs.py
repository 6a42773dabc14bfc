"""The `while_context` and `cond_context` collections of a meta graph: TF's WhileContextDef and CondContextDef.

TF1 keeps each outermost tf.while_loop's WhileContext and each outermost tf.cond's two CondContexts in
these collections, and writes them into a MetaGraphDef as serialized protos naming the context's
tensors. A tfsess loop is one While op, written into a GraphDef as TF's frame (ops/while_graphdef.py):
its WhileContextDef names the tensors of that frame as the writer names them (pivots, Enters, Exits,
the body's values, the tensors it reads from outside). A tfsess cond is built as TF builds it (Switch,
pred_id, switch_t/switch_f, Merge), so its CondContextDef names the graph's own tensors.

Reading them back (import_meta_graph) gives `ImportedContext` records: their `name`, and `to_proto()`
for a later export; the imported loops and conds themselves are rebuilt from the GraphDef.
"""
from __future__ import annotations

from tfsess.framework import graph_def as graph_def_lib
from tfsess.ops import cond_ops, while_graphdef, while_ops


def _pb():
    from tfsess.protos import control_flow_pb2  # optional dependency: protobuf
    return control_flow_pb2


# ------------------------------------------------------------------ while loops
def while_context_def(loop, export_scope=None):
    """The WhileContextDef of `loop` (a while_ops loop graph) as its graph's GraphDef writes the frame."""
    writer = while_graphdef.frame_writer(loop.graph)
    frame = writer.frame_of_loop(loop) if writer is not None else None
    if frame is None:
        raise ValueError(f"The loop {loop!r} is not a loop of its graph")
    return _scoped(_while_def(writer, frame), export_scope)


def _while_def(writer, frame):
    pb = _pb()
    proto = pb.WhileContextDef(
        context_name=frame.name, parallel_iterations=int(frame.op._attrs.get("parallel_iterations", 10)),
        back_prop=bool(frame.loop.back_prop), swap_memory=bool(getattr(frame.loop, "swap_memory", False)),
        pivot_name=frame.loop_cond + ":0", pivot_for_pred_name=frame.merge[0] + ":0",
        pivot_for_body_name=frame.identity[0] + ":0")
    proto.loop_exit_names.extend(name + ":0" for name in frame.exit)
    proto.loop_enter_names.extend(name + ":0" for name in frame.enter)
    if frame.has_max:
        proto.maximum_iterations_name = frame.max_iter.name
    values = {name + ":0" for name in frame.enter + frame.identity + frame.next + frame.exit + [frame.loop_cond]}
    values.update(f"{name}:{k}" for name in frame.merge + frame.switch for k in (0, 1))
    if frame.has_max:
        values.update(frame.max_nodes[k] + ":0" for k in ("Less", "LogicalAnd", "add/y", "add"))
    for op in frame.loop.ops:
        if op in writer.frames:  # an inner loop: its own context, nested
            proto.nested_contexts.add().while_ctxt.CopyFrom(_while_def(writer, writer.frames[op]))
        elif op not in writer.skip:
            values.update(t.name for t in op.outputs if _listed(t))
    for context in getattr(frame.loop, "nested_conds", ()):
        proto.nested_contexts.add().cond_ctxt.CopyFrom(_cond_def(context))
    for tensor, enter in frame.captures.items():
        values.update((tensor.name, enter + ":0"))
        proto.values_def.external_values[tensor.name] = enter + ":0"
    proto.values_def.values.extend(sorted(values))
    return proto


# ------------------------------------------------------------------ conds
def _listed(tensor):
    """Whether a context lists `tensor` among its values: of the Switch a cond branch reads an outside tensor
    through, only the branch's output (both when the branch returns that tensor as it is), as TF does."""
    switched_by = cond_ops.switch_context(tensor.op)
    return (switched_by is None or tensor.op.type not in ("Switch", "RefSwitch")
            or tensor.value_index == switched_by.branch or tensor.op in switched_by.result_switches)


def cond_context_def(context, export_scope=None):
    """The CondContextDef of one branch of a cond (a cond_ops.CondContext)."""
    return _scoped(_cond_def(context), export_scope)


def _cond_def(context):
    pb = _pb()
    proto = pb.CondContextDef(context_name=context.name,
                              pred_name=context.pred.name, pivot_name=context.pivot.name,
                              branch=int(context.branch))
    values = {t.name for t in context.values if _listed(t)}
    external = proto.values_def.external_values
    external[context.pred.name] = context.pred.name
    outer = context.outer if isinstance(context.outer, cond_ops.CondContext) else None
    for tensor, switched in context.external.items():
        values.add(tensor.name)
        external[tensor.name] = switched.name
        through = outer.external.get(tensor) if outer is not None else None
        if through is not None:  # what the outer branch passed in, as TF lists it: a value of its own
            values.add(through.name)
            external[through.name] = through.name
    proto.values_def.values.extend(sorted(values))
    for inner in getattr(context, "nested", ()):
        if isinstance(inner, cond_ops.CondContext):
            proto.nested_contexts.add().cond_ctxt.CopyFrom(_cond_def(inner))
    return proto


# ------------------------------------------------------------------ scopes and reading back
def _strip(name, scope):
    return name[len(scope) + 1:] if scope and name.startswith(scope + "/") else name


def _prefix(name, scope):
    return f"{scope}/{name}" if scope and name else name


def _rename(proto, rename):
    """Applies `rename` to every tensor and context name in a WhileContextDef/CondContextDef, in place."""
    for field in ("context_name", "pred_name", "pivot_name", "pivot_for_pred_name", "pivot_for_body_name",
                  "maximum_iterations_name"):
        if field in type(proto).DESCRIPTOR.fields_by_name:
            setattr(proto, field, rename(getattr(proto, field)))
    for field in ("loop_exit_names", "loop_enter_names"):
        if field in type(proto).DESCRIPTOR.fields_by_name:
            names = [rename(n) for n in getattr(proto, field)]
            del getattr(proto, field)[:]
            getattr(proto, field).extend(names)
    values = [rename(v) for v in proto.values_def.values]
    external = {rename(k): rename(v) for k, v in proto.values_def.external_values.items()}
    del proto.values_def.values[:]
    proto.values_def.values.extend(values)
    proto.values_def.external_values.clear()
    proto.values_def.external_values.update(external)
    for nested in proto.nested_contexts:
        _rename(getattr(nested, nested.WhichOneof("ctxt")), rename)
    return proto


def _scoped(proto, export_scope):
    return _rename(proto, lambda n: _strip(n, export_scope)) if export_scope else proto


class ImportedContext:
    """A control-flow context read from a meta graph: its proto, names under the import scope."""

    def __init__(self, proto):
        self._proto = proto

    @property
    def name(self):
        return self._proto.context_name

    def to_proto(self, export_scope=None):
        copy = type(self._proto)()
        copy.CopyFrom(self._proto)
        return _scoped(copy, export_scope)


def _from_bytes(message_name):
    def read(raw, import_scope=None):
        proto = getattr(_pb(), message_name).FromString(raw)
        if import_scope:
            _rename(proto, lambda n: _prefix(n, import_scope))
        return ImportedContext(proto)
    return read


def register(register_from_proto):
    """Makes the meta graph reader rebuild both collections (`register_from_proto(key, fn)`)."""
    register_from_proto(while_ops.WHILE_CONTEXT, _from_bytes("WhileContextDef"))
    register_from_proto(cond_ops.COND_CONTEXT, _from_bytes("CondContextDef"))


def _write_while(item, export_scope=None):
    return item.to_proto(export_scope) if isinstance(item, ImportedContext) else while_context_def(item, export_scope)


def _write_cond(item, export_scope=None):
    return item.to_proto(export_scope) if isinstance(item, ImportedContext) else cond_context_def(item, export_scope)


def _within_scope(write):
    """`write` with TF's to_proto contract: None for a context outside `export_scope` (a plain prefix test)."""
    def scoped_write(item, export_scope=None):
        if export_scope and not write(item).context_name.startswith(export_scope):
            return None
        return write(item, export_scope)
    return scoped_write


WRITERS = {while_ops.WHILE_CONTEXT: _within_scope(_write_while), cond_ops.COND_CONTEXT: _within_scope(_write_cond)}
graph_def_lib.collection_proto_writers.update(WRITERS)

__all__ = []
