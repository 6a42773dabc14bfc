"""tf.train.QueueRunner: threads that keep running enqueue ops, and the QUEUE_RUNNERS collection."""
from __future__ import annotations

import logging
import threading
import weakref

from tfsess.client.session import BaseSession, get_default_session
from tfsess.framework import errors
from tfsess.framework.graph import get_default_graph
from tfsess.framework.graph_def import collection_proto_writers
from tfsess.train import meta_graph

_log = logging.getLogger("tfsess")
QUEUE_RUNNERS = "queue_runners"  # tf.GraphKeys.QUEUE_RUNNERS


class QueueRunner:
    """Holds a queue and the ops that fill it; `create_threads` runs each op in a loop.

    When an enqueue op raises one of `queue_closed_exception_types` (OutOfRangeError: its input
    ran out) the thread ends, and the last thread of a session closes the queue. Other errors go
    to the Coordinator (or to `exceptions_raised`). With a Coordinator, an extra thread runs
    `cancel_op` once a stop is requested, so that blocked enqueues end.

    A meta graph keeps its queue runners as QueueRunnerDef messages (`to_proto`); one read back
    (`queue_runner_def`, `from_proto`) holds the imported graph's queue op, as TF's does.
    """

    def __init__(self, queue=None, enqueue_ops=None, close_op=None, cancel_op=None,
                 queue_closed_exception_types=None, queue_runner_def=None, import_scope=None):
        if queue_runner_def:
            if queue or enqueue_ops:
                raise ValueError("queue_runner_def and queue are mutually exclusive.")
            self._init_from_proto(queue_runner_def, import_scope)
            return
        if not queue or not enqueue_ops:
            raise ValueError("Must provide queue and enqueue_ops.")
        self._queue = queue
        self._enqueue_ops = enqueue_ops
        self._close_op = close_op
        self._cancel_op = cancel_op
        if queue_closed_exception_types is not None:
            if (not isinstance(queue_closed_exception_types, tuple) or not queue_closed_exception_types
                    or not all(isinstance(t, type) and issubclass(t, errors.OpError)
                               for t in queue_closed_exception_types)):
                raise TypeError("queue_closed_exception_types, when provided, must be a non-empty list of tf.error "
                                f"types, but saw: {queue_closed_exception_types}")
        self._queue_closed_exception_types = queue_closed_exception_types or (errors.OutOfRangeError,)
        if self._close_op is None:  # close when no more will come, keeping pending enqueues
            self._close_op = self._queue.close()
        if self._cancel_op is None:  # on error: close and cancel pending enqueues so all can exit
            self._cancel_op = self._queue.close(cancel_pending_enqueues=True)
        self._init_threads_state()

    def _init_threads_state(self):
        self._lock = threading.Lock()
        self._runs_per_session = weakref.WeakKeyDictionary()
        self._exceptions_raised = []

    def _init_from_proto(self, queue_runner_def, import_scope):
        graph = get_default_graph()

        def element(name):
            return graph.as_graph_element(meta_graph.prepend_name_scope(name, import_scope))
        self._queue = element(queue_runner_def.queue_name)
        self._enqueue_ops = [element(name) for name in queue_runner_def.enqueue_op_name]
        self._close_op = element(queue_runner_def.close_op_name)
        self._cancel_op = element(queue_runner_def.cancel_op_name)
        self._queue_closed_exception_types = tuple(
            errors.exception_type_from_error_code(code)
            for code in queue_runner_def.queue_closed_exception_types) or (errors.OutOfRangeError,)
        self._init_threads_state()

    def to_proto(self, export_scope=None):
        """This runner as a QueueRunnerDef (names relative to `export_scope`), None when its queue is outside it."""
        if export_scope is not None and not self._queue.name.startswith(export_scope):
            return None
        from tfsess.protos import queue_runner_pb2  # optional dependency: protobuf

        def name(op):
            return meta_graph.strip_name_scope(op.name, export_scope) if export_scope else op.name
        return queue_runner_pb2.QueueRunnerDef(
            queue_name=name(self._queue), enqueue_op_name=[name(op) for op in self._enqueue_ops],
            close_op_name=name(self._close_op), cancel_op_name=name(self._cancel_op),
            queue_closed_exception_types=[errors.error_code_from_exception_type(cls)
                                          for cls in self._queue_closed_exception_types])

    @staticmethod
    def from_proto(queue_runner_def, import_scope=None):
        """A QueueRunner over the ops a QueueRunnerDef names, in the default graph under `import_scope`."""
        return QueueRunner(queue_runner_def=queue_runner_def, import_scope=import_scope)

    queue = property(lambda self: self._queue)
    enqueue_ops = property(lambda self: self._enqueue_ops)
    close_op = property(lambda self: self._close_op)
    cancel_op = property(lambda self: self._cancel_op)
    queue_closed_exception_types = property(lambda self: self._queue_closed_exception_types)
    name = property(lambda self: self._queue.name, doc="The name of the underlying queue.")

    @property
    def exceptions_raised(self):
        """Exceptions raised by threads created without a Coordinator."""
        return self._exceptions_raised

    def _run(self, sess, enqueue_op, coord=None):
        decremented = False
        try:
            enqueue_callable = sess.make_callable(enqueue_op)
            while True:
                if coord and coord.should_stop():
                    break
                try:
                    enqueue_callable()
                except self._queue_closed_exception_types:
                    with self._lock:
                        self._runs_per_session[sess] -= 1
                        decremented = True
                        if self._runs_per_session[sess] == 0:
                            try:
                                sess.run(self._close_op)
                            except Exception as e:  # noqa: BLE001 - TF ignores errors of close_op
                                _log.debug("Ignored exception: %s", e)
                        return
        except Exception as e:  # noqa: BLE001 - reported to the coordinator, as TF does
            if coord:
                coord.request_stop(e)
            else:
                _log.error("Exception in QueueRunner: %s", e)
                with self._lock:
                    self._exceptions_raised.append(e)
                raise
        finally:
            if not decremented:
                with self._lock:
                    self._runs_per_session[sess] -= 1

    def _close_on_stop(self, sess, cancel_op, coord):
        coord.wait_for_stop()
        try:
            sess.run(cancel_op)
        except Exception as e:  # noqa: BLE001 - TF ignores errors of cancel_op
            _log.debug("Ignored exception: %s", e)

    def create_threads(self, sess, coord=None, daemon=False, start=False):
        """Threads running the enqueue ops in `sess` (one per op, plus a closer with `coord`).

        Returns [] while threads created earlier for `sess` are still running.
        """
        with self._lock:
            if self._runs_per_session.get(sess, 0) > 0:
                return []
            self._runs_per_session[sess] = len(self._enqueue_ops)
            self._exceptions_raised = []
        threads = [threading.Thread(target=self._run, args=(sess, op, coord),
                                    name=f"QueueRunnerThread-{self.name}-{op.name}") for op in self._enqueue_ops]
        if coord:
            threads.append(threading.Thread(target=self._close_on_stop, args=(sess, self._cancel_op, coord),
                                            name=f"QueueRunnerThread-{self.name}-close_on_stop"))
        for t in threads:
            if coord:
                coord.register_thread(t)
            if daemon:
                t.daemon = True
            if start:
                t.start()
        return threads


