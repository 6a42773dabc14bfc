"""Registers the reprs with IPython's display formatter, by type; unregistering restores it exactly.

The table `reprs_by_type()` is the one place to add a type: `(class, html_fn, text_fn)`.
`unregister` puts back exactly what each formatter had registered for the type before (or nothing:
`for_type`'s own return value would be an inherited printer, e.g. tuple's for SparseTensorValue).
"""
from __future__ import annotations

import logging

from tfsess.client.config import RunMetadata
from tfsess.client.session import BaseSession
from tfsess.data.dataset_ops import Dataset
from tfsess.framework.graph import Graph
from tfsess.framework.operation import Operation, Tensor
from tfsess.framework.sparse_tensor import SparseTensor, SparseTensorValue
from tfsess.ops.variables import Variable

from ipython_ext import data_reprs, reprs, session_reprs

log = logging.getLogger(__name__)


def reprs_by_type() -> list:
    return [
        (Tensor, reprs.tensor_html, reprs.tensor_text),
        (Operation, reprs.operation_html, reprs.operation_text),
        (Graph, reprs.graph_html, reprs.graph_text),
        (Variable, reprs.variable_html, reprs.variable_text),
        (SparseTensor, reprs.sparse_tensor_html, reprs.sparse_tensor_text),
        (SparseTensorValue, reprs.sparse_value_html, reprs.sparse_value_text),
        (BaseSession, session_reprs.session_html, session_reprs.session_text),
        (RunMetadata, session_reprs.run_metadata_html, session_reprs.run_metadata_text),
        (Dataset, data_reprs.dataset_html, data_reprs.dataset_text),
    ]


def _guarded(fn):
    # A repr must never break a cell's output: on failure, fall back to the next formatter.
    def html(obj):
        try:
            return fn(obj)
        except Exception:  # noqa: BLE001
            log.exception("tfsess HTML repr of %s failed", type(obj).__name__)
            return None
    return html


def _pretty(fn):
    def text(obj, p, cycle):
        try:
            p.text(fn(obj))
        except Exception:  # noqa: BLE001
            log.exception("tfsess text repr of %s failed", type(obj).__name__)
            p.text(repr(obj))
    return text


class FormatterSet:
    """The (formatter, type, previous function) triples this extension registered."""

    def __init__(self, display_formatter):
        self._formatters = display_formatter.formatters
        self._saved = []

    def register(self):
        html_fmt, text_fmt = self._formatters["text/html"], self._formatters["text/plain"]
        for typ, html_fn, text_fn in reprs_by_type():
            for fmt, fn in ((html_fmt, _guarded(html_fn)), (text_fmt, _pretty(text_fn))):
                had = typ in fmt.type_printers
                self._saved.append((fmt, typ, had, fmt.type_printers.get(typ)))
                fmt.for_type(typ, fn)

    def unregister(self):
        for fmt, typ, had, previous in reversed(self._saved):
            fmt.pop(typ, None)
            if had:
                fmt.for_type(typ, previous)
        self._saved = []

    def __len__(self):
        return len(self._saved)
