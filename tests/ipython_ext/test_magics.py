"""%%tfgraph and the line magics, through a TestingShell."""
import pytest
from IPython.core.error import UsageError

import ipython_ext
import tfsess as tf


# ------------------------------------------------------------------ %%tfgraph
def test_rerunning_a_tfgraph_cell_replaces_its_graph(ip):
    cell = "a = tf.constant(2.0, name='a')\nb = tf.multiply(a, 3.0, name='b')\n"
    default_ops = len(tf.get_default_graph().get_operations())
    ip.run_cell_magic("tfgraph", "model --no-show", cell)
    first = ipython_ext.graphs["model"]
    names = [op.name for op in first.get_operations()]
    ip.run_cell_magic("tfgraph", "model --no-show", cell)
    second = ipython_ext.graphs["model"]
    assert second is not first
    assert [op.name for op in second.get_operations()] == names == ["a", "Const", "b"] or len(names) == 3
    assert len(tf.get_default_graph().get_operations()) == default_ops
    assert ip.user_ns["b"].graph is second
    assert ip.user_ns["tfgraphs"]["model"] is second


def test_tfgraph_append_keeps_previous_ops(ip):
    ip.run_cell_magic("tfgraph", "g --no-show", "a = tf.constant(1.0, name='a')")
    ip.run_cell_magic("tfgraph", "g --append --no-show", "c = tf.constant(2.0, name='c')")
    assert [op.name for op in ipython_ext.graphs["g"].get_operations()] == ["a", "c"]


def test_tfgraph_device_and_run(ip):
    ip.run_cell_magic("tfgraph", "dev --device /cpu:0 --run y,x:0 --no-show",
                      "x = tf.constant([1.0, 2.0], name='x')\ny = tf.add(x, x, name='y')")
    assert all(op.device.upper().endswith("CPU:0") for op in ipython_ext.graphs["dev"].get_operations())
    text = ip.displayed("text/plain")[-1]
    assert "y = [2. 4.]" in text and "x:0 = [1. 2.]" in text
    assert "y" in ip.displayed("text/html")[-1]


def test_tfgraph_session_is_default_inside_the_cell_and_closed_on_replace(ip):
    cell = "v = tf.Variable(5.0, name='v')\ninit = tf.global_variables_initializer()\ninit.run()\nval = v.eval()"
    ip.run_cell_magic("tfgraph", "vars --no-show", cell)
    assert ip.user_ns["val"] == 5.0
    sess = ipython_ext.graphs.session("vars")
    ip.run_cell_magic("tfgraph", "vars --no-show", cell)
    assert sess._closed
    assert ipython_ext.graphs.session("vars") is not sess


def test_tfgraph_shows_the_graph(ip):
    ip.run_cell_magic("tfgraph", "shown", "a = tf.constant(1.0, name='alpha')")
    html = ip.displayed("text/html")[-1]
    assert "<svg" in html and "alpha" in html


def test_tfgraph_without_name_uses_the_default_graph(ip):
    ip.run_cell_magic("tfgraph", "--run z --no-show", "z = tf.constant(4.0) * 2")
    assert ip.user_ns["z"].graph is tf.get_default_graph()
    assert "z = 8." in ip.displayed("text/plain")[-1]


def test_tfgraph_errors(ip):
    with pytest.raises(UsageError):
        ip.run_cell_magic("tfgraph", "not-a-name", "pass")
    with pytest.raises(UsageError, match="neither a Python variable"):
        ip.run_cell_magic("tfgraph", "g --run nope --no-show", "a = tf.constant(1.0)")
    with pytest.raises(UsageError):
        ip.run_cell_magic("tfgraph", "g --bogus", "pass")
    with pytest.raises(ZeroDivisionError):
        ip.run_cell_magic("tfgraph", "g", "1 / 0")


def test_tfgraph_help_documents_options(ip):
    doc = ip.find_cell_magic("tfgraph").__doc__
    assert "%%tfgraph [--append]" in doc
    for option in ("--append", "--device", "--run", "--no-show", "name"):
        assert option in doc


# ------------------------------------------------------------------ line magics
def test_tfsession_lists_variables_and_state(ip):
    ip.run_cell("v = tf.Variable([1.0, 2.0], name='weights')\nw = tf.Variable(0, name='other')")
    ip.run_cell("tf.get_default_session().run(v.initializer)")
    ip.run_line_magic("tfsession", "")
    text = ip.displayed("text/plain")[-1]
    assert "1 of 2 initialised" in text
    assert "weights float32 (2,): initialised" in text and "other int32 (): not initialised" in text
    assert "allow_growth=True" in text and "CPU:0" in text
    html = ip.displayed("text/html")[-1]
    assert "weights" in html and "not initialised" in html


def test_tfsession_lists_queues(ip, capsys):
    if not hasattr(tf, "FIFOQueue"):
        pytest.skip("queues are not in tfsess yet")
    ip.run_cell("q = tf.FIFOQueue(5, tf.float32, name='work')\ntf.get_default_session().run(q.enqueue(1.0))")
    ip.run_line_magic("tfsession", "")
    assert "queue: work (open, size 1)" in ip.displayed("text/plain")[-1]
    ip.run_line_magic("tfconfig", "allow_growth=True")
    assert "1 open queue" in capsys.readouterr().out


