"""Scaffold (the ops a monitored session needs), SessionManager and the session creators.

SessionManager.prepare_session makes a Session ready to train: it restores the latest
checkpoint of `checkpoint_dir` when there is one, else runs `init_op` / `init_fn`, then runs
the local init op, and checks with `ready_op` that no variable is left uninitialized.
"""
from __future__ import annotations

import time

import numpy as np

from tfsess.client.session import Session
from tfsess.framework import dtypes, errors
from tfsess.framework.graph import get_default_graph
from tfsess.framework.graph_api import add_to_collection, get_collection
from tfsess.ops import constant_op, control_flow_ops, indexing_ops, logic_ops, stack_ops, summary_ops, variables
from tfsess.ops.variables import GraphKeys
from tfsess.platform import tf_logging as logging
from tfsess.train import checkpoint_management
from tfsess.train.saver import Saver


def _saver_or_default():
    """The one Saver of the SAVERS collection, or a new sharded Saver added to it."""
    savers = get_collection(GraphKeys.SAVERS)
    if savers:
        if len(savers) > 1:
            raise RuntimeError(f"More than one item in collection {GraphKeys.SAVERS}. Please indicate which one "
                               "to use by passing it to the constructor.")
        return savers[0]
    saver = Saver(sharded=True, allow_empty=True)
    add_to_collection(GraphKeys.SAVERS, saver)
    return saver


class Scaffold:
    """The init, ready, local-init and summary ops and the Saver of a monitored session (tf.train.Scaffold).

    `finalize()` fills each missing piece from its graph collection, or builds TF's default and
    stores it there, then finalizes the graph.
    """

    def __init__(self, init_op=None, init_feed_dict=None, init_fn=None, ready_op=None, ready_for_local_init_op=None,
                 local_init_op=None, summary_op=None, saver=None, copy_from_scaffold=None, local_init_feed_dict=None):
        if copy_from_scaffold is not None:
            if not isinstance(copy_from_scaffold, Scaffold):
                raise TypeError("copy_from_scaffold is not a Scaffold instance.")
            pick = lambda mine, theirs: mine if mine is not None else theirs  # noqa: E731
            c = copy_from_scaffold
            init_op, init_feed_dict = pick(init_op, c.init_op), pick(init_feed_dict, c.init_feed_dict)
            init_fn, ready_op = pick(init_fn, c._user_init_fn), pick(ready_op, c.ready_op)
            ready_for_local_init_op = pick(ready_for_local_init_op, c.ready_for_local_init_op)
            local_init_op = pick(local_init_op, c.local_init_op)
            local_init_feed_dict = pick(local_init_feed_dict, c.local_init_feed_dict)
            summary_op, saver = pick(summary_op, c.summary_op), pick(saver, c.saver)
        self._user_init_fn = init_fn
        self._init_fn = (lambda sess: init_fn(self, sess)) if init_fn else None
        self._init_op, self._init_feed_dict = init_op, init_feed_dict
        self._ready_op, self._ready_for_local_init_op = ready_op, ready_for_local_init_op
        self._local_init_op, self._local_init_feed_dict = local_init_op, local_init_feed_dict
        self._summary_op, self._saver = summary_op, saver

    @staticmethod
    def get_or_default(arg_name, collection_key, default_constructor):
        """The single op of `collection_key`, or `default_constructor()` stored there."""
        elements = get_collection(collection_key)
        if elements:
            if len(elements) > 1:
                raise RuntimeError(f"More than one item in the collection \"{collection_key}\". Please indicate "
                                   f"which one to use by passing it to the tf.Scaffold constructor as: "
                                   f"tf.Scaffold({arg_name}=item to use)")
            return elements[0]
        op = default_constructor()
        if op is not None:
            add_to_collection(collection_key, op)
        return op

    @staticmethod
    def default_local_init_op():
        """local_variables_initializer and tables_initializer, grouped."""
        return control_flow_ops.group(variables.local_variables_initializer(), variables.tables_initializer())

    def finalize(self):
        """Creates the missing ops and the Saver, then finalizes the default graph; returns self."""
        if self._init_op is None:
            self._init_op = Scaffold.get_or_default("init_op", GraphKeys.INIT_OP,
                                                    lambda: control_flow_ops.group(
                                                        variables.global_variables_initializer()))
        if self._ready_op is None:
            self._ready_op = Scaffold.get_or_default("ready_op", GraphKeys.READY_OP, _default_ready_op)
        if self._ready_for_local_init_op is None:
            self._ready_for_local_init_op = Scaffold.get_or_default(
                "ready_for_local_init_op", GraphKeys.READY_FOR_LOCAL_INIT_OP,
                lambda: variables.report_uninitialized_variables(variables.global_variables()))
        if self._local_init_op is None:
            self._local_init_op = Scaffold.get_or_default("local_init_op", GraphKeys.LOCAL_INIT_OP,
                                                          Scaffold.default_local_init_op)
        if self._summary_op is None:
            self._summary_op = Scaffold.get_or_default("summary_op", GraphKeys.SUMMARY_OP, summary_ops.merge_all)
        if self._saver is None:
            self._saver = _saver_or_default()
        self._saver.build()
        get_default_graph().finalize()
        logging.info("Graph was finalized.")
        return self

    init_fn = property(lambda self: self._init_fn)
    init_op = property(lambda self: self._init_op)
    ready_op = property(lambda self: self._ready_op)
    ready_for_local_init_op = property(lambda self: self._ready_for_local_init_op)
    local_init_op = property(lambda self: self._local_init_op)
    local_init_feed_dict = property(lambda self: self._local_init_feed_dict)
    summary_op = property(lambda self: self._summary_op)
    saver = property(lambda self: self._saver)
    init_feed_dict = property(lambda self: self._init_feed_dict)


