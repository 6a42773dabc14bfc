"""Probes under load: concurrent runs keep exact counts, and a queue between producer and consumer
threads loses no item. Bounded in time; the heaviest are marked slow (the default run includes them)."""
import threading

import numpy as np
import pytest

import tfsess as tf

RUNS = 1000


@pytest.mark.parametrize("threads", [8, pytest.param(32, marks=pytest.mark.slow)])
def test_concurrent_assign_add_counts_are_exact(fresh_graph, threads):
    counter = tf.Variable(0, dtype=tf.int64)
    total = tf.Variable(0.0, dtype=tf.float64)
    step = tf.group(tf.assign_add(counter, 1), tf.assign_add(total, 0.5))
    with tf.Session() as sess:
        sess.run([counter.initializer, total.initializer])
        errors_seen = []

        def work():
            try:
                for _ in range(RUNS):
                    sess.run(step)
            except Exception as exc:  # noqa: BLE001 - reported below
                errors_seen.append(exc)
        workers = [threading.Thread(target=work) for _ in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(120)
        assert not any(w.is_alive() for w in workers) and not errors_seen
        assert sess.run(counter) == threads * RUNS
        assert sess.run(total) == threads * RUNS * 0.5


@pytest.mark.slow
def test_producer_consumer_queue_loses_no_item(fresh_graph):
    items, batch, producers, consumers = 100_000, 100, 4, 4
    q = tf.FIFOQueue(1000, tf.int64, shapes=[[]])
    values = tf.placeholder(tf.int64, [None])
    enqueue = q.enqueue_many([values])
    dequeue = q.dequeue_many(batch)
    with tf.Session() as sess:
        seen, failures = [], []
        lock = threading.Lock()

        def produce(k):
            try:
                for start in range(k * batch, items, producers * batch):
                    sess.run(enqueue, {values: np.arange(start, start + batch)})
            except Exception as exc:  # noqa: BLE001 - reported below
                failures.append(exc)

        def consume(n_batches):
            try:
                for _ in range(n_batches):
                    got = sess.run(dequeue)
                    with lock:
                        seen.append(got)
            except Exception as exc:  # noqa: BLE001 - reported below
                failures.append(exc)
        per_consumer = items // batch // consumers
        threads = [threading.Thread(target=produce, args=(k,)) for k in range(producers)]
        threads += [threading.Thread(target=consume, args=(per_consumer,)) for _ in range(consumers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert not any(t.is_alive() for t in threads) and not failures
        got = np.sort(np.concatenate(seen))
        assert got.size == items and np.array_equal(got, np.arange(items))  # none lost, none twice
        assert sess.run(q.size()) == 0