def _from_bytes(raw, import_scope=None):
    from tfsess.protos import queue_runner_pb2  # optional dependency: protobuf
    return QueueRunner.from_proto(queue_runner_pb2.QueueRunnerDef.FromString(raw), import_scope)


collection_proto_writers[QUEUE_RUNNERS] = QueueRunner.to_proto
meta_graph.register_from_proto(QUEUE_RUNNERS, _from_bytes)


def add_queue_runner(qr, collection=QUEUE_RUNNERS):
    """Adds `qr` to a graph collection (default tf.GraphKeys.QUEUE_RUNNERS)."""
    get_default_graph().add_to_collection(collection, qr)


def start_queue_runners(sess=None, coord=None, daemon=True, start=True, collection=QUEUE_RUNNERS):
    """Starts threads for every QueueRunner in `collection`; returns them.

    Raises:
        ValueError: no session given and none is the default.
        TypeError: `sess` is not a session (a MonitoredSession starts its runners itself: [] then, as TF).
    """
    if sess is None:
        sess = get_default_session()
        if not sess:
            raise ValueError("Cannot start queue runners: No default session is registered. Use `with "
                             "sess.as_default()` or pass an explicit session to tf.start_queue_runners(sess=sess)")
    if not isinstance(sess, BaseSession):
        if type(sess).__name__ in ("MonitoredSession", "SingularMonitoredSession"):
            return []
        raise TypeError(f"sess must be a `tf.Session` object. Given class: {sess.__class__}")
    threads = []
    with sess.graph.as_default():
        for qr in get_default_graph().get_collection(collection):
            threads.extend(qr.create_threads(sess, coord=coord, daemon=daemon, start=start))
    return threads


__all__ = ["QueueRunner", "add_queue_runner", "start_queue_runners"]
