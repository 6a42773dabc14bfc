"""TF 1.x op types over ref handles that old GraphDefs hold: v1 queues (FIFOQueue, PaddingFIFOQueue,
PriorityQueue, RandomShuffleQueue and the Queue* ops), v1 readers and stacks (from GraphDefs of an old
producer version, as TF refuses to build them today), RefIdentity, RefSelect, TemporaryVariable and
DestroyTemporaryVariable: each GraphDef written node by node, imported, run, and fed bad input."""
import numpy as np

from _casekit import in_tmp, write_file
from _harness import catch, message_has
from x_gf14_legacy_ops import _const, _node

OLD_PRODUCER = 21  # before readers (26) and stacks lost their v1 forms


def _run_imported(tf, gd, fn):
    tf.import_graph_def(gd, name="")
    graph = tf.get_default_graph()
    with tf.Session() as sess:
        return fn(graph, sess, lambda name: graph.get_tensor_by_name(name if ":" in name else name + ":0"),
                  graph.get_operation_by_name)


def case_x_gf14_fifo_queue_v1(tf):
    gd = tf.GraphDef()
    _node(tf, gd, "q", "FIFOQueue", capacity=10)
    gd.node[0].attr["component_types"].list.type.extend([tf.int32.as_datatype_enum, tf.string.as_datatype_enum])
    gd.node[0].attr["shapes"].list.shape.add()
    gd.node[0].attr["shapes"].list.shape.add()
    _const(tf, gd, "nums", np.array([1, 2, 3], np.int32))
    _const(tf, gd, "strs", np.array([b"a", b"b", b"c"], object))
    _const(tf, gd, "two", np.array(2, np.int32))
    _node(tf, gd, "enq", "QueueEnqueueMany", ["q", "nums", "strs"])
    gd.node[-1].attr["Tcomponents"].list.type.extend([tf.int32.as_datatype_enum, tf.string.as_datatype_enum])
    for name, op, extra in (("deq", "QueueDequeue", []), ("upto", "QueueDequeueUpTo", ["two"]),
                            ("many", "QueueDequeueMany", ["two"])):
        _node(tf, gd, name, op, ["q"] + extra)
        gd.node[-1].attr["component_types"].list.type.extend([tf.int32.as_datatype_enum, tf.string.as_datatype_enum])
    _node(tf, gd, "size", "QueueSize", ["q"])
    _node(tf, gd, "close", "QueueClose", ["q"], cancel_pending_enqueues=False)
    _node(tf, gd, "closed", "QueueIsClosed", ["q"])

    def run(graph, sess, t, op):
        sess.run(op("enq"))
        first = sess.run([t("deq:0"), t("deq:1")])
        size = sess.run(t("size"))
        sess.run(op("enq"))
        sess.run(op("close"))
        return {"handle": [t("q").dtype.name, t("q").shape.as_list(), sess.run(t("q")).tolist()],
                "first": [first[0].tolist(), first[1]], "size": size.tolist(),
                "closed": sess.run(t("closed")).tolist(),
                "many": [v.tolist() for v in sess.run([t("many:0"), t("many:1")])],
                "upto": [v.tolist() for v in sess.run([t("upto:0"), t("upto:1")])],
                "upto_rest": [v.tolist() for v in sess.run([t("upto:0"), t("upto:1")])],
                "empty": catch(lambda: sess.run(t("deq:0"))),
                "enqueue_closed": message_has(lambda: sess.run(op("enq")), "is closed", "_0_q")}
    return _run_imported(tf, gd, run)


