"""Op examples: ragged tensors (RaggedRange, RaggedTensorToTensor, RaggedTensorToSparse) and Unicode decoding."""
import numpy as np

from op_examples import plain
from tfsess.ops.ragged.ragged_array import fill_empty_rows

EXAMPLES = {}

VALUES = np.array([1.0, -2.0, 3.5, 0.25, 4.0], np.float32)
MATRIX_VALUES = np.arange(10, dtype=np.float32).reshape(5, 2)
STRINGS = np.array([b"h\xc3\xa9llo", b"", b"a\xffb"], object)


def _splits(tf):
    return tf.constant([0, 2, 2, 5], tf.int64)


EXAMPLES["RaggedRange"] = plain(lambda tf, s, l: list(tf.ragged.range(s, l, 2).nested_row_splits)
                                + [tf.ragged.range(s, l, 2).flat_values],
                                np.array([0, 3, -1], np.int32), np.array([5, 4, 3], np.int32))
EXAMPLES["RaggedTensorToTensor"] = plain(
    lambda tf, v: tf.RaggedTensor.from_row_splits(v, _splits(tf), validate=False).to_tensor(default_value=9), VALUES)
EXAMPLES["RaggedTensorToSparse"] = plain(
    lambda tf, v: _sparse_parts(tf.RaggedTensor.from_row_splits(v, _splits(tf), validate=False).to_sparse()),
    MATRIX_VALUES)
EXAMPLES["RaggedGather"] = plain(
    lambda tf, v, i: [tf.gather(tf.RaggedTensor.from_row_splits(v, _splits(tf), validate=False), i).flat_values,
                      tf.gather(tf.RaggedTensor.from_row_splits(v, _splits(tf), validate=False), i).row_splits],
    MATRIX_VALUES, np.array([[2, 0], [1, 2]], np.int32))
EXAMPLES["UnicodeDecode"] = plain(lambda tf, s: [tf.strings.unicode_decode(s, "UTF-8").flat_values,
                                                 tf.strings.unicode_decode(s, "UTF-8").row_splits], STRINGS)
EXAMPLES["UnicodeDecodeWithOffsets"] = plain(
    lambda tf, s: [t.flat_values for t in tf.strings.unicode_decode_with_offsets(s, "UTF-8")], STRINGS)

EXAMPLES["UnicodeScript"] = plain(lambda tf, c: tf.strings.unicode_script(c), np.array([97, 0x416, -1, 0x4E2D], np.int32),
                                  variants=False)



def _filled(tf, v, default):
    rt = tf.RaggedTensor.from_row_splits(v, tf.constant([0, 0, 2, 2, 5, 5], tf.int64), validate=False)
    out, empty = fill_empty_rows(rt, default)
    return out.flat_values, empty


EXAMPLES["RaggedFillEmptyRows"] = plain(lambda tf, v: list(_filled(tf, v, 9.0)), VALUES)
EXAMPLES["RaggedFillEmptyRowsGrad"] = plain(
    lambda tf, v: tf.gradients(tf.reduce_sum(_filled(tf, v, 9.0)[0] * 2.0), v), VALUES)


def _sparse_parts(sp):
    return [sp.indices, sp.values, sp.dense_shape]
