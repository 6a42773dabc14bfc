"""Round-14 variations of the public misc_monitored cases: Scaffold init_fn skipped on restore,
local variables re-initialized on restart, a resumed run already past last_step, save_checkpoint_steps
with a step that jumps, stop requested from after_create_session and from before_run, hooks' end
order and an end() that raises, hook fetches of ops/None/nested lists, SessionRunArgs with a feed of
the user's own placeholder, and what a closed MonitoredSession still answers."""
import os
import shutil
import tempfile

from _harness import catch, message_has


def _ckpts(d):
    return sorted(n for n in os.listdir(d) if n.startswith("model.ckpt-") and n.endswith(".index"))


# ---- monitored_stop_at_step_with_checkpoints
def case_x_gc14_mts_checkpoint_steps_with_jumping_step(tf):
    d = tempfile.mkdtemp()
    try:
        gs = tf.train.get_or_create_global_step()
        train = tf.assign_add(gs, 3)
        seen = []
        with tf.train.MonitoredTrainingSession(checkpoint_dir=d, save_checkpoint_steps=4,
                                               hooks=[tf.train.StopAtStepHook(last_step=10)],
                                               save_summaries_steps=None, log_step_count_steps=None) as sess:
            while not sess.should_stop():
                seen.append(sess.run(train))
        return {"seen": seen, "ckpts": _ckpts(d), "latest": os.path.basename(tf.train.latest_checkpoint(d))}
    finally:
        shutil.rmtree(d)


# ---- monitored_resumes_from_checkpoint_dir
def case_x_gc14_resume_skips_init_fn_and_reinits_locals(tf):
    d = tempfile.mkdtemp()
    try:
        gs = tf.train.get_or_create_global_step()
        w = tf.Variable(1.0, name="w")
        counter = tf.Variable(0, name="counter", trainable=False, collections=[tf.GraphKeys.LOCAL_VARIABLES])
        train = tf.group(tf.assign_add(w, 1.0), tf.assign_add(gs, 1), tf.assign_add(counter, 1))
        calls = []
        set_w = w.assign(100.0)

        def init_fn(scaffold, session):
            calls.append(len(calls))
            session.run(set_w)

        starts = []
        for last in (2, 4):
            scaffold = tf.train.Scaffold(init_fn=init_fn)
            with tf.train.MonitoredTrainingSession(checkpoint_dir=d, scaffold=scaffold,
                                                   hooks=[tf.train.StopAtStepHook(last_step=last)],
                                                   save_summaries_steps=None, log_step_count_steps=None) as sess:
                starts.append(sess.run([gs, w, counter]))
                while not sess.should_stop():
                    sess.run(train)
        return {"starts": starts, "init_fn_calls": calls, "ckpts": _ckpts(d)}
    finally:
        shutil.rmtree(d)


def case_x_gc14_resume_past_last_step(tf):
    d = tempfile.mkdtemp()
    try:
        gs = tf.train.get_or_create_global_step()
        train = tf.assign_add(gs, 1)
        runs = []
        for last in (3, 2, 3):
            n = 0
            with tf.train.MonitoredTrainingSession(checkpoint_dir=d, hooks=[tf.train.StopAtStepHook(last_step=last)],
                                                   save_summaries_steps=None, log_step_count_steps=None) as sess:
                first_stop = sess.should_stop()
                while not sess.should_stop():
                    sess.run(train)
                    n += 1
            runs.append((first_stop, n))
        return {"runs": runs, "ckpts": _ckpts(d)}
    finally:
        shutil.rmtree(d)


