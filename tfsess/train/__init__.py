"""The tf.train namespace: re-exports of the training, input and checkpoint modules."""
from tfsess.train.checkpoint_format import *  # noqa: F401,F403
from tfsess.train.checkpoint_management import *  # noqa: F401,F403
from tfsess.train.coordinator import *  # noqa: F401,F403
from tfsess.train.input import *  # noqa: F401,F403
from tfsess.train.moving_averages import *  # noqa: F401,F403
from tfsess.train.session_run_hook import *  # noqa: F401,F403
from tfsess.train.basic_session_run_hooks import *  # noqa: F401,F403
from tfsess.train.session_manager import *  # noqa: F401,F403
from tfsess.train.monitored_session import *  # noqa: F401,F403
from tfsess.train.graph_io import *  # noqa: F401,F403
from tfsess.train.optimizers import *  # noqa: F401,F403
from tfsess.train.queue_runner import *  # noqa: F401,F403
from tfsess.train.saver import *  # noqa: F401,F403
from tfsess.train.training_util import *  # noqa: F401,F403
from tfsess.distributed.cluster import *  # noqa: F401,F403
from tfsess.summary.summary_iterator import summary_iterator  # noqa: F401,E402
