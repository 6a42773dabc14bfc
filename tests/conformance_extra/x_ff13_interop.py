"""Third-pass variations of the public interop_graphdef and interop_metagraph cases: attrs of
strided slices and casts as GraphDef users read them, placeholder_with_default and string ops
through import_graph_def, input_map dtype errors, garbage GraphDef bytes, meta graphs carrying
initializable iterators, queues, summaries and dynamic_rnn (gradients taken after import), and
clear_devices / collection_list on export.

Recorded from TF 2.21 compat.v1 with nothing beyond tensorflow itself (the RNN case needs
TF_USE_LEGACY_KERAS=1)."""
import os

import numpy as np

from _casekit import fixed, in_tmp
from _harness import catch, message_has


def case_graph_def_strided_slice_and_cast_attrs(tf):
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    s = tf.identity(x[1:, ::2], name="s")
    c = tf.cast(s, tf.int64, name="c")
    tf.expand_dims(c, -1, name="e")
    nodes = {n.name: n for n in tf.get_default_graph().as_graph_def().node}
    ss = nodes["strided_slice"]
    return {"ss_inputs": list(ss.input), "masks": [ss.attr[k].i for k in ("begin_mask", "end_mask", "ellipsis_mask",
                                                                         "new_axis_mask", "shrink_axis_mask")],
            "cast": [nodes["c"].op, tf.as_dtype(nodes["c"].attr["SrcT"].type).name,
                     tf.as_dtype(nodes["c"].attr["DstT"].type).name, nodes["c"].attr["Truncate"].b],
            "expand": [nodes["e"].op, list(nodes["e"].input)],
            "placeholder_shape": [d.size for d in nodes["x"].attr["shape"].shape.dim]}


def case_import_placeholder_with_default_and_strings(tf):
    g = tf.Graph()
    with g.as_default():
        d = tf.placeholder_with_default(tf.constant([1, 2]), [None], name="d")
        tf.identity(d * 3, name="out")
        s = tf.placeholder(tf.string, [], name="s")
        tf.strings.join([s, tf.constant("!")], separator="-", name="joined")
    gd = g.as_graph_def()
    with tf.Graph().as_default():
        out, joined = tf.import_graph_def(gd, return_elements=["out:0", "joined:0"], name="m")
        sess = tf.Session()
        return {"default": sess.run(out), "fed": sess.run(out, {"m/d:0": [5]}),
                "joined": sess.run(joined, {"m/s:0": b"hi"}), "op": out.op.name,
                "pwd_type": tf.get_default_graph().get_operation_by_name("m/d").type}


def case_import_input_map_dtype_and_missing(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [2], name="x")
        tf.identity(x + 1.0, name="y")
    gd = g.as_graph_def()
    return {
        "dtype": catch(tf.import_graph_def, gd, input_map={"x:0": tf.constant([1, 2])}, name="a"),
        "missing": message_has(lambda: tf.import_graph_def(gd, input_map={"nope:0": tf.constant([1.0, 2.0])},
                                                           name="b"), "nope:0"),
        "bad_return": catch(tf.import_graph_def, gd, return_elements=["zzz:0"], name="c"),
        "ok": tf.Session().run(tf.import_graph_def(gd, input_map={"x": tf.constant([1.0, 2.0])},
                                                   return_elements=["y:0"], name="d")[0]),
        "ops_left": sorted(op.name for op in tf.get_default_graph().get_operations() if op.type != "Const"),
    }


def case_graph_def_garbage_bytes(tf):
    gd = tf.GraphDef()
    try:
        gd.ParseFromString(b"\xff\xff\xff\xff garbage")
        parsed = "parsed"
    except Exception as exc:  # protobuf's DecodeError
        parsed = type(exc).__name__
    ok = tf.GraphDef()
    ok.ParseFromString(tf.Graph().as_graph_def().SerializeToString())
    return {"garbage": parsed, "empty_nodes": len(ok.node)}


