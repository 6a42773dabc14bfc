"""tf.while_loop's results are TF's Exit ops: their names and op type (`Exit`), their dtype, shape and
attr, with maximum_iterations, nested loops and a loop in a cond branch; gradients through them, and
GraphDef / meta graph export and import keeping them Exits."""
import numpy as np


def _exit_facts(t):
    return {"name": t.name, "type": t.op.type, "dtype": t.dtype.name, "shape": str(t.shape),
            "T": t.op.get_attr("T").name, "n_inputs": len(t.op.inputs), "n_outputs": len(t.op.outputs)}


def case_x_ivar_loops_exit_op_types(tf):
    i, x = tf.while_loop(lambda i, x: i < 3, lambda i, x: (i + 1, x * 2.0),
                         [tf.constant(0), tf.constant([1.0, 2.0], tf.float64)])
    (single,) = tf.while_loop(lambda v: v < 10, lambda v: [v + 3], [tf.constant(1, tf.int64)], name="single")
    g = tf.get_default_graph()
    sess = tf.Session()
    return {"results": [_exit_facts(t) for t in (i, x, single)],
            "by_name": [g.get_operation_by_name(n).type for n in ("while/Exit", "while/Exit_1", "single/Exit")],
            "exit_ops": sorted(op.name for op in g.get_operations() if op.type == "Exit"),
            "values": sess.run([i, x, single])}


def case_x_ivar_loops_exit_with_maximum_iterations(tf):
    x = tf.placeholder(tf.float32, [None], name="x")
    out = tf.while_loop(lambda v: tf.reduce_sum(v) < 100.0, lambda v: v * 3.0, [x], maximum_iterations=2)
    pair = tf.while_loop(lambda a, b: a < 5, lambda a, b: (a + 1, b - 1), (tf.constant(0), tf.constant(0)),
                         maximum_iterations=tf.constant(3), name="capped")
    g = tf.get_default_graph()
    return {"out": _exit_facts(out), "pair": [_exit_facts(t) for t in pair],
            "exit_ops": sorted(op.name for op in g.get_operations() if op.type == "Exit"),
            "values": tf.Session().run([out, pair], {x: [1.0, 2.0]})}


def case_x_ivar_loops_nested_and_in_cond(tf):
    def outer_body(i, acc):
        j, inner = tf.while_loop(lambda j, a: j < 2, lambda j, a: (j + 1, a + 1.0), [tf.constant(0), acc])
        return i + 1, inner + tf.cast(j, tf.float32)
    i, acc = tf.while_loop(lambda i, a: i < 3, outer_body, [tf.constant(0), tf.constant(0.0)])
    p = tf.placeholder(tf.bool, [], name="p")
    branch = tf.cond(p, lambda: tf.while_loop(lambda v: v < 8, lambda v: v * 2, [tf.constant(1)]),
                     lambda: tf.constant(-1))
    g = tf.get_default_graph()
    sess = tf.Session()
    return {"outer": [_exit_facts(t) for t in (i, acc)],
            "exit_ops": sorted((op.name, op.type) for op in g.get_operations() if "Exit" in op.name),
            "values": sess.run([i, acc]), "branch": [sess.run(branch, {p: True}), sess.run(branch, {p: False})]}


def case_x_ivar_loops_gradient_through_exit(tf):
    x = tf.placeholder(tf.float32, [3], name="x")
    w = tf.Variable([1.0, 0.5, -1.0], name="w")
    _, y = tf.while_loop(lambda k, v: k < 3, lambda k, v: (k + 1, v * w + 1.0), [tf.constant(0), x])
    loss = tf.reduce_sum(y * y)
    gx, gw = tf.gradients(loss, [x, w])
    (g_exit,) = tf.gradients(loss, [y])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    feed = {x: np.array([1.0, -2.0, 0.5], np.float32)}
    return {"y_type": y.op.type, "grads": sess.run([gx, gw, g_exit], feed),
            "stopped": tf.gradients(tf.stop_gradient(y) * 2.0, x)}


def case_x_ivar_loops_graph_def_round_trip_keeps_exits(tf):
    from tensorboard.compat.proto import graph_pb2
    g1 = tf.Graph()
    with g1.as_default():
        x = tf.placeholder(tf.float32, [2], name="x")
        _, y = tf.while_loop(lambda k, v: k < 4, lambda k, v: (k + 1, v + 1.5), [tf.constant(0), x])
        tf.identity(y, name="out")
    gd = graph_pb2.GraphDef.FromString(g1.as_graph_def().SerializeToString())
    exits = sorted((n.name, n.op, list(n.input)) for n in gd.node if n.op == "Exit")
    g2 = tf.Graph()
    with g2.as_default():
        # (TF cannot differentiate a loop imported from a GraphDef: it has no WhileContext; tfsess can)
        out, exit_1 = tf.import_graph_def(g1.as_graph_def(), return_elements=["out:0", "while/Exit_1:0"], name="c")
        values = tf.Session(graph=g2).run([out, exit_1], {"c/x:0": [1.0, 2.0]})
    return {"written": exits, "imported": [exit_1.op.name, exit_1.op.type, out.op.inputs[0].op.type],
            "values": values}


