"""The tf.image namespace."""
from tfsess.ops.image_codec import *  # noqa: F401,F403
from tfsess.ops.image_ops import *  # noqa: F401,F403
from tfsess.ops.image_resize import *  # noqa: F401,F403
from tfsess.ops.image_resize import resize_images as resize  # noqa: F401
