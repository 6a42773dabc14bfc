"""tf.compat's helpers as TF1 programs use them: bytes/text conversions (and their errors), the number-type
tuples, dimension helpers, and forward compatibility around TF 2.21's horizon."""
import pathlib

import numpy as np
from _harness import catch


def case_x_compatns_strings(tf):
    c = tf.compat
    return {"bytes": [c.as_bytes("é"), c.as_bytes(b"\x00\xff"), c.as_bytes(bytearray(b"ab")),
                      c.as_bytes("é", encoding="latin-1")],
            "text": [c.as_text(b"\xc3\xa9"), c.as_str(b"abc"), c.as_text("x"), c.as_str_any(12.5),
                     c.as_str_any(b"z"), c.as_str_any(None)],
            "path": [c.path_to_str(pathlib.Path("/tmp/a")), c.path_to_str("p"), c.path_to_str(3)],
            "errors": [catch(c.as_bytes, 3), catch(c.as_text, [1]), catch(c.as_bytes, "x", encoding="nope")]}


def case_x_compatns_types_and_dims(tf):
    c = tf.compat
    values = [1, np.int64(2), 2.5, np.float32(1), 1j, np.complex128(1), True, "s", b"b"]
    return {"integral": [isinstance(v, c.integral_types) for v in values],
            "real": [isinstance(v, c.real_types) for v in values],
            "complex": [isinstance(v, c.complex_types) for v in values],
            "text": [isinstance(v, c.bytes_or_text_types) for v in values],
            "dims": [c.dimension_value(tf.Dimension(4)), c.dimension_value(None), c.dimension_value(7),
                     c.dimension_at_index(tf.TensorShape([3, None]), 0).value,
                     c.dimension_at_index(tf.TensorShape(None), 5).value],
            "v1": c.v1.constant is tf.constant}


def case_x_compatns_forward_compatible(tf):
    c = tf.compat
    before = [c.forward_compatible(2025, 6, 1), c.forward_compatible(2026, 1, 15),
              c.forward_compatible(2026, 1, 16), c.forward_compatible(2027, 1, 1)]
    with c.forward_compatibility_horizon(2031, 3, 4):
        inside = [c.forward_compatible(2031, 3, 3), c.forward_compatible(2031, 3, 4)]
    with c.forward_compatibility_horizon(2001, 1, 1):
        past = [c.forward_compatible(2026, 1, 15), c.forward_compatible(2001, 1, 1)]
    return {"before": before, "inside": inside, "past": past, "after": c.forward_compatible(2031, 3, 3)}
