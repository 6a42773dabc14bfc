"""SyncReplicasOptimizer with worker threads sharing one session: gradients of every replica are averaged."""
import threading

import numpy as np
import pytest

import tfsess as tf


def _program(replicas, total=None):
    x = tf.placeholder(tf.float32, [2])
    w = tf.Variable([1.0, 2.0], name="w")
    step = tf.train.get_or_create_global_step()
    opt = tf.train.SyncReplicasOptimizer(tf.train.GradientDescentOptimizer(0.1), replicas_to_aggregate=replicas,
                                         total_num_replicas=total)
    return x, w, step, opt, opt.minimize(tf.reduce_sum(w * w * x), global_step=step)


def _wait_for_step(sess, step, value):
    for _ in range(500):
        if sess.run(step) >= value:
            return
        threading.Event().wait(0.01)
    raise AssertionError("the chief's queue runner made no progress")


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # the runner, cancelled at close
def test_two_worker_threads_average_their_gradients(g):
    x, w, step, opt, train = _program(2)
    sess = tf.Session()
    sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
    sess.run([opt.chief_init_op, opt.get_init_tokens_op(num_tokens=0)])
    coord = tf.train.Coordinator()
    threads = opt.get_chief_queue_runner().create_threads(sess, coord=coord, daemon=True, start=True)
    barrier = threading.Barrier(2, timeout=30)

    def worker(feed):
        for _ in range(3):
            barrier.wait()
            sess.run(train, {x: feed})

    workers = [threading.Thread(target=worker, args=(feed,)) for feed in ([1.0, 1.0], [3.0, 0.0])]
    for t in workers:
        t.start()
    for t in workers:
        t.join(timeout=30)
    _wait_for_step(sess, step, 3)
    # each step: w *= 1 - 0.1 * 2 * mean(x) with mean(x) = [2, 0.5]
    np.testing.assert_allclose(sess.run(w), [0.6 ** 3, 2 * 0.9 ** 3], rtol=1e-6)
    assert sess.run(opt._local_step) == 3
    coord.request_stop()
    sess.close()  # cancels the runner's pending TakeGrad
    for t in threads:
        t.join(timeout=10)
    assert not any(t.is_alive() for t in threads)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_chief_hook_readies_the_session(g):
    x, w, step, opt, train = _program(1)
    hook = opt.make_session_run_hook(is_chief=True, num_tokens=0)
    hook.begin()
    sess = tf.Session()
    with pytest.raises(RuntimeError, match="did not make model ready"):
        hook.after_create_session(sess, None)
    sess.run(tf.global_variables_initializer())
    hook.after_create_session(sess, tf.train.Coordinator())
    for feed in ([1.0, 1.0], [2.0, 0.5]):
        sess.run(train, {x: feed})
    _wait_for_step(sess, step, 2)
    np.testing.assert_allclose(sess.run(w), [0.8 * 0.6, 2 * 0.8 * 0.9], rtol=1e-6)
    sess.close()


def test_stale_gradients_are_dropped(g):
    x, w, step, opt, train = _program(1)
    accumulator = opt._accumulator_list[0][0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(opt.chief_init_op)
        sess.run(tf.assign(step, 5))
        sess.run(accumulator.set_global_step(step))
        sess.run(accumulator.apply_grad(tf.constant([1.0, 1.0]), local_step=4))  # older than the global step
        assert sess.run(accumulator.num_accumulated()) == 0


def test_errors(g):
    x = tf.placeholder(tf.float32, [2])
    w = tf.Variable([1.0, 2.0])
    opt = tf.train.SyncReplicasOptimizer(tf.train.GradientDescentOptimizer(0.1), 3, total_num_replicas=2)
    with pytest.raises(ValueError, match="after apply_gradients"):
        opt.get_chief_queue_runner()
    grads = opt.compute_gradients(tf.reduce_sum(w * x))
    with pytest.raises(ValueError, match="Global step is required"):
        opt.apply_gradients(grads)
    opt.apply_gradients(grads, global_step=tf.train.get_or_create_global_step())
    with pytest.raises(ValueError, match="Too few tokens"):
        opt.get_init_tokens_op(0)
    assert opt.get_init_tokens_op(1).type == "QueueEnqueueManyV2"


def test_sparse_accumulator_shape_constrains_only_its_known_leading_dims(g):
    grads = {}
    for shape in [(), [4], [None, 2], [5, 2], [4, 2, 1]]:
        accumulator = tf.SparseConditionalAccumulator(tf.float32, shape=shape)
        grads[str(shape)] = accumulator.apply_grad([0, 1], np.ones([2, 2], np.float32), grad_shape=[4, 2])
    with tf.Session() as sess:
        for shape in ["()", "[4]", "[None, 2]"]:
            sess.run(grads[shape])
        with pytest.raises(tf.errors.InvalidArgumentError, match="expected shape dim 0 to be 5, got 4"):
            sess.run(grads["[5, 2]"])
        with pytest.raises(tf.errors.InvalidArgumentError, match="expected shape rank at least 3, got 2"):
            sess.run(grads["[4, 2, 1]"])


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_sparse_gradients_go_through_sparse_accumulators(g):
    ids = tf.placeholder(tf.int32, [2])
    table = tf.Variable(np.arange(8, dtype=np.float32).reshape(4, 2), name="table")
    step = tf.train.get_or_create_global_step()
    opt = tf.train.SyncReplicasOptimizer(tf.train.GradientDescentOptimizer(0.5), replicas_to_aggregate=2)
    train = opt.minimize(tf.reduce_sum(tf.gather(table, ids)), global_step=step)
    assert type(opt._accumulator_list[0][0]).__name__ == "SparseConditionalAccumulator"
    sess = tf.Session()
    sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
    sess.run([opt.chief_init_op, opt.get_init_tokens_op(num_tokens=0)])
    opt.get_chief_queue_runner().create_threads(sess, coord=tf.train.Coordinator(), daemon=True, start=True)
    workers = [threading.Thread(target=sess.run, args=(train, {ids: feed})) for feed in ([0, 1], [1, 3])]
    for t in workers:
        t.start()
    for t in workers:
        t.join(timeout=30)
    _wait_for_step(sess, step, 1)
    # rows 0 and 3 got one gradient of ones, row 1 two: each row's mean is 1, times the rate 0.5
    np.testing.assert_allclose(sess.run(table), [[-0.5, 0.5], [1.5, 2.5], [4.0, 5.0], [5.5, 6.5]])
    sess.close()
