"""How many BLAS threads a session without `intra_op_parallelism_threads` gives each plan, learned from its runs.

NumPy's OpenBLAS splits every large matmul over all cores and its threads spin-wait for each
other. On a quiet machine that is the fastest choice; when other processes hold the cores it is
the slowest by far: a thread that lost its core stalls every split call until the scheduler gives
the core back (a 256x784x512 matmul took 24 ms on two threads against 2 ms on one, with other
work on both cores). TF's pools block instead of spinning and degrade gently.

So for each plan with BLAS work (`BLAS_OP_TYPES`), its runs are timed under the thread count in
use; now and then a few runs in a row try the other candidate (one thread, or all of them), and
the plan keeps the count whose best run was faster. A plan whose independent branches may run at once (runtime/parallel_plan.py)
weighs its steps one after another on every thread against its branches at once on one thread each
(several branches each splitting their GEMMs over every core would make the threads spin against
each other). Probes back off while they keep confirming the choice, so on a quiet
machine they cost well under 1% of the run time; when three runs in a row come out much slower
than before (load arrived), the next runs probe at once, so a loaded plan drops to one thread
within about ten runs. The counts themselves are set through `BLAS_LIMITS`, which sessions with a
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
WARMUP_RUNS = 2               # the first runs interpret the plan (slower): not counted
FIRST_PROBE_RUN = 6           # after three compiled runs on the first count, try the other one
PROBE_RUNS = 3                # a probe is this many runs in a row on the other count
RECENT_RUNS = 8               # the current count is judged by its best recent run
PROBE_EVERY_SECONDS = 0.5     # run time between probes at first...
MAX_PROBE_EVERY_SECONDS = 8.0  # ...doubling while probes confirm the choice, up to this
SLOWDOWN = 1.5               # three runs in a row this much slower than the best before them: probe now
SWITCH_BELOW = 0.8            # the probe's best run must beat the current count's best recent run by 20%


def uses_blas(plan) -> bool:
    """Whether some step of `plan` is a BLAS-backed op (its runs are worth governing)."""
    return any(step.op is not None and step.op.type in BLAS_OP_TYPES for step in plan.steps)


class PlanThreads:
    """One plan's recent run times on the BLAS thread count it uses now, and its probes of the other count.

    Counts are compared by their best runs (a few slow runs, a page fault or a scheduler hiccup,
    must not move a plan off a count that is faster when nothing disturbs it); under real load
    every run of the spinning count is slow, its best one too.
    """

    __slots__ = ("candidates", "current", "recent", "runs", "since_probe", "probe_every", "probe_left", "probed")

    def __init__(self, max_threads: int):
        self.candidates = (max_threads, 1)
        self.current = max_threads
        self.recent = []           # seconds of the latest RECENT_RUNS runs on `current`
        self.runs = 0
        self.since_probe = 0.0     # seconds run since the last probe
        self.probe_every = PROBE_EVERY_SECONDS
        self.probe_left = 0        # runs of the probe in progress still to make
        self.probed = []           # seconds of its runs so far

    def threads_for_next_run(self) -> int:
        """The thread count the next run should use: the current one, or the other one while probing."""
        self.runs += 1
        if not self.probe_left and self.recent and self.runs >= FIRST_PROBE_RUN:
            if self._slowed_down():
                self.recent = self.recent[-3:]  # the count is what it does under the new load
            elif self.runs > FIRST_PROBE_RUN and self.since_probe < self.probe_every:
                return self.current
            self.probe_left, self.probed = PROBE_RUNS, []
        return self.other() if self.probe_left else self.current

    def _slowed_down(self) -> bool:
        """Whether the last three runs were all much slower than the best before them (load came)."""
        recent = self.recent
        return len(recent) >= 6 and min(recent[-3:]) > SLOWDOWN * min(recent[:-3])

    def other(self) -> int:
        return self.candidates[1] if self.current == self.candidates[0] else self.candidates[0]

    def record(self, threads: int, seconds: float) -> None:
        """Takes the time of a run made with `threads`; after a probe's last run, keeps the faster count."""
        if self.probe_left and threads != self.current:
            self.probed.append(seconds)
            self.probe_left -= 1
            if not self.probe_left:
                self._decide(threads)
            return
        if threads != self.current or self.runs <= WARMUP_RUNS:
            return  # a run that started before a switch, or one that interpreted the plan
        self.since_probe += seconds
        self.recent = self.recent[-(RECENT_RUNS - 1):] + [seconds]

    def _decide(self, probed_threads: int) -> None:
        self.since_probe = 0.0
        if min(self.probed) < SWITCH_BELOW * min(self.recent):
            self.current, self.recent, self.probe_every = probed_threads, self.probed, PROBE_EVERY_SECONDS
        else:
            self.probe_every = min(2 * self.probe_every, MAX_PROBE_EVERY_SECONDS)
            self.recent = self.recent[-1:]  # judge the count by what it does from now on

    @property
    def worth_governing(self) -> bool:
        """False once the plan's runs prove too quick for the thread count to matter."""
        return not self.recent or min(self.recent) >= MIN_GOVERNED_SECONDS
