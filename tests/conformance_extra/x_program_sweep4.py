"""Whole TF1 programs, fourth sweep: the edges programs print or trip over rather than the numbers
they train. Error paths (the exception class, the op named in the message, a session that stays
usable with its variables intact), static shapes printed through placeholders of partly known
shape, op and tensor names under scopes, graph listings and node_def attrs, collections, nested
fetch structures, placeholder_with_default feeds, iterators with string handles, seeds set after
ops exist."""
import collections

import numpy as np

from _harness import catch, message_has

Point = collections.namedtuple("Point", ["x", "y"])


def _shape(t):
    shape = t.get_shape()
    return None if shape.ndims is None else shape.as_list()


def case_x_program_sweep4_int_plus_float_error(tf):
    a = tf.constant(1, name="a")
    b = tf.constant(2.0, name="b")
    add = message_has(lambda: tf.add(a, b), "int32", "float32", "add", "Add")
    plus = message_has(lambda: a + b, "int32", "float32")
    matmul = message_has(lambda: tf.matmul(tf.ones([2, 2], tf.int32), tf.ones([2, 2])), "int32", "float32", "MatMul")
    ok = tf.cast(a, tf.float32) + b
    with tf.Session() as sess:
        return add, plus, matmul, sess.run(ok), catch(lambda: a * 2.5)


def case_x_program_sweep4_feed_shape_error_keeps_variables(tf):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    w = tf.Variable(tf.ones([3, 2]), name="w")
    y = tf.matmul(x, w, name="y")
    step = tf.assign_add(w, tf.ones([3, 2]), name="bump")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(step)
        bad_rank = message_has(lambda: sess.run(y, {x: np.ones([3], np.float32)}), "x", "(3,)", "(?, 3)")
        bad_dim = message_has(lambda: sess.run(y, {x: np.ones([2, 4], np.float32)}), "x", "(2, 4)", "(?, 3)")
        missing = message_has(lambda: sess.run(y), "x", "placeholder", "float")
        after = sess.run(y, {x: np.ones([1, 3], np.float32)})
        return bad_rank, bad_dim, missing, after, sess.run(w)


def case_x_program_sweep4_runtime_error_names_op(tf):
    x = tf.placeholder(tf.float32, [None], name="inputs")
    v = tf.Variable([1.0, 2.0, 3.0], name="v")
    checked = tf.check_numerics(tf.log(x), "log of inputs", name="checked")
    gathered = tf.gather(v, tf.constant([0, 5]), name="pick")
    reshaped = tf.reshape(x, [2, 2], name="square")
    update = tf.assign(v, v * 2.0)
    with tf.Session() as sess:
        sess.run(v.initializer)
        sess.run(update)
        r1 = message_has(lambda: sess.run(checked, {x: [1.0, -1.0]}), "log of inputs", "checked", "NaN")
        r2 = message_has(lambda: sess.run(gathered), "pick", "5", "[0, 3)")
        r3 = message_has(lambda: sess.run(reshaped, {x: [1.0, 2.0, 3.0]}), "square", "3", "4")
        ok = sess.run([checked, reshaped], {x: [1.0, 2.0, 3.0, 4.0]})
        return r1, r2, r3, ok, sess.run(v)


def case_x_program_sweep4_assert_ops_messages(tf):
    x = tf.placeholder(tf.float32, [None], name="x")
    checks = [tf.assert_positive(x, message="need positive", name="pos"),
              tf.assert_less(x, 10.0, name="small")]
    with tf.control_dependencies(checks):
        total = tf.reduce_sum(x, name="total")
    with tf.Session() as sess:
        good = sess.run(total, {x: [1.0, 2.0]})
        neg = message_has(lambda: sess.run(total, {x: [1.0, -2.0]}), "need positive", "pos", "x")
        big = message_has(lambda: sess.run(total, {x: [1.0, 20.0]}), "small", "x")
        again = sess.run(total, {x: [3.0]})
    return good, neg, big, again, checks[0].type, checks[1].name


def case_x_program_sweep4_shapes_through_reshape_concat_tile(tf):
    x = tf.placeholder(tf.float32, [None, 4, 3], name="x")
    y = tf.placeholder(tf.float32, [2, None, 3])
    n = tf.placeholder(tf.int32, [])
    out = {
        "reshape_flat": _shape(tf.reshape(x, [-1, 12])),
        "reshape_batch": _shape(tf.reshape(x, [tf.shape(x)[0], -1])),
        "reshape_known": _shape(tf.reshape(y, [2, -1])),
        "reshape_n": _shape(tf.reshape(x, [n, 3, -1])),
        "concat0": _shape(tf.concat([x, y], 0)),
        "concat1": _shape(tf.concat([x, y], 1)),
        "concat_neg": _shape(tf.concat([x, x], -1)),
        "tile": _shape(tf.tile(x, [2, 1, 3])),
        "tile_ph": _shape(tf.tile(x, tf.stack([1, n, 1]))),
        "stack": _shape(tf.stack([x, x], axis=1)),
        "expand": _shape(tf.expand_dims(x, -1)),
        "squeeze": _shape(tf.squeeze(tf.placeholder(tf.float32, [None, 1, 5, 1]))),
        "transpose": _shape(tf.transpose(x)),
        "unknown_rank_reshape": _shape(tf.reshape(tf.placeholder(tf.float32), [-1, 2])),
    }
    return out


