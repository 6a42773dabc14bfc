"""Variations of the public misc_monitored cases: hooks in other orders, checkpoint steps and
directories, stop conditions (num_steps after a resume, last_step already reached), errors raised
inside run and hooks, feeds from hooks, SessionRunArgs shapes, closed sessions."""
import os
import shutil
import tempfile

from _harness import catch, message_has


def _ckpt_names(d):
    return sorted(n for n in os.listdir(d) if not n.startswith("events.out.tfevents"))


def _counting_graph(tf, delta=1.0):
    gs = tf.train.get_or_create_global_step()
    w = tf.Variable(0.0, name="w")
    return gs, w, tf.group(tf.assign_add(w, delta), tf.assign_add(gs, 1))


# ---- monitored_stop_at_step_with_checkpoints
def case_x_mvar_mts_save_checkpoint_steps(tf):
    d = tempfile.mkdtemp()
    try:
        gs, w, train = _counting_graph(tf)
        with tf.train.MonitoredTrainingSession(checkpoint_dir=d, save_checkpoint_steps=2,
                                               hooks=[tf.train.StopAtStepHook(last_step=5)],
                                               save_summaries_steps=None, log_step_count_steps=None) as sess:
            while not sess.should_stop():
                sess.run(train)
        state = tf.train.get_checkpoint_state(d)
        return {"files": _ckpt_names(d), "latest": os.path.basename(state.model_checkpoint_path),
                "all": [os.path.basename(p) for p in state.all_model_checkpoint_paths],
                "w": tf.train.load_checkpoint(d).get_tensor("w")}
    finally:
        shutil.rmtree(d)


def case_x_mvar_mts_no_checkpoint_dir_and_last_step_reached(tf):
    d = tempfile.mkdtemp()
    try:
        gs, w, train = _counting_graph(tf)
        runs = []
        for last in (3, 2):
            n = 0
            with tf.train.MonitoredTrainingSession(checkpoint_dir=d, hooks=[tf.train.StopAtStepHook(last_step=last)],
                                                   save_summaries_steps=None, log_step_count_steps=None) as sess:
                stopped_at_start = sess.should_stop()
                while not sess.should_stop():
                    sess.run(train)
                    n += 1
            runs.append((n, stopped_at_start))
        plain = []
        with tf.train.MonitoredTrainingSession(hooks=[tf.train.StopAtStepHook(num_steps=2)]) as sess:
            while not sess.should_stop():
                plain.append(sess.run([train, gs])[1])
        return {"runs": runs, "plain": plain, "files": _ckpt_names(d)}
    finally:
        shutil.rmtree(d)


def case_x_mvar_mts_checkpoint_in_nested_missing_dir(tf):
    d = tempfile.mkdtemp()
    try:
        target = os.path.join(d, "not", "yet")
        gs, w, train = _counting_graph(tf, 3.0)
        with tf.train.MonitoredTrainingSession(checkpoint_dir=target, hooks=[tf.train.StopAtStepHook(num_steps=2)],
                                               save_summaries_steps=None, log_step_count_steps=None) as sess:
            while not sess.should_stop():
                sess.run(train)
        return {"exists": os.path.isdir(target), "files": _ckpt_names(target),
                "latest": os.path.basename(tf.train.latest_checkpoint(target))}
    finally:
        shutil.rmtree(d)


# ---- monitored_resumes_from_checkpoint_dir
def case_x_mvar_resume_with_num_steps(tf):
    d = tempfile.mkdtemp()
    try:
        gs, w, train = _counting_graph(tf, 2.0)
        starts, values = [], []
        for _ in range(3):
            with tf.train.MonitoredTrainingSession(checkpoint_dir=d, hooks=[tf.train.StopAtStepHook(num_steps=2)],
                                                   save_summaries_steps=None, log_step_count_steps=None) as sess:
                starts.append(sess.run(gs))
                while not sess.should_stop():
                    sess.run(train)
                values.append(sess.run(w) if not sess.should_stop() else None)
        state = tf.train.get_checkpoint_state(d)
        return {"starts": starts, "values": values,
                "all": [os.path.basename(p) for p in state.all_model_checkpoint_paths],
                "saved": tf.train.load_checkpoint(d).get_tensor("w")}
    finally:
        shutil.rmtree(d)


def case_x_mvar_resume_scaffold_saver_max_to_keep(tf):
    d = tempfile.mkdtemp()
    try:
        gs, w, train = _counting_graph(tf)
        scaffold = tf.train.Scaffold(saver=tf.train.Saver(max_to_keep=2))
        with tf.train.MonitoredTrainingSession(checkpoint_dir=d, scaffold=scaffold, save_checkpoint_steps=1,
                                               hooks=[tf.train.StopAtStepHook(last_step=4)],
                                               save_summaries_steps=None, log_step_count_steps=None) as sess:
            while not sess.should_stop():
                sess.run(train)
        state = tf.train.get_checkpoint_state(d)
        return {"files": _ckpt_names(d), "all": [os.path.basename(p) for p in state.all_model_checkpoint_paths]}
    finally:
        shutil.rmtree(d)


