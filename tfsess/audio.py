"""The tf.audio namespace (compat.v1): WAV files."""
from tfsess.ops.audio_ops import decode_wav, encode_wav  # noqa: F401
