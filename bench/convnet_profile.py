#!/usr/bin/env python3
"""Where the convnet training step (bench/convnet.py) spends its time, op by op.

    python bench/convnet_profile.py [runs] [--threads N]

Runs the step's plan one step at a time in this thread with the BLAS pool capped at N threads
(default 1) and prints, per op, the median CPU time of this process (every thread: kernels may
split their work) and the median wall time: CPU time barely moves when other processes share the
cores, so it is the figure to compare between two versions on a busy machine. The last lines are the whole step run as a session runs
it (wall and process CPU time) and the NumPy floor.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time

import threadpoolctl  # a dependency of the benchmarks only

from convnet import build_convnet_train_step, numpy_convnet_train_step
from tfsess.runtime.executor import run_special
from tfsess.runtime.plan_compiler import call_inplace


def _session_plan(step):
    """(the largest Plan, a run context) of the session behind a `step()` of build_convnet_train_step."""
    sess = next(c.cell_contents for c in step.__closure__ if hasattr(c.cell_contents, "run"))
    runtime = sess._runtime
    return max(runtime._plans.values(), key=lambda plan: len(plan.steps)), runtime._context(None, sess)


def _run_step(step, vals, ctx):
    if step.special:
        run_special(step, vals, ctx)
    else:
        args = [vals[i] for i in step.ins]
        out = call_inplace(step, args) if step.inplace is not None else step.kernel(step.xp, *args, **step.attrs)
        if len(step.outs) == 1:
            vals[step.outs[0]] = out
        else:
            for s, v in zip(step.outs, out):
                vals[s] = v
    for s in step.free:
        vals[s] = None


def profile_plan(plan, ctx, runs):
    """{op name: ([cpu seconds], [wall seconds])} over `runs` sequential runs of `plan`'s steps."""
    times = {}
    for _ in range(runs):
        vals = plan.template.copy()
        for step in plan.steps:
            cpu, wall = time.process_time(), time.perf_counter()
            _run_step(step, vals, ctx)
            record = times.setdefault(f"{step.op.type:28s} {step.op.name}", ([], []))
            record[0].append(time.process_time() - cpu)
            record[1].append(time.perf_counter() - wall)
    return times


def _median_step(step, runs):
    walls, cpus = [], []
    for _ in range(runs):
        cpu, wall = time.process_time(), time.perf_counter()
        step()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return statistics.median(walls), statistics.median(cpus)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="?", type=int, default=20)
    parser.add_argument("--threads", type=int, default=1, help="BLAS threads while the ops are timed")
    args = parser.parse_args(argv)
    step = build_convnet_train_step()
    for _ in range(5):
        step()
    plan, ctx = _session_plan(step)
    with threadpoolctl.threadpool_limits(args.threads):
        times = profile_plan(plan, ctx, args.runs)
    rows = sorted(((statistics.median(c), statistics.median(w), name) for name, (c, w) in times.items()),
                  reverse=True)
    print(f"{'cpu ms':>8} {'wall ms':>8}  op")
    for cpu, wall, name in rows:
        if wall >= 20e-6:
            print(f"{cpu * 1e3:8.3f} {wall * 1e3:8.3f}  {name}")
    print(f"{sum(r[0] for r in rows) * 1e3:8.3f} {sum(r[1] for r in rows) * 1e3:8.3f}  all ops, one after another")
    floor = numpy_convnet_train_step()
    for label, fn in (("session step", step), ("numpy floor", floor)):
        fn()
        wall, cpu = _median_step(fn, args.runs)
        print(f"{label}: wall {wall * 1e3:.2f} ms, process cpu {cpu * 1e3:.2f} ms", file=sys.stdout)


if __name__ == "__main__":
    main()
