"""tfsess: TensorFlow 1.x graph-mode sessions over NumPy. `import tfsess as tf`.

This module only re-exports; it never imports cupy or IPython.
"""
from tfsess.framework import errors
from tfsess.framework.dtypes import (DType, as_dtype, bool, complex64, complex128, double, float16, float32,  # noqa: A004
                                     float64, half, int8, int16, int32, int64, resource, string, uint8, uint16,
                                     uint32, uint64, variant)
from tfsess.framework.dtypes import (QUANTIZED_DTYPES, bfloat16, qint8, qint16, qint32, quint8,  # noqa: F401
                                     quint16)
from tfsess.framework.dtypes import (bool_ref, complex64_ref, complex128_ref, float16_ref, float32_ref,  # noqa: F401
                                     float64_ref, int8_ref, int16_ref, int32_ref, int64_ref, string_ref, uint8_ref)
from tfsess.framework.tensor_shape import Dimension, TensorShape, dimension_value
from tfsess.framework.graph import Graph, get_default_graph, reset_default_graph
from tfsess.framework.operation import Operation, Tensor
from tfsess.framework.op_builder import convert_to_tensor, register_tensor_conversion_function
from tfsess.framework.registry import NoGradient, NotDifferentiable, RegisterGradient
from tfsess.framework.sparse_tensor import SparseTensor, SparseTensorValue
from tfsess.framework.graph_api import (add_to_collection, add_to_collections, colocate_with, container,
                                        control_dependencies, device, get_collection, get_collection_ref,
                                        name_scope, set_random_seed)
from tfsess.ops.constant_op import *  # noqa: F401,F403
from tfsess.ops.array_ops import *  # noqa: F401,F403
from tfsess.ops.stack_ops import *  # noqa: F401,F403
from tfsess.ops.broadcast_ops import *  # noqa: F401,F403
from tfsess.ops.sequence_ops import *  # noqa: F401,F403
from tfsess.ops.indexing_ops import *  # noqa: F401,F403
from tfsess.ops.gather_ops import *  # noqa: F401,F403
from tfsess.ops.math_ops import *  # noqa: F401,F403
from tfsess.ops.reduction_ops import *  # noqa: F401,F403
from tfsess.ops.cumulative_ops import *  # noqa: F401,F403
from tfsess.ops.linalg_ops import *  # noqa: F401,F403
from tfsess.ops.matrix_ops import *  # noqa: F401,F403
from tfsess.ops.norm_ops import *  # noqa: F401,F403
from tfsess.ops.segment_ops import *  # noqa: F401,F403
from tfsess.ops.custom_gradient import *  # noqa: F401,F403
from tfsess.framework.tensor_spec import *  # noqa: F401,F403
from tfsess.ops.string_codec_ops import *  # noqa: F401,F403
from tfsess.ops.template import *  # noqa: F401,F403
from tfsess.ops.partitioners import *  # noqa: F401,F403
from tfsess.ops.session_ops import *  # noqa: F401,F403
from tfsess.ops.search_count_ops import *  # noqa: F401,F403
from tfsess.ops.special_math_ops import *  # noqa: F401,F403
from tfsess.ops.matrix_decomposition_ops import *  # noqa: F401,F403
from tfsess.ops.tensor_scatter_ops import *  # noqa: F401,F403
from tfsess.ops.batch_space_ops import *  # noqa: F401,F403
from tfsess.ops.unary_ops import *  # noqa: F401,F403
from tfsess.ops.logic_ops import *  # noqa: F401,F403
from tfsess.ops.clip_ops import *  # noqa: F401,F403
from tfsess.ops import tensor_operators as _tensor_operators  # noqa: F401 - installs the Tensor operators
from tfsess.ops.control_flow_ops import *  # noqa: F401,F403
from tfsess.ops.cond_ops import *  # noqa: F401,F403
from tfsess.ops.case_ops import *  # noqa: F401,F403
from tfsess.ops.while_ops import *  # noqa: F401,F403
from tfsess.ops.while_graphdef import *  # noqa: F401,F403
from tfsess.ops.while_import import *  # noqa: F401,F403
from tfsess.ops.loop_stack_ops import *  # noqa: F401,F403
from tfsess.ops.check_ops import *  # noqa: F401,F403
from tfsess.ops.numerics import *  # noqa: F401,F403
from tfsess.ops.logging_ops import *  # noqa: F401,F403
from tfsess.ops.script_ops import *  # noqa: F401,F403
from tfsess.ops.state_ops import *  # noqa: F401,F403
from tfsess.ops.variables import *  # noqa: F401,F403
from tfsess.ops import resource_variable_ops as _resource_variable_ops  # noqa: F401 - registers TF's resource-variable ops
from tfsess.ops.resource_variable import *  # noqa: F401,F403,E402
from tfsess.ops.sequence_ops import range_ as range  # noqa: A001,E402
from tfsess.ops.indexing_ops import slice_ as slice  # noqa: A001,E402
from tfsess.ops.control_flow_ops import tuple_ as tuple  # noqa: A001,E402
from tfsess.ops.logging_ops import print_v2 as print  # noqa: A001,E402
from tfsess.ops.math_ops import floordiv as floor_div  # noqa: E402 - TF1's alias
# Each op module lists its public names in __all__; its issue's owner fills it.
from tfsess.ops.random_ops import *  # noqa: F401,F403,E402
from tfsess.ops.string_ops import *  # noqa: F401,F403,E402
from tfsess.ops.regex_ops import *  # noqa: F401,F403,E402
from tfsess.ops.data_flow_ops import *  # noqa: F401,F403,E402
from tfsess.ops.accumulator_ops import *  # noqa: F401,F403,E402
from tfsess.ops.partition_ops import *  # noqa: F401,F403,E402
from tfsess.ops.io_ops import *  # noqa: F401,F403,E402
from tfsess.ops.parsing_ops import *  # noqa: F401,F403,E402
from tfsess.ops.example_ops import decode_json_example  # noqa: F401,E402 - tf.decode_json_example
from tfsess.ops.sparse_ops import *  # noqa: F401,F403,E402
from tfsess.ops.sparse_math_ops import *  # noqa: F401,F403,E402
from tfsess.ops.gradients import *  # noqa: F401,F403,E402
from tfsess.ops.gradient_tape import *  # noqa: F401,F403,E402
from tfsess.ops.vectorized_map import *  # noqa: F401,F403,E402
from tfsess.ops.critical_section import *  # noqa: F401,F403,E402
from tfsess.ops.init_ops import *  # noqa: F401,F403,E402
from tfsess.ops.variable_scope import *  # noqa: F401,F403,E402
from tfsess.framework.importer import import_graph_def  # noqa: E402
from tfsess import (data, debugging, gfile, graph_util, initializers, io, keras, layers, linalg, losses, math, nn,  # noqa: E402
                    python_io, queue, random, saved_model, sparse, strings, train)
