"""The tf.image namespace."""
from tfsess.ops.image_boxes import *  # noqa: F401,F403
from tfsess.ops.image_codec import *  # noqa: F401,F403
from tfsess.ops.image_color import *  # noqa: F401,F403
from tfsess.ops.image_crop import *  # noqa: F401,F403
from tfsess.ops.image_decode import *  # noqa: F401,F403
from tfsess.ops.image_decoders2 import *  # noqa: F401,F403
from tfsess.ops.image_nms import *  # noqa: F401,F403
from tfsess.ops.image_ops import *  # noqa: F401,F403
from tfsess.ops.image_quality import *  # noqa: F401,F403
from tfsess.ops.image_resize import *  # noqa: F401,F403
from tfsess.ops.image_resize import resize_images as resize  # noqa: F401
from tfsess.ops.image_ops import resize_image_with_crop_or_pad as resize_with_crop_or_pad  # noqa: F401
from tfsess.ops.image_ops import transpose_image as transpose  # noqa: F401
