"""Example inputs for every registered op type, read by test_op_contract.py.

EXAMPLES maps an op type to one Example. The contract test builds it in a fresh graph, then checks
every output of every op of that type in the graph (or the tensors the example names): the value a
session returns has the inferred dtype and a shape compatible with the inferred static shape.

Three kinds of example:
- `plain(build, *arrays)`: the op on its own over `arrays` (built as constants, then again as
  placeholders with their first dim unknown, so partial shape inference is checked too).
  `build(tf, *inputs)` builds the op through the public API or `op(...)` (apply_op by type).
  Plain examples run once more per entry of DTYPE_VARIANTS (float32 inputs as float16 and float64,
  int32 inputs as int64) wherever inference accepts those dtypes, to catch kernels that upcast.
- `builder(build)`: ops that need state or context (variables, queues, readers, control flow,
  gradient-only ops). `build(tf, tmp)` (tmp: a fresh directory) builds through the public API and
  returns `Built(fetch=..., setup=..., feed=...)`, or anything else to check every op of the type.
- `infer_only(build, why)`: ops that cannot run on their own; only their inference is checked.
  Keep these few, each with its reason.

The tables are split by family: op_examples_math.py, op_examples_array.py, op_examples_state.py.
"""
from __future__ import annotations

import dataclasses
from typing import Callable, Optional

import numpy as np

from tfsess.framework.op_builder import apply_op


@dataclasses.dataclass
class Example:
    """How to build one op type: `kind` is "plain", "builder" or "infer_only"."""

    build: Callable
    kind: str
    arrays: tuple = ()
    why: str = ""
    partial: bool = True
    variants: bool = True


@dataclasses.dataclass
class Built:
    """What a builder example hands back: tensors to check, ops to run first, feeds."""

    fetch: Optional[list] = None
    setup: list = dataclasses.field(default_factory=list)
    feed: dict = dataclasses.field(default_factory=dict)


# dtype variant name -> (input dtype replaced, replacement)
DTYPE_VARIANTS = {"float16": (np.float32, np.float16), "float64": (np.float32, np.float64),
                  "int64": (np.int32, np.int64)}


def listed(result):
    """`result` when it is a list of tensors to fetch, else None (check every op of the type)."""
    return result if isinstance(result, list) else None


def plain(build, *arrays, partial=True, variants=True):
    """`partial=False`: no placeholder run; `variants=False`: no run with other dtypes (see DTYPE_VARIANTS)."""
    return Example(build, "plain", tuple(np.asarray(a) for a in arrays), partial=partial, variants=variants)


def builder(build):
    return Example(build, "builder")


def infer_only(build, why):
    return Example(build, "infer_only", why=why)


def op(op_type, inputs, attrs=None, name=None):
    """Builds an op by type over tensors (for op types without a public wrapper of their own)."""
    return apply_op(op_type, list(inputs), attrs or {}, name=name)


def grads(tf, y, xs):
    """tf.gradients of sum(y) wrt xs: builds the gradient-only ops of y's op types."""
    return tf.gradients(tf.reduce_sum(y), xs)


# ------------------------------------------------------------------ shared input arrays
F23 = np.array([[0.5, -1.25, 2.0], [1.5, 0.25, -0.75]], np.float32)
F3 = np.array([0.5, -1.25, 2.0], np.float32)
POS23 = np.array([[0.5, 1.25, 2.0], [1.5, 0.25, 0.75]], np.float32)
UNIT23 = np.array([[0.5, -0.25, 0.1], [-0.9, 0.25, 0.75]], np.float32)
D23 = F23.astype(np.float64)
I23 = np.array([[1, -2, 3], [4, 5, -6]], np.int32)
I3 = np.array([3, 1, 2], np.int32)
B23 = np.array([[True, False, True], [False, False, True]])
C23 = (F23 + 1j * POS23).astype(np.complex64)
SQ = np.array([[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 4.0]], np.float32)
IMG = np.arange(2 * 4 * 4 * 3, dtype=np.float32).reshape(2, 4, 4, 3) / 50.0
FILTER = np.arange(2 * 2 * 3 * 2, dtype=np.float32).reshape(2, 2, 3, 2) / 10.0
STRS = np.array([b" Hello World ", b"a,b,,c"], dtype=object)
