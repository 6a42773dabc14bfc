"""Examples of the TensorList ops (tfsess/ops/list_ops.py), built through TF's list_ops functions."""
import numpy as np

from op_examples import F23, Built, builder, op
from tfsess.ops import list_ops as lo

def _from(tf):
    return lo.tensor_list_from_tensor(tf.constant(F23), element_shape=[3])

def _fetch(build):
    def run(tf, tmp):
        out = build(tf)
        return Built(fetch=list(out) if isinstance(out, (tuple, list)) else [out])
    return builder(run)

EXAMPLES = {
    "EmptyTensorList": _fetch(lambda tf: lo.empty_tensor_list([3], tf.float32)),
    "TensorListReserve": _fetch(lambda tf: lo.tensor_list_reserve([3], 2, tf.float32)),
    "TensorListFromTensor": _fetch(_from),
    "TensorListStack": _fetch(lambda tf: lo.tensor_list_stack(_from(tf), tf.float32, element_shape=[3])),
    "TensorListGetItem": _fetch(lambda tf: lo.tensor_list_get_item(_from(tf), 1, tf.float32, element_shape=[3])),
    "TensorListSetItem": _fetch(lambda tf: lo.tensor_list_set_item(_from(tf), 0, tf.constant([1.0, 2.0, 3.0]))),
    "TensorListPushBack": _fetch(lambda tf: lo.tensor_list_push_back(_from(tf), tf.constant([1.0, 2.0, 3.0]))),
    "TensorListPushBackBatch": _fetch(lambda tf: op("TensorListPushBackBatch", [
        tf.stack([lo.empty_tensor_list([3], tf.float32)] * 2), tf.constant(F23)],
        {"element_dtype": tf.float32}).outputs[0]),
    "TensorListPopBack": _fetch(lambda tf: lo.tensor_list_pop_back(_from(tf), tf.float32)),
    "TensorListLength": _fetch(lambda tf: lo.tensor_list_length(_from(tf))),
    "TensorListElementShape": _fetch(lambda tf: lo.tensor_list_element_shape(_from(tf), tf.int32)),
    "TensorListConcat": _fetch(lambda tf: op("TensorListConcat", [_from(tf)], {"element_dtype": tf.float32,
                                                                               "element_shape": [3]}).outputs),
    "TensorListConcatV2": _fetch(lambda tf: op("TensorListConcatV2", [
        _from(tf), tf.constant([3]), tf.constant(np.zeros(0, np.int64))],
        {"element_dtype": tf.float32, "shape_type": tf.int32}).outputs),
    "TensorListSplit": _fetch(lambda tf: lo.tensor_list_split(tf.constant(F23), [-1, 3],
                                                              tf.constant([1, 1], tf.int64))),
    "TensorListGather": _fetch(lambda tf: lo.tensor_list_gather(_from(tf), [1, 0, 1], tf.float32,
                                                                element_shape=[3])),
    "TensorListScatter": _fetch(lambda tf: op("TensorListScatter", [
        tf.constant(F23), tf.constant([2, 0]), tf.constant([3])], {"element_dtype": tf.float32,
                                                                   "shape_type": tf.int32}).outputs[0]),
    "TensorListScatterV2": _fetch(lambda tf: lo.tensor_list_scatter(tf.constant(F23), [2, 0], element_shape=[3])),
    "TensorListScatterIntoExistingList": _fetch(lambda tf: lo.tensor_list_scatter(
        tf.constant(F23), [1, 0], input_handle=lo.tensor_list_reserve([3], 2, tf.float32))),
    "TensorListResize": _fetch(lambda tf: lo.tensor_list_resize(_from(tf), 4)),
    "TensorListConcatLists": _fetch(lambda tf: op("TensorListConcatLists", [_from(tf), _from(tf)],
                                                  {"element_dtype": tf.float32}).outputs[0]),
}
