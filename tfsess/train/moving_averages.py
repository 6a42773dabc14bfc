"""tf.train.ExponentialMovingAverage: shadow variables that track an exponential moving average.

`apply(var_list)` creates one non-trainable shadow per variable, named `<var>/<ema name>` and
starting at the variable's value (tensors get a zero shadow), and returns an op that moves every
shadow: shadow -= (1 - decay) * (shadow - value). With `num_updates`, the decay used is
min(decay, (1 + num_updates) / (10 + num_updates)), as in TF.
"""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.graph_api import add_to_collection, name_scope
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.ops import control_flow_ops, math_ops, state_ops, variable_scope as vs
from tfsess.ops.cond_ops import cond
from tfsess.ops.resource_variable import is_resource_variable
from tfsess.ops.variables import GraphKeys, RefVariable, global_variables, moving_average_variables, \
    trainable_variables
from tfsess.train.optimizer import create_zeros_slot, filled_initializer

_FLOAT_DTYPES = (dtypes.float16, dtypes.float32, dtypes.float64)


def _zero_debias(unbiased_var, value, decay):
    """Assigns the debiased average: a biased EMA divided by 1 - decay**steps (decay here is 1 - TF's decay)."""
    with vs.variable_scope(unbiased_var.op.name, values=[unbiased_var, value, decay]):
        biased = vs.get_variable("biased", shape=unbiased_var.get_shape(), dtype=unbiased_var.dtype.base_dtype,
                                 initializer=filled_initializer("zeros"), trainable=False)
        local_step = vs.get_variable("local_step", shape=[], dtype=unbiased_var.dtype.base_dtype,
                                     initializer=filled_initializer("zeros"), trainable=False)
        update_biased = state_ops.assign_sub(biased, (biased - value) * decay)
        update_step = state_ops.assign_add(local_step, 1.0)
        bias_factor = 1 - math_ops.pow(1.0 - decay, update_step)
        graph = unbiased_var.graph
        return state_ops.assign(unbiased_var, update_biased / bias_factor, name=graph.get_name_scope() + "/")


def assign_moving_average(variable, value, decay, zero_debias=True, name=None):
    """variable -= (1 - decay) * (variable - value); returns the updated value.

    With zero_debias (meant for zero-initialized averages) the result is divided by
    1 - decay**steps through two extra variables `<variable>/biased` and `<variable>/local_step`.
    """
    with op_scope(name, "AssignMovingAvg", [variable, value, decay]) as scope:
        decay = convert_to_tensor(1.0 - convert_to_tensor(decay), name="decay")
        if decay.dtype != variable.dtype.base_dtype:
            decay = math_ops.cast(decay, variable.dtype.base_dtype)
        if zero_debias:
            return _zero_debias(variable, value, decay)
        return state_ops.assign_sub(variable, (variable - value) * decay, name=scope)


class ExponentialMovingAverage:
    """Maintains moving averages of variables or tensors (tf.train.ExponentialMovingAverage)."""

    def __init__(self, decay, num_updates=None, zero_debias=False, name="ExponentialMovingAverage"):
        """Args:
          decay: the decay (a float or a scalar tensor), typically close to 1.
          num_updates: optional step count; it lowers the decay early in training.
          zero_debias: debias the averages of tensors (never of variables).
          name: the shadows' suffix and the apply op's name.
        """
        self._decay = decay
        self._num_updates = num_updates
        self._zero_debias = zero_debias
        self._name = name
        self._averages = {}

    @property
    def name(self):
        return self._name

    def _create_shadow(self, var):
        graph = var.graph
        with graph.as_default(), graph.control_dependencies(None):
            if isinstance(var, RefVariable):
                # TF's initialized value, as a resource variable has no initialized_value()
                start = cond(state_ops.is_variable_initialized(var), var.read_value, lambda: var.initial_value)
                with vs.variable_scope(None, default_name=var.op.name + "/" + self._name):
                    with graph.colocate_with(var.op):
                        avg = vs.get_variable("", initializer=start, trainable=False,
                                              validate_shape=start.get_shape().is_fully_defined(),
                                              use_resource=is_resource_variable(var))
                add_to_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, var)
                return avg, False
            avg = create_zeros_slot(var, self._name,
                                    colocate_with_primary=var.op.type in ("Variable", "VariableV2", "VarHandleOp"))
            return avg, self._zero_debias

    def apply(self, var_list=None):
        """Creates missing shadows and returns the op (a NoOp named after the EMA) that updates them all.

        Args:
          var_list: variables or tensors of a float dtype (default tf.trainable_variables()).

        Raises:
          TypeError: an element that is not half, float or double.
        """
        var_list = trainable_variables() if var_list is None else list(var_list)
        debiased = set()
        for var in var_list:
            if var.dtype.base_dtype not in _FLOAT_DTYPES:
                raise TypeError(f"The variables must be half, float, or double: {var.name}")
            if var not in self._averages:
                avg, zero_debias = self._create_shadow(var)
                self._averages[var] = avg
                if zero_debias:
                    debiased.add(avg)
        with name_scope(self._name) as scope:
            decay = convert_to_tensor(self._decay, dtype=dtypes.float32, name="decay")
            if self._num_updates is not None:
                num_updates = math_ops.cast(self._num_updates, dtypes.float32, name="num_updates")
                decay = math_ops.minimum(decay, (1.0 + num_updates) / (10.0 + num_updates))
            updates = [assign_moving_average(self._averages[var], var, decay, self._averages[var] in debiased)
                       for var in var_list]
            return control_flow_ops.group(*updates, name=scope)

    def average(self, var):
        """The shadow variable of `var`, or None if `var` is not averaged."""
        return self._averages.get(var)

    def average_name(self, var):
        """The name the shadow of `var` has (or would have), as the Saver sees it."""
        if var in self._averages:
            return self._averages[var].op.name
        return var.graph.unique_name(var.op.name + "/" + self._name, mark_as_used=False)

    def variables_to_restore(self, moving_avg_variables=None):
        """{checkpoint name: variable} that restores each averaged variable from its shadow.

        Every other global variable maps from its own name, so a Saver built on this map restores
        a whole model with the averages in place of the trained values.
        """
        if moving_avg_variables is None:
            moving_avg_variables = trainable_variables() + moving_average_variables()
        averaged = list(dict.fromkeys(moving_avg_variables))
        name_map = {self.average_name(v): v for v in averaged}
        averaged_names = {v.name for v in averaged}
        for v in global_variables():
            if v.name not in averaged_names and v.op.name not in name_map:
                name_map[v.op.name] = v
        return name_map


__all__ = ["ExponentialMovingAverage"]
