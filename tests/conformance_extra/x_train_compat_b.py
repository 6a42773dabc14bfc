"""Regularized optimizers (FTRL, proximal, Adagrad-DA), training and test utilities, session handles,
conditional accumulators, partitioned variables, and the TypeError of an LSTM cell given a non-tuple state."""
import numpy as np

from _harness import catch, message_has

_W = np.array([[1.0, -2.0, 0.5], [0.3, 0.0, -0.7], [2.0, 1.5, -1.0]], np.float32)
_X = np.array([[0.5, -1.0, 2.0], [1.0, 0.25, -0.5], [0.1, 0.2, 0.3]], np.float32)


def _steps(tf, make, sparse, n=4):
    """n minimize steps of make(global_step) on a cubic loss: the variable, its slots and every variable's name."""
    step = tf.train.get_or_create_global_step()
    w = tf.Variable(_W, name="w")
    used = tf.gather(w, [2, 0, 2]) if sparse else w
    opt = make(step)
    train = opt.minimize(tf.reduce_sum(used * tf.constant(_X) + 0.1 * used * used * used), global_step=step)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for _ in range(n):
        sess.run(train)
    return {"w": sess.run(w), "slots": {s: sess.run(opt.get_slot(w, s)) for s in opt.get_slot_names()},
            "names": sorted(v.name for v in tf.global_variables()), "step": sess.run(step)}


def case_ftrl_dense(tf):
    return _steps(tf, lambda s: tf.train.FtrlOptimizer(0.3, l1_regularization_strength=0.05,
                                                       l2_regularization_strength=0.1), False)


def case_ftrl_sparse(tf):
    return _steps(tf, lambda s: tf.train.FtrlOptimizer(0.3, l1_regularization_strength=0.05,
                                                       l2_regularization_strength=0.1), True)


def case_ftrl_power_and_names(tf):
    return _steps(tf, lambda s: tf.train.FtrlOptimizer(0.3, learning_rate_power=-0.3, accum_name="acc",
                                                       linear_name="lin", beta=0.5), False)


def case_ftrl_shrinkage_dense_and_sparse(tf):
    make = lambda s: tf.train.FtrlOptimizer(0.3, l1_regularization_strength=0.01,  # noqa: E731
                                            l2_shrinkage_regularization_strength=0.2)
    dense = _steps(tf, make, False)
    tf.reset_default_graph()
    return {"dense": dense, "sparse": _steps(tf, make, True)}


def case_ftrl_bad_arguments(tf):
    return {k: message_has(lambda kw=kw: tf.train.FtrlOptimizer(0.1, **kw), "needs to be")
            for k, kw in {"power": {"learning_rate_power": 0.5}, "acc": {"initial_accumulator_value": -1.0},
                          "l1": {"l1_regularization_strength": -1.0}, "l2": {"l2_regularization_strength": -1.0},
                          "shrink": {"l2_shrinkage_regularization_strength": -1.0}}.items()}


def case_proximal_gradient_descent(tf):
    make = lambda s: tf.train.ProximalGradientDescentOptimizer(0.2, 0.05, 0.1)  # noqa: E731
    dense = _steps(tf, make, False)
    tf.reset_default_graph()
    return {"dense": dense, "sparse": _steps(tf, make, True)}


def case_proximal_adagrad(tf):
    make = lambda s: tf.train.ProximalAdagradOptimizer(0.2, l1_regularization_strength=0.05,  # noqa: E731
                                                       l2_regularization_strength=0.1)
    dense = _steps(tf, make, False)
    tf.reset_default_graph()
    return {"dense": dense, "sparse": _steps(tf, make, True),
            "bad": catch(tf.train.ProximalAdagradOptimizer, 0.1, initial_accumulator_value=0.0)}


def case_proximal_float64_mismatch(tf):
    w = tf.Variable(np.ones(3), name="w")
    return message_has(lambda: tf.train.ProximalGradientDescentOptimizer(0.2).minimize(tf.reduce_sum(w * w)),
                       "of 'ApplyProximalGradientDescent' Op has type float32", "float64")


def case_adagrad_da(tf):
    make = lambda s: tf.train.AdagradDAOptimizer(0.2, s, l1_regularization_strength=0.05,  # noqa: E731
                                                 l2_regularization_strength=0.1)
    dense = _steps(tf, make, False)
    tf.reset_default_graph()
    plain = _steps(tf, lambda s: tf.train.AdagradDAOptimizer(0.2, s), True)
    return {"dense": dense, "sparse_plain": plain,
            "bad": catch(tf.train.AdagradDAOptimizer, 0.1, None, initial_gradient_squared_accumulator_value=0.0)}


