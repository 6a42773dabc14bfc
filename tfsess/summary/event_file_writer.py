"""Event files as TensorFlow writes them: `events.out.tfevents.<seconds>.<host><suffix>` in a logdir.

Each file is a TFRecord file of serialized `tensorflow.Event` messages; the first event carries
`file_version: "brain.Event:2"`. As TF's EventsWriter, the file is created with the first event
written (at once when a filename_suffix is given), and a closed writer starts a new file with its
next event. Events are queued (at most max_queue, `add_event` blocks when full) and written by one
background thread, which flushes the first event at once and then every flush_secs.
"""
from __future__ import annotations

import os
import queue
import socket
import threading
import time

from tfsess.framework import errors
from tfsess.runtime.tfrecord import TFRecordWriter

FILE_VERSION = "brain.Event:2"
WRITER_NAME = "tensorflow.core.util.events_writer"  # TF's source_metadata.writer in the first event


def _event_pb2():
    from tfsess.protos import event_pb2  # optional dependency: protobuf
    return event_pb2


def make_logdir(logdir: str) -> None:
    """Creates `logdir` with its parents; a file in the way is TF's FailedPreconditionError naming it."""
    try:
        os.makedirs(logdir, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = logdir
        while os.path.dirname(blocker) != blocker and not os.path.isfile(blocker):
            blocker = os.path.dirname(blocker)
        raise errors.FailedPreconditionError(None, None, f"{blocker} is not a directory") from None


class EventsFile:
    """TF's EventsWriter: one event file at a time, opened with the first event written after close()."""

    def __init__(self, logdir: str, suffix: str):
        self._logdir, self._suffix = logdir, suffix
        self._records = None

    def open_if_needed(self) -> None:
        """Creates a new file named after the current second and writes the file_version event."""
        if self._records is not None:
            return
        seconds = int(time.time())
        name = "events.out.tfevents.{:010d}.{}{}".format(seconds, socket.gethostname(), self._suffix)
        self._records = TFRecordWriter(os.path.join(self._logdir, name))
        event = _event_pb2().Event(wall_time=seconds, file_version=FILE_VERSION)  # whole seconds, as TF
        event.source_metadata.writer = WRITER_NAME
        self._records.write(event.SerializeToString())
        self._records.flush()

    def write(self, event) -> None:
        self.open_if_needed()
        self._records.write(event.SerializeToString())

    def flush(self) -> None:
        if self._records is not None:
            self._records.flush()

    def close(self) -> None:
        if self._records is not None:
            self._records.close()
            self._records = None


class EventFileWriter:
    """Writes Event protos to an event file in `logdir` from a background thread.

    Args:
      logdir: the directory; created (with its parents) when missing.
      max_queue: how many events may wait to be written before add_event blocks.
      flush_secs: how often, in seconds, the thread flushes the file.
      filename_suffix: appended to the event file name; when given, the file is created at once.
    """

    def __init__(self, logdir, max_queue=10, flush_secs=120, filename_suffix=None):
        self._logdir = os.fspath(logdir)
        self._max_queue, self._flush_secs = max_queue, flush_secs
        self._lock = threading.Lock()
        make_logdir(self._logdir)
        self._file = EventsFile(self._logdir, filename_suffix or "")
        if filename_suffix:  # TF's InitWithSuffix opens the file right away
            self._file.open_if_needed()
        self._start()

    def _start(self):
        self._queue = queue.Queue(self._max_queue)
        self._thread = _EventWriterThread(self._queue, self._file, self._flush_secs)
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
            self._file.flush()

    def close(self) -> None:
        """Writes every queued event, stops the thread and closes the file; reopen() allows a new file."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._queue.put(_STOP)
            self._thread.join()
            self._file.close()
        self._thread.raise_if_failed()

    def reopen(self) -> None:
        """After close(), accepts events again; they go into a new file. Does nothing while open."""
        with self._lock:
            if self._closed:
                self._start()


_STOP = object()


class _EventWriterThread(threading.Thread):
    """Takes events from the queue and writes them until it meets _STOP; flushes the first event at
    once and then every flush_secs."""

    def __init__(self, events: queue.Queue, file: EventsFile, flush_secs: float):
        super().__init__(name="EventFileWriter", daemon=True)
        self._events, self._file, self._flush_secs = events, file, flush_secs
        self._next_flush = 0.0
        self._error = None

    def run(self):
        while True:
            event = self._events.get()
            try:
                if event is _STOP:
                    return
                if self._error is None:
                    self._file.write(event)
                    if time.time() > self._next_flush:
                        self._file.flush()
                        self._next_flush = time.time() + self._flush_secs
            except Exception as e:  # kept for the caller: a thread cannot raise into it
                self._error = e
            finally:
                self._events.task_done()

    def raise_if_failed(self):
        if self._error is not None:
            error, self._error = self._error, None
            raise error
