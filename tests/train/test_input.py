"""Coordinator, QueueRunner and the queue-based input pipelines of tf.train."""
import threading

import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors


pytestmark = pytest.mark.usefixtures("reset_graph")


def _drain(sess, fetches):
    out = []
    while True:
        try:
            out.append(sess.run(fetches))
        except errors.OutOfRangeError:
            return out


def _run_pipeline(sess, fetches, init_local=True):
    if init_local:
        sess.run(tf.local_variables_initializer())
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    out = _drain(sess, fetches)
    coord.request_stop()
    coord.join(threads, stop_grace_period_secs=5)
    return out


# ----------------------------------------------------------------- Coordinator
def test_coordinator_join_reraises_the_first_reported_exception():
    coord = tf.train.Coordinator()
    assert not coord.should_stop()

    def worker(n):
        with coord.stop_on_exception():
            if n == 1:
                raise RuntimeError("boom")
            coord.wait_for_stop()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    with pytest.raises(RuntimeError, match="boom"):
        coord.join(threads)
    assert coord.should_stop() and coord.joined
    with pytest.raises(RuntimeError, match="boom"):
        coord.raise_requested_exception()
    coord.clear_stop()
    assert not coord.should_stop()
    coord.raise_requested_exception()  # cleared: nothing to raise


def test_coordinator_out_of_range_is_a_clean_stop_and_wait_for_stop_times_out():
    coord = tf.train.Coordinator()
    assert coord.wait_for_stop(0.01) is False
    try:
        raise errors.OutOfRangeError(None, None, "done")
    except errors.OutOfRangeError as e:
        coord.request_stop(e)
    assert coord.wait_for_stop(0.01) is True
    coord.join([])  # nothing raised


def test_coordinator_reports_stragglers():
    coord = tf.train.Coordinator()
    release = threading.Event()
    t = threading.Thread(target=release.wait, name="straggler")
    t.start()
    coord.request_stop()
    with pytest.raises(RuntimeError, match="straggler"):
        coord.join([t], stop_grace_period_secs=0.01)
    release.set()
    t.join()


def test_looper_thread_runs_target_until_stop():
    coord = tf.train.Coordinator()
    calls = []
    enough = threading.Event()

    def tick():
        calls.append(1)
        if len(calls) == 3:
            enough.set()

    looper = tf.train.LooperThread.loop(coord, 0.001, tick)
    assert enough.wait(5)
    coord.request_stop()
    coord.join([looper])
    assert len(calls) >= 3


# ----------------------------------------------------------------- QueueRunner
def test_queue_runner_closes_its_queue_when_the_source_runs_out():
    source = tf.FIFOQueue(10, tf.int32, shapes=[[]])
    target = tf.FIFOQueue(10, tf.int32, shapes=[[]])
    sess = tf.Session()
    sess.run(source.enqueue_many([[1, 2, 3, 4]]))
    sess.run(source.close())
    qr = tf.train.QueueRunner(target, [target.enqueue(source.dequeue() * 10)] * 2)
    tf.train.add_queue_runner(qr)
    assert tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS) == [qr]
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess, coord)
    assert len(threads) == 3  # two enqueue threads and the closer
    assert sorted(int(v) for v in _drain(sess, target.dequeue())) == [10, 20, 30, 40]
    assert sess.run(target.is_closed())
    coord.request_stop()
    coord.join(threads)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_queue_runner_without_coordinator_records_exceptions():
    q = tf.FIFOQueue(10, tf.float32, shapes=[[]])
    bad = tf.placeholder(tf.float32, [])
    qr = tf.train.QueueRunner(q, [q.enqueue(bad)])
    sess = tf.Session()
    threads = qr.create_threads(sess, start=True, daemon=True)
    for t in threads:
        t.join(5)
    assert len(qr.exceptions_raised) == 1
    assert isinstance(qr.exceptions_raised[0], errors.InvalidArgumentError)
    with pytest.raises(ValueError):
        tf.train.QueueRunner(q, [])
    with pytest.raises(TypeError):
        tf.train.QueueRunner(q, [q.close()], queue_closed_exception_types=(ValueError,))


def test_queue_runner_threads_end_when_the_coordinator_stops_them():
    q = tf.FIFOQueue(2, tf.int32, shapes=[[]])
    tf.train.add_queue_runner(tf.train.QueueRunner(q, [q.enqueue(1)]))
    sess = tf.Session()
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess, coord)
    assert sess.run(q.dequeue()) == 1
    assert tf.train.start_queue_runners(sess, coord) == []  # still running: no new threads
    coord.request_stop()  # the closer cancels the blocked enqueue
    coord.join(threads, stop_grace_period_secs=5)
    assert not any(t.is_alive() for t in threads)


def test_closing_the_session_ends_queue_runner_threads():
    q = tf.FIFOQueue(2, tf.int32, shapes=[[]])
    tf.train.add_queue_runner(tf.train.QueueRunner(q, [q.enqueue(1)]))
    sess = tf.Session()
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess, coord)
    assert sess.run(q.dequeue()) == 1
    sess.close()
    for t in threads[:-1]:
        t.join(1.0)
        assert not t.is_alive()
    with pytest.raises(errors.CancelledError):  # as in TF, the cancelled enqueue is reported
        coord.join(threads, stop_grace_period_secs=5)


