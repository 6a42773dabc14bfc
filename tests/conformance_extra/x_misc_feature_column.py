"""tf.feature_column (TF1 graph mode): numeric, bucketized, identity, vocabulary (list and file),
hash-bucket, weighted, crossed, indicator, embedding and shared embedding columns through
input_layer and linear_model (values with fixed initializers or assigned weights, variable names,
shapes and collections, column ordering, cols_to_vars), make_parse_example_spec, and TF's errors."""
import os
import tempfile

import numpy as np

from _harness import catch


def _run(tf, fetches, feed_dict=None):
    sess = tf.Session()
    sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
    return sess.run(fetches, feed_dict)


def _vars(tf, key=None):
    return [(v.op.name, v.shape.as_list()) for v in tf.get_collection(key or tf.GraphKeys.GLOBAL_VARIABLES)]


def _spec(spec):
    """A parse spec as plain values (a DType would not compare)."""
    out = {}
    for key, feature in spec.items():
        fields = {f: getattr(feature, f) for f in feature._fields}
        fields["dtype"] = fields["dtype"].name
        out[key] = [type(feature).__name__, fields]
    return out


def _sparse(tf, indices, values, shape, dtype=None):
    return tf.SparseTensor(indices, tf.constant(values, dtype), shape)


# ------------------------------------------------------------------ numeric and bucketized
def case_x_misc_fc_numeric_input_layer(tf):
    fc = tf.feature_column
    cols = [fc.numeric_column("price", shape=[2]), fc.numeric_column("count", dtype=tf.int64),
            fc.numeric_column("scaled", normalizer_fn=lambda x: (x - 2.0) * 10.0)]
    features = {"price": tf.constant([[1.5, 2.0], [3.0, -4.0]]), "count": tf.constant([3, 7], tf.int64),
                "scaled": tf.constant([[1.0], [2.5]])}
    out = fc.input_layer(features, cols)
    return {"value": _run(tf, out), "shape": out.shape.as_list(), "dtype": out.dtype.name,
            "names": [c.name for c in cols], "var_shapes": [c.variable_shape.as_list() for c in cols],
            "vars": _vars(tf)}


def case_x_misc_fc_numeric_defaults_and_specs(tf):
    fc = tf.feature_column
    cols = [fc.numeric_column("a", default_value=2), fc.numeric_column("b", shape=(2, 2), default_value=0.5),
            fc.numeric_column("c", shape=2, default_value=[1, 2]),
            fc.numeric_column("d", shape=[2], default_value=np.array([1.5, 2.5]), dtype=tf.float64),
            fc.numeric_column("e", dtype=tf.int32, default_value=[4])]
    return {"defaults": [c.default_value for c in cols], "shapes": [c.shape for c in cols],
            "spec": _spec(fc.make_parse_example_spec(cols))}


def case_x_misc_fc_numeric_errors(tf):
    nc = tf.feature_column.numeric_column
    return {"float_dim": catch(nc, "a", shape=[1.5]), "zero_dim": catch(nc, "a", shape=[0]),
            "string_dtype": catch(nc, "a", dtype=tf.string), "bad_default_shape": catch(nc, "a", shape=[2],
                                                                                          default_value=[1, 2, 3]),
            "float_default_int": catch(nc, "a", dtype=tf.int32, default_value=1.5),
            "string_default": catch(nc, "a", default_value="x"),
            "normalizer": catch(nc, "a", normalizer_fn=3), "key": catch(nc, 3),
            "sparse_input": catch(lambda: tf.feature_column.input_layer(
                {"a": _sparse(tf, [[0, 0]], [1.0], [1, 1])}, [nc("a")]))}


def case_x_misc_fc_bucketized_input_layer(tf):
    fc = tf.feature_column
    age = fc.bucketized_column(fc.numeric_column("age"), [18, 30, 50])
    pair = fc.bucketized_column(fc.numeric_column("pair", shape=[2]), [0.0, 1.0])
    ints = fc.bucketized_column(fc.numeric_column("n", dtype=tf.int32), [2, 4])
    features = {"age": tf.constant([[10.0], [18.0], [29.9], [50.0], [70.0]]),
                "pair": tf.constant([[-1.0, 0.0], [0.5, 1.0], [2.0, 1.0], [0.0, -3.0], [1.0, 1.0]]),
                "n": tf.constant([[1], [2], [3], [4], [5]])}
    out = fc.input_layer(features, [pair, age, ints])
    return {"value": _run(tf, out), "shape": out.shape.as_list(), "names": [age.name, pair.name, ints.name],
            "num_buckets": [age.num_buckets, pair.num_buckets, ints.num_buckets],
            "var_shape": pair.variable_shape.as_list(), "boundaries": age.boundaries}


