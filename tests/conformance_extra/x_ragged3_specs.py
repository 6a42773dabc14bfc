"""DynamicRaggedShape.Spec and the RowPartition specs behind it: from values, from TensorShapes,
their static dimensions, dtype changes, equality and errors."""
from _harness import catch


def _spec_view(spec):
    return {"repr": repr(spec), "rank": spec.rank, "num_row_partitions": spec.num_row_partitions,
            "dtype": spec.dtype.name, "inner_rank": spec.inner_rank, "tensor_shape": str(spec._to_tensor_shape())}


def case_x_ragged3_specs_from_values(tf):
    D = tf.experimental.DynamicRaggedShape
    RP = tf.experimental.RowPartition
    shapes = {"ragged": D.from_lengths([2, (2, 1), 3]), "dense": D.from_lengths([2, 3]),
              "deep": D.from_lengths([2, (2, 1), (1, 0, 2)]), "uniform": D.from_lengths([2, 3, 4], num_row_partitions=2),
              "tf_shape": tf.shape(tf.ragged.constant([[1], [2, 3]])), "scalar": D.from_lengths([])}
    out = {k: _spec_view(D.Spec.from_value(s)) for k, s in sorted(shapes.items())}
    spec = D.Spec.from_value(shapes["ragged"])
    out["dims"] = [spec._dimension(i) for i in range(3)] + [spec._num_slices_in_dimension(i) for i in range(3)]
    out["dim_out_of_range"] = catch(spec._dimension, 3)
    out["with32"] = repr(spec.with_dtype(tf.int32))
    out["rp_specs"] = [repr(RP.from_row_lengths([1, 2])._type_spec), repr(RP.from_uniform_row_length(2, nvals=6)._type_spec),
                       repr(RP.from_value_rowids([0, 0, 2], nrows=4)._type_spec)]
    out["type_spec"] = repr(shapes["dense"]._type_spec)
    return out


def case_x_ragged3_specs_from_tensor_shapes(tf):
    D = tf.experimental.DynamicRaggedShape
    out = {}
    for shape, n, dtype in [([2, None, 3], 1, tf.int64), ([2, 3, 4], 0, tf.int32), ([2, 3, 4], 2, tf.int64),
                            (None, 2, tf.int64), ([5], 0, tf.int32), ([None, 4, 0], 1, tf.int64)]:
        out[f"{shape}/{n}/{dtype.name}"] = _spec_view(D.Spec._from_tensor_shape(shape, n, dtype))
    dense = D.Spec(row_partitions=[], static_inner_shape=[2, 3], dtype=tf.int64)
    other = D.Spec.from_value(D.from_lengths([2, 3]))
    out["equal"] = [dense == other, dense.is_compatible_with(other), dense == dense.with_dtype(tf.int32)]
    out["errors"] = {"vector_rp": catch(D.Spec._from_tensor_shape, [3], 1, tf.int64),
                     "too_many": catch(D.Spec._from_tensor_shape, [3, 4], 2, tf.int64),
                     "bad_dtype": catch(D.Spec._from_tensor_shape, [3, 4], 0, tf.float32),
                     "not_rp_specs": catch(D.Spec, [1], [2], tf.int64),
                     "spec_dtype": catch(D.Spec, [], [2], tf.float32),
                     "scalar_inner": catch(D.Spec, [D.Spec.from_value(D.from_lengths([2, (1, 1)]))._row_partitions[0]],
                                           [], tf.int64)}
    return out
