"""Event files as TensorFlow writes them: `events.out.tfevents.<seconds>.<host><suffix>` in a logdir.

Each file is a TFRecord file of serialized `tensorflow.Event` messages; the first event carries
`file_version: "brain.Event:2"`. Events are queued (at most max_queue, `add_event` blocks when
full) and written by one background thread, which flushes the file every flush_secs.
"""
from __future__ import annotations

import os
import queue
import socket
import threading
import time

from tfsess.runtime.tfrecord import TFRecordWriter

FILE_VERSION = "brain.Event:2"
WRITER_NAME = "tensorflow.core.util.events_writer"  # TF's source_metadata.writer in the first event


def _event_pb2():
    from tfsess.protos import event_pb2  # optional dependency: protobuf
    return event_pb2


class EventFileWriter:
    """Writes Event protos to a new event file in `logdir` from a background thread.

    Args:
      logdir: the directory; created (with its parents) when missing.
      max_queue: how many events may wait to be written before add_event blocks.
      flush_secs: how often, in seconds, the thread flushes the file.
      filename_suffix: appended to the event file name.
    """

    def __init__(self, logdir, max_queue=10, flush_secs=120, filename_suffix=None):
        self._logdir = os.fspath(logdir)
        self._max_queue, self._flush_secs = max_queue, flush_secs
        self._suffix = filename_suffix or ""
        self._closed = True
        self._lock = threading.Lock()
        self._open()

    def _open(self):
        os.makedirs(self._logdir, exist_ok=True)
        seconds = int(time.time())
        name = "events.out.tfevents.{:010d}.{}{}".format(seconds, socket.gethostname(), self._suffix)
        self._path = os.path.join(self._logdir, name)
        self._records = TFRecordWriter(self._path)
        self._queue = queue.Queue(self._max_queue)
        self._thread = _EventWriterThread(self._queue, self._records, self._flush_secs)
        event = _event_pb2().Event(wall_time=seconds, file_version=FILE_VERSION)  # whole seconds, as TF
        event.source_metadata.writer = WRITER_NAME
        self._records.write(event.SerializeToString())
        self._records.flush()
        self._thread.start()
        self._closed = False

    def get_logdir(self) -> str:
        """The directory the event files go into."""
        return self._logdir

    def add_event(self, event) -> None:
        """Queues one Event message for writing (dropped once the writer is closed, as TF does)."""
        if not self._closed:
            self._queue.put(event)

    def flush(self) -> None:
        """Writes every queued event to disk."""
        if not self._closed:
            self._queue.join()
            self._thread.raise_if_failed()
            self._records.flush()

    def close(self) -> None:
        """Writes every queued event, stops the thread and closes the file; reopen() starts a new file."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._queue.put(_STOP)
            self._thread.join()
            self._records.close()
        self._thread.raise_if_failed()

    def reopen(self) -> None:
        """Opens a new event file after close(); does nothing while the writer is open."""
        with self._lock:
            if self._closed:
                self._open()


_STOP = object()


class _EventWriterThread(threading.Thread):
    """Takes events from the queue and writes them until it meets _STOP; flushes every flush_secs."""

    def __init__(self, events: queue.Queue, records: TFRecordWriter, flush_secs: float):
        super().__init__(name="EventFileWriter", daemon=True)
        self._events, self._records, self._flush_secs = events, records, flush_secs
        self._next_flush = time.time() + flush_secs
        self._error = None

    def run(self):
        while True:
            event = self._events.get()
            try:
                if event is _STOP:
                    return
                if self._error is None:
                    self._records.write(event.SerializeToString())
                    if time.time() >= self._next_flush:
                        self._records.flush()
                        self._next_flush = time.time() + self._flush_secs
            except Exception as e:  # kept for the caller: a thread cannot raise into it
                self._error = e
            finally:
                self._events.task_done()

    def raise_if_failed(self):
        if self._error is not None:
            error, self._error = self._error, None
            raise error
