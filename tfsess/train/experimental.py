"""The tf.train.experimental namespace: re-exports (PythonState; loss scaling; checkpoint sharding)."""
from tfsess.train.loss_scale import *  # noqa: F401,F403
from tfsess.train.trackable import PythonState  # noqa: F401
from tfsess.train.checkpoint_sharding import *  # noqa: F401,F403