def case_x_ivar_loops_meta_graph_round_trip_keeps_exits(tf):
    x = tf.placeholder(tf.float32, [], name="x")
    y = tf.while_loop(lambda v: v < 50.0, lambda v: v * 2.0, [x], name="grow")
    tf.add_to_collection("result", y)
    mg = tf.train.export_meta_graph()
    tf.reset_default_graph()
    tf.train.import_meta_graph(mg)
    (r,) = tf.get_collection("result")
    return {"name": r.name, "type": r.op.type, "value": tf.Session().run(r, {"x:0": 3.0}),
            "exit_nodes": sorted(n.name for n in mg.graph_def.node if n.op == "Exit")}


# ------------------------------------------------------------------ the control-flow context collections
# field number -> (name, kind) of TF's control_flow.proto messages; kinds: str, int, msg:<name>
_SCHEMA = {
    "ValuesDef": {1: ("values", "str"), 2: ("external_values", "msg:Entry")},
    "Entry": {1: ("key", "str"), 2: ("value", "str")},
    "Ctxt": {1: ("cond_ctxt", "msg:CondContextDef"), 2: ("while_ctxt", "msg:WhileContextDef")},
    "CondContextDef": {1: ("context_name", "str"), 2: ("pred_name", "str"), 3: ("pivot_name", "str"),
                       4: ("branch", "int"), 5: ("values_def", "msg:ValuesDef"), 6: ("nested_contexts", "msg:Ctxt")},
    "WhileContextDef": {1: ("context_name", "str"), 2: ("parallel_iterations", "int"), 3: ("back_prop", "int"),
                        4: ("swap_memory", "int"), 5: ("pivot_name", "str"), 6: ("pivot_for_pred_name", "str"),
                        7: ("pivot_for_body_name", "str"), 8: ("loop_exit_names", "str"), 9: ("values_def", "msg:ValuesDef"),
                        10: ("loop_enter_names", "str"), 11: ("maximum_iterations_name", "str"),
                        12: ("nested_contexts", "msg:Ctxt")},
}


def _varint(data, pos):
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, pos


def _decode(data, message):
    """Protobuf wire bytes -> {field: [values]} after _SCHEMA (no TF protos needed on either side)."""
    out, pos = {}, 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        name, kind = _SCHEMA[message][key >> 3]
        if key & 7 == 0:
            value, pos = _varint(data, pos)
        else:
            size, pos = _varint(data, pos)
            raw, pos = data[pos:pos + size], pos + size
            value = _decode(raw, kind[4:]) if kind.startswith("msg:") else raw.decode("utf-8")
        out.setdefault(name, []).append(value)
    if "external_values" in out:  # a map: order is not part of it
        out["external_values"] = sorted((e.get("key", [""])[0], e.get("value", [""])[0]) for e in out["external_values"])
    return out


def _contexts(meta):
    return {key: [_decode(raw, "WhileContextDef" if key == "while_context" else "CondContextDef")
                  for raw in meta.collection_def[key].bytes_list.value]
            for key in ("while_context", "cond_context") if key in meta.collection_def}


def case_x_ivar_loops_meta_graph_context_collections(tf):
    c = tf.constant(2.0, name="c")
    x = tf.placeholder(tf.float32, [], name="x")
    tf.while_loop(lambda i, v: i < 3, lambda i, v: [i + 1, v * c], [tf.constant(0), x], maximum_iterations=5)

    def outer(i, a):
        j, b = tf.while_loop(lambda j, b: j < 2, lambda j, b: (j + 1, b + c), [tf.constant(0), a])
        return i + 1, b
    tf.while_loop(lambda i, a: i < 2, outer, [tf.constant(0), x], name="nest", back_prop=False)
    p = tf.placeholder(tf.bool, [], name="p")
    tf.cond(p, lambda: tf.cond(x > 0, lambda: x * c, lambda: c), lambda: x)
    meta = tf.train.export_meta_graph()
    return {"keys": sorted(meta.collection_def), "contexts": _contexts(meta),
            "names": [ctx.name for key in ("while_context", "cond_context") for ctx in tf.get_collection(key)]}


def case_x_ivar_loops_context_collections_round_trip(tf):
    x = tf.placeholder(tf.float32, [2], name="x")
    y = tf.while_loop(lambda v: tf.reduce_sum(v) < 10.0, lambda v: v + 1.0, [x])
    z = tf.cond(tf.reduce_sum(y) > 12.0, lambda: y * 2.0, lambda: y)
    tf.add_to_collection("out", z)
    meta = tf.train.export_meta_graph()
    g = tf.Graph()
    with g.as_default():
        tf.train.import_meta_graph(meta, import_scope="imp")
        names = [[ctx.name for ctx in tf.get_collection(k)] for k in ("while_context", "cond_context")]
        again = tf.train.export_meta_graph()
        scoped = tf.train.export_meta_graph(export_scope="imp")
        (out,) = tf.get_collection("out")
        value = tf.Session(graph=g).run(out, {"imp/x:0": [1.0, 2.0]})
    return {"names": names, "again": _contexts(again), "scoped": _contexts(scoped), "value": value,
            "first": _contexts(meta)}


def case_x_ivar_loops_cond_contexts_only_outermost(tf):
    x = tf.placeholder(tf.int32, [], name="x")
    tf.while_loop(lambda v: v < 10, lambda v: tf.cond(v > 3, lambda: v + 2, lambda: v + 1), [x])
    tf.cond(x > 0, lambda: tf.constant(1), lambda: x, name="top")
    meta = tf.train.export_meta_graph(collection_list=["cond_context", "while_context"])
    return {"cond": len(tf.get_collection("cond_context")), "while": len(tf.get_collection("while_context")),
            "contexts": _contexts(meta)}
