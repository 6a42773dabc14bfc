"""HTML and plain-text reprs of tfsess objects: one `(html, text)` pair of functions per type.

Each HTML repr is `html.wrap(body, text)`: the text repr comes first as a `<pre>` fallback, so
sanitising front-ends still show something. All user strings (names, devices, attr values,
string tensor values) go through the escaping builders of ipython_ext.html.
"""
from __future__ import annotations

from collections import Counter

from tfsess.client.session import get_default_session
from tfsess.framework.graph import get_default_graph

from ipython_ext import graph_svg, introspect
from ipython_ext import html as h
from ipython_ext.preview import preview, summarise
from ipython_ext.state import graphs

MAX_ROWS = 25


def _shape(t) -> str:
    return str(t.shape)


def _device(d: str) -> str:
    return d or "(not set)"


# ------------------------------------------------------------------ Tensor
def tensor_text(t) -> str:
    p = preview(t)
    value = p.text if p.ok else f"({p.reason})"
    lines = [repr(t), f"  op: {t.op.type} '{t.op.name}'   device: {_device(t.device)}"]
    lines += ["  value: " + value.replace("\n", "\n         ")]
    return "\n".join(lines)


def tensor_html(t) -> str:
    p = preview(t)
    body = h.join([
        h.header("tf.Tensor", t.name, h.badge(t.dtype.name), h.badge(_shape(t))),
        h.kv_table([("op", h.join([h.code(t.op.type), " ", h.tag("span", f"'{t.op.name}'", "tfs-muted")])),
                    ("dtype", t.dtype.name), ("shape", _shape(t)), ("device", _device(t.device)),
                    ("consumers", ", ".join(h.truncate(c.name, 40) for c in t.consumers()[:8]) or None)]),
        _value_section(p),
    ])
    return h.wrap(body, tensor_text(t))


def _value_section(p) -> h.Markup:
    return h.value_block(p.text) if p.ok else h.tag("div", h.reason(p.reason))


# ------------------------------------------------------------------ Operation
def operation_text(op) -> str:
    lines = [repr(op), f"  device: {_device(op.device)}"]
    lines += [f"  input:  {t.name} {t.dtype.name} {t.shape}" for t in op.inputs[:MAX_ROWS]]
    lines += [f"  output: {t.name} {t.dtype.name} {t.shape}" for t in op.outputs[:MAX_ROWS]]
    lines += [f"  control input: {c.name}" for c in op.control_inputs[:MAX_ROWS]]
    return "\n".join(lines)


def _attr_rows(op) -> list:
    attrs = getattr(op, "_attrs", {})
    return [(k, h.code(h.truncate(_attr_value(v), 120))) for k, v in sorted(attrs.items())
            if not k.startswith("_")][:MAX_ROWS]


def _attr_value(v) -> str:
    if hasattr(v, "name") and hasattr(v, "is_ref_dtype"):
        return v.name
    if hasattr(v, "shape") and hasattr(v, "dtype") and hasattr(v, "ndim"):  # a Const's array
        return " ".join(summarise(v).split())
    return repr(v)


def operation_html(op) -> str:
    tensors = lambda ts: h.table(["name", "dtype", "shape"],  # noqa: E731
                                 [(t.name, t.dtype.name, _shape(t)) for t in ts], MAX_ROWS, "tensors")
    sections = [h.kv_table([("type", h.code(op.type)), ("device", _device(op.device))])]
    if op.inputs:
        sections.append(h.section("Inputs", tensors(op.inputs), len(op.inputs)))
    if op.outputs:
        sections.append(h.section("Outputs", tensors(op.outputs), len(op.outputs)))
    if op.control_inputs:
        sections.append(h.section("Control inputs", h.join(h.code(c.name) for c in op.control_inputs[:MAX_ROWS]),
                                  len(op.control_inputs)))
    attrs = _attr_rows(op)
    if attrs:
        sections.append(h.section("Attributes", h.kv_table(attrs), len(attrs), open_=False))
    body = h.join([h.header("tf.Operation", op.name, h.badge(op.type))] + sections)
    return h.wrap(body, operation_text(op))


# ------------------------------------------------------------------ Graph
def graph_text(g) -> str:
    ops = g.get_operations()
    types = Counter(op.type for op in ops).most_common(8)
    lines = [f"<tf.Graph with {len(ops)} ops{' (finalized)' if g.finalized else ''}>"]
    if types:
        lines.append("  op types: " + ", ".join(f"{t} x{n}" for t, n in types))
    for key in g.get_all_collection_keys()[:MAX_ROWS]:
        lines.append(f"  collection {key!r}: {len(g.get_collection(key))} items")
    return "\n".join(lines)