def case_x_misc_fc_bucketized_errors(tf):
    fc = tf.feature_column
    return {"not_numeric": catch(fc.bucketized_column, fc.categorical_column_with_identity("a", 3), [1]),
            "two_dim": catch(fc.bucketized_column, fc.numeric_column("a", shape=[2, 2]), [1]),
            "empty": catch(fc.bucketized_column, fc.numeric_column("a"), []),
            "unsorted": catch(fc.bucketized_column, fc.numeric_column("a"), [2, 1]),
            "repeated": catch(fc.bucketized_column, fc.numeric_column("a"), [1, 1]),
            "not_list": catch(fc.bucketized_column, fc.numeric_column("a"), np.array([1.0, 2.0]))}


# ------------------------------------------------------------------ categorical columns via indicator
def case_x_misc_fc_identity_indicator(tf):
    fc = tf.feature_column
    plain = fc.categorical_column_with_identity("ids", 4)
    dflt = fc.categorical_column_with_identity("raw", 4, default_value=0)
    features = {"ids": tf.constant([[1, -1, 3], [2, 2, -1], [-1, -1, -1]]),
                "raw": _sparse(tf, [[0, 0], [1, 0], [1, 1], [2, 0]], [7, 3, -2, 1], [3, 2], tf.int64)}
    out = fc.input_layer(features, [fc.indicator_column(plain), fc.indicator_column(dflt)])
    return {"value": _run(tf, out), "names": [fc.indicator_column(plain).name, plain.num_buckets],
            "spec": _spec(fc.make_parse_example_spec([plain]))}


def case_x_misc_fc_identity_errors(tf):
    fc = tf.feature_column
    strings = fc.indicator_column(fc.categorical_column_with_identity("s", 3))
    return {"zero": catch(fc.categorical_column_with_identity, "a", 0),
            "default_range": catch(fc.categorical_column_with_identity, "a", 3, default_value=3),
            "negative_default": catch(fc.categorical_column_with_identity, "a", 3, default_value=-1),
            "string_input": catch(lambda: fc.input_layer({"s": tf.constant([["a"]])}, [strings])),
            "not_categorical": catch(fc.indicator_column, fc.numeric_column("a"))}


def case_x_misc_fc_vocabulary_list(tf):
    fc = tf.feature_column
    oov = fc.categorical_column_with_vocabulary_list("color", ["red", "green", "blue"], num_oov_buckets=2)
    dflt = fc.categorical_column_with_vocabulary_list("size", ("S", "M", "L"), default_value=1)
    ints = fc.categorical_column_with_vocabulary_list("code", [10, 20, 30], dtype=tf.int32)
    features = {"color": tf.constant([["red", "pink"], ["blue", ""], ["teal", "green"]]),
                "size": tf.constant([["L"], ["XL"], ["S"]]), "code": tf.constant([[30, 10], [99, -1], [20, 20]])}
    out = fc.input_layer(features, [fc.indicator_column(c) for c in (oov, dflt, ints)])
    return {"value": _run(tf, out), "buckets": [oov.num_buckets, dflt.num_buckets, ints.num_buckets],
            "dtypes": [c.dtype.name for c in (oov, dflt, ints)],
            "n_table_inits": len(tf.get_collection(tf.GraphKeys.TABLE_INITIALIZERS)),
            "spec": _spec(fc.make_parse_example_spec([oov, ints]))}


def case_x_misc_fc_vocabulary_list_errors(tf):
    vl = tf.feature_column.categorical_column_with_vocabulary_list
    return {"empty": catch(vl, "a", []), "dup": catch(vl, "a", ["x", "x"]),
            "both": catch(vl, "a", ["x"], default_value=0, num_oov_buckets=1),
            "neg_oov": catch(vl, "a", ["x"], num_oov_buckets=-1),
            "dtype_mismatch": catch(vl, "a", ["x"], dtype=tf.int64), "float_vocab": catch(vl, "a", [1.5, 2.5]),
            "input_mismatch": catch(lambda: tf.feature_column.input_layer(
                {"a": tf.constant([[1]])}, [tf.feature_column.indicator_column(vl("a", ["x"]))]))}


