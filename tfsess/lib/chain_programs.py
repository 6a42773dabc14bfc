"""Runs of an elementwise chain as one compiled pass: every link applied to a piece while it sits in L1.

A fused chain (tfsess/runtime/chains.py) otherwise calls one NumPy ufunc per link on each
128K-element block, streaming the block through L2 fifty times. Where consecutive links are among
the operations below, a program (one code and one scalar per link) runs them in a numba loop over
pieces of 1024 elements: each operation is a vectorised loop over the piece, and the piece stays in
L1 from the first link to the last. The loop is compiled once per process (numba's on-disk cache
keeps it), not per chain; without numba, `compiled()` is None and chains keep their ufunc calls.

The results are bit-for-bit the unfused kernels': the arithmetic is IEEE's (numba contracts no
multiply-add without fastmath), maximum and minimum keep NumPy's NaN propagation and its choice
between -0.0 and 0.0 (the second operand when both are zero), and Tanh is
fast_math's compiled rational loop, the very float32 operations of `fast_math.tanh`, so a tanh link
is programmed only where the process's float32 tanh takes that loop (numba installed) (tests/lib/test_chain_programs.py
compares bytes).
"""
from __future__ import annotations

import numpy as np

from tfsess.lib import fast_math
from tfsess.lib.numba_loops import CompiledOnce

PIECE = 1024  # elements per piece: 4 KiB of float32 stays in L1 through every link

# codes: the operation with the chain value x and the link's scalar s
ADD, SUB, RSUB, MUL, MAX, RMAX, MIN, RMIN, NEG, ABS, SQRT, FLOOR, CEIL, TANH = range(14)

# ufunc name -> (code when the chain value is the first operand, code when it is the second)
_BY_UFUNC = {"add": (ADD, ADD), "subtract": (SUB, RSUB), "multiply": (MUL, MUL), "maximum": (MAX, RMAX),
             "minimum": (MIN, RMIN), "negative": (NEG, NEG), "absolute": (ABS, ABS), "sqrt": (SQRT, SQRT),
             "floor": (FLOOR, FLOOR), "ceil": (CEIL, CEIL)}


def code_of(op_type, ufunc_name, position, dtype):
    """The program code of a chain link, or None when the link must run its own kernel."""
    if ufunc_name in _BY_UFUNC:
        return _BY_UFUNC[ufunc_name][position]
    if op_type == "Relu":
        return MAX  # max(x, 0): the Relu kernel's own maximum, the scalar 0 given by the program
    if op_type == "Tanh" and dtype == np.float32 and fast_math.tanh_compiled() is not None:
        return TANH
    return None


def compiled():
    """The numba program loop `(src, dst, codes, scalars)`, or None without numba."""
    return _PROGRAM.get()


def _njit_program(numba, cache):
    rational_tanh = fast_math.njit_rational_tanh(numba)
    types = numba.types
    signatures = [types.void(types.Array(dtype, 1, "C", readonly=readonly), types.Array(dtype, 1, "C"),
                             types.Array(types.int64, 1, "C"), types.Array(dtype, 1, "C"))
                  for dtype in (types.float32, types.float64) for readonly in (False, True)]  # constants are read-only

    @numba.njit(signatures, nogil=True, error_model="numpy", cache=cache)
    def program(src, dst, codes, scalars):  # pragma: no cover - numba compiles it; tests compare its bytes
        for start in range(0, src.size, PIECE):
            # the piece is worked on in place in `dst` (slices: indices numba knows are not negative)
            head, piece = src[start:start + PIECE], dst[start:start + PIECE]
            m = piece.size
            for i in range(m):
                piece[i] = head[i]
            for k in range(codes.size):
                code, s = codes[k], scalars[k]
                if code == ADD:
                    for i in range(m):
                        piece[i] = piece[i] + s
                elif code == SUB:
                    for i in range(m):
                        piece[i] = piece[i] - s
                elif code == RSUB:
                    for i in range(m):
                        piece[i] = s - piece[i]
                elif code == MUL:
                    for i in range(m):
                        piece[i] = piece[i] * s
                elif code == MAX:  # NumPy's maximum: NaN propagates, the second operand on a tie of zeros
                    for i in range(m):
                        v = piece[i]
                        piece[i] = v if (v > s or v != v) else s
                elif code == RMAX:
                    for i in range(m):
                        v = piece[i]
                        piece[i] = s if (s > v or s != s) else v
                elif code == MIN:
                    for i in range(m):
                        v = piece[i]
                        piece[i] = v if (v < s or v != v) else s
                elif code == RMIN:
                    for i in range(m):
                        v = piece[i]
                        piece[i] = s if (s < v or s != s) else v
                elif code == NEG:
                    for i in range(m):
                        piece[i] = -piece[i]
                elif code == ABS:
                    for i in range(m):
                        piece[i] = abs(piece[i])
                elif code == SQRT:
                    for i in range(m):
                        piece[i] = np.sqrt(piece[i])
                elif code == FLOOR:
                    for i in range(m):
                        piece[i] = np.floor(piece[i])
                elif code == CEIL:
                    for i in range(m):
                        piece[i] = np.ceil(piece[i])
                elif code == TANH:  # fast_math's loop, operation for operation (float32 programs only)
                    for i in range(m):
                        piece[i] = rational_tanh(piece[i])
    return program


_PROGRAM = CompiledOnce(_njit_program, "the fused chain program loop")
