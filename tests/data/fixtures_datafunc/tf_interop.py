"""Writes and checks the tf.data interop fixtures (a development tool: tfsess never imports TensorFlow).

    <tf-python> tf_interop.py record   TF 2.21 writes tf_pipelines.pb and .meta, and expected.json (its values)
    <tfsess-python> tf_interop.py write-tfsess   tfsess writes tfsess_pipelines.pb and .meta
    <tf-python> tf_interop.py check    TF 2.21 imports tfsess's files, runs them, compares with expected.json
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pipelines  # noqa: E402


def _tf():
    import tensorflow.compat.v1 as tf
    tf.disable_v2_behavior()
    return tf


def _write(tf, prefix):
    graph = tf.Graph()
    with graph.as_default():
        initializer = pipelines.build(tf)
        with open(os.path.join(HERE, prefix + ".pb"), "wb") as f:
            f.write(graph.as_graph_def().SerializeToString())
        tf.train.export_meta_graph(os.path.join(HERE, prefix + ".meta"))
        with tf.Session() as sess:
            return initializer, pipelines.read(tf, sess, initializer)


def _run_imported(tf, prefix, initializer):
    out = {}
    for kind in ("pb", "meta"):
        graph = tf.Graph()
        with graph.as_default():
            if kind == "pb":
                graph_def = tf.GraphDef()
                with open(os.path.join(HERE, prefix + ".pb"), "rb") as f:
                    graph_def.ParseFromString(f.read())
                tf.import_graph_def(graph_def, name="")
            else:
                tf.train.import_meta_graph(os.path.join(HERE, prefix + ".meta"))
            with tf.Session() as sess:
                out[kind] = pipelines.read(tf, sess, initializer)
    return out


def main(command):
    if command == "record":
        initializer, values = _write(_tf(), "tf_pipelines")
        with open(os.path.join(HERE, "expected.json"), "w") as f:
            json.dump({"initializer": initializer, "values": values}, f, indent=1, sort_keys=True)
    elif command == "write-tfsess":
        import tfsess
        _write(tfsess, "tfsess_pipelines")
    elif command == "check":
        with open(os.path.join(HERE, "expected.json")) as f:
            expected = json.load(f)
        got = _run_imported(_tf(), "tfsess_pipelines", expected["initializer"])
        for kind, values in got.items():
            print(kind, "equal" if values == expected["values"] else f"DIFFERENT: {values}")
        return 0 if all(v == expected["values"] for v in got.values()) else 1
    else:
        raise SystemExit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ""))
