"""The tf.profiler namespace: profile, Profiler, ProfileOptionBuilder and the profile messages."""
from tfsess.client.profile_options import *  # noqa: F401,F403
from tfsess.client.profiler import *  # noqa: F401,F403
from tfsess.client.profiler_protos import *  # noqa: F401,F403
