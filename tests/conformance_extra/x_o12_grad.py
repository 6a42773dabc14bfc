"""Second-pass variations of the public train_gradients cases: the tf.gradients arguments (gate,
aggregation, colocation, unconnected, grad_ys dtypes/shapes), IndexedSlices from gather and
embedding_lookup, and gradients through variables, loops and re-imported graphs."""
# pending_*: cases recorded from TF 2.21 whose tfsess results still differ (defects found in round 12,
# listed in that round's closing note); the runner collects only case_*, so rename one back once fixed.

from _harness import catch


def case_gradients_argument_combinations(tf):
    x = tf.constant([1.0, 2.0])
    y = x * x
    z = tf.reduce_sum(y) + tf.reduce_sum(3.0 * x)
    sess = tf.Session()
    AM = tf.AggregationMethod
    return {
        "gate_op": sess.run(tf.gradients(z, x, gate_gradients=True)),
        "aggregation": [sess.run(tf.gradients(z, x, aggregation_method=m)) for m in
                        (AM.ADD_N, AM.DEFAULT, AM.EXPERIMENTAL_TREE, AM.EXPERIMENTAL_ACCUMULATE_N)],
        "bad_aggregation": catch(tf.gradients, z, x, aggregation_method=99),
        "colocate": sess.run(tf.gradients(z, x, colocate_gradients_with_ops=True)),
        "unconnected_zero": sess.run(tf.gradients(z, [x, tf.constant([5.0, 5.0, 5.0])],
                                                  unconnected_gradients=tf.UnconnectedGradients.ZERO)[1]),
        "unconnected_string": sess.run(tf.gradients(z, tf.constant(1.0), unconnected_gradients="zero")),
        "unconnected_bad": catch(tf.gradients, z, x, unconnected_gradients="sometimes"),
        "name_scope": tf.gradients(z, x, name="my_grads")[0].name.split("/")[0],
        "default_scope": tf.gradients(z, x)[0].name.split("/")[0],
    }


def case_grad_ys_dtypes_and_shapes(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    y = x * 2.0
    x64 = tf.constant([1.0], tf.float64)
    sess = tf.Session()
    return {
        "python_list": sess.run(tf.gradients(y, x, grad_ys=[[1.0, 2.0, 3.0]])),
        "none_entry": sess.run(tf.gradients([y, x * x], x, grad_ys=[None, tf.constant([1.0, 0.0, 1.0])])),
        "wrong_shape": catch(tf.gradients, y, x, grad_ys=tf.ones([2])),
        "wrong_dtype": catch(tf.gradients, y, x, grad_ys=tf.ones([3], tf.float64)),
        "wrong_count": catch(tf.gradients, [y, y], x, grad_ys=[tf.ones([3])]),
        "f64": sess.run(tf.gradients(x64 * x64, x64, grad_ys=tf.constant([0.5], tf.float64))),
        "placeholder_gy": sess.run(tf.gradients(y, x, grad_ys=(gy := tf.placeholder(tf.float32, [3]))),
                                   {gy: [1.0, -1.0, 0.0]}),
        "int_ys": catch(tf.gradients, tf.constant([1, 2]) * 2, tf.constant([1, 2])),
    }


def case_indexed_slices_from_gather_and_embedding(tf):
    table = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], name="table")
    ids = tf.constant([2, 0, 2])
    emb = tf.nn.embedding_lookup(table, ids)
    loss = tf.reduce_sum(emb * tf.constant([[1.0, 10.0]]))
    g = tf.gradients(loss, table)[0]
    g_gather = tf.gradients(tf.reduce_sum(tf.gather(table, [1, 1])), table)[0]
    both = tf.gradients(loss + tf.reduce_sum(table * 0.5), table)[0]
    sess = tf.Session()
    sess.run(table.initializer)
    dense = sess.run(tf.convert_to_tensor(g))
    return {
        "class": type(g).__name__, "values": sess.run(g.values), "indices": sess.run(g.indices),
        "dense_shape": sess.run(g.dense_shape), "dense": dense,
        "gather_class": type(g_gather).__name__, "gather_indices": sess.run(g_gather.indices),
        "mixed_class": type(both).__name__, "mixed": sess.run(both),
        "embedding_max_norm": sess.run(tf.nn.embedding_lookup(table, [2], max_norm=1.0)),
        "sparse_lookup": sess.run(tf.nn.embedding_lookup_sparse(
            table, tf.SparseTensor([[0, 0], [0, 1], [1, 0]], tf.constant([0, 2, 1], tf.int64), [2, 2]), None,
            combiner="mean")),
    }