def case_x_misc_fc_vocabulary_file(tf):
    fc = tf.feature_column
    path = os.path.join(tempfile.mkdtemp(), "vocab.txt")
    with open(path, "w") as f:
        f.write("apple\nbanana\ncherry\ndate\n")
    sized = fc.categorical_column_with_vocabulary_file("fruit", path)
    oov = fc.categorical_column_with_vocabulary_file("fruit2", path, vocabulary_size=3, num_oov_buckets=2)
    dflt = fc.categorical_column_with_vocabulary_file("fruit3", path, default_value=0)
    features = {"fruit": tf.constant([["cherry"], ["kiwi"]]), "fruit2": tf.constant([["date"], ["apple"]]),
                "fruit3": tf.constant([["kiwi"], ["banana"]])}
    out = fc.input_layer(features, [fc.indicator_column(c) for c in (sized, oov, dflt)])
    return {"value": _run(tf, out), "sizes": [sized.vocabulary_size, oov.vocabulary_size],
            "buckets": [sized.num_buckets, oov.num_buckets, dflt.num_buckets],
            "missing": catch(fc.categorical_column_with_vocabulary_file, "x", path + ".missing"),
            "none": catch(fc.categorical_column_with_vocabulary_file, "x", ""),
            "both": catch(fc.categorical_column_with_vocabulary_file, "x", path, num_oov_buckets=1, default_value=0)}


def case_x_misc_fc_hash_bucket(tf):
    fc = tf.feature_column
    words = fc.categorical_column_with_hash_bucket("word", 10)
    ids = fc.categorical_column_with_hash_bucket("id", 7, dtype=tf.int64)
    features = {"word": tf.constant([["hello", "world"], ["tf", ""], ["", ""]]),
                "id": tf.constant([[123], [-1], [45678]], tf.int64)}
    out = fc.input_layer(features, [fc.indicator_column(words), fc.indicator_column(ids)])
    return {"value": _run(tf, out), "spec": _spec(fc.make_parse_example_spec([words, ids])),
            "zero": catch(fc.categorical_column_with_hash_bucket, "a", 0),
            "none": catch(fc.categorical_column_with_hash_bucket, "a", None),
            "float": catch(fc.categorical_column_with_hash_bucket, "a", 3, dtype=tf.float32),
            "mismatch": catch(lambda: fc.input_layer({"id2": tf.constant([["x"]])}, [
                fc.indicator_column(fc.categorical_column_with_hash_bucket("id2", 3, dtype=tf.int64))]))}


def case_x_misc_fc_crossed(tf):
    fc = tf.feature_column
    age = fc.bucketized_column(fc.numeric_column("age"), [20, 40])
    cross = fc.crossed_column([age, "city"], 16)
    keyed = fc.crossed_column(["city", "lang"], 5, hash_key=123)
    nested = fc.crossed_column([cross, fc.categorical_column_with_identity("k", 3)], 11)
    features = {"age": tf.constant([[15.0], [35.0], [60.0]]), "city": tf.constant([["paris", "rome"], ["oslo", ""],
                                                                                  ["lima", "rome"]]),
                "lang": tf.constant([["fr"], ["no"], ["es"]]), "k": tf.constant([[2], [0], [1]])}
    out = fc.input_layer(features, [fc.indicator_column(c) for c in (cross, keyed, nested)])
    return {"value": _run(tf, out), "names": [cross.name, keyed.name, nested.name],
            "spec": _spec(fc.make_parse_example_spec([nested, keyed]))}


def case_x_misc_fc_crossed_errors(tf):
    fc = tf.feature_column
    weighted = fc.weighted_categorical_column(fc.categorical_column_with_identity("i", 3), "w")
    return {"zero": catch(fc.crossed_column, ["a", "b"], 0), "one_key": catch(fc.crossed_column, ["a"], 3),
            "numeric_key": catch(fc.crossed_column, ["a", fc.numeric_column("b")], 3),
            "hashed_key": catch(fc.crossed_column, ["a", fc.categorical_column_with_hash_bucket("b", 3)], 3),
            "weighted": catch(lambda: fc.input_layer(
                {"a": tf.constant([["x"]]), "i": tf.constant([[1]]), "w": tf.constant([[2.0]])},
                [fc.indicator_column(fc.crossed_column(["a", weighted], 5))]))}


