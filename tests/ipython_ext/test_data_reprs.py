"""The Dataset repr: element components and the transformation chain, escaped and bounded."""
import tfsess as tf
from ipython_ext import data_reprs


def _pipeline():
    numbers = tf.data.Dataset.range(10)
    features = tf.data.Dataset.from_tensor_slices({"<b>x</b>": [[1.0, 2.0]] * 10, "y": [1] * 10})
    return tf.data.Dataset.zip((numbers, features)).shuffle(5).batch(3).prefetch(1)


def test_text_lists_components_and_the_chain_newest_first():
    text = data_reprs.dataset_text(_pipeline())
    assert "[0]: Tensor int64 (?,)" in text and "[1]['y']: Tensor int32 (?,)" in text
    kinds = [line.split()[0] for line in text.split("made by (newest first):\n")[1].splitlines()]
    assert kinds == ["Prefetch", "Batch", "Shuffle", "Zip", "Range", "TensorSlice"]


def test_html_escapes_user_strings_and_keeps_a_text_fallback():
    html = data_reprs.dataset_html(_pipeline())
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert "tf.data.Dataset" in html and "Shuffle" in html and "float32" in html


def test_a_long_chain_is_cut_short():
    ds = tf.data.Dataset.range(3)
    for _ in range(200):
        ds = ds.map(lambda x: x + 1)
    assert len(data_reprs.chain(ds)) == data_reprs.MAX_CHAIN
    assert len(data_reprs.dataset_html(ds)) < 100_000


def test_the_extension_displays_datasets(ip):
    ds = _pipeline()
    bundle = ip.format(ds)
    assert "tf.data.Dataset" in bundle["text/html"] and bundle["text/plain"].startswith("<tf.data.Dataset")
