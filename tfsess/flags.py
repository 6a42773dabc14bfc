"""The tf.flags namespace (also tf.app.flags): absl.flags, read through on first use."""
from tfsess.platform.flags import __dir__, __getattr__  # noqa: F401
