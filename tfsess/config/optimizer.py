"""tf.config.optimizer: the JIT level and grappler switches that sessions made without a config carry."""
from tfsess.framework.context_config import get_optimizer_jit as get_jit  # noqa: F401
from tfsess.framework.context_config import optimizer_options as get_experimental_options  # noqa: F401
from tfsess.framework.context_config import set_optimizer_jit as set_jit  # noqa: F401
from tfsess.framework.context_config import update_optimizer_options as set_experimental_options  # noqa: F401
