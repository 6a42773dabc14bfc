"""Hypothesis strategies that damage a valid file, and the guard every fuzzed load runs under.

A damaged file is the valid bytes truncated at any offset, with bytes flipped, with a huge
little-endian integer or varint written over any offset (lengths, offsets, counts), or with bytes
inserted. `hostile_load(fn)` runs one load with a wall-clock alarm (a hang fails the test) and
tracemalloc (an allocation far beyond the file's size fails it), and returns the exception the
load raised, if any: the test then checks its class and that it names the file.
"""
import contextlib
import re
import signal
import struct
import traceback
import tracemalloc
import zlib

from hypothesis import HealthCheck, currently_in_test_context, event, settings, strategies as st

from tfsess.train import sstable

HUGE = [2**31 - 1, 2**31, 2**32 - 1, 2**32, 2**40, 2**53 + 1, 2**62, 2**63 - 1, 2**63, 2**64 - 1]
FUZZ = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
FUZZ_SLOW = settings(FUZZ, max_examples=15)  # loads that build a graph and run a session per example
ALLOCATION_SLACK = 32 << 20  # what a load may allocate beyond a few times the file's size
# never what a hostile file gets out of a loader, even where a subclass of an allowed class (UnicodeError is a ValueError)
NEVER = (RecursionError, MemoryError, OverflowError, struct.error, UnicodeError, zlib.error)


@st.composite
def damaged(draw, data: bytes):
    """`data` damaged one way or a few ways at once; never the same bytes."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["truncate", "flip", "huge", "varint", "insert"]))
        pos = draw(st.integers(0, max(len(out) - 1, 0)))
        if kind == "truncate":
            del out[pos:]
        elif kind == "flip" and out:
            out[pos] ^= draw(st.integers(1, 255))
        elif kind == "huge":
            out[pos:pos + 8] = struct.pack("<Q", draw(st.sampled_from(HUGE)))
        elif kind == "varint":
            raw = sstable.varint(draw(st.sampled_from(HUGE)))
            out[pos:pos + len(raw)] = raw
        else:
            out[pos:pos] = draw(st.binary(min_size=1, max_size=16))
    return bytes(out) if bytes(out) != data else data[:-1]


class _Hang(BaseException):
    """Raised by the alarm: a BaseException, so no loader's `except Exception` can swallow it."""


@contextlib.contextmanager
def _alarm(seconds):
    def ring(signum, frame):
        raise _Hang(f"the load ran past {seconds} s")
    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def hostile_load(load, file_size, seconds=10.0):
    """Runs `load()`; returns the exception it raised (None if it succeeded).

    Fails the test if it runs past `seconds` or allocates more than a few times `file_size`.
    """
    tracemalloc.start()
    raised = None
    try:
        with _alarm(seconds):
            try:
                load()
            except Exception as exc:  # the caller checks the class and the message
                raised = exc
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak <= 4 * file_size + ALLOCATION_SLACK, f"a load of a {file_size}-byte file allocated {peak} bytes"
    return raised


def check_class(raised, allowed):
    """Asserts `raised` is None or one of `allowed` (its traceback in the failure message)."""
    if currently_in_test_context():  # the outcomes show with --hypothesis-show-statistics
        event("loaded" if raised is None else f"{type(raised).__name__}: {re.sub(r'/[^ ]*/', '', str(raised))[:90]}")
    if raised is not None and (isinstance(raised, NEVER) or not isinstance(raised, allowed)):
        raise AssertionError("".join(traceback.format_exception(type(raised), raised, raised.__traceback__)))


def check_raised(raised, allowed, name):
    """Asserts `raised` is None or one of `allowed` whose message names `name` (the file)."""
    check_class(raised, allowed)
    if raised is None:
        return
    assert name in str(raised), f"the error does not name {name}: {raised}"
