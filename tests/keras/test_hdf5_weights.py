"""Keras HDF5 weights files (tfsess/keras/hdf5_weights.py): layout details and files from outside."""
import sys

import numpy as np
import pytest

import tfsess as tf
from tfsess.keras import hdf5_weights

h5py = pytest.importorskip("h5py")


@pytest.fixture
def model():
    with tf.Graph().as_default():
        layers = tf.keras.layers
        yield tf.keras.Sequential([layers.Dense(3, input_shape=(2,), name="d1"), layers.Dense(1, name="d2")])


def test_long_name_lists_are_split_over_numbered_attrs(tmp_path):
    names = [f"layer_{k:05d}_" + "x" * 200 for k in range(400)]  # about 85 KB of names
    with h5py.File(tmp_path / "names.h5", "w") as f:
        hdf5_weights._write_names(f, "layer_names", names)
        assert "layer_names" not in f.attrs and "layer_names0" in f.attrs and "layer_names1" in f.attrs
        assert hdf5_weights._read_names(f, "layer_names") == names


def test_round_trip_and_a_whole_model_files_weights_group(model, tmp_path):
    model.set_weights([np.full(w.shape.as_list(), k + 1, np.float32) for k, w in enumerate(model.weights)])
    want = model.get_weights()
    model.save_weights(str(tmp_path / "w.h5"))
    with h5py.File(tmp_path / "w.h5", "r") as src, h5py.File(tmp_path / "whole.h5", "w") as dst:
        src.copy(src["/"], dst, "model_weights")  # model.save() keeps the weights under /model_weights
        for key, value in src.attrs.items():
            dst["model_weights"].attrs[key] = value
    model.set_weights([np.zeros_like(v) for v in want])
    model.load_weights(str(tmp_path / "whole.h5"))
    assert all(np.array_equal(a, b) for a, b in zip(want, model.get_weights()))


def test_a_hostile_file_is_refused_before_any_weight_changes(model, tmp_path):
    want = model.get_weights()
    model.save_weights(str(tmp_path / "w.h5"))
    with h5py.File(tmp_path / "w.h5", "a") as f:
        del f["d2/d2/kernel:0"]
        f["d2/d2/kernel:0"] = np.array([b"not", b"numbers"])
    with pytest.raises(ValueError, match="no numeric dataset"):
        model.load_weights(str(tmp_path / "w.h5"))
    with h5py.File(tmp_path / "w.h5", "a") as f:
        del f["d2"]
    with pytest.raises(ValueError, match="no group"):
        model.load_weights(str(tmp_path / "w.h5"))
    assert all(np.array_equal(a, b) for a, b in zip(want, model.get_weights()))


def test_a_shape_mismatch_in_order_is_a_value_error_and_changes_nothing(model, tmp_path):
    model.save_weights(str(tmp_path / "w.h5"))
    with tf.Graph().as_default():
        layers = tf.keras.layers
        other = tf.keras.Sequential([layers.Dense(4, input_shape=(2,), name="d1"), layers.Dense(1, name="d2")])
        before = other.get_weights()
        with pytest.raises(ValueError, match="Shape mismatch"):
            other.load_weights(str(tmp_path / "w.h5"))
        assert all(np.array_equal(a, b) for a, b in zip(before, other.get_weights()))


def test_without_h5py_the_error_says_what_to_install(model, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "h5py", None)
    with pytest.raises(ImportError, match="h5py"):
        model.save_weights(str(tmp_path / "w.h5"))
