"""Keras models' weights: the order of Model.weights / trainable / non-trainable (per layer, frozen and
nested layers), get/set_weights, and Keras's HDF5 weights files (save_weights('x.h5') and
load_weights, topological and by name, with tf-keras's checks), including files written by TF 2.21's
legacy Keras (fixtures_keras_h5/, written by its make_fixtures.py). Files a case writes go to a
temporary folder; no path is returned."""
import os

import numpy as np

from _casekit import in_tmp

FIX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures_keras_h5")


def _names(weights):
    return [w.name for w in weights]


def _seeded(model, seed=3):
    rng = np.random.default_rng(seed)
    model.set_weights([rng.normal(size=w.shape.as_list()).astype(np.float32) for w in model.weights])


def _error(fn, tmp=None):
    try:
        fn()
    except Exception as exc:  # the error is the result
        text = str(exc) if tmp is None else str(exc).replace(tmp, "<tmp>")
        return {"raised": type(exc).__name__, "text": text.split("\n")[0][:160]}
    return None


def _mlp(tf, names=("hidden", "norm", "drop", "logits")):
    layers = tf.keras.layers
    return tf.keras.Sequential([layers.Dense(5, activation="relu", input_shape=(4,), name=names[0]),
                                layers.BatchNormalization(name=names[1]), layers.Dropout(0.5, name=names[2]),
                                layers.Dense(3, name=names[3])])


def _layout(path):
    import h5py
    out = {}
    with h5py.File(path, "r") as f:
        out["root"] = {k: [v.decode() if hasattr(v, "decode") else str(v) for v in np.atleast_1d(f.attrs[k])]
                       for k in sorted(f.attrs) if k != "keras_version"}

        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                out[name] = (list(obj.shape), str(obj.dtype))
            else:
                out[name + "/"] = [v.decode() if hasattr(v, "decode") else str(v)
                                   for v in np.atleast_1d(obj.attrs.get("weight_names", []))]
        f.visititems(visit)
    return out


def case_model_weight_order_per_layer(tf):
    layers = tf.keras.layers
    seq = tf.keras.Sequential([layers.Dense(3, input_shape=(4,), name="a"), layers.BatchNormalization(name="b"),
                               layers.Dense(2, name="c")])
    out = {"seq": (_names(seq.weights), _names(seq.trainable_weights), _names(seq.non_trainable_weights),
                   [layer.name for layer in seq.layers], seq.inputs[0].name.split(":")[0])}
    seq.layers[0].trainable = False
    out["frozen"] = (_names(seq.weights), _names(seq.trainable_weights), _names(seq.non_trainable_weights))
    seq.trainable = False
    out["all_frozen"] = (_names(seq.trainable_weights), _names(seq.non_trainable_weights))
    inner = tf.keras.Sequential([layers.Dense(3, input_shape=(4,), name="i1"), layers.BatchNormalization(name="ib")],
                                name="inner")
    outer = tf.keras.Sequential([inner, layers.Dense(2, name="o2")])
    out["nested"] = (_names(outer.weights), [w.shape for w in outer.get_weights()],
                     outer.outputs[0].shape.as_list())
    return out


