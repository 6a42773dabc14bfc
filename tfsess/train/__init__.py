"""The tf.train namespace: re-exports of the training, input and checkpoint modules."""
from tfsess.train.checkpoint import *  # noqa: F401,F403
from tfsess.train.checkpoint_format import *  # noqa: F401,F403
from tfsess.train.checkpoint_manager import *  # noqa: F401,F403
from tfsess.train.checkpoint_management import *  # noqa: F401,F403
from tfsess.train.checkpoint_utils import *  # noqa: F401,F403
from tfsess.train.warm_starting_util import *  # noqa: F401,F403
from tfsess.train.coordinator import *  # noqa: F401,F403
from tfsess.train.graph_io import *  # noqa: F401,F403
from tfsess.train.input import *  # noqa: F401,F403
from tfsess.train.meta_graph import *  # noqa: F401,F403
from tfsess.train.meta_graph_import import *  # noqa: F401,F403
from tfsess.train.moving_averages import *  # noqa: F401,F403
from tfsess.train.session_run_hook import *  # noqa: F401,F403
from tfsess.train.basic_session_run_hooks import *  # noqa: F401,F403
from tfsess.train.session_manager import *  # noqa: F401,F403
from tfsess.train.monitored_session import *  # noqa: F401,F403
from tfsess.train.optimizers import *  # noqa: F401,F403
from tfsess.train.supervisor import *  # noqa: F401,F403
from tfsess.train.sync_replicas import *  # noqa: F401,F403
from tfsess.train.basic_loops import *  # noqa: F401,F403
from tfsess.train.profiler_hook import *  # noqa: F401,F403
from tfsess.train.ftrl import *  # noqa: F401,F403
from tfsess.train.proximal import *  # noqa: F401,F403
from tfsess.train.queue_runner import *  # noqa: F401,F403
from tfsess.train.saver import *  # noqa: F401,F403
from tfsess.train.training_util import *  # noqa: F401,F403
from tfsess.train import experimental  # noqa: F401
from tfsess.distributed.cluster import *  # noqa: F401,F403
from tfsess.summary.summary_iterator import summary_iterator  # noqa: F401,E402
from tfsess.train.training_util import piecewise_constant as piecewise_constant_decay  # noqa: F401,E402
from tfsess.ops.sdca_ops import *  # noqa: F401,F403,E402
from tfsess.train.server_lib import *  # noqa: F401,F403,E402
from tfsess.ops.sdca_optimizer_ops import sdca_optimizer  # noqa: F401,E402

_EXAMPLE_PROTOS = {"Example": "example_pb2", "SequenceExample": "example_pb2", "BytesList": "feature_pb2",
                   "Feature": "feature_pb2", "FeatureList": "feature_pb2", "FeatureLists": "feature_pb2",
                   "Features": "feature_pb2", "FloatList": "feature_pb2", "Int64List": "feature_pb2"}


def __getattr__(name):
    """tf.train.Example, Features, Feature, ...: proto classes loaded on first use (protobuf is optional)."""
    if name in _EXAMPLE_PROTOS:
        from tfsess.protos import example_pb2, feature_pb2  # optional dependency: protobuf
        return getattr(example_pb2 if _EXAMPLE_PROTOS[name] == "example_pb2" else feature_pb2, name)
    raise AttributeError(f"module 'tfsess.train' has no attribute '{name}'")
