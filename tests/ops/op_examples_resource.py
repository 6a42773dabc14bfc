"""Op examples: TF's resource-variable ops (a VarHandleOp's handle, read, assigned and updated), and SaveSlices."""
import numpy as np

from op_examples import F23, Built, builder, op

EXAMPLES = {}


def _resource_variable(use, value=F23):
    """A builder over a resource variable holding `value`: `use(tf, handle)` builds the ops to check."""
    def build(tf, tmp):
        value_t = tf.constant(value)
        handle = op("VarHandleOp", [], {"dtype": value_t.dtype, "shape": list(value.shape), "shared_name": "v"},
                    name="v").outputs[0]
        init = op("AssignVariableOp", [handle, value_t], {"dtype": value_t.dtype}, name="v/Assign")
        return Built(setup=[init], fetch=use(tf, handle, value_t.dtype))
    return build


def _read(tf, handle, dtype):
    return [op("ReadVariableOp", [handle], {"dtype": dtype}).outputs[0]]


def _after(make):
    """Builds the op `make(tf, handle, dtype)` (it has no outputs: the contract test runs every op of its type)."""
    def use(tf, handle, dtype):
        make(tf, handle, dtype)
        return None
    return use


EXAMPLES["VarHandleOp"] = builder(_resource_variable(lambda tf, h, dt: [h]))
EXAMPLES["ReadVariableOp"] = builder(_resource_variable(_read))
EXAMPLES["VarIsInitializedOp"] = builder(_resource_variable(
    lambda tf, h, dt: [op("VarIsInitializedOp", [h]).outputs[0]]))
EXAMPLES["AssignVariableOp"] = builder(_resource_variable(_after(
    lambda tf, h, dt: op("AssignVariableOp", [h, tf.constant(F23 * 2)], {"dtype": dt}))))
EXAMPLES["AssignAddVariableOp"] = builder(_resource_variable(_after(
    lambda tf, h, dt: op("AssignAddVariableOp", [h, tf.constant(F23)], {"dtype": dt}))))
EXAMPLES["AssignSubVariableOp"] = builder(_resource_variable(_after(
    lambda tf, h, dt: op("AssignSubVariableOp", [h, tf.constant(F23)], {"dtype": dt}))))
EXAMPLES["ResourceApplyGradientDescent"] = builder(_resource_variable(_after(
    lambda tf, h, dt: op("ResourceApplyGradientDescent", [h, tf.constant(np.float32(0.5)), tf.constant(F23)],
                         {"T": dt}))))
EXAMPLES["ResourceGather"] = builder(_resource_variable(
    lambda tf, h, dt: [op("ResourceGather", [h, tf.constant([1, 0, 1])], {"dtype": dt}).outputs[0]]))


def _v1_save(tf, tmp):
    """A V1 Saver's SaveSlices over two variables (it has no outputs: the contract test runs it)."""
    tmp.mkdir(parents=True, exist_ok=True)
    a, b = tf.Variable(F23, name="a"), tf.Variable([1, 2], name="b")
    saver = tf.train.Saver(write_version=tf.train.SaverDef.V1)
    filename = tf.get_default_graph().get_tensor_by_name(saver.saver_def.filename_tensor_name)
    return Built(setup=[a.initializer, b.initializer], feed={filename: str(tmp / "model")})


EXAMPLES["SaveSlices"] = builder(_v1_save)  # TF's V1 checkpoint writer, beside the resource variables' ops