def report_uninitialized_resources(resource_list=None, name="report_uninitialized_resources"):
    """A 1-D string tensor: the handle names of the resources (RESOURCES, LOCAL_RESOURCES) not created yet."""
    if resource_list is None:
        resource_list = get_collection(GraphKeys.RESOURCES) + get_collection(GraphKeys.LOCAL_RESOURCES)
    with get_default_graph().name_scope(name):
        if not resource_list:
            return constant_op.constant([], dtype=dtypes.string)
        mask = logic_ops.logical_not(stack_ops.stack([r.is_initialized for r in resource_list]))
        names = constant_op.constant([r.handle.name for r in resource_list])
        return indexing_ops.boolean_mask(names, mask)


def _default_ready_op():
    """TF's default Scaffold ready_op: the uninitialized variables, then the uninitialized resources."""
    return stack_ops.concat([variables.report_uninitialized_variables(), report_uninitialized_resources()], 0)


def _ready(op, sess, what):
    """(True, None) when `op` reports no uninitialized variable, else (False, a message naming them)."""
    if op is None:
        return True, None
    try:
        value = sess.run(op)
    except errors.FailedPreconditionError as exc:
        return False, f"{what}: {exc.message}"
    if value is None or value.dtype == np.int32 or value.size == 0:
        return True, None
    names = ", ".join(v.decode("utf-8") if isinstance(v, bytes) else str(v) for v in np.ravel(value))
    return False, "Variables not initialized: " + names


class SessionManager:
    """Creates sessions that are ready to run: restored or initialized (tf.train.SessionManager)."""

    def __init__(self, local_init_op=None, ready_op=None, ready_for_local_init_op=None, graph=None,
                 recovery_wait_secs=30, local_init_run_options=None, local_init_feed_dict=None):
        self._local_init_op = local_init_op
        self._ready_op = ready_op
        self._ready_for_local_init_op = ready_for_local_init_op
        self._graph = graph or get_default_graph()
        self._recovery_wait_secs = recovery_wait_secs
        self._local_init_feed_dict = local_init_feed_dict

    def _restore_checkpoint(self, master, saver, checkpoint_dir, checkpoint_filename_with_path,
                            wait_for_checkpoint, max_wait_secs, config):
        sess = Session(master, graph=self._graph, config=config)
        if checkpoint_dir and checkpoint_filename_with_path:
            raise ValueError("Can not provide both checkpoint_dir and checkpoint_filename_with_path.")
        if not saver or not (checkpoint_dir or checkpoint_filename_with_path):
            return sess, False
        if checkpoint_filename_with_path:
            saver.restore(sess, checkpoint_filename_with_path)
            return sess, True
        waited = 0
        ckpt = checkpoint_management.get_checkpoint_state(checkpoint_dir)
        while not ckpt or not ckpt.model_checkpoint_path:
            if not (wait_for_checkpoint and waited < max_wait_secs):
                return sess, False
            logging.info("Waiting for checkpoint to be available.")
            time.sleep(self._recovery_wait_secs)
            waited += self._recovery_wait_secs
            ckpt = checkpoint_management.get_checkpoint_state(checkpoint_dir)
        saver.restore(sess, ckpt.model_checkpoint_path)
        saver.recover_last_checkpoints(ckpt.all_model_checkpoint_paths)
        return sess, True

    def _try_run_local_init_op(self, sess):
        if self._local_init_op is None:
            return True, None
        ready, msg = _ready(self._ready_for_local_init_op, sess, "Model not ready for local init")
        if not ready:
            return False, msg
        sess.run(self._local_init_op, feed_dict=self._local_init_feed_dict)
        return True, None

    def prepare_session(self, master, init_op=None, saver=None, checkpoint_dir=None, wait_for_checkpoint=False,
                        max_wait_secs=7200, config=None, init_feed_dict=None, init_fn=None,
                        checkpoint_filename_with_path=None):
        """A Session restored from the latest checkpoint, or initialized; checked ready.

        Raises:
          RuntimeError: nothing to initialize with, or the model is still not ready afterwards.
        """
        sess, loaded = self._restore_checkpoint(master, saver, checkpoint_dir, checkpoint_filename_with_path,
                                                wait_for_checkpoint, max_wait_secs, config)
        if not loaded:
            if init_op is None and not init_fn and self._local_init_op is None:
                raise RuntimeError("Model is not initialized and no init_op or init_fn or local_init_op was given")
            if init_op is not None:
                sess.run(init_op, feed_dict=init_feed_dict)
            if init_fn:
                init_fn(sess)
        ok, msg = self._try_run_local_init_op(sess)
        if not ok:
            raise RuntimeError(f"Init operations did not make model ready for local_init.  Init op: "
                               f"{getattr(init_op, 'name', init_op)}, init fn: {init_fn}, error: {msg}")
        ok, msg = _ready(self._ready_op, sess, "Model not ready")
        if not ok:
            raise RuntimeError(f"Init operations did not make model ready.  Init op: "
                               f"{getattr(init_op, 'name', init_op)}, init fn: {init_fn}, local_init_op: "
                               f"{getattr(self._local_init_op, 'name', None)}, error: {msg}")
        return sess

    def recover_session(self, master, saver=None, checkpoint_dir=None, wait_for_checkpoint=False,
                        max_wait_secs=7200, config=None, checkpoint_filename_with_path=None):
        """(session, initialized): a Session restored from a checkpoint if one exists."""
        sess, loaded = self._restore_checkpoint(master, saver, checkpoint_dir, checkpoint_filename_with_path,
                                                wait_for_checkpoint, max_wait_secs, config)
        ok, _ = self._try_run_local_init_op(sess)
        if not loaded or not ok:
            return sess, False
        ok, msg = _ready(self._ready_op, sess, "Model not ready")
        if not ok:
            logging.info("Restoring model from %s: %s", checkpoint_dir or checkpoint_filename_with_path, msg)
        return sess, ok

    def wait_for_session(self, master, config=None, max_wait_secs=float("Inf")):
        """A Session once another process has initialized the model (DeadlineExceededError on timeout)."""
        deadline = time.time() + max_wait_secs
        while True:
            sess = Session(master, graph=self._graph, config=config)
            ok, msg = self._try_run_local_init_op(sess)
            if ok:
                ok, msg = _ready(self._ready_op, sess, "Model not ready")
                if ok:
                    return sess
            sess.close()
            if time.time() + self._recovery_wait_secs > deadline:
                raise errors.DeadlineExceededError(None, None, f"Session was not ready after waiting "
                                                               f"{max_wait_secs} secs: {msg}")
            logging.info("Waiting for model to be ready.  Ready_for_local_init_op:  %s, ready: %s", msg, msg)
            time.sleep(self._recovery_wait_secs)


