"""The loaded extension: what `load` adds to a shell, `unload` removes, in mirror order."""
from __future__ import annotations

from ipython_ext import html as h
from ipython_ext import state
from ipython_ext.errors import ErrorDisplay
from ipython_ext.formatters import FormatterSet
from ipython_ext.magics import TfMagics
from ipython_ext.settings import TfSession
from ipython_ext.tracking import GrowthTracker
from ipython_ext.widgets import Views

USER_NS_NAME = "tfgraphs"


def load_ipython_extension(shell):
    """Adds the default session, magics, reprs, configurable and hooks to `shell` (idempotent)."""
    current = state.loaded.get("ext")
    if current is not None:
        if current.shell is shell:
            return
        unload_ipython_extension(current.shell)  # one extension per process: it owns the default session
    ext = Extension(shell, state.graphs)
    ext.load()
    state.loaded["ext"] = ext


def unload_ipython_extension(shell):
    """Removes everything load_ipython_extension added and closes the default session."""
    ext = state.loaded.get("ext")
    if ext is None or ext.shell is not shell:
        return
    del state.loaded["ext"]
    ext.unload()


def loaded_extension():
    """The loaded Extension, or None."""
    return state.loaded.get("ext")


class Extension:
    """One shell's extension state: default session, magics, reprs, hooks, graphs and views."""

    def __init__(self, shell, graphs):
        self.shell = shell
        self.graphs = graphs
        self.tfsession = TfSession(parent=shell)
        self.magics = TfMagics(shell, self)
        self.formatters = FormatterSet(shell.display_formatter)
        self.tracker = GrowthTracker()
        self.views = Views(shell)
        self.errors = ErrorDisplay(graphs.retired)
        self.cell_id = None  # the running cell's id, where the front-end sends one

    def load(self):
        self.tfsession.start()
        self.shell.configurables.append(self.tfsession)
        self.shell.register_magics(self.magics)
        self.formatters.register()
        self.tracker.install()
        self.shell.events.register("pre_run_cell", self.pre_run_cell)
        self.shell.events.register("post_run_cell", self.post_run_cell)
        self.shell.push({USER_NS_NAME: self.graphs})
        self.errors.install(self.shell)
        self.shell.display_pub.publish(data=h.stylesheet_bundle(), metadata={})  # once, shared by every repr

    def unload(self):
        self.errors.uninstall(self.shell)
        self.shell.drop_by_id({USER_NS_NAME: self.graphs})
        self.shell.events.unregister("post_run_cell", self.post_run_cell)
        self.shell.events.unregister("pre_run_cell", self.pre_run_cell)
        self.tracker.uninstall()
        self.formatters.unregister()
        self._unregister_magics()
        self.shell.configurables.remove(self.tfsession)
        self.tfsession.stop()
        self.graphs.clear()
        self.views.close()

    def _unregister_magics(self):
        # IPython has register_magics but no inverse: remove exactly the functions we added.
        table = self.shell.magics_manager.magics
        for kind, names in self.magics.magics.items():
            for name in names:
                fn = table[kind].get(name)
                if getattr(fn, "__self__", None) is self.magics:
                    del table[kind][name]
        registry = self.shell.magics_manager.registry
        if registry.get(type(self.magics).__name__) is self.magics:
            del registry[type(self.magics).__name__]
        if self.magics in self.shell.configurables:  # register_magics made it a configurable too
            self.shell.configurables.remove(self.magics)

    # -------------------------------------------------------------- cell hooks
    def pre_run_cell(self, info=None):
        self.cell_id = getattr(info, "cell_id", None)
        self.tracker.start_cell()
        self.views.start_timer()

    def post_run_cell(self, result=None):
        source = getattr(getattr(result, "info", None), "raw_cell", None) or ""
        self.views.stop_timer()
        self.views.refresh()
        self.tracker.finish_cell(source, self._graph_label, self._file_label)

    def _graph_label(self, graph):
        name = self.graphs.name_of(graph)
        return f"tfgraphs[{name!r}]" if name is not None else None

    def _file_label(self, filename):
        named = self.shell.compile.format_code_name(filename)
        return f"{named[0]} {named[1]}" if named else None
