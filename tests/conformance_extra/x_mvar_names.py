"""Variations of the public misc_sort_image cases on what users see of the graph: the op names and
types that tf.image and sort/argsort create, in and out of name scopes."""
import numpy as np


def case_x_mvar_image_op_names(tf):
    data = tf.placeholder(tf.string, [])
    img = tf.placeholder(tf.float32, [2, 3, 1])
    batch = tf.placeholder(tf.float32, [1, 4, 4, 1])
    out = {"decode_image": tf.image.decode_image(data), "decode_png": tf.image.decode_png(data),
           "encode_png": tf.image.encode_png(tf.cast(img, tf.uint8)), "flip_lr": tf.image.flip_left_right(img),
           "flip_ud": tf.image.flip_up_down(batch), "transpose": tf.image.transpose_image(img),
           "rot90": tf.image.rot90(img), "std": tf.image.per_image_standardization(img),
           "resize": tf.image.resize_images(batch, [2, 2]),
           "resize_nn": tf.image.resize_images(batch, [3, 3], method=tf.image.ResizeMethod.NEAREST_NEIGHBOR),
           "bilinear": tf.image.resize_bilinear(batch, [2, 2])}
    with tf.name_scope("pre"):
        out["scoped_flip"] = tf.image.flip_left_right(img)
        out["scoped_decode"] = tf.image.decode_image(data, name="img")
    return {k: [t.name, t.op.type] for k, t in out.items()}


def case_x_mvar_sort_op_names(tf):
    x = tf.constant(np.array([[3.0, 1.0], [2.0, 4.0]], np.float32))
    out = {"sort": tf.sort(x), "sort_desc": tf.sort(x, direction="DESCENDING"), "argsort": tf.argsort(x),
           "named": tf.sort(x, name="ordered"), "argsort_named": tf.argsort(x, axis=0, name="order"),
           "argmax": tf.argmax(x, 1), "arg_min": tf.arg_min(x, 0)}
    return {k: [t.name, t.op.type, t.dtype.name] for k, t in out.items()}
