"""Elementwise chains run block by block: one pass over the data, on every core.

A chain is a run of elementwise steps, each feeding the next and nothing else, whose other
inputs are scalars. Instead of fifty full passes over a large array, the fused step walks it
in cache-sized blocks, applying every link to a block while it sits in cache, and hands
blocks to a thread pool (NumPy's ufuncs release the GIL). Each link is the op's own kernel,
called with `out=`, so the results are bit-for-bit those of the unfused steps: arithmetic links
call their ufunc directly, Tanh and Sigmoid links the kernels of `tfsess/lib/fast_math.py`
(vectorised on every CPU; its compiled tanh loop releases the GIL too). With numba, each run of
consecutive links that `tfsess/lib/chain_programs.py` can program (add, subtract, multiply,
maximum, minimum, Relu, negative, abs, sqrt, floor, ceil, and Tanh where the process's tanh is the
compiled loop) is one call per block instead, which keeps 1024-element pieces in L1 through every
link of the run, with the same bits.
"""
from __future__ import annotations

import concurrent.futures
import functools
import os

import numpy as np

from tfsess.lib import chain_programs, extremum

BLOCK = 1 << 17           # elements per block: 512 KiB of float32 stays in L2 (64K-256K ran equally fast)
MIN_LINKS = 3             # shorter chains gain little
_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))


@functools.lru_cache(maxsize=1)
def _pool():
    workers = min(os.cpu_count() or 1, 8)
    return concurrent.futures.ThreadPoolExecutor(workers, thread_name_prefix="tfsess-chain"), workers


class Link:
    """One step of a chain: its kernel, attrs, which argument is the chain value, the scalar slots."""

    __slots__ = ("kernel", "attrs", "position", "scalar_slots", "n_args", "ufunc", "code")

    def __init__(self, step, position):
        self.kernel, self.attrs, self.position = step.kernel, step.attrs, position
        # the op's ufunc itself when it has one: same arithmetic, less call overhead per block
        self.ufunc = getattr(np, step.op._opdef.ufunc) if step.op._opdef.ufunc and not step.attrs else None
        self.scalar_slots = tuple(s for k, s in enumerate(step.ins) if k != position)
        self.n_args = len(step.ins)
        dtype = np.dtype(step.op._outputs[0].dtype.as_numpy_dtype)
        self.code = None if step.attrs or self.n_args > 2 else chain_programs.code_of(
            step.op.type, step.op._opdef.ufunc, position, dtype)


class ChainKernel:
    """The fused step's kernel: `(xp, head, *scalars) -> array`, blockwise and threaded."""

    workers = 0  # a session's intra_op_parallelism_threads caps the blocks run at once (0: the pool's size)

    def __init__(self, links, dtype):
        self.links, self.dtype = links, dtype
        self.program = chain_programs.compiled() if any(link.code is not None for link in links) else None

    def __call__(self, xp, head, *scalars, out=None):
        calls, k = [], 0
        for link in self.links:
            args = list(scalars[k:k + link.n_args - 1])
            k += link.n_args - 1
            args.insert(link.position, None)
            calls.append((link, args))
        if self.program is not None:
            calls = self._programmed(calls)
        head = np.ascontiguousarray(head)
        if out is None:
            out = np.empty(head.shape, dtype=self.dtype)
        flat_in, flat_out = head.reshape(-1), out.reshape(-1)
        n = flat_in.size
        pool, workers = _pool()
        workers = min(workers, self.workers or workers)
        if n <= BLOCK or workers == 1:
            self._run(calls, flat_in, flat_out, 0, n)
            return out
        bounds = np.linspace(0, n, workers + 1).astype(np.int64)
        jobs = [pool.submit(self._run, calls, flat_in, flat_out, int(a), int(b))
                for a, b in zip(bounds[:-1], bounds[1:]) if b > a]
        for job in jobs:
            job.result()
        return out

    def _programmed(self, calls):
        """`calls` with each run of programmable links as one (None, (codes, scalars)) call."""
        out, run = [], []
        for link, args in calls + [(None, None)]:
            if link is not None and link.code is not None:
                run.append((link.code, args[1 - link.position] if link.n_args == 2 else 0))
                continue
            if run:
                codes, values = zip(*run)
                out.append((None, (np.array(codes, np.int64), np.array(values, self.dtype))))
                run = []
            if link is not None:
                out.append((link, args))
        return out

    def _run(self, calls, flat_in, flat_out, start, stop):
        calls = [(link, list(args) if link is not None else args) for link, args in calls]  # this thread's own
        with np.errstate(all="ignore"):  # as the kernels: TF returns inf/nan silently
            for a in range(start, stop, BLOCK):
                b = min(a + BLOCK, stop)
                src, dst = flat_in[a:b], flat_out[a:b]
                for link, args in calls:
                    if link is None:
                        self.program(src, dst, *args)
                        src = dst
                        continue
                    args[link.position] = src
                    if link.ufunc in extremum.EXTREMA and link.n_args == 2:
                        position = link.position
                        if extremum.with_scalar(link.ufunc, src, args[1 - position], dst, position == 1) is None:
                            link.ufunc(*args, out=dst)
                    elif link.ufunc is not None:
                        link.ufunc(*args, out=dst)
                    else:
                        link.kernel(np, *args, out=dst, **link.attrs)
                    src = dst


def find_chains(steps, fetch_slots):
    """Groups of steps forming elementwise chains: a list of (steps, positions)."""
    readers = {}
    for step in steps:
        for s in step.ins:
            readers[s] = readers.get(s, 0) + 1
    for s in fetch_slots:
        readers[s] = readers.get(s, 0) + 2
    consumer = {}
    for step in steps:
        for s in step.ins:
            consumer.setdefault(s, step)
    chains, claimed = [], set()
    for step in steps:
        if id(step) in claimed:
            continue
        first = _chain_position(step)
        if first is None:
            continue
        chain, positions = [step], [first]
        while readers.get(chain[-1].outs[0]) == 1:
            nxt = consumer.get(chain[-1].outs[0])
            if nxt is None or id(nxt) in claimed:
                break
            pos = _chain_position(nxt, chain[-1].outs[0])
            if pos is None:
                break
            chain.append(nxt)
            positions.append(pos)
        if len(chain) >= MIN_LINKS:
            chains.append((chain, positions))
            claimed.update(id(s) for s in chain)
    return chains


def _chain_position(step, through=None):
    """The input index carrying the chain value, or None if the step cannot be a link."""
    op = step.op
    opdef = op._opdef
    if not (opdef.elementwise and opdef.out_arg) or step.special or len(step.outs) != 1:
        return None
    if getattr(step.device, "device_type", "CPU") != "CPU" or getattr(step.device, "tracks_memory", False):
        return None
    out = op._outputs[0]
    if np.dtype(out.dtype.as_numpy_dtype) not in _FLOATS or out.shape.ndims in (None, 0):
        return None
    positions = []
    for k, t in enumerate(op._inputs):
        if t.dtype.base_dtype != out.dtype.base_dtype:
            return None
        if t.shape.ndims == 0:
            continue  # a scalar side input
        if not out.shape.is_compatible_with(t.shape) or t.shape.ndims != out.shape.ndims:
            return None  # broadcasting inside a block would be wrong
        positions.append(k)
    if len(positions) != 1:
        return None
    if through is not None and step.ins[positions[0]] != through:
        return None
    return positions[0]
