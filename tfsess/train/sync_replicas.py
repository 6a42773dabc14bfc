"""tf.train.SyncReplicasOptimizer: synchronous data-parallel training through shared accumulators.

As in TF: each worker's train op applies its gradients to one ConditionalAccumulator per variable
(stamped with the worker's local step, so stale gradients are dropped) and then waits for a token
on the shared `sync_token_q`. The chief's queue runner takes the mean of `replicas_to_aggregate`
gradients from every accumulator, applies them with the wrapped optimizer (incrementing the
global step) and puts one token per worker, carrying the new global step, back on the queue.
Workers are any sessions sharing the accumulators and queue: threads of one process with one
session, or sessions on one server.
"""
from __future__ import annotations

from tfsess.framework.graph import get_default_graph
from tfsess.framework.graph_api import name_scope
from tfsess.framework.indexed_slices import IndexedSlices
from tfsess.framework.operation import Tensor
from tfsess.ops import constant_op, control_flow_ops, state_ops
from tfsess.ops.accumulator_ops import ConditionalAccumulator, SparseConditionalAccumulator
from tfsess.ops.data_flow_ops import FIFOQueue
from tfsess.ops.variables import GraphKeys, Variable, global_variables, report_uninitialized_variables
from tfsess.train.optimizer import Optimizer
from tfsess.train.queue_runner import QueueRunner
from tfsess.train.session_manager import _ready
from tfsess.train.session_run_hook import SessionRunHook


class SyncReplicasOptimizer(Optimizer):
    """Aggregates the gradients of `replicas_to_aggregate` workers before each update (tf.train.SyncReplicasOptimizer).

    `total_num_replicas` (default `replicas_to_aggregate`) workers may run; more than are aggregated
    gives backup workers, fewer makes each worker contribute several gradients per step.
    """

    def __init__(self, opt, replicas_to_aggregate, total_num_replicas=None, variable_averages=None,
                 variables_to_average=None, use_locking=False, name="sync_replicas"):
        if total_num_replicas is None:
            total_num_replicas = replicas_to_aggregate
        super().__init__(use_locking, name)
        self._opt = opt
        self._replicas_to_aggregate = replicas_to_aggregate
        self._gradients_applied = False
        self._variable_averages = variable_averages
        self._variables_to_average = variables_to_average
        self._total_num_replicas = total_num_replicas
        self._tokens_per_step = max(total_num_replicas, replicas_to_aggregate)
        self._global_step = None
        self._sync_token_queue = None
        self._chief_queue_runner = None
        self._accumulator_list = []

    def compute_gradients(self, *args, **kwargs):
        """The wrapped optimizer's gradients."""
        return self._opt.compute_gradients(*args, **kwargs)

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """The worker's train op: gradients into the accumulators, then a token from the queue into the
        local step. Builds the chief's aggregation (see get_chief_queue_runner) beside it.

        Raises:
            ValueError: no (gradient, variable) pair, no global step, or a gradient of an unknown kind.
        """
        if not grads_and_vars:
            raise ValueError("Must supply at least one variable")
        if global_step is None:
            raise ValueError("Global step is required to check staleness")
        self._global_step = global_step
        graph = get_default_graph()
        train_ops, aggregated_grad, var_list = [], [], []
        local_anchor = control_flow_ops.no_op()
        with graph.colocate_with(local_anchor):
            self._local_step = Variable(0, trainable=False, collections=[GraphKeys.LOCAL_VARIABLES],
                                        dtype=global_step.dtype.base_dtype, name="sync_rep_local_step")
        self.local_step_init_op = state_ops.assign(self._local_step, global_step)
        chief_init_ops = [self.local_step_init_op]
        self.ready_for_local_init_op = report_uninitialized_variables(global_variables())
        with name_scope(None, self._name):
            for grad, var in grads_and_vars:
                var_list.append(var)
                with graph.device(var.device):
                    if grad is None:
                        aggregated_grad.append(None)  # pass-through
                        continue
                    if isinstance(grad, Tensor):
                        grad_accum = ConditionalAccumulator(grad.dtype, shape=var.get_shape(),
                                                            shared_name=var.name + "/grad_accum")
                        train_ops.append(grad_accum.apply_grad(grad, local_step=self._local_step))
                        aggregated_grad.append(grad_accum.take_grad(self._replicas_to_aggregate))
                    elif isinstance(grad, IndexedSlices):
                        grad_accum = SparseConditionalAccumulator(grad.dtype, shape=(),
                                                                  shared_name=var.name + "/grad_accum")
                        train_ops.append(grad_accum.apply_indexed_slices_grad(grad, local_step=self._local_step))
                        aggregated_grad.append(grad_accum.take_indexed_slices_grad(self._replicas_to_aggregate))
                    else:
                        raise ValueError("Unknown grad type!")
                    self._accumulator_list.append((grad_accum, var.device))
            with graph.device(global_step.device), graph.name_scope(""):
                update_op = self._opt.apply_gradients(zip(aggregated_grad, var_list), global_step)
                self._sync_token_queue = FIFOQueue(-1, global_step.dtype.base_dtype, shapes=(),
                                                   name="sync_token_q", shared_name="sync_token_q")
                with graph.control_dependencies(train_ops):
                    token = self._sync_token_queue.dequeue()
                train_op = state_ops.assign(self._local_step, token)
                with graph.control_dependencies([update_op]):
                    tokens = constant_op.fill([self._tokens_per_step], global_step)
                    sync_op = self._sync_token_queue.enqueue_many((tokens,))
                if self._variable_averages is not None:
                    with graph.control_dependencies([sync_op]):
                        sync_op = self._variable_averages.apply(self._variables_to_average)
                self._chief_queue_runner = QueueRunner(self._sync_token_queue, [sync_op])
            for accum, device in self._accumulator_list:
                with graph.device(device):
                    chief_init_ops.append(accum.set_global_step(global_step, name="SetGlobalStep"))
            self.chief_init_op = control_flow_ops.group(*chief_init_ops)
            self._gradients_applied = True
            return train_op

    def get_chief_queue_runner(self):
        """The queue runner that aggregates, updates and hands out tokens (run it on the chief only).

        Raises:
            ValueError: called before apply_gradients.
        """
        if self._gradients_applied is False:
            raise ValueError("Should be called after apply_gradients().")
        return self._chief_queue_runner

    def get_slot(self, *args, **kwargs):
        return self._opt.get_slot(*args, **kwargs)

    def variables(self):
        return self._opt.variables()

    def get_slot_names(self, *args, **kwargs):
        return self._opt.get_slot_names(*args, **kwargs)

    def get_init_tokens_op(self, num_tokens=-1):
        """An op putting `num_tokens` tokens (default replicas_to_aggregate) on the queue, for the first step.

        Raises:
            ValueError: called before apply_gradients, or too few tokens for the first step.
        """
        if self._gradients_applied is False:
            raise ValueError("get_init_tokens_op() should be called after apply_gradients().")
        tokens_needed = self._replicas_to_aggregate - self._total_num_replicas
        if num_tokens == -1:
            num_tokens = self._replicas_to_aggregate
        elif num_tokens < tokens_needed:
            raise ValueError(f"Too few tokens to finish the first step: {num_tokens} (given) vs {tokens_needed} "
                             f"(needed)")
        graph = get_default_graph()
        if num_tokens > 0:
            with graph.device(self._global_step.device), graph.name_scope(""):
                tokens = constant_op.fill([num_tokens], self._global_step)
                return self._sync_token_queue.enqueue_many((tokens,))
        return control_flow_ops.no_op(name="no_init_tokens")

    def make_session_run_hook(self, is_chief, num_tokens=-1):
        """A hook that runs the local init (and, on the chief, the init tokens and the queue runner)."""
        return _SyncReplicasOptimizerHook(self, is_chief, num_tokens)