def case_x_program_sweep4_shapes_through_gather_pad_slice(tf):
    x = tf.placeholder(tf.float32, [None, 5, 6], name="x")
    idx = tf.placeholder(tf.int32, [None])
    paddings = tf.placeholder(tf.int32, [3, 2])
    return {
        "gather0": _shape(tf.gather(x, idx)),
        "gather1": _shape(tf.gather(x, [0, 2], axis=1)),
        "gather_nd": _shape(tf.gather_nd(x, tf.placeholder(tf.int32, [7, 2]))),
        "pad": _shape(tf.pad(x, [[1, 1], [0, 2], [3, 0]])),
        "pad_ph": _shape(tf.pad(x, paddings)),
        "slice": _shape(x[:, 1:4, ::2]),
        "slice_index": _shape(x[0, :, -1]),
        "slice_newaxis": _shape(x[:, tf.newaxis, 2:, ...]),
        "slice_ellipsis": _shape(x[..., 0]),
        "strided_neg": _shape(x[:, ::-1, 5:1:-2]),
        "tf_slice": _shape(tf.slice(x, [0, 1, 2], [-1, 2, 3])),
        "split": [_shape(t) for t in tf.split(x, [1, 4], axis=1)],
        "one_hot": _shape(tf.one_hot(idx, 10)),
        "boolean_mask": _shape(tf.boolean_mask(x, tf.placeholder(tf.bool, [None]))),
        "where1": _shape(tf.where(tf.placeholder(tf.bool, [None, 3]))),
    }


