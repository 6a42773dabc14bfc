"""SignatureDef messages: the named inputs and outputs of a SavedModel's graph (tf.saved_model.signature_def_utils)."""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.saved_model import signature_constants as sc
from tfsess.saved_model.method_name_updater import MethodNameUpdater  # noqa: F401 - TF has it in this namespace
from tfsess.saved_model.utils import build_tensor_info


def build_signature_def(inputs=None, outputs=None, method_name=None):
    """A SignatureDef message from {key: TensorInfo} maps and a method name."""
    from tfsess.protos import meta_graph_pb2  # optional dependency: protobuf
    signature = meta_graph_pb2.SignatureDef()
    for key, info in (inputs or {}).items():
        signature.inputs[key].CopyFrom(info)
    for key, info in (outputs or {}).items():
        signature.outputs[key].CopyFrom(info)
    if method_name is not None:
        signature.method_name = method_name
    return signature


def _infos(tensors):
    return {key: build_tensor_info(t) for key, t in tensors.items()}


def predict_signature_def(inputs, outputs):
    """The SignatureDef of a predict method over {key: Tensor} inputs and outputs.

    Raises:
        ValueError: inputs or outputs is None or empty.
    """
    if inputs is None or not inputs:
        raise ValueError("Prediction inputs cannot be None or empty.")
    if outputs is None or not outputs:
        raise ValueError("Prediction outputs cannot be None or empty.")
    return build_signature_def(_infos(inputs), _infos(outputs), sc.PREDICT_METHOD_NAME)


def regression_signature_def(examples, predictions):
    """The SignatureDef of a regress method: a string tensor of serialized examples to float predictions.

    Raises:
        ValueError: an argument is None or has the wrong dtype.
    """
    if examples is None:
        raise ValueError("Regression examples cannot be None.")
    if examples.dtype.base_dtype != dtypes.string:
        raise ValueError("Regression examples must be a string Tensor.")
    if predictions is None:
        raise ValueError("Regression predictions cannot be None.")
    if predictions.dtype.base_dtype != dtypes.float32:
        raise ValueError("Regression output must be a float Tensor.")
    return build_signature_def({sc.REGRESS_INPUTS: build_tensor_info(examples)},
                               {sc.REGRESS_OUTPUTS: build_tensor_info(predictions)}, sc.REGRESS_METHOD_NAME)


def classification_signature_def(examples, classes, scores):
    """The SignatureDef of a classify method: serialized examples to string classes and/or float scores.

    Raises:
        ValueError: examples is None or not strings, both outputs are None, or an output has the wrong dtype.
    """
    if examples is None:
        raise ValueError("Classification examples cannot be None.")
    if examples.dtype.base_dtype != dtypes.string:
        raise ValueError("Classification examples must be a string Tensor.")
    if classes is None and scores is None:
        raise ValueError("Classification classes and scores cannot both be None.")
    outputs = {}
    if classes is not None:
        if classes.dtype.base_dtype != dtypes.string:
            raise ValueError("Classification classes must be a string Tensor.")
        outputs[sc.CLASSIFY_OUTPUT_CLASSES] = build_tensor_info(classes)
    if scores is not None:
        if scores.dtype.base_dtype != dtypes.float32:
            raise ValueError("Classification scores must be a float Tensor.")
        outputs[sc.CLASSIFY_OUTPUT_SCORES] = build_tensor_info(scores)
    return build_signature_def({sc.CLASSIFY_INPUTS: build_tensor_info(examples)}, outputs,
                               sc.CLASSIFY_METHOD_NAME)


def is_valid_signature(signature_def):
    """Whether a SignatureDef is well formed for its method (any non-empty signature for a custom method)."""
    if signature_def is None or not signature_def.method_name:
        return False
    method = signature_def.method_name
    if method == sc.PREDICT_METHOD_NAME:
        return bool(signature_def.inputs) and bool(signature_def.outputs)
    string, floating = dtypes.string.as_datatype_enum, dtypes.float32.as_datatype_enum
    if method == sc.REGRESS_METHOD_NAME:
        return (set(signature_def.inputs) == {sc.REGRESS_INPUTS} and set(signature_def.outputs) == {sc.REGRESS_OUTPUTS}
                and signature_def.inputs[sc.REGRESS_INPUTS].dtype == string
                and signature_def.outputs[sc.REGRESS_OUTPUTS].dtype == floating)
    if method == sc.CLASSIFY_METHOD_NAME:
        outputs = signature_def.outputs
        wanted = {sc.CLASSIFY_OUTPUT_CLASSES: string, sc.CLASSIFY_OUTPUT_SCORES: floating}
        return (set(signature_def.inputs) == {sc.CLASSIFY_INPUTS}
                and signature_def.inputs[sc.CLASSIFY_INPUTS].dtype == string
                and bool(outputs) and set(outputs) <= set(wanted)
                and all(outputs[k].dtype == wanted[k] for k in outputs))
    return bool(signature_def.inputs) or bool(signature_def.outputs)


__all__ = ["MethodNameUpdater", "build_signature_def", "classification_signature_def", "is_valid_signature",
           "predict_signature_def", "regression_signature_def"]
