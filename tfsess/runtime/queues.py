"""Queue resources: the per-session objects behind FIFOQueue, PaddingFIFOQueue, RandomShuffleQueue
and PriorityQueue.

As in TF's QueueBase, every enqueue, dequeue and graceful close is an *attempt* waiting in one of
two lines (enqueues, dequeues). Whenever the queue changes, the lines are flushed in order under
the queue's lock: each front attempt runs a step that makes no progress, some progress (a partly
filled `dequeue_many`), or completes. A caller waits on the queue's Condition until its attempt
completes, its run's deadline passes (`DeadlineExceededError`), or the session closes and
cancels the queue (`CancelledError`). Nothing polls.
"""
from __future__ import annotations

import collections
import heapq
import itertools
import random
import threading

import numpy as np

from tfsess.framework import dtypes as _dtypes
from tfsess.framework import errors

_NO_PROGRESS, _PROGRESS, _COMPLETE = 0, 1, 2
INT32_MAX = 2**31 - 1
_unique_ids = itertools.count()


def resource_name(op_name: str, shared_name: str) -> str:
    """The queue's name in messages: its shared_name, or TF's private `_<id>_<node>` name."""
    return shared_name or f"_{next(_unique_ids)}_{op_name}"


class _Attempt:
    """One pending enqueue, dequeue or close: `step()` moves it on; `done` once it has finished."""

    __slots__ = ("step", "done", "error", "result")

    def __init__(self, step):
        self.step = step
        self.done = False
        self.error = None
        self.result = None


def _shape_str(shape) -> str:
    return "[" + ",".join("?" if d is None else str(d) for d in shape) + "]"