from tfsess.client.config import ConfigProto, GPUOptions, GraphOptions, OptimizerOptions, RunMetadata, RunOptions
from tfsess.framework.device_spec import DeviceSpec
from tfsess.client.session import InteractiveSession, Session, get_default_session
from tfsess.ops.tensor_array_ops import TensorArray  # noqa: E402
from tfsess.ops.functional_ops import foldl, foldr, map_fn, scan  # noqa: E402
from tfsess import summary  # noqa: E402
from tfsess import compat  # noqa: E402
compat.v1 = __import__(__name__)  # tf.compat.v1 is tfsess itself
from tfsess.ops.sort_ops import *  # noqa: F401,F403,E402
from tfsess import app, flags, logging  # noqa: E402
from tfsess.ops.confusion_matrix import *  # noqa: F401,F403,E402
from tfsess import image, metrics, sets  # noqa: E402
from tfsess import profiler, resource_loader, version  # noqa: E402
from tfsess.framework.versions import *  # noqa: F401,F403,E402
from tfsess import manip, nest  # noqa: E402
from tfsess import signal, spectral  # noqa: E402
from tfsess import config, test  # noqa: E402
from tfsess.ops.spectral_ops import fft, fft2d, fft3d, ifft, ifft2d, ifft3d  # noqa: E402,F401 - TF1's top-level names
from tfsess.ops.spectral_ops import gen_fftnd as fftnd, gen_ifftnd as ifftnd  # noqa: E402,F401 - TF1's bare ops
from tfsess.ops.spectral_ops import gen_irfftnd as irfftnd, gen_rfftnd as rfftnd  # noqa: E402,F401 - TF1's bare ops
from tfsess.framework.graph_mode import *  # noqa: F401,F403,E402
from tfsess.ops.composite_math_ops import clip_by_average_norm, parallel_stack  # noqa: F401,E402
from tfsess.ops.list_arg_ops import identity_n, shape_n  # noqa: F401,E402
from tfsess.framework.errors import OpError  # noqa: F401,E402
from tfsess.framework.registry import NoGradient as no_gradient  # noqa: F401,E402
from tfsess.framework.tensor_proto import make_ndarray, make_tensor_proto  # noqa: F401,E402
from tfsess.ops.image_ops import random_crop  # noqa: F401,E402
from tfsess.ops.string_ops import strip as string_strip  # noqa: F401,E402
from tfsess.ops.variables import tables_initializer  # noqa: F401,E402
from tfsess.ops.variables import tables_initializer as initialize_all_tables  # noqa: F401,E402 - TF1's old name
from tfsess.ops.composite_math_ops import log_sigmoid  # noqa: F401,E402
from tfsess.ops.py_function_ops import *  # noqa: F401,F403,E402
from tfsess.module import *  # noqa: F401,F403,E402
from tfsess import mixed_precision  # noqa: E402
from tfsess.ops.variable_creator import *  # noqa: F401,F403,E402
from tfsess.ops.extra_math_ops import *  # noqa: F401,F403,E402
from tfsess.ops.string_hash_ops import *  # noqa: F401,F403,E402
from tfsess.ops.serialization_ops import *  # noqa: F401,F403,E402
from tfsess.ops.sparse_structure_ops import *  # noqa: F401,F403,E402
from tfsess.ops.sparse_compose_ops import *  # noqa: F401,F403,E402
from tfsess.ops.edit_distance_ops import *  # noqa: F401,F403,E402
from tfsess.ops.quantization_ops import *  # noqa: F401,F403,E402
from tfsess.ops.quantize_ops import dequantize, quantize, quantize_v2, quantized_concat  # noqa: F401,E402
from tfsess.ops.compat_misc_ops import *  # noqa: F401,F403,E402
from tfsess.platform.tf_logging import get_logger  # noqa: F401,E402
from tfsess.ops.def_function import *  # noqa: F401,F403,E402
from tfsess.ops import control_flow_v2 as _control_flow_v2  # noqa: F401,E402 - tf.cond/while_loop's v2 form
from tfsess.ops import list_ops_grad as _list_ops_grad  # noqa: F401,E402 - TensorList ops and their gradients
from tfsess.ops import tensor_array_v2 as _tensor_array_v2  # noqa: F401,E402 - TensorArray as TensorLists
from tfsess import autograph  # noqa: E402
from tfsess import quantization  # noqa: E402
from tfsess.ops.sparse_serialization_ops import *  # noqa: F401,F403,E402
from tfsess.ops.approx_topk_ops import *  # noqa: F401,F403,E402
from tfsess.ops.volume_patches import *  # noqa: F401,F403,E402
from tfsess.ops.image_crop import extract_image_patches  # noqa: F401,E402 - TF1 has it at the top level too
from tfsess.ops.index_shuffle_ops import *  # noqa: F401,F403,E402
from tfsess.ops.generic_conv_ops import *  # noqa: F401,F403,E402
from tfsess.ops.conv2d_v2_ops import *  # noqa: F401,F403,E402
from tfsess import audio, bitwise, distributions, dtypes, lookup  # noqa: E402
from tfsess import ragged  # noqa: E402
from tfsess.ops.ragged.ragged_tensor import RaggedTensor  # noqa: F401,E402
from tfsess.ops.ragged.ragged_tensor_value import RaggedTensorSpec  # noqa: F401,E402
from tfsess.ops.ragged.ragged_fill_ops import *  # noqa: F401,F403,E402
from tfsess import feature_column  # noqa: E402
from tfsess import experimental, raw_ops, types, user_ops  # noqa: E402
from tfsess.ops.user_ops import check_pinned  # noqa: F401,E402
from tfsess.framework.type_specs import *  # noqa: F401,F403,E402
from tfsess.ops.tensor_array_spec import *  # noqa: F401,F403,E402
from tfsess.data.optional_ops import OptionalSpec  # noqa: F401,E402
from tfsess.framework.v2_switches import *  # noqa: F401,F403,E402
from tfsess.summary import TOP_LEVEL_PROTOS as _TOP_LEVEL_PROTOS, proto_class as _proto_class  # noqa: E402
from tfsess.framework.graph_def import GRAPH_PROTOS as _GRAPH_PROTOS, graph_proto_class as _graph_proto_class  # noqa: E402
from tfsess import sysconfig  # noqa: E402
from tfsess.runtime.sysconfig import CXX11_ABI_FLAG, CXX_VERSION, MONOLITHIC_BUILD  # noqa: F401,E402
from tfsess.framework.load_library import *  # noqa: F401,F403,E402
from tfsess.ops.batch_function_ops import *  # noqa: F401,F403,E402
from tfsess.ops.lmdb_reader import LMDBReader  # noqa: F401,E402
from tfsess.ops import legacy_math_ops as _legacy_math_ops  # noqa: F401,E402 - TF 1.x op types of old GraphDefs
from tfsess.ops import legacy_nn_ops as _legacy_nn_ops  # noqa: F401,E402 - TF 1.x op types of old GraphDefs
from tfsess.ops import legacy_ref_ops as _legacy_ref_ops  # noqa: F401,E402 - TF 1.x op types of old GraphDefs
from tfsess.ops import legacy_training_ops as _legacy_training_ops  # noqa: F401,E402 - old optimizers' update ops
from tfsess.ops import legacy_array_ops as _legacy_array_ops  # noqa: F401,E402 - TF 1.x op types of old GraphDefs
from tfsess.ops import legacy_parsing_ops as _legacy_parsing_ops  # noqa: F401,E402 - TF 1.x's ParseExample

newaxis = None
__version__ = "0.1.0"


def __getattr__(name):
    """tf.Summary, tf.GraphDef, tf.NodeDef, ...: proto classes loaded on first use (protobuf is optional)."""
    if name in _TOP_LEVEL_PROTOS:
        return _proto_class(name)
    if name in _GRAPH_PROTOS:
        return _graph_proto_class(name)
    raise AttributeError(f"module 'tfsess' has no attribute '{name}'")


def load_ipython_extension(ipython):
    """`%load_ext tfsess`: the notebook extension (imported only when IPython asks)."""
    from tfsess.ipython import load_ipython_extension as load
    load(ipython)


def unload_ipython_extension(ipython):
    from tfsess.ipython import unload_ipython_extension as unload
    unload(ipython)
