"""The teaching notebooks in a real JupyterLab, driven in headless Chromium as a student would use them.

A JupyterLab server (127.0.0.1, a free port, a random token) serves a copy of the notebooks; for
each notebook the test runs JupyterLab's Run All, checks what a reader sees (the same checks as
test_browser's nbconvert pages: rich reprs, visible drawings, memory bars, plots, no traceback),
that the browser console logged no error, and saves it. Then each saved notebook is reopened on a
fresh kernel and must still show its views, and the dark theme must render them light on dark.
Screenshots (light and dark: a drawing, a live view, an error display) go to
tests/_output/screenshots/; with TFSESS_UPDATE_DOCS_IMG=1 they also replace the README's in docs/img/.

Needs Debian's `chromium` and `jupyterlab` (the test extras); skips without them. Slow: minutes.
"""
import json
import os
import shutil
import time

import pytest

from devtools_pipe import find_chromium
from lab_server import DARK, LIGHT, LabBrowser, LabPage, LabServer, jupyterlab_available
from notebook_runs import NOTEBOOKS, ROOT, SCREENSHOTS
from test_browser import EXPECTED, INSPECT, check_page

RUN_ALL_TIMEOUT_S = 300
DOCS_IMG = ROOT / "docs" / "img"
ERROR_NOTEBOOK = "zz_missing_feed.ipynb"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(find_chromium() is None, reason="chromium is not installed (run .ci/browser_deps.sh)"),
    pytest.mark.skipif(not jupyterlab_available(), reason="jupyterlab is not installed (pip install -e .[test])"),
]

# What a page shows that a broken view would: JupyterLab's widget error and our repr's failure text.
BROKEN_VIEW = r"""
(() => {
  const text = document.querySelector('#jp-main-dock-panel').innerText;
  return ['Error displaying widget', 'model not found', 'repr failed'].filter(s => text.includes(s));
})()
"""
# Live views that JupyterLab shows as ipywidgets (where the kernel has their models) carry no repr
# header: they count for the header kinds test_browser expects of the static page.
WIDGET_VIEWS = r"""
[...document.querySelectorAll('.jp-OutputArea-output .jupyter-widgets.widget-vbox')].filter(el => {
  const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0;
}).length
"""
LIVE_KINDS = {"Device placement", "GPU memory"}
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# The colours a reader sees in a drawing: page background and a node label.
COLOURS = r"""
(() => {
  const lum = c => {
    const m = c.match(/[\d.]+/g).map(Number);
    return (0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]) / 255;
  };
  const panel = document.getElementById(window.jupyterapp.shell.currentWidget.id);
  const svg = panel.querySelector('.jp-OutputArea-output svg.tfs-graph');
  const page = getComputedStyle(panel.querySelector('.jp-Notebook')).backgroundColor;
  return {page: lum(page), label: svg ? lum(getComputedStyle(svg.querySelector('text')).fill) : null};
})()
"""


def _error_notebook() -> dict:
    """A cell that forgets a feed: what the error display looks like in the lab."""
    def code(source, tags=()):
        return {"cell_type": "code", "execution_count": None, "metadata": {"tags": list(tags)}, "outputs": [],
                "source": source}
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}}, "cells": [
        code("%load_ext ipython_ext\nimport tfsess as tf"),
        code("x = tf.placeholder(tf.float32, [None, 3], name='x')\ny = tf.reduce_sum(x * 2.0, name='y')"),
        code("sess = tf.get_default_session()\nsess.run(y)  # forgot feed_dict={x: ...}", tags=["raises-exception"]),
    ]}


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    for path in NOTEBOOKS:
        shutil.copy(path, root / path.name)
    if (ROOT / "notebooks" / "data").is_dir():
        shutil.copytree(ROOT / "notebooks" / "data", root / "data")
    (root / ERROR_NOTEBOOK).write_text(json.dumps(_error_notebook()))
    server = LabServer(root)
    try:
        with LabBrowser(timeout=60) as browser:
            page = LabPage(browser.new_page(width=1400, height=1000), server)
            page.load()
            page.console_errors()  # the lab's own start-up is not under test
            yield page
    finally:
        server.close()


def _shut_down_and_close(lab):
    lab.run("""for (const w of Array.from(window.jupyterapp.shell.widgets('main'))) {
                 if (w.sessionContext) { await w.sessionContext.shutdown(); } }
               return true""")
    lab.command("application:close-all")


WIDGET_VIEWS_XFAIL = ("the live views are ipywidgets: in JupyterLab they show no header and no peak marks, "
                      "and a saved notebook reopened without their kernel shows none of them")


def _check(name: str, seen: dict, widget_views: int):
    """test_browser's checks of what a reader sees. Live views shown as ipywidgets fall short of
    them (the static HTML the checks expect is only their fallback): an expected failure until the
    views are plain HTML updated by display_id."""
    if widget_views or (LIVE_KINDS & EXPECTED.get(name, {}).get("kinds", set())
                        and not LIVE_KINDS & {r["kind"] for r in seen["reprs"]}):
        try:
            check_page(name, seen)
        except AssertionError as e:
            pytest.xfail(f"{WIDGET_VIEWS_XFAIL} ({e})")
    check_page(name, seen)