def case_x_program_sweep4_shapes_through_conv_pool(tf):
    images = tf.placeholder(tf.float32, [None, 28, None, 3], name="images")
    k = tf.ones([5, 5, 3, 8])
    same = tf.nn.conv2d(images, k, [1, 2, 2, 1], "SAME")
    valid = tf.nn.conv2d(images, k, [1, 1, 1, 1], "VALID")
    pool = tf.nn.max_pool(same, [1, 3, 3, 1], [1, 2, 2, 1], "VALID")
    avg = tf.nn.avg_pool(valid, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
    full = tf.placeholder(tf.float32, [4, 32, 32, 3])
    dil = tf.nn.atrous_conv2d(full, k, 2, "VALID")
    dw = tf.nn.depthwise_conv2d(full, tf.ones([3, 3, 3, 2]), [1, 1, 1, 1], "VALID")
    up = tf.nn.conv2d_transpose(tf.placeholder(tf.float32, [None, 7, 7, 8]), k,
                                tf.stack([tf.shape(images)[0], 14, 14, 3]), [1, 2, 2, 1], "SAME")
    flat = tf.layers.flatten(pool)
    return [_shape(t) for t in (same, valid, pool, avg, dil, dw, up, flat)]


def case_x_program_sweep4_name_scopes_and_suffixes(tf):
    with tf.name_scope("layer"):
        a = tf.constant(1.0, name="c")
        b = tf.constant(2.0, name="c")
        s = tf.add(a, b)
        s2 = tf.add(a, b)
    with tf.name_scope("layer"):
        c = tf.constant(3.0, name="c")
    with tf.name_scope("layer_1"):
        d = tf.constant(4.0)
    with tf.name_scope(None):
        e = tf.constant(5.0, name="top")
    with tf.name_scope("outer") as outer:
        with tf.name_scope("inner"):
            f = tf.identity(a)
        with tf.name_scope(outer):
            g = tf.identity(a, name="again")
        with tf.name_scope("abs/"):
            h = tf.identity(a, name="absolute")
    m = tf.matmul(tf.ones([1, 1]), tf.ones([1, 1]))
    names = [t.name for t in (a, b, s, s2, c, d, e, f, g, h, m)]
    ops = [op.name for op in tf.get_default_graph().get_operations()]
    return names, outer, ops


def case_x_program_sweep4_operation_listing_and_inputs(tf):
    x = tf.placeholder(tf.float32, [2], name="x")
    w = tf.Variable([1.0, 2.0], name="w")
    with tf.control_dependencies([tf.assign_add(w, [1.0, 1.0], name="bump")]):
        y = tf.multiply(x, w, name="y")
    z = tf.reduce_sum(y, name="z")
    g = tf.get_default_graph()
    listing = [(op.name, op.type, len(op.inputs), len(op.outputs)) for op in g.get_operations()]
    y_op = g.get_operation_by_name("y")
    return {
        "listing": listing,
        "y_inputs": [t.name for t in y_op.inputs],
        "y_control": [op.name for op in y_op.control_inputs],
        "z_inputs": [t.name for t in z.op.inputs],
        "consumers_x": [op.name for op in x.consumers()],
        "w_value_index": [t.value_index for t in y_op.inputs],
        "outputs_dtypes": [t.dtype.name for t in z.op.outputs],
    }


def case_x_program_sweep4_node_def_attrs(tf):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    c = tf.constant([[1, 2]], dtype=tf.int64, name="c")
    m = tf.matmul(x, tf.ones([3, 2]), transpose_b=False, name="mm")
    cast = tf.cast(x, tf.int32, name="to_int")
    s = tf.reduce_sum(x, axis=1, keepdims=True, name="sum")
    nd = m.op.node_def
    return {
        "ph_dtype": x.op.get_attr("dtype").name,
        "ph_shape": x.op.get_attr("shape").as_list() if hasattr(x.op.get_attr("shape"), "as_list") else None,
        "c_dtype": c.op.get_attr("dtype").name,
        "mm_ta": m.op.get_attr("transpose_a"),
        "mm_T": m.op.get_attr("T").name,
        "cast": (cast.op.type, cast.op.get_attr("SrcT").name, cast.op.get_attr("DstT").name,
                 cast.op.get_attr("Truncate")),
        "sum": (s.op.type, s.op.get_attr("keep_dims"), s.op.get_attr("Tidx").name),
        "nd": (nd.name, nd.op, list(nd.input), sorted(nd.attr.keys())),
        "missing": catch(m.op.get_attr, "nope"),
    }


def case_x_program_sweep4_collections_keys_and_order(tf):
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(2.0, name="b", trainable=False)
    with tf.variable_scope("scope"):
        c = tf.get_variable("c", [], initializer=tf.zeros_initializer())
        d = tf.get_variable("d", [], collections=[tf.GraphKeys.LOCAL_VARIABLES])
    gs = tf.train.get_or_create_global_step()
    tf.add_to_collection("mine", a)
    tf.add_to_collection("mine", 3)
    tf.add_to_collections(["mine", "other"], "s")
    tf.add_to_collection(tf.GraphKeys.LOSSES, tf.constant(1.0, name="loss"))
    g = tf.get_default_graph()
    names = lambda key, scope=None: [getattr(v, "name", v) for v in tf.get_collection(key, scope)]
    return {
        "keys": sorted(g.get_all_collection_keys()),
        "global": names(tf.GraphKeys.GLOBAL_VARIABLES),
        "trainable": names(tf.GraphKeys.TRAINABLE_VARIABLES),
        "local": names(tf.GraphKeys.LOCAL_VARIABLES),
        "scoped": names(tf.GraphKeys.GLOBAL_VARIABLES, "scope"),
        "mine": names("mine"),
        "other": names("other"),
        "losses": names(tf.GraphKeys.LOSSES),
        "gs": (gs.name, names(tf.GraphKeys.GLOBAL_STEP)),
        "ref_is_copy": tf.get_collection_ref("mine") is not tf.get_collection("mine"),
        "model": names(tf.GraphKeys.MODEL_VARIABLES),
        "b_flag": b.trainable,
        "d_name": d.name, "c_name": c.name,
    }


def case_x_program_sweep4_nested_fetches(tf):
    a = tf.constant(1.0)
    b = tf.constant([2, 3])
    c = tf.constant("s")
    fetches = {"pt": Point(a, b), "list": [a, (b, c)], "nested": {"deep": [Point(x=c, y=a)]}, "op": tf.no_op()}
    with tf.Session() as sess:
        got = sess.run(fetches)
        pair = sess.run(Point(x=[a, a], y={"k": b}))
    return got, pair, type(pair).__name__, type(got["list"][1]).__name__


def case_x_program_sweep4_placeholder_with_default_feeds(tf):
    default = tf.constant([[1.0, 2.0]])
    x = tf.placeholder_with_default(default, shape=[None, 2], name="x")
    keep = tf.placeholder_with_default(1.0, shape=[], name="keep_prob")
    y = tf.reduce_sum(x, axis=1) * keep
    with tf.Session() as sess:
        plain = sess.run(y)
        fed = sess.run(y, {x: [[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]], keep: 0.5})
        by_name = sess.run(y, {"x:0": [[5.0, 5.0]]})
        bad = message_has(lambda: sess.run(y, {x: [[1.0, 2.0, 3.0]]}), "x", "(1, 3)", "(?, 2)")
        after = sess.run(y)
    return plain, fed, by_name, bad, after, _shape(x), x.op.type, catch(
        tf.placeholder_with_default, default, shape=[3, 2])


def case_x_program_sweep4_feedable_iterator_string_handles(tf):
    train = tf.data.Dataset.range(100).map(lambda i: tf.cast(i, tf.float32)).batch(4).repeat()
    valid = tf.data.Dataset.range(5).map(lambda i: tf.cast(i, tf.float32) * -1.0).batch(2)
    handle = tf.placeholder(tf.string, shape=[], name="handle")
    iterator = tf.data.Iterator.from_string_handle(handle, tf.data.get_output_types(train),
                                                   tf.data.get_output_shapes(train))
    batch = iterator.get_next()
    train_it = tf.data.make_one_shot_iterator(train)
    valid_it = tf.data.make_initializable_iterator(valid)
    total = tf.reduce_sum(batch)
    with tf.Session() as sess:
        th, vh = sess.run([train_it.string_handle(), valid_it.string_handle()])
        out = [sess.run(total, {handle: th}) for _ in range(3)]
        sess.run(valid_it.initializer)
        vals = []
        while True:
            try:
                vals.append(sess.run(batch, {handle: vh}).tolist())
            except tf.errors.OutOfRangeError:
                break
        out.append(sess.run(total, {handle: th}))
        bad = catch(sess.run, total, {handle: b"not a handle"})
        again = sess.run(total, {handle: th})
    return (out, vals, type(th).__name__, _shape(batch), bad, again,
            iterator.output_types, [s.as_list() for s in [iterator.output_shapes]])


def case_x_program_sweep4_reinitializable_iterator_structure(tf):
    a = tf.data.Dataset.from_tensor_slices({"x": np.arange(6, dtype=np.float32).reshape(3, 2),
                                            "y": np.array([1, 2, 3], np.int64)})
    b = tf.data.Dataset.from_tensor_slices({"x": np.ones([2, 2], np.float32), "y": np.array([7, 8], np.int64)})
    it = tf.data.Iterator.from_structure(tf.data.get_output_types(a), tf.data.get_output_shapes(a))
    el = it.get_next()
    init_a = it.make_initializer(a, name="init_a")
    init_b = it.make_initializer(b)
    bad = catch(it.make_initializer, tf.data.Dataset.range(3))
    seen = []
    with tf.Session() as sess:
        for init in (init_a, init_b, init_a):
            sess.run(init)
            while True:
                try:
                    got = sess.run(el)
                    seen.append((got["x"].tolist(), int(got["y"])))
                except tf.errors.OutOfRangeError:
                    break
        uninit = catch(sess.run, tf.data.Iterator.from_structure(tf.int64, []).get_next())
    return seen, bad, uninit, init_a.name, init_b.type, sorted(el.keys()), _shape(el["x"])


def case_x_program_sweep4_summary_protos_parsed_back(tf):
    x = tf.placeholder(tf.float32, [None])
    img = tf.placeholder(tf.float32, [2, 4, 4, 1])
    snd = tf.placeholder(tf.float32, [1, 8])
    s1 = tf.summary.scalar("loss", tf.reduce_mean(x))
    s2 = tf.summary.histogram("weights", x)
    s3 = tf.summary.image("pics", img, max_outputs=2)
    s4 = tf.summary.audio("sound", snd, sample_rate=8000)
    merged = tf.summary.merge([s1, s2, s3, s4])
    values = np.linspace(-1.0, 3.0, 9).astype(np.float32)
    pics = np.linspace(0.0, 1.0, 32).reshape(2, 4, 4, 1).astype(np.float32)
    wave = np.sin(np.arange(8) * 0.7).reshape(1, 8).astype(np.float32)
    with tf.Session() as sess:
        raw = sess.run(merged, {x: values, img: pics, snd: wave})
    summ = tf.Summary.FromString(raw)
    out = []
    for v in summ.value:
        kind = v.WhichOneof("value")
        if kind == "simple_value":
            out.append((v.tag, kind, round(v.simple_value, 5)))
        elif kind == "histo":
            h = v.histo
            out.append((v.tag, kind, h.min, h.max, h.num, h.sum, round(h.sum_squares, 4),
                        [round(b, 6) for b in h.bucket_limit], list(h.bucket)))
        elif kind == "image":
            out.append((v.tag, kind, v.image.height, v.image.width, v.image.colorspace,
                        v.image.encoded_image_string[:8]))
        else:
            out.append((v.tag, kind, v.audio.sample_rate, v.audio.num_channels, v.audio.length_frames,
                        v.audio.content_type, v.audio.encoded_audio_string[:4]))
    return out, [s.op.type for s in (s1, s2, s3, s4, merged)], [s.name for s in (s1, s2, s3, s4, merged)]


def case_x_program_sweep4_seed_after_ops_exist(tf):
    a = tf.random_uniform([3], seed=1)
    tf.set_random_seed(42)
    b = tf.random_uniform([3])
    c = tf.random_normal([2], seed=7)
    d = tf.random_uniform([3])
    with tf.Session() as sess:
        first = sess.run([a, b, c, d])
        second = sess.run([a, b, c, d])
    seeds = [(op.get_attr("seed"), op.get_attr("seed2")) for op in tf.get_default_graph().get_operations()
             if op.type in ("RandomUniform", "RandomStandardNormal")]
    g = tf.Graph()
    with g.as_default():
        tf.set_random_seed(42)
        e = tf.random_uniform([3])
        with tf.Session() as sess:
            fresh = sess.run(e)
    return first, second, seeds, fresh, g.seed


def case_x_program_sweep4_graph_def_text_listing(tf):
    with tf.name_scope("model"):
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        w = tf.constant([[1.0], [2.0]], name="w")
        y = tf.nn.relu(tf.matmul(x, w), name="out")
    gd = tf.get_default_graph().as_graph_def()
    nodes = [(n.name, n.op, list(n.input), sorted(n.attr.keys())) for n in gd.node]
    text = str(gd.node[0])
    relu = [n for n in gd.node if n.name == "model/out"][0]
    return nodes, "dtype" in text, "shape" in text, relu.attr["T"].type, y.name, len(gd.node)


def _tmpdir():
    import tempfile
    return tempfile.mkdtemp(prefix="sweep4_")


def _rel(path, root):
    return None if path is None else path.replace(root, "<root>")


def case_x_program_sweep4_saver_max_to_keep_and_checkpoint_text(tf):
    import os
    root = _tmpdir()
    v = tf.Variable(0.0, name="v")
    step = tf.assign_add(v, 1.0)
    saver = tf.train.Saver(max_to_keep=2)
    prefix = os.path.join(root, "model.ckpt")
    written = []
    with tf.Session() as sess:
        sess.run(v.initializer)
        for i in range(4):
            sess.run(step)
            written.append(_rel(saver.save(sess, prefix, global_step=i * 10), root))
    files = sorted(f for f in os.listdir(root))
    with open(os.path.join(root, "checkpoint")) as f:
        text = f.read().replace(root, "<root>")
    state = tf.train.get_checkpoint_state(root)
    return (written, files, text, _rel(state.model_checkpoint_path, root),
            [_rel(p, root) for p in state.all_model_checkpoint_paths],
            [_rel(p, root) for p in saver.last_checkpoints], _rel(tf.train.latest_checkpoint(root), root))


def case_x_program_sweep4_saver_var_list_dict_and_list(tf):
    import os
    root = _tmpdir()
    a = tf.Variable([1.0, 2.0], name="a")
    b = tf.Variable(3, name="b")
    with tf.variable_scope("net"):
        c = tf.get_variable("c", initializer=tf.constant([[4.0]]))
    by_dict = tf.train.Saver({"renamed/a": a, "b_saved": b})
    by_list = tf.train.Saver([c, a])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        p1 = by_dict.save(sess, os.path.join(root, "dict"))
        p2 = by_list.save(sess, os.path.join(root, "list"), write_meta_graph=False)
        sess.run([tf.assign(a, [0.0, 0.0]), tf.assign(b, 0), tf.assign(c, [[0.0]])])
        by_dict.restore(sess, p1)
        after_dict = sess.run([a, b, c])
        by_list.restore(sess, p2)
        after_list = sess.run([a, b, c])
    vars1 = tf.train.list_variables(p1)
    vars2 = tf.train.list_variables(p2)
    dup = catch(tf.train.Saver, [a, a])
    bad_key = catch(tf.train.Saver, {"x": 3})
    return after_dict, after_list, vars1, vars2, dup, bad_key, sorted(os.listdir(root))


def case_x_program_sweep4_saver_restore_errors_keep_values(tf):
    import os
    root = _tmpdir()
    a = tf.Variable([1.0, 2.0], name="a")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(a.initializer)
        path = saver.save(sess, os.path.join(root, "m"))
    tf.reset_default_graph()
    a2 = tf.Variable([5.0, 6.0, 7.0], name="a")
    extra = tf.Variable(9.0, name="extra")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        shape_err = catch(tf.train.Saver([a2]).restore, sess, path)
        missing = catch(tf.train.Saver().restore, sess, path)
        nofile = catch(tf.train.Saver().restore, sess, os.path.join(root, "nothing"))
        kept = sess.run([a2, extra])
    return shape_err, missing, nofile, kept


def case_x_program_sweep4_import_meta_graph_collections(tf):
    import os
    root = _tmpdir()
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    w = tf.Variable([[1.0], [2.0]], name="w")
    y = tf.identity(tf.matmul(x, w), name="y")
    tf.add_to_collection("outputs", y)
    tf.add_to_collection("inputs", x)
    tf.add_to_collection("notes", "hello")
    gs = tf.train.get_or_create_global_step()
    train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(y), global_step=gs, name="train")
    tf.add_to_collection("train_op", train)
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train, {x: [[1.0, 1.0]]})
        saver.save(sess, os.path.join(root, "model"), global_step=gs)
    tf.reset_default_graph()
    with tf.Session() as sess:
        new_saver = tf.train.import_meta_graph(os.path.join(root, "model-1.meta"))
        new_saver.restore(sess, tf.train.latest_checkpoint(root))
        g = tf.get_default_graph()
        xi = g.get_tensor_by_name("x:0")
        yi = tf.get_collection("outputs")[0]
        tr = tf.get_collection("train_op")[0]
        sess.run(tr, {xi: [[1.0, 0.0]]})
        out = sess.run(yi, {xi: [[1.0, 1.0]]})
        return (out, sess.run(tf.train.get_global_step()), tf.get_collection("notes"),
                [v.name for v in tf.global_variables()], [v.name for v in tf.trainable_variables()],
                yi.name, tr.name, tr.type, sorted(g.get_all_collection_keys()),
                catch(g.get_tensor_by_name, "nope:0"))


