"""Legacy tf.layers names: an unnamed layer is named from the graph's layer counter (dense_1, dense_2,
conv1d_1...; functional layers count too), whatever variable scope it opens, as TF 2.21 with tf-keras."""


def case_x_lname_layers_counter(tf):
    x = tf.zeros([2, 4])
    first = tf.layers.Dense(3)
    before = first.name
    first(x)
    second = tf.layers.Dense(3)
    second(x)
    conv = tf.layers.Conv1D(2, 1)
    conv(tf.zeros([1, 3, 2]))
    scoped = tf.layers.Dense(3, _scope="q")
    scoped(x)
    tf.layers.dense(x, 2)
    after_functional = tf.layers.Dense(3)
    after_functional(x)
    named = tf.layers.Dense(3, name="mine")
    named(x)
    return {"names": [before, first.name, second.name, conv.name, scoped.name, after_functional.name, named.name],
            "scopes": [layer.scope_name for layer in (first, second, conv, scoped, after_functional, named)],
            "variables": [v.name for v in tf.global_variables()]}


def case_x_lname_layers_new_graph_and_reuse(tf):
    with tf.Graph().as_default():
        x = tf.zeros([2, 4])
        a = tf.layers.Dense(3, _scope="explicit")
        a(x)
        b = tf.layers.Dense(3, _scope="explicit", _reuse=True)
        b(x)
        bn = tf.layers.BatchNormalization()
        bn(x, training=False)
        return {"names": [a.name, b.name, bn.name], "scopes": [a.scope_name, b.scope_name, bn.scope_name],
                "variables": [v.name for v in tf.global_variables()]}
