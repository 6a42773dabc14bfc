"""The tf.io namespace: readers' helper ops and TFRecord files."""
from tfsess.runtime.tfrecord import TFRecordCompressionType, TFRecordOptions, TFRecordWriter  # noqa: F401
from tfsess.runtime.tfrecord import tf_record_iterator  # noqa: F401
from tfsess.ops.io_ops import decode_csv, decode_raw, matching_files, read_file, write_file  # noqa: F401
from tfsess.platform import gfile  # noqa: F401,E402 - tf.io.gfile
