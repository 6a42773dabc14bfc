"""HTML and plain-text reprs of tfsess objects: one `(html, text)` pair of functions per type.

Each HTML repr is `html.wrap(body, text)`: the text repr comes first as a `<pre>` fallback, so
sanitising front-ends still show something. All user strings (names, devices, attr values,
string tensor values) go through the escaping builders of ipython_ext.html.
"""
from __future__ import annotations

from collections import Counter

from tfsess.client.session import get_default_session
from tfsess.framework.graph import get_default_graph

from ipython_ext import graph_svg, introspect, tracking
from ipython_ext import html as h
from ipython_ext.preview import preview, summarise
from ipython_ext.state import graphs

MAX_ROWS = 25


def _shape(t) -> str:
    return h.clip(t.shape, 200)


def _device(d: str) -> str:
    return h.clip(d, 200) if d else "(not set)"


def _n(obj) -> str:
    """An object's name, bounded (names are the user's strings)."""
    return h.clip(obj.name)


def _t(op) -> str:
    return h.clip(op.type, 80)


# ------------------------------------------------------------------ Tensor
def tensor_text(t) -> str:
    p = preview(t)
    value = p.text if p.ok else f"({p.reason})"
    lines = [f"<tf.Tensor '{_n(t)}' shape={_shape(t)} dtype={t.dtype.name}>",
             f"  op: {_t(t.op)} '{_n(t.op)}'   device: {_device(t.device)}"]
    lines += ["  value: " + value.replace("\n", "\n         ")]
    return "\n".join(lines)


def tensor_html(t) -> str:
    p = preview(t)
    body = h.join([
        h.header("tf.Tensor", _n(t), h.badge(t.dtype.name), h.badge(_shape(t))),
        h.kv_table([("op", h.join([h.code(_t(t.op)), " ", h.tag("span", f"'{_n(t.op)}'", "tfs-muted")])),
                    ("dtype", t.dtype.name), ("shape", _shape(t)), ("device", _device(t.device)),
                    ("consumers", ", ".join(h.clip(c.name, 40) for c in t.consumers()[:8]) or None)]),
        _value_section(p),
    ])
    return h.wrap(body, tensor_text(t))


def _value_section(p) -> h.Markup:
    return h.value_block(p.text) if p.ok else h.tag("div", h.reason(p.reason))


# ------------------------------------------------------------------ Operation
def operation_text(op) -> str:
    lines = [f"<tf.Operation '{_n(op)}' type={_t(op)}>", f"  device: {_device(op.device)}"]
    lines += [f"  input:  {_n(t)} {t.dtype.name} {_shape(t)}" for t in op.inputs[:MAX_ROWS]]
    lines += [f"  output: {_n(t)} {t.dtype.name} {_shape(t)}" for t in op.outputs[:MAX_ROWS]]
    lines += [f"  control input: {_n(c)}" for c in op.control_inputs[:MAX_ROWS]]
    return "\n".join(lines)


def _attr_rows(op) -> list:
    attrs = getattr(op, "_attrs", {})
    return [(h.clip(k, 80), h.code(h.clip(_attr_value(v), 120))) for k, v in sorted(attrs.items())
            if not k.startswith("_")][:MAX_ROWS]


def _attr_value(v) -> str:
    if hasattr(v, "name") and hasattr(v, "is_ref_dtype"):
        return v.name  # a DType
    if hasattr(v, "shape") and hasattr(v, "dtype") and hasattr(v, "ndim"):  # a Const's array
        return " ".join(summarise(v).split())
    return repr(v)


def operation_html(op) -> str:
    tensors = lambda ts: h.table(["name", "dtype", "shape"],  # noqa: E731
                                 [(_n(t), t.dtype.name, _shape(t)) for t in ts[:MAX_ROWS]], MAX_ROWS, "tensors")
    sections = [h.kv_table([("type", h.code(_t(op))), ("device", _device(op.device))])]
    if op.inputs:
        sections.append(h.section("Inputs", tensors(op.inputs), len(op.inputs)))
    if op.outputs:
        sections.append(h.section("Outputs", tensors(op.outputs), len(op.outputs)))
    if op.control_inputs:
        sections.append(h.section("Control inputs", h.join(h.code(_n(c)) for c in op.control_inputs[:MAX_ROWS]),
                                  len(op.control_inputs)))
    attrs = _attr_rows(op)
    if attrs:
        sections.append(h.section("Attributes", h.kv_table(attrs), len(attrs), open_=False))
    body = h.join([h.header("tf.Operation", _n(op), h.badge(_t(op)))] + sections)
    return h.wrap(body, operation_text(op))


# ------------------------------------------------------------------ Graph
MAX_GRAPH_TEXT_OPS = 40
MAX_DRAWING_CHARS = 400_000


def _op_line(op) -> str:
    """`name = Type(input, input, ...)`, the structure of one op in the graph's text fallback."""
    inputs = [h.clip(t.name, 80) for t in op.inputs[:8]] + (["..."] if len(op.inputs) > 8 else [])
    controls = f" after {', '.join(h.clip(c.name, 80) for c in op.control_inputs[:4])}" if op.control_inputs else ""
    return f"{h.clip(op.name, 120)} = {_t(op)}({', '.join(inputs)}){controls}"


