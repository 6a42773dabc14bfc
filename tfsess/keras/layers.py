"""The tf.keras.layers namespace."""
from tfsess.keras.base_layer import InputSpec, Layer  # noqa: F401
from tfsess.keras.conv_layers import *  # noqa: F401,F403
from tfsess.keras.core_layers import *  # noqa: F401,F403
from tfsess.keras.functional import Input, InputLayer  # noqa: F401
from tfsess.keras.norm_layers import *  # noqa: F401,F403
from tfsess.keras.recurrent import *  # noqa: F401,F403
from tfsess.keras.wrappers import *  # noqa: F401,F403
from tfsess.keras.masking import Masking  # noqa: F401

from tfsess.keras import model_config as _model_config  # noqa: E402

_model_config.register(globals())  # configs name their layers by these classes
