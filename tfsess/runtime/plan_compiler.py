"""Compiled plans: a plan's steps as straight-line Python functions, generated once per plan.

The interpreter (executor.Plan.run) pays a loop iteration, an argument list and a few attribute
reads per step. A compiled plan runs the same steps as generated code: slot indices, kernels,
devices and attrs are constants of the code, the frees and the in-place choice are written out
per step, and special steps (deadness, copies, memory, run context) call the interpreter's own
`run_special`. The code reads and writes the run's slot list, so a failed step leaves the same
values as the interpreter does, for `Plan._finish_independent` and `release_step_buffers`.

Exactness: every step calls its kernel as the interpreter does, with one exception. Add, Sub and
Mul, whose kernel is the bare ufunc, use Python's operator when both operands are NumPy float32
(or float64) scalars, the type every such op returns for rank-0 operands: NumPy's scalar
arithmetic rounds exactly as the ufunc does (IEEE 754) and returns the same scalar type; only the
text of a floating-point warning differs ("overflow encountered in scalar multiply").
Any other operand (an array, another type) goes through the kernel.

The failing step of a compiled run is read from the traceback (the line that raised), so the
code carries no per-step bookkeeping. `cancel.raised` is checked before every step whose
outputs may be large and at least every CANCEL_EVERY steps, so closing a session still stops
its run between ops.
"""
from __future__ import annotations

import keyword
import math
import os

import numpy as np

from tfsess.framework import dtypes, errors

COMPILE_AT_RUN = 3   # a plan's first runs are interpreted; its third run compiles it (compiling costs ~20 runs)
CHUNK_STEPS = 256    # steps per generated function: bounds each function's source and compile time
CANCEL_EVERY = 64    # most steps of statically small outputs run between two cancellation checks
SMALL_OUTPUT_BYTES = 1 << 20  # outputs known to be this small are charged after their kernel only

# Under this package's folder, so tracebacks and the notebook extension count its frames as tfsess's.
_CODE_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "<compiled plan>")
_SCALAR_OPERATORS = {"add": "+", "subtract": "-", "multiply": "*"}
_SCALAR_TYPES = {dtypes.float32: np.float32, dtypes.float64: np.float64}


def _pass_through(xp, x):
    return x


def step_cancelled():
    """The error a run raises when its session closes while it runs."""
    return errors.CancelledError(None, None, "The step was cancelled: its session was closed.")


def statically_small(outputs) -> bool:
    """Whether the static shapes of `outputs` are all known and need SMALL_OUTPUT_BYTES or less in all."""
    total = 0
    for t in outputs:
        dims = t.shape.as_tuple_or_none()
        if dims is None or None in dims:
            return False
        total += math.prod(dims) * t.dtype.base_dtype.size
    return total <= SMALL_OUTPUT_BYTES


def can_overwrite(args, j):
    """Whether args[j] can hold the result: a writeable array of the broadcast shape and dtype."""
    buf = args[j]
    if not isinstance(buf, np.ndarray) or buf.base is not None or not buf.flags.writeable:
        return False
    ndim, shape, dtype = buf.ndim, buf.shape, buf.dtype
    for k, a in enumerate(args):
        if k == j:
            continue
        if isinstance(a, np.ndarray):  # the common case, without np.ndim/np.shape's dispatch
            if a.dtype != dtype or a.ndim > ndim or (a.ndim == ndim and a.shape != shape):
                return False
        elif np.ndim(a) > ndim or (np.ndim(a) == ndim and np.shape(a) != shape) or getattr(a, "dtype", dtype) != dtype:
            return False
    return True


def call_inplace(step, args):
    """Runs a step offered a dying input's buffer (`step.inplace`): into it when it can hold the result."""
    if can_overwrite(args, step.inplace):
        return step.kernel(step.xp, *args, out=args[step.inplace], **step.attrs)
    return step.kernel(step.xp, *args, **step.attrs)


class CompiledSteps:
    """A plan's steps as generated functions: `run(vals, ctx, cancel)` runs them all on `vals`."""

    def __init__(self, functions, step_at_line):
        self.functions = functions
        self._step_at_line = step_at_line  # code object -> [step or None per line]
        self.run = functions[0] if len(functions) == 1 else self._run_all

    def _run_all(self, vals, ctx, cancel):
        __tracebackhide__ = True  # IPython leaves this frame out of users' tracebacks
        for function in self.functions:
            function(vals, ctx, cancel)

    def failed_step(self, exc):
        """The step that raised `exc` in a compiled run: the one at the line where it left our code."""
        tb = exc.__traceback__
        while tb is not None:
            lines = self._step_at_line.get(tb.tb_frame.f_code)
            if lines is not None:
                return lines[tb.tb_lineno]
            tb = tb.tb_next
        return None


