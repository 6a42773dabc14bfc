"""Second-pass variations, composed: meta graphs exported with a scope whose ops take inputs from
outside it (unbound inputs) or whose collections point outside it, TF2 summaries in a TF1 training
loop stepped by the global step, and a Saver built inside an import scope."""
import os

from _casekit import in_tmp
from _harness import catch, message_has
from _tbread import read_events


def case_x_s12_export_scope_unbound_inputs_and_input_map(tf):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    with tf.name_scope("net"):
        w = tf.constant([[1.0], [2.0]], name="w")
        y = tf.matmul(x, w, name="y")
    tf.add_to_collection("outs", y)
    tf.add_to_collection("outs", x)
    tf.add_to_collection("network_like", tf.constant(1.0, name="network_const"))
    mg = tf.train.export_meta_graph(export_scope="net")
    nodes = sorted((n.name, list(n.input)) for n in mg.graph_def.node)
    unbound = list(mg.collection_def["unbound_inputs"].bytes_list.value) if "unbound_inputs" in mg.collection_def else None
    g = tf.Graph()
    with g.as_default():
        feed = tf.placeholder(tf.float32, [None, 2], name="feed")
        no_map = catch(tf.train.import_meta_graph, mg, import_scope="a")
        tf.train.import_meta_graph(mg, import_scope="b", input_map={"$unbound_inputs_x": feed})
        out = tf.Session(graph=g).run("b/y:0", {feed: [[1.0, 1.0]]})
        outs = [t.name for t in tf.get_collection("outs")]
    return {"nodes": nodes, "unbound": unbound, "collections": sorted(mg.collection_def),
            "outs": [v for v in mg.collection_def["outs"].node_list.value],
            "no_map": no_map, "out": out, "imported_outs": outs}


def case_x_s12_export_scope_prefix_is_not_a_boundary(tf):
    with tf.name_scope("net"):
        a = tf.constant(1.0, name="a")
    with tf.name_scope("network"):
        b = tf.constant(2.0, name="b")
    tf.add_to_collection("things", a)
    tf.add_to_collection("things", b)
    mg = tf.train.export_meta_graph(export_scope="net")
    return {"nodes": sorted(n.name for n in mg.graph_def.node),
            "things": list(mg.collection_def["things"].node_list.value)}


def case_x_s12_v2_summaries_stepped_by_global_step(tf):
    def run(d):
        s2 = tf.compat.v2.summary
        gstep = tf.train.get_or_create_global_step()
        w = tf.Variable(2.0, name="w")
        loss = tf.square(w)
        train = tf.train.GradientDescentOptimizer(0.25).minimize(loss, global_step=gstep)
        writer = s2.create_file_writer(d)
        with writer.as_default(), s2.record_if(tf.equal(gstep % 2, 0)):
            s = s2.scalar("loss", loss, step=gstep)
        flush = writer.flush()
        sess = tf.Session()
        sess.run([tf.global_variables_initializer(), writer.init()])
        written = []
        for _ in range(4):
            written.append(bool(sess.run(s)))
            sess.run(train)
        sess.run(flush)
        events = [(e["step"], [(v["tag"], v["tensor"]["value"].tolist()) for v in e.get("values", [])])
                  for f in read_events(d) for e in f if e["kind"] == "summary"]
        return {"written": written, "events": events, "op_type": s.op.type}
    return in_tmp(run)


def case_x_s12_saver_of_imported_scope_round_trip(tf):
    def run(d):
        g1 = tf.Graph()
        with g1.as_default():
            tf.Variable([1.0, 2.0], name="v")
            mg = tf.train.export_meta_graph()
        g = tf.Graph()
        with g.as_default():
            tf.train.import_meta_graph(mg, import_scope="left")
            tf.train.import_meta_graph(mg, import_scope="right")
            gv = tf.global_variables()
            sess = tf.Session(graph=g)
            sess.run(tf.global_variables_initializer())
            sess.run(gv[1].assign([5.0, 6.0]))
            saver = tf.train.Saver()
            prefix = saver.save(sess, os.path.join(d, "both"))
            names = [n for n, _ in tf.train.list_variables(prefix)]
            only_left = tf.train.Saver({"v": gv[0]})
            sess.run(gv[0].assign([0.0, 0.0]))
            missing = message_has(lambda: only_left.restore(sess, prefix), "Key v not found in checkpoint")
            sess.run(gv[0].assign([9.0, 9.0]))
            saver.restore(sess, prefix)
            vals = sess.run(gv)
        return {"globals": [x.name for x in gv], "ckpt_names": names, "missing": missing, "vals": vals}
    return in_tmp(run)


def case_x_s12_writer_summary_of_imported_graph(tf):
    def run(d):
        g1 = tf.Graph()
        with g1.as_default():
            x = tf.placeholder(tf.float32, [], name="x")
            tf.summary.scalar("x2", x * 2.0)
            tf.summary.histogram("xh", tf.stack([x, -x]))
            mg = tf.train.export_meta_graph()
        g = tf.Graph()
        with g.as_default():
            tf.train.import_meta_graph(mg, import_scope="imp")
            merged = tf.summary.merge_all()
            sess = tf.Session(graph=g)
            fw = tf.summary.FileWriter(d, g)
            fw.add_summary(sess.run(merged, {"imp/x:0": 3.0}), 1)
            fw.close()
        events = read_events(d, only_nodes=("imp/x", "imp/x2"))[0]
        return {"kinds": [e["kind"] for e in events], "graph": events[1]["nodes"],
                "values": [(v["tag"], v.get("value", v.get("sum"))) for v in events[-1]["values"]],
                "summary_names": [t.name for t in g.get_collection(tf.GraphKeys.SUMMARIES)]}
    return in_tmp(run)