def case_x_gf14_padding_and_priority_queues_v1(tf):
    gd = tf.GraphDef()
    _node(tf, gd, "pq", "PaddingFIFOQueue", capacity=-1)
    gd.node[-1].attr["component_types"].list.type.append(tf.float32.as_datatype_enum)
    gd.node[-1].attr["shapes"].list.shape.add().dim.add(size=-1)
    _const(tf, gd, "short", np.array([1.0], np.float32))
    _const(tf, gd, "long", np.array([2.0, 3.0, 4.0], np.float32))
    _const(tf, gd, "n2", np.array(2, np.int32))
    for name, value in (("e1", "short"), ("e2", "long")):
        _node(tf, gd, name, "QueueEnqueue", ["pq", value])
        gd.node[-1].attr["Tcomponents"].list.type.append(tf.float32.as_datatype_enum)
    _node(tf, gd, "padded", "QueueDequeueMany", ["pq", "n2"])
    gd.node[-1].attr["component_types"].list.type.append(tf.float32.as_datatype_enum)
    _node(tf, gd, "prio", "PriorityQueue", capacity=10)
    gd.node[-1].attr["component_types"].list.type.append(tf.string.as_datatype_enum)
    gd.node[-1].attr["shapes"].list.shape.add()
    _const(tf, gd, "keys", np.array([5, -1, 3], np.int64))
    _const(tf, gd, "vals", np.array([b"five", b"minus", b"three"], object))
    _node(tf, gd, "penq", "QueueEnqueueMany", ["prio", "keys", "vals"])
    gd.node[-1].attr["Tcomponents"].list.type.extend([tf.int64.as_datatype_enum, tf.string.as_datatype_enum])
    _const(tf, gd, "n3", np.array(3, np.int32))
    _node(tf, gd, "pdeq", "QueueDequeueMany", ["prio", "n3"])
    gd.node[-1].attr["component_types"].list.type.extend([tf.int64.as_datatype_enum, tf.string.as_datatype_enum])

    def run(graph, sess, t, op):
        sess.run([op("e1")])
        sess.run([op("e2")])
        sess.run(op("penq"))
        keys, vals = sess.run([t("pdeq:0"), t("pdeq:1")])
        return {"padded": sess.run(t("padded")).tolist(), "keys": keys.tolist(), "vals": vals.tolist(),
                "shape": None if t("padded").shape.ndims is None else t("padded").shape.as_list()}
    return _run_imported(tf, gd, run)


def case_x_gf14_random_shuffle_queue_v1_drained_after_close(tf):
    gd = tf.GraphDef()
    _node(tf, gd, "rq", "RandomShuffleQueue", capacity=5, min_after_dequeue=3, seed=3, seed2=4)
    gd.node[-1].attr["component_types"].list.type.append(tf.int32.as_datatype_enum)
    _const(tf, gd, "vals", np.array([7, 8], np.int32))
    _node(tf, gd, "fill", "QueueEnqueueMany", ["rq", "vals"])
    gd.node[-1].attr["Tcomponents"].list.type.append(tf.int32.as_datatype_enum)
    _node(tf, gd, "close", "QueueClose", ["rq"])
    _node(tf, gd, "deq", "QueueDequeue", ["rq"])
    gd.node[-1].attr["component_types"].list.type.append(tf.int32.as_datatype_enum)

    def run(graph, sess, t, op):
        sess.run(op("fill"))
        sess.run(op("close"))
        got = sorted(int(sess.run(t("deq"))) for _ in range(2))
        return {"got": got, "then": catch(lambda: sess.run(t("deq")))}
    return _run_imported(tf, gd, run)


