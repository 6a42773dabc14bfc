"""tf.train.Saver: round trips, TF's file names and state file, max_to_keep, errors, crash safety, no pickle."""
import json
import os
import pickle
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import tfsess as tf
from tfsess.train import checkpoint_format, checkpoint_management, saver as saver_lib


def _initialized_session(*assigns):
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    if assigns:
        sess.run(list(assigns))
    return sess


def test_round_trip_of_every_dtype_into_a_fresh_session(g, tmp_path):
    values = {
        "f32": np.array([[1.5, -2.0], [3.0, 4.25]], np.float32), "f16": np.array([0.5, 1.5], np.float16),
        "f64": np.float64(3.25), "i64": np.array([2**40, -3], np.int64), "u8": np.array([0, 255], np.uint8),
        "b": np.array([True, False]), "c": np.array([1 + 2j], np.complex64),
        "s": np.array([b"", b"a\x00b", "héllo".encode()], dtype=object),
    }
    variables = {k: tf.Variable(np.zeros_like(v) if k != "s" else np.array([b"x"] * 3, dtype=object), name=k)
                 for k, v in values.items()}
    sess = _initialized_session(*[variables[k].assign(v) for k, v in values.items()])
    path = tf.train.Saver().save(sess, str(tmp_path / "model"))
    assert path == str(tmp_path / "model")
    fresh = tf.Session()
    with pytest.raises(tf.errors.FailedPreconditionError):
        fresh.run(variables["f32"])
    assert tf.train.Saver().restore(fresh, path) is None
    for k, v in values.items():
        got = fresh.run(variables[k])
        assert np.asarray(got).dtype == np.asarray(v).dtype or k == "s"
        np.testing.assert_array_equal(got, v)


def test_files_carry_tf_names_and_the_state_file_tf_text_format(g, tmp_path):
    v = tf.Variable(1.0, name="v")
    saver = tf.train.Saver()
    sess = _initialized_session()
    paths = [saver.save(sess, str(tmp_path / "ckpt"), global_step=step) for step in (1, 2)]
    assert [os.path.basename(p) for p in paths] == ["ckpt-1", "ckpt-2"]
    names = sorted(os.listdir(tmp_path))
    assert names == ["checkpoint", "ckpt-1.data-00000-of-00001", "ckpt-1.index", "ckpt-1.meta",
                     "ckpt-2.data-00000-of-00001", "ckpt-2.index", "ckpt-2.meta"]
    state_text = (tmp_path / "checkpoint").read_text()
    assert state_text == (f'model_checkpoint_path: "{paths[1]}"\n'
                          f'all_model_checkpoint_paths: "{paths[0]}"\n'
                          f'all_model_checkpoint_paths: "{paths[1]}"\n')
    state = tf.train.get_checkpoint_state(str(tmp_path))
    assert state.model_checkpoint_path == paths[1] and state.all_model_checkpoint_paths == paths
    assert tf.train.latest_checkpoint(str(tmp_path)) == paths[1] and saver.last_checkpoints == paths
    assert tf.train.list_variables(str(tmp_path)) == [("v", [])]
    assert tf.train.load_variable(paths[0], "v") == 1.0
    from tfsess.protos import meta_graph_pb2  # optional dependency: protobuf
    meta = meta_graph_pb2.MetaGraphDef.FromString((tmp_path / "ckpt-1.meta").read_bytes())
    assert "v" in [n.name for n in meta.graph_def.node] and meta.saver_def.restore_op_name == "save/restore_all"
    assert v.name == "v:0"


