"""A tensor's value for its repr, when computing it is safe, small and quick.

The value is computed in a private throwaway Session on the tensor's graph (never the user's
session, whose variables and queues must not change because something was displayed) and only
when nothing upstream is fed, stateful, random or a queue/reader; otherwise the preview says why.
"""
from __future__ import annotations

import dataclasses
import threading
import weakref
from typing import Optional

import numpy as np

from ipython_ext import tracking
from tfsess.client.config import ConfigProto
from tfsess.client.session import Session

MAX_ELEMENTS = 1_000_000        # of the displayed tensor, known statically
MAX_UPSTREAM_ELEMENTS = 10_000_000
MAX_UPSTREAM_OPS = 2_000
TIMEOUT_S = 2.0
PRINT_OPTIONS = dict(threshold=200, edgeitems=3, max_line_width=100, precision=6)

# op type fragment -> the word the reason uses; the first match wins
_UNSAFE_KINDS = (
    ("Placeholder", "placeholder"),
    ("Variable", "variable"), ("Assign", "variable"), ("Scatter", "variable"),
    ("Queue", "queue"), ("Barrier", "queue"), ("Accumulator", "queue"),
    ("Reader", "reader"), ("Iterator", "iterator"), ("Dataset", "dataset"),
    ("Random", "random op"), ("Multinomial", "random op"), ("TruncatedNormal", "random op"),
    ("Shuffle", "random op"), ("Candidate", "random op"),
    ("PyFunc", "py_func"), ("Print", "print op"),
)


@dataclasses.dataclass(frozen=True)
class Preview:
    """A value summarised for display, or the reason there is none."""

    text: Optional[str] = None
    reason: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.text is not None


_cache: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # fetchable -> (graph version, Preview)


def preview(fetchable) -> Preview:
    """The (cached) preview of a Tensor or SparseTensor."""
    version = fetchable.graph.version
    hit = _cache.get(fetchable)
    if hit is not None and hit[0] == version:
        return hit[1]
    result = _compute(fetchable)
    _cache[fetchable] = (version, result)
    return result


def _compute(fetchable) -> Preview:
    tensors = _component_tensors(fetchable)
    for t in tensors:
        why = why_not(t)
        if why:
            return Preview(reason=why)
    try:
        value = run_private(fetchable)
    except TimeoutError:
        return Preview(reason=f"not computed: took longer than {TIMEOUT_S:g} s")
    except Exception as e:  # noqa: BLE001 - the repr reports it, it never raises
        first = str(getattr(e, "message", e)).splitlines()[0] if str(e) else ""
        return Preview(reason=f"could not compute: {type(e).__name__}: {first[:300]}")  # names may be huge
    return Preview(text=summarise(value))


def _component_tensors(fetchable):
    if hasattr(fetchable, "indices") and hasattr(fetchable, "dense_shape"):  # SparseTensor
        return [fetchable.indices, fetchable.values, fetchable.dense_shape]
    return [fetchable]


def why_not(tensor) -> Optional[str]:
    """Why `tensor` cannot be computed safely, or None when it can."""
    dtype = tensor.dtype.base_dtype
    if dtype.name in ("resource", "variant"):
        return f"no preview for {dtype.name} tensors"
    upstream = _upstream_problem(tensor.op)
    if upstream:
        return upstream
    shape = tensor.shape.as_tuple_or_none()
    if shape is None or None in shape:
        return f"not computed: the shape {tensor.shape} is not fully known"
    size = int(np.prod(shape, dtype=np.int64))
    if size > MAX_ELEMENTS:
        return f"not computed: {size:,} elements (more than {MAX_ELEMENTS:,})"
    return None


def _upstream_problem(root) -> Optional[str]:
    seen, stack = {root}, [root]
    while stack:
        op = stack.pop()
        why = _unsafe(op)
        if why:
            return why
        for t in op.outputs:
            shape = t.shape.as_tuple_or_none()
            if shape is not None and None not in shape and np.prod(shape, dtype=np.int64) > MAX_UPSTREAM_ELEMENTS:
                return f"not computed: depends on the large tensor '{t.name}' {t.shape}"
        for parent in [t.op for t in op.inputs] + list(op.control_inputs):
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
        if len(seen) > MAX_UPSTREAM_OPS:
            return f"not computed: depends on more than {MAX_UPSTREAM_OPS} ops"
    return None


def _unsafe(op) -> Optional[str]:
    for fragment, kind in _UNSAFE_KINDS:
        if fragment in op.type:
            return f"depends on {kind} '{op.name}'" + ("" if kind == "placeholder" else f" ({op.type})")
    opdef = getattr(op, "_opdef", None)
    if opdef is not None and getattr(opdef, "stateful", False):
        return f"depends on stateful op '{op.name}' ({op.type})"
    return None


def run_private(fetchable):
    """Runs `fetchable` in a throwaway session on its graph, in a worker bounded by TIMEOUT_S."""
    box = {}

    def work():
        sess = Session(graph=fetchable.graph, config=_private_config())
        try:
            with tracking.quiet():
                box["value"] = sess.run(fetchable)
        except BaseException as e:  # noqa: BLE001 - handed to the caller
            box["error"] = e
        finally:
            sess.close()

    worker = threading.Thread(target=work, name="tfsess-preview", daemon=True)
    worker.start()
    worker.join(TIMEOUT_S)
    if worker.is_alive():
        raise TimeoutError
    if "error" in box:
        raise box["error"]
    return box["value"]


def _private_config():
    config = ConfigProto(allow_soft_placement=True)
    try:
        config.device_count["GPU"] = 0  # a preview must never claim GPU memory
    except Exception:  # noqa: BLE001 - older config without device_count
        pass
    return config


def summarise(value) -> str:
    """NumPy's own summary of large arrays (edge items and '...'), with long strings cut."""
    if hasattr(value, "indices") and hasattr(value, "dense_shape"):  # SparseTensorValue
        return (f"indices=\n{summarise(value.indices)}\nvalues=\n{summarise(value.values)}\n"
                f"dense_shape={summarise(value.dense_shape)}")
    arr = np.asarray(value)
    if arr.dtype.kind in "OSU":
        if arr.ndim == 0:
            return _short_item(arr.item())
        return np.array2string(arr, formatter={"all": _short_item}, **PRINT_OPTIONS)
    return np.array2string(arr, **PRINT_OPTIONS)


def _short_item(item) -> str:
    text = repr(item)
    return text if len(text) <= 60 else text[:57] + "..."
