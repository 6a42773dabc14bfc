"""Extra sparse-op probes (SparseTensor, to_dense, add, reduce_sum, dense matmul, placeholders)."""
import numpy as np

from _harness import catch, message_has


def case_x_ops_sparse_to_dense_variants(tf):
    sp = tf.SparseTensor(indices=[[1, 0], [0, 2]], values=[5, 7], dense_shape=[2, 3])
    ok = tf.SparseTensor(indices=[[0, 2], [1, 0]], values=[5, 7], dense_shape=[2, 3])
    sess = tf.Session()
    return {
        "to_dense": sess.run(tf.sparse_tensor_to_dense(ok, default_value=-1)),
        "unordered_to_dense": catch(sess.run, tf.sparse_tensor_to_dense(sp)),
        "unordered_no_validate": sess.run(tf.sparse_tensor_to_dense(sp, validate_indices=False)),
        "static_shape": [str(sp.shape), sp.dtype.name, str(sp.indices.shape), str(sp.values.shape)],
        "to_dense_shape": str(tf.sparse_tensor_to_dense(sp).shape),
        "alias": sess.run(tf.sparse.to_dense(ok)),
        "strings": sess.run(tf.sparse_tensor_to_dense(tf.SparseTensor([[1]], ["x"], [2]), default_value="")),
        "oob": catch(sess.run, tf.sparse_tensor_to_dense(tf.SparseTensor([[5, 0]], [1.0], [2, 2]))),
        "dup": catch(sess.run, tf.sparse_tensor_to_dense(tf.SparseTensor([[0, 0], [0, 0]], [1.0, 2.0], [2, 2]))),
        "empty": sess.run(tf.sparse_tensor_to_dense(tf.SparseTensor(tf.zeros([0, 2], tf.int64), tf.zeros([0]), [2, 2]))),
        "name": tf.sparse_tensor_to_dense(ok).op.name,
        "float_default": sess.run(tf.sparse_tensor_to_dense(tf.SparseTensor([[0]], [1.5], [2]), default_value=0.5)),
    }


def case_x_ops_sparse_add_variants(tf):
    a = tf.SparseTensor([[0, 0], [1, 1]], [1.0, 2.0], [2, 2])
    b = tf.SparseTensor([[0, 0], [0, 1]], [10.0, 20.0], [2, 2])
    dense = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    sess = tf.Session()
    out = {
        "add": sess.run(tf.sparse_add(a, b)),
        "add_dense": sess.run(tf.sparse_add(a, dense)),
        "dense_sparse": sess.run(tf.sparse_add(dense, a)),
        "add_type": type(tf.sparse_add(a, b)).__name__,
        "add_dense_type": type(tf.sparse_add(a, dense)).__name__,
        "cancel": sess.run(tf.sparse_add(a, tf.SparseTensor([[0, 0]], [-1.0], [2, 2]))),
        "threshold": sess.run(tf.sparse_add(tf.SparseTensor([[0]], [0.5], [2]),
                                            tf.SparseTensor([[0], [1]], [-0.4, 0.01], [2]), threshold=0.2)),
        "alias": sess.run(tf.sparse.add(a, b)),
        "int": sess.run(tf.sparse_add(tf.SparseTensor([[0]], [1], [2]), tf.SparseTensor([[1]], [2], [2]))),
        "dtype_mismatch": catch(tf.sparse_add, a, tf.SparseTensor([[0, 0]], [1], [2, 2])),
        "shape_mismatch": catch(sess.run, tf.sparse_add(a, tf.SparseTensor([[0, 0]], [1.0], [3, 3]))),
        "both_dense": catch(tf.sparse_add, dense, dense),
    }
    return out


def case_x_ops_sparse_reduce_sum_variants(tf):
    b = tf.SparseTensor([[0, 0], [0, 1], [2, 1]], [10.0, 20.0, 5.0], [3, 2])
    sess = tf.Session()
    out = sess.run({
        "all": tf.sparse_reduce_sum(b),
        "axis1": tf.sparse_reduce_sum(b, axis=1),
        "axis0": tf.sparse_reduce_sum(b, axis=0),
        "neg_axis": tf.sparse_reduce_sum(b, axis=-1),
        "keep": tf.sparse_reduce_sum(b, axis=0, keepdims=True),
        "keep_dims_alias": tf.sparse_reduce_sum(b, axis=1, keep_dims=True),
        "both_axes": tf.sparse_reduce_sum(b, axis=[0, 1]),
        "alias": tf.sparse.reduce_sum(b, 1),
        "int": tf.sparse_reduce_sum(tf.SparseTensor([[0], [3]], [2, 3], [4])),
    })
    out["shapes"] = [str(tf.sparse_reduce_sum(b).shape), str(tf.sparse_reduce_sum(b, 1).shape),
                     str(tf.sparse_reduce_sum(b, 0, keepdims=True).shape)]
    out["bad_axis"] = catch(lambda: sess.run(tf.sparse_reduce_sum(b, axis=2)))
    return out