def case_rnn_dynamic_rnn_initial_state_not_tuple(tf):
    return catch(tf.nn.dynamic_rnn, tf.nn.rnn_cell.BasicLSTMCell(2), tf.zeros([2, 3, 2]),
                 initial_state=tf.zeros([2, 2]))


def _run_error(sess, fetch, feed=None, text=""):
    """The class of the error running `fetch` raises, and whether its message holds `text`."""
    try:
        sess.run(fetch, feed)
    except Exception as e:  # the class and the message are the result
        return {"raised": type(e).__name__, "has_text": text in str(e)}
    return None


def case_conditional_accumulator_mean_stale_and_steps(tf):
    q = tf.ConditionalAccumulator(tf.float32, shape=[2], name="acc")
    sess = tf.Session()
    out = {"handle": [q.accumulator_ref.dtype.name, q.accumulator_ref.shape.as_list(), q.name],
           "take_shape": q.take_grad(1).shape.as_list(), "num_name": q.num_accumulated().name}
    sess.run(q.apply_grad([1.0, 2.0], local_step=0))
    sess.run(q.apply_grad([3.0, 6.0], local_step=0))
    sess.run(q.apply_grad([100.0, 100.0], local_step=-1))  # stale: dropped
    out["num"] = sess.run(q.num_accumulated())
    out["take"] = sess.run(q.take_grad(2))
    sess.run(q.apply_grad([1.0, 1.0], local_step=0))  # the global step is now 1
    out["num_after"] = sess.run(q.num_accumulated())
    sess.run(q.set_global_step(5))
    sess.run(q.apply_grad([4.0, 4.0], local_step=5))
    out["take_after_step"] = sess.run(q.take_grad(1))
    out["bad_num"] = _run_error(sess, q.take_grad(0), None, "Argument num_required must be positive, but was 0")
    ph = tf.placeholder(tf.float32)
    out["bad_shape"] = _run_error(sess, q.apply_grad(ph, local_step=9), {ph: [1.0, 2.0, 3.0]},
                                  "Shape mismatch: expected [2], got [3]")
    out["static_shape"] = catch(q.apply_grad, [1.0, 2.0, 3.0])
    return out


def case_conditional_accumulator_sum_and_first_shape(tf):
    q = tf.ConditionalAccumulator(tf.float64, reduction_type="SUM")
    sess = tf.Session()
    sess.run(q.apply_grad(np.ones((2, 2))))
    bad = _run_error(sess, q.apply_grad(np.ones(3)), None, "Shape mismatch: expected [2,2], got [3]")
    sess.run(q.apply_grad(np.full((2, 2), 2.0)))
    return {"bad": bad, "take": sess.run(q.take_grad(2)), "unknown": q.take_grad(1).shape.ndims,
            "reduction": catch(tf.ConditionalAccumulator, tf.float32, reduction_type="MAX")}


def case_conditional_accumulator_take_times_out(tf):
    q = tf.ConditionalAccumulator(tf.float32, shape=[1])
    sess = tf.Session()
    err = None
    try:
        sess.run(q.take_grad(1), options=tf.RunOptions(timeout_in_ms=100))
    except Exception as e:  # the class is the result
        err = type(e).__name__
    sess.run(q.apply_grad([2.0]))
    return {"err": err, "then": sess.run(q.take_grad(1))}


def case_sparse_conditional_accumulator(tf):
    sq = tf.SparseConditionalAccumulator(tf.float32, shape=[4, 2], name="sq")
    sess = tf.Session()
    out = {"handle": [sq.accumulator_ref.dtype.name, sq.accumulator_ref.shape.as_list(), sq.name],
           "take_shapes": [t.shape.ndims for t in sq.take_grad(1)],
           "names": [sq.apply_grad([0], [[1.0, 2.0]]).name, sq.set_global_step(0).name]}
    sess.run(sq.apply_grad([3, 1], [[1.0, 2.0], [3.0, 4.0]], [4, 2]))  # unsorted: TF's merge keeps both 1s
    sess.run(sq.apply_indexed_slices_grad(tf.IndexedSlices(tf.constant([[10.0, 20.0]]), tf.constant([1], tf.int64),
                                                           tf.constant([4, 2], tf.int64))))
    sess.run(sq.apply_grad([0], [[5.0, 5.0]], local_step=-1))
    taken = sess.run(sq.take_grad(2))
    out["take"] = {"indices": taken.indices, "values": taken.values, "shape": taken.shape}
    sess.run(sq.apply_grad([0, 2], [[1.0, 1.0], [2.0, 2.0]], local_step=1))
    sess.run(sq.apply_grad([2], [[4.0, 4.0]], local_step=1))
    ts = sq.take_indexed_slices_grad(1)
    out["mean_per_row"] = sess.run([ts.indices, ts.values, ts.dense_shape])
    out["errors"] = [
        _run_error(sess, sq.apply_grad([2], [[1.0, 1.0]], [5, 2], local_step=2), None,
                   "Shape mismatch: expected shape dim 0 to be 4, got 5"),
        _run_error(sess, sq.apply_grad([2], [[1.0, 1.0, 3.0]], local_step=2), None,
                   "Shape mismatch: expected values dim 1 to be 2, got 3"),
        _run_error(sess, sq.apply_grad([9], [[1.0, 1.0]], [4, 2], local_step=2), None,
                   "Shape mismatch: index of slice 0 exceeded limits of shape; index is 9 exceeded 4"),
        _run_error(sess, sq.apply_grad([1, 2], [[1.0, 1.0]], local_step=2), None,
                   "Expected 2 non-empty input values, got 1")]
    out["num"] = sess.run(sq.num_accumulated())
    return out