def case_x_gf14_readers_v1_old_producer(tf):
    def body(directory):
        lines = write_file(directory, "lines.txt", b"alpha\nbeta\ngamma\n")
        whole = write_file(directory, "whole.bin", b"\x00\x01xyz")
        gd = tf.GraphDef()
        gd.versions.producer = OLD_PRODUCER
        _node(tf, gd, "files", "FIFOQueue", capacity=10)
        gd.node[-1].attr["component_types"].list.type.append(tf.string.as_datatype_enum)
        _const(tf, gd, "paths", np.array([lines.encode(), whole.encode()], object))
        _node(tf, gd, "fill", "QueueEnqueueMany", ["files", "paths"])
        gd.node[-1].attr["Tcomponents"].list.type.append(tf.string.as_datatype_enum)
        _node(tf, gd, "close", "QueueClose", ["files"])
        _node(tf, gd, "lines", "TextLineReader", skip_header_lines=1)
        _node(tf, gd, "read", "ReaderRead", ["lines", "files"])
        _node(tf, gd, "produced", "ReaderNumRecordsProduced", ["lines"])
        _node(tf, gd, "units", "ReaderNumWorkUnitsCompleted", ["lines"])
        _node(tf, gd, "reset", "ReaderReset", ["lines"])
        _node(tf, gd, "wholereader", "WholeFileReader")
        _const(tf, gd, "n5", np.array(5, np.int64))
        _node(tf, gd, "readmany", "ReaderReadUpTo", ["wholereader", "files", "n5"])

        def run(graph, sess, t, op):
            sess.run(op("fill"))
            sess.run(op("close"))
            got = [sess.run([t("read:0"), t("read:1")]) for _ in range(2)]
            counts = sess.run([t("produced"), t("units")])
            sess.run(op("reset"))
            whole_read = sess.run([t("readmany:0"), t("readmany:1")])
            return {"handle": t("lines").dtype.name,
                    "lines": [[k.decode().rsplit("/", 1)[-1], v] for k, v in got],
                    "counts": [int(c) for c in counts],
                    "after_reset": sess.run(t("produced")).tolist(),
                    "whole": [[k.decode().rsplit("/", 1)[-1] for k in whole_read[0]], whole_read[1].tolist()],
                    "exhausted": catch(lambda: sess.run(t("read:0")))}
        with tf.Graph().as_default():
            return _run_imported(tf, gd, run)
    return in_tmp(body)


def case_x_gf14_stack_v1_old_producer(tf):
    gd = tf.GraphDef()
    gd.versions.producer = OLD_PRODUCER
    _node(tf, gd, "st", "Stack", elem_type=tf.float32, stack_name="s")
    _const(tf, gd, "x", np.array([1.5, 2.5], np.float32))
    _node(tf, gd, "push", "StackPush", ["st", "x"], T=tf.float32)
    _node(tf, gd, "pop", "StackPop", ["st"], elem_type=tf.float32)
    _node(tf, gd, "close", "StackClose", ["st"])

    def run(graph, sess, t, op):
        return {"pushed": sess.run(t("push")).tolist(), "handle": t("st").dtype.name,
                "pop_shape": None if t("pop").shape.ndims is None else t("pop").shape.as_list()}
    return _run_imported(tf, gd, run)


def pending_x_gf14_temporary_variable_chained_through_assign(tf):
    """Old accumulate_n's graph: updates chained on Assign's ref output (tfsess's Assign outputs a value)."""
    gd = tf.GraphDef()
    _node(tf, gd, "tmp", "TemporaryVariable", shape=(2,), dtype=tf.float32, var_name="acc")
    _const(tf, gd, "zeros", np.zeros(2, np.float32))
    _const(tf, gd, "inc", np.array([1.0, 2.0], np.float32))
    _node(tf, gd, "init", "Assign", ["tmp", "zeros"], T=tf.float32)
    _node(tf, gd, "add1", "AssignAdd", ["init", "inc"], T=tf.float32)
    _node(tf, gd, "alias", "RefIdentity", ["add1"], T=tf.float32)
    _node(tf, gd, "add2", "AssignAdd", ["alias", "inc"], T=tf.float32)
    _node(tf, gd, "done", "DestroyTemporaryVariable", ["add2"], T=tf.float32, var_name="acc")

    def run(graph, sess, t, op):
        return {"types": [t("tmp").dtype.name, t("alias").dtype.name, t("done").dtype.name],
                "first": sess.run(t("done")).tolist(), "second": sess.run(t("done")).tolist()}
    return _run_imported(tf, gd, run)


