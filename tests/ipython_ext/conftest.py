"""Fixtures: a fresh IPython shell per test whose run_cell raises (jupysql's TestingShell)."""
import pytest
from IPython.core.displaypub import CapturingDisplayPublisher
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config

import ipython_ext
import tfsess as tf


class TestingShell(InteractiveShell):
    """An InteractiveShell whose run_cell re-raises the cell's exception (IPython swallows it)."""

    def run_cell(self, raw_cell, *args, **kwargs):
        result = super().run_cell(raw_cell, *args, **kwargs)
        result.raise_error()
        return result

    def displayed(self, mime="text/html"):
        """What display() published so far, for one mime type."""
        return [out["data"][mime] for out in self.display_pub.outputs if mime in out["data"]]

    def format(self, obj):
        return self.display_formatter.format(obj)[0]


def _new_shell():
    config = Config()
    config.HistoryAccessor.enabled = False  # SQLite history leaks file handles across many shells
    shell = TestingShell(config=config)
    shell.display_pub = CapturingDisplayPublisher()
    return shell


@pytest.fixture
def bare_shell():
    """A shell without the extension (unloaded again after the test if the test loaded it)."""
    tf.reset_default_graph()
    shell = _new_shell()
    yield shell
    ipython_ext.unload_ipython_extension(shell)
    tf.reset_default_graph()


@pytest.fixture
def ip(bare_shell):
    """A shell with `%load_ext ipython_ext` done and `tf` imported in the user namespace."""
    bare_shell.run_line_magic("load_ext", "ipython_ext")
    bare_shell.run_cell("import tfsess as tf")
    return bare_shell