def test_relative_paths_are_written_relative_to_the_directory(g, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    tf.Variable(1.0, name="v")
    saver = tf.train.Saver()
    sess = _initialized_session()
    os.mkdir("run")
    assert saver.save(sess, os.path.join("run", "model"), global_step=3) == os.path.join("run", "model-3")
    assert (tmp_path / "run" / "checkpoint").read_text().startswith('model_checkpoint_path: "model-3"\n')
    assert tf.train.latest_checkpoint("run") == os.path.join("run", "model-3")


def test_max_to_keep_deletes_the_oldest_checkpoints(g, tmp_path):
    v = tf.Variable(1.0, name="v")
    double = v.assign(v * 2.0)
    saver = tf.train.Saver(max_to_keep=2)
    sess = _initialized_session()
    for step in (1, 2, 3):
        sess.run(double)
        saver.save(sess, str(tmp_path / "keep"), global_step=step)
    assert not [n for n in os.listdir(tmp_path) if n.startswith("keep-1")]
    assert saver.last_checkpoints == [str(tmp_path / "keep-2"), str(tmp_path / "keep-3")]
    with pytest.raises(ValueError, match="not a valid checkpoint"):
        saver.restore(tf.Session(), str(tmp_path / "keep-1"))
    fresh = tf.Session()
    saver.restore(fresh, str(tmp_path / "keep-2"))
    assert fresh.run(v) == 4.0
    keep_all = tf.train.Saver(max_to_keep=None)
    for step in (4, 5, 6):
        keep_all.save(sess, str(tmp_path / "all"), global_step=step)
    assert keep_all.last_checkpoints == [] and len([n for n in os.listdir(tmp_path) if n.endswith(".index")]) == 5


def test_var_list_forms_and_their_errors(g, tmp_path):
    a = tf.Variable([1, 2], name="a")
    b = tf.Variable([3, 4], name="b")
    sess = _initialized_session(a.assign([10, 20]), b.assign([30, 40]))
    only_a = tf.train.Saver([a]).save(sess, str(tmp_path / "a"))
    renamed = tf.train.Saver({"renamed": b}).save(sess, str(tmp_path / "b"))
    assert tf.train.list_variables(only_a) == [("a", [2])] and tf.train.list_variables(renamed) == [("renamed", [2])]
    fresh = tf.Session()
    tf.train.Saver({"renamed": a}).restore(fresh, renamed)
    assert fresh.run(a).tolist() == [30, 40]
    assert fresh.run(tf.report_uninitialized_variables()).tolist() == [b"b"]
    with pytest.raises(ValueError, match="same name"):
        tf.train.Saver([a, a._ref()])
    with pytest.raises(ValueError, match="two names"):
        tf.train.Saver({"x": a, "y": a})
    with pytest.raises(TypeError, match="not a Variable"):
        tf.train.Saver([tf.constant(1)])
    with pytest.raises(TypeError):
        tf.train.Saver(a)


def test_no_variables_raises_unless_allowed(g, tmp_path):
    with pytest.raises(ValueError, match="No variables to save"):
        tf.train.Saver()
    empty = tf.train.Saver(allow_empty=True)
    tf.constant(1)
    sess = tf.Session()
    assert empty.save(sess, str(tmp_path / "nothing"), write_meta_graph=False) is None
    assert empty.restore(sess, str(tmp_path / "nothing")) is None


def test_restore_errors_name_the_problem_and_change_nothing(g, tmp_path):
    v = tf.Variable([1.0, 2.0], name="v")
    w = tf.Variable(5.0, name="w")
    sess = _initialized_session()
    path = tf.train.Saver().save(sess, str(tmp_path / "m"))
    with pytest.raises(ValueError, match="not a valid checkpoint"):
        tf.train.Saver().restore(sess, str(tmp_path / "missing"))
    with pytest.raises(ValueError, match="None"):
        tf.train.Saver().restore(sess, None)
    with tf.Graph().as_default():
        a = tf.Variable(0.0, name="a")
        wider = tf.Variable([0.0, 0.0, 0.0], name="v")
        other = tf.Session()
        other.run(tf.global_variables_initializer())
        with pytest.raises(tf.errors.NotFoundError, match="Key a not found in checkpoint"):
            tf.train.Saver([a]).restore(other, path)
        w2 = tf.Variable(9.0, name="w")
        other.run(w2.initializer)
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"lhs shape= \[3\] rhs shape= \[2\]"):
            tf.train.Saver([wider, w2]).restore(other, path)  # TF's text: the shapes, no variable name
        assert other.run(w2) == 9.0  # checked before anything was written
        as_int = tf.Variable(0, name="w_int")
        with pytest.raises(tf.errors.InvalidArgumentError, match="dtype"):
            tf.train.Saver({"w": as_int}).restore(other, path)
    assert w.name == "w:0"


