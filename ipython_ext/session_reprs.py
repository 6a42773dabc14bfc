"""HTML and plain-text reprs of Session and RunMetadata (the run-time side of tfsess)."""
from __future__ import annotations

from collections import defaultdict

from tfsess.client.session import get_default_session

from ipython_ext import introspect, widgets
from ipython_ext import html as h
from ipython_ext.settings import CONFIG_TRAITS

MAX_ROWS = 25


# ------------------------------------------------------------------ Session
def _config_items(sess) -> list:
    config = sess.config
    gpu = config.gpu_options
    values = {"allow_growth": gpu.allow_growth, "log_device_placement": config.log_device_placement,
              "allow_soft_placement": config.allow_soft_placement,
              "per_process_gpu_memory_fraction": gpu.per_process_gpu_memory_fraction,
              "visible_device_list": gpu.visible_device_list}
    return [(k, values[k]) for k in CONFIG_TRAITS]


def _kind(sess) -> str:
    return f"tf.{type(sess).__name__}"


def _is_default(sess) -> bool:
    return get_default_session() is sess


def _variable_rows(sess) -> list:
    rows = []
    for v in introspect.session_variables(sess):
        state = introspect.is_initialized(sess, v)
        rows.append((h.clip(v.op.name), v.dtype.base_dtype.name, str(v.shape),
                     {True: "initialised", False: "not initialised"}.get(state, "unknown")))
    return rows


def session_text(sess) -> str:
    closed = getattr(sess, "_closed", False)
    ops = len(sess.graph.get_operations())
    lines = [f"<{_kind(sess)} {'closed' if closed else 'open'}{', default' if _is_default(sess) else ''}; "
             f"graph with {h.plural(ops, 'op')}>"]
    lines.append("  config: " + " ".join(f"{k}={v!r}" for k, v in _config_items(sess)))
    if closed:
        return "\n".join(lines)
    for row in introspect.memory_rows(sess):  # the one source of device limits, as %tfmemory shows them
        lines.append(f"  device: {h.clip(row['name'], widgets.DEVICE_CHARS)} ({row.get('device_type')}, "
                     f"{widgets.memory_numbers(row)})")
    rows = _variable_rows(sess)
    if rows:
        done = sum(1 for r in rows if r[3] == "initialised")
        lines.append(f"  variables: {done} of {len(rows)} initialised")
        lines += [f"    {name} {dtype} {shape}: {state}" for name, dtype, shape, state in rows[:MAX_ROWS]]
    queues = introspect.open_queues(sess)
    for name, size, state in queues[:MAX_ROWS]:
        lines.append(f"  queue: {name} ({state}, size {size if size is not None else '?'})")
    return "\n".join(lines)


def session_html(sess) -> str:
    return h.wrap(session_body(sess), session_text(sess))


def session_body(sess, key=None, *extra_badges) -> h.Markup:
    """The session's rich view; section ids derive from `key` when given (a live view's stay stable)."""
    closed = getattr(sess, "_closed", False)
    badges = [h.badge("closed", "warn") if closed else h.badge("open", "ok")]
    if _is_default(sess):
        badges.append(h.badge("default"))
    graph = sess.graph
    top = h.kv_table([("target", h.clip(repr(sess.sess_str))),
                      ("graph", h.plural(len(graph.get_operations()), "op"))])
    sections = [top, h.section("Config", h.kv_table((k, h.clip(repr(v))) for k, v in _config_items(sess)),
                               open_=False, key=key and f"{key}-config")]
    if not closed:
        sections += _open_sections(sess, key)
    return h.join([h.header(_kind(sess), f"{id(sess):#x}", *badges, *extra_badges)] + sections)


def _open_sections(sess, key) -> list:
    devices = introspect.memory_rows(sess)
    out = [h.section("Devices", widgets.memory_html(devices), len(devices), key=key and f"{key}-devices")]
    rows = _variable_rows(sess)
    if rows:
        done = sum(1 for r in rows if r[3] == "initialised")
        out.append(h.section(f"Variables, {done} initialised",
                             h.table(["name", "dtype", "shape", "state"], rows, MAX_ROWS, "variables"), len(rows),
                             key=key and f"{key}-variables"))
    queues = introspect.open_queues(sess)
    if queues:
        out.append(h.section("Queues", h.table(["name", "size", "state"], queues, MAX_ROWS, "queues"), len(queues),
                             key=key and f"{key}-queues"))
    return out


class SessionView(widgets.View):
    """`%tfsession`: the default session's config, devices, variables and queues."""

    title, kind = "Session", "session"

    def _read(self, sess):
        return sess

    def _body(self, sess, key, badge):
        return session_body(sess, key, badge)  # the session's own header, with the view's badge

    def _plain(self, sess):
        return session_text(sess)


# ------------------------------------------------------------------ RunMetadata
def _devices(md) -> list:
    return list(getattr(getattr(md, "step_stats", None), "dev_stats", []) or [])


def _node_rows(md) -> list:
    rows = []
    for dev in _devices(md):
        for ns in dev.node_stats:
            rows.append((h.clip(ns.node_name), h.clip(dev.device, widgets.DEVICE_CHARS), int(ns.all_end_rel_micros),
                         int(ns.all_start_micros)))
    return rows


def run_metadata_text(md) -> str:
    devices, rows = _devices(md), _node_rows(md)
    lines = [f"<tf.RunMetadata: {len(rows)} node stats on {h.plural(len(devices), 'device')}, "
             f"{len(getattr(md, 'partition_graphs', []))} partition graphs>"]
    per_device = defaultdict(lambda: [0, 0])
    for _, device, micros, _ in rows:
        per_device[device][0] += 1
        per_device[device][1] += micros
    for device, (count, micros) in per_device.items():
        lines.append(f"  {device}: {h.plural(count, 'node')}, {micros} us")
    for name, device, micros, _ in sorted(rows, key=lambda r: -r[2])[:10]:
        lines.append(f"    {name}: {micros} us")
    return "\n".join(lines)


def run_metadata_html(md) -> str:
    devices, rows = _devices(md), _node_rows(md)
    per_device = defaultdict(lambda: [0, 0])
    for _, device, micros, _ in rows:
        per_device[device][0] += 1
        per_device[device][1] += micros
    sections = [h.section("Devices", h.table(["device", "nodes", "total op time (us)"],
                                             [(d, c, m) for d, (c, m) in per_device.items()], MAX_ROWS),
                          len(per_device))]
    if rows:
        slowest = [(n, d, m) for n, d, m, _ in sorted(rows, key=lambda r: -r[2])]
        sections.append(h.section("Slowest nodes", h.table(["node", "device", "time (us)"], slowest, 10, "nodes"),
                                  len(rows)))
    badges = [h.badge(f"{len(rows)} node stats"), h.badge(h.plural(len(devices), "device"))]
    body = h.join([h.header("tf.RunMetadata", "step stats", *badges)] + sections)
    return h.wrap(body, run_metadata_text(md))
