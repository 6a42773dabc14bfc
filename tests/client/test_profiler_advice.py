"""tf.profiler.advise and write_op_log: TF's checkers' reports and TF's tfprof_log bytes."""
import os

import numpy as np

import tfsess as tf
from tfsess.client.tfprof_protos import tfprof_class


def test_advise_reports_expensive_ops_from_a_traced_step(capsys):
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [64, 64])
    w = tf.Variable(tf.ones([64, 64]))
    y = tf.matmul(x, w)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        meta = tf.RunMetadata()
        sess.run(y, {x: np.ones([64, 64])}, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE),
                 run_metadata=meta)
    advice = tf.profiler.advise(tf.get_default_graph(), run_meta=meta)
    assert isinstance(advice, tf.profiler.AdviceProto)
    reports = list(advice.checkers["ExpensiveOperationChecker"].reports)
    assert reports[0].startswith("top 1 operation type: ")
    assert "\nExpensiveOperationChecker:\ntop 1 operation type" in capsys.readouterr().out
    assert list(advice.checkers["OperationChecker"].reports) == []


def test_write_op_log_lists_float_ops_and_trainable_variables(tmp_path):
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [2, 3])
        w = tf.Variable(tf.ones([3, 4]), name="w")
        tf.matmul(x, w, name="mm")
        tf.profiler.write_op_log(None, str(tmp_path), add_trace=False)
    parsed = tfprof_class("OpLogProto").FromString((tmp_path / "tfprof_log").read_bytes())
    entries = {e.name: (e.float_ops, list(e.types)) for e in parsed.log_entries}
    assert entries == {"mm": (48, []), "w": (0, ["_trainable_variables"])}
    assert dict(parsed.id_to_string) == {0: "none"}
    assert os.listdir(tmp_path) == ["tfprof_log"]
