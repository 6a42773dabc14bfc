"""The tf.layers namespace: TF1's legacy layers, as classes and functions."""
from tfsess.ops.layers_base import *  # noqa: F401,F403
from tfsess.ops.layers_conv import *  # noqa: F401,F403
from tfsess.ops.layers_core import *  # noqa: F401,F403
from tfsess.ops.layers_norm import *  # noqa: F401,F403
from tfsess.ops.layers_conv3d import *  # noqa: F401,F403
from tfsess.ops.input_spec import InputSpec  # noqa: F401
from tfsess import layers_experimental as experimental  # noqa: F401