def case_x_program_sweep4_rnn_cell_variable_names_and_states(tf):
    x = tf.placeholder(tf.float32, [None, 4, 3])
    lstm = tf.nn.rnn_cell.LSTMCell(5, name="lstm")
    gru = tf.nn.rnn_cell.GRUCell(2)
    multi = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(3), tf.nn.rnn_cell.BasicRNNCell(2)])
    with tf.variable_scope("enc"):
        out1, st1 = tf.nn.dynamic_rnn(lstm, x, dtype=tf.float32)
    with tf.variable_scope("dec"):
        out2, st2 = tf.nn.dynamic_rnn(gru, x, dtype=tf.float32)
    out3, st3 = tf.nn.dynamic_rnn(multi, x, dtype=tf.float32, scope="stack")
    names = [(v.name, v.shape.as_list()) for v in tf.global_variables()]
    return (names, type(st1).__name__, st1._fields, _shape(st1.c), _shape(out1), _shape(st2),
            type(st3).__name__, len(st3), type(st3[0]).__name__, _shape(st3[1]), _shape(out3),
            lstm.state_size, lstm.output_size, multi.state_size, gru.state_size)


def case_x_program_sweep4_layers_names_and_reuse_errors(tf):
    x = tf.placeholder(tf.float32, [None, 4])
    h = tf.layers.dense(x, 3, name="fc")
    h2 = tf.layers.dense(h, 3)
    h3 = tf.layers.dense(h2, 2)
    shared = tf.layers.dense(x, 3, name="fc", reuse=True)
    dup = catch(tf.layers.dense, x, 3, name="fc")
    with tf.variable_scope("tower", reuse=tf.AUTO_REUSE):
        t1 = tf.layers.dense(x, 2, name="head")
        t2 = tf.layers.dense(x, 2, name="head")
    wrong_shape = catch(tf.layers.dense, tf.placeholder(tf.float32, [None, 5]), 3, name="fc", reuse=True)
    missing = catch(tf.layers.dense, x, 3, name="never", reuse=True)
    with tf.variable_scope("v"):
        tf.get_variable("w", [2])
    exists = message_has(lambda: tf.get_variable("v/w", [2]) if False else _get_again(tf), "v/w", "already exists")
    names = [v.name for v in tf.global_variables()]
    ops = [h.op.name, h2.op.name, h3.op.name, shared.op.name, t1.op.name, t2.op.name]
    return names, ops, dup, wrong_shape, missing, exists


