"""Errors in a notebook: one traceback, TF's message and a hint first, library frames hidden."""
import traceback

import pytest

import tfsess as tf
from ipython_ext import errors


def test_an_op_error_is_not_its_own_cause():
    x = tf.placeholder(tf.float32, name="x")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(x * 2.0)
    err = info.value
    assert err.__cause__ is not err and err.__context__ is not err
    text = "".join(traceback.format_exception(type(err), err, err.__traceback__))
    assert text.count("You must feed a value for placeholder tensor 'x'") == 1
    assert "direct cause" not in text and "During handling" not in text


def _error_output(ip, capsys, code):
    shown = len(ip.display_pub.outputs)
    with pytest.raises(Exception) as info:  # the test shell re-raises what the cell raised
        ip.run_cell(code)
    return info.value, capsys.readouterr().out, ip.display_pub.outputs[shown:]


def test_missing_feed_leads_with_message_line_and_hint(ip, capsys):
    err, out, displays = _error_output(ip, capsys, "ph = tf.placeholder(tf.float32, name='ph')\n"
                                                   "tf.get_default_session().run(ph + 1.0)")
    assert isinstance(err, tf.errors.InvalidArgumentError)
    lines = out.strip().splitlines()
    assert lines[0].startswith("InvalidArgumentError: You must feed a value for placeholder tensor 'ph'")
    assert "tf.get_default_session().run(ph + 1.0)" in out
    assert "hint: feed this placeholder: sess.run(..., feed_dict={ph: value})" in out
    assert "tfsess/" not in out and "ipython_ext/" not in out
    (folded,) = displays
    assert "<details" in folded["data"]["text/html"] and "tfsess frames hidden" in folded["data"]["text/plain"]


@pytest.mark.parametrize("code, hint", [
    ("v = tf.Variable(1.0)\ntf.get_default_session().run(v)", "global_variables_initializer"),
    ("q = tf.FIFOQueue(2, tf.float32)\nsess = tf.get_default_session()\nsess.run(q.close())\nsess.run(q.dequeue())",
     "queue is closed and empty"),
])
def test_known_errors_get_a_hint(ip, capsys, code, hint):
    err, out, _ = _error_output(ip, capsys, code)
    assert isinstance(err, tf.errors.OpError)
    assert f"hint: " in out and hint in out


def test_other_errors_keep_ipythons_traceback(ip, capsys):
    err, out, displays = _error_output(ip, capsys, "int('nope')")
    assert isinstance(err, ValueError) and "Traceback" in out and not displays


def test_traceback_text_leaves_out_library_frames(ip):
    x = tf.placeholder(tf.float32, name="p")
    try:
        tf.Session().run(x)
    except tf.errors.OpError as e:
        tb = e.__traceback__
    text = errors.traceback_text(ip, tb)
    assert "tf.Session().run(x)" in text and "tfsess" not in text
    assert errors.hint_for(tf.errors.CancelledError(None, None, "x")) is not None


def test_unloading_restores_the_previous_handler(bare_shell):
    before = bare_shell.custom_exceptions
    bare_shell.run_line_magic("load_ext", "ipython_ext")
    assert tf.errors.OpError in bare_shell.custom_exceptions
    bare_shell.run_line_magic("unload_ext", "ipython_ext")
    assert bare_shell.custom_exceptions == before
