"""ResourceVariable in graph mode: ops and names as TF builds them, reads and writes, errors, saving."""
import os

import numpy as np
import pytest

import tfsess as tf


@pytest.fixture
def g():
    with tf.Graph().as_default() as graph:
        yield graph


def test_construction_builds_tfs_ops(g):
    v = tf.Variable([1.0, 2.0], name="v", use_resource=True)
    assert type(v).__name__ == "ResourceVariable" and isinstance(v, tf.Variable)
    assert [(o.name, o.type) for o in g.get_operations()] == [
        ("v/Initializer/initial_value", "Const"), ("v", "VarHandleOp"),
        ("v/IsInitialized/VarIsInitializedOp", "VarIsInitializedOp"), ("v/Assign", "AssignVariableOp"),
        ("v/Read/ReadVariableOp", "ReadVariableOp")]
    assert v.handle.dtype == tf.resource and v.dtype == tf.float32 and v.shape.as_list() == [2]
    assert v.op.get_attr("shared_name") == b"v"
    assert g.get_operation_by_name("v/Initializer/initial_value").colocation_groups() == [b"loc:@v"]


def test_enable_resource_variables_switches_the_default(g):
    assert not tf.resource_variables_enabled()
    tf.enable_resource_variables()
    try:
        assert type(tf.Variable(1.0)).__name__ == "ResourceVariable"
        assert type(tf.get_variable("x", [])).__name__ == "ResourceVariable"
        assert type(tf.Variable(1.0, use_resource=False)).__name__ == "RefVariable"
    finally:
        tf.disable_resource_variables()
    assert type(tf.Variable(1.0)).__name__ == "RefVariable"


def test_creators_see_use_resource_and_may_change_it(g):
    def creator(next_creator, **kwargs):
        kwargs["use_resource"] = True
        return next_creator(**kwargs)
    with tf.variable_creator_scope(creator):
        v = tf.Variable(1.0)
    assert type(v).__name__ == "ResourceVariable"


def test_each_value_is_a_new_read_and_sees_earlier_writes(g):
    v = tf.Variable(1.0, name="v", use_resource=True)
    assign = v.assign(4.0, read_value=False)
    before = tf.identity(v.value())
    with tf.control_dependencies([before]):
        add = v.assign_add(10.0)
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(assign) is None
        assert sess.run([before, add]) == [4.0, 14.0]
        assert v.eval(session=sess) == 14.0


def test_unread_variable_reads_after_its_update(g):
    v = tf.Variable([1.0, 2.0], name="v", use_resource=True)
    a = v.assign([5.0, 6.0])
    assert type(a).__name__ == "_UnreadVariable" and a.name == "AssignVariableOp" and a.op.type == "AssignVariableOp"
    chained = a.assign_add([1.0, 1.0])
    with tf.Session() as sess:
        sess.run(v.initializer)
        np.testing.assert_array_equal(sess.run(chained), [6.0, 7.0])
        np.testing.assert_array_equal(sess.run(a + 1.0), [6.0, 7.0])


def test_scatter_and_gather(g):
    v = tf.Variable(np.zeros((3, 2), np.float32), name="v", use_resource=True)
    add = v.scatter_add(tf.IndexedSlices(tf.constant([[1.0, 2.0], [3.0, 4.0]]), tf.constant([2, 2])))
    nd = tf.scatter_nd_update(v, [[0, 1]], [9.0])
    rows = tf.gather(v, [2, 0])
    assert add.op.type == "ResourceScatterAdd" and nd.op.type == "ResourceScatterNdUpdate"
    assert rows.op.type == "ResourceGather" and rows.name == "Gather:0"
    with tf.Session() as sess:
        sess.run(v.initializer)
        sess.run([add.op])
        sess.run(nd.op)
        np.testing.assert_array_equal(sess.run(rows), [[4.0, 6.0], [0.0, 9.0]])