def case_write_graph_binary_then_import_and_run(tf):
    def run(d):
        with tf.Graph().as_default() as g:
            a = tf.placeholder(tf.int32, [None], name="a")
            tf.reduce_sum(tf.square(a), name="total")
        path = tf.io.write_graph(g, d, "g.pb", as_text=False)
        gd = tf.GraphDef()
        with tf.gfile.GFile(path, "rb") as f:
            gd.ParseFromString(f.read())
        with tf.Graph().as_default():
            total, = tf.import_graph_def(gd, return_elements=["total:0"], name="")
            return {"file": os.path.basename(path), "total": tf.Session().run(total, {"a:0": [1, 2, 3]}),
                    "name": total.name, "static": total.shape.as_list()}
    return in_tmp(run)


def case_meta_graph_initializable_iterator(tf):
    def run(d):
        with tf.Graph().as_default():
            limit = tf.placeholder(tf.int64, [], name="limit")
            it = tf.data.make_initializable_iterator(tf.data.Dataset.range(limit).map(lambda v: v * 2))
            tf.add_to_collection("iter_init", it.initializer)
            tf.add_to_collection("next", it.get_next())
            tf.train.export_meta_graph(os.path.join(d, "m.meta"))
        with tf.Graph().as_default():
            tf.train.import_meta_graph(os.path.join(d, "m.meta"))
            init = tf.get_collection("iter_init")[0]
            nxt = tf.get_collection("next")[0]
            sess = tf.Session()
            sess.run(init, {"limit:0": 3})
            got = [sess.run(nxt) for _ in range(3)]
            return {"got": got, "end": catch(sess.run, nxt), "init_type": init.type}
    return in_tmp(run)


def case_meta_graph_queue_and_summaries(tf):
    def run(d):
        with tf.Graph().as_default():
            q = tf.FIFOQueue(5, tf.float32, shapes=[[]], name="q")
            enq = q.enqueue_many([[1.0, 2.0, 3.0]], name="enq")
            deq = q.dequeue(name="deq")
            tf.summary.scalar("deq_value", deq)
            tf.add_to_collection("ops", enq)
            tf.train.export_meta_graph(os.path.join(d, "m.meta"))
        with tf.Graph().as_default():
            tf.train.import_meta_graph(os.path.join(d, "m.meta"), import_scope="imp")
            g = tf.get_default_graph()
            sess = tf.Session()
            sess.run(tf.get_collection("ops")[0])
            merged = tf.summary.merge_all()
            summ = tf.Summary()
            summ.ParseFromString(sess.run(merged))
            return {"summaries": [t.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)],
                    "value": [(v.tag, v.simple_value) for v in summ.value],
                    "next": sess.run(g.get_tensor_by_name("imp/deq:0"))}
    return in_tmp(run)


def case_meta_graph_dynamic_rnn_gradient_after_import(tf):
    def run(d):
        with tf.Graph().as_default():
            x = tf.placeholder(tf.float32, [None, 3, 2], name="x")
            outputs, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(2, name="cell"), x, dtype=tf.float32)
            tf.identity(tf.reduce_sum(outputs), name="loss")
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            for i, v in enumerate(tf.trainable_variables()):
                sess.run(v.assign(fixed(v.shape.as_list(), phase=float(i))))
            saver = tf.train.Saver()
            saver.save(sess, os.path.join(d, "m"))
        with tf.Graph().as_default():
            saver = tf.train.import_meta_graph(os.path.join(d, "m.meta"))
            g = tf.get_default_graph()
            loss = g.get_tensor_by_name("loss:0")
            xin = g.get_tensor_by_name("x:0")
            grads = tf.gradients(loss, [xin] + tf.trainable_variables())
            sess = tf.Session()
            saver.restore(sess, os.path.join(d, "m"))
            feed = {xin: fixed([2, 3, 2], 1.0)}
            return {"loss": sess.run(loss, feed), "grads": sess.run(grads, feed),
                    "vars": [v.name for v in tf.trainable_variables()]}
    return in_tmp(run)