def test_save_errors(g, tmp_path):
    tf.Variable(1.0, name="v")
    saver = tf.train.Saver()
    with pytest.raises(tf.errors.FailedPreconditionError, match="uninitialized value v"):
        saver.save(tf.Session(), str(tmp_path / "m"))
    sess = _initialized_session()
    with pytest.raises(ValueError, match="Parent directory of .* doesn't exist"):
        saver.save(sess, str(tmp_path / "no" / "such" / "m"))
    assert saver.save(sess, str(tmp_path / "new_dir" / "m")).endswith("m")  # one missing level is created
    with pytest.raises(TypeError, match="must be a Session"):
        saver.save("not a session", str(tmp_path / "m"))
    with pytest.raises(ValueError, match="collides"):
        saver.save(sess, str(tmp_path / "checkpoint"))


def test_global_step_may_be_a_variable_and_latest_checkpoint_none_for_empty_dir(g, tmp_path):
    step = tf.Variable(41, name="global_step")
    sess = _initialized_session(step.assign_add(1))
    path = tf.train.Saver().save(sess, str(tmp_path / "model"), global_step=step)
    assert path.endswith("model-42")
    assert tf.train.latest_checkpoint(str(tmp_path / "elsewhere")) is None
    assert tf.train.get_checkpoint_state(str(tmp_path / "elsewhere")) is None


def test_state_file_round_trips_odd_paths():
    state = checkpoint_management.CheckpointState('/tmp/a "quoted"\\dir/ckpt-1', ["/tmp/ünï/ckpt-0", '/tmp/a "quoted"\\dir/ckpt-1'])
    text = str(state)
    assert '\\"quoted\\"' in text and "\\303\\274" in text
    parsed = checkpoint_management.parse_checkpoint_state(text)
    assert parsed.model_checkpoint_path == state.model_checkpoint_path
    assert parsed.all_model_checkpoint_paths == state.all_model_checkpoint_paths
    with pytest.raises(ValueError):
        checkpoint_management.parse_checkpoint_state("bogus_field: 3\n")


# ------------------------------------------------------------------ crash safety
_CHILD = textwrap.dedent("""
    import os, sys
    import tfsess as tf
    from tfsess.train import checkpoint_format, checkpoint_management, saver as saver_lib
    ckpt_dir, mode = sys.argv[1], sys.argv[2]
    v = tf.Variable([1.0, 2.0], name="v")
    saver = tf.train.Saver()
    sess = tf.Session()
    sess.run(v.initializer)
    saver.save(sess, os.path.join(ckpt_dir, "model"), global_step=1)
    sess.run(v.assign([5.0, 6.0]))
    real = saver_lib._atomic_write
    calls = []

    def dying_write(path, chunks):
        calls.append(path)
        if mode == "during_data" or (mode == "before_index" and path.endswith(".index")):
            tmp = path + ".tempstate" + "dead"
            with open(tmp, "wb") as f:
                f.write(b"".join(chunks)[:20])  # part of the file, then the process dies
                f.flush()
            os._exit(3)
        real(path, chunks)

    saver_lib._atomic_write = dying_write
    step = 2 if mode == "during_data" else 1
    saver.save(sess, os.path.join(ckpt_dir, "model"), global_step=step)
    os._exit(0)
""")