def case_x_ops_sparse_dense_matmul_variants(tf):
    a = tf.SparseTensor([[0, 0], [1, 2]], [2.0, 3.0], [2, 3])
    d = tf.reshape(tf.range(6, dtype=tf.float32), [3, 2])
    sess = tf.Session()
    return {
        "basic": sess.run(tf.sparse_tensor_dense_matmul(a, d)),
        "adjoint_a": sess.run(tf.sparse_tensor_dense_matmul(a, tf.ones([2, 4]), adjoint_a=True)),
        "adjoint_b": sess.run(tf.sparse_tensor_dense_matmul(a, tf.ones([4, 3]), adjoint_b=True)),
        "shape": str(tf.sparse_tensor_dense_matmul(a, d).shape),
        "shape_unknown": str(tf.sparse_tensor_dense_matmul(a, tf.placeholder(tf.float32, [3, None])).shape),
        "alias": sess.run(tf.sparse.sparse_dense_matmul(a, d)),
        "bad_inner": catch(lambda: sess.run(tf.sparse_tensor_dense_matmul(a, tf.ones([2, 2])))),
        "dtype_mismatch": catch(tf.sparse_tensor_dense_matmul, a, tf.ones([3, 2], tf.float64)),
        "int": sess.run(tf.sparse_tensor_dense_matmul(tf.SparseTensor([[0, 1]], [3], [1, 2]), tf.constant([[1], [2]]))),
        "oob_index": catch(sess.run, tf.sparse_tensor_dense_matmul(tf.SparseTensor([[0, 5]], [1.0], [2, 3]), d)),
    }


def case_x_ops_sparse_placeholder_feeds(tf):
    sph = tf.sparse_placeholder(tf.float32)
    sph2 = tf.sparse_placeholder(tf.int64, shape=[None, 3], name="sp")
    sess = tf.Session()
    return {
        "value": sess.run(tf.sparse_reduce_sum(sph), {sph: tf.SparseTensorValue([[0]], [2.0], [3])}),
        "tuple_feed": sess.run(tf.sparse_tensor_to_dense(sph), {sph: ([[1]], [4.0], [3])}),
        "identity_fetch": sess.run(sph, {sph: ([[0, 1]], [1.5], [2, 2])}),
        "names": [sph2.indices.name, sph2.values.name, sph2.dense_shape.name],
        "shapes": [str(sph.shape), str(sph2.shape), str(sph2.indices.shape), str(sph2.dense_shape.shape)],
        "dtypes": [sph2.dtype.name, sph2.indices.dtype.name, sph2.dense_shape.dtype.name],
        "unfed": catch(sess.run, tf.sparse_tensor_to_dense(sph)),
        "fetch_value_type": type(sess.run(sph2, {sph2: ([[0, 2]], [7], [1, 3])})).__name__,
        "component_feed": sess.run(tf.sparse_tensor_to_dense(sph2),
                                   {sph2.indices: [[0, 0]], sph2.values: [9], sph2.dense_shape: [1, 3]}),
    }


def case_x_ops_sparse_tensor_construction(tf):
    sess = tf.Session()
    sp = tf.SparseTensor([[0, 0]], [1.0], [2, 2])
    return {
        "indices_dtype": sp.indices.dtype.name,
        "shape_dtype": sp.dense_shape.dtype.name,
        "get_shape": str(sp.get_shape()),
        "value_type": type(sess.run(sp)).__name__,
        "from_value": sess.run(tf.SparseTensor.from_value(tf.SparseTensorValue([[0]], [1], [3]))),
        "value_fields": list(tf.SparseTensorValue([[0]], [1], [3])._fields),
        "float_indices": catch(tf.SparseTensor, [[0.5]], [1.0], [2]),
        "tensor_shape": str(tf.SparseTensor(tf.constant([[0, 1]], tf.int64), tf.constant([1]),
                                            tf.constant([3, 4], tf.int64)).shape),
        "dyn_shape": str(tf.SparseTensor(tf.placeholder(tf.int64, [None, 2]), tf.placeholder(tf.float32, [None]),
                                         tf.placeholder(tf.int64, [2])).shape),
        "graph_ok": sp.graph is tf.get_default_graph(),
        "op_type": sp.op.type,
        "eval": sp.eval(session=sess),
    }
