"""The descriptor pool of tfsess's *_pb2 modules (their generated code reads POOL from here).

A private pool rather than protobuf's default one: TensorFlow's own modules register the same full
names (tensorflow.Event, ...) under other file names, and the default pool refuses a second
definition of a symbol.
"""
from google.protobuf import any_pb2, descriptor_pool, wrappers_pb2

POOL = descriptor_pool.DescriptorPool()
POOL.AddSerializedFile(any_pb2.DESCRIPTOR.serialized_pb)  # meta_graph.proto imports google/protobuf/any.proto
POOL.AddSerializedFile(wrappers_pb2.DESCRIPTOR.serialized_pb)  # trackable_object_graph.proto imports wrappers.proto
