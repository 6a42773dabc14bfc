"""Background work of datasets on threads the session owns: prefetch, parallel map, generators.

Each start of an iterator gets a Workers object; the threads its pipelines start and the
channels they hand elements over are registered there. `Workers.stop()` (the session closing,
the iterator restarting) closes every channel, so a consumer blocked in get_next raises
CancelledError at once and every producer returns at its next hand-over. Nothing polls.
A thread blocked inside user code (a generator waiting on something) cannot be interrupted:
it returns as soon as that code gives control back.
"""
from __future__ import annotations

import collections
import os
import threading

from tfsess.framework import errors
from tfsess.runtime.executor import RunContext
from tfsess.data.pipeline import ElementError, Map, Pipeline, map_call

THREAD_PREFIX = "tfsess.data"
_END = object()


class Channel:
    """A FIFO hand-over between threads (bounded by `capacity` when > 0); `close()` wakes every waiter."""

    def __init__(self, capacity=0):
        self.capacity = capacity
        self.items = collections.deque()
        self.closed = False
        self.cond = threading.Condition()

    def put(self, item):
        """Adds `item`, waiting for room; False when the channel closed instead."""
        with self.cond:
            while self.capacity > 0 and len(self.items) >= self.capacity and not self.closed:
                self.cond.wait()
            if self.closed:
                return False
            self.items.append(item)
            self.cond.notify_all()
            return True

    def get(self):
        """The oldest item, waiting for one; CancelledError when the channel closed."""
        with self.cond:
            while not self.items and not self.closed:
                self.cond.wait()
            if self.closed:
                raise errors.CancelledError(None, None, "The iterator was cancelled: its session is closed or "
                                            "the iterator was re-initialized.")
            item = self.items.popleft()
            self.cond.notify_all()
            return item

    def close(self):
        with self.cond:
            self.closed = True
            self.cond.notify_all()


class Workers:
    """The threads and channels of one iterator start; `stop()` ends them."""

    def __init__(self):
        self.lock = threading.Lock()
        self.threads, self.channels = [], set()
        self.stopped = False

    def channel(self, capacity=0):
        made = Channel(capacity)
        with self.lock:
            if self.stopped:
                made.close()
            self.channels.add(made)
        return made

    def release(self, channel):
        channel.close()
        with self.lock:
            self.channels.discard(channel)

    def start(self, target, *args):
        thread = threading.Thread(target=target, args=args, name=f"{THREAD_PREFIX}-{target.__name__}", daemon=True)
        with self.lock:
            if self.stopped:
                return
            self.threads = [t for t in self.threads if t.is_alive()]
            self.threads.append(thread)
        thread.start()

    def stop(self, timeout=1.0):
        """Closes every channel, then waits up to `timeout` seconds in all for the threads to return."""
        with self.lock:
            self.stopped = True
            channels, threads = list(self.channels), list(self.threads)
            self.channels.clear()
        for channel in channels:
            channel.close()
        for thread in threads:
            if thread is not threading.current_thread():
                thread.join(timeout / max(1, len(threads)))


class ThreadEnv:
    """What a pipeline sees on a background thread: the iterator's caches and workers, a context of its own."""

    def __init__(self, caches, workers, ctx):
        self.caches, self.workers, self.ctx = caches, workers, ctx


def thread_env(env):
    """An env for another thread: function plans must not share the caller's RunContext (its current op)."""
    ctx = env.ctx
    own = RunContext(None, None) if ctx is None else RunContext(ctx.session, ctx.resources, None, None,
                                                                 ctx.step_id, ctx.devices)
    return ThreadEnv(env.caches, env.workers, own)


def produced_in_background(env, make_items, capacity):
    """Yields what `make_items(thread_env)` yields, produced on a worker thread `capacity` items ahead."""
    channel = env.workers.channel(capacity)
    background = thread_env(env)

    def produce():
        try:
            for item in make_items(background):
                if not channel.put(item):
                    return
            channel.put(_END)
        except Exception as exc:  # noqa: BLE001 - handed to the consumer, raised in get_next
            channel.put(_Raised(exc))

    env.workers.start(produce)
    try:
        yield from _delivered(channel.get)
    finally:
        env.workers.release(channel)


def _delivered(take):
    """The items `take()` returns until the end marker; a producer's exception is raised here, in the consumer."""
    while True:
        item = take()
        if item is _END:
            return
        if isinstance(item, _Raised):
            raise item.exc
        yield item


class _Raised:
    __slots__ = ("exc",)

    def __init__(self, exc):
        self.exc = exc


class Prefetch(Pipeline):
    """prefetch(n): a thread computes up to `n` elements ahead of get_next."""

    keeps_count = True

    def __init__(self, source, buffer_size):
        self.source = source
        self.buffer_size = (os.cpu_count() or 1) if int(buffer_size) < 0 else max(1, int(buffer_size))

    def iterate(self, env):
        return produced_in_background(env, self.source.iterate, self.buffer_size)


class BackgroundGenerator(Pipeline):
    """from_generator: the Python generator runs on a worker thread, so a blocked get_next can be cancelled.

    The thread advances the generator only when an element is asked for, as TF's iterator does.
    """

    def __init__(self, source):
        self.source = source

    def iterate(self, env):
        requests, results = env.workers.channel(), env.workers.channel()
        background = thread_env(env)

        def produce():
            items = self.source.iterate(background)
            try:
                while True:
                    requests.get()
                    item = next(items, _END)
                    if not results.put(item) or item is _END:
                        return
            except errors.CancelledError:
                return
            except Exception as exc:  # noqa: BLE001 - handed to the consumer, raised in get_next
                results.put(_Raised(exc))

        env.workers.start(produce)
        def take():
            requests.put(True)  # the generator advances only when get_next asks, as TF's does
            return results.get()

        try:
            yield from _delivered(take)
        finally:
            env.workers.release(requests)
            env.workers.release(results)


class ParallelMap(Map):
    """map(num_parallel_calls=k): k threads run the function; elements come out in input order."""

    def __init__(self, source, fn, captured, parallel_calls):
        super().__init__(source, fn, captured)
        self.parallel_calls = (os.cpu_count() or 1) if int(parallel_calls) < 0 else max(1, int(parallel_calls))

    def iterate(self, env):
        tasks, results = env.workers.channel(self.parallel_calls), env.workers.channel()

        def work(background):
            while True:
                try:
                    number, elem = tasks.get()
                except errors.CancelledError:
                    return
                results.put((number, map_call(self.fn, background, elem, self.captured)))

        for _ in range(self.parallel_calls):
            env.workers.start(work, thread_env(env))
        done, sent, taken = {}, 0, 0
        try:
            for elem in self.source.iterate(env):
                if isinstance(elem, ElementError):
                    done[sent] = elem
                elif not tasks.put((sent, elem)):
                    raise errors.CancelledError(None, None, "The iterator was cancelled.")
                sent += 1
                while sent - taken > self.parallel_calls:
                    yield _next_result(taken, done, results)
                    taken += 1
            while taken < sent:
                yield _next_result(taken, done, results)
                taken += 1
        finally:
            env.workers.release(tasks)
            env.workers.release(results)


def _next_result(number, done, results):
    while number not in done:
        finished, value = results.get()
        done[finished] = value
    return done.pop(number)
