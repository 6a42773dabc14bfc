"""tf.train.warm_start, VocabInfo and the remapping ops under them (values checked against TF 2.21)."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.train.checkpoint_remap_ops import generate_vocab_remapping, load_and_remap_matrix


@pytest.fixture
def old_model(tmp_path):
    """A checkpoint of emb = 0..11 [4, 3], dense/kernel = 0..5 [3, 2], cols = 0..7 [2, 4]; vocab files."""
    (tmp_path / "old.txt").write_text("a\nb\nc\nd\n")
    (tmp_path / "new.txt").write_text("c\nx\na\ny\nb\n")
    with tf.Graph().as_default():
        tf.get_variable("emb", initializer=np.arange(12, dtype=np.float32).reshape(4, 3))
        tf.get_variable("dense/kernel", initializer=np.arange(6, dtype=np.float32).reshape(3, 2))
        tf.get_variable("cols", initializer=np.arange(8, dtype=np.float32).reshape(2, 4))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.train.Saver().save(sess, str(tmp_path / "old"), write_meta_graph=False)
    return tmp_path


def _values(variables):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return [sess.run(v.as_tensor() if hasattr(v, "as_tensor") else v).tolist() for v in variables]


REMAPPED = [[6, 7, 8], [0, 0, 0], [0, 1, 2], [0, 0, 0], [3, 4, 5], [0, 0, 0], [0, 0, 0]]


def test_remaps_rows_to_the_new_vocabulary(g, old_model):
    emb = tf.get_variable("emb", [7, 3], initializer=tf.ones_initializer())
    dense = tf.get_variable("dense/kernel", [3, 2], initializer=tf.zeros_initializer())
    info = tf.train.VocabInfo(str(old_model / "new.txt"), 5, 2, str(old_model / "old.txt"))
    tf.train.warm_start(str(old_model / "old"), var_name_to_vocab_info={"emb": info})
    assert _values([emb, dense]) == [REMAPPED, [[0, 1], [2, 3], [4, 5]]]


def test_partitioned_parts_take_their_rows_and_backup_values(g, old_model):
    emb = tf.get_variable("emb", [7, 3], partitioner=tf.fixed_size_partitioner(4))
    info = tf.train.VocabInfo(str(old_model / "new.txt"), 5, 2, str(old_model / "old.txt"),
                              backup_initializer=tf.ones_initializer())
    tf.train.warm_start(str(old_model), vars_to_warm_start=None, var_name_to_vocab_info={"emb": info})
    expected = [[6, 7, 8], [1, 1, 1], [0, 1, 2], [1, 1, 1], [3, 4, 5], [1, 1, 1], [1, 1, 1]]
    assert _values([emb]) == [expected]


def test_old_vocab_size_and_columns(g, old_model):
    emb = tf.get_variable("emb", [7, 3], partitioner=tf.fixed_size_partitioner(3))
    cols = tf.get_variable("cols", [2, 6], partitioner=tf.fixed_size_partitioner(2))
    new, old = str(old_model / "new.txt"), str(old_model / "old.txt")
    tf.train.warm_start(str(old_model / "old"), var_name_to_vocab_info={
        "emb": tf.train.VocabInfo(new, 5, 2, old, old_vocab_size=3),
        "cols": tf.train.VocabInfo(new, 5, 1, old, axis=1)})
    emb_value, cols_value = _values([emb, cols])
    assert emb_value == REMAPPED  # c, a, b all among the first three old words
    assert cols_value == [[2, 0, 0, 0, 1, 0], [6, 0, 4, 0, 5, 0]]


def test_selection_and_renames(g, old_model):
    emb = tf.get_variable("emb", [4, 3], initializer=tf.ones_initializer())
    dense = tf.get_variable("dense/kernel", [3, 2], initializer=tf.zeros_initializer())
    renamed = tf.get_variable("emb2", [4, 3], initializer=tf.ones_initializer())
    tf.train.warm_start(str(old_model / "old"), vars_to_warm_start=["emb"], var_name_to_prev_var_name={"emb2": "emb"})
    emb_value, dense_value, renamed_value = _values([emb, dense, renamed])
    assert emb_value == renamed_value == np.arange(12).reshape(4, 3).tolist()
    assert dense_value == [[0, 0]] * 3


@pytest.mark.parametrize("kwargs, message", [
    (dict(vars_to_warm_start=3), "must be a `list` or `str`"),
    (dict(vars_to_warm_start=["emb", 3]), "must be all `Variable` or all `str`"),
    (dict(var_name_to_prev_var_name={"nope": "emb"}), "var_name_to_prev_var_name that were not used"),
    (dict(vars_to_warm_start="dense", var_name_to_vocab_info={"zzz": tf.train.VocabInfo("n", 1, 0, "o")}),
     "var_name_to_vocab_info that were not used"),
])
def test_errors(g, old_model, kwargs, message):
    tf.get_variable("dense/kernel", [3, 2])
    with pytest.raises(ValueError, match=message):
        tf.train.warm_start(str(old_model / "old"), **kwargs)


def test_vocab_info_checks_its_axis():
    with pytest.raises(ValueError, match="Provided axis: 2"):
        tf.train.VocabInfo("a", 1, 0, "b", axis=2)
    assert tf.train.VocabInfo("a", 1, 0, "b").old_vocab_size == -1


def test_remapping_ops_and_their_errors(g, old_model):
    new, old = str(old_model / "new.txt"), str(old_model / "old.txt")
    remap, present = generate_vocab_remapping(new, old, 0, 5)
    later, later_present = generate_vocab_remapping(new, old, 1, 3, old_vocab_size=2)
    assert remap.shape == (5,) and present.shape == ()
    ckpt = str(old_model / "old")
    matrix = load_and_remap_matrix(ckpt, "emb", remap, [], -tf.range(1.0, 7.0), 5, 3)
    by_cols = load_and_remap_matrix(ckpt, "emb", remap, tf.constant([2, -1], tf.int64), -tf.range(1.0, 8.0), 5, 2)
    with tf.Session() as sess:
        assert sess.run(remap).tolist() == [2, -1, 0, -1, 1] and sess.run(present) == 3
        assert sess.run(later).tolist() == [-1, 0, -1] and sess.run(later_present) == 1
        assert sess.run(matrix).tolist() == [[6, 7, 8], [-1, -2, -3], [0, 1, 2], [-4, -5, -6], [3, 4, 5]]
        assert sess.run(by_cols).tolist() == [[8, -1], [-2, -3], [2, -4], [-5, -6], [5, -7]]
        cases = [
            (dict(values=-tf.range(1.0, 4.0)), tf.errors.InvalidArgumentError, "but more missing values remain"),
            (dict(values=-tf.range(1.0, 9.0)), tf.errors.InvalidArgumentError, "only 6 elements were used"),
            (dict(cols=4), tf.errors.InvalidArgumentError, "instead of being equal to num_cols=4"),
            (dict(name="nope"), tf.errors.NotFoundError, "Key nope not found in checkpoint"),
            (dict(rows=[9, 0, 0, 0, 0]), tf.errors.UnimplementedError, "Old ID 0 is mapped to both new ID 1 and 2"),
            (dict(rows=[9, -1, 0, -1, 1]), tf.errors.InternalError, "Extent in dimension 0 out of bounds"),
        ]
        for change, error, message in cases:
            rows = tf.constant(change.get("rows", [2, -1, 0, -1, 1]), tf.int64)
            bad = load_and_remap_matrix(ckpt, change.get("name", "emb"), rows, [],
                                        change.get("values", -tf.range(1.0, 7.0)), 5, change.get("cols", 3))
            with pytest.raises(error, match=message):
                sess.run(bad)
        with pytest.raises(tf.errors.InvalidArgumentError, match="larger than last new vocab entry"):
            sess.run(generate_vocab_remapping(new, old, 3, 5)[0])
        with pytest.raises(tf.errors.NotFoundError, match="No such file or directory"):
            sess.run(generate_vocab_remapping(str(old_model / "missing.txt"), old, 0, 5)[0])
