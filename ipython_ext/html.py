"""Small escape-always HTML builders and the stylesheet (xarray's recipe, no JavaScript).

Every builder escapes the strings it is given. Already-built HTML travels as `Markup` (a str
subclass), which the builders pass through unescaped; nothing else is ever trusted.
"""
from __future__ import annotations

import functools
import html
import importlib.resources
import uuid
from typing import Iterable, Optional, Sequence


class Markup(str):
    """HTML that a builder produced: safe to embed as is."""

    __slots__ = ()


def esc(value) -> Markup:
    """`value` as HTML: Markup passes through, anything else is str()-ed and escaped."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value), quote=True))


def join(parts: Iterable, sep: str = "") -> Markup:
    return Markup(esc(sep).join(esc(p) for p in parts))


#: What every repr carries inline: the text fallback hidden, the rich part shown, sections that
#: collapse. The full stylesheet (colours, themes, bars) is displayed once, when the extension loads.
INLINE_CSS = (".tfs-root .tfs-text-repr-fallback{display:none}.tfs-root .tfs-wrap{display:block!important}"
              ".tfs-root .tfs-section>input{display:none}.tfs-root .tfs-section>label{cursor:pointer}"
              ".tfs-root .tfs-section>.tfs-body{display:none;padding-left:1.2em}"
              ".tfs-root .tfs-section>input:checked+label+.tfs-body{display:block}")


@functools.lru_cache(maxsize=None)
def stylesheet() -> str:
    """The CSS, read once from the package's static folder."""
    return importlib.resources.files("ipython_ext").joinpath("static/style.css").read_text(encoding="utf-8")


def stylesheet_bundle() -> dict:
    """The stylesheet as a display of its own (HTML only: a terminal prints nothing for it)."""
    return {"text/html": f"<style>{stylesheet()}</style>"}


def wrap(body, text: str) -> str:
    """A complete repr: a small inline style, a `<pre>` text fallback (hidden by it) and the rich body.

    Front-ends that sanitise HTML (untrusted notebooks, GitHub) drop the <style> and the inline
    `display:none` keeps the rich part hidden, so they show the text. Colours and the rest come from
    the stylesheet the extension displayed once when it loaded (the page shares it).
    """
    return (f"<div class='tfs-root'><style>{INLINE_CSS}</style>"
            f"<pre class='tfs-text-repr-fallback'>{esc(text)}</pre>"
            f"<div class='tfs-wrap' style='display:none'>{esc(body)}</div></div>")


def tag(name: str, content="", cls: Optional[str] = None, title: Optional[str] = None, **attrs) -> Markup:
    """`<name class=cls title=title ...>content</name>` with every value escaped."""
    if cls:
        attrs["class"] = cls
    if title:
        attrs["title"] = title
    attr_html = "".join(f" {k.rstrip('_')}='{esc(v)}'" for k, v in attrs.items())
    return Markup(f"<{name}{attr_html}>{esc(content)}</{name}>")


def header(kind: str, name, *extras) -> Markup:
    parts = [tag("span", kind, "tfs-kind"), tag("span", name, "tfs-name")] + [esc(e) for e in extras]
    return tag("div", join(parts), "tfs-header")


def badge(text: str, tone: str = "") -> Markup:
    return tag("span", text, f"tfs-badge tfs-{tone}" if tone else "tfs-badge")


def code(text) -> Markup:
    return tag("code", text)


def value_block(text: str) -> Markup:
    return tag("pre", text, "tfs-value")


def reason(text: str) -> Markup:
    return tag("span", text, "tfs-reason")


def kv_table(rows: Iterable[tuple]) -> Markup:
    """A two-column table of (key, value) rows; rows whose value is None are left out."""
    body = join(tag("tr", join([tag("th", k), tag("td", v)])) for k, v in rows if v is not None)
    return tag("table", body, "tfs-table")


def table(headers: Sequence[str], rows: Sequence[Sequence], limit: int = 50, what: str = "rows") -> Markup:
    """A table of at most `limit` rows, saying how many more there were."""
    head = tag("tr", join(tag("th", h) for h in headers))
    body = join(tag("tr", join(tag("td", c) for c in row)) for row in rows[:limit])
    more = Markup("")
    if len(rows) > limit:
        more = tag("div", f"... {len(rows) - limit} more {what}", "tfs-muted")
    return join([tag("table", join([head, body]), "tfs-table"), more])


def section(title: str, body, count: Optional[int] = None, open_: bool = True, key: Optional[str] = None) -> Markup:
    """A section that collapses with a checkbox and its label.

    The checkbox id is `key`-derived when given (a live view re-sent keeps its ids), else fresh."""
    uid = f"tfs-{key}" if key else f"tfs-{uuid.uuid4().hex[:12]}"
    label = f"{title} ({count})" if count is not None else title
    checked = " checked" if open_ else ""
    return Markup(f"<div class='tfs-section'><input type='checkbox' id='{esc(uid)}'{checked}>"
                  f"{tag('label', label, for_=uid)}{tag('div', body, 'tfs-body')}</div>")


def clip(text, limit: int = 200) -> str:
    """`text` cut to `limit` characters with an ellipsis and its full length (user strings are unbounded)."""
    text = str(text)
    return text if len(text) <= limit else f"{text[:limit]}\u2026 ({len(text):,} chars)"


def truncate(text: str, limit: int = 80) -> str:
    """`text` in at most `limit` characters (for drawings, where the width is fixed)."""
    text = str(text)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def plural(n: int, word: str) -> str:
    """'1 op', '2 ops'."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def human_bytes(n) -> str:
    if n is None:
        return "n/a"
    n = float(n)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(n) < 1024 or unit == "TiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TiB"