def case_sparse_conditional_accumulator_unknown_shape_sum(tf):
    sq = tf.SparseConditionalAccumulator(tf.float32, reduction_type="SUM")
    sess = tf.Session()
    sess.run(sq.apply_grad([1], [[1.0, 1.0]], [3, 2]))
    sess.run(sq.apply_grad([1], [[1.0, 1.0]], [4, 2]))
    sess.run(sq.apply_grad([1, 2], [[1.0, 1.0], [3.0, 3.0]]))
    return {"take": list(sess.run(sq.take_grad(1))), "num": sess.run(sq.num_accumulated()),
            "handle": sess.run(sq.accumulator_ref).tolist()}


def case_supervisor_managed_session(tf):
    import os
    import tempfile
    logdir = tempfile.mkdtemp()
    step = tf.train.get_or_create_global_step()
    w = tf.Variable(1.0, name="w")
    train = tf.train.GradientDescentOptimizer(0.5).minimize(tf.square(w - 3.0), global_step=step)
    sv = tf.train.Supervisor(logdir=logdir, save_model_secs=0, save_summaries_secs=0)
    out = {"finalized": tf.get_default_graph().finalized, "chief": sv.is_chief,
           "save_path": os.path.basename(sv.save_path), "global_step": sv.global_step.name,
           "ready_op": sv.ready_op.name, "init_op": sv.init_op.name, "summary_op": sv.summary_op}
    with sv.managed_session() as sess:
        for _ in range(3):
            sess.run(train)
        out["w"] = sess.run(w)
        sv.saver.save(sess, sv.save_path, global_step=step)
    out["stopped"] = sv.should_stop()
    out["files"] = sorted(f for f in os.listdir(logdir) if not f.startswith("events."))
    with sv.managed_session() as sess:
        out["restored"] = sess.run([w, step])
        raise tf.errors.OutOfRangeError(None, None, "input done")
    try:
        with sv.managed_session():
            raise ValueError("boom")
    except ValueError as e:
        out["reraised"] = str(e)
    return out


def case_profiler_hook_timelines(tf):
    import os
    import tempfile
    out_dir = tempfile.mkdtemp()
    step = tf.train.get_or_create_global_step()
    w = tf.Variable(1.0, name="w")
    train = tf.train.GradientDescentOptimizer(0.5).minimize(tf.square(w), global_step=step)
    with tf.train.MonitoredSession(hooks=[tf.train.ProfilerHook(save_steps=2, output_dir=out_dir)]) as sess:
        for _ in range(5):
            sess.run(train)
    return sorted(f for f in os.listdir(out_dir) if f.startswith("timeline"))


def case_noisy_linear_cosine_decay(tf):
    step = tf.Variable(4, dtype=tf.int64, name="step")
    quiet = tf.train.noisy_linear_cosine_decay(0.5, step, 10, initial_variance=0.0, num_periods=0.25, alpha=0.1)
    noisy = tf.train.noisy_linear_cosine_decay(0.5, step, 10)
    sess = tf.Session()
    sess.run(step.initializer)
    return {"quiet": sess.run(quiet), "name": quiet.name, "dtype": noisy.dtype.name, "shape": noisy.shape.as_list(),
            "none": catch(tf.train.noisy_linear_cosine_decay, 0.5, None, 10)}


def case_basic_train_loop(tf):
    step = tf.train.get_or_create_global_step()
    inc = tf.assign_add(step, 1)
    sv = tf.train.Supervisor(logdir=None)
    seen = []

    def train_step(sess, limit):
        seen.append(int(sess.run(inc)))
        if len(seen) >= limit:
            sv.request_stop()
    tf.train.basic_train_loop(sv, train_step, args=[3])
    return {"seen": seen, "creator": issubclass(tf.train.ChiefSessionCreator, tf.train.SessionCreator)}
