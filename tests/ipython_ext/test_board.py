"""%tfboard: event files read incrementally, scalars and histograms drawn inline, live updates only on change."""
import os
import re
import time

import numpy as np
import pytest
from IPython.core.error import UsageError

import tfsess as tf
from ipython_ext import board
from tfsess.protos import event_pb2, summary_pb2


def _write_run(logdir, run, steps, start=0, tag="loss", histogram=True, writer=None):
    """Writes `steps` summaries of a scalar (and a histogram) to LOGDIR/RUN (or `writer`, left open);
    returns the run's directory."""
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [None])
        tf.summary.scalar(tag, tf.reduce_mean(x))
        if histogram:
            tf.summary.histogram("weights", x)
        merged = tf.summary.merge_all()
        out = writer or tf.summary.FileWriter(os.path.join(logdir, run))
        with tf.Session() as sess:
            for step in range(start, start + steps):
                values = np.random.RandomState(step).randn(50).astype(np.float32) + step
                out.add_summary(sess.run(merged, {x: values}), step)
        out.flush()
        if writer is None:
            out.close()
    return out.get_logdir()


def _write_scalar(logdir, tag, step, number):
    """One scalar event written directly (any tag, as an event file from elsewhere may hold)."""
    value = summary_pb2.Summary.Value(tag=tag, simple_value=number)
    writer = tf.summary.FileWriter(logdir)
    writer.add_event(event_pb2.Event(step=step, wall_time=1.0, summary=summary_pb2.Summary(value=[value])))
    writer.close()


def test_runs_scalars_and_histograms_are_read(tmp_path):
    _write_run(str(tmp_path), "train", 5)
    _write_run(str(tmp_path), "eval", 3, histogram=False)
    files = board.EventFiles(str(tmp_path))
    assert files.poll() is True
    runs = files.runs()
    assert set(runs) == {"train", "eval"}
    scalars, histograms = runs["train"]
    assert [s for s, _ in scalars["loss"]] == [0, 1, 2, 3, 4]
    assert scalars["loss"][4][1] == pytest.approx(np.mean(np.random.RandomState(4).randn(50).astype(np.float32) + 4),
                                                  rel=1e-5)
    low, high, limits, counts = histograms["weights"][0][1]
    assert sum(counts) == 50 and low < high and len(limits) == len(counts)
    assert runs["eval"][1] == {}
    assert files.poll() is False  # nothing changed: nothing to send


def test_the_view_draws_a_chart_per_tag_and_a_line_per_run(tmp_path):
    _write_run(str(tmp_path), "train", 5)
    _write_run(str(tmp_path), "eval", 3, histogram=False)
    files = board.EventFiles(str(tmp_path))
    files.poll()
    html = board.board_html(files)
    assert html.count("<polyline") == 2 and ">loss<" in html  # one chart, two runs
    assert html.count("<polygon") == 5 and "weights (train)" in html  # five histograms offset
    assert "Scalars" in html and "Histograms" in html and "2 runs" in html and "<script" not in html
    text = board.board_text(files.logdir, files.runs())
    assert re.search(r"train loss: \S+ at step 4 \(5 points\)", text) and "weights: 5 histograms" in text


def test_every_string_is_escaped_and_bounded(tmp_path):
    _write_scalar(str(tmp_path / "<img src=x onerror=alert(1)>"), "<script>alert(1)</script>", 1, 2.0)
    _write_scalar(str(tmp_path / "long"), "t" * 100_000, 1, 2.0)
    files = board.EventFiles(str(tmp_path))
    files.poll()
    html = board.board_html(files)
    assert "<script>alert" not in html and "<img src=x" not in html and "&lt;script&gt;" in html
    assert len(html) < 60_000 and "t" * 1000 not in html


def test_a_file_still_being_written_is_read_up_to_its_last_whole_record(tmp_path):
    path = _write_run(str(tmp_path), "run", 3, histogram=False)
    event_file = next(os.path.join(path, f) for f in os.listdir(path))
    with open(event_file, "rb") as f:
        data = f.read()
    with open(event_file, "wb") as f:
        f.write(data[:-7])  # the last record cut short, as while the writer flushes it
    files = board.EventFiles(str(tmp_path))
    assert files.poll() is True
    assert [s for s, _ in files.runs()["run"][0]["loss"]] == [0, 1]
    with open(event_file, "wb") as f:
        f.write(data)
    assert files.poll() is True and [s for s, _ in files.runs()["run"][0]["loss"]] == [0, 1, 2]


def test_tensor_encoded_scalars_are_read(tmp_path):
    """tf.summary v2 writes a scalar as a tensor with the 'scalars' plugin's metadata."""
    value = summary_pb2.Summary.Value(tag="accuracy")
    value.metadata.plugin_data.plugin_name = "scalars"
    value.tensor.dtype = 1  # DT_FLOAT
    value.tensor.float_val.append(0.75)
    writer = tf.summary.FileWriter(str(tmp_path))
    writer.add_event(event_pb2.Event(step=7, wall_time=1.0, summary=summary_pb2.Summary(value=[value])))
    writer.close()
    files = board.EventFiles(str(tmp_path))
    files.poll()
    assert files.runs()["."][0]["accuracy"] == [(7, 0.75)]


def test_the_magic_draws_and_rejects_bad_input(ip, tmp_path):
    _write_run(str(tmp_path), "train", 3)
    ip.run_line_magic("tfboard", str(tmp_path))
    out = ip.display_pub.outputs[-1]
    assert "<polyline" in out["data"]["text/html"] and "train loss" in out["data"]["text/plain"]
    assert out["transient"]["display_id"].startswith("tfboard-") and not out["update"]
    with pytest.raises(UsageError, match="no such log directory"):
        ip.run_line_magic("tfboard", str(tmp_path / "missing"))
    with pytest.raises(UsageError, match="give a log directory"):
        ip.run_line_magic("tfboard", "")
    with pytest.raises(UsageError, match="positive"):
        ip.run_line_magic("tfboard", f"{tmp_path} --live --interval 0")


def test_live_updates_send_only_changes(ip, tmp_path):
    writer = tf.summary.FileWriter(str(tmp_path / "train"))
    _write_run(str(tmp_path), "train", 2, writer=writer)
    ip.run_line_magic("tfboard", f"{tmp_path} --live --interval 0.05 --for 20")
    (live,) = board.live
    first = len(ip.display_pub.outputs)
    time.sleep(0.4)
    assert len(ip.display_pub.outputs) == first  # nothing written, nothing sent
    _write_run(str(tmp_path), "train", 2, start=2, writer=writer)
    writer.close()
    deadline = time.monotonic() + 10

    def updates():
        return [o for o in ip.display_pub.outputs[first:] if o["update"]]
    while not any("(4 points)" in o["data"]["text/plain"] for o in updates()) and time.monotonic() < deadline:
        time.sleep(0.05)
    ip.run_line_magic("tfboard", "--stop")
    assert not board.live and live.updates == len(updates()) >= 1
    assert all(o["transient"]["display_id"] == live.display_id for o in updates())
    assert "train loss" in updates()[-1]["data"]["text/plain"] and "(4 points)" in updates()[-1]["data"]["text/plain"]
    sent = len(ip.display_pub.outputs)
    live.refresh()
    assert len(ip.display_pub.outputs) == sent  # stopped and unchanged: nothing more
