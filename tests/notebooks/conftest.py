import pytest

import notebook_runs


@pytest.fixture(scope="session")
def executed_notebooks():
    """The notebooks, each executed once on a real kernel (see notebook_runs.py)."""
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    return notebook_runs.CACHE
