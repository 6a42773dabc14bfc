"""The tf.test namespace: TestCase, main, the gradient checker, device queries, Benchmark."""
from tfsess.testing.benchmark import *  # noqa: F401,F403
from tfsess.testing.devices import *  # noqa: F401,F403
from tfsess.testing.gradient_checker import *  # noqa: F401,F403
from tfsess.testing.test_case import *  # noqa: F401,F403
from tfsess.testing.graph_equality import *  # noqa: F401,F403
from tfsess.testing.test_helpers import *  # noqa: F401,F403
from tfsess.testing.build_targets import *  # noqa: F401,F403
from tfsess.train.server_lib import create_local_cluster  # noqa: F401
from tfsess import test_experimental as experimental  # noqa: F401,E402
