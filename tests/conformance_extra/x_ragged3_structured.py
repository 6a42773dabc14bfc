"""tf.experimental.StructuredTensor in graph mode: from_pyval, from_fields, fields, shape, nrows,
row_partitions, indexing, and its errors."""
import numpy as np

from _harness import catch


def _rv(value):
    if hasattr(value, "nested_row_splits"):
        return {"list": value.to_list(), "splits": [np.asarray(s).tolist() for s in value.nested_row_splits]}
    if isinstance(value, (tuple, list)):
        return [_rv(v) for v in value]
    if isinstance(value, dict):
        return {k: _rv(v) for k, v in sorted(value.items())}
    return {"value": np.asarray(value).tolist(), "dtype": str(np.asarray(value).dtype)}


def _fetchable(st):
    """The fields of a StructuredTensor as a dict of fetchable values (nested ones recursively)."""
    out = {}
    for name in st.field_names():
        value = st.field_value(name)
        out[name] = _fetchable(value) if hasattr(value, "field_names") else value
    return out


def _view(tf, st):
    with tf.Session() as sess:
        values = _rv(sess.run(_fetchable(st)))
        nrows = None if st.nrows() is None else _rv(sess.run(st.nrows()))
        splits = [_rv(sess.run(rp.row_splits())) for rp in st.row_partitions]
    return {"shape": str(st.shape), "rank": st.rank, "fields": sorted(st.field_names()), "values": values,
            "nrows": nrows, "splits": splits,
            "kinds": {k: type(st.field_value(k)).__name__ for k in sorted(st.field_names())},
            "dtypes": {k: getattr(st.field_value(k), "dtype", None) and st.field_value(k).dtype.name
                       for k in sorted(st.field_names())}}


def case_x_ragged3_structured_from_pyval(tf):
    ST = tf.experimental.StructuredTensor
    pyvals = {"scalar": {"a": 1, "b": [1.5, 2.5], "c": {"d": "x"}},
              "vector": [{"a": 1, "b": [1, 2]}, {"a": 2, "b": [3]}],
              "matrix": [[{"a": 1}], [{"a": 2}, {"a": 3}]],
              "empty_dicts": [{}, {}, {}],
              "empty_dicts_2d": [[{}, {}], [{}]],
              "nested": [{"p": {"q": [1, 2]}}, {"p": {"q": [3]}}],
              "deep_values": {"m": [[1, 2], [3]], "n": [[1.0], [2.0]]}}
    out = {k: _view(tf, ST.from_pyval(v)) for k, v in sorted(pyvals.items())}
    out["inconsistent"] = catch(ST.from_pyval, [{"a": 1}, [{"a": 2}]])
    out["bad_value"] = catch(ST.from_pyval, {"a": [1, [2]]})
    out["missing_key"] = catch(ST.from_pyval, [{"a": 1}, {"b": 2}])
    return out


def case_x_ragged3_structured_from_fields(tf):
    ST = tf.experimental.StructuredTensor
    RP = tf.experimental.RowPartition
    out = {"scalar": _view(tf, ST.from_fields({"x": 1, "y": [1, 2, 3]})),
           "vector": _view(tf, ST.from_fields({"foo": [1, 2], "bar": tf.constant([[3.], [4.]])}, shape=[2])),
           "ragged": _view(tf, ST.from_fields({"x": tf.constant([1, 2, 3]),
                                               "y": tf.ragged.constant([[1], [2, 3], []])}, shape=[3])),
           "rank2": _view(tf, ST.from_fields({"r": tf.ragged.constant([[1, 2], [3]])}, shape=[None, None])),
           "rank2_dense": _view(tf, ST.from_fields({"d": tf.zeros([2, 3, 4])}, shape=[2, 3])),
           "no_fields_nrows": _view(tf, ST.from_fields({}, shape=[None], nrows=tf.constant(4, tf.int64))),
           "no_fields_shape": _view(tf, ST.from_fields({}, shape=[2, 3])),
           "no_fields_rps": _view(tf, ST.from_fields({}, shape=[2, None], nrows=2,
                                                     row_partitions=[RP.from_row_lengths([1, 2])])),
           "nested": _view(tf, ST.from_fields({"s": ST.from_fields({"v": [5, 6]}, shape=[2])}, shape=[2])),
           "int32": _view(tf, ST.from_fields({"r": tf.ragged.constant([[1], [2]], row_splits_dtype=tf.int32)},
                                             shape=[2, None]))}
    out["errors"] = {"unknown_rank": catch(ST.from_fields, {}, shape=None),
                     "not_dict": catch(ST.from_fields, [1]),
                     "rp_rank1": catch(ST.from_fields, {"a": [1]}, shape=[1], row_partitions=[RP.from_row_lengths([1])]),
                     "nrows_rank0": catch(ST.from_fields, {}, nrows=1),
                     "rp_count": catch(ST.from_fields, {}, shape=[1, 1, 1], row_partitions=[RP.from_row_lengths([1])]),
                     "bad_name": catch(ST.from_fields, {"1x": 1}),
                     "key_type": catch(ST.from_fields, {1: 1}),
                     "bad_value": catch(ST.from_fields, {"a": object()}),
                     "mismatch": catch(ST.from_fields, {"a": [1, 2], "b": [1, 2, 3]}, shape=[None]),
                     "no_nrows": catch(ST.from_fields, {}, shape=[None]),
                     "no_rps": catch(ST.from_fields, {}, shape=[2, None])}
    return out


def case_x_ragged3_structured_access(tf):
    ST = tf.experimental.StructuredTensor
    scalar = ST.from_pyval({"a": 1, "b": [1, 2, 3], "c": {"d": "x"}})
    vec = ST.from_pyval([{"a": 1, "b": [1, 2]}, {"a": 2, "b": [3]}])
    with tf.Session() as sess:
        out = {"path": _rv(sess.run(scalar.field_value(("c", "d")))),
               "getitem": _rv(sess.run(scalar["b"])), "getitem_index": _rv(sess.run(scalar["b", 1])),
               "getitem_path": _rv(sess.run(scalar["c"]["d"])),
               "row": _rv(sess.run(_fetchable(vec[1]))), "row_shape": str(vec[1].shape),
               "slice_shape": str(vec[0:1].shape), "field_of_rows": _rv(sess.run(vec[:, "a"])),
               "row_field": _rv(sess.run(vec[0, "b"]))}
    out["missing"] = catch(scalar.field_value, "zz")
    out["path_through_tensor"] = catch(scalar.field_value, ("a", "b"))
    out["scalar_int_key"] = catch(lambda: scalar[0])
    out["vector_str_key"] = catch(lambda: vec["a"])
    out["newaxis"] = catch(lambda: vec[None])
    out["to_pyval"] = catch(vec.to_pyval)
    out["fetch"] = catch(lambda: tf.Session().run(vec))
    out["repr"] = repr(ST.from_fields({"x": tf.constant([1, 2], name="xs")}, shape=[2]))
    out["empty_getitem"] = scalar[()] is scalar
    out["names"] = sorted(vec.field_names())
    return out
