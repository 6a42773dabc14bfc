"""The tf.losses namespace."""
from tfsess.ops.losses_impl import *  # noqa: F401,F403
from tfsess.ops.pairwise_loss import mean_pairwise_squared_error  # noqa: F401
