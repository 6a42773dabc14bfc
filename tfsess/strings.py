"""The tf.strings namespace (compat.v1)."""
from tfsess.ops import regex_ops as _regex_ops
from tfsess.ops import string_ops as _string_ops
from tfsess.ops.string_codec_ops import reduce_join  # noqa: F401
from tfsess.ops import string_hash_ops as _string_hash_ops
from tfsess.ops import string_text_ops as _string_text_ops
from tfsess.ops import string_unicode_ops as _string_unicode_ops

as_string = _string_ops.as_string
join = _string_ops.string_join
length = _string_ops.length
lower = _string_ops.lower
regex_full_match = _regex_ops.regex_full_match
regex_replace = _regex_ops.regex_replace
split = _string_unicode_ops.strings_split
strip = _string_ops.strip
substr = _string_ops.substr
to_number = _string_ops.string_to_number
upper = _string_ops.upper
to_hash_bucket = _string_hash_ops.string_to_hash_bucket
format = _string_text_ops.string_format  # noqa: A001 - TF's name
unsorted_segment_join = _string_text_ops.unsorted_segment_join
unicode_transcode = _string_text_ops.unicode_transcode
unicode_encode = _string_unicode_ops.unicode_encode
ngrams = _string_text_ops.ngrams
bytes_split = _string_unicode_ops.bytes_split
to_hash_bucket_fast = _string_hash_ops.string_to_hash_bucket_fast
to_hash_bucket_strong = _string_hash_ops.string_to_hash_bucket_strong
unicode_decode = _string_unicode_ops.unicode_decode
unicode_decode_with_offsets = _string_unicode_ops.unicode_decode_with_offsets
unicode_split = _string_unicode_ops.unicode_split
unicode_split_with_offsets = _string_unicode_ops.unicode_split_with_offsets
unicode_script = _string_unicode_ops.unicode_script

__all__ = sorted(n for n in list(globals()) if not n.startswith("_"))
