"""TfMagics: %%tfgraph, %tfsession, %tfconfig, %tfreset, %tfplacement, %tfmemory."""
from __future__ import annotations

import ast
import contextlib

from IPython.core.error import UsageError
from IPython.core.magic import Magics, cell_magic, line_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring
from traitlets import TraitError, Unicode

from ipython_ext import html as h
from ipython_ext import board, settings, widgets
from ipython_ext.preview import summarise
from tfsess.framework.graph import get_default_graph
from tfsess.framework.graph_api import device


def show(shell, obj):
    """IPython's display(obj), through `shell` (display() itself goes to the singleton shell)."""
    data, metadata = shell.display_formatter.format(obj)
    if data:
        shell.display_pub.publish(data=data, metadata=metadata)


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
    @argument("--append", action="store_true", help="Keep the named graph's previous ops.")
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
        graph, sess = self._graph_for(args)
        with self._building(graph, sess, args.device):
            self._exec(cell)
        if args.run:
            show(self.shell, FetchResults(self._run(args.run, graph, sess, args.name)))
        if not args.no_show:
            show(self.shell, graph)

    def _graph_for(self, args):
        registry = self.ext.graphs
        if args.name is None:
            return get_default_graph(), self.ext.tfsession.session
        graph = registry.get_or_create(args.name) if args.append else registry.replace(args.name)
        return graph, registry.session(args.name, self.ext.tfsession.config_proto())

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
    @line_magic
    def tfsession(self, line):
        """Shows the default session: config, devices, variables and their state, open queues."""
        sess = self.ext.tfsession.session
        if sess is None:
            raise UsageError("No default session: %load_ext ipython_ext first.")
        show(self.shell, sess)

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

    @line_magic
    def tfplacement(self, line):
        """Shows which device each op of the default session's graph runs on (refreshed after each cell)."""
        show(self.shell, self.ext.views.add(widgets.PlacementView(lambda: self.ext.tfsession.session)))

    @line_magic
    def tfmemory(self, line):
        """Shows per-device memory in use, peak and limit (refreshed after each cell)."""
        show(self.shell, self.ext.views.add(widgets.MemoryView(lambda: self.ext.tfsession.session)))


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