# ---- stop_at_step_num_steps
def case_x_mvar_stop_at_step_without_global_step(tf):
    x = tf.Variable(0, name="x")
    tf.assign_add(x, 1)
    made = message_has(lambda: tf.train.MonitoredSession(hooks=[tf.train.StopAtStepHook(num_steps=2)]),
                       "Global step should be created")
    return {"made": made, "no_gs_graph": tf.train.get_global_step() is None,
            "both_msg": message_has(lambda: tf.train.StopAtStepHook(num_steps=1, last_step=2),
                                    "Can not provide both"),
            "neither_msg": message_has(lambda: tf.train.StopAtStepHook(), "One of num_steps or last_step")}


def case_x_mvar_stop_at_step_zero_and_skip(tf):
    gs = tf.train.get_or_create_global_step()
    skip = tf.assign_add(gs, 3)
    out = {}
    for key, hook in (("num0", tf.train.StopAtStepHook(num_steps=0)), ("last4", tf.train.StopAtStepHook(last_step=4))):
        seen = []
        with tf.train.SingularMonitoredSession(hooks=[hook]) as sess:
            while not sess.should_stop() and len(seen) < 5:
                seen.append(sess.run(skip))
        out[key] = seen
    return out


def case_x_mvar_two_stop_hooks(tf):
    gs = tf.train.get_or_create_global_step()
    inc = tf.assign_add(gs, 1)
    seen = []
    hooks = [tf.train.StopAtStepHook(last_step=10), tf.train.StopAtStepHook(num_steps=2)]
    with tf.train.MonitoredSession(hooks=hooks) as sess:
        while not sess.should_stop():
            seen.append(sess.run(inc))
    return seen


# ---- session_run_hook_order
def case_x_mvar_hook_order_two_recorders(tf):
    log = []
    x = tf.Variable(0, name="x")
    inc = tf.assign_add(x, 1)

    class Rec(tf.train.SessionRunHook):
        def __init__(self, tag):
            self.tag = tag

        def begin(self):
            log.append(("begin", self.tag))

        def after_create_session(self, session, coord):
            log.append(("create", self.tag, coord is not None))

        def before_run(self, run_context):
            log.append(("before", self.tag))

        def after_run(self, run_context, run_values):
            log.append(("after", self.tag, run_values.results))
            if self.tag == "b":
                run_context.request_stop()

        def end(self, session):
            log.append(("end", self.tag, int(session.run(x))))

    with tf.train.MonitoredSession(hooks=[Rec("b"), Rec("a")]) as sess:
        while not sess.should_stop():
            sess.run(inc)
    return log


def case_x_mvar_hook_raises_in_before_run(tf):
    log = []
    x = tf.constant(1)

    class Bad(tf.train.SessionRunHook):
        def before_run(self, run_context):
            raise ValueError("hook failed")

        def end(self, session):
            log.append("end")

    sess = tf.train.MonitoredSession(hooks=[Bad()])
    err = message_has(lambda: sess.run(x), "hook failed")
    closed = catch(sess.close)
    return {"err": err, "log": log, "closed": closed}


def case_x_mvar_end_not_called_on_error_exit(tf):
    log = []
    x = tf.Variable(0, name="x")
    inc = tf.assign_add(x, 1)
    bad = tf.placeholder(tf.float32)

    class Rec(tf.train.SessionRunHook):
        def after_run(self, run_context, run_values):
            log.append("after")

        def end(self, session):
            log.append("end")

    def body():
        with tf.train.MonitoredSession(hooks=[Rec()]) as sess:
            sess.run(inc)
            sess.run(bad * 2.0)  # unfed placeholder
    return {"raised": catch(body), "log": log}


# ---- hooks_run_in_order_and_feed
def case_x_mvar_hook_feeds_and_conflict(tf):
    p = tf.placeholder(tf.int32, [])
    q = tf.placeholder(tf.int32, [])
    out = p + q

    class Feeder(tf.train.SessionRunHook):
        def before_run(self, run_context):
            return tf.train.SessionRunArgs(fetches=None, feed_dict={q: 100})

    with tf.train.SingularMonitoredSession(hooks=[Feeder()]) as sess:
        fed = sess.run(out, feed_dict={p: 1})
        conflict = message_has(lambda: sess.run(out, feed_dict={p: 1, q: 2}), "Same tensor is fed")
        again = sess.run(out, feed_dict={p: 5})
    return {"fed": fed, "conflict": conflict, "again": again}


