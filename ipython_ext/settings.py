"""`TfSession`: the kernel's default session and its configuration, settable with `%config`.

`%config TfSession.allow_growth=False` (or `%tfconfig allow_growth=False`, or
`c.TfSession.allow_growth = False` in ipython_config.py) restarts the default session with the
new ConfigProto; the restart says what state the old session held and dropped.
"""
from __future__ import annotations

import contextlib
import sys

from traitlets import Bool, Float, Unicode, observe
from traitlets.config import Configurable

from ipython_ext import introspect
from tfsess.client.config import ConfigProto, GPUOptions
from tfsess.client.session import InteractiveSession
from tfsess.framework.default_session import process_default_session, set_process_default_session
from tfsess.framework.graph import reset_default_graph

CONFIG_TRAITS = ("allow_growth", "log_device_placement", "allow_soft_placement",
                 "per_process_gpu_memory_fraction", "visible_device_list")


class TfSession(Configurable):
    """The process-wide default tfsess.InteractiveSession of this kernel."""

    allow_growth = Bool(True, help="Grow GPU memory on demand (TF's InteractiveSession default).").tag(config=True)
    log_device_placement = Bool(False, help="Log each op's device to stderr when a graph is placed.").tag(config=True)
    allow_soft_placement = Bool(False, help="Fall back to the CPU for ops with no kernel on the requested "
                                            "device, or a device that does not exist.").tag(config=True)
    per_process_gpu_memory_fraction = Float(0.0, min=0.0, max=1.0,
                                            help="Cap each GPU's pool at this fraction of its memory "
                                                 "(0 = no cap).").tag(config=True)
    visible_device_list = Unicode("", help="Comma-separated GPU ids this session sees ('' = all).").tag(config=True)

    def __init__(self, **kwargs):
        self.session = None  # before the config is loaded: loading it notifies _restart_on_change
        self._holding = False
        super().__init__(**kwargs)

    # -------------------------------------------------------------- the session
    def config_proto(self):
        """A ConfigProto built from the traits."""
        gpu = GPUOptions(allow_growth=self.allow_growth,
                         per_process_gpu_memory_fraction=self.per_process_gpu_memory_fraction,
                         visible_device_list=self.visible_device_list)
        return ConfigProto(log_device_placement=self.log_device_placement,
                           allow_soft_placement=self.allow_soft_placement, gpu_options=gpu)

    def start(self):
        """Creates the InteractiveSession and makes it every thread's fallback default."""
        self.session = InteractiveSession(config=self.config_proto())
        set_process_default_session(self.session)
        return self.session

    def stop(self) -> dict:
        """Closes the session (releasing its memory); returns what state it dropped."""
        sess, self.session = self.session, None
        if sess is None:
            return introspect.state_summary(None)
        dropped = introspect.state_summary(sess)
        if process_default_session() is sess:
            set_process_default_session(None)
        sess.close()
        return dropped

    def restart(self) -> str:
        """Closes and reopens the default session; says what was dropped."""
        dropped = self.stop()
        self.start()
        return f"Restarted the default session ({self.describe()}); {introspect.describe_dropped(dropped)}."

    def reset(self) -> str:
        """tf.reset_default_graph() and a fresh default session on the new graph."""
        dropped = self.stop()
        reset_default_graph()
        self.start()
        return f"Reset the default graph and restarted the default session; {introspect.describe_dropped(dropped)}."

    def configure(self, **changes) -> str:
        """Sets several traits, then restarts once."""
        with self._hold():
            for name, value in changes.items():
                setattr(self, name, value)
        return self.restart()

    def describe(self) -> str:
        return " ".join(f"{name}={getattr(self, name)!r}" for name in CONFIG_TRAITS)

    @contextlib.contextmanager
    def _hold(self):
        self._holding = True
        try:
            yield
        finally:
            self._holding = False

    @observe(*CONFIG_TRAITS)
    def _restart_on_change(self, change):
        # `%config TfSession.x=...` sets one trait: restart so the session uses it.
        if self.session is not None and not self._holding and change["old"] != change["new"]:
            print(self.restart(), file=sys.stdout)
