"""The tf.app namespace: tf.app.run and tf.app.flags."""
from tfsess import flags  # noqa: F401
from tfsess.platform.app import run  # noqa: F401