def test_slice_assign_and_count_up_to(g):
    v = tf.Variable([1.0, 2.0, 3.0], name="v", use_resource=True)
    s = v[1:].assign([7.0, 8.0])
    c = tf.Variable(0, name="c", use_resource=True)
    up = c.count_up_to(2)
    with tf.Session() as sess:
        sess.run([v.initializer, c.initializer])
        np.testing.assert_array_equal(sess.run(s), [1.0, 7.0, 8.0])
        assert [sess.run(up), sess.run(up)] == [0, 1]
        with pytest.raises(tf.errors.OutOfRangeError):
            sess.run(up)
        assert sess.run(c) == 2  # the failed run left the session usable


def test_uninitialized_and_wrong_inputs_raise_tfs_errors(g):
    v = tf.Variable([1.0, 2.0], name="v", use_resource=True)
    with pytest.raises(ValueError, match="Shape mismatch"):
        v.assign([1.0, 2.0, 3.0])
    with pytest.raises(RuntimeError, match="assign_add"):
        v += 1.0
    with tf.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError, match="v"):
            sess.run(v.value())
        with pytest.raises(tf.errors.FailedPreconditionError):
            sess.run(v.scatter_add(tf.IndexedSlices(tf.constant([1.0]), tf.constant([0]))).op)
        sess.run(v.initializer)
        with pytest.raises(tf.errors.InvalidArgumentError, match="not in"):
            sess.run(tf.gather(v, [5]))
        np.testing.assert_array_equal(sess.run(v), [1.0, 2.0])


def test_saver_and_meta_graph_round_trip(g, tmp_path):
    v = tf.Variable([1.0, 2.0], name="v", use_resource=True)
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(v.initializer)
        sess.run(v.assign([3.0, 4.0]).op)
        path = saver.save(sess, os.path.join(tmp_path, "m"))
    meta = tf.train.export_meta_graph()
    with tf.Graph().as_default():
        restorer = tf.train.import_meta_graph(meta)
        (got,) = tf.global_variables()
        assert type(got).__name__ == "ResourceVariable" and got.name == "v:0" and got.dtype == tf.float32
        with tf.Session() as sess:
            restorer.restore(sess, path)
            np.testing.assert_array_equal(sess.run(got), [3.0, 4.0])


def test_checkpoint_object_round_trip(g, tmp_path):
    v = tf.Variable([1.0, 2.0], name="v", use_resource=True)
    ckpt = tf.train.Checkpoint(v=v)
    with tf.Session() as sess:
        sess.run(v.initializer)
        path = ckpt.save(os.path.join(tmp_path, "ck"), session=sess)
        sess.run(v.assign([0.0, 0.0]).op)
        ckpt.restore(path).run_restore_ops(sess)
        np.testing.assert_array_equal(sess.run(v), [1.0, 2.0])


def test_graph_def_carries_tfs_attrs_and_reimports(g):
    pytest.importorskip("google.protobuf")
    w = tf.Variable(np.arange(6, dtype=np.float32).reshape(3, 2), name="w", use_resource=True)
    train = tf.train.MomentumOptimizer(0.1, 0.9).minimize(tf.reduce_sum(tf.gather(w, [1, 1])), name="train")
    scatter = w.scatter_add(tf.IndexedSlices(tf.constant([[1.0, 1.0]]), tf.constant([0])), name="sc")
    init = tf.global_variables_initializer()
    nodes = {n.name: n for n in g.as_graph_def().node}
    sparse = nodes["train/update_w/ResourceSparseApplyMomentum"]
    assert sparse.attr["Tindices"].type == tf.int32.as_datatype_enum and sparse.attr["T"].type == tf.float32.as_datatype_enum
    assert nodes["sc"].attr["Tindices"].type == tf.int32.as_datatype_enum
    with tf.Session() as sess:
        sess.run(init)
        sess.run([train, scatter.op])
        expected = sess.run(w)
    with tf.Graph().as_default():
        tf.import_graph_def(g.as_graph_def(), name="")
        with tf.Session() as sess:
            sess.run("init")
            sess.run(["train", "sc"])
            np.testing.assert_array_equal(sess.run("w/Read/ReadVariableOp:0"), expected)