def case_x_misc_fc_weighted_indicator(tf):
    fc = tf.feature_column
    col = fc.weighted_categorical_column(fc.categorical_column_with_identity("ids", 4), "w")
    features = {"ids": tf.constant([[1, 3, -1], [2, 2, 0]], tf.int64),
                "w": tf.constant([[0.5, 2.0, 9.0], [1.0, 3.0, 0.0]])}
    out = fc.input_layer(features, [fc.indicator_column(col)])
    return {"value": _run(tf, out), "name": col.name, "buckets": col.num_buckets,
            "spec": _spec(fc.make_parse_example_spec([col])),
            "bad_dtype": catch(fc.weighted_categorical_column, col.categorical_column, "w", dtype=tf.string),
            "clash": catch(lambda: fc.weighted_categorical_column(col.categorical_column, "ids").parse_example_spec)}


# ------------------------------------------------------------------ embeddings
def case_x_misc_fc_embedding_combiners(tf):
    fc = tf.feature_column
    table = np.arange(15, dtype=np.float32).reshape(5, 3) / 4.0
    ids = fc.categorical_column_with_identity("ids", 5)
    cols = [fc.embedding_column(ids, 3, combiner=c, initializer=tf.constant_initializer(table))
            for c in ("mean", "sqrtn", "sum")]
    features = {"ids": tf.constant([[0, 4, -1], [2, -1, -1], [-1, -1, -1], [1, 1, 3]])}
    outs = [fc.input_layer(features, [c]) for c in cols]
    return {"values": _run(tf, outs), "shape": outs[0].shape.as_list(), "vars": _vars(tf),
            "name": cols[0].name, "var_shape": cols[0].variable_shape.as_list()}


def case_x_misc_fc_embedding_weighted_and_max_norm(tf):
    fc = tf.feature_column
    table = np.array([[3.0, 4.0], [0.3, 0.4], [1.0, -2.0], [6.0, 8.0]], np.float32)
    weighted = fc.weighted_categorical_column(fc.categorical_column_with_identity("ids", 4), "w")
    init = tf.constant_initializer(table)
    cols = [fc.embedding_column(weighted, 2, combiner=c, initializer=init) for c in ("mean", "sqrtn", "sum")]
    clipped = fc.embedding_column(fc.categorical_column_with_identity("ids2", 4), 2, combiner="sum",
                                  initializer=init, max_norm=1.0)
    features = {"ids": tf.constant([[0, 2], [3, 1], [1, -1]]), "w": tf.constant([[2.0, 0.5], [1.0, -1.0],
                                                                                [0.5, 0.0]]),
                "ids2": tf.constant([[0, 3], [1, -1], [2, 2]])}
    outs = [fc.input_layer(features, [c]) for c in cols + [clipped]]
    return _run(tf, outs)


def case_x_misc_fc_embedding_variables(tf):
    fc = tf.feature_column
    color = fc.categorical_column_with_vocabulary_list("color", ["r", "g", "b"], num_oov_buckets=1)
    frozen = fc.embedding_column(color, 4, trainable=False, initializer=tf.ones_initializer())
    hashed = fc.embedding_column(fc.categorical_column_with_hash_bucket("h", 6), 2,
                                 initializer=tf.zeros_initializer())
    cols_to_vars = {}
    out = fc.input_layer({"color": tf.constant([["g"]]), "h": tf.constant([["q"]])}, [hashed, frozen],
                         weight_collections=["my_weights"], cols_to_vars=cols_to_vars)
    return {"value": _run(tf, out), "global": _vars(tf), "trainable": _vars(tf, tf.GraphKeys.TRAINABLE_VARIABLES),
            "model": _vars(tf, tf.GraphKeys.MODEL_VARIABLES), "mine": _vars(tf, "my_weights"),
            "cols_to_vars": sorted((c.name, [v.op.name for v in vs]) for c, vs in cols_to_vars.items())}


def case_x_misc_fc_embedding_default_initializer(tf):
    fc = tf.feature_column
    col = fc.embedding_column(fc.categorical_column_with_identity("ids", 50), 16)
    fc.input_layer({"ids": tf.constant([[1]])}, [col])
    weights = _run(tf, tf.global_variables()[0])
    # truncated normal with stddev 1/sqrt(dimension): every value within two stddevs
    return {"bounded": bool(np.all(np.abs(weights) <= 2.0 / 4.0 + 1e-6)), "shape": list(weights.shape),
            "init": type(col.initializer).__name__}