class SessionCreator:
    """A factory of tf.Session objects for MonitoredSession: subclasses give create_session()."""

    def create_session(self):
        raise NotImplementedError("create_session is not implemented for {}.".format(self))


class ChiefSessionCreator(SessionCreator):
    """Creates the chief's session: finalizes the scaffold, then restores or initializes the model."""

    def __init__(self, scaffold=None, master="", config=None, checkpoint_dir=None,
                 checkpoint_filename_with_path=None):
        self._scaffold = scaffold or Scaffold()
        self._master, self._config = master, config
        self._checkpoint_dir = checkpoint_dir
        self._checkpoint_filename_with_path = checkpoint_filename_with_path
        self._session_manager = None

    def _get_session_manager(self):
        if self._session_manager is None:
            s = self._scaffold
            self._session_manager = SessionManager(local_init_op=s.local_init_op, ready_op=s.ready_op,
                                                   ready_for_local_init_op=s.ready_for_local_init_op,
                                                   graph=get_default_graph(),
                                                   local_init_feed_dict=s.local_init_feed_dict)
        return self._session_manager

    def create_session(self):
        """A new Session ready to run."""
        self._scaffold.finalize()
        s = self._scaffold
        return self._get_session_manager().prepare_session(
            self._master, saver=s.saver, checkpoint_dir=self._checkpoint_dir,
            checkpoint_filename_with_path=self._checkpoint_filename_with_path, config=self._config,
            init_op=s.init_op, init_feed_dict=s.init_feed_dict, init_fn=s.init_fn)


class WorkerSessionCreator(SessionCreator):
    """Creates a worker's session: waits until the chief has initialized the model."""

    def __init__(self, scaffold=None, master="", config=None, max_wait_secs=30 * 60):
        self._scaffold = scaffold or Scaffold()
        self._master, self._config, self._max_wait_secs = master, config, max_wait_secs

    def create_session(self):
        """A Session once the model is ready."""
        self._scaffold.finalize()
        s = self._scaffold
        manager = SessionManager(local_init_op=s.local_init_op, ready_op=s.ready_op,
                                 ready_for_local_init_op=s.ready_for_local_init_op, graph=get_default_graph(),
                                 local_init_feed_dict=s.local_init_feed_dict)
        return manager.wait_for_session(self._master, config=self._config, max_wait_secs=self._max_wait_secs)


__all__ = ["ChiefSessionCreator", "Scaffold", "SessionCreator", "SessionManager", "WorkerSessionCreator"]