def test_tfconfig_restarts_and_reports_dropped_state(ip, capsys):
    ip.run_cell("vs = [tf.Variable(float(i), name=f'v{i}') for i in range(3)]\n"
                "tf.get_default_session().run(tf.global_variables_initializer())")
    old = tf.get_default_session()
    ip.run_line_magic("tfconfig", "allow_growth=False log_device_placement=True per_process_gpu_memory_fraction=0.5")
    out = capsys.readouterr().out
    assert "dropped 3 initialised variables" in out
    new = tf.get_default_session()
    assert new is not old and old._closed
    assert new.config.gpu_options.allow_growth is False
    assert new.config.log_device_placement is True
    assert new.config.gpu_options.per_process_gpu_memory_fraction == 0.5
    ip.run_line_magic("tfconfig", "visible_device_list=0")
    assert tf.get_default_session().config.gpu_options.visible_device_list == "0"
    ip.run_line_magic("tfconfig", "")
    assert "visible_device_list='0'" in capsys.readouterr().out


def test_tfconfig_rejects_bad_settings(ip):
    with pytest.raises(UsageError, match="KEY=VALUE"):
        ip.run_line_magic("tfconfig", "colour=blue")
    with pytest.raises(UsageError):
        ip.run_line_magic("tfconfig", "per_process_gpu_memory_fraction=3")


def test_config_magic_sets_the_configurable(ip, capsys):
    old = tf.get_default_session()
    ip.run_cell("%config TfSession.allow_growth=False")
    assert "Restarted the default session" in capsys.readouterr().out
    sess = tf.get_default_session()
    assert sess is not old and sess.config.gpu_options.allow_growth is False
    assert ipython_ext.loaded_extension().tfsession.allow_growth is False


def test_tfreset_gives_a_fresh_graph(ip, capsys):
    ip.run_cell("a = tf.constant(1.0)")
    old_graph = tf.get_default_graph()
    ip.run_line_magic("tfreset", "")
    assert "Reset the default graph" in capsys.readouterr().out
    assert tf.get_default_graph() is not old_graph
    assert tf.get_default_session().graph is tf.get_default_graph()
    assert tf.get_default_graph().get_operations() == []


def test_views_are_snapshots_by_default(ip):
    ip.run_cell("a = tf.constant([1.0], name='lonely')\ntf.get_default_session().run(a)")
    ip.run_line_magic("tfplacement", "")
    out = ip.display_pub.outputs[-1]
    assert "lonely" in out["data"]["text/html"] and "lonely" in out["data"]["text/plain"]
    assert "application/vnd.jupyter.widget-view+json" not in out["data"] and not out.get("transient")
    ip.run_line_magic("tfmemory", "")
    assert "CPU:0" in ip.display_pub.outputs[-1]["data"]["text/html"]
    shown = len(ip.display_pub.outputs)
    ip.run_cell("b = tf.constant([2.0], name='newcomer')\ntf.get_default_session().run(b)")
    assert len(ip.display_pub.outputs) == shown  # the record of its cell: never rewritten
    ip.run_line_magic("tfsession", "")
    assert "tf.InteractiveSession" in ip.display_pub.outputs[-1]["data"]["text/html"]


def test_live_views_update_by_display_id_only_when_changed(ip):
    ip.run_line_magic("tfplacement", "--live")
    first = ip.display_pub.outputs[-1]
    display_id = first["transient"]["display_id"]
    ip.run_cell("b = tf.constant([2.0], name='newcomer')\ntf.get_default_session().run(b)")
    update = ip.display_pub.outputs[-1]
    assert update["update"] and update["transient"]["display_id"] == display_id
    assert "newcomer" in update["data"]["text/html"] and "(live)" in update["data"]["text/plain"]
    shown = len(ip.display_pub.outputs)
    ip.run_cell("1 + 1")
    assert len(ip.display_pub.outputs) == shown  # nothing changed, nothing sent
    ip.run_cell("tf.get_default_session().run(b + 1.0)")
    again = ip.display_pub.outputs[-1]
    assert again["update"] and "id='tfs-" + display_id in again["data"]["text/html"]  # stable section ids
    assert "id='tfs-" + display_id in update["data"]["text/html"]


def test_live_views_update_while_a_long_cell_runs(ip):
    ext = ipython_ext.loaded_extension()
    ext.views.interval_s = 0.05
    ip.run_line_magic("tfsession", "--live")
    shown = len(ip.display_pub.outputs)
    ip.run_cell("import time\nv = tf.Variable(1.0, name='slow_var')\n"
                "tf.get_default_session().run(v.initializer)\ntime.sleep(0.5)")
    updates = [o for o in ip.display_pub.outputs[shown:] if o.get("update")]
    assert updates and "slow_var" in updates[0]["data"]["text/html"]


# ------------------------------------------------------------------ graph growth warnings
def test_warns_when_a_loop_grows_the_graph(ip):
    ip.run_cell("x = tf.constant(1.0)")
    with pytest.warns(ipython_ext.GraphGrowthWarning, match="between its 3 Session.run calls"):
        ip.run_cell("for i in range(3):\n    tf.get_default_session().run(x + 1.0)")


def test_warns_when_rerunning_a_cell_grows_the_graph(ip, recwarn):
    ip.run_cell("x = tf.constant(1.0)")
    cell = "y = tf.get_default_session().run(tf.add(x, 1.0))"
    ip.run_cell(cell)
    assert not [w for w in recwarn if w.category is ipython_ext.GraphGrowthWarning]
    with pytest.warns(ipython_ext.GraphGrowthWarning, match="re-running this cell added 2 ops"):
        ip.run_cell(cell)


def test_no_warning_for_build_once_run_many(ip, recwarn):
    ip.run_cell("x = tf.constant(1.0)\ny = x + 1.0")
    for _ in range(3):
        ip.run_cell("for i in range(3): tf.get_default_session().run(y)")
        ip.run_cell("%%tfgraph m --run out --no-show\nout = tf.constant(2.0) * 2")
    ip.display_formatter.format(ip.user_ns["y"])  # a repr's private run is not the user's
    ip.run_cell("tf.get_default_session().run(y)")
    assert not [w for w in recwarn if w.category is ipython_ext.GraphGrowthWarning]
