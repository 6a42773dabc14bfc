"""tf.profiler: scope and op profiles of parameters, float ops and traced steps."""
import numpy as np

import tfsess as tf


def _model():
    x = tf.placeholder(tf.float32, [4, 3], name="x")
    with tf.variable_scope("dense"):
        w = tf.get_variable("w", [3, 5], initializer=tf.ones_initializer())
        y = tf.matmul(x, w)
    return x, tf.reduce_sum(y * 2.0)


def _quiet(options):
    return tf.profiler.ProfileOptionBuilder(options).with_empty_output().build()


def test_parameters_by_scope_and_float_ops_by_type(g):
    _model()
    builder = tf.profiler.ProfileOptionBuilder
    params = tf.profiler.profile(g, options=_quiet(builder.trainable_variables_parameter()))
    assert (params.name, params.total_parameters) == ("_TFProfRoot", 15)
    assert [(c.name, [d.name for d in c.children]) for c in params.children] == [("dense", ["dense/w"])]
    ops = tf.profiler.profile(g, cmd="op", options=_quiet(builder.float_operation()))
    first = ops.children[0]
    assert (first.name, first.float_ops, first.total_float_ops) == ("MatMul", 120, 120 + 20 + 19)
    assert [n.name for n in first.graph_nodes] == ["dense/MatMul"]


def test_traced_steps_give_run_counts_and_times(g):
    x, z = _model()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    profiler = tf.profiler.Profiler(g)
    for step in range(3):
        meta = tf.RunMetadata()
        sess.run(z, {x: np.ones([4, 3])}, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE),
                 run_metadata=meta)
        profiler.add_step(step, meta)
    builder = tf.profiler.ProfileOptionBuilder
    options = builder(builder.time_and_memory(min_micros=0, min_bytes=0)).with_empty_output().select(
        ["micros", "bytes", "occurrence"]).build()
    timed = profiler.profile_name_scope(options)
    dense = next(c for c in timed.children if c.name == "dense")
    matmul = next(c for c in dense.children if c.name == "dense/MatMul")
    assert matmul.run_count == 3 and matmul.requested_bytes == 4 * 5 * 4
    assert timed.total_exec_micros >= matmul.exec_micros >= 0
    one_step = profiler.profile_name_scope(builder(options).with_step(1).build())
    assert next(c for c in one_step.children if c.name == "dense").total_run_count < dense.total_run_count


def test_report_text_goes_to_a_file_and_stdout(g, tmp_path, capsys):
    _model()
    builder = tf.profiler.ProfileOptionBuilder
    path = tmp_path / "report.txt"
    tf.profiler.profile(g, options=builder(builder.trainable_variables_parameter()).with_file_output(str(path)).build())
    assert path.read_text().splitlines()[-3:] == ["_TFProfRoot (--/15 params)", "  dense (--/15 params)",
                                                  "    dense/w (3x5, 15/15 params)"]
    tf.profiler.profile(g, cmd="op", options=builder.float_operation())
    printed = capsys.readouterr().out
    assert "-select                     float_ops" in printed
    assert "MatMul                   120 float_ops (100.00%, 75.47%)" in printed