class Queue:
    """A FIFO queue of tuples of arrays with a capacity (TF's FIFOQueue)."""

    kind = "FIFOQueue"

    def __init__(self, name, dtypes, shapes, capacity):
        self.name = name
        self.dtypes = list(dtypes)
        self.shapes = None if not shapes else [tuple(s) for s in shapes]
        self.capacity = INT32_MAX if capacity is None or capacity < 0 else int(capacity)
        self._cond = threading.Condition()
        self._closed = False
        self._cancelled = False
        self._enqueues = collections.deque()
        self._dequeues = collections.deque()
        self._init_storage()

    # ------------------------------------------------------------ storage (overridden)
    def _init_storage(self):
        self._items = collections.deque()

    def _size(self) -> int:
        return len(self._items)

    def _push(self, element):
        self._items.append(element)

    def _pop(self):
        return self._items.popleft()

    def _restore(self, elements):
        """Puts back the elements a failed dequeue_many had taken (at the front, in order)."""
        self._items.extendleft(reversed(elements))

    def _dequeueable(self) -> int:
        return len(self._items)

    def _batch(self, elements):
        out = []
        for i, shape in enumerate(self.shapes):
            np_type = self.dtypes[i].as_numpy_dtype
            if elements:
                out.append(np.stack([e[i] for e in elements]).astype(np_type, copy=False))
            else:
                out.append(np.empty((0,) + tuple(shape), dtype=np_type))
        return tuple(out)

    # ------------------------------------------------------------ validation
    def check_signature(self, given, what="components"):
        """InvalidArgumentError unless the op's component dtypes are the queue's."""
        want = [d.base_dtype for d in self.dtypes]
        have = [_dtypes.as_dtype(d).base_dtype for d in given]
        if have != want:
            raise errors.InvalidArgumentError(
                None, None, "Signature mismatch, have: " + ", ".join(["resource"] + [d.name for d in have])
                + " expected: " + ", ".join(["resource"] + [d.name for d in want]))

    def validate_tuple(self, components):
        if self.shapes is None:
            return
        for i, (c, shape) in enumerate(zip(components, self.shapes)):
            if not _fits(c.shape, shape):
                raise errors.InvalidArgumentError(
                    None, None, f"Shape mismatch in tuple component {i}. Expected {_shape_str(shape)}, "
                                f"got {_shape_str(c.shape)}")

    def validate_many(self, components):
        for i, c in enumerate(components):
            if c.ndim == 0:
                raise errors.InvalidArgumentError(
                    None, None, f"Shape mismatch in tuple component {i}. Expected a batch of elements "
                                f"(rank >= 1), got a scalar")
        batch = components[0].shape[0]
        for i, c in enumerate(components):
            if self.shapes is not None:
                want = (batch,) + self.shapes[i]
                if not _fits(c.shape, want):
                    raise errors.InvalidArgumentError(
                        None, None, f"Shape mismatch in tuple component {i}. Expected {_shape_str(want)}, "
                                    f"got {_shape_str(c.shape)}")
            elif c.shape[0] != batch:
                raise errors.InvalidArgumentError(
                    None, None, f"All input tensors must have the same size in the 0th dimension. Component "
                                f"{i} has {c.shape[0]}, and should have {batch}")

    def _check_dequeue_many(self):
        if self.shapes is None:
            raise errors.InvalidArgumentError(
                None, None, f"{self.kind}'s DequeueMany and DequeueUpTo require the components to have "
                            "specified shapes.")

    # ------------------------------------------------------------ operations
    def enqueue(self, components, remaining=None):
        """Adds one element, waiting for room. `remaining()` gives the seconds left, or None."""
        element = tuple(np.array(c, copy=True) for c in components)

        def step():
            if self._closed:
                return self._fail(attempt, errors.CancelledError(None, None, f"{self.kind} '{self.name}' is closed."))
            if self._size() < self.capacity:
                self._push(element)
                return _COMPLETE
            return _NO_PROGRESS

        attempt = _Attempt(step)
        self._run(self._enqueues, attempt, remaining, "Enqueue")

    def enqueue_many(self, components, remaining=None):
        """Adds the slices of `components` along dimension 0, as room appears."""
        batches = [np.array(c, copy=True) for c in components]
        n = batches[0].shape[0]
        if n == 0:
            return
        elements = [tuple(b[i, ...] for b in batches) for i in range(n)]
        position = [0]

        def step():
            if self._closed:
                return self._fail(attempt, errors.CancelledError(None, None, f"{self.kind} '{self.name}' is closed."))
            result = _NO_PROGRESS
            while self._size() < self.capacity:
                self._push(elements[position[0]])
                position[0] += 1
                result = _PROGRESS
                if position[0] == n:
                    return _COMPLETE
            return result

        attempt = _Attempt(step)
        self._run(self._enqueues, attempt, remaining, "Enqueue")

    def dequeue(self, remaining=None):
        """Removes and returns one element (a tuple of arrays), waiting for one."""
        def step():
            size = self._size()
            if self._closed and size == 0:
                return self._fail(attempt, self._out_of_range(1, size))
            if self._dequeueable() > 0:
                attempt.result = self._pop()
                return _COMPLETE
            return _NO_PROGRESS

        attempt = _Attempt(step)
        return self._run(self._dequeues, attempt, remaining, "Dequeue")

    def dequeue_many(self, n, remaining=None, allow_small_batch=False):
        """Removes `n` elements and returns them batched; fewer only when closed and `allow_small_batch`."""
        self._check_dequeue_many()
        if n == 0:
            return self._batch([])
        taken = []
        wanted = [n]

        def step():
            size = self._size()
            if self._closed and size < wanted[0] - len(taken):
                missing = wanted[0] - len(taken)
                if taken:
                    self._restore(taken)
                    taken.clear()
                if allow_small_batch and self._size() > 0:
                    wanted[0] = self._size()
                else:
                    if allow_small_batch and any(not a.done for a in self._enqueues):
                        return _PROGRESS  # pending enqueues may still add elements
                    return self._fail(attempt, self._out_of_range(missing, size))
            result = _NO_PROGRESS
            for _ in range(self._dequeueable()):
                taken.append(self._pop())
                result = _PROGRESS
                if len(taken) == wanted[0]:
                    attempt.result = self._batch(taken)
                    return _COMPLETE
            return result

        attempt = _Attempt(step)
        return self._run(self._dequeues, attempt, remaining, "Dequeue")

    def close(self, cancel_pending_enqueues=False):
        """Closes the queue. Without cancelling, the close waits in line behind pending enqueues."""
        with self._cond:
            self._check_not_cancelled()
            if cancel_pending_enqueues:
                self._closed = True
                self._cancel_line(self._enqueues, "Enqueue operation was cancelled")
                self._flush()
                return

            def step():
                if self._closed:
                    return self._fail(attempt, errors.CancelledError(
                        None, None, f"Queue '{self.name}' is already closed."))
                self._closed = True
                return _COMPLETE

            attempt = _Attempt(step)
            self._enqueues.append(attempt)
            self._flush()
            if attempt.done and attempt.error is not None:
                raise attempt.error

    def size(self) -> int:
        with self._cond:
            return self._size()

    def is_closed(self) -> bool:
        with self._cond:
            return self._closed

    def cancel(self):
        """The session is closing: every pending and later operation raises CancelledError."""
        with self._cond:
            self._cancelled = True
            self._cancel_line(self._enqueues, "Enqueue operation was cancelled")
            self._cancel_line(self._dequeues, "Dequeue operation was cancelled")
            self._cond.notify_all()

    # ------------------------------------------------------------ machinery
    def _out_of_range(self, requested, size):
        return errors.OutOfRangeError(
            None, None, f"{self.kind} '{self.name}' is closed and has insufficient elements (requested "
                        f"{requested}, current size {size})")

    @staticmethod
    def _fail(attempt, error):
        attempt.error = error
        return _COMPLETE

    def _check_not_cancelled(self):
        if self._cancelled:
            raise errors.CancelledError(None, None, "Session has been closed.")

    def _cancel_line(self, line, message):
        for attempt in line:
            if not attempt.done:
                attempt.done = True
                attempt.error = errors.CancelledError(None, None, message)
        line.clear()
        self._cond.notify_all()

    def _run(self, line, attempt, remaining, action):
        with self._cond:
            self._check_not_cancelled()
            line.append(attempt)
            self._flush()
            while not attempt.done:
                timeout = remaining() if remaining is not None else None
                if timeout is not None and timeout <= 0:
                    # TF cancels the step: the attempt leaves the line and what a partly served
                    # dequeue_many had taken is lost, as in TF.
                    attempt.done = True
                    attempt.error = errors.DeadlineExceededError(None, None, "Timed out waiting for notification")
                    self._flush()
                    break
                self._cond.wait(timeout)
            if attempt.error is not None:
                raise attempt.error
            return attempt.result

    def _flush(self):
        """Runs the front attempts of both lines until neither makes progress (TF's FlushUnlocked)."""
        finished = False
        changed = True
        while changed:
            moved_e, done_e = self._try_line(self._enqueues)
            moved_d, done_d = self._try_line(self._dequeues)
            changed = moved_e or moved_d
            finished = finished or done_e or done_d
        if finished:
            self._cond.notify_all()

    @staticmethod
    def _try_line(line):
        progress = finished = False
        while line:
            attempt = line[0]
            if attempt.done:  # timed out or cancelled while waiting
                line.popleft()
                continue
            result = attempt.step()
            if result == _NO_PROGRESS:
                break
            progress = True
            if result == _PROGRESS:
                break
            attempt.done = True
            line.popleft()
            finished = True
        return progress, finished


