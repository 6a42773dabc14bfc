"""Runs each teaching notebook at most once per process, for test_notebooks and test_browser.

Executed copies and nbconvert HTML go to tests/_output/notebooks/ (kept after the run, for people
and for the browser check); screenshots go to tests/_output/screenshots/.
"""
import importlib.util
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "tests" / "_output"
EXECUTED = OUTPUT / "notebooks"
SCREENSHOTS = OUTPUT / "screenshots"
CELL_TIMEOUT_S = 120


def _load_runner():
    """notebooks/run.py as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("tfsess_notebooks_run", ROOT / "notebooks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


runner = _load_runner()
NOTEBOOKS = runner.notebooks()
IDS = [p.stem for p in NOTEBOOKS]


class ExecutedNotebooks:
    """name -> (executed notebook or None, its error or None); each notebook runs at most once."""

    def __init__(self):
        self._results = {}

    def get(self, path: pathlib.Path):
        if path.stem not in self._results:
            try:
                self._results[path.stem] = (runner.execute(path, EXECUTED, timeout=CELL_TIMEOUT_S), None)
            except Exception as e:  # noqa: BLE001 - the tests report it
                self._results[path.stem] = (None, e)
        return self._results[path.stem]

    @staticmethod
    def html(path: pathlib.Path) -> pathlib.Path:
        return EXECUTED / (path.stem + ".html")


CACHE = ExecutedNotebooks()
