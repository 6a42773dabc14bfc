"""tf.train.summary_iterator: the Event protos of an event file, in order."""
from tfsess.runtime.tfrecord import tf_record_iterator


def summary_iterator(path):
    """Yields each `tensorflow.Event` message in the event file at `path`.

    Raises:
      NotFoundError: `path` does not exist (on the first next()).
      DataLossError: a corrupted or truncated record.
    """
    from tfsess.protos import event_pb2  # optional dependency: protobuf
    for record in tf_record_iterator(path):
        yield event_pb2.Event.FromString(record)
