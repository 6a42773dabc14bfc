"""tf.version: the TensorFlow API and GraphDef versions tfsess follows."""
from tfsess.framework.versions import *  # noqa: F401,F403
