"""The event writer of tf.summary.FileWriter(logdir, session=sess): events go through a TF2 summary
writer resource of the session (its ops in the session's graph, under `filewriter/`), as TF's
EventFileWriterV2. The file is created when the writer is, named as TF2 writers name theirs."""
from __future__ import annotations

import os

from tfsess.framework import dtypes
from tfsess.framework.graph_api import add_to_collection, name_scope
from tfsess.framework.op_builder import apply1, apply_op, convert_to_tensor
from tfsess.ops.constant_op import constant, placeholder_with_default
from tfsess.summary import v2_api
from tfsess.summary.event_file_writer import make_logdir


class _LegacyFileWriter(v2_api.SummaryWriter):
    """TF's graph-mode legacy writer: each init() call adds a new CreateSummaryFileWriter op."""

    def __init__(self, resource, make_init_op):
        self._make_init_op = make_init_op
        super().__init__(resource, make_init_op())
        add_to_collection(v2_api.WRITER_INIT_COLLECTION, self._init_op)

    def init(self):
        return self._make_init_op()


def _legacy_file_writer(logdir, max_queue, flush_millis, filename_suffix):
    """TF's summary_ops_v2.create_file_writer (the tf.contrib-era one EventFileWriterV2 uses)."""
    if filename_suffix is None:
        filename_suffix = constant(".v2")
    resource = apply1("SummaryWriter", [], {"shared_name": "logdir:" + logdir, "container": ""})

    def make_init_op():
        with name_scope("CreateSummaryFileWriter") as scope:
            inputs = [resource, constant(logdir, name="logdir"), constant(max_queue, name="max_queue"),
                      constant(flush_millis, name="flush_millis"),
                      convert_to_tensor(filename_suffix, dtype=dtypes.string, name="filename_suffix")]
            return apply_op("CreateSummaryFileWriter", inputs, name=scope)  # the scope's own name
    return _LegacyFileWriter(resource, make_init_op)


class EventFileWriterV2:
    """Writes Event protos with the session's summary-writer ops (add_event runs an ImportEvent op)."""

    def __init__(self, session, logdir, max_queue=10, flush_secs=120, filename_suffix=""):
        self._session, self._logdir, self._closed = session, os.fspath(logdir), False
        make_logdir(self._logdir)
        with session.graph.as_default(), name_scope("filewriter"):
            writer = _legacy_file_writer(self._logdir, max_queue, flush_secs * 1000, filename_suffix)
            with v2_api.record_if(True), writer.as_default():
                self._event = placeholder_with_default(constant("unused", dtypes.string), shape=[])
                self._add_event_op = v2_api.import_event(self._event)
            self._init_op, self._flush_op, self._close_op = writer.init(), writer.flush(), writer.close()
        session.run(self._init_op)

    def get_logdir(self):
        """The directory the event files go into."""
        return self._logdir

    def reopen(self):
        """After close(), opens a new event file; does nothing while open."""
        if self._closed:
            self._closed = False
            self._session.run(self._init_op)

    def add_event(self, event):
        """Writes one Event message (dropped once the writer is closed)."""
        if not self._closed:
            self._session.run(self._add_event_op, feed_dict={self._event: event.SerializeToString()})

    def flush(self):
        """Writes what the resource queued (runs the flush op even after close, as TF does)."""
        self._session.run(self._flush_op)

    def close(self):
        """Flushes and closes the event file."""
        if not self._closed:
            self.flush()
            self._session.run(self._close_op)
            self._closed = True
