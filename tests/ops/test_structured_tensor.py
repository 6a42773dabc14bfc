"""tf.experimental.StructuredTensor (tfsess/ops/ragged/structured_tensor.py, structured_pyval.py)."""
import pytest

import tfsess as tf

ST = tf.experimental.StructuredTensor


@pytest.fixture(autouse=True)
def _fresh_graph():
    tf.reset_default_graph()


def test_from_pyval_builds_fields_per_key():
    st = ST.from_pyval([{"a": 1, "b": [1, 2]}, {"a": 2, "b": [3]}])
    assert st.rank == 1 and st.shape.as_list() == [2] and sorted(st.field_names()) == ["a", "b"]
    with tf.Session() as sess:
        a, b, nrows = sess.run([st.field_value("a"), st.field_value("b"), st.nrows()])
    assert a.tolist() == [1, 2] and b.to_list() == [[1, 2], [3]] and nrows == 2


def test_nested_structures_and_paths():
    st = ST.from_pyval({"c": {"d": "x"}, "n": 3})
    assert st.rank == 0 and st.nrows() is None
    with tf.Session() as sess:
        assert sess.run(st.field_value(("c", "d"))) == b"x"
        assert sess.run(st["n"]) == 3
    with pytest.raises(KeyError):
        st.field_value(("n", "x"))


def test_ragged_rank2_partitions():
    st = ST.from_pyval([[{"a": 1}], [{"a": 2}, {"a": 3}]])
    assert st.shape.as_list() == [2, None] and len(st.row_partitions) == 1
    with tf.Session() as sess:
        assert sess.run(st.row_partitions[0].row_splits()).tolist() == [0, 1, 3]


def test_from_fields_checks_and_errors():
    with pytest.raises(ValueError, match="known rank"):
        ST.from_fields({}, shape=None)
    with pytest.raises(ValueError, match="Must specify"):
        ST.from_fields({}, shape=[None])
    with pytest.raises(ValueError, match="not currently allowed"):
        ST.from_fields({"1x": 1})
    with pytest.raises(ValueError, match="Error in shape of b"):
        ST.from_fields({"a": [1, 2], "b": [1, 2, 3]}, shape=[None])


def test_not_fetchable_and_graph_mode_to_pyval():
    st = ST.from_fields({"x": [1, 2]}, shape=[2])
    with tf.Session() as sess, pytest.raises(TypeError, match="StructuredTensor"):
        sess.run(st)
    with pytest.raises(ValueError, match="eager"):
        st.to_pyval()
    with pytest.raises(NotImplementedError, match="merge_dims"):
        st.merge_dims(0, 0)


def test_indexing_rows():
    st = ST.from_pyval([{"a": 1, "b": [1, 2]}, {"a": 2, "b": [3]}])
    row = st[1]
    assert row.rank == 0
    with tf.Session() as sess:
        assert sess.run(row["b"]).tolist() == [3] and sess.run(st[:, "a"]).tolist() == [1, 2]
