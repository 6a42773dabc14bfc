"""The TF2 switches in graph mode: tensor equality's flag, eager execution refused."""
import subprocess
import sys

import pytest

import tfsess as tf


def test_tensor_equality_keeps_identity_in_graph_mode():
    a, b = tf.constant(1), tf.constant(1)
    tf.enable_tensor_equality()
    try:
        assert tf.Tensor._USE_EQUALITY
        assert not (a == b) and a == a and hash(a) == id(a)
    finally:
        tf.disable_tensor_equality()
    assert not tf.Tensor._USE_EQUALITY


def test_eager_execution_after_graph_building_raises_tf_error():
    tf.constant(1.0)
    with pytest.raises(ValueError, match="must be called at program startup"):
        tf.enable_eager_execution()
    with pytest.raises(ValueError, match="must be called at program startup"):
        tf.enable_v2_behavior()
    with pytest.raises(TypeError, match="config must be a tf.ConfigProto"):
        tf.enable_eager_execution(config=1)


def test_eager_execution_at_startup_is_not_available():
    code = "import tfsess as tf\ntry:\n    tf.enable_eager_execution()\nexcept NotImplementedError as e:\n    print(e)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "no eager execution" in out
