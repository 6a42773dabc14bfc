"""Op examples: array shaping, indexing, sparse and string ops."""
import numpy as np

from op_examples import F3, F23, I3, I23, STRS, Built, builder, grads, op, plain

EXAMPLES = {}

# ------------------------------------------------------------------ shaping and indexing
EXAMPLES["Const"] = plain(lambda tf: [tf.constant(F23), tf.constant("s"), tf.constant(3, tf.int64)])
EXAMPLES["Placeholder"] = builder(lambda tf, tmp: (lambda p: Built(feed={p: F23}))(tf.placeholder(tf.float32,
                                                                                                   [None, 3])))
EXAMPLES["PlaceholderWithDefault"] = plain(lambda tf, x: tf.placeholder_with_default(x, [None, 3]), F23)
EXAMPLES["BroadcastTo"] = plain(lambda tf, x: tf.broadcast_to(x, [4, 2, 3]), F3)
EXAMPLES["BroadcastGradientArgs"] = plain(lambda tf, a, b: op("BroadcastGradientArgs", [a, b]),
                                          np.array([2, 1, 3], np.int32), np.array([3], np.int32))
EXAMPLES["ConcatV2"] = plain(lambda tf, x, y: [tf.concat([x, y], 0), tf.concat([x, x], -1)], I23, I23)
EXAMPLES["ConcatOffset"] = builder(lambda tf, tmp: Built(fetch=op(
    "ConcatOffset", [tf.constant(1), tf.constant([2, 3]), tf.constant([2, 5]), tf.constant([2, 1])]).outputs))
EXAMPLES["ExpandDims"] = plain(lambda tf, x: [tf.expand_dims(x, 1), tf.expand_dims(x, -1)], F23)
EXAMPLES["Fill"] = plain(lambda tf, dims, v: tf.fill(dims, v), np.array([2, 3], np.int32), np.float64(1.5))
EXAMPLES["GatherNd"] = plain(lambda tf, x, i: tf.gather_nd(x, i), F23, np.array([[1, 2], [0, 0]], np.int32))
EXAMPLES["GatherV2"] = plain(lambda tf, x, i: [tf.gather(x, i), tf.gather(x, i, axis=1)], F23,
                             np.array([[1, 0]], np.int64))
EXAMPLES["InvertPermutation"] = plain(lambda tf, p: tf.invert_permutation(p), np.array([2, 0, 1], np.int32))
EXAMPLES["ListDiff"] = plain(lambda tf, x, y: tf.setdiff1d(x, y), np.array([1, 2, 3, 4], np.int32), I3[:2])
EXAMPLES["LinSpace"] = plain(lambda tf: tf.lin_space(np.float32(0), np.float32(1), 5))
EXAMPLES["MirrorPad"] = plain(lambda tf, x: tf.pad(x, [[1, 1], [2, 0]], "REFLECT"), F23)
EXAMPLES["Pad"] = plain(lambda tf, x: tf.pad(x, [[1, 0], [0, 2]]), I23)
EXAMPLES["PadV2"] = plain(lambda tf, x: tf.pad(x, [[1, 0], [0, 2]], constant_values=7.0), F23)
EXAMPLES["OneHot"] = plain(lambda tf, i: tf.one_hot(i, 4, on_value=2.0, off_value=-1.0), I3)
EXAMPLES["Pack"] = plain(lambda tf, x, y: [tf.stack([x, y]), tf.stack([x, y], axis=2)], F23, F23)
EXAMPLES["Unpack"] = plain(lambda tf, x: tf.unstack(x, axis=1), F23)
EXAMPLES["Range"] = plain(lambda tf: [tf.range(5), tf.range(1.0, 2.0, 0.25), tf.range(10, 0, -3, dtype=tf.int64)])
# tf.rank / tf.shape / tf.size fold to constants when the shape is known: built by type
EXAMPLES["Rank"] = plain(lambda tf, x: op("Rank", [x]), F23)
EXAMPLES["Shape"] = plain(lambda tf, x: [op("Shape", [x], {"out_type": dt}) for dt in (tf.int32, tf.int64)], F23)
EXAMPLES["Size"] = plain(lambda tf, x: op("Size", [x], {"out_type": tf.int64}), I23)
EXAMPLES["Reshape"] = plain(lambda tf, x: [tf.reshape(x, [3, 2]), tf.reshape(x, [-1]), tf.reshape(x, [1, -1, 2])], F23)
EXAMPLES["Squeeze"] = plain(lambda tf, x: [tf.squeeze(x), tf.squeeze(x, [2])], F23.reshape(2, 3, 1))
EXAMPLES["ReverseSequence"] = plain(lambda tf, x, n: tf.reverse_sequence(x, n, seq_axis=1, batch_axis=0), F23,
                                    np.array([2, 3], np.int64))
