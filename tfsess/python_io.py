"""The tf.python_io namespace: TFRecord files (TFRecordWriter, tf_record_iterator, options)."""
from tfsess.runtime.tfrecord import TFRecordCompressionType, TFRecordOptions, TFRecordWriter, tf_record_iterator

__all__ = ["TFRecordCompressionType", "TFRecordOptions", "TFRecordWriter", "tf_record_iterator"]
