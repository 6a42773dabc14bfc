"""The Saver's graph for resource variables as TF builds it, and FTRL's adjusted L2 op."""
import os

import tfsess as tf


def test_save_reads_the_variables_own_read_and_restore_goes_through_identity(tmp_path):
    with tf.Graph().as_default() as g:
        r = tf.get_variable("r", initializer=tf.constant([1.0, 2.0]), use_resource=True)
        tf.Variable([3.0], name="w")
        saver = tf.train.Saver()
        save_inputs = [t.name for t in g.get_operation_by_name("save/SaveV2").inputs]
        assign = g.get_operation_by_name("save/AssignVariableOp")
        assert "r/Read/ReadVariableOp:0" in save_inputs
        assert assign.inputs[1].op.type == "Identity" and assign.inputs[1].op.inputs[0].op.type == "RestoreV2"
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(r.assign([5.0, 6.0]))
            path = saver.save(sess, os.path.join(str(tmp_path), "m"))
        with tf.Session() as fresh:
            saver.restore(fresh, path)
            assert fresh.run(r.read_value()).tolist() == [5.0, 6.0]


def test_ftrl_adjusted_l2_is_built_from_ops_even_without_beta():
    with tf.Graph().as_default() as g:
        w = tf.Variable([1.0], name="w")
        tf.train.FtrlOptimizer(0.1, l2_regularization_strength=0.25).minimize(tf.reduce_sum(w * w))
        apply = next(op for op in g.get_operations() if op.type == "ApplyFtrl")
        adjusted = apply.inputs[6]
        assert adjusted.op.type in ("AddV2", "Add")
        with tf.Session() as sess:
            assert sess.run(adjusted) == 0.25


def test_apply_ops_read_their_scalar_variables_in_their_own_scope():
    with tf.Graph().as_default() as g:
        w = tf.Variable([1.0], name="w")
        r = tf.get_variable("r", initializer=tf.constant([1.0]), use_resource=True)
        tf.train.AdamOptimizer(0.1).minimize(tf.reduce_sum(w * w) + tf.reduce_sum(r * r))
        dense = g.get_operation_by_name("Adam/update_w/ApplyAdam")
        resource = g.get_operation_by_name("Adam/update_r/ResourceApplyAdam")
    assert dense.inputs[3].name == "Adam/update_w/ApplyAdam/ReadVariableOp:0"
    assert resource.inputs[3].name == "Adam/update_r/ResourceApplyAdam/ReadVariableOp:0"
