"""The tf.train.experimental namespace: re-exports (PythonState; loss scaling)."""
from tfsess.train.loss_scale import *  # noqa: F401,F403
from tfsess.train.trackable import PythonState  # noqa: F401