def _fits(shape, want) -> bool:
    return len(shape) == len(want) and all(w is None or s == w for s, w in zip(shape, want))


class PaddingQueue(Queue):
    """A FIFO queue whose dequeue_many pads unknown dims to the batch's largest (PaddingFIFOQueue)."""

    kind = "PaddingFIFOQueue"

    def validate_tuple(self, components):
        for i, (c, shape) in enumerate(zip(components, self.shapes)):
            if not _fits(c.shape, shape):
                raise errors.InvalidArgumentError(
                    None, None, f"Shape mismatch in tuple component {i}. Expected {_shape_str(shape)}, "
                                f"got {_shape_str(c.shape)}")

    def _batch(self, elements):
        out = []
        for i, shape in enumerate(self.shapes):
            np_type = self.dtypes[i].as_numpy_dtype
            dims = [max((e[i].shape[k] for e in elements), default=0) if d is None else d
                    for k, d in enumerate(shape)]
            batch = np.zeros([len(elements)] + dims, dtype=np_type)
            if self.dtypes[i].base_dtype == _dtypes.string:
                batch.fill(b"")
            for j, e in enumerate(elements):
                # a 0-d string array put into an object slot would be stored as the array itself
                value = e[i][()] if e[i].ndim == 0 else e[i]
                batch[(j,) + tuple(slice(0, s) for s in e[i].shape)] = value
            out.append(batch)
        return tuple(out)