EXAMPLES["ReverseV2"] = plain(lambda tf, x: tf.reverse(x, [1]), I23)
EXAMPLES["Roll"] = plain(lambda tf, x: tf.roll(x, [1, -1], [0, 1]), F23)
EXAMPLES["ScatterNd"] = plain(lambda tf, i, u: tf.scatter_nd(i, u, [4, 3]), np.array([[1], [3]], np.int32), F23)
EXAMPLES["Select"] = plain(lambda tf, c, x, y: tf.where(c, x, y), np.array([True, False]), F23, F23 * 2)
EXAMPLES["SelectV2"] = plain(lambda tf, c, x, y: tf.where_v2(c, x, y), np.array([True, False, True]), F23, F3)
EXAMPLES["Where"] = plain(lambda tf, c: tf.where(c), np.array([[True, False, True], [False, False, True]]))
EXAMPLES["Slice"] = plain(lambda tf, x: [tf.slice(x, [0, 1], [2, -1]), tf.slice(x, [1, 0], [1, 2])], F23)
EXAMPLES["Split"] = plain(lambda tf, x: tf.split(x, 3, axis=1), F23)
EXAMPLES["SplitV"] = plain(lambda tf, x: tf.split(x, [1, 2], axis=1), I23)
EXAMPLES["StridedSlice"] = plain(lambda tf, x: [x[:, 1:], x[1], x[..., None, ::-2], x[0, 2]], F23)
EXAMPLES["Tile"] = plain(lambda tf, x: tf.tile(x, [2, 1]), I23)
EXAMPLES["Unique"] = plain(lambda tf, x: tf.unique(x), np.array([3, 1, 3, 2, 1], np.int32))


def _grad_of(build_forward, x_value):
    def build(tf, tmp):
        x = tf.placeholder(tf.as_dtype(x_value.dtype), [None] + list(x_value.shape[1:]))
        grads(tf, build_forward(tf, x), [x])
        return Built(feed={x: x_value})
    return build


EXAMPLES["MirrorPadGrad"] = builder(_grad_of(lambda tf, x: tf.pad(x, [[1, 1], [0, 2]], "SYMMETRIC"), F23))
EXAMPLES["StridedSliceGrad"] = builder(_grad_of(lambda tf, x: x[:, ::2], F23))

# ------------------------------------------------------------------ sparse
SP_INDICES = np.array([[0, 0], [1, 2]], np.int64)
SP_VALUES = np.array([1.5, -2.0], np.float32)
SP_SHAPE = np.array([2, 3], np.int64)


def sparse(build):
    """A plain example over one SparseTensor (indices, values, dense_shape) and a dense [2, 3] tensor."""
    def make(tf, indices, values, shape, dense):
        return build(tf, tf.SparseTensor(indices, values, shape), dense)
    return plain(make, SP_INDICES, SP_VALUES, SP_SHAPE, F23)


EXAMPLES["SparseAdd"] = sparse(lambda tf, sp, d: tf.sparse_add(sp, tf.SparseTensor([[0, 1]], [1.0], [2, 3])))
EXAMPLES["SparseTensorDenseAdd"] = sparse(lambda tf, sp, d: tf.sparse_add(sp, d))
EXAMPLES["SparseConcat"] = sparse(lambda tf, sp, d: tf.sparse_concat(1, [sp, sp]))
EXAMPLES["SparseDenseCwiseAdd"] = sparse(  # no public wrapper: built by type
    lambda tf, sp, d: op("SparseDenseCwiseAdd", [sp.indices, sp.values, sp.dense_shape, d]))
