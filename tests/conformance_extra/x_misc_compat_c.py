"""TF1 names: tf.flags as absl.flags (old keyword names, multi/enum flags, validators), op_scope,
is_symbolic_tensor, get_logger, guarantee_const, sparse_matmul, required_space_to_batch_paddings,
batch_scatter_update, grad_pass_through, compute_average_loss, scale_regularization_loss,
batch_norm_with_global_normalization, ctc_unique_labels and collapse_repeated."""
import numpy as np

from _harness import catch


def case_x_misc_compat_c_flags_absl_names(tf):
    fv = tf.flags.FlagValues()
    tf.flags.DEFINE_multi_enum("cc_modes", ["a"], ["a", "b", "c"], "modes", flag_values=fv)
    tf.flags.DEFINE_spaceseplist("cc_words", "x y", "words", flag_values=fv)
    tf.flags.DEFINE_integer(flag_name="cc_old", default_value=3, docstring="old names", flag_values=fv)
    tf.flags.DEFINE_float("cc_rate", 0.5, "rate", lower_bound=0.0, upper_bound=1.0, flag_values=fv)
    tf.flags.register_validator("cc_old", lambda v: v % 2 == 1, message="odd only", flag_values=fv)
    rest = fv(["prog", "--cc_modes=b", "--cc_modes=c", "--cc_words=p q r", "--cc_old=5", "tail"])
    return {"rest": rest, "values": [fv.cc_modes, fv.cc_words, fv.cc_old, fv.cc_rate],
            "help": fv["cc_old"].help, "bad_enum": catch(fv, ["prog", "--cc_modes=z"]),
            "bad_validator": catch(fv, ["prog", "--cc_old=4"]), "bad_bound": catch(fv, ["prog", "--cc_rate=2"]),
            "same_module": tf.app.flags.FlagValues is tf.flags.FlagValues,
            "errors": [issubclass(tf.flags.IllegalFlagValueError, tf.flags.Error),
                       issubclass(tf.flags.UnrecognizedFlagError, tf.flags.Error)]}


def case_x_misc_compat_c_scopes_and_predicates(tf):
    x = tf.constant([0.3, 1.7, -2.2])
    v = tf.Variable(1.0)
    with tf.op_scope([x], None, "legacy") as scope:
        inside = tf.identity(x, name="inside")
    with tf.op_scope([x], "named") as named:
        pass
    return {"scopes": [scope, inside.op.name, named], "logger": tf.get_logger().name,
            "symbolic": [tf.is_symbolic_tensor(x), tf.is_symbolic_tensor(v), tf.is_symbolic_tensor(np.ones(2)),
                         tf.is_symbolic_tensor(1)]}


def case_x_misc_compat_c_guarantee_const_and_sparse_matmul(tf):
    x = tf.constant([0.3, 1.7, -2.2])
    a = tf.constant(np.arange(6, dtype=np.float32).reshape(2, 3))
    b = tf.constant(np.arange(6, dtype=np.float32).reshape(3, 2))
    gc = tf.guarantee_const(x)
    products = [tf.sparse_matmul(a, b, a_is_sparse=True), tf.sparse_matmul(a, a, transpose_b=True),
                tf.sparse_matmul(a, a, transpose_a=True, b_is_sparse=True),
                tf.sparse_matmul(b, a, transpose_a=True, transpose_b=True)]
    grads = [tf.gradients(p * p, [p.op.inputs[0], p.op.inputs[1]]) for p in products]
    sess = tf.Session()
    return {"gc": sess.run(gc), "types": [gc.op.type, products[0].op.type],
            "shapes": [p.shape.as_list() for p in products], "products": sess.run(products),
            "grads": sess.run(grads), "gc_grad": catch(tf.gradients, gc, x),
            "ints": catch(tf.sparse_matmul, tf.constant([[1]]), tf.constant([[1]])),
            "inner": catch(tf.sparse_matmul, a, a)}


def case_x_misc_compat_c_space_to_batch_paddings(tf):
    p, c = tf.required_space_to_batch_paddings([5, 7], [2, 3], base_paddings=[[1, 0], [0, 2]])
    shape = tf.placeholder(tf.int32, [2])
    p2, c2 = tf.required_space_to_batch_paddings(shape, [4, 4])
    p0, c0 = tf.required_space_to_batch_paddings(tf.zeros([0], tf.int32), tf.zeros([0], tf.int32))
    sess = tf.Session()
    return {"static": sess.run([p, c]), "dynamic": sess.run([p2, c2], {shape: [5, 9]}), "empty": sess.run([p0, c0]),
            "shapes": [t.shape.as_list() for t in (p, c, p2, p0)], "dtype": str(p.dtype)}


def case_x_misc_compat_c_batch_scatter_update(tf):
    v = tf.Variable(np.zeros((2, 4), np.float32))
    w = tf.Variable(np.zeros((2, 2, 3), np.int32))
    up = tf.batch_scatter_update(v, [[1, 3], [0, 2]], [[1.0, 2.0], [3.0, 4.0]])
    up3 = tf.batch_scatter_update(w, tf.constant([[[2], [0]], [[1], [1]]], tf.int64), [[[7], [8]], [[9], [6]]])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return sess.run([up, up3])


