"""The tf.saved_model namespace (TF 1.x's tf.compat.v1.saved_model): re-exports of the SavedModel modules."""
from tfsess.saved_model import (builder, constants, loader, main_op, signature_constants,  # noqa: F401
                                signature_def_utils, tag_constants, utils)
from tfsess.saved_model.builder import *  # noqa: F401,F403
from tfsess.saved_model.constants import *  # noqa: F401,F403
from tfsess.saved_model.loader import *  # noqa: F401,F403
from tfsess.saved_model.main_op import main_op_with_restore  # noqa: F401
from tfsess.saved_model.signature_constants import *  # noqa: F401,F403
from tfsess.saved_model.signature_def_utils import *  # noqa: F401,F403
from tfsess.saved_model.tag_constants import *  # noqa: F401,F403
from tfsess.saved_model.utils import *  # noqa: F401,F403
from tfsess.saved_model.loader import maybe_saved_model_directory as contains_saved_model  # noqa: F401
from tfsess.saved_model import experimental  # noqa: F401,E402
from tfsess.saved_model.object_save import *  # noqa: F401,F403,E402
from tfsess.saved_model.save_options import *  # noqa: F401,F403,E402
from tfsess.saved_model.trackable_assets import *  # noqa: F401,F403,E402