def case_x_misc_fc_embedding_errors(tf):
    fc = tf.feature_column
    ids = fc.categorical_column_with_identity("ids", 3)
    return {"dim0": catch(fc.embedding_column, ids, 0), "dim_none": catch(fc.embedding_column, ids, None),
            "init": catch(fc.embedding_column, ids, 2, initializer=3.0),
            "ckpt_half": catch(fc.embedding_column, ids, 2, ckpt_to_load_from="x"),
            "bad_combiner": catch(lambda: fc.input_layer({"ids": tf.constant([[1]])},
                                                         [fc.embedding_column(ids, 2, combiner="max")]))}


def case_x_misc_fc_shared_embeddings(tf):
    fc = tf.feature_column
    a = fc.categorical_column_with_identity("a", 4)
    b = fc.categorical_column_with_identity("b", 4)
    table = np.arange(8, dtype=np.float32).reshape(4, 2)
    ea, eb = fc.shared_embedding_columns([b, a], 2, initializer=tf.constant_initializer(table))
    cols_to_vars = {}
    out = fc.input_layer({"a": tf.constant([[0, 1]]), "b": tf.constant([[3, -1]])}, [ea, eb],
                         cols_to_vars=cols_to_vars)
    named = fc.shared_embedding_columns([a, b], 2, combiner="sum", shared_embedding_collection_name="shared",
                                        initializer=tf.constant_initializer(table))
    out2 = fc.input_layer({"a": tf.constant([[0, 1]]), "b": tf.constant([[3, -1]])}, named)
    return {"value": _run(tf, [out, out2]), "names": [ea.name, eb.name, ea.shared_embedding_collection_name],
            "vars": _vars(tf), "collection": [v.op.name for v in tf.get_collection("a_b_shared_embedding")],
            "cols_to_vars": sorted((c.name, [v.op.name for v in vs]) for c, vs in cols_to_vars.items()),
            "buckets": catch(fc.shared_embedding_columns, [a, fc.categorical_column_with_identity("c", 5)], 2),
            "types": catch(fc.shared_embedding_columns, [a, fc.categorical_column_with_hash_bucket("c", 4)], 2)}


# ------------------------------------------------------------------ input_layer and linear_model
def case_x_misc_fc_input_layer_order_and_outputs(tf):
    fc = tf.feature_column
    cols = [fc.numeric_column("zeta"), fc.numeric_column("alpha", shape=[2]),
            fc.indicator_column(fc.categorical_column_with_identity("mid", 3))]
    outputs = {}
    features = {"zeta": tf.constant([[9.0], [8.0]]), "alpha": tf.constant([[1.0, 2.0], [3.0, 4.0]]),
                "mid": tf.constant([2, 0])}
    out = fc.input_layer(features, cols, cols_to_output_tensors=outputs)
    again = fc.input_layer(features, cols[:1])
    return {"value": _run(tf, out), "shapes": sorted((c.name, t.shape.as_list()) for c, t in outputs.items()),
            "op_names": [out.op.name, again.op.name], "out_shape": out.shape.as_list()}


def case_x_misc_fc_input_layer_errors(tf):
    fc = tf.feature_column
    num = fc.numeric_column("a")
    feats = {"a": tf.constant([[1.0]])}
    return {"categorical": catch(fc.input_layer, feats, [fc.categorical_column_with_identity("a", 3)]),
            "duplicate": catch(fc.input_layer, feats, [num, fc.numeric_column("a")]),
            "empty": catch(fc.input_layer, feats, []), "dict": catch(fc.input_layer, feats, {"a": num}),
            "not_column": catch(fc.input_layer, feats, ["a"]),
            "missing": catch(fc.input_layer, {"b": tf.constant([[1.0]])}, [num]),
            "rank0": catch(fc.input_layer, {"a": tf.constant(1.0)}, [num]),
            "batch": catch(fc.input_layer, {"a": tf.constant([[1.0]]), "b": tf.constant([[1.0], [2.0]])},
                           [num, fc.numeric_column("b")])}


def case_x_misc_fc_input_layer_placeholders(tf):
    fc = tf.feature_column
    x = tf.placeholder(tf.float32, [None, 2])
    s = tf.placeholder(tf.string, [None])
    col = fc.indicator_column(fc.categorical_column_with_vocabulary_list("s", ["a", "b"]))
    out = fc.input_layer({"x": x, "s": s}, [fc.numeric_column("x", shape=[2]), col])
    return {"value": _run(tf, out, {x: [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], s: ["b", "a", "z"]}),
            "shape": out.shape.as_list()}


