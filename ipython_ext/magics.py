"""TfMagics: %%tfgraph, %tfsession, %tfconfig, %tfreset, %tfplacement, %tfmemory."""
from __future__ import annotations

import ast
import contextlib

from IPython.core.error import UsageError
from IPython.core.magic import Magics, cell_magic, line_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring
from IPython.utils.capture import capture_output
from traitlets import TraitError, Unicode

from ipython_ext import html as h
from ipython_ext import board, settings, widgets
from ipython_ext.preview import summarise
from ipython_ext.registry import BuildCell
from ipython_ext.session_reprs import SessionView
from tfsess.framework.graph import get_default_graph
from tfsess.framework.graph_api import device


def show(shell, obj):
    """IPython's display(obj), through `shell` (display() itself goes to the singleton shell)."""
    data, metadata = shell.display_formatter.format(obj)
    if data:
        shell.display_pub.publish(data=data, metadata=metadata)


LIVE_HELP = ("Keep this output up to date (after each cell, and every second while a cell runs) instead of "
             "showing a snapshot of now.")


@magics_class
class TfMagics(Magics):
    """The tfsess magics; `ext` is the loaded extension (session, graph registry, live views)."""

    def __init__(self, shell, ext):
        super().__init__(shell)
        self.ext = ext

    tfboard = line_magic(board.tfboard)  # %tfboard LOGDIR: summaries inline (ipython_ext/board.py)

    # -------------------------------------------------------------- %%tfgraph
    @magic_arguments("%tfgraph")  # IPython prefixes one more "%": the usage reads %%tfgraph
    @argument("name", nargs="?", default=None,
              help="Build the cell in the named graph (kept in `tfgraphs[NAME]`); re-running the cell "
                   "replaces that graph instead of adding duplicate ops. Without a name the cell adds "
                   "to the default graph.")
    @argument("--append", action="store_true",
              help="Add to the named graph. Re-running an --append cell replaces what it added last time: "
                   "the graph is rebuilt from the cells that built it, with this cell's new code in its place.")
    @argument("--device", metavar="SPEC", help="Build the cell's ops under tf.device(SPEC).")
    @argument("--run", metavar="FETCH[,FETCH]",
              help="After the cell, run these fetches (Python variables or tensor/op names) in the "
                   "graph's session and display their values.")
    @argument("--no-show", action="store_true", dest="no_show", help="Do not display the graph.")
    @cell_magic
    def tfgraph(self, line, cell):
        """Runs the cell with a tfsess graph as the default graph, then displays the graph."""
        args = parse_argstring(self.tfgraph, line)
        if args.name is not None and not args.name.isidentifier():
            raise UsageError(f"%%tfgraph: graph name must be an identifier, got {args.name!r}")
        if args.name is None:
            graph, sess = get_default_graph(), self.ext.tfsession.session
            with self._building(graph, sess, args.device):
                self._exec(cell)
        else:
            graph, sess = self._build_named(args.name, args.append, BuildCell(self._cell_key(cell), cell, args.device))
        if args.run:
            show(self.shell, FetchResults(self._run(args.run, graph, sess, args.name)))
        if not args.no_show:
            show(self.shell, graph)

    def _cell_key(self, cell: str) -> str:
        """The cell's id where the front-end sends one, else its first non-blank line."""
        cell_id = getattr(self.ext, "cell_id", None)
        if cell_id:
            return f"id:{cell_id}"
        return "line:" + next((ln.strip() for ln in cell.splitlines() if ln.strip()), "")

    def _build_named(self, name, append, this):
        registry = self.ext.graphs
        config = self.ext.tfsession.config_proto()
        rebuild = registry.add_cell(name, this) if append else None
        if append and rebuild is None:  # a new --append cell: add to the graph as it is
            graph = registry.get_or_create(name)
            sess = registry.session(name, config)
            with self._building(graph, sess, this.device):
                self._exec(this.source)
            return graph, sess
        graph = registry.replace(name)
        sess = registry.session(name, config)
        if not append:
            registry.start_cells(name, this)
        for cell in rebuild or [this]:
            with self._building(graph, sess, cell.device):
                if cell is this:
                    self._exec(cell.source)
                else:
                    with capture_output():  # the other cells' prints and displays were shown when they ran
                        self._exec(cell.source)
        return graph, sess

    @contextlib.contextmanager
    def _building(self, graph, sess, device_spec):
        with contextlib.ExitStack() as stack:
            stack.enter_context(graph.as_default())
            if sess is not None and sess.graph is graph:
                stack.enter_context(sess.as_default())
            if device_spec:
                stack.enter_context(device(device_spec))
            yield

    def _exec(self, cell):
        __tracebackhide__ = True  # IPython leaves this frame out of users' tracebacks
        code = self.shell.transform_cell(cell)
        filename = self.shell.compile.cache(code, self.shell.execution_count)
        exec(compile(code, filename, "exec"), self.shell.user_global_ns, self.shell.user_ns)  # noqa: S102

    def _run(self, spec, graph, sess, name):
        where = f"graph {name!r}" if name else "the default graph"
        fetches = []
        for item in (s.strip() for s in spec.split(",")):
            if not item:
                continue
            if item in self.shell.user_ns:
                fetches.append((item, self.shell.user_ns[item]))
                continue
            try:
                fetches.append((item, graph.as_graph_element(item)))
            except (KeyError, ValueError, TypeError):
                raise UsageError(f"--run: {item!r} is neither a Python variable nor a tensor or op in {where}") \
                    from None
        if sess is None or sess.graph is not graph:
            raise UsageError(f"--run: no open session on {where}")
        values = sess.run([obj for _, obj in fetches])
        return list(zip([n for n, _ in fetches], values))

    # -------------------------------------------------------------- line magics
    def _view(self, view_class, line, magic):
        args = parse_argstring(magic, line)
        view = view_class(lambda: self.ext.tfsession.session, live=args.live)
        self.ext.views.add(view)
        view.publish(self.shell)

    @magic_arguments()
    @argument("--live", action="store_true", help=LIVE_HELP)
    @line_magic
    def tfsession(self, line):
        """Shows the default session: config, devices, variables and their state, open queues."""
        if self.ext.tfsession.session is None:
            raise UsageError("No default session: %load_ext ipython_ext first.")
        self._view(SessionView, line, self.tfsession)

    @magic_arguments()
    @argument("settings", nargs="*", metavar="KEY=VALUE",
              help=f"Session options: {', '.join(settings.CONFIG_TRAITS)}. Without any, shows them.")
    @line_magic
    def tfconfig(self, line):
        """Sets default-session options and restarts it, saying what state was dropped."""
        args = parse_argstring(self.tfconfig, line)
        tfs = self.ext.tfsession
        if not args.settings:
            print(tfs.describe())
            return
        changes = dict(_parse_setting(s) for s in args.settings)
        try:
            print(tfs.configure(**changes))
        except TraitError as e:
            raise UsageError(f"%tfconfig: {e}") from None

    @line_magic
    def tfreset(self, line):
        """tf.reset_default_graph() and a fresh default session (works with the InteractiveSession open)."""
        try:
            print(self.ext.tfsession.reset())
        except AssertionError as e:
            raise UsageError(f"%tfreset: {e}") from None

    @magic_arguments()
    @argument("--live", action="store_true", help=LIVE_HELP)
    @line_magic
    def tfplacement(self, line):
        """Shows which device each op of the default session's graph runs on (a snapshot of now)."""
        self._view(widgets.PlacementView, line, self.tfplacement)

    @magic_arguments()
    @argument("--live", action="store_true", help=LIVE_HELP)
    @line_magic
    def tfmemory(self, line):
        """Shows per-device memory in use, peak and limit (a snapshot of now)."""
        self._view(widgets.MemoryView, line, self.tfmemory)