def case_functional_and_subclassed_weight_order(tf):
    layers = tf.keras.layers
    x = tf.keras.Input((4,))
    h = layers.BatchNormalization(name="fb")(layers.Dense(3, name="f1")(x))
    functional = tf.keras.Model(x, layers.Dense(2, name="f2")(h))

    class Sub(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.d2 = layers.Dense(2, name="s2")
            self.bn = layers.BatchNormalization(name="sb")
            self.d1 = layers.Dense(3, name="s1")

        def call(self, x):
            return self.d2(self.bn(self.d1(x)))

    sub = Sub()
    sub(tf.zeros([1, 4]))
    return {"functional": (_names(functional.weights), [layer.name for layer in functional.layers]),
            "sub": (_names(sub.weights), _names(sub.trainable_weights), [layer.name for layer in sub.layers])}


def case_set_weights_follows_weight_order(tf):
    model = _mlp(tf)
    values = [np.full(w.shape.as_list(), k, np.float32) for k, w in enumerate(model.weights)]
    model.set_weights(values)
    got = model.get_weights()
    bad = _error(lambda: model.set_weights(values[:-1]))
    return {"firsts": [float(v.reshape(-1)[0]) for v in got], "bad": bad is not None and bad["raised"]}


def case_save_weights_h5_layout(tf):
    model = _mlp(tf)
    _seeded(model)

    def run(tmp):
        path = os.path.join(tmp, "w.h5")
        model.save_weights(path)
        return _layout(path)
    return in_tmp(run)


def case_h5_round_trip_into_a_model_with_other_names(tf):
    model = _mlp(tf)
    _seeded(model)
    x = np.linspace(-1, 1, 12, dtype=np.float32).reshape(3, 4)
    before = model.predict(x)

    def run(tmp):
        path = os.path.join(tmp, "w.hdf5")
        model.save_weights(path)
        other = _mlp(tf, names=("u", "v", "w", "z"))
        other.load_weights(path)
        return np.abs(other.predict(x) - before).max()
    return {"max_diff": float(in_tmp(run)), "before": before}


def case_load_tf_written_weights_in_order(tf):
    model = _mlp(tf, names=("l1", "l2", "l3", "l4"))
    model.load_weights(os.path.join(FIX, "mlp_weights.h5"))
    x = np.linspace(-2, 2, 8, dtype=np.float32).reshape(2, 4)
    return {"predict": model.predict(x), "weights": model.get_weights()}


def case_load_tf_written_functional_weights(tf):
    layers = tf.keras.layers
    x = tf.keras.Input((6,), name="features")
    h = layers.Conv1D(2, 3, name="conv")(layers.Reshape((6, 1), name="as_seq")(x))
    model = tf.keras.Model(x, layers.Dense(2, name="head")(layers.Flatten(name="flat")(h)))
    model.load_weights(os.path.join(FIX, "conv_weights.hdf5"))
    data = np.linspace(-1, 1, 12, dtype=np.float32).reshape(2, 6)
    return model.predict(data)


def case_load_weights_by_name(tf):
    layers = tf.keras.layers
    model = tf.keras.Sequential([layers.Dense(5, activation="relu", input_shape=(4,), name="hidden"),
                                 layers.Dense(7, name="other"), layers.Dense(3, name="logits")])
    before = model.get_weights()
    out = {"wrong_shape": _error(lambda: model.load_weights(os.path.join(FIX, "mlp_weights.h5"), by_name=True))}
    head = tf.keras.Sequential([layers.Dense(5, activation="relu", input_shape=(4,), name="hidden"),
                                layers.Dense(3, name="extra")])
    head.load_weights(os.path.join(FIX, "mlp_weights.h5"), by_name=True)
    out["hidden_kernel"] = head.get_weights()[0]
    out["unchanged_after_error"] = all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))
    return out


def case_load_weights_errors(tf):
    layers = tf.keras.layers
    path = os.path.join(FIX, "mlp_weights.h5")
    fewer = tf.keras.Sequential([layers.Dense(5, input_shape=(4,), name="a"), layers.Dense(3, name="b")])
    other_kind = tf.keras.Sequential([layers.Dense(5, input_shape=(4,), name="a"), layers.Dense(5, name="b"),
                                      layers.Dense(3, name="c")])
    return {"layer_count": _error(lambda: fewer.load_weights(path)),
            "weight_count": _error(lambda: other_kind.load_weights(path)),
            "skip_without_by_name": _error(lambda: fewer.load_weights(path, skip_mismatch=True)),
            "skip_with_by_name": _error(lambda: fewer.load_weights(path, by_name=True, skip_mismatch=True))}


def case_save_format_arguments(tf):
    model = _mlp(tf)

    def run(tmp):
        out = {"tf_for_h5": _error(lambda: model.save_weights(os.path.join(tmp, "w.h5"), save_format="tf"), tmp),
               "unknown": _error(lambda: model.save_weights(os.path.join(tmp, "w"), save_format="json"))}
        _seeded(model, 9)
        want = model.get_weights()
        model.save_weights(os.path.join(tmp, "forced"), save_format="h5")
        with open(os.path.join(tmp, "forced"), "rb") as f:
            out["forced_is_h5"] = f.read(8) == b"\x89HDF\r\n\x1a\n"
        model.save_weights(os.path.join(tmp, "ckpt"))
        out["checkpoint_files"] = sorted(f for f in os.listdir(tmp) if f.startswith("ckpt"))
        _seeded(model, 10)
        model.load_weights(os.path.join(tmp, "forced"))  # no extension: not a checkpoint, so HDF5
        out["forced_loaded"] = all(np.array_equal(a, b) for a, b in zip(want, model.get_weights()))
        _seeded(model, 10)
        model.load_weights(os.path.join(tmp, "ckpt"))
        out["ckpt_loaded"] = all(np.array_equal(a, b) for a, b in zip(want, model.get_weights()))
        return out
    return in_tmp(run)
