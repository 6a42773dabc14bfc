"""tf.version and the version constants of tf.*: the TensorFlow API and GraphDef versions tfsess follows.

tfsess writes GraphDefs and MetaGraphDefs as TF 2.21 does (tensorflow/core/public/version.h), so
the GraphDef versions are TF 2.21's; VERSION is the TensorFlow API version tfsess implements.
"""
from __future__ import annotations

import platform

GRAPH_DEF_VERSION = 2474
GRAPH_DEF_VERSION_MIN_CONSUMER = 0
GRAPH_DEF_VERSION_MIN_PRODUCER = 0
VERSION = "2.21.0"
GIT_VERSION = "unknown"  # tfsess is no build of TensorFlow's sources
COMPILER_VERSION = platform.python_compiler()  # tfsess is Python: the compiler of this interpreter

__all__ = ["COMPILER_VERSION", "GIT_VERSION", "GRAPH_DEF_VERSION", "GRAPH_DEF_VERSION_MIN_CONSUMER",
           "GRAPH_DEF_VERSION_MIN_PRODUCER", "VERSION"]
