"""The tf.flags namespace (also tf.app.flags): command-line flags."""
from tfsess.platform.flags import *  # noqa: F401,F403
