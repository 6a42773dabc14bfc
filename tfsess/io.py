"""The tf.io namespace: readers' helper ops and TFRecord files."""
from tfsess.runtime.tfrecord import TFRecordCompressionType, TFRecordOptions, TFRecordWriter  # noqa: F401
from tfsess.runtime.tfrecord import tf_record_iterator  # noqa: F401
from tfsess.ops.string_codec_ops import decode_base64, encode_base64  # noqa: F401
from tfsess.ops.io_ops import decode_csv, decode_raw, matching_files, read_file, write_file  # noqa: F401
from tfsess.ops.data_flow_ops import PaddingFIFOQueue, PriorityQueue, QueueBase, RandomShuffleQueue  # noqa: F401
from tfsess.ops.image_codec import decode_image, decode_jpeg, decode_png, encode_jpeg, encode_png  # noqa: F401
from tfsess.train.graph_io import write_graph  # noqa: F401
from tfsess.train.input import match_filenames_once  # noqa: F401
from tfsess.runtime import file_io as gfile  # noqa: F401,E402 - tf.io.gfile
from tfsess.ops.parsing_ops import (FixedLenFeature, FixedLenSequenceFeature, SparseFeature,  # noqa: F401
                                    VarLenFeature, parse_example, parse_single_example,
                                    parse_single_sequence_example)
from tfsess.ops.ragged.ragged_parsing import RaggedFeature  # noqa: F401,E402
from tfsess.ops.example_ops import decode_json_example, parse_sequence_example  # noqa: F401,E402
from tfsess.ops.image_decode import (decode_and_crop_jpeg, decode_bmp, decode_gif,  # noqa: F401,E402
                                     extract_jpeg_shape, is_jpeg)
from tfsess.ops.image_decoders2 import decode_jxl, decode_webp  # noqa: F401,E402
from tfsess.ops.serialization_ops import decode_compressed, parse_tensor, serialize_tensor  # noqa: F401,E402
from tfsess.ops.sparse_serialization_ops import (deserialize_many_sparse, serialize_many_sparse,  # noqa: F401,E402
                                                  serialize_sparse)
from tfsess.ops.proto_ops import decode_proto, encode_proto  # noqa: F401,E402
