"""Fixtures shared by the test modules: a clean default graph per test."""
import pytest

import tfsess as tf


@pytest.fixture
def fresh_graph():
    """A new Graph, the default for the test's duration (the previous default comes back after)."""
    with tf.Graph().as_default() as g:
        yield g


@pytest.fixture
def reset_graph():
    """Resets the global default graph before the test."""
    tf.reset_default_graph()
    yield


@pytest.fixture
def g(fresh_graph):
    """`fresh_graph` under the short name most modules use."""
    return fresh_graph
