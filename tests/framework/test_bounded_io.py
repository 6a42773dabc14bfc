"""framework/bounded_io: reads no larger than the file, exact int64 element counts, nesting measured outside strings."""
import io
import json

import pytest

from tfsess.framework import bounded_io


def test_read_at_most_a_regular_file_reads_only_what_is_left(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"0123456789")
    with open(path, "rb") as f:
        f.read(4)
        assert bounded_io.bytes_left(f) == 6
        assert bounded_io.read_at_most(f, 2**62) == b"456789"
        assert bounded_io.read_at_most(f, 5) == b""


class _Stream:
    """A file-like stream with no size (as a decompressor), recording the sizes asked of it."""

    def __init__(self, data):
        self._data, self.asked = io.BytesIO(data), []

    def read(self, n):
        self.asked.append(n)
        return self._data.read(n)


def test_read_at_most_a_stream_reads_in_chunks_until_its_end():
    stream = _Stream(b"x" * 3_000_000)
    assert bounded_io.bytes_left(stream) is None
    assert len(bounded_io.read_at_most(stream, 2**63)) == 3_000_000
    assert max(stream.asked) <= 1 << 20
    assert bounded_io.read_at_most(_Stream(b"abc"), 2) == b"ab"
    assert bounded_io.read_at_most(_Stream(b"abc"), 0) == b""


def test_element_count_is_exact_and_bounded_by_int64():
    assert bounded_io.element_count([]) == 1
    assert bounded_io.element_count([2**31, 2**31]) == 2**62
    assert bounded_io.element_count([0, 2**63 - 1]) == 0
    for dims in ([2**32, 2**32], [2**63], [10**30, 0]):
        with pytest.raises(ValueError, match="too large"):
            bounded_io.element_count(dims)
    for dims in ([-1], [1.5], [True]):
        with pytest.raises(ValueError, match="not a non-negative integer"):
            bounded_io.element_count(dims)


def test_json_nesting_counts_brackets_outside_strings_only():
    bounded_io.check_json_nesting(json.dumps({"a": ["[[[[" * 100, {"b": "\\\"{{{{"}]}).encode())
    bounded_io.check_json_nesting(b"[" * 64 + b"]" * 64)
    with pytest.raises(ValueError, match="more than 64"):
        bounded_io.check_json_nesting(b"[" * 65 + b"]" * 65)
    with pytest.raises(ValueError, match="more than 3"):
        bounded_io.check_json_nesting(b'{"a": {"b": [{"c": 1}]}}', limit=3)
    bounded_io.check_json_nesting(b'"\\' * 100000)  # an unterminated string: one pass, no backtracking


def test_text_proto_nesting_skips_strings_and_comments():
    text = b"a { b: \"{{{{\" c: '<<<<' # {{{{ {{{{\n d { e < f: 1 > } }"
    bounded_io.check_text_proto_nesting(text, limit=3)
    with pytest.raises(ValueError, match="more than 2"):
        bounded_io.check_text_proto_nesting(text, limit=2)
    with pytest.raises(ValueError, match="more than 100"):
        bounded_io.check_text_proto_nesting(b"m {" * 101 + b"}" * 101)

