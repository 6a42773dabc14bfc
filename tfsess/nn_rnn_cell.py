"""The tf.nn.rnn_cell namespace (tensorflow.compat.v1.nn.rnn_cell)."""
from tfsess.ops.rnn_cell_impl import *  # noqa: F401,F403
from tfsess.ops.rnn_cell_wrappers import *  # noqa: F401,F403