def _clip(lab, selector: str, max_height: int = 600):
    """The page rectangle of the current notebook's first element matching `selector` (scrolled into
    view), or None."""
    return lab.page.evaluate(f"""(() => {{
        const panel = document.getElementById(window.jupyterapp.shell.currentWidget.id);
        const el = panel.querySelector({json.dumps(selector)});
        if (!el) return null;
        el.scrollIntoView({{block: 'start'}});
        const r = el.getBoundingClientRect();
        const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, innerHeight, top + {max_height});
        return {{x: Math.max(r.left, 0), y: top, width: Math.min(r.right, innerWidth) - Math.max(r.left, 0),
                 height: bottom - top}};
    }})()""")


def _screenshot(lab, selector: str, name: str, max_height: int = 600):
    clip = _clip(lab, selector, max_height)
    assert clip and clip["width"] > 20 and clip["height"] > 20, f"nothing to photograph for {name} ({selector})"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = lab.page.screenshot(SCREENSHOTS / f"{name}.png", clip=clip)
    if os.environ.get("TFSESS_UPDATE_DOCS_IMG") == "1":
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, DOCS_IMG / f"{name}.png")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_run_all_in_jupyterlab(path, lab):
    lab.open(path.name)
    try:
        started = time.monotonic()
        lab.run_all(RUN_ALL_TIMEOUT_S)
        lab.command("docmanager:save")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        lab.page.screenshot(SCREENSHOTS / f"lab-{path.stem}.png", full_page=False)
        seen, widgets = lab.page.evaluate(INSPECT), lab.page.evaluate(WIDGET_VIEWS)
        broken = lab.page.evaluate(BROKEN_VIEW)
        errors = lab.console_errors()
    finally:
        _shut_down_and_close(lab)
    assert broken == [], f"views that do not render: {broken}"
    assert errors == [], f"browser console errors after Run All ({time.monotonic() - started:.0f} s): {errors}"
    _check(path.stem, seen, widgets)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_saved_notebook_reopens_with_its_views(path, lab):
    """Reopened on a fresh kernel, without running anything: the saved outputs alone must show the views."""
    saved = json.loads((lab.server.root / path.name).read_text())
    if not any(c.get("execution_count") for c in saved["cells"] if c["cell_type"] == "code"):
        pytest.skip(f"{path.name} was not saved after a run (test_run_all_in_jupyterlab reports why)")
    lab.load()
    lab.console_errors()
    lab.open(path.name)
    try:
        time.sleep(1.0)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        lab.page.screenshot(SCREENSHOTS / f"lab-reopened-{path.stem}.png", full_page=False)
        seen, widgets = lab.page.evaluate(INSPECT), lab.page.evaluate(WIDGET_VIEWS)
        broken = lab.page.evaluate(BROKEN_VIEW)
        errors = lab.console_errors()
    finally:
        _shut_down_and_close(lab)
    if any(WIDGET_MIME in out.get("data", {}) for c in saved["cells"] for out in c.get("outputs", [])):
        pytest.xfail(f"{WIDGET_VIEWS_XFAIL} (views that do not render: {broken}; console: {errors[:1]})")
    assert errors == [], f"browser console errors on reopening: {errors}"
    assert broken == [], f"views of the saved notebook that do not render: {broken}"
    _check(path.stem, seen, widgets)


def test_themes_and_screenshots(lab):
    """A drawing, a live view and an error display, in the light and the dark theme."""
    for name in ("07_graph_tour.ipynb", "05_devices_and_memory.ipynb"):
        saved = json.loads((lab.server.root / name).read_text())
        if not any(c.get("outputs") for c in saved["cells"] if c["cell_type"] == "code"):
            pytest.skip(f"{name} was not saved after a run (test_run_all_in_jupyterlab reports why)")
    lab.load()
    lab.console_errors()
    lab.open(ERROR_NOTEBOOK)
    lab.run_all(RUN_ALL_TIMEOUT_S)
    text = lab.page.evaluate("document.getElementById(window.jupyterapp.shell.currentWidget.id).innerText")
    assert "You must feed a value for placeholder tensor 'x'" in text
    lab.open("05_devices_and_memory.ipynb")
    lab.run_all(RUN_ALL_TIMEOUT_S)  # live views need their kernel
    lab.console_errors()  # reopening 05 (test_saved_notebook_reopens_with_its_views) is not under test here
    shots = [("07_graph_tour.ipynb", ".jp-OutputArea-output svg.tfs-graph", "drawing", 600),
             ("05_devices_and_memory.ipynb", ".jp-OutputArea-output:has(.tfs-root, .jupyter-widgets)", "live-view",
              600),
             (ERROR_NOTEBOOK, ".jp-Cell:last-child .jp-OutputArea", "error", 98)]  # the head: what a reader sees first
    colours = {}
    try:
        for theme, suffix in ((LIGHT, "light"), (DARK, "dark")):
            lab.set_theme(theme)
            for name, selector, shot, height in shots:
                lab.open(name)  # 05 and 07 as Run All left them; the error notebook as just run
                time.sleep(1.0)
                if shot == "drawing":
                    colours[suffix] = lab.page.evaluate(COLOURS)
                _screenshot(lab, selector, f"{shot}-{suffix}", height)
        errors = lab.console_errors()
    finally:
        lab.set_theme(LIGHT)
        _shut_down_and_close(lab)
    assert colours["light"]["page"] > 0.8 and colours["light"]["label"] < 0.3, colours
    assert colours["dark"]["page"] < 0.3 and colours["dark"]["label"] > 0.7, colours
    assert errors == [], f"browser console errors: {errors}"
