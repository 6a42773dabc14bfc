"""The tf.initializers namespace: the initializer classes under their short names, and the
variable-initializing ops (tf.initializers.global_variables() is tf.global_variables_initializer())."""
from tfsess.ops.init_ops import (Constant as constant, GlorotNormal as glorot_normal,  # noqa: N813
                                 GlorotUniform as glorot_uniform, Identity as identity, Ones as ones,
                                 Orthogonal as orthogonal, RandomNormal as random_normal,
                                 RandomUniform as random_uniform, TruncatedNormal as truncated_normal,
                                 UniformUnitScaling as uniform_unit_scaling, VarianceScaling as variance_scaling,
                                 Zeros as zeros, he_normal, he_uniform, lecun_normal, lecun_uniform)
from tfsess.ops.variables import (global_variables_initializer as global_variables,
                                  local_variables_initializer as local_variables, tables_initializer,
                                  variables_initializer as variables)

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