def _get_again(tf):
    with tf.variable_scope("v"):
        return tf.get_variable("w", [2])


def case_x_program_sweep4_variable_scope_errors_and_names(tf):
    with tf.variable_scope("model"):
        w = tf.get_variable("w", [2, 3], initializer=tf.zeros_initializer())
    results = {}
    with tf.variable_scope("model", reuse=True):
        results["reuse_same"] = tf.get_variable("w", [2, 3]) is w
        results["reuse_shape"] = message_has(lambda: tf.get_variable("w", [3, 3]), "model/w", "(2, 3)", "(3, 3)")
        results["reuse_dtype"] = catch(tf.get_variable, "w", [2, 3], dtype=tf.int32)
        results["reuse_missing"] = message_has(lambda: tf.get_variable("nope", [1]), "model/nope", "does not exist")
    with tf.variable_scope("model") as scope:
        scope.reuse_variables()
        results["after_reuse_variables"] = tf.get_variable("w").name
    results["no_shape"] = catch(tf.get_variable, "loose")
    results["bad_init_shape"] = catch(tf.get_variable, "k", [2], initializer=tf.constant_initializer([1.0, 2.0, 3.0]))
    v1 = tf.Variable(1.0, name="model/w")
    v2 = tf.Variable(2.0)
    v3 = tf.Variable(3.0)
    with tf.variable_scope("model", default_name="ignored"):
        v4 = tf.Variable(4.0, name="w")
    with tf.variable_scope(None, default_name="block"):
        v5 = tf.get_variable("b", [1])
    with tf.variable_scope(None, default_name="block"):
        v6 = tf.get_variable("b", [1])
    results["names"] = [v.name for v in (v1, v2, v3, v4, v5, v6)]
    results["ops"] = [v.op.name for v in (v1, v4)]
    results["initializer_names"] = [v.initializer.name for v in (w, v1, v5)]
    results["scope_name"] = scope.name
    return results


