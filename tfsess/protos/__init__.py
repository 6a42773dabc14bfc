"""TensorFlow's protocol buffer messages (package `tensorflow`), generated from the .proto files here.

The *_pb2 modules need the `protobuf` package (pip install 'tfsess[io]'); nothing in `import tfsess`
imports them. They live in their own descriptor pool (_pool.POOL), so a process may also import
TensorFlow's own *_pb2 modules, which declare the same message names, without a clash. Regenerate
them with `python tfsess/protos/regenerate.py`.
"""

try:  # every *_pb2 module here needs it: one clear message instead of a bare "No module named 'google'"
    import google.protobuf  # noqa: F401  optional dependency: protobuf
except ImportError:
    raise ImportError("TensorFlow's messages (GraphDefs, event files, checkpoints, tf.train.Example...) need "
                      "the protobuf package: pip install 'tfsess[io]' (or pip install protobuf)") from None
