"""Where the diagonals k[0]..k[1] of a matrix sit, for TF's MatrixDiagV3 family.

Diagonal d of an M x N matrix holds the elements (i - min(d, 0), i + max(d, 0)) and has
min(M + min(d, 0), N - max(d, 0)) of them. A band is stored as rows from k[1] down to k[0], each
`max_len` long; a diagonal shorter than that is padded on the side its alignment says: `align` is
"<superdiagonals>_<subdiagonals>", and RIGHT pads on the left (the main diagonal follows either
half: it is never shorter than the band's rows).
"""
from __future__ import annotations

import numpy as np

ALIGNMENTS = ("LEFT_RIGHT", "RIGHT_LEFT", "LEFT_LEFT", "RIGHT_RIGHT")


def diag_len(rows: int, cols: int, d: int) -> int:
    """How many elements diagonal `d` of a rows x cols matrix has."""
    return min(rows + min(d, 0), cols - max(d, 0))


def band_index(rows: int, cols: int, k0: int, k1: int, max_len: int, align: str):
    """(band row, band column, matrix row, matrix column) index arrays of every stored element."""
    left_super = align.startswith("LEFT")
    left_sub = align.endswith("LEFT")
    parts = []
    for j, d in enumerate(range(k1, k0 - 1, -1)):
        n = max(min(diag_len(rows, cols, d), max_len), 0)
        left = (d >= 0 and left_super) or (d <= 0 and left_sub)
        offset = 0 if left else max_len - n
        i = np.arange(n)
        parts.append((np.full(n, j), i + offset, i - min(d, 0), i + max(d, 0)))
    return tuple(np.concatenate(p).astype(np.intp) for p in zip(*parts))
