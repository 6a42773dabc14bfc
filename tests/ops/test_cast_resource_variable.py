"""tf.cast of a variable, as TF 2.x casts it: a resource variable of the dtype comes back as itself."""
import tfsess as tf


def test_cast_returns_resource_variable_itself_and_reads_ref_variables():
    with tf.Graph().as_default():
        r = tf.get_variable("r", initializer=tf.constant([1.0]), use_resource=True)
        v = tf.Variable([2.0], name="v")
        assert tf.cast(r, tf.float32) is r
        assert tf.to_float(r) is r
        assert tf.cast(v, tf.float32).name == "v/read:0"
        wider = tf.cast(r, tf.float64)
        assert (wider.op.type, wider.name) == ("Cast", "Cast_1:0")  # only the ref variable's cast spent a scope
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            assert sess.run(wider).tolist() == [1.0]


def test_cast_variable_feeds_gradients_and_optimizers():
    with tf.Graph().as_default():
        r = tf.get_variable("r", initializer=tf.constant([1.0, -2.0]), use_resource=True)
        loss = tf.reduce_sum(tf.square(tf.cast(r, tf.float32)))
        step = tf.train.GradientDescentOptimizer(0.25).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            assert sess.run(tf.gradients(loss, r)[0]).tolist() == [2.0, -4.0]
            sess.run(step)
            assert sess.run(r.read_value()).tolist() == [0.5, -1.0]