def case_x_gf14_temporary_variable_and_ref_identity(tf):
    gd = tf.GraphDef()
    _node(tf, gd, "tmp", "TemporaryVariable", shape=(2,), dtype=tf.float32, var_name="acc")
    _const(tf, gd, "zeros", np.zeros(2, np.float32))
    _const(tf, gd, "inc", np.array([1.0, 2.0], np.float32))
    _node(tf, gd, "init", "Assign", ["tmp", "zeros"], T=tf.float32)
    _node(tf, gd, "add1", "AssignAdd", ["tmp", "inc", "^init"], T=tf.float32)
    _node(tf, gd, "alias", "RefIdentity", ["tmp"], T=tf.float32)
    _node(tf, gd, "add2", "AssignAdd", ["alias", "inc", "^add1"], T=tf.float32)
    _node(tf, gd, "done", "DestroyTemporaryVariable", ["tmp", "^add2"], T=tf.float32, var_name="acc")

    def run(graph, sess, t, op):
        return {"types": [t("tmp").dtype.name, t("alias").dtype.name, t("done").dtype.name],
                "shape": t("done").shape.as_list(),
                "first": sess.run(t("done")).tolist(), "second": sess.run(t("done")).tolist()}
    return _run_imported(tf, gd, run)


def case_x_gf14_ref_identity_of_a_variable(tf):
    gd = tf.GraphDef()
    _node(tf, gd, "v", "VariableV2", shape=(3,), dtype=tf.int32)
    _const(tf, gd, "init_value", np.array([1, 2, 3], np.int32))
    _node(tf, gd, "init", "Assign", ["v", "init_value"], T=tf.int32)
    _node(tf, gd, "ref", "RefIdentity", ["v"], T=tf.int32)
    _const(tf, gd, "ten", np.array([10, 10, 10], np.int32))
    _node(tf, gd, "bump", "AssignAdd", ["ref", "ten"], T=tf.int32)
    _node(tf, gd, "read", "Identity", ["ref"], T=tf.int32)

    def run(graph, sess, t, op):
        before = catch(lambda: sess.run(t("read")))
        sess.run(op("init"))
        sess.run(op("bump"))
        return {"before": before, "v": sess.run(t("v")).tolist(), "read": sess.run(t("read")).tolist(),
                "dtypes": [t("ref").dtype.name, t("read").dtype.name]}
    return _run_imported(tf, gd, run)


_VAR0 = np.array([1.0, -2.0, 0.5], np.float32)
_GRAD = np.array([0.3, -0.1, 0.0], np.float32)


def _ref_slots(tf, gd, names):
    """Ref variables `names` (VariableV2), each with an init Assign named <name>/init: var from _VAR0, slots 0.1."""
    for i, name in enumerate(names):
        _node(tf, gd, name, "VariableV2", shape=(3,), dtype=tf.float32)
        _const(tf, gd, name + "/value", _VAR0 if i == 0 else np.full(3, 0.1, np.float32))
        _node(tf, gd, name + "/init", "Assign", [name, name + "/value"], T=tf.float32)


def _scalars(tf, gd, values):
    for name, value in values.items():
        _const(tf, gd, name, np.array(value, np.float32))


def _two_steps(tf, gd, update, slots, read=None):
    def run(graph, sess, t, op):
        sess.run([op(n + "/init") for n in slots])
        first = sess.run(t(update) if read is None else op(update))
        sess.run(op(update))
        values = sess.run([t(n if read is None else read[n]) for n in slots])
        return {"first": None if first is None else np.asarray(first).tolist(),
                "after": [np.round(v, 6).tolist() for v in values]}
    return _run_imported(tf, gd, run)


def case_x_gf14_apply_ada_max_and_adagrad_v2(tf):
    gd = tf.GraphDef()
    _ref_slots(tf, gd, ["var", "m", "v", "acc"])
    _scalars(tf, gd, {"b1p": 0.9, "lr": 0.1, "b1": 0.9, "b2": 0.999, "eps": 1e-7})
    _const(tf, gd, "g", _GRAD)
    _node(tf, gd, "adamax", "ApplyAdaMax", ["var", "m", "v", "b1p", "lr", "b1", "b2", "eps", "g"], T=tf.float32)
    _node(tf, gd, "adagrad", "ApplyAdagradV2", ["var", "acc", "lr", "eps", "g", "^adamax"], T=tf.float32,
          update_slots=True)
    return _two_steps(tf, gd, "adagrad", ["var", "m", "v", "acc"])


