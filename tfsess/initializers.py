"""The tf.initializers namespace: the initializer classes under their short names, and the
variable-initializing ops (tf.initializers.global_variables() is tf.global_variables_initializer())."""
from tfsess.framework.graph import get_default_graph
from tfsess.ops import control_flow_ops
from tfsess.ops.init_ops import (Constant as constant, GlorotNormal as glorot_normal,  # noqa: N813
                                 GlorotUniform as glorot_uniform, Identity as identity, Ones as ones,
                                 Orthogonal as orthogonal, RandomNormal as random_normal,
                                 RandomUniform as random_uniform, TruncatedNormal as truncated_normal,
                                 UniformUnitScaling as uniform_unit_scaling, VarianceScaling as variance_scaling,
                                 Zeros as zeros, he_normal, he_uniform, lecun_normal, lecun_uniform)
from tfsess.ops.variables import (global_variables_initializer as global_variables,
                                  local_variables_initializer as local_variables,
                                  variables_initializer as variables)
from tfsess.ops.variables import GraphKeys


def tables_initializer(name="init_all_tables"):
    """An op that runs every table initializer of the graph (a no_op when there is none)."""
    initializers = get_default_graph().get_collection(GraphKeys.TABLE_INITIALIZERS)
    if initializers:
        return control_flow_ops.group(*initializers, name=name)
    return control_flow_ops.no_op(name=name)


__all__ = [
    "constant",
    "glorot_normal",
    "glorot_uniform",
    "global_variables",
    "he_normal",
    "he_uniform",
    "identity",
    "lecun_normal",
    "lecun_uniform",
    "local_variables",
    "ones",
    "orthogonal",
    "random_normal",
    "random_uniform",
    "tables_initializer",
    "truncated_normal",
    "uniform_unit_scaling",
    "variables",
    "variance_scaling",
    "zeros",
]
