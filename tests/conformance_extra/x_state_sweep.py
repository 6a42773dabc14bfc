"""Variable reads and writes within one step, as TF1's ref variables behave: a tensor read from a
variable is its buffer, so an op ordered after a write by control dependencies sees the new value
(identity, arithmetic, optimizer updates, moving averages); resource variables read in the
control context; a constant under a control dependency still waits for it (and for its failure).
"""
import numpy as np


def case_x_state_sweep_reads_after_updates_see_them(tf):
    x = tf.Variable(0.0)
    inc = tf.assign_add(x, 1.0)
    with tf.control_dependencies([inc]):
        y = tf.identity(x)
        z = x * 10.0
    w = tf.Variable(1.0)
    asg = tf.assign(w, 5.0)
    with tf.control_dependencies([asg]):
        u = tf.identity(w)
    v = tf.Variable([1.0, 2.0])
    opt = tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(v * v))
    with tf.control_dependencies([opt]):
        after = tf.identity(v)
        after2 = v + 0.0
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    runs = [[sess.run([y, z]), sess.run(u), sess.run([after, after2])] for _ in range(3)]
    return {"runs": runs, "x": sess.run(x), "w": sess.run(w), "v": sess.run(v)}


def case_x_state_sweep_momentum_and_adam_reads_after_update(tf):
    out = {}
    for name, opt in (("momentum", tf.train.MomentumOptimizer(0.1, 0.9)), ("adam", tf.train.AdamOptimizer(0.1)),
                      ("rmsprop", tf.train.RMSPropOptimizer(0.1))):
        with tf.variable_scope(name):
            v = tf.Variable([1.0, -2.0, 3.0])
            train = opt.minimize(tf.reduce_sum(tf.square(v - 0.5)))
            with tf.control_dependencies([train]):
                seen = tf.identity(v)
        out[name] = (v, seen)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {name: [sess.run(seen) for _ in range(3)] + [sess.run(v)] for name, (v, seen) in out.items()}


def case_x_state_sweep_resource_variable_reads_in_context(tf):
    r = tf.Variable(1.0, use_resource=True)
    inc = r.assign_add(2.0)
    with tf.control_dependencies([inc]):
        seen = tf.identity(r)
        doubled = r * 2.0
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return [sess.run([seen, doubled]) for _ in range(3)]


def case_x_state_sweep_constant_waits_for_its_control_input(tf):
    v = tf.Variable(0)
    it = tf.data.Dataset.range(2).make_initializable_iterator()
    item = it.get_next()
    with tf.control_dependencies([item]):
        one = tf.constant(1, tf.int64)
    inc = tf.assign_add(v, tf.cast(one, tf.int32))
    sess = tf.Session()
    sess.run([tf.global_variables_initializer(), it.initializer])
    outcomes = []
    for _ in range(4):
        try:
            outcomes.append(int(sess.run(inc)))
        except tf.errors.OutOfRangeError:
            outcomes.append("end")
    return {"outcomes": outcomes, "v": sess.run(v)}


def case_x_state_sweep_fetch_is_a_copy(tf):
    v = tf.Variable(np.arange(4, dtype=np.float32))
    step = tf.assign_add(v, tf.ones([4]))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    first = sess.run(v)
    kept = first.copy()
    sess.run(step)
    both = sess.run([v, tf.reshape(v, [2, 2])])
    sess.run(step)
    return {"first_unchanged": bool(np.array_equal(first, kept)), "both": both, "now": sess.run(v)}
