"""tf.compat: TF's string and number helpers, forward-compatibility dates, versioned namespaces.

`tf.compat.v1` is tfsess itself (it implements tf.compat.v1). `tf.compat.v2` holds only
`summary` (TF2's summary writers in graph mode) and `image.resize` (TF2's resize, with antialias
and the ScaleAndTranslate kernels); other v2 names are not in tfsess.
"""
import codecs
import contextlib
import datetime
import numbers
import os
import types

import numpy as np

from tfsess.framework.graph_mode import dimension_at_index
from tfsess.platform import tf_logging
from tfsess.framework.tensor_shape import dimension_value

from tfsess.ops import image_scale_translate as _v2_image
from tfsess.summary import v2_api as _v2_summary, v2_plugins as _v2_plugins


def _namespace(name, doc, **members):
    module = types.ModuleType(name, doc)
    module.__dict__.update(members)
    return module


_experimental = _namespace("tfsess.compat.v2.summary.experimental", "tf.compat.v2.summary.experimental",
                           get_step=_v2_summary.get_step, set_step=_v2_summary.set_step,
                           summary_scope=_v2_summary.summary_scope, write_raw_pb=_v2_summary.write_raw_pb)
summary_v2 = _namespace(
    "tfsess.compat.v2.summary", "tf.compat.v2.summary: TF2's summary API in graph mode.",
    SummaryWriter=_v2_summary.SummaryWriter, audio=_v2_plugins.audio,
    create_file_writer=_v2_summary.create_file_writer, create_noop_writer=_v2_summary.create_noop_writer,
    experimental=_experimental, flush=_v2_summary.flush, histogram=_v2_plugins.histogram,
    image=_v2_plugins.image, record_if=_v2_summary.record_if, scalar=_v2_summary.scalar,
    should_record_summaries=_v2_summary.should_record_summaries, text=_v2_summary.text,
    write=_v2_summary.write)


class _V2Image(types.ModuleType):
    """tf.compat.v2.image with only `resize` and `ResizeMethod`: any other name says it is not in tfsess."""

    resize = staticmethod(_v2_image.resize_v2)
    ResizeMethod = _v2_image.ResizeMethodV2

    def __getattr__(self, name):
        raise AttributeError(f"tfsess.compat.v2.image has only 'resize' and 'ResizeMethod'; "
                             f"tf.compat.v2.image.{name} is not in tfsess")


class _V2(types.ModuleType):
    """tf.compat.v2 with only `summary` and `image`: any other name says it is not in tfsess."""

    summary = summary_v2
    image = _V2Image("tfsess.compat.v2.image", "tf.compat.v2.image (only resize)")

    def __getattr__(self, name):
        raise AttributeError(f"tfsess.compat.v2 has only 'summary' and 'image'; tf.compat.v2.{name} is not in tfsess")


v2 = _V2("tfsess.compat.v2", "tf.compat.v2 (only summary and image.resize)")


v1 = None  # tfsess itself, set by tfsess/__init__ (importing the package here would be a cycle)

integral_types = (numbers.Integral, np.integer)
real_types = (numbers.Real, np.integer, np.floating)
complex_types = (numbers.Complex, np.number)
bytes_or_text_types = (bytes, str)


def as_bytes(bytes_or_text, encoding="utf-8"):
    """`bytes_or_text` as bytes: text is encoded, bytes (and bytearrays) pass through."""
    encoding = codecs.lookup(encoding).name  # an unknown encoding raises LookupError first, as in TF
    if isinstance(bytes_or_text, bytearray):
        return bytes(bytes_or_text)
    if isinstance(bytes_or_text, str):
        return bytes_or_text.encode(encoding)
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text
    raise TypeError(f"Expected binary or unicode string, got {bytes_or_text!r}")


def as_text(bytes_or_text, encoding="utf-8"):
    """`bytes_or_text` as str: bytes are decoded, text passes through."""
    encoding = codecs.lookup(encoding).name
    if isinstance(bytes_or_text, str):
        return bytes_or_text
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text.decode(encoding)
    raise TypeError(f"Expected binary or unicode string, got {bytes_or_text!r}")


as_str = as_text


def as_str_any(value, encoding="utf-8"):
    """bytes decoded, anything else through str()."""
    return as_str(value, encoding) if isinstance(value, bytes) else str(value)


def path_to_str(path):
    """A path-like object as its string (os.fspath); anything else unchanged."""
    return os.fspath(path) if hasattr(path, "__fspath__") else path


# TF 2.21's horizon: graphs may use ops added before it. TF_FORWARD_COMPATIBILITY_DELTA_DAYS moves it, as in TF.
_HORIZON = datetime.date(2026, 1, 16)


def _date_number(year, month, day):
    return (year << 9) | (month << 5) | day


def _set_horizon(date=None):
    """Sets the horizon to `date` (default: TF 2.21's, moved by the environment); a past date is ignored."""
    global _horizon_number
    if date is None:
        date = _HORIZON
        delta = os.environ.get("TF_FORWARD_COMPATIBILITY_DELTA_DAYS")
        if delta:
            date += datetime.timedelta(days=int(delta))
    if date < _HORIZON:
        tf_logging.warning(f"Trying to set the forward compatibility date to the past date {date}. This will "
                        "be ignored by TensorFlow.")
        return
    _horizon_number = _date_number(date.year, date.month, date.day)


_horizon_number = 0
_set_horizon()


def forward_compatible(year, month, day):
    """True when the forward-compatibility horizon is past year-month-day (ops from then may be used)."""
    return _horizon_number > _date_number(year, month, day)


@contextlib.contextmanager
def forward_compatibility_horizon(year, month, day):
    """Moves the horizon to year-month-day inside the block (for tests of new op versions)."""
    try:
        _set_horizon(datetime.date(year, month, day))
        yield
    finally:
        _set_horizon()


__all__ = ["as_bytes", "as_str", "as_str_any", "as_text", "bytes_or_text_types", "complex_types",
           "dimension_at_index", "dimension_value", "forward_compatibility_horizon", "forward_compatible",
           "integral_types", "path_to_str", "real_types", "v1", "v2"]
