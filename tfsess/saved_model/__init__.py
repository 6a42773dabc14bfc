"""The tf.saved_model namespace (TF 1.x's tf.compat.v1.saved_model): re-exports of the SavedModel modules."""
from tfsess.saved_model import (builder, constants, loader, signature_constants, signature_def_utils,  # noqa: F401
                                tag_constants, utils)
from tfsess.saved_model.builder import *  # noqa: F401,F403
from tfsess.saved_model.constants import *  # noqa: F401,F403
from tfsess.saved_model.loader import *  # noqa: F401,F403
from tfsess.saved_model.signature_constants import *  # noqa: F401,F403
from tfsess.saved_model.signature_def_utils import *  # noqa: F401,F403
from tfsess.saved_model.tag_constants import *  # noqa: F401,F403
from tfsess.saved_model.utils import *  # noqa: F401,F403
from tfsess.saved_model.loader import maybe_saved_model_directory as contains_saved_model  # noqa: F401