@pytest.mark.parametrize("mode", ["during_data", "before_index"])
def test_a_save_killed_midway_leaves_the_last_good_checkpoint_restorable(tmp_path, mode):
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(tmp_path), mode], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 3, proc.stderr
    latest = tf.train.latest_checkpoint(str(tmp_path))
    assert latest == str(tmp_path / "model-1")
    with tf.Graph().as_default():
        v = tf.Variable([0.0, 0.0], name="v")
        sess = tf.Session()
        tf.train.Saver().restore(sess, latest)
        assert sess.run(v).tolist() == [1.0, 2.0]
        # a later save over the same prefix cleans up and is read normally
        sess.run(v.assign([7.0, 8.0]))
        tf.train.Saver().save(sess, latest)
        assert tf.train.load_variable(latest, "v").tolist() == [7.0, 8.0]
    assert not [n for n in os.listdir(tmp_path) if ".gen-" in n]


# ------------------------------------------------------------------ untrusted files
class _Boom:
    def __reduce__(self):
        return (os.system, ("touch PWNED",))


def _checkpoint_with(tmp_path, tensors, data=b""):
    prefix = str(tmp_path / "crafted")
    index = {"format": "tfsess-checkpoint", "version": 1, "generation": "0" * 32, "data_size": len(data),
             "tensors": tensors}
    with open(prefix + ".index", "w") as f:
        json.dump(index, f)
    with open(prefix + ".data-00000-of-00001", "wb") as f:
        f.write(b"TFSCKPT1" + b"0" * 32 + data)
    return prefix


def test_crafted_files_never_run_code_and_are_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    payload = pickle.dumps(_Boom())
    import zlib
    entry = {"shape": [len(payload)], "offset": 0, "length": len(payload), "crc32": zlib.crc32(payload)}
    obj = _checkpoint_with(tmp_path, {"x": dict(entry, dtype="object")}, payload)
    with pytest.raises(tf.errors.DataLossError):
        checkpoint_format.CheckpointReader(obj)
    raw = _checkpoint_with(tmp_path, {"x": dict(entry, dtype="uint8")}, payload)
    assert bytes(checkpoint_format.CheckpointReader(raw).get_tensor("x")) == payload  # bytes, never unpickled
    bad_crc = _checkpoint_with(tmp_path, {"x": dict(entry, dtype="uint8", crc32=1)}, payload)
    with pytest.raises(tf.errors.DataLossError, match="checksum"):
        checkpoint_format.CheckpointReader(bad_crc).get_tensor("x")
    too_long = _checkpoint_with(tmp_path, {"x": dict(entry, dtype="uint8", length=len(payload) + 1)}, payload)
    with pytest.raises(tf.errors.DataLossError):
        checkpoint_format.CheckpointReader(too_long)
    (tmp_path / "junk.index").write_bytes(payload)
    with pytest.raises(tf.errors.DataLossError):
        checkpoint_format.CheckpointReader(str(tmp_path / "junk"))
    np.save(tmp_path / "objects.npy", np.array([_Boom()], dtype=object), allow_pickle=True)
    (tmp_path / "npy.index").write_bytes((tmp_path / "objects.npy").read_bytes())
    with pytest.raises(tf.errors.DataLossError):
        checkpoint_format.CheckpointReader(str(tmp_path / "npy"))
    assert not (tmp_path / "PWNED").exists()
    with pytest.raises(tf.errors.NotFoundError):
        checkpoint_format.CheckpointReader(str(tmp_path / "absent"))


def test_reshape_restores_a_value_of_the_same_size(g, tmp_path):
    with tf.Graph().as_default():
        v = tf.Variable(np.arange(6.0, dtype=np.float32).reshape(3, 2), name="v")
        sess = tf.Session()
        sess.run(v.initializer)
        path = tf.train.Saver().save(sess, str(tmp_path / "m"))
    flat = tf.Variable(tf.zeros([6]), name="v")
    sess = tf.Session()
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"lhs shape= \[6\] rhs shape= \[3,2\]"):
        tf.train.Saver([flat]).restore(sess, path)
    tf.train.Saver([flat], reshape=True).restore(sess, path)
    np.testing.assert_array_equal(sess.run(flat), np.arange(6.0))
    bad = tf.Variable(tf.zeros([4]), name="v_4")
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.train.Saver({"v": bad}, reshape=True).restore(sess, path)