def _parse_setting(text: str):
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or key not in settings.CONFIG_TRAITS:
        raise UsageError(f"%tfconfig: expected KEY=VALUE with KEY one of {', '.join(settings.CONFIG_TRAITS)}, "
                         f"got {text!r}")
    raw = raw.strip()
    if isinstance(settings.TfSession.class_traits()[key], Unicode):
        return key, raw.strip("'\"")
    lowered = raw.lower()
    if lowered in ("true", "false"):
        return key, lowered == "true"
    try:
        return key, ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        return key, raw


class FetchResults:
    """The values `%%tfgraph --run` fetched, as a small table."""

    def __init__(self, pairs):
        self.pairs = pairs

    def _text(self) -> str:
        return "\n".join(f"{name} = " + summarise_any(v).replace("\n", "\n" + " " * (len(name) + 3))
                         for name, v in self.pairs)

    def _repr_html_(self) -> str:
        rows = [(h.code(name), h.value_block(summarise_any(v))) for name, v in self.pairs]
        return h.wrap(h.join([h.header("Session.run", "fetches"), h.table(["fetch", "value"], rows)]), self._text())

    def _repr_pretty_(self, p, cycle):
        p.text(self._text())


def summarise_any(value) -> str:
    return "None (an operation)" if value is None else summarise(value)
