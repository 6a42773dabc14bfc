"""tf.train.basic_train_loop (a Supervisor's loop, restarted on AbortedError), tf.train.checkpoints_iterator,
and tf.train.noisy_linear_cosine_decay."""
from __future__ import annotations

import math
import time

from tfsess.framework import errors
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.ops import array_ops, math_ops, random_ops, unary_ops
from tfsess.platform import tf_logging as logging
from tfsess.train.checkpoint_management import latest_checkpoint


def basic_train_loop(supervisor, train_step_fn, args=None, kwargs=None, master=""):
    """Calls `train_step_fn(sess, *args, **kwargs)` in a managed session until the supervisor stops."""
    args, kwargs = args or [], kwargs or {}
    should_retry = True
    while should_retry:
        try:
            should_retry = False
            with supervisor.managed_session(master) as sess:
                while not supervisor.should_stop():
                    train_step_fn(sess, *args, **kwargs)
        except errors.AbortedError:  # a restarted server: run again, as TF does
            should_retry = True


def wait_for_new_checkpoint(checkpoint_dir, last_checkpoint=None, seconds_to_sleep=1, timeout=None):
    """The newest checkpoint of checkpoint_dir other than last_checkpoint, waiting for one (None on timeout)."""
    logging.info("Waiting for new checkpoint at %s", checkpoint_dir)
    stop_time = time.time() + timeout if timeout is not None else None
    while True:
        checkpoint_path = latest_checkpoint(checkpoint_dir)
        if checkpoint_path is None or checkpoint_path == last_checkpoint:
            if stop_time is not None and time.time() + seconds_to_sleep > stop_time:
                return None
            time.sleep(seconds_to_sleep)
        else:
            logging.info("Found new checkpoint at %s", checkpoint_path)
            return checkpoint_path


def checkpoints_iterator(checkpoint_dir, min_interval_secs=0, timeout=None, timeout_fn=None):
    """Yields each new checkpoint path of checkpoint_dir as it appears, at most one per min_interval_secs.

    Ends when no new checkpoint comes within `timeout` seconds, unless `timeout_fn()` says to go on.
    """
    checkpoint_path = None
    while True:
        new_checkpoint_path = wait_for_new_checkpoint(checkpoint_dir, checkpoint_path, timeout=timeout)
        if new_checkpoint_path is None:
            if not timeout_fn:
                logging.info("Timed-out waiting for a checkpoint.")
                return
            if timeout_fn():
                return
            continue
        start = time.time()
        checkpoint_path = new_checkpoint_path
        yield checkpoint_path
        time_to_next_eval = start + min_interval_secs - time.time()
        if time_to_next_eval > 0:
            time.sleep(time_to_next_eval)


def noisy_linear_cosine_decay(learning_rate, global_step, decay_steps, initial_variance=1.0, variance_decay=0.55,
                              num_periods=0.5, alpha=0.0, beta=0.001, name=None):
    """linear_cosine_decay with Gaussian noise of variance initial_variance / (1 + step)**variance_decay
    added to the linear term (Bello et al. 2017); the noise is drawn at each evaluation."""
    if global_step is None:
        raise ValueError("noisy linear cosine decay requires global_step")
    with op_scope(name, "NoisyLinearCosineDecay", [learning_rate, global_step]) as scope:
        lr = convert_to_tensor(learning_rate, name="learning_rate")
        dtype = lr.dtype.base_dtype
        steps = math_ops.cast(decay_steps, dtype)
        step = math_ops.minimum(math_ops.cast(global_step, dtype), steps)
        linear = (steps - step) / steps
        variance = math_ops.cast(initial_variance, dtype) / math_ops.pow(1.0 + step, math_ops.cast(variance_decay,
                                                                                                     dtype))
        # float32 noise, as in TF: a schedule over another float dtype fails with TF's ValueError
        noise = random_ops.random_normal(array_ops.shape(linear), stddev=unary_ops.sqrt(variance))
        noisy_linear = math_ops.cast(alpha, dtype) + linear + noise
        completed = 2.0 * math_ops.cast(num_periods, dtype) * (step / steps)
        cosine = 0.5 * (1.0 + unary_ops.cos(math.pi * completed))
        return math_ops.multiply(lr, noisy_linear * cosine + math_ops.cast(beta, dtype), name=scope)


__all__ = ["basic_train_loop", "checkpoints_iterator", "noisy_linear_cosine_decay"]