def graph_text(g) -> str:
    ops = g.get_operations()
    types = Counter(op.type for op in ops).most_common(8)
    lines = [f"<tf.Graph with {h.plural(len(ops), 'op')}{' (finalized)' if g.finalized else ''}>"]
    if types:
        lines.append("  op types: " + ", ".join(f"{h.clip(t, 80)} x{n}" for t, n in types))
        lines += ["    " + _op_line(op) for op in ops[:MAX_GRAPH_TEXT_OPS]]
        if len(ops) > MAX_GRAPH_TEXT_OPS:
            lines.append(f"    ... {len(ops) - MAX_GRAPH_TEXT_OPS} more ops")
    for key in g.get_all_collection_keys()[:MAX_ROWS]:
        lines.append(f"  collection '{h.clip(key)}': {h.plural(len(g.get_collection(key)), 'item')}")
    return "\n".join(lines)


def graph_html(g, title: str = "") -> str:
    ops = g.get_operations()
    extras = [h.badge(h.plural(len(ops), "op"))] + ([h.badge("finalized", "warn")] if g.finalized else [])
    sections = []
    if ops:
        svg_html, note = graph_svg.graph_drawing(g)
        if len(svg_html) > MAX_DRAWING_CHARS:  # a bounded repr, whatever the names in the graph
            svg_html, note = "", f"drawing left out: {len(svg_html):,} characters of SVG (more than {MAX_DRAWING_CHARS:,})"
        drawing = h.join([svg_html,
                          h.tag("div", note, "tfs-muted") if note else ""])
        sections.append(h.section("Drawing", drawing))
        types = [(h.clip(t, 80), n) for t, n in Counter(op.type for op in ops).most_common()]
        sections.append(h.section("Op types", h.table(["type", "count"], types, MAX_ROWS, "types"),
                                  len(types), open_=False))
    keys = g.get_all_collection_keys()
    if keys:
        rows = [(h.clip(k), len(g.get_collection(k))) for k in keys]
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
def _open(sess):
    return sess is not None and not getattr(sess, "_closed", False)


def session_for(graph):
    """(session, how it was found) to read `graph`'s variables from: the default session when it runs
    this graph, else the session that last ran it, else its %%tfgraph session; (None, why not)."""
    sess = get_default_session()
    if _open(sess) and sess.graph is graph:
        return sess, "in the default session"
    ref = tracking.last_sessions.get(graph)
    sess = ref() if ref is not None else None
    if _open(sess):
        return sess, "in the session that last ran this graph"
    name = graphs.name_of(graph)
    sess = graphs.session_of(graph)
    if sess is not None:
        return sess, f"in the session of tfgraphs[{name!r}]"
    return None, "no session has run this graph yet"


def _variable_state(v):
    sess, where = session_for(v.graph)
    if sess is None:
        return None, None, where
    initialized = introspect.is_initialized(sess, v)
    value = sess.variable_value(v) if initialized else None
    state = {True: "initialised", False: "not initialised", None: "unknown"}[initialized]
    return initialized, value, f"{state} {where}"


def variable_text(v) -> str:
    initialized, value, state = _variable_state(v)
    lines = [f"<tf.Variable '{_n(v)}' shape={h.clip(v.shape, 200)} dtype={v.dtype.base_dtype.name}>", f"  device: {_device(v.device)}   trainable: {v.trainable}   {state}"]
    if value is not None:
        lines.append("  value: " + summarise(value).replace("\n", "\n         "))
    return "\n".join(lines)


def variable_html(v) -> str:
    initialized, value, state = _variable_state(v)
    tone = {True: "ok", False: "warn"}.get(initialized, "")
    rows = [("dtype", v.dtype.base_dtype.name), ("shape", h.clip(v.shape, 200)), ("device", _device(v.device)),
            ("trainable", str(v.trainable)), ("initializer", h.code(_n(v.initializer))),
            ("initial value", h.code(_n(v.initial_value)))]
    value_html = h.value_block(summarise(value)) if value is not None else h.tag("div", h.reason(state))
    body = h.join([h.header("tf.Variable", _n(v.op), h.badge(v.dtype.base_dtype.name), h.badge(h.clip(v.shape, 200)),
                            h.badge(state, tone)),
                   h.kv_table(rows), value_html])
    return h.wrap(body, variable_text(v))


# ------------------------------------------------------------------ sparse
def sparse_tensor_text(st) -> str:
    p = preview(st)
    head = (f"<tf.SparseTensor indices={_n(st.indices)} values={_n(st.values)} "
            f"dense_shape={_n(st.dense_shape)} dtype={st.dtype.name} shape={h.clip(st.shape, 200)}>")
    return head + "\n  " + (p.text if p.ok else f"({p.reason})").replace("\n", "\n  ")


def sparse_tensor_html(st) -> str:
    p = preview(st)
    rows = [("indices", h.code(_n(st.indices))), ("values", h.code(_n(st.values))),
            ("dense_shape", h.code(_n(st.dense_shape))), ("dtype", st.dtype.name), ("shape", h.clip(st.shape, 200))]
    body = h.join([h.header("tf.SparseTensor", _n(st.values.op), h.badge(st.dtype.name),
                            h.badge(h.clip(st.shape, 200))),
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