class _SyncReplicasOptimizerHook(SessionRunHook):
    """Readies a worker's session for SyncReplicasOptimizer once it is created."""

    def __init__(self, sync_optimizer, is_chief, num_tokens):
        self._sync_optimizer = sync_optimizer
        self._is_chief = is_chief
        self._num_tokens = num_tokens

    def begin(self):
        opt = self._sync_optimizer
        if opt._gradients_applied is False:
            raise ValueError("SyncReplicasOptimizer.apply_gradient should be called before using the hook.")
        self._ready_for_local_init_op = opt.ready_for_local_init_op
        if self._is_chief:
            self._local_init_op = opt.chief_init_op
            self._q_runner = opt.get_chief_queue_runner()
            self._init_tokens_op = opt.get_init_tokens_op(self._num_tokens)
        else:
            self._local_init_op = opt.local_step_init_op
            self._q_runner = None
            self._init_tokens_op = None

    def after_create_session(self, session, coord):
        """Runs the local init op (once the model is initialized), the init tokens and the chief's runner.

        Raises:
            RuntimeError: global variables are still uninitialized.
        """
        success, msg = _ready(self._ready_for_local_init_op, session,
                              "Model is not ready for SyncReplicasOptimizer local init.")
        if not success:
            raise RuntimeError(f"Init operations did not make model ready for SyncReplicasOptimizer local_init. "
                               f"Init op: {self._local_init_op.name}, error: {msg}")
        session.run(self._local_init_op)
        if self._init_tokens_op is not None:
            session.run(self._init_tokens_op)
        if self._q_runner is not None:
            self._q_runner.create_threads(session, coord=coord, daemon=True, start=True)


__all__ = ["SyncReplicasOptimizer"]
