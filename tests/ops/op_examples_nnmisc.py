"""Examples for edit distance, CTC beam search, max pooling with argmax, LU and friends, fake quantization."""
import numpy as np

from op_examples import builder, plain

EXAMPLES = {}


def _edit_distance(tf, tmp):
    hyp = tf.SparseTensor([[0, 0, 0], [1, 0, 0], [1, 0, 1]], ["a", "b", "c"], [2, 1, 2])
    truth = tf.SparseTensor([[0, 0, 0], [0, 0, 1], [1, 0, 0]], ["a", "x", "b"], [2, 2, 2])
    return [tf.edit_distance(hyp, truth), tf.edit_distance(hyp, truth, normalize=False)]


EXAMPLES["EditDistance"] = builder(_edit_distance)

SQUARE = np.array([[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 9.0]],
                   [[2.0, -1.0, 0.5], [1.0, 3.0, 1.0], [0.5, 0.25, 4.0]]], np.float32)

EXAMPLES["Lu"] = plain(lambda tf, x: list(tf.linalg.lu(x)) + list(tf.linalg.lu(x, output_idx_type=tf.int64)), SQUARE)
EXAMPLES["LogMatrixDeterminant"] = plain(lambda tf, x: list(tf.linalg.slogdet(x)), SQUARE)
