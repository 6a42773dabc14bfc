"""The orders TF's CPU TopKV2 kernel gives where a plain stable sort does not: NaN rows, sorted=False.

For k = the whole row (tf.sort / tf.argsort) that kernel sorts the indices with C++ std::sort under
`row[b] < row[a]`, then puts each run of equal values back in index order. NaN compares false both
ways, so the comparator stops being a strict weak order and the result is whatever libstdc++'s
introsort does with it: `descending_order_with_nan` replays that std::sort step by step (introsort
with median-of-three pivots, a heap sort past the depth limit, insertion sort below 16 elements).
For 1 < k < the row it keeps a bounded heap (gtl::TopN) under a comparator that breaks ties by index;
`top_k_order` replays it, since sorted=False returns the heap's own array order and NaN again bends
the comparisons. Rows that neither case touches keep NumPy's stable sort, which agrees with TF there.
"""
from __future__ import annotations

_THRESHOLD = 16  # libstdc++'s _S_threshold: shorter ranges are left to the final insertion sort


class _IndexSort:
    """std::sort of range(n) under `before(a, b)`, kept to libstdc++'s steps (see the module doc)."""

    def __init__(self, row):
        self.row = row
        self.idx = list(range(len(row)))

    def before(self, a, b):
        return self.row[b] < self.row[a]

    # ---- insertion sorts
    def _linear_insert(self, last, lowest=0):
        idx, val = self.idx, self.idx[last]
        nxt = last - 1
        # libstdc++ runs unguarded here; `lowest` keeps a comparator that is not a weak order in bounds
        while nxt >= lowest and self.before(val, idx[nxt]):
            idx[last] = idx[nxt]
            last, nxt = nxt, nxt - 1
        idx[last] = val

    def _insertion_sort(self, first, last):
        idx = self.idx
        for i in range(first + 1, last):
            if self.before(idx[i], idx[first]):
                val = idx[i]
                idx[first + 1:i + 1] = idx[first:i]
                idx[first] = val
            else:
                self._linear_insert(i, first)

    # ---- heap sort (the introsort's fallback past its depth limit)
    def _adjust_heap(self, first, hole, length, value):
        idx, top = self.idx, hole
        child = hole
        while child < (length - 1) // 2:
            child = 2 * (child + 1)
            if self.before(idx[first + child], idx[first + child - 1]):
                child -= 1
            idx[first + hole] = idx[first + child]
            hole = child
        if length % 2 == 0 and child == (length - 2) // 2:
            child = 2 * (child + 1)
            idx[first + hole] = idx[first + child - 1]
            hole = child - 1
        parent = (hole - 1) // 2
        while hole > top and self.before(idx[first + parent], value):
            idx[first + hole] = idx[first + parent]
            hole, parent = parent, (parent - 1) // 2
        idx[first + hole] = value

    def _heap_sort(self, first, last):
        length = last - first
        for parent in range((length - 2) // 2, -1, -1):
            self._adjust_heap(first, parent, length, self.idx[first + parent])
        self._sort_heap(first, last)

    def _sort_heap(self, first, last):
        while last - first > 1:
            last -= 1
            value = self.idx[last]
            self.idx[last] = self.idx[first]
            self._adjust_heap(first, 0, last - first, value)

    # ---- introsort
    def _median_to_first(self, result, a, b, c):
        idx, before = self.idx, self.before
        if before(idx[a], idx[b]):
            pick = b if before(idx[b], idx[c]) else (c if before(idx[a], idx[c]) else a)
        else:
            pick = a if before(idx[a], idx[c]) else (c if before(idx[b], idx[c]) else b)
        idx[result], idx[pick] = idx[pick], idx[result]

    def _partition(self, first, last, pivot):
        idx, before = self.idx, self.before
        while True:
            while first < last and before(idx[first], idx[pivot]):
                first += 1
            last -= 1
            while last > pivot and before(idx[pivot], idx[last]):
                last -= 1
            if not first < last:
                return first
            idx[first], idx[last] = idx[last], idx[first]
            first += 1

    def _introsort_loop(self, first, last, depth):
        while last - first > _THRESHOLD:
            if depth == 0:
                self._heap_sort(first, last)
                return
            depth -= 1
            self._median_to_first(first, first + 1, first + (last - first) // 2, last - 1)
            cut = self._partition(first + 1, last, first)
            self._introsort_loop(cut, last, depth)
            last = cut

    def sort(self):
        n = len(self.idx)
        if n < 2:
            return self.idx
        self._introsort_loop(0, n, 2 * (n.bit_length() - 1))
        if n > _THRESHOLD:
            self._insertion_sort(0, _THRESHOLD)
            for i in range(_THRESHOLD, n):
                self._linear_insert(i)
        else:
            self._insertion_sort(0, n)
        return self.idx


def descending_order_with_nan(row):
    """Indices of `row` (a 1-D float array holding NaN) in the order TF's TopKV2 gives for k = len(row)."""
    order = _IndexSort(row.tolist()).sort()
    # TopKV2 then sorts each run of equal values by index (NaN equals nothing, so it is never in a run).
    start = 0
    while start < len(order):
        end = start + 1
        while end < len(order) and row[order[end]] == row[order[start]]:
            end += 1
        order[start:end] = sorted(order[start:end])
        start = end
    return order


class _TopN(_IndexSort):
    """TF's gtl::TopN over the column indices of one row, under TopKV2's stable comparator (a larger value
    first, ties and NaN by the lower index): a bounded heap whose array order is what sorted=False returns."""

    def before(self, a, b):
        va, vb = self.row[a], self.row[b]
        return vb < va or (not va < vb and a < b)

    def _push_heap(self, last):
        idx, value = self.idx, self.idx[last - 1]
        hole = last - 1
        parent = (hole - 1) // 2
        while hole > 0 and self.before(idx[parent], value):
            idx[hole] = idx[parent]
            hole, parent = parent, (parent - 1) // 2
        idx[hole] = value

    def _pop_heap(self, last):
        value = self.idx[last - 1]
        self.idx[last - 1] = self.idx[0]
        self._adjust_heap(0, 0, last - 1, value)

    def top(self, k, sorted_):
        row = self.row
        self.idx = list(range(k + 1))
        self._heap_make(k + 1)
        self._pop_heap(k + 1)
        self.idx.pop()
        idx = self.idx
        for c in range(k + 1, len(row)):
            worst = idx[0]
            if row[worst] < row[c] or (not row[c] < row[worst] and c < worst):  # before(c, worst), inlined
                self._pop_heap(k)
                idx[k - 1] = c
                self._push_heap(k)
        if sorted_:
            self._sort_heap(0, k)  # std::sort_heap: the best first
        return idx

    def _heap_make(self, length):
        for parent in range((length - 2) // 2, -1, -1):
            self._adjust_heap(0, parent, length, self.idx[parent])


def top_k_order(row, k, sorted_):
    """Indices of TF's TopKV2 for 1 < k < len(row): gtl::TopN's heap, sorted by sort_heap when `sorted_`."""
    return _TopN(row.tolist()).top(k, sorted_)