def case_stop_gradient_more(tf):
    x = tf.constant([1.0, 2.0])
    a = x * 3.0
    b = a * x
    sess = tf.Session()
    sg = tf.stop_gradient(a, name="halt")
    return {
        "stop_gradients_list": sess.run(tf.gradients(b, x, stop_gradients=[a, x])),
        "stop_input_itself": sess.run(tf.gradients(b, [x, a], stop_gradients=[a])),
        "op_type": sg.op.type, "name": sg.name,
        "value": sess.run(sg),
        "nested": tf.gradients(tf.stop_gradient(tf.stop_gradient(x) * 2.0), x)[0] is None,
        "through_identity": sess.run(tf.gradients(tf.identity(tf.stop_gradient(a)) + x, x)),
    }


def case_grad_through_variables_and_assign(tf):
    v = tf.Variable([1.0, 2.0], name="v")
    rv = tf.get_variable("rv", initializer=tf.constant([3.0, 4.0]), use_resource=True)
    y = tf.reduce_sum(v * v) + tf.reduce_sum(rv * v)
    gv, grv = tf.gradients(y, [v, rv])
    assign = v.assign(v * 2.0)
    g_assign = tf.gradients(assign, v)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"gv": sess.run(gv), "grv": sess.run(grv), "assign_grad_none": g_assign[0] is None,
            "wrt_read": tf.gradients(y, rv.read_value())[0] is None,
            "after_assign": (sess.run(assign), sess.run(gv))}


def case_grad_in_loops_and_import(tf):
    x = tf.placeholder(tf.float32, [])
    _, acc = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * x + 1.0), [0, tf.constant(1.0)])
    g = tf.gradients(acc, x, name="loopgrad")[0]
    gd = tf.get_default_graph().as_graph_def()
    sess = tf.Session()
    direct = sess.run([acc, g], {x: 2.0})
    g2 = tf.Graph()
    with g2.as_default():
        xi, gi = tf.import_graph_def(gd, return_elements=[x.name, g.name], name="r")
        imported = tf.Session().run(gi, {xi: 2.0})
    hx = tf.constant([1.0, 2.0])
    hessians = sess.run(tf.hessians(tf.reduce_sum(tf.pow(hx, 3.0)), hx))
    # last: TF's failed second-order loop gradient leaves the loop's context entered, so any op
    # built after it in this graph lands in the loop and cannot be fetched
    second = catch(tf.gradients, g, x)
    return {"direct": direct, "imported": imported, "second_order": second, "hessians": hessians}


def case_grad_dtype_and_shape_edge(tf):
    sess = tf.Session()
    h = tf.constant([1.0, 2.0], tf.float16)
    c = tf.constant([1 + 1j, 2 - 1j])
    e = tf.zeros([0, 3])
    s = tf.constant(3.0)
    return {
        "f16": sess.run(tf.gradients(tf.reduce_sum(h * h), h)),
        "complex_needs_grad_ys": catch(tf.gradients, tf.reduce_sum(c * c), c),
        "complex": sess.run(tf.gradients(tf.reduce_sum(c * c), c, grad_ys=tf.constant(1 + 0j, tf.complex128))),
        "empty": sess.run(tf.gradients(tf.reduce_sum(e * 2.0), e))[0].shape,
        "scalar": sess.run(tf.gradients(s * s * s, s)),
        "ys_list_empty_xs": tf.gradients(s * 2.0, []),
        "xs_not_tensor": catch(tf.gradients, s * 2.0, [1.0]),
        "int_xs_float_ys": tf.gradients(tf.cast(tf.constant(1), tf.float32) * 2.0, tf.constant(1))[0] is None,
        "same_x_twice": sess.run(tf.gradients(s * s, [s, s])),
    }
