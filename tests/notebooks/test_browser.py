"""The executed notebooks' HTML (nbconvert) rendered in headless Chromium, checked as a reader sees it.

For each notebook: the tfsess reprs show their rich part (the text fallback is hidden by their
stylesheet), graph drawings are visible SVGs with labelled nodes, the widget views show their
static HTML (bars, tables), plots are visible images, and nothing shows a traceback. Screenshots of
every page, and of the first graph drawing of each notebook, go to tests/_output/screenshots/.

Needs Debian's `chromium` (.ci/browser_deps.sh installs it) and nbconvert; skips without them.
The page is loaded offline: every host name fails to resolve, as on a machine without network.
"""
import pytest

from devtools_pipe import Browser, DevToolsError, find_chromium
from notebook_runs import IDS, NOTEBOOKS, SCREENSHOTS

# What each page must show: repr kinds (the header's first word), a graph drawing whose node labels
# include these names, the static widget views, and how many plots.
EXPECTED = {
    "01_sessions": {"kinds": {"tf.Tensor", "tf.InteractiveSession"}},
    "02_feeds_and_fetches": {"kinds": {"tf.Tensor", "Session.run", "tf.Graph"}, "graph_labels": {"hypotenuse"}},
    "03_variables_and_training": {"kinds": {"tf.Graph", "tf.Variable"}, "graph_labels": {"loss"}, "images": 1},
    "04_queues_and_readers": {"kinds": {"tf.Graph"}, "graph_labels": {"features"}},
    "05_devices_and_memory": {"kinds": {"Device placement", "GPU memory"}, "memory_bars": 2},
    "06_classifier": {"kinds": {"tf.Graph"}, "graph_labels": {"hidden", "conv1", "conv2"}, "images": 3},
    "07_graph_tour": {"kinds": {"tf.Graph", "tf.Tensor", "tf.Operation", "tf.Variable", "tf.RunMetadata",
                                "tf.InteractiveSession"}, "graph_labels": {"x", "layer", "out"}, "images": 1},
    "08_char_lstm": {"kinds": {"tf.Graph"}, "graph_labels": {"inputs", "rnn", "logits"}, "images": 1},
    "09_tensorboard_and_checkpoints": {"kinds": {"tf.Graph"}, "graph_labels": {"model", "objective"}, "images": 1},
}

# One pass over the page, in the browser: what a reader can see.
INSPECT = r"""
(() => {
  const visible = el => {
    if (!el) return false;
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.display !== 'none' && s.visibility !== 'hidden' && +s.opacity > 0;
  };
  const rect = el => {  // the part of el a reader sees: clipped by its scroll box and the page
    const r = el.getBoundingClientRect(), box = (el.closest('.tfs-svgbox') || el).getBoundingClientRect();
    const left = Math.max(r.left, box.left, 0), top = Math.max(r.top, box.top);
    const right = Math.min(r.right, box.right, document.documentElement.clientWidth), bottom = Math.min(r.bottom, box.bottom);
    return {x: left + scrollX, y: top + scrollY, width: Math.max(0, right - left), height: Math.max(0, bottom - top)};
  };
  const roots = [...document.querySelectorAll('.tfs-root')];
  return {
    reprs: roots.map(root => ({
      kind: (root.querySelector('.tfs-header .tfs-kind') || {}).textContent || '',
      rich: visible(root.querySelector('.tfs-wrap')),
      fallback: visible(root.querySelector('.tfs-text-repr-fallback')),
      text: (root.querySelector('.tfs-wrap') || root).innerText.slice(0, 400),
    })),
    svgs: [...document.querySelectorAll('.tfs-root svg.tfs-graph')].map(svg => ({
      visible: visible(svg), rect: rect(svg),
      nodes: [...svg.querySelectorAll('rect.tfs-node')].filter(visible).length,
      labels: [...svg.querySelectorAll('text')].map(t => t.textContent),
    })),
    memory_bars: [...document.querySelectorAll('.tfs-root .tfs-bar')].filter(visible).length,
    used_bars: [...document.querySelectorAll('.tfs-root .tfs-used')].filter(el => el.getBoundingClientRect().width > 0).length,
    peak_marks: [...document.querySelectorAll('.tfs-root .tfs-peak')].filter(
      el => visible(el) && el.getBoundingClientRect().left > el.parentElement.getBoundingClientRect().left).length,
    images: [...document.querySelectorAll('.jp-OutputArea-output img')].filter(
      img => visible(img) && img.complete && img.naturalWidth > 0).length,
    tracebacks: document.body.innerText.split('Traceback (most recent call last)').length - 1,
    cells: document.querySelectorAll('.jp-Cell').length,
  };
})()
"""

pytestmark = pytest.mark.skipif(find_chromium() is None,
                                reason="chromium is not installed (run .ci/browser_deps.sh)")


@pytest.fixture(scope="module")
def browser():
    pytest.importorskip("nbconvert")
    with Browser() as b:
        yield b


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_renders_in_chromium(path, browser, executed_notebooks):
    nb, error = executed_notebooks.get(path)
    if error is not None:
        pytest.skip(f"{path.name} did not execute cleanly (test_notebooks reports why)")
    html = executed_notebooks.html(path)
    assert html.exists(), "nbconvert wrote no HTML"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    page = browser.new_page(width=1200, height=900)
    try:
        page.goto(html.resolve().as_uri())
        seen = page.evaluate(INSPECT)
        page.screenshot(SCREENSHOTS / f"{path.stem}.png")
        if seen["svgs"]:
            page.screenshot(SCREENSHOTS / f"{path.stem}-graph.png", clip=seen["svgs"][0]["rect"])
    except DevToolsError as e:
        pytest.fail(f"chromium: {e}")
    finally:
        page.send("Page.close")
    check_page(path.stem, seen)


def check_page(name: str, seen: dict):
    expected = EXPECTED.get(name, {})
    assert seen["cells"] > 0, "the page shows no notebook cells"
    assert seen["tracebacks"] == 0, "the page shows a traceback"

    reprs = seen["reprs"]
    assert reprs, "no tfsess repr on the page"
    hidden = [r["kind"] or r["text"][:60] for r in reprs if not r["rich"]]
    assert not hidden, f"reprs whose rich HTML is not visible: {hidden}"
    shown_text = [r["kind"] for r in reprs if r["fallback"]]
    assert not shown_text, f"reprs that show their text fallback as well: {shown_text}"
    broken = [r["text"][:120] for r in reprs if "Traceback" in r["text"] or "repr failed" in r["text"]]
    assert not broken, broken
    missing = expected.get("kinds", set()) - {r["kind"] for r in reprs}
    assert not missing, f"expected reprs not on the page: {missing}; found {sorted({r['kind'] for r in reprs})}"

    for svg in seen["svgs"]:
        assert svg["visible"] and svg["rect"]["width"] > 50 and svg["rect"]["height"] > 30, svg["rect"]
        assert svg["nodes"] > 0, "a graph drawing with no visible nodes"
    if "graph_labels" in expected:
        assert seen["svgs"], "no graph drawing on the page"
        labels = {label for svg in seen["svgs"] for label in svg["labels"]}
        assert expected["graph_labels"] <= labels, f"missing node labels {expected['graph_labels'] - labels}"

    if "memory_bars" in expected:
        assert seen["memory_bars"] >= expected["memory_bars"], seen["memory_bars"]
        assert seen["used_bars"] > 0, "no memory bar shows memory in use"
        assert seen["peak_marks"] > 0, "no memory bar marks a peak"
    assert seen["images"] >= expected.get("images", 0), f"{seen['images']} plots visible"
