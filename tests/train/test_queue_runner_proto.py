"""QueueRunnerDef: QueueRunner.to_proto/from_proto and the queue_runners collection of meta graphs."""
import pytest

import tfsess as tf

pytest.importorskip("google.protobuf")


def _runner(scope):
    with tf.name_scope(scope):
        q = tf.FIFOQueue(4, tf.int32, shapes=[[]], name="q")
        counter = tf.Variable(0, name="counter")
        qr = tf.train.QueueRunner(q, [q.enqueue(tf.assign_add(counter, 1))],
                                  queue_closed_exception_types=(tf.errors.OutOfRangeError, tf.errors.CancelledError))
        q.dequeue_many(2, name="take")
    tf.train.add_queue_runner(qr)
    return qr


def test_proto_names_the_ops_and_error_codes(fresh_graph):
    proto = _runner("input").to_proto()
    assert (proto.queue_name, list(proto.enqueue_op_name), proto.close_op_name, proto.cancel_op_name) == (
        "input/q", ["input/q_enqueue"], "input/q_Close", "input/q_Close_1")
    assert list(proto.queue_closed_exception_types) == [11, 1]  # OUT_OF_RANGE, CANCELLED
    back = tf.train.QueueRunner.from_proto(proto)
    assert back.queue is fresh_graph.get_operation_by_name("input/q")
    assert back.queue_closed_exception_types == (tf.errors.OutOfRangeError, tf.errors.CancelledError)
    with pytest.raises(ValueError, match="mutually exclusive"):
        tf.train.QueueRunner(back.queue, back.enqueue_ops, queue_runner_def=proto)


def test_export_scope_strips_names_and_leaves_out_other_scopes(fresh_graph):
    qr = _runner("input")
    _runner("other")
    assert qr.to_proto(export_scope="input").queue_name == "q"
    assert qr.to_proto(export_scope="other") is None
    meta = tf.train.export_meta_graph(export_scope="input")
    assert len(meta.collection_def["queue_runners"].bytes_list.value) == 1


def test_imported_runners_fill_their_queue(fresh_graph):
    _runner("input")
    meta = tf.train.export_meta_graph()
    with tf.Graph().as_default():
        tf.train.import_meta_graph(meta, import_scope="copy")
        (runner,) = tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)
        assert runner.name == "copy/input/q"
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess, coord)
            assert sorted(sess.run("copy/input/take:0").tolist()) == [1, 2]
            coord.request_stop()
            coord.join(threads, stop_grace_period_secs=5)
