"""window(): each element a structure of small datasets holding `size` consecutive input elements."""
from __future__ import annotations

import collections

from tfsess.data.element_leaves import SPARSE, is_ragged, leaf_groups, stack_ragged, stack_sparse
from tfsess.data.pipeline import INFINITE, UNKNOWN, ElementError, Pipeline, Slices, stack_dense


class Window(Pipeline):
    """Windows of `size` elements taken every `stride`, starting every `shift` elements (TF's order).

    A window starting before the end is kept even when shorter than `size`, unless `drop_remainder`.
    Each window is yielded as one pipeline per leaf of the input element (`layout`: leaf widths).
    """

    def __init__(self, source, size, shift, stride, drop_remainder, layout):
        self.source, self.size, self.shift, self.stride = source, int(size), int(shift), int(stride)
        self.drop_remainder, self.layout = bool(drop_remainder), layout

    def cardinality(self):
        n = self.source.cardinality()
        if n in (INFINITE, UNKNOWN):
            return n
        if self.drop_remainder:
            span = (self.size - 1) * self.stride + 1
            return 0 if n < span else (n - span) // self.shift + 1
        return -(-n // self.shift)

    def iterate(self, env):
        span = (self.size - 1) * self.stride + 1
        held = collections.deque()  # (position, element) from the current window's start on
        elements = self.source.iterate(env)
        read, start, done = 0, 0, False
        while True:
            while not done and read < start + span:
                elem = next(elements, None)
                if elem is None:
                    done = True
                elif isinstance(elem, ElementError):
                    yield elem
                else:
                    if read >= start:
                        held.append((read, elem))
                    read += 1
            if not held or held[0][0] != start:
                return
            window = [elem for pos, elem in held if (pos - start) % self.stride == 0 and pos < start + span]
            if len(window) < self.size and self.drop_remainder:
                return
            yield self._datasets(window)
            start += self.shift
            while held and held[0][0] < start:
                held.popleft()

    def _datasets(self, window):
        out = []
        for entry, parts in zip(self.layout, zip(*[leaf_groups(elem, self.layout) for elem in window])):
            if entry == SPARSE:
                out.append(Slices(stack_sparse(parts), [SPARSE]))
            elif is_ragged(entry):
                out.append(Slices(stack_ragged(parts), [entry - 1]))
            else:
                out.append(Slices([stack_dense([p[0] for p in parts])]))
        return out