EXAMPLES["SparseDenseCwiseMul"] = sparse(lambda tf, sp, d: sp * d)
EXAMPLES["SparseDenseCwiseDiv"] = sparse(lambda tf, sp, d: sp / d)
EXAMPLES["SparseReduceSum"] = sparse(lambda tf, sp, d: [tf.sparse_reduce_sum(sp, 1), tf.sparse_reduce_sum(sp)])
EXAMPLES["SparseReduceMax"] = sparse(lambda tf, sp, d: tf.sparse_reduce_max(sp, 0, keepdims=True))
EXAMPLES["SparseReorder"] = sparse(lambda tf, sp, d: tf.sparse_reorder(sp))
EXAMPLES["SparseReshape"] = sparse(lambda tf, sp, d: tf.sparse_reshape(sp, [3, -1]))
EXAMPLES["SparseTensorDenseMatMul"] = sparse(lambda tf, sp, d: tf.sparse_tensor_dense_matmul(sp, d, adjoint_b=True))
EXAMPLES["SparseToDense"] = plain(lambda tf, i, v: tf.sparse_to_dense(i, [2, 3], v, default_value=-1.0),
                                  SP_INDICES, SP_VALUES)


def _sparse_add_grad(tf, tmp):
    values = tf.placeholder(tf.float32, [None])
    a = tf.SparseTensor(tf.constant(SP_INDICES), values, tf.constant(SP_SHAPE))
    total = tf.sparse_add(a, tf.SparseTensor([[0, 1]], [1.0], [2, 3]))
    tf.gradients(tf.reduce_sum(total.values), [values])
    return Built(feed={values: SP_VALUES})


EXAMPLES["SparseAddGrad"] = builder(_sparse_add_grad)

# ------------------------------------------------------------------ strings
WORDS = np.array([b"12", b"-3.5"], dtype=object)
EXAMPLES["AsString"] = plain(lambda tf, x: [tf.as_string(x), tf.as_string(x, precision=2)], F23)
EXAMPLES["DecodeCSV"] = plain(lambda tf, rows: tf.decode_csv(rows, [[0], [""], [0.5]]),
                              np.array([b"1,a,2.5", b"3,b,"], dtype=object))
EXAMPLES["DecodeRaw"] = plain(lambda tf, x: tf.decode_raw(x, tf.int16), np.array([b"abcd", b"efgh"], dtype=object))
EXAMPLES["StaticRegexFullMatch"] = plain(lambda tf, x: tf.strings.regex_full_match(x, "[a-z]+o.*"), STRS)
EXAMPLES["StaticRegexReplace"] = plain(lambda tf, x: tf.regex_replace(x, "o", "0"), STRS)
EXAMPLES["RegexFullMatch"] = plain(lambda tf, x: tf.strings.regex_full_match(x, tf.constant("[a-z]+o.*")), STRS)
EXAMPLES["RegexReplace"] = plain(lambda tf, x: tf.strings.regex_replace(x, tf.constant("o"), tf.constant("0")), STRS)
EXAMPLES["StringJoin"] = plain(lambda tf, x, y: tf.string_join([x, y, "!"], separator="-"), STRS, WORDS)
EXAMPLES["StringLength"] = plain(lambda tf, x: tf.strings.length(x), STRS)
EXAMPLES["StringLower"] = plain(lambda tf, x: tf.strings.lower(x), STRS)
EXAMPLES["StringUpper"] = plain(lambda tf, x: tf.strings.upper(x), STRS)
EXAMPLES["StringStrip"] = plain(lambda tf, x: tf.strings.strip(x), STRS)
EXAMPLES["StringSplit"] = plain(lambda tf, x: tf.string_split(x, ","), STRS)
EXAMPLES["StringSplitV2"] = plain(lambda tf, x: tf.strings.split(x, sep=","), STRS)
EXAMPLES["StringToNumber"] = plain(lambda tf, x: [tf.string_to_number(x), tf.string_to_number(x[:1], tf.int64)],
                                   WORDS)
EXAMPLES["Substr"] = plain(lambda tf, x: tf.substr(x, 1, 3), STRS)