def case_x_program_sweep4_gradients_none_and_errors(tf):
    x = tf.Variable([1.0, 2.0], name="x")
    y = tf.Variable([3.0], name="y")
    i = tf.Variable(3, name="i")
    loss = tf.reduce_sum(x * x)
    grads = tf.gradients(loss, [x, y])
    opt = tf.train.GradientDescentOptimizer(0.1)
    pairs = opt.compute_gradients(loss)
    no_grad = message_has(lambda: opt.minimize(tf.reduce_sum(y) * 0.0 + tf.stop_gradient(tf.reduce_sum(x)),
                                               var_list=[x]), "No gradients", "x")
    int_grad = catch(tf.gradients, tf.cast(i, tf.float32) * 2.0, i)
    stopped = tf.gradients(tf.stop_gradient(loss), x)
    unconnected = tf.gradients(loss, y, unconnected_gradients="zero")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        vals = sess.run([grads[0], unconnected[0]])
    return ([g is None for g in grads], [(g is None, v.name) for g, v in pairs], no_grad, int_grad,
            stopped, vals, grads[0].op.type, grads[0].name)


def case_x_program_sweep4_cond_and_while_errors(tf):
    p = tf.placeholder(tf.bool, [], name="p")
    x = tf.constant([1.0, 2.0])
    both = catch(tf.cond, p, lambda: x, lambda: (x, x))
    dtypes = catch(tf.cond, p, lambda: tf.constant(1), lambda: tf.constant(1.0))
    shape_loop = message_has(lambda: tf.while_loop(lambda v: tf.reduce_sum(v) < 10.0,
                                                   lambda v: tf.concat([v, v], 0), [x]), "shape", "(2,)")
    good = tf.while_loop(lambda v: tf.reduce_sum(v) < 10.0, lambda v: tf.concat([v, v], 0), [x],
                         shape_invariants=[tf.TensorShape([None])])
    cond_out = tf.cond(p, lambda: x * 2.0, lambda: x - 1.0, name="pick")
    with tf.Session() as sess:
        run = sess.run([good, cond_out], {p: True})
        unfed = catch(sess.run, cond_out)
        again = sess.run(cond_out, {p: False})
    return both, dtypes, shape_loop, run, unfed, again, _shape(good), cond_out.name, cond_out.op.type


def case_x_program_sweep4_session_misuse_errors(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0, name="a")
        v = tf.Variable(2.0, name="v")
    other = tf.constant(5.0)
    sess = tf.Session(graph=g)
    wrong_graph = message_has(lambda: sess.run(other), "not an element of this graph")
    bad_fetch = catch(sess.run, 3)
    bad_name = catch(sess.run, "nothing:0")
    uninit = message_has(lambda: sess.run(v), "v", "uninitialized")
    feed_const = catch(sess.run, a, {a: 4.0})
    feed_bad_type = catch(sess.run, a, {"a:0": "text"})
    none_fetch = catch(sess.run, None)
    ok = sess.run(a)
    sess.close()
    closed = message_has(lambda: sess.run(a), "closed")
    return wrong_graph, bad_fetch, bad_name, uninit, feed_const, feed_bad_type, none_fetch, ok, closed