# ---- stop_at_step_num_steps
def case_x_gc14_stop_requested_in_after_create_session_and_before_run(tf):
    gs = tf.train.get_or_create_global_step()
    inc = tf.assign_add(gs, 1)
    log = []

    class StopEarly(tf.train.SessionRunHook):
        def after_create_session(self, session, coord):
            coord.request_stop()

    class StopBefore(tf.train.SessionRunHook):
        def before_run(self, run_context):
            run_context.request_stop()
            log.append(("before", run_context.stop_requested))

        def after_run(self, run_context, run_values):
            log.append(("after", run_context.stop_requested))

    with tf.train.SingularMonitoredSession(hooks=[StopEarly()]) as sess:
        early = sess.should_stop()
        ran = catch(sess.run, inc)
    with tf.train.SingularMonitoredSession(hooks=[StopBefore(), tf.train.StopAtStepHook(num_steps=5)]) as sess:
        value = sess.run(inc)
        stop = sess.should_stop()
    return {"early": early, "ran": ran, "value": value, "stop": stop, "log": log}


# ---- session_run_hook_order
def case_x_gc14_hooks_end_order_and_end_raises(tf):
    log = []
    x = tf.Variable(0, name="x")
    inc = tf.assign_add(x, 1)

    class Named(tf.train.SessionRunHook):
        def __init__(self, name, fail_end=False):
            self.name, self.fail_end = name, fail_end

        def begin(self):
            log.append(("begin", self.name))

        def after_create_session(self, session, coord):
            log.append(("create", self.name))

        def end(self, session):
            log.append(("end", self.name, int(session.run(x))))
            if self.fail_end:
                raise ValueError("end failed " + self.name)

    with tf.train.MonitoredSession(hooks=[Named("a"), Named("b")]) as sess:
        sess.run(inc)
    failing = tf.train.MonitoredSession(hooks=[Named("c", fail_end=True), Named("d")])
    failing.run(inc)
    raised = message_has(failing.close, "end failed c")
    return {"log": log, "raised": raised, "closed_stop": failing.should_stop()}


# ---- hooks_run_in_order_and_feed
def case_x_gc14_hook_feeds_user_placeholder_and_fetches_ops(tf):
    p = tf.placeholder(tf.int32, [], name="p")
    q = tf.placeholder(tf.int32, [], name="q")
    v = tf.Variable(0, name="v")
    bump = tf.assign_add(v, 1).op
    total = p + q
    got = []

    class FeedQ(tf.train.SessionRunHook):
        def before_run(self, run_context):
            return tf.train.SessionRunArgs([bump, [q, p]], feed_dict={q: 7})

        def after_run(self, run_context, run_values):
            got.append(run_values.results)

    with tf.train.SingularMonitoredSession(hooks=[FeedQ()]) as sess:
        main = sess.run(total, {p: 2})
        clash = catch(sess.run, p, {q: 1, p: 1})
        after = sess.raw_session().run(v)
    return {"main": main, "got": got, "clash": clash, "after": after}


# ---- session_run_args_fetches_dict
def case_x_gc14_run_values_options_and_metadata(tf):
    x = tf.constant(2.0)
    x1, x2 = x + 1, x * 2
    seen = []

    class Meta(tf.train.SessionRunHook):
        def before_run(self, run_context):
            opts = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
            return tf.train.SessionRunArgs({"x": x, "t": (x, x2)}, options=opts)

        def after_run(self, run_context, run_values):
            seen.append((run_values.results, run_values.options.trace_level,
                         run_values.run_metadata is not None, type(run_values).__name__,
                         type(run_context.original_args).__name__, run_context.original_args.fetches))

    with tf.train.MonitoredSession(hooks=[Meta()]) as sess:
        out = sess.run({"a": x1})
    return {"out": out, "seen": seen}


# ---- monitored_graph_finalized_and_closed
def case_x_gc14_closed_session_state(tf):
    v = tf.Variable(3.0, name="v")
    sess = tf.train.MonitoredSession()
    graph = sess.graph
    sess.close()
    return {"graph_same": graph is tf.get_default_graph(), "finalized": graph.finalized,
            "run": catch(sess.run, v), "close_again": catch(sess.close),
            "singular_raw_after_close": catch(lambda: _closed_singular(tf).raw_session())}


def _closed_singular(tf):
    s = tf.train.SingularMonitoredSession()
    s.close()
    return s
