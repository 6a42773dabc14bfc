#!/usr/bin/env python3
"""A/B of the convnet training step's ops in one process: the same plan profiled with a change off
(A) and on (B), alternating, so both see the same load.

    python bench/convnet_ab.py CHANGE [rounds] [runs]

CHANGE names a switch of SWITCHES (below): a function that turns the change off and returns the
function that turns it on again. Prints per op the median CPU time of A and of B over every
round (BLAS on one thread), then both steps' sums and their ratio B / A.
"""
from __future__ import annotations

import argparse
import statistics

import threadpoolctl  # a dependency of the benchmarks only

from convnet import build_convnet_train_step
from convnet_profile import _session_plan, profile_plan


def _patch(module, name, value):
    old = getattr(module, name)
    setattr(module, name, value)
    return lambda: setattr(module, name, old)


def _no_spectrum_memo():
    from tfsess.ops import spectrum_memo
    return _patch(spectrum_memo, "lookup", lambda values, positions: None)


def _no_halving_loops():
    from tfsess.lib import pool_loops
    return _patch(pool_loops, "_halving", lambda geo: False)


def _none_of_them():
    restores = [switch() for switch in (_no_spectrum_memo, _no_halving_loops)]
    return lambda: [restore() for restore in restores]


SWITCHES = {"spectrum_memo": _no_spectrum_memo, "halving_pool": _no_halving_loops, "all": _none_of_them}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("change", choices=sorted(SWITCHES))
    parser.add_argument("rounds", nargs="?", type=int, default=6)
    parser.add_argument("runs", nargs="?", type=int, default=5)
    args = parser.parse_args(argv)
    step = build_convnet_train_step()
    for _ in range(5):
        step()
    plan, ctx = _session_plan(step)
    times = {"A": {}, "B": {}}
    with threadpoolctl.threadpool_limits(1):
        for _ in range(args.rounds):
            for label in ("A", "B"):
                restore = SWITCHES[args.change]() if label == "A" else None
                try:
                    for name, (cpu, _) in profile_plan(plan, ctx, args.runs).items():
                        times[label].setdefault(name, []).extend(cpu)
                finally:
                    if restore is not None:
                        restore()
    medians = {label: {name: statistics.median(v) for name, v in found.items()} for label, found in times.items()}
    print(f"{'A ms':>8} {'B ms':>8} {'B/A':>6}  op")
    for name in sorted(medians["A"], key=lambda k: -medians["A"][k]):
        a, b = medians["A"][name], medians["B"][name]
        if a >= 20e-6:
            print(f"{a * 1e3:8.3f} {b * 1e3:8.3f} {b / a:6.2f}  {name}")
    total_a, total_b = sum(medians["A"].values()), sum(medians["B"].values())
    print(f"{total_a * 1e3:8.3f} {total_b * 1e3:8.3f} {total_b / total_a:6.2f}  all ops, one after another")


if __name__ == "__main__":
    main()
