"""Optional numba loops, compiled once per process on first use (numba's on-disk cache when it can write one).

numba is an optional dependency (the `perf` extra): without it, or when it cannot compile here
(one warning), callers get None and take their NumPy route.
"""
from __future__ import annotations

import threading
import warnings


class CompiledOnce:
    """`get()`: what `build(numba, cache)` returns, built by the first caller; None without numba."""

    def __init__(self, build, what: str):
        self._build, self._what = build, what
        self._lock = threading.Lock()
        self.tried, self.loops = False, None

    def get(self):
        if not self.tried:
            with self._lock:
                if not self.tried:
                    self.loops = self._compile()
                    self.tried = True
        return self.loops

    def _compile(self):
        try:
            import numba  # optional dependency: the compiled loops; callers fall back to NumPy
        except ImportError:
            return None
        problem = None
        for cache in (True, False):  # numba's on-disk cache spares later processes the compilation
            try:
                return self._build(numba, cache)
            except Exception as exc:  # no writable cache folder, or a numba that cannot compile here
                problem = exc
        warnings.warn(f"numba could not compile {self._what} ({problem}); using NumPy's", stacklevel=4)
        return None