class Philox:
    """TF's PhiloxRandom(seed, seed2) read one uint32 at a time (SingleSampleAdapter)."""

    _M0, _M1 = 0xD2511F53, 0xCD9E8D57
    _W0, _W1 = 0x9E3779B9, 0xBB67AE85
    _MASK = 0xFFFFFFFF

    def __init__(self, seed, seed2):
        seed &= 2**64 - 1
        seed2 &= 2**64 - 1
        self._key = (seed & self._MASK, seed >> 32)
        self._counter = [0, 0, seed2 & self._MASK, seed2 >> 32]
        self._buffer = []

    def __call__(self) -> int:
        if not self._buffer:
            self._buffer = list(reversed(self._block()))
        return self._buffer.pop()

    def _block(self):
        m = self._MASK
        c = list(self._counter)
        k0, k1 = self._key
        for _ in range(10):
            p0 = self._M0 * c[0]
            p1 = self._M1 * c[2]
            c = [((p1 >> 32) ^ c[1] ^ k0) & m, p1 & m, ((p0 >> 32) ^ c[3] ^ k1) & m, p0 & m]
            k0, k1 = (k0 + self._W0) & m, (k1 + self._W1) & m
        for i in range(4):  # SkipOne: a 128-bit counter increment
            self._counter[i] = (self._counter[i] + 1) & m
            if self._counter[i]:
                break
        return c


class RandomShuffleQueue(Queue):
    """Dequeues a random element, keeping `min_after_dequeue` until closed (RandomShuffleQueue)."""

    kind = "RandomShuffleQueue"

    def __init__(self, name, dtypes, shapes, capacity, min_after_dequeue=0, seed=0, seed2=0):
        self.min_after_dequeue = int(min_after_dequeue)
        if seed == 0 and seed2 == 0:  # unseeded: TF draws fresh seeds
            seed, seed2 = random.getrandbits(64), random.getrandbits(64)
        self._random = Philox(seed, seed2)
        super().__init__(name, dtypes, shapes, capacity)

    def _init_storage(self):
        self._items = []

    def _pop(self):
        index = self._random() % len(self._items)
        element = self._items[index]
        self._items[index] = self._items[-1]
        self._items.pop()
        return element

    def _restore(self, elements):
        self._items.extend(reversed(elements))

    def _dequeueable(self) -> int:
        size = len(self._items)
        return size if self._closed else size - self.min_after_dequeue


class PriorityQueue(Queue):
    """Dequeues the element with the smallest int64 priority (component 0) first (PriorityQueue)."""

    kind = "PriorityQueue"

    def _init_storage(self):
        self._items = []
        self._order = itertools.count()

    def _push(self, element):
        heapq.heappush(self._items, (int(element[0]), next(self._order), element))

    def _pop(self):
        return heapq.heappop(self._items)[2]

    def _restore(self, elements):
        for e in elements:
            self._push(e)

    def dequeue_many(self, n, remaining=None, allow_small_batch=False):
        """TF's PriorityQueue takes a batch only once it can fill it, to keep it sorted. A closed queue
        with fewer elements than asked for fails, unless `allow_small_batch`: then the attempt takes
        them all and fails on its next try, as the queue is empty (those elements are lost, as in TF)."""
        self._check_dequeue_many()
        if n == 0:
            return self._batch([])
        taken = []

        def step():
            size, missing = self._size(), n - len(taken)
            if self._closed and (size == 0 or (not allow_small_batch and size < missing)):
                return self._fail(attempt, self._out_of_range(missing, size))
            if size < missing and (size == 0 or not (self._closed and allow_small_batch)):
                return _NO_PROGRESS
            for _ in range(min(size, missing)):
                taken.append(self._pop())
            if len(taken) == n:
                attempt.result = self._batch(taken)
                return _COMPLETE
            return _PROGRESS

        attempt = _Attempt(step)
        return self._run(self._dequeues, attempt, remaining, "Dequeue")

    def validate_tuple(self, components):
        if np.ndim(components[0]) != 0:
            raise errors.InvalidArgumentError(
                None, None, f"Expected the priority element to be a scalar, but received shape: "
                            f"{_shape_str(np.shape(components[0]))}")
        super().validate_tuple(components)

    def validate_many(self, components):
        if np.ndim(components[0]) != 1:
            raise errors.InvalidArgumentError(
                None, None, f"Expected the priority element to be a vector, but received shape: "
                            f"{_shape_str(np.shape(components[0]))}")
        super().validate_many(components)


QUEUE_CLASSES = {"FIFOQueueV2": Queue, "PaddingFIFOQueueV2": PaddingQueue,
                 "RandomShuffleQueueV2": RandomShuffleQueue, "PriorityQueueV2": PriorityQueue}