def case_x_gf14_apply_add_sign_and_power_sign(tf):
    gd = tf.GraphDef()
    _ref_slots(tf, gd, ["var", "m", "m2"])
    _scalars(tf, gd, {"lr": 0.1, "alpha": 1.0, "decay": 0.5, "beta": 0.9, "logbase": 0.693})
    _const(tf, gd, "g", _GRAD)
    _node(tf, gd, "addsign", "ApplyAddSign", ["var", "m", "lr", "alpha", "decay", "beta", "g"], T=tf.float32)
    _node(tf, gd, "powersign", "ApplyPowerSign", ["var", "m2", "lr", "logbase", "decay", "beta", "g", "^addsign"],
          T=tf.float32)
    return _two_steps(tf, gd, "powersign", ["var", "m", "m2"])


def _resource_slots(tf, gd, names):
    for i, name in enumerate(names):
        _node(tf, gd, name, "VarHandleOp", dtype=tf.float32, shape=(3,), shared_name=name)
        _const(tf, gd, name + "/value", _VAR0 if i == 0 else np.full(3, 0.1, np.float32))
        _node(tf, gd, name + "/init", "AssignVariableOp", [name, name + "/value"], dtype=tf.float32)
        _node(tf, gd, name + "/read", "ReadVariableOp", [name], dtype=tf.float32)


def case_x_gf14_resource_keras_momentum_and_amsgrad(tf):
    gd = tf.GraphDef()
    _resource_slots(tf, gd, ["var", "acc", "m", "v", "vhat", "var2"])
    _scalars(tf, gd, {"lr": 0.1, "mom": 0.9, "b1p": 0.9, "b2p": 0.999, "b1": 0.9, "b2": 0.999, "eps": 1e-7})
    _const(tf, gd, "g", _GRAD)
    _node(tf, gd, "keras", "ResourceApplyKerasMomentum", ["var", "acc", "lr", "g", "mom"], T=tf.float32,
          use_nesterov=True)
    _node(tf, gd, "ams", "ResourceApplyAdamWithAmsgrad",
          ["var2", "m", "v", "vhat", "b1p", "b2p", "lr", "b1", "b2", "eps", "g", "^keras"], T=tf.float32)
    slots = ["var", "acc", "m", "v", "vhat", "var2"]
    return _two_steps(tf, gd, "ams", slots, read={n: n + "/read" for n in slots})


def case_x_gf14_resource_power_sign_and_bad_shapes(tf):
    gd = tf.GraphDef()
    _resource_slots(tf, gd, ["var", "m"])
    _scalars(tf, gd, {"lr": 0.1, "logbase": 0.693, "decay": 0.5, "beta": 0.9})
    _const(tf, gd, "g", _GRAD)
    _node(tf, gd, "ps", "ResourceApplyPowerSign", ["var", "m", "lr", "logbase", "decay", "beta", "g"],
          T=tf.float32)
    _node(tf, gd, "short", "Placeholder", dtype=tf.float32)
    _node(tf, gd, "bad", "ResourceApplyAdaMax", ["var", "m", "m", "lr", "lr", "beta", "beta", "lr", "short"],
          T=tf.float32)

    def run(graph, sess, t, op):
        sess.run([op("var/init"), op("m/init")])
        sess.run(op("ps"))
        bad = catch(lambda: sess.run(op("bad"), {"short:0": np.zeros(2, np.float32)}))
        return {"var": np.round(sess.run(t("var/read")), 6).tolist(), "bad": bad,
                "kept": np.round(sess.run(t("m/read")), 6).tolist()}
    return _run_imported(tf, gd, run)