def case_x_misc_fc_linear_model_assigned(tf):
    fc = tf.feature_column
    age = fc.bucketized_column(fc.numeric_column("age"), [30])
    color = fc.categorical_column_with_vocabulary_list("color", ["r", "g"])
    cols = [fc.numeric_column("price", shape=[2]), age, color,
            fc.crossed_column([age, "color"], 4)]
    cols_to_vars = {}
    features = {"price": tf.constant([[1.0, 2.0], [3.0, 4.0]]), "age": tf.constant([[20.0], [40.0]]),
                "color": tf.constant([["g", "r"], ["x", ""]])}
    out = fc.linear_model(features, cols, units=2, cols_to_vars=cols_to_vars)
    sess = tf.Session()
    sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
    for i, v in enumerate(tf.global_variables()):
        shape = v.shape.as_list()
        sess.run(tf.assign(v, np.arange(np.prod(shape), dtype=np.float32).reshape(shape) + i))
    return {"value": sess.run(out), "shape": out.shape.as_list(), "vars": _vars(tf),
            "trainable": _vars(tf, tf.GraphKeys.TRAINABLE_VARIABLES),
            "model": _vars(tf, tf.GraphKeys.MODEL_VARIABLES),
            "cols_to_vars": sorted((c if isinstance(c, str) else c.name, [v.op.name for v in vs])
                                   for c, vs in cols_to_vars.items())}


def case_x_misc_fc_linear_model_combiners(tf):
    fc = tf.feature_column
    col = fc.weighted_categorical_column(fc.categorical_column_with_identity("ids", 3), "w")
    features = {"ids": tf.constant([[0, 2], [1, -1], [-1, -1]]), "w": tf.constant([[1.0, 3.0], [2.0, 0.0],
                                                                                  [0.0, 0.0]])}
    outs = []
    for combiner in ("sum", "mean", "sqrtn"):
        with tf.variable_scope(combiner):
            outs.append(fc.linear_model(features, [col], sparse_combiner=combiner))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for v in tf.global_variables():
        sess.run(tf.assign(v, np.full(v.shape.as_list(), 1.0, np.float32) if "bias" in v.op.name else
                           np.array([[1.0], [10.0], [100.0]], np.float32)))
    return {"values": sess.run(outs), "vars": _vars(tf)}


def case_x_misc_fc_linear_model_scopes_and_errors(tf):
    fc = tf.feature_column
    col = fc.numeric_column("a")
    feats = {"a": tf.constant([[2.0]])}
    first = fc.linear_model(feats, [col], trainable=False)
    second = fc.linear_model(feats, [col], weight_collections=["extra"])
    return {"value": _run(tf, [first, second]), "vars": _vars(tf),
            "trainable": _vars(tf, tf.GraphKeys.TRAINABLE_VARIABLES), "extra": _vars(tf, "extra"),
            "shapes": [first.shape.as_list(), second.shape.as_list()],
            "not_column": catch(fc.linear_model, feats, ["a"]),
            "shared": catch(fc.linear_model, feats, fc.shared_embedding_columns(
                [fc.categorical_column_with_identity("a", 2)], 2))}


def case_x_misc_fc_linear_model_trains(tf):
    fc = tf.feature_column
    cols = [fc.numeric_column("x"), fc.categorical_column_with_hash_bucket("tag", 5)]
    features = {"x": tf.constant([[1.0], [2.0], [3.0]]), "tag": tf.constant([["a"], ["b"], ["a"]])}
    pred = fc.linear_model(features, cols)
    loss = tf.reduce_mean(tf.square(pred - tf.constant([[1.0], [2.0], [3.0]])))
    step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for _ in range(3):
        sess.run(step)
    return {"loss": sess.run(loss), "weights": sess.run(tf.global_variables())}


def case_x_misc_fc_embedding_trains(tf):
    fc = tf.feature_column
    col = fc.embedding_column(fc.categorical_column_with_identity("ids", 4), 2,
                              initializer=tf.constant_initializer(np.ones((4, 2), np.float32)))
    out = fc.input_layer({"ids": tf.constant([[0, 1], [3, -1]])}, [col])
    loss = tf.reduce_sum(out * tf.constant([[1.0, 2.0], [3.0, 4.0]]))
    grad = tf.convert_to_tensor(tf.gradients(loss, tf.global_variables())[0])
    step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    g = sess.run(grad)
    sess.run(step)
    return {"grad": g, "after": sess.run(tf.global_variables()[0])}