def case_x_program_sweep4_default_session_and_eval(tf):
    x = tf.constant([1.0, 2.0])
    v = tf.Variable(3.0)
    no_default = message_has(lambda: x.eval(), "default session")
    sess = tf.Session()
    with sess.as_default():
        v.initializer.run()
        first = x.eval()
        second = v.eval()
        same = tf.get_default_session() is sess
    outside = tf.get_default_session()
    interactive = tf.InteractiveSession()
    third = (x * 2.0).eval()
    is_default = tf.get_default_session() is interactive
    interactive.close()
    sess.close()
    return no_default, first, second, same, outside, third, is_default


def case_x_program_sweep4_queue_errors_and_sizes(tf):
    q = tf.FIFOQueue(3, [tf.float32, tf.int32], shapes=[[2], []], name="q")
    enq = q.enqueue([[1.0, 2.0], 7])
    enq_many = q.enqueue_many([[[3.0, 4.0], [5.0, 6.0]], [8, 9]])
    deq = q.dequeue()
    size = q.size()
    close = q.close()
    bad_shape = catch(q.enqueue, [[1.0, 2.0, 3.0], 1])
    bad_count = catch(q.enqueue, [[1.0, 2.0]])
    with tf.Session() as sess:
        sess.run(enq)
        sess.run(enq_many)
        s1 = sess.run(size)
        d1 = sess.run(deq)
        sess.run(close)
        closed_enq = catch(sess.run, enq)
        rest = [sess.run(deq) for _ in range(2)]
        empty = message_has(lambda: sess.run(deq), "q", "closed", "insufficient elements")
        s2 = sess.run(size)
    return (s1, d1, closed_enq, rest, empty, s2, bad_shape, bad_count, q.name, deq[0].name, q.dtypes,
            [s.as_list() for s in q.shapes])


def case_x_program_sweep4_sparse_placeholder_feeds_and_errors(tf):
    sp = tf.sparse_placeholder(tf.float32, shape=[None, 4], name="sp")
    dense = tf.sparse_tensor_to_dense(sp)
    total = tf.sparse_reduce_sum(sp, axis=1)
    value = tf.SparseTensorValue([[0, 1], [2, 3]], [1.5, 2.5], [3, 4])
    with tf.Session() as sess:
        d = sess.run(dense, {sp: value})
        t = sess.run(total, {sp: ([[1, 0]], [4.0], [2, 4])})
        unordered = catch(sess.run, dense, {sp: tf.SparseTensorValue([[2, 3], [0, 1]], [1.0, 2.0], [3, 4])})
        out_of_bounds = catch(sess.run, dense, {sp: tf.SparseTensorValue([[5, 0]], [1.0], [3, 4])})
        ok_after = sess.run(total, {sp: value})
        fetched = sess.run(sp, {sp: value})
    return (d, t, unordered, out_of_bounds, ok_after, type(fetched).__name__, fetched.indices, _shape(dense),
            sp.indices.name, sp.values.name, sp.dense_shape.name, _shape(total))


def case_x_program_sweep4_printed_reprs(tf):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    s = tf.add(x, 1.0)
    v = tf.Variable([1.0, 2.0], name="v")
    gv = tf.get_variable("gv", [2, 2], dtype=tf.int32, initializer=tf.zeros_initializer())
    sp = tf.SparseTensor([[0, 0]], [1.0], [2, 2])
    return [repr(x), str(s), repr(v), str(x.shape), repr(x.shape), str(x.dtype), repr(tf.float32),
            repr(tf.TensorShape([2, None])), str(tf.TensorShape(None)), repr(x.shape[1]), str(x.shape[0]),
            repr(gv), repr(v.dtype), str(tf.TensorShape([])), repr(tf.Dimension(None)), str(s.op.outputs),
            str(sp.shape), repr(tf.int64.as_numpy_dtype), s.shape.ndims, len(x.shape)]


def case_x_program_sweep4_error_objects_fields(tf):
    x = tf.placeholder(tf.float32, [None], name="inputs")
    y = tf.reshape(x, [3], name="bad_reshape")
    with tf.Session() as sess:
        try:
            sess.run(y, {x: [1.0, 2.0]})
        except tf.errors.InvalidArgumentError as e:
            first = (type(e).__name__, e.op.name if e.op is not None else None, e.error_code,
                     e.error_code == tf.errors.INVALID_ARGUMENT, isinstance(e, tf.errors.OpError),
                     e.node_def.name if e.node_def is not None else None, e.node_def.op if e.node_def is not None else None,
                     "bad_reshape" in str(e), "bad_reshape" in e.message)
        try:
            sess.run(tf.placeholder(tf.int32, name="unfed") + 1)
        except tf.errors.InvalidArgumentError as e:
            second = (e.op.name if e.op is not None else None, e.op.type if e.op is not None else None,
                      "unfed" in e.message)
    made = tf.errors.NotFoundError(None, None, "custom text")
    return first, second, (str(made), made.error_code, made.message, made.op), tf.errors.OUT_OF_RANGE