def compile_steps(steps, constants, run_special):
    """`steps` (a plan's, in order) as a CompiledSteps.

    constants: {slot: value} of the slots every run starts with and no step writes (folded
    values); run_special(step, vals, ctx): the interpreter's runner of special steps.
    """
    functions, step_at_line = [], {}
    since_check = CANCEL_EVERY
    for start in range(0, len(steps), CHUNK_STEPS):
        writer = _ChunkWriter(constants, run_special)
        for k, step in enumerate(steps[start:start + CHUNK_STEPS], start):
            since_check += 1
            if k == start or since_check >= CANCEL_EVERY or not statically_small(step.op._outputs):
                writer.line("if cancel.raised: raise CANCELLED()", step)
                since_check = 0
            writer.step(k, step)
        function = writer.function(f"plan_steps_{start}")
        functions.append(function)
        step_at_line[function.__code__] = writer.step_at_line
    return CompiledSteps(functions, step_at_line)


class _ChunkWriter:
    """Writes one generated function: its source lines and the names its code reads."""

    def __init__(self, constants, run_special):
        self.constants = constants
        self.names = {"CANCELLED": step_cancelled, "SPECIAL": run_special, "INPLACE": call_inplace}
        self.lines = ["def plan_steps(vals, ctx, cancel):", "    __tracebackhide__ = True"]
        self.step_at_line = [None, None, None]  # line numbers start at 1

    def line(self, text, step):
        self.lines.append("    " + text)
        self.step_at_line.append(step)

    def bind(self, name, value):
        self.names[name] = value
        return name

    def function(self, name):
        self.lines[0] = f"def {name}(vals, ctx, cancel):"
        namespace = dict(self.names)
        exec(compile("\n".join(self.lines), _CODE_FILE, "exec"), namespace)  # noqa: S102
        return namespace[name]

    def step(self, k, step):
        if step.special:
            self.line(f"SPECIAL({self.bind(f'S{k}', step)}, vals, ctx)", step)
        else:
            result = self._scalar_operator(k, step) or self._pass_through(step) or self._kernel_call(k, step)
            outs = step.outs
            if len(outs) == 1:
                self.line(f"vals[{outs[0]}] = {result}", step)
            elif outs:
                self.line(f"for s, v in zip({outs!r}, {result}): vals[s] = v", step)
            else:
                self.line(result, step)
        if step.free:
            self.line("; ".join(f"vals[{s}] = None" for s in step.free), step)

    def _kernel_call(self, k, step):
        args = ", ".join(f"vals[{i}]" for i in step.ins)
        if step.inplace is not None:
            return f"INPLACE({self.bind(f'S{k}', step)}, [{args}])"
        kernel, xp = self.bind(f"K{k}", step.kernel), self.bind(f"X{k}", step.xp)
        keywords = []
        for j, (name, value) in enumerate(step.attrs.items()):
            bound = self.bind(f"A{k}_{j}", value)
            plain = name.isidentifier() and not keyword.iskeyword(name)  # a graph's attr name is never code
            keywords.append(f"{name}={bound}" if plain else f"**{{{name!r}: {bound}}}")
        return f"{kernel}({', '.join([xp, args] + keywords if args else [xp] + keywords)})"

    def _pass_through(self, step):
        """A kernel that returns its one input (Identity, StopGradient): the slot is copied."""
        code = getattr(step.kernel, "__code__", None)
        if code is None or code.co_code != _pass_through.__code__.co_code or code.co_argcount != 2 \
                or len(step.ins) != 1 or len(step.outs) != 1 or step.attrs or step.inplace is not None:
            return None
        return f"vals[{step.ins[0]}]"

    def _scalar_operator(self, k, step):
        """`a + b` for a bare ufunc Add/Sub/Mul when both operands are float scalars (else its kernel)."""
        opdef = step.op._opdef
        symbol = _SCALAR_OPERATORS.get(opdef.ufunc)
        scalar_type = _SCALAR_TYPES.get(step.op._outputs[0].dtype.base_dtype) if symbol else None
        if scalar_type is None or len(step.ins) != 2 or step.attrs or step.xp is not np \
                or step.kernel is not opdef.kernel or hasattr(step.kernel, "__wrapped__"):
            return None
        operands, checks = [], []
        for j, i in enumerate(step.ins):
            value = self.constants.get(i)
            if isinstance(value, np.ndarray) and value.ndim == 0:
                value = value[()]
            if type(value) is scalar_type:
                operands.append(self.bind(f"C{k}_{j}", value))
            else:
                operands.append(f"vals[{i}]")
                checks.append(f"type(vals[{i}]) is T{k}")
        if not checks:
            return None  # both constant: the kernel decides (a fold that failed at compile time)
        self.bind(f"T{k}", scalar_type)
        return f"{operands[0]} {symbol} {operands[1]} if {' and '.join(checks)} else {self._kernel_call(k, step)}"
