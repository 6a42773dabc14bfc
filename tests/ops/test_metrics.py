"""tf.metrics and tf.confusion_matrix (values from TF 2.21)."""
import numpy as np
import pytest

import tfsess as tf


def test_streaming_values_match_tf():
    with tf.Graph().as_default():
        miou, miou_up = tf.metrics.mean_iou(tf.constant([0, 1, 2, 2, 1]), tf.constant([0, 2, 2, 2, 0]), 3)
        rmse, rmse_up = tf.metrics.root_mean_squared_error([1.0, 2.0, 4.0], [2.0, 2.0, 2.0])
        mae, mae_up = tf.metrics.mean_absolute_error([1.0, 2.0, 4.0], [2.0, 2.0, 2.0])
        pt, pt_up = tf.metrics.precision_at_thresholds(tf.constant([True, False, True]),
                                                       tf.constant([0.9, 0.6, 0.3]), [0.5, 0.8])
        sess = tf.Session()
        sess.run(tf.local_variables_initializer())
        cm = sess.run(miou_up)
        assert cm.tolist() == [[1, 0, 0], [1, 0, 1], [0, 0, 2]]
        sess.run([rmse_up, mae_up, pt_up])
        values = sess.run([miou, rmse, mae, pt])
        np.testing.assert_allclose(values[0], 0.38888893, rtol=1e-6)
        np.testing.assert_allclose(values[1], 1.2909944, rtol=1e-6)
        assert values[2] == 1.0
        np.testing.assert_allclose(values[3], [0.5, 0.9999999], rtol=1e-6)
        names = [v.op.name for v in tf.local_variables()]
        assert names[0] == "mean_iou/total_confusion_matrix"
        assert "precision_at_thresholds/true_positives" in names


def test_confusion_matrix_and_errors():
    with tf.Graph().as_default():
        sess = tf.Session()
        cm = tf.confusion_matrix([0, 1, 2, 2], [0, 2, 2, 1], num_classes=3)
        assert sess.run(cm).tolist() == [[1, 0, 0], [0, 0, 1], [0, 1, 1]]
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(tf.confusion_matrix([0, 3], [0, 1], num_classes=3))
        with pytest.raises(ValueError, match="Curve"):
            tf.metrics.auc([True], [0.5], curve="XY")
        with pytest.raises(tf.errors.InvalidArgumentError, match="predictions must be in"):
            _, up = tf.metrics.auc(tf.constant([True]), tf.constant([1.5]))
            sess.run(tf.local_variables_initializer())
            sess.run(up)


def test_metric_collections():
    with tf.Graph().as_default():
        value, update = tf.metrics.mean([1.0, 3.0], metrics_collections=["m"], updates_collections=["u"])
        assert tf.get_collection("m") == [value] and tf.get_collection("u") == [update]
        assert len(tf.get_collection(tf.GraphKeys.METRIC_VARIABLES)) == 2