def case_export_meta_graph_collection_list_and_clear_devices(tf):
    def run(d):
        with tf.Graph().as_default():
            with tf.device("/cpu:0"):
                v = tf.Variable(1.0, name="v")
            tf.add_to_collection("mine", v)
            tf.add_to_collection("other", tf.constant(2.0, name="two"))
            meta = tf.train.export_meta_graph(os.path.join(d, "m.meta"), collection_list=["mine"], clear_devices=True)
        with tf.Graph().as_default():
            tf.train.import_meta_graph(os.path.join(d, "m.meta"))
            g = tf.get_default_graph()
            return {"keys": sorted(meta.collection_def.keys()), "imported_keys": sorted(g.get_all_collection_keys()),
                    "device": g.get_operation_by_name("v").device,
                    "mine": [x.name for x in tf.get_collection("mine")],
                    "node_devices": sorted({n.device for n in meta.graph_def.node})}
    return in_tmp(run)


def case_import_meta_graph_clear_devices_and_run(tf):
    def run(d):
        with tf.Graph().as_default():
            with tf.device("/device:GPU:7"):
                a = tf.Variable([1.0, 2.0], name="a")
                tf.identity(a * 2.0, name="twice")
            tf.train.export_meta_graph(os.path.join(d, "m.meta"))
        with tf.Graph().as_default():
            tf.train.import_meta_graph(os.path.join(d, "m.meta"), clear_devices=True)
            g = tf.get_default_graph()
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            return {"twice": sess.run("twice:0"), "device": g.get_operation_by_name("twice").device,
                    "globals": [v.name for v in tf.global_variables()]}
    return in_tmp(run)


def case_freeze_with_placeholder_default_and_extract(tf):
    w = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="w")
    x = tf.placeholder_with_default(tf.constant([[1.0, 1.0]]), [None, 2], name="x")
    y = tf.matmul(x, w, name="y")
    tf.identity(y, name="unused_branch")
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    frozen = tf.graph_util.convert_variables_to_constants(sess, tf.get_default_graph().as_graph_def(), ["y"])
    ops = sorted((n.name, n.op) for n in frozen.node)
    with tf.Graph().as_default():
        yy, = tf.import_graph_def(frozen, return_elements=["y:0"], name="")
        s2 = tf.Session()
        return {"ops": ops, "default": s2.run(yy), "fed": s2.run(yy, {"x:0": np.array([[2.0, -1.0]], np.float32)}),
                "w_dtype": [tf.as_dtype(n.attr["dtype"].type).name for n in frozen.node if n.name == "w"]}


def case_graph_def_input_names_and_colocation_of_library_ops(tf):
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    ids = tf.placeholder(tf.int32, [None], name="ids")
    table = tf.Variable(tf.zeros([4, 2]), name="table")
    tf.placeholder_with_default(1.0, [], name="pwd")
    tf.image.resize_bilinear(tf.reshape(x, [-1, 2, 2, 1]), [3, 3], name="rb")
    tf.image.resize_nearest_neighbor(tf.reshape(x, [-1, 2, 2, 1]), [4, 4], name="rn")
    tf.nn.fused_batch_norm(tf.reshape(x, [-1, 2, 2, 1]), [1.0], [0.0], name="fbn")
    tf.nn.embedding_lookup(table, ids, name="emb")
    tf.while_loop(lambda k: k < 3, lambda k: k + 1, [0], name="wl")
    nodes = {n.name: n for n in tf.get_default_graph().as_graph_def().node}
    wanted = ["pwd", "pwd/input", "rb", "rb/size", "rn/size", "fbn", "scale", "offset", "emb", "emb/axis",
              "wl/Switch", "wl/Merge"]
    return {name: {"op": nodes[name].op, "inputs": list(nodes[name].input),
                   "class": list(nodes[name].attr["_class"].list.s) if "_class" in nodes[name].attr else None}
            for name in wanted if name in nodes}