def case_x_program_sweep4_device_strings_and_colocation(tf):
    with tf.device("/cpu:0"):
        a = tf.constant(1.0, name="a")
    with tf.device("/job:worker/task:1/gpu:2"):
        b = tf.constant(2.0, name="b")
    with tf.device("/device:CPU:0"):
        with tf.device(None):
            c = tf.constant(3.0, name="c")
    with tf.device("/gpu:0"):
        with tf.device("/cpu:1"):
            d = tf.constant(4.0, name="d")
    v = tf.Variable(1.0, name="v")
    with tf.colocate_with(v):
        e = tf.identity(a, name="e")
    fn_dev = lambda op: "/cpu:0" if op.type == "Const" else ""
    with tf.device(fn_dev):
        f = tf.constant(5.0, name="f")
        g = tf.identity(f, name="g")
    return ([t.device for t in (a, b, c, d, e, f, g)], e.op.colocation_groups(), v.op.colocation_groups(),
            [n.device for n in tf.get_default_graph().as_graph_def().node if n.name in ("a", "b", "d")])


def case_x_program_sweep4_graph_name_helpers(tf):
    g = tf.get_default_graph()
    with tf.name_scope("a"):
        with tf.name_scope("b"):
            inner = g.get_name_scope()
            u1 = g.unique_name("op")
            u2 = g.unique_name("op", mark_as_used=False)
            u3 = g.unique_name("op")
            t = tf.constant(1.0, name="op")
    top = g.get_name_scope()
    with g.name_scope("x") as sc:
        scope_str = sc
    upper = g.unique_name("OP")
    return inner, u1, u2, u3, t.name, top, scope_str, upper, g.unique_name("a/b/op")


def case_x_program_sweep4_group_tuple_and_control_deps(tf):
    v = tf.Variable(0.0, name="v")
    inc = tf.assign_add(v, 1.0, name="inc")
    dbl = tf.assign(v, v * 2.0, name="dbl")
    grp = tf.group(inc, tf.no_op(name="noop"), name="grp")
    tup = tf.tuple([tf.constant(1.0), tf.constant(2.0)], name="tup")
    with tf.control_dependencies([inc]):
        with tf.control_dependencies(None):
            free = tf.constant(7.0, name="free")
        bound = tf.identity(v, name="bound")
    wd = tf.nn.relu(tf.constant(1.0))
    with_deps = tf.control_dependencies([grp])
    return (grp.type, sorted(op.name for op in grp.control_inputs), [t.name for t in tup],
            [op.name for op in free.op.control_inputs], [op.name for op in bound.op.control_inputs],
            [op.name for op in tup[0].op.control_inputs], dbl.op.inputs[1].op.type, wd.name,
            type(with_deps).__name__ != "NoneType")


def case_x_program_sweep4_static_rnn_and_bidirectional_names(tf):
    inputs = [tf.placeholder(tf.float32, [None, 3], name="step%d" % i) for i in range(3)]
    cell = tf.nn.rnn_cell.BasicLSTMCell(4)
    outs, state = tf.nn.static_rnn(cell, inputs, dtype=tf.float32)
    fw = tf.nn.rnn_cell.LSTMCell(2, use_peepholes=True, num_proj=3)
    bw = tf.nn.rnn_cell.GRUCell(2)
    seq = tf.placeholder(tf.float32, [5, None, 3])
    (o_fw, o_bw), (s_fw, s_bw) = tf.nn.bidirectional_dynamic_rnn(fw, bw, seq, dtype=tf.float32, time_major=True)
    flat_cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicRNNCell(2) for _ in range(2)], state_is_tuple=False)
    o3, s3 = tf.nn.dynamic_rnn(flat_cell, tf.placeholder(tf.float32, [None, 4, 3]), dtype=tf.float32, scope="flat")
    return ([(v.name, v.shape.as_list()) for v in tf.global_variables()], [o.name for o in outs],
            _shape(outs[0]), _shape(o_fw), _shape(o_bw), _shape(s_fw.h), _shape(s_fw.c), _shape(s_bw),
            _shape(s3), fw.state_size, fw.output_size, flat_cell.state_size)


def case_x_program_sweep4_linear_regression_prints_its_graph(tf):
    x_data = np.linspace(-1.0, 1.0, 20).astype(np.float32)
    y_data = (0.3 * x_data + 0.1).astype(np.float32)
    X = tf.placeholder(tf.float32, [None], name="X")
    Y = tf.placeholder(tf.float32, [None], name="Y")
    W = tf.Variable(tf.zeros([1]), name="weight")
    b = tf.Variable(tf.zeros([1]), name="bias")
    pred = tf.add(tf.multiply(X, W), b, name="pred")
    cost = tf.reduce_mean(tf.square(pred - Y), name="cost")
    train = tf.train.GradientDescentOptimizer(0.5).minimize(cost)
    ops = [(op.name, op.type) for op in tf.get_default_graph().get_operations()]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(30):
            sess.run(train, {X: x_data, Y: y_data})
        return ops, sess.run([W, b, cost], {X: x_data, Y: y_data}), train.name, train.type


def case_x_program_sweep4_python2_era_integer_division_shapes(tf):
    batch_size, hidden = 8, 6
    half = batch_size / 2  # an int in Python 2, a float here: TF still builds the small constants
    noise = tf.zeros([half, hidden])
    ones = tf.ones([half, 1])
    labels = tf.concat([tf.ones([half, 1]), tf.zeros([half, 1])], 0)
    big = {"raised": type(_first_error(lambda: tf.zeros([half * 1000, hidden]))).__name__}
    with tf.Session() as sess:
        values = sess.run([noise, ones, labels])
    return [v.shape for v in values], values[2].ravel().tolist(), labels.shape.as_list(), big


def _first_error(fn):
    try:
        fn()
    except Exception as exc:  # the error is the result
        return exc
    return None
