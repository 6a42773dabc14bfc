"""Every teaching notebook runs top to bottom on a real kernel without an error.

The notebooks assert what they teach, so a clean run is a test of the library, the extension and
the prose's claims at once. Executed copies and HTML: tests/_output/notebooks/.
"""
import pytest

from notebook_runs import IDS, NOTEBOOKS, runner


def test_there_are_notebooks():
    names = [p.stem for p in NOTEBOOKS]
    assert names == sorted(names) and len(names) >= 7, names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_executes(path, executed_notebooks):
    nb, error = executed_notebooks.get(path)
    if error is not None:
        pytest.fail(f"{path.name} failed; executed copy in {executed_notebooks.html(path).parent}\n"
                    + runner.plain(str(error))[-4000:], pytrace=False)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code), "a code cell did not run"
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors, errors


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_is_committed_without_outputs(path):
    import nbformat
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = [i for i, c in enumerate(nb.cells)
             if c.cell_type == "code" and (c.outputs or c.execution_count is not None)]
    assert not dirty, f"{path.name}: cells {dirty} have outputs; strip them before committing"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    assert any("%load_ext ipython_ext" in c.source for c in nb.cells if c.cell_type == "code")