# ------------------------------------------------------------------ parse specs and parsing
def case_x_misc_fc_make_parse_example_spec(tf):
    fc = tf.feature_column
    age = fc.numeric_column("age", default_value=-1.0)
    cols = [fc.bucketized_column(age, [1.0]), fc.categorical_column_with_identity("id", 3),
            fc.embedding_column(fc.categorical_column_with_vocabulary_list("w", [1, 2]), 2),
            fc.crossed_column(["a", "b"], 3), fc.weighted_categorical_column(
                fc.categorical_column_with_identity("i", 3), "iw", dtype=tf.int32)]
    return {"spec": _spec(fc.make_parse_example_spec(cols)),
            "clash": catch(fc.make_parse_example_spec, [age, fc.numeric_column("age")]),
            "same": sorted(fc.make_parse_example_spec([age, age])),
            "not_column": catch(fc.make_parse_example_spec, ["age"])}


def case_x_misc_fc_parse_example_end_to_end(tf):
    fc = tf.feature_column
    cols = [fc.numeric_column("price", default_value=0.0),
            fc.indicator_column(fc.categorical_column_with_vocabulary_list("tags", ["x", "y", "z"])),
            fc.embedding_column(fc.categorical_column_with_identity("ids", 3), 2, combiner="sum",
                                initializer=tf.constant_initializer([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]))]

    def example(price, tags, ids):
        feature = {"tags": tf.train.Feature(bytes_list=tf.train.BytesList(value=[t.encode() for t in tags])),
                   "ids": tf.train.Feature(int64_list=tf.train.Int64List(value=ids))}
        if price is not None:
            feature["price"] = tf.train.Feature(float_list=tf.train.FloatList(value=[price]))
        return tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString()

    serialized = tf.constant([example(2.5, ["x", "z"], [0, 2]), example(None, ["y", "w"], []),
                              example(1.0, [], [1, 1])])
    features = tf.parse_example(serialized, fc.make_parse_example_spec(cols))
    out = fc.input_layer(features, cols)
    return {"value": _run(tf, out), "keys": sorted(features)}


def case_x_misc_fc_tables_initializer_needed(tf):
    fc = tf.feature_column
    col = fc.indicator_column(fc.categorical_column_with_vocabulary_list("s", ["a", "b"]))
    out = fc.input_layer({"s": tf.constant([["b"]])}, [col])
    sess = tf.Session()
    before = catch(sess.run, out)
    sess.run(tf.tables_initializer())
    return {"before": before, "after": sess.run(out),
            "inits": [op.type for op in tf.get_collection(tf.GraphKeys.TABLE_INITIALIZERS)]}


def case_x_misc_fc_sparse_and_rank1_features(tf):
    fc = tf.feature_column
    words = fc.categorical_column_with_vocabulary_list("w", ["a", "b", "c"])
    ids = fc.categorical_column_with_identity("i", 5)
    features = {"w": _sparse(tf, [[0, 0], [0, 2], [2, 1]], ["c", "a", "b"], [3, 4]),
                "i": tf.constant([4, 1, 0], tf.int64), "n": tf.constant([1.0, 2.0, 3.0])}
    out = fc.input_layer(features, [fc.indicator_column(words), fc.indicator_column(ids), fc.numeric_column("n")])
    emb = fc.input_layer(features, [fc.embedding_column(words, 1, initializer=tf.constant_initializer(
        [[1.0], [10.0], [100.0]]), combiner="sum")])
    return {"value": _run(tf, [out, emb]), "shape": out.shape.as_list()}


def case_x_misc_fc_column_reprs_and_equality(tf):
    fc = tf.feature_column
    a = fc.categorical_column_with_vocabulary_list("c", ["x", "y"])
    return {"equal": a == fc.categorical_column_with_vocabulary_list("c", ("x", "y")),
            "hash_equal": hash(fc.numeric_column("n")) == hash(fc.numeric_column("n")),
            "reprs": [repr(fc.numeric_column("n", shape=[2])), repr(a), repr(fc.crossed_column(["p", a], 3)),
                      repr(fc.indicator_column(fc.categorical_column_with_identity("i", 2))),
                      repr(fc.categorical_column_with_hash_bucket("h", 4)),
                      repr(fc.weighted_categorical_column(a, "w")),
                      repr(fc.bucketized_column(fc.numeric_column("n"), [1, 2]))],
            "types": [type(c).__name__ for c in (a, fc.numeric_column("n"), fc.crossed_column(["p", a], 3))]}


