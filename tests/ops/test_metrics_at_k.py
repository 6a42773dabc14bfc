"""Top-k metrics: streaming counts over batches, class_id, sparse labels, average precision."""
import numpy as np
import pytest

import tfsess as tf

LOGITS = [[0.1, 0.2, 0.7], [0.5, 0.3, 0.2], [0.6, 0.1, 0.3]]


def test_recall_and_precision_at_k_accumulate_over_batches():
    with tf.Graph().as_default():
        labels = tf.placeholder(tf.int64, [None, 1])
        logits = tf.placeholder(tf.float32, [None, 3])
        recall, update_recall = tf.metrics.recall_at_k(labels, logits, k=2)
        precision, update_precision = tf.metrics.precision_at_k(labels, logits, k=2)
        sess = tf.Session()
        sess.run(tf.local_variables_initializer())
        assert np.isnan(sess.run(recall))
        sess.run([update_recall, update_precision], {labels: [[2], [0], [1]], logits: LOGITS})
        sess.run([update_recall, update_precision], {labels: [[1]], logits: [[0.0, 1.0, 0.5]]})
        # top 2 rows: {2,1} {0,1} {0,2} {1,2}: hits 1, 1, 0, 1 of 4 labels and 8 predictions
        assert sess.run(recall) == pytest.approx(3 / 4)
        assert sess.run(precision) == pytest.approx(3 / 8)
        assert [v.op.name for v in tf.local_variables()][:2] == ["recall_at_2/true_positive_at_2",
                                                                 "recall_at_2/false_negative_at_2"]


def test_class_id_and_sparse_labels():
    with tf.Graph().as_default():
        sparse = tf.SparseTensor([[0, 0], [0, 1], [1, 0], [2, 0]], tf.constant([2, 1, 0, 4], tf.int64), [3, 2])
        recall, update = tf.metrics.recall_at_top_k(sparse, tf.constant([[2, 0], [1, 2], [0, 1]]), k=2)
        class_recall, class_update = tf.metrics.recall_at_k(tf.constant([[2], [0], [1]], tf.int64), LOGITS, k=1,
                                                            class_id=0)
        sess = tf.Session()
        sess.run(tf.local_variables_initializer())
        sess.run([update, class_update])
        assert sess.run(recall) == pytest.approx(1 / 4)
        assert sess.run(class_recall) == pytest.approx(1.0)


def test_average_precision_and_percentage_below():
    with tf.Graph().as_default():
        sparse = tf.SparseTensor([[0, 0], [0, 1], [1, 0], [2, 0]], tf.constant([2, 1, 0, 4], tf.int64), [3, 2])
        ap, update_ap = tf.metrics.average_precision_at_k(sparse, LOGITS, 2)
        below, update_below = tf.metrics.percentage_below(tf.constant([1.0, 2.0, 3.0, 4.0]), 2.5)
        sess = tf.Session()
        sess.run(tf.local_variables_initializer())
        sess.run([update_ap, update_below])
        # rows: top2 {2,1} vs {2,1}: AP 1; {0,1} vs {0}: 1; {0,2} vs {4 -> out of range}: 0
        assert sess.run(ap) == pytest.approx(2 / 3)
        assert sess.run(below) == pytest.approx(0.5)
        with pytest.raises(ValueError, match="Invalid k=0"):
            tf.metrics.average_precision_at_k(sparse, LOGITS, 0)
