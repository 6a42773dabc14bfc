"""Re-running %%tfgraph --append cells, objects of replaced graphs, variables' sessions, growth warnings."""
import warnings

import pytest

import ipython_ext
import tfsess as tf

BASE = "w = tf.Variable(1.0, name='w')\nloss = tf.square(w, name='loss')"
STEP = "# one training step (the first line is the cell's key when there is no cell id)\n" \
       "step = tf.assign_sub(w, {lr} * loss, name='step')"


def _names(ip):
    return [op.name for op in ip.user_ns["tfgraphs"]["m"].get_operations()]


def test_rerunning_an_append_cell_replaces_what_it_added(ip):
    ip.run_cell_magic("tfgraph", "m --no-show", BASE)
    ip.run_cell_magic("tfgraph", "m --append --no-show", STEP.format(lr=0.1))
    first = _names(ip)
    old_graph = ip.user_ns["tfgraphs"]["m"]
    ip.run_cell_magic("tfgraph", "m --append --no-show", STEP.format(lr=0.5))
    assert _names(ip) == first and "step_1" not in _names(ip)  # replaced, not doubled
    graph = ip.user_ns["tfgraphs"]["m"]
    assert graph is not old_graph and ip.user_ns["w"].graph is graph
    ip.run_cell_magic("tfgraph", "m --append --no-show", "extra = tf.identity(loss, name='extra')")
    assert _names(ip) == first + ["extra"]  # a new --append cell adds to the graph as it is
    ip.run_cell_magic("tfgraph", "m --append --no-show", STEP.format(lr=0.2))
    assert sorted(_names(ip)) == sorted(first + ["extra"])


def test_cells_are_told_apart_by_cell_id(ip):
    ext = ipython_ext.loaded_extension()
    ip.run_cell_magic("tfgraph", "m --no-show", BASE)
    ext.cell_id = "cell-a"
    ip.run_cell_magic("tfgraph", "m --append --no-show", "a = tf.identity(loss, name='a')")
    ext.cell_id = "cell-b"
    ip.run_cell_magic("tfgraph", "m --append --no-show", "a = tf.identity(loss, name='a')")  # same text
    assert "a_1" in _names(ip)
    ext.cell_id = "cell-a"
    ip.run_cell_magic("tfgraph", "m --append --no-show", "a = tf.identity(loss, name='a')")
    names = _names(ip)
    assert names.count("a") == 1 and names.count("a_1") == 1 and "a_2" not in names


def test_an_object_of_a_replaced_graph_gets_one_plain_line(ip, capsys):
    ip.run_cell("%%tfgraph m --no-show\n" + BASE)
    ip.run_cell("old_loss = loss\nold_sess = tfgraphs.session('m')")
    ip.run_cell("%%tfgraph m --no-show\n" + BASE)
    capsys.readouterr()
    with pytest.raises(ValueError):
        ip.run_cell("tfgraphs.session('m').run(old_loss)")
    out = capsys.readouterr().out.strip()
    assert out.startswith("StaleGraphError: Tensor 'loss:0' belongs to an older version of tfgraphs['m']")
    assert "re-run the cell that made it" in out and len(out.splitlines()) == 1
    with pytest.raises(RuntimeError):
        ip.run_cell("old_sess.run(loss)")
    assert "A session belongs to an older version of tfgraphs['m']" in capsys.readouterr().out


def test_variables_of_named_graphs_show_their_session_value(ip):
    ip.run_cell_magic("tfgraph", "m --no-show", BASE)
    ip.run_cell("%%tfgraph m --append --no-show\nset_w = tf.assign(w, 3.0)")
    ip.run_cell("s = tfgraphs.session('m')\ns.run(w.initializer)\ns.run(set_w)")
    text = ip.format(ip.user_ns["w"])["text/plain"]
    assert "no default session" not in text and "3." in text and "initialised in the session" in text
    other = tf.Graph()
    with other.as_default():
        v = tf.Variable(7.0, name="v")
    mine = tf.Session(graph=other)
    mine.run(v.initializer)
    text = ip.format(v)["text/plain"]
    assert "7." in text and "the session that last ran this graph" in text
    mine.close()


def _growth(recwarn):
    return [w for w in recwarn if w.category is ipython_ext.GraphGrowthWarning]


def test_no_growth_warning_for_a_cell_without_a_loop(ip, recwarn):
    ip.run_cell("sess = tf.get_default_session()\nq = tf.FIFOQueue(3, tf.float32)\n"
                "sess.run(q.enqueue(1.0))\nassert sess.run(q.size()) == 1\nsess.run(q.close())")
    assert not _growth(recwarn)


def test_growth_warning_names_the_graph_and_the_cell(ip, recwarn):
    ip.run_cell("%%tfgraph m --no-show\nx = tf.constant(1.0)")
    ip.run_cell("s = tfgraphs.session('m')\nwith tfgraphs['m'].as_default():\n"
                "    for i in range(3):\n        s.run(x + 1.0)")
    (w,) = _growth(recwarn)
    assert "tfgraphs['m']" in str(w.message) and "<tfsess>" not in w.filename
    assert w.filename.startswith("Cell In[") and w.lineno == 4
    formatted = warnings.formatwarning(w.message, w.category, w.filename, w.lineno)
    assert not formatted.startswith("<tfsess>:0:")
