"""tf.train.summary_iterator: the Event protos of an event file, in order."""
from tfsess.framework import errors
from tfsess.runtime.tfrecord import TFRecordFile


def summary_iterator(path):
    """Yields each `tensorflow.Event` message in the event file at `path`.

    Raises:
      NotFoundError: `path` does not exist (on the first next()).
      DataLossError: a corrupted or truncated record, or a record that is not an Event message
        (naming the file and the record's offset).
    """
    from google.protobuf.message import DecodeError  # optional dependency: protobuf
    from tfsess.protos import event_pb2  # optional dependency: protobuf
    with TFRecordFile(path) as f:
        while True:
            start = f.offset
            record = f.read_record()
            if record is None:
                return
            try:
                event = event_pb2.Event.FromString(record)
            except DecodeError as exc:
                raise errors.DataLossError(None, None, f"{f.path}: the record at {start} is not an Event "
                                                       f"message ({exc})") from None
            yield event
