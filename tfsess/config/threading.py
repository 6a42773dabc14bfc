"""tf.config.threading: the thread counts of sessions made without a ConfigProto."""
from tfsess.framework.context_config import *  # noqa: F401,F403