def case_x_misc_compat_c_grad_pass_through(tf):
    x = tf.constant([0.3, 1.7, -2.2])
    rounded = tf.grad_pass_through(tf.round)(x)
    clipped = tf.grad_pass_through(lambda t: tf.clip_by_value(t, -1.0, 1.0))(x)
    grads = tf.gradients(rounded * 2.0 + clipped * x, x)
    return tf.Session().run([rounded, clipped, grads])


def case_x_misc_compat_c_loss_scaling(tf):
    loss = tf.constant([1.0, 2.0, 3.0, 4.0])
    out = {"plain": tf.nn.compute_average_loss(loss),
           "weighted": tf.nn.compute_average_loss(loss, sample_weight=[1.0, 0.0, 2.0, 1.0]),
           "global": tf.nn.compute_average_loss(loss, global_batch_size=8),
           "scalar_weight": tf.nn.compute_average_loss(loss, sample_weight=0.5),
           "empty": tf.nn.compute_average_loss(tf.zeros([0])), "reg": tf.nn.scale_regularization_loss([1.0, 2.5])}
    return {"values": tf.Session().run(out), "scalar": catch(tf.nn.compute_average_loss, tf.constant(1.0)),
            "float_batch": catch(tf.nn.compute_average_loss, loss, global_batch_size=2.0)}


def case_x_misc_compat_c_batch_norm_global(tf):
    x = tf.constant(np.arange(6, dtype=np.float32).reshape(2, 3))
    m, v = tf.constant([1.0, 2.0, 3.0]), tf.constant([4.0, 1.0, 0.25])
    beta, gamma = tf.constant([0.1, 0.2, 0.3]), tf.constant([2.0, 3.0, 4.0])
    out = [tf.nn.batch_norm_with_global_normalization(x, m, v, beta, gamma, 0.001, True),
           tf.nn.batch_norm_with_global_normalization(input=x, mean=m, variance=v, beta=beta, gamma=gamma,
                                                      variance_epsilon=0.001, scale_after_normalization=False)]
    return np.round(tf.Session().run(out), 5)


def case_x_misc_compat_c_ctc_label_helpers(tf):
    labels = tf.constant([[1, 1, 2, 2, 0], [3, 3, 3, 1, 1], [4, 5, 5, 5, 5]])
    seq = tf.constant([5, 4, 2])
    unique = tf.nn.ctc_unique_labels(labels)
    collapsed = tf.nn.collapse_repeated(labels, seq)
    sess = tf.Session()
    return {"unique": sess.run(unique), "collapsed": sess.run(collapsed),
            "dtypes": [str(t.dtype) for t in list(unique) + list(collapsed)]}


def case_x_misc_compat_c_switch_case(tf):
    i = tf.placeholder(tf.int32, [])
    listed = tf.switch_case(i, [lambda: tf.constant(10), lambda: tf.constant(20)], default=lambda: tf.constant(-1))
    keyed = tf.switch_case(i, {1: lambda: tf.constant(1.0), 0: lambda: tf.constant(3.0)})
    pairs = tf.switch_case(i, [(0, lambda: (tf.constant(1), tf.constant("a"))),
                                                   (1, lambda: (tf.constant(2), tf.constant("b")))])
    sess = tf.Session()
    return {"values": [sess.run([listed, keyed, pairs], {i: k}) for k in (0, 1, 3, -1)],
            "float_index": catch(tf.switch_case, 1.0, [lambda: 1]),
            "float_tensor": catch(tf.switch_case, tf.constant(1.0), [lambda: 1]),
            "int64": catch(tf.switch_case, tf.constant(1, tf.int64), [lambda: 1]),
            "empty": catch(tf.switch_case, i, []), "not_callable": catch(tf.switch_case, i, {1: 2}),
            "gap": catch(tf.switch_case, i, {0: lambda: 1, 3: lambda: 2})}


def case_x_misc_compat_c_mean_pairwise_squared_error(tf):
    labels, pred = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 7.0]]), tf.constant([[1.5, 2.0, 2.0], [4.0, 6.0, 9.0]])
    l3 = tf.constant(np.arange(12, dtype=np.float32).reshape(2, 3, 2))
    out = [tf.losses.mean_pairwise_squared_error(labels, pred),
           tf.losses.mean_pairwise_squared_error(labels, pred, weights=[[2.0], [0.5]]),
           tf.losses.mean_pairwise_squared_error(labels, pred, weights=[[1.0, 0.0, 1.0], [1.0, 1.0, 0.0]]),
           tf.losses.mean_pairwise_squared_error(l3, l3 * 1.1 + 0.3, weights=3.0),
           tf.losses.mean_pairwise_squared_error(labels, pred, weights=0.0)]
    return {"values": np.round(tf.Session().run(out), 5), "collected": len(tf.get_collection(tf.GraphKeys.LOSSES)),
            "shape_mismatch": catch(tf.losses.mean_pairwise_squared_error, labels, tf.zeros([2, 2])),
            "none": catch(tf.losses.mean_pairwise_squared_error, None, pred)}