def graph_html(g, title: str = "") -> str:
    ops = g.get_operations()
    extras = [h.badge(f"{len(ops)} ops")] + ([h.badge("finalized", "warn")] if g.finalized else [])
    sections = []
    if ops:
        svg_html, note = graph_svg.graph_drawing(g)
        drawing = h.join([svg_html,
                          h.tag("div", note, "tfs-muted") if note else ""])
        sections.append(h.section("Drawing", drawing))
        types = Counter(op.type for op in ops).most_common()
        sections.append(h.section("Op types", h.table(["type", "count"], types, MAX_ROWS, "types"),
                                  len(types), open_=False))
    keys = g.get_all_collection_keys()
    if keys:
        rows = [(k, len(g.get_collection(k))) for k in keys]
        sections.append(h.section("Collections", h.table(["collection", "items"], rows, MAX_ROWS), len(rows),
                                  open_=False))
    body = h.join([h.header("tf.Graph", title or _graph_title(g), *extras)] + sections)
    return h.wrap(body, graph_text(g))


def _graph_title(g) -> str:
    for name, graph in graphs.items():
        if graph is g:
            return f"tfgraphs[{name!r}]"
    return "default graph" if g is get_default_graph() else f"{id(g):#x}"


# ------------------------------------------------------------------ Variable
def _default_session_for(graph):
    sess = get_default_session()
    return sess if sess is not None and sess.graph is graph and not getattr(sess, "_closed", False) else None


def _variable_state(v):
    sess = _default_session_for(v.graph)
    if sess is None:
        return None, None, "no default session on this graph"
    initialized = introspect.is_initialized(sess, v)
    value = sess.variable_value(v) if initialized else None
    state = {True: "initialised", False: "not initialised", None: "unknown"}[initialized]
    return initialized, value, f"{state} in the default session"


def variable_text(v) -> str:
    initialized, value, state = _variable_state(v)
    lines = [repr(v), f"  device: {_device(v.device)}   trainable: {v.trainable}   {state}"]
    if value is not None:
        lines.append("  value: " + summarise(value).replace("\n", "\n         "))
    return "\n".join(lines)


def variable_html(v) -> str:
    initialized, value, state = _variable_state(v)
    tone = {True: "ok", False: "warn"}.get(initialized, "")
    rows = [("dtype", v.dtype.base_dtype.name), ("shape", str(v.shape)), ("device", _device(v.device)),
            ("trainable", str(v.trainable)), ("initializer", h.code(v.initializer.name)),
            ("initial value", h.code(v.initial_value.name))]
    value_html = h.value_block(summarise(value)) if value is not None else h.tag("div", h.reason(state))
    body = h.join([h.header("tf.Variable", v.op.name, h.badge(v.dtype.base_dtype.name), h.badge(str(v.shape)),
                            h.badge(state, tone)),
                   h.kv_table(rows), value_html])
    return h.wrap(body, variable_text(v))


# ------------------------------------------------------------------ sparse
def sparse_tensor_text(st) -> str:
    p = preview(st)
    head = (f"<tf.SparseTensor indices={st.indices.name} values={st.values.name} "
            f"dense_shape={st.dense_shape.name} dtype={st.dtype.name} shape={st.shape}>")
    return head + "\n  " + (p.text if p.ok else f"({p.reason})").replace("\n", "\n  ")


def sparse_tensor_html(st) -> str:
    p = preview(st)
    rows = [("indices", h.code(st.indices.name)), ("values", h.code(st.values.name)),
            ("dense_shape", h.code(st.dense_shape.name)), ("dtype", st.dtype.name), ("shape", str(st.shape))]
    body = h.join([h.header("tf.SparseTensor", st.values.op.name, h.badge(st.dtype.name), h.badge(str(st.shape))),
                   h.kv_table(rows), _value_section(p)])
    return h.wrap(body, sparse_tensor_text(st))


def sparse_value_text(v) -> str:
    nnz = len(v.values) if hasattr(v.values, "__len__") else "?"
    return f"SparseTensorValue(nnz={nnz}, dense_shape={list(v.dense_shape)})\n" + summarise(v)


def sparse_value_html(v) -> str:
    nnz = len(v.values) if hasattr(v.values, "__len__") else "?"
    rows = [("non-zeros", str(nnz)), ("dense shape", str(list(v.dense_shape)))]
    body = h.join([h.header("tf.SparseTensorValue", f"nnz={nnz}"), h.kv_table(rows),
                   h.value_block(summarise(v))])
    return h.wrap(body, sparse_value_text(v))
