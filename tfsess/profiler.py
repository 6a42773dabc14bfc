"""The tf.profiler namespace: profile, Profiler, ProfileOptionBuilder, advise, write_op_log and the profile
messages (AdviceProto is TF's protobuf message, loaded on first use: protobuf is optional)."""
from tfsess.client.profile_options import *  # noqa: F401,F403
from tfsess.client.profiler import *  # noqa: F401,F403
from tfsess.client.profiler_advice import *  # noqa: F401,F403
from tfsess.client.profiler_protos import *  # noqa: F401,F403
from tfsess.client.tfprof_protos import tfprof_class as _tfprof_class


def __getattr__(name):
    if name == "AdviceProto":
        return _tfprof_class(name)
    raise AttributeError(f"module 'tfsess.profiler' has no attribute '{name}'")
