"""Op examples: WAV audio, serialized tensors and decompression."""
import zlib

import numpy as np

from op_examples import F23, I23, plain
from tfsess.lib.media import encode_wav
from tfsess.ops import sparse_tensors_map

AUDIO = np.array([[0.0, 0.5], [-0.5, 1.0], [0.25, -1.0]], np.float32)
WAV = np.array(encode_wav(AUDIO, 16000), dtype=object)
COMPRESSED = np.array([zlib.compress(b"hello"), zlib.compress(b"")], dtype=object)

EXAMPLES = {
    "EncodeWav": plain(lambda tf, a: tf.audio.encode_wav(a, 16000), AUDIO, variants=False),
    "DecodeWav": plain(lambda tf, w: list(tf.audio.decode_wav(w)) + list(tf.audio.decode_wav(w, 1, 5)), WAV,
                       partial=False),
    "SerializeTensor": plain(lambda tf, x: tf.io.serialize_tensor(x), F23),
    "ParseTensor": plain(lambda tf, x: tf.io.parse_tensor(tf.io.serialize_tensor(x), tf.int32), I23,
                         variants=False),
    "DecodeCompressed": plain(lambda tf, b: tf.io.decode_compressed(b, "ZLIB"), COMPRESSED),
}

SP_INDICES = np.array([[0, 0], [1, 2], [1, 3]], np.int64)


def _sparse(build):
    def run(tf, values):
        return build(tf, tf.SparseTensor(SP_INDICES, values, [3, 4]))
    return plain(run, np.array([1.0, 2.0, 3.0], np.float32), partial=False)


EXAMPLES["SerializeSparse"] = _sparse(lambda tf, sp: tf.io.serialize_sparse(sp))
EXAMPLES["SerializeManySparse"] = _sparse(lambda tf, sp: tf.io.serialize_many_sparse(sp))
EXAMPLES["DeserializeManySparse"] = _sparse(lambda tf, sp: list(tf.io.deserialize_many_sparse(
    tf.io.serialize_many_sparse(sp), sp.dtype).values.op.outputs))


def _taken(tf, sp):
    handles = sparse_tensors_map.add_many_sparse_to_tensors_map(sp)
    return list(sparse_tensors_map.take_many_sparse_from_tensors_map(handles.op, handles, rank=2).values.op.outputs)


EXAMPLES["AddSparseToTensorsMap"] = _sparse(lambda tf, sp: sparse_tensors_map.add_sparse_to_tensors_map(sp))
EXAMPLES["AddManySparseToTensorsMap"] = _sparse(lambda tf, sp: sparse_tensors_map.add_many_sparse_to_tensors_map(sp))
EXAMPLES["TakeManySparseFromTensorsMap"] = _sparse(_taken)
