"""The text of an OpError made from a plain Python exception a kernel raised.

Kernels are NumPy code: where NumPy's own words differ from TF's kernel message for the same
fault, TF's words are what users (and their tests) look for.
"""
from __future__ import annotations

import re

# NumPy: "operands could not be broadcast together with shapes (3,3) (2,3) "
_NUMPY_BROADCAST = re.compile(r"operands could not be broadcast together with shapes \(([\d, ]*)\) \(([\d, ]*)\)\s*$")


def _tf_shape(numpy_dims: str) -> str:
    return "[" + ",".join(d.strip() for d in numpy_dims.split(",") if d.strip()) + "]"


def kernel_error_text(exc: BaseException) -> str:
    """TF's message for `exc`: a failed two-operand broadcast reads "Incompatible shapes: [a] vs. [b]"."""
    text = str(exc)
    broadcast = _NUMPY_BROADCAST.match(text)
    if broadcast is not None:
        return f"Incompatible shapes: {_tf_shape(broadcast.group(1))} vs. {_tf_shape(broadcast.group(2))}"
    return text or type(exc).__name__