# ----------------------------------------------------------------- producers and batching
def test_string_input_producer_one_epoch_in_order(tmp_path):
    files = []
    for i in range(3):
        path = tmp_path / f"f{i}.txt"
        path.write_bytes(f"row{i}-a\nrow{i}-b\n".encode())
        files.append(str(path))
    queue = tf.train.string_input_producer(files, num_epochs=2, shuffle=False)
    _, value = tf.TextLineReader().read(queue)
    lines = _run_pipeline(tf.Session(), value)
    assert lines == [f"row{i}-{c}".encode() for i in range(3) for c in "ab"] * 2
    with pytest.raises(ValueError):
        tf.train.string_input_producer([])


def test_num_epochs_needs_local_variables_initializer():
    item = tf.train.slice_input_producer([tf.constant([1, 2, 3])], num_epochs=1, shuffle=False)[0]
    assert [v.name for v in tf.local_variables()] == ["input_producer/input_producer/limit_epochs/epochs:0"]
    sess = tf.Session()
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess, coord)
    with pytest.raises(errors.OutOfRangeError):
        sess.run(item)
    with pytest.raises(errors.FailedPreconditionError):
        coord.join(threads)


def test_slice_input_producer_and_batch_with_smaller_final_batch():
    features = tf.constant([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]])
    labels = tf.constant([10, 20, 30, 40, 50])
    f, l = tf.train.slice_input_producer([features, labels], num_epochs=1, shuffle=False)
    bf, bl = tf.train.batch([f, l], batch_size=2, allow_smaller_final_batch=True)
    assert bf.shape.as_list() == [None, 2] and bl.shape.as_list() == [None]
    batches = _run_pipeline(tf.Session(), [bf, bl])
    assert [b[1].tolist() for b in batches] == [[10, 20], [30, 40], [50]]
    assert batches[2][0].tolist() == [[9, 10]]


def test_batch_static_shapes_dict_inputs_and_enqueue_many():
    x = tf.constant([1.0, 2.0, 3.0])
    fixed = tf.train.batch({"x": x, "y": tf.constant("label")}, batch_size=4)
    assert fixed["x"].shape.as_list() == [4, 3] and fixed["y"].shape.as_list() == [4]
    assert fixed["x"].op.name == "batch"
    many = tf.train.batch([tf.constant([[1, 2], [3, 4], [5, 6]])], batch_size=2, enqueue_many=True)
    assert many.shape.as_list() == [2, 2]
    sess = tf.Session()
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess, coord)
    assert sess.run(fixed["y"]).tolist() == [b"label"] * 4
    assert sess.run(many).tolist() in ([[1, 2], [3, 4]], [[5, 6], [1, 2]], [[3, 4], [5, 6]])
    coord.request_stop()
    coord.join(threads, stop_grace_period_secs=5)


def test_batch_dynamic_pad_and_keep_input():
    lengths = tf.train.range_input_producer(4, num_epochs=1, shuffle=False).dequeue()
    row = tf.range(lengths)
    padded = tf.train.batch([row], batch_size=4, dynamic_pad=True, allow_smaller_final_batch=True)
    assert padded.shape.as_list() == [None, None]
    out = _run_pipeline(tf.Session(), padded)
    np.testing.assert_array_equal(out[0], [[0, 0, 0], [0, 0, 0], [0, 1, 0], [0, 1, 2]])


def test_shuffle_batch_delivers_every_item_once():
    values = tf.constant([float(i) for i in range(12)])
    item = tf.train.slice_input_producer([values], num_epochs=1, shuffle=True, seed=3)[0]
    batch = tf.train.shuffle_batch([item], batch_size=5, capacity=20, min_after_dequeue=2, seed=5,
                                   allow_smaller_final_batch=True)
    batches = _run_pipeline(tf.Session(), batch)
    assert sorted(len(b) for b in batches) == [2, 5, 5]
    assert sorted(v for b in batches for v in b.tolist()) == [float(i) for i in range(12)]
    with pytest.raises(ValueError, match="capacity"):
        tf.train.shuffle_batch([item], batch_size=2, capacity=2, min_after_dequeue=2)


def test_batch_join_and_shuffle_batch_join_merge_sources():
    a = tf.train.input_producer(tf.constant([[1], [2]]), num_epochs=1, shuffle=False).dequeue()
    b = tf.train.input_producer(tf.constant([[3], [4]]), num_epochs=1, shuffle=False).dequeue()
    joined = tf.train.batch_join([[a], [b]], batch_size=4, allow_smaller_final_batch=True)
    got = _run_pipeline(tf.Session(), joined)
    assert sorted(np.concatenate(got).ravel().tolist()) == [1, 2, 3, 4]
    tf.reset_default_graph()
    c = tf.train.input_producer(tf.constant([5, 6, 7]), num_epochs=1, shuffle=False).dequeue()
    shuffled = tf.train.shuffle_batch_join([[c]], batch_size=2, capacity=10, min_after_dequeue=1,
                                           allow_smaller_final_batch=True)
    got = _run_pipeline(tf.Session(), shuffled)
    assert sorted(np.concatenate(got).tolist()) == [5, 6, 7]


def test_input_producer_rows_and_element_shape_checks():
    rows = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    q = tf.train.input_producer(rows, num_epochs=1, shuffle=False)
    item = q.dequeue()
    assert item.shape.as_list() == [2]
    assert [v.tolist() for v in _run_pipeline(tf.Session(), item)] == [[1.0, 2.0], [3.0, 4.0]]
    with pytest.raises(ValueError, match="element_shape"):
        tf.train.input_producer(tf.placeholder(tf.float32, [None, None]))
    with pytest.raises(ValueError):
        tf.train.limit_epochs(rows, num_epochs=0)
