"""Op examples: TF2's summary-writer ops in graph mode (tf.compat.v2.summary)."""
from op_examples import Built, builder, op

EXAMPLES = {}


def _with_writer(make):
    """A file writer in `tmp`, initialised first; `make(tf, v2, writer)` builds the ops (fetch list or None)."""
    def build(tf, tmp):
        v2 = tf.compat.v2.summary
        writer = v2.create_file_writer(str(tmp))
        with writer.as_default(step=1):
            fetch = make(tf, v2, writer)
        return Built(setup=[writer.init()], fetch=fetch)
    return build


def _none(_built):
    """The ops are built; the contract test runs every op of the type (they have no outputs to fetch)."""
    return None


def _event(tf):
    return tf.constant(tf.Event(wall_time=1.0, step=3, file_version="brain.Event:2").SerializeToString())


EXAMPLES["SummaryWriter"] = builder(_with_writer(lambda tf, v2, w: [w._resource]))
EXAMPLES["CreateSummaryFileWriter"] = builder(_with_writer(lambda tf, v2, w: None))
EXAMPLES["WriteSummary"] = builder(_with_writer(lambda tf, v2, w: _none(v2.scalar("loss", 0.5, step=2))))
EXAMPLES["ImportEvent"] = builder(_with_writer(
    lambda tf, v2, w: _none(op("ImportEvent", [w._resource, _event(tf)]))))
EXAMPLES["WriteGraphSummary"] = builder(_with_writer(lambda tf, v2, w: _none(op(
    "WriteGraphSummary", [w._resource, tf.constant(0, tf.int64),
                          tf.constant(tf.get_default_graph().as_graph_def().SerializeToString())]))))
EXAMPLES["FlushSummaryWriter"] = builder(_with_writer(lambda tf, v2, w: _none(w.flush())))
EXAMPLES["CloseSummaryWriter"] = builder(_with_writer(lambda tf, v2, w: _none(w.close())))
EXAMPLES["WriteRawProtoSummary"] = builder(_with_writer(lambda tf, v2, w: _none(v2.experimental.write_raw_pb(
    tf.constant(tf.Summary(value=[tf.Summary.Value(tag="raw", simple_value=1.0)]).SerializeToString()), step=2))))
