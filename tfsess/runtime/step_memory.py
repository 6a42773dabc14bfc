"""What a step does about memory and bad values before and after its kernel runs.

- `reserve_outputs`/`unreserve_outputs`: the device is charged for outputs whose shapes follow
  from the inputs (OpDef.output_shapes) before the kernel allocates them, so an allocation past a
  device's limit fails without being made.
- `release_step_buffers`: a failed step's buffers go when the step ends, not when its exception
  dies (tracebacks keep frames, and frames keep arrays).
- `out_of_memory_error`: NumPy's MemoryError as TF's OOM error.
- `check_string_feeds`: TF's InternalError for a fed string tensor an op reads that holds a
  non-string object.
"""
from __future__ import annotations

import inspect
import re

import numpy as np

from tfsess.framework import errors
from tfsess.runtime.memory import oom_message

_NUMPY_OOM = re.compile(r"shape \(([0-9, ]{0,400})\) and data type ([a-z0-9]{1,20})")  # bounded: linear


def reserve_outputs(step, args, output_shapes):
    """Charges `step`'s device for the outputs `output_shapes` says its kernel will allocate.

    Raises the device's ResourceExhaustedError before anything is allocated; returns the tokens
    for `unreserve_outputs` (None when nothing needs undoing). Inputs the shapes cannot be read
    from (bad values the kernel reports in its own words) charge nothing.
    """
    if output_shapes is None or not hasattr(step.device, "reserve"):
        return None
    try:
        shapes = output_shapes(*args, **step.attrs)
    except Exception:  # noqa: BLE001 - the kernel raises the input error in its own words
        return None
    if not shapes:
        return None
    tokens = []
    try:
        for shape, out in zip(shapes, step.op._outputs):
            if shape is not None:
                tokens.append(step.device.reserve(step.op, shape, out.dtype.base_dtype.as_numpy_dtype))
    except BaseException:
        unreserve_outputs(step, [t for t in tokens if t is not None])
        raise
    return [t for t in tokens if t is not None] or None


def unreserve_outputs(step, tokens) -> None:
    """Ends the charges `reserve_outputs` made (the outputs are tracked now, or the kernel failed)."""
    for token in tokens:
        step.device.unreserve(token)


def release_step_buffers(vals, exc) -> None:
    """Lets a failed step's buffers go now, not when its exception dies (IPython keeps the last one).

    Clears the run's slots and drops the locals of the finished frames in the tracebacks of
    `exc` and the exceptions chained to it (kernels, the special-step runner).
    """
    vals.clear()
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        _clear_finished_frames(exc.__traceback__)
        exc = exc.__cause__ or exc.__context__


_RESUMABLE = inspect.CO_GENERATOR | inspect.CO_COROUTINE | inspect.CO_ASYNC_GENERATOR


def _clear_finished_frames(tb) -> None:
    """Drops the locals of the frames of `tb` that have returned.

    A frame still executing (the caller's) cannot be cleared; a generator's frame is skipped
    too, since clearing a suspended generator's frame would close it (a dataset pipeline that
    raised an element's error from its generator goes on with the next element).
    """
    while tb is not None:
        frame = tb.tb_frame
        if not frame.f_code.co_flags & _RESUMABLE:
            try:
                frame.clear()
            except RuntimeError:  # still executing
                pass
        tb = tb.tb_next


def out_of_memory_error(exc, step):
    """NumPy's MemoryError in `step`'s kernel as TF's OOM error (NumPy names the shape and dtype)."""
    device = step.device
    allocator = getattr(device, "allocator_name", "cpu")
    found = _NUMPY_OOM.search(str(exc)[:1000])
    if found is None:
        text = f"OOM when allocating tensor on {device.name} by allocator {allocator} ({str(exc)[:200]})"
    else:
        dims = [int(d) for d in found.group(1).replace(" ", "").split(",") if d]
        try:
            dtype = np.dtype(found.group(2))
        except TypeError:
            dtype = np.dtype(np.float32)
        text = oom_message(dims, dtype, device.name, allocator, 0, 0, 0).split("\n")[0]
    return errors.ResourceExhaustedError(None, None, text)


def check_string_feeds(indices, feed_values) -> None:
    """TF's InternalError when a fed string tensor (at `indices` of `feed_values`) holds a non-string."""
    for k in indices:
        bad = [x for x in np.asarray(feed_values[k], dtype=object).flat if not isinstance(x, bytes)][:1]
        if bad:
            kind = type(bad[0])
            name = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"
            raise errors.InternalError(None, None, f"Unsupported object type {name}")