def case_x_mvar_two_hooks_feed_same_tensor(tf):
    q = tf.placeholder(tf.int32, [])

    class Feeder(tf.train.SessionRunHook):
        def before_run(self, run_context):
            return tf.train.SessionRunArgs(None, feed_dict={q: 1})

    with tf.train.SingularMonitoredSession(hooks=[Feeder(), Feeder()]) as sess:
        return message_has(lambda: sess.run(q * 2), "Same tensor is fed by two hooks")


def case_x_mvar_original_args_and_list_fetches(tf):
    a = tf.constant(2)
    b = tf.constant([1.0, 2.0])
    p = tf.placeholder(tf.int32, [])
    seen = []

    class Peek(tf.train.SessionRunHook):
        def before_run(self, run_context):
            args = run_context.original_args
            seen.append((type(args.fetches).__name__, sorted(t.name for t in (args.feed_dict or {}))))
            return tf.train.SessionRunArgs([a, b])

        def after_run(self, run_context, run_values):
            seen.append(run_values.results)

    with tf.train.SingularMonitoredSession(hooks=[Peek()]) as sess:
        got = sess.run({"x": a + p, "y": [b]}, feed_dict={p: 3})
    return {"got": got, "seen": seen}


# ---- session_run_args_fetches_dict
def case_x_mvar_run_args_nested_and_ops(tf):
    v = tf.Variable(5, name="v")
    inc = tf.assign_add(v, 1)
    got = []

    class Peek(tf.train.SessionRunHook):
        def before_run(self, run_context):
            return tf.train.SessionRunArgs({"pair": (v.value(), tf.no_op(name="nothing")), "op": inc.op})

        def after_run(self, run_context, run_values):
            got.append(run_values.results)

    with tf.train.MonitoredSession(hooks=[Peek()]) as sess:
        main = sess.run(v.value())
        main2 = sess.run(v.value())
    return {"main": [main, main2], "hook": got, "args_fields": list(tf.train.SessionRunArgs._fields),
            "values_fields": list(tf.train.SessionRunValues._fields)}


def case_x_mvar_run_args_options_and_defaults(tf):
    x = tf.constant(7)
    got = []

    class Opt(tf.train.SessionRunHook):
        def before_run(self, run_context):
            return tf.train.SessionRunArgs(x, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE))

        def after_run(self, run_context, run_values):
            got.append((run_values.results, run_values.run_metadata is not None))

    args = tf.train.SessionRunArgs(x)
    with tf.train.MonitoredSession(hooks=[Opt()]) as sess:
        main = sess.run(x + 1)
    return {"main": main, "got": got, "defaults": [args.feed_dict, args.options]}


# ---- monitored_graph_finalized_and_closed
def case_x_mvar_closed_session_run_and_double_close(tf):
    v = tf.Variable(1.0, name="v")
    sess = tf.train.MonitoredSession()
    sess.close()
    return {"run_after_close": catch(sess.run, v), "close_again": catch(sess.close),
            "should_stop": sess.should_stop(), "finalized": tf.get_default_graph().finalized}


def case_x_mvar_error_inside_run_keeps_session(tf):
    p = tf.placeholder(tf.float32, [2])
    check = tf.debugging.assert_positive(p, message="must be positive")
    with tf.control_dependencies([check]):
        out = tf.identity(p) * 2.0
    with tf.train.MonitoredSession() as sess:
        ok = sess.run(out, {p: [1.0, 2.0]})
        bad = catch(sess.run, out, {p: [-1.0, 2.0]})
        after = sess.run(out, {p: [3.0, 4.0]})
        stop = sess.should_stop()
    return {"ok": ok, "bad": bad, "after": after, "should_stop": stop}


def case_x_mvar_out_of_range_inside_with_block_stops(tf):
    q = tf.FIFOQueue(3, tf.int32)
    fill = q.enqueue_many([[1, 2]])
    close = q.close()
    take = q.dequeue_up_to(1)
    got = []
    with tf.train.MonitoredSession() as sess:
        sess.run([fill, close])
        while not sess.should_stop():
            got.append(sess.run(take))
    return {"got": got, "after": sess.should_stop()}


def case_x_mvar_singular_raw_session_and_graph(tf):
    v = tf.Variable(3.0, name="v")
    with tf.train.SingularMonitoredSession() as sess:
        raw = sess.raw_session()
        return {"raw_value": raw.run(v), "graph_same": sess.graph is tf.get_default_graph(),
                "finalized": sess.graph.finalized, "add_var": catch(tf.Variable, 1.0)}
