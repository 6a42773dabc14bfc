"""How many BLAS threads a session without `intra_op_parallelism_threads` gives each plan, learned from its runs.

NumPy's OpenBLAS splits every large matmul over all cores and its threads spin-wait for each
other. On a quiet machine that is the fastest choice; when other processes hold the cores it is
the slowest by far: a thread that lost its core stalls every split call until the scheduler gives
the core back (a 256x784x512 matmul took 24 ms on two threads against 2 ms on one, with other
work on both cores). TF's pools block instead of spinning and degrade gently.

So for each plan with BLAS work (`BLAS_OP_TYPES`), its runs are timed under the thread count in
use; now and then one run tries the other candidate (one thread, or all of them), and the plan
keeps whichever ran faster. A plan whose independent branches may run at once (runtime/parallel_plan.py)
weighs its steps one after another on every thread against its branches at once on one thread each
(several branches each splitting their GEMMs over every core would make the threads spin against
each other). Probes back off while they keep confirming the choice, so on a quiet
machine they cost well under 1% of the run time, and on a loaded one the plan drops to one thread
within a few runs. The counts themselves are set through `BLAS_LIMITS`, which sessions with a
configured limit also use: a configured limit always wins over what is learned here.
"""
from __future__ import annotations

BLAS_OP_TYPES = frozenset({
    "MatMul", "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3", "SparseMatMul", "Einsum",
    "Conv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter", "Conv3D", "Conv3DBackpropInputV2",
    "Conv3DBackpropFilterV2", "DepthwiseConv2dNative", "DepthwiseConv2dNativeBackpropInput",
    "DepthwiseConv2dNativeBackpropFilter", "FusedConv2DBiasActivation", "BlockLSTM", "BlockLSTMV2",
    "BlockLSTMGrad", "BlockLSTMGradV2", "LSTMBlockCell", "LSTMBlockCellGrad", "GRUBlockCell",
    "GRUBlockCellGrad", "MatrixInverse", "MatrixSolve", "MatrixSolveLs", "Cholesky", "Qr", "Svd",
    "SelfAdjointEigV2", "MatrixDeterminant", "LogMatrixDeterminant", "MatrixTriangularSolve",
})
MIN_GOVERNED_SECONDS = 5e-4   # quicker runs: BLAS keeps one thread for small products anyway
FIRST_PROBE_RUN = 3           # the third run is the first compiled one: try the other count then
PROBE_EVERY_SECONDS = 0.5     # run time between probes at first...
MAX_PROBE_EVERY_SECONDS = 8.0  # ...doubling while probes confirm the choice, up to this
SWITCH_BELOW = 0.8            # a probe must beat the current count's typical time by 20% to switch
SMOOTHING = 0.25              # weight of a new run time in a count's running average


def uses_blas(plan) -> bool:
    """Whether some step of `plan` is a BLAS-backed op (its runs are worth governing)."""
    return any(step.op is not None and step.op.type in BLAS_OP_TYPES for step in plan.steps)


class PlanThreads:
    """One plan's running averages of its run time per BLAS thread count, and the count it uses now."""

    __slots__ = ("candidates", "current", "average", "runs", "since_probe", "probe_every", "probing")

    def __init__(self, max_threads: int):
        self.candidates = (max_threads, 1)
        self.current = max_threads
        self.average = {}          # thread count -> smoothed seconds per run
        self.runs = 0
        self.since_probe = 0.0     # seconds run since the last probe
        self.probe_every = PROBE_EVERY_SECONDS
        self.probing = False

    def threads_for_next_run(self) -> int:
        """The thread count the next run should use: the current one, or the other one as a probe."""
        self.runs += 1
        due = self.runs == FIRST_PROBE_RUN or (self.runs > FIRST_PROBE_RUN and self.since_probe >= self.probe_every)
        self.probing = due and self.current in self.average
        if self.probing:
            return self.other()
        return self.current

    def other(self) -> int:
        return self.candidates[1] if self.current == self.candidates[0] else self.candidates[0]

    def record(self, threads: int, seconds: float) -> None:
        """Takes the time of a run made with `threads`; switches counts when a probe wins clearly."""
        if not self.probing:
            self.since_probe += seconds
            old = self.average.get(threads)
            self.average[threads] = seconds if old is None else old + SMOOTHING * (seconds - old)
            return
        self.probing, self.since_probe = False, 0.0
        self.average[threads] = seconds
        if seconds < SWITCH_BELOW * self.average[self.current]:
            self.current, self.probe_every = threads, PROBE_EVERY_SECONDS
        else:
            self.probe_every = min(2 * self.probe_every, MAX_PROBE_EVERY_SECONDS)

    @property
    def worth_governing(self) -> bool:
        """False once the plan's runs prove too quick for the thread count to matter."""
        typical = self.average.get(self.current)
        return typical is None or typical >= MIN_GOVERNED_SECONDS