def case_x_misc_fc_embedding_from_checkpoint(tf):
    fc = tf.feature_column
    prefix = os.path.join(tempfile.mkdtemp(), "model")
    saved = np.arange(8, dtype=np.float32).reshape(4, 2)
    with tf.Graph().as_default():
        emb = tf.Variable(saved, name="emb")
        with tf.Session() as sess:
            sess.run(emb.initializer)
            tf.train.Saver([emb]).save(sess, prefix)
    ids = fc.categorical_column_with_identity("ids", 4)
    col = fc.embedding_column(ids, 2, combiner="sum", ckpt_to_load_from=prefix, tensor_name_in_ckpt="emb")
    shared = fc.shared_embedding_columns([ids], 2, ckpt_to_load_from=prefix, tensor_name_in_ckpt="emb")
    out = fc.input_layer({"ids": tf.constant([[3, 1], [0, -1]])}, [col] + shared)
    wrong = fc.embedding_column(fc.categorical_column_with_identity("ids", 5), 2, ckpt_to_load_from=prefix,
                                tensor_name_in_ckpt="emb")
    missing = fc.embedding_column(ids, 2, ckpt_to_load_from=prefix, tensor_name_in_ckpt="nope")
    return {"value": _run(tf, out), "vars": _vars(tf),
            "wrong_shape": catch(fc.input_layer, {"ids": tf.constant([[1]])}, [wrong]),
            "missing": catch(fc.input_layer, {"ids": tf.constant([[1]])}, [missing])}


# ------------------------------------------------------------------ sequence columns
def case_x_misc_fc_sequence_columns_in_linear_model(tf):
    fc = tf.feature_column
    ids = fc.sequence_categorical_column_with_identity("ids", 4)
    words = fc.sequence_categorical_column_with_vocabulary_list("w", ["a", "b", "c"], num_oov_buckets=1)
    hashed = fc.sequence_categorical_column_with_hash_bucket("h", 5)
    features = {"ids": tf.SparseTensor([[0, 0], [0, 1], [1, 0], [2, 2]], tf.constant([1, 3, 2, 0], tf.int64),
                                       [3, 3]),
                "w": tf.SparseTensor([[0, 0], [1, 0], [1, 1]], tf.constant(["c", "a", "zz"]), [3, 2]),
                "h": tf.SparseTensor([[0, 0], [2, 1]], tf.constant(["p", "q"]), [3, 2])}
    cols_to_vars = {}
    out = fc.linear_model(features, [ids, words, hashed], cols_to_vars=cols_to_vars)
    sess = tf.Session()
    sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
    for i, v in enumerate(tf.global_variables()):
        shape = v.shape.as_list()
        sess.run(tf.assign(v, np.arange(np.prod(shape), dtype=np.float32).reshape(shape) * (i + 1)))
    return {"value": sess.run(out), "vars": _vars(tf), "names": [c.name for c in (ids, words, hashed)],
            "buckets": [c.num_buckets for c in (ids, words, hashed)], "types": [type(ids).__name__],
            "spec": _spec(fc.make_parse_example_spec([ids, words, hashed]))}


def case_x_misc_fc_sequence_columns_errors(tf):
    fc = tf.feature_column
    ids = fc.sequence_categorical_column_with_identity("ids", 4)
    feats = {"ids": tf.SparseTensor([[0, 0]], tf.constant([1], tf.int64), [1, 2]), "x": tf.constant([[1.0]])}
    num = fc.sequence_numeric_column("x", shape=[2], default_value=-1.0)
    return {"embedding": catch(fc.input_layer, feats, [fc.embedding_column(ids, 2)]),
            "indicator": catch(fc.input_layer, feats, [fc.indicator_column(ids)]),
            "numeric_input_layer": catch(fc.input_layer, feats, [num]),
            "numeric_spec": catch(fc.make_parse_example_spec, [num]),
            "numeric": [num.name, num.shape, num.default_value, num.dtype.name, _spec(num.parse_example_spec),
                        num.variable_shape.as_list()],
            "numeric_errors": [catch(fc.sequence_numeric_column, "x", shape=[0]),
                               catch(fc.sequence_numeric_column, "x", dtype=tf.string),
                               catch(fc.sequence_numeric_column, "x", normalizer_fn=1)],
            "identity_error": catch(fc.sequence_categorical_column_with_identity, "i", 0),
            "shared": [c.name for c in fc.shared_embedding_columns(
                [ids, fc.sequence_categorical_column_with_identity("j", 4)], 2)]}
