"""A JupyterLab server on 127.0.0.1 for the browser test, and a page driving it through its app object.

The server runs on a copy of the notebooks, a free port and a random token, with its own settings
(no news or update checks, notebook windowing off so every cell is laid out, the extension
manager off: the test runs offline) and `expose_app_in_browser`, which puts the application on
`window.jupyterapp` so the test runs JupyterLab's own commands (Run All, save, change theme).
"""
from __future__ import annotations

import importlib.util
import json
import os
import pathlib
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from devtools_pipe import Browser, DevToolsError

SETTINGS = {  # plugin id -> settings, written as LabApp's user settings
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/extensionmanager-extension/plugin": {"enabled": False},
    "@jupyterlab/apputils-extension/themes": {"theme": "JupyterLab Light"},
}
LIGHT, DARK = "JupyterLab Light", "JupyterLab Dark"


class LabBrowser(Browser):
    """The offline browser, except that it reaches the lab on 127.0.0.1."""

    FLAGS = tuple(f for f in Browser.FLAGS if not f.startswith("--host-resolver-rules")) + (
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",)


def jupyterlab_available() -> bool:
    return importlib.util.find_spec("jupyterlab") is not None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    """`jupyter lab` serving `root` until close(); `url(path)` carries the token."""

    def __init__(self, root: pathlib.Path, start_timeout: float = 120.0):
        self.root = root
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self._home = pathlib.Path(tempfile.mkdtemp(prefix="tfsess-lab-"))
        settings = self._home / "settings"
        for plugin, values in SETTINGS.items():
            folder, name = plugin.rsplit("/", 1)
            path = settings / folder / f"{name}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(self._home / "runtime"),
                   JUPYTERLAB_WORKSPACES_DIR=str(self._home / "workspaces"))
        self._log = open(self._home / "server.log", "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
             f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={root}",
             f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={self._home / 'workspaces'}",
             "--LabApp.expose_app_in_browser=True", "--LabApp.extension_manager=readonly",
             "--ServerApp.port_retries=0"] + (["--allow-root"] if os.geteuid() == 0 else []),
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT, env=env, cwd=root)
        self._wait_ready(start_timeout)

    def url(self, path: str = "lab") -> str:
        return f"http://127.0.0.1:{self.port}/{path}?token={self.token}"

    def _wait_ready(self, timeout: float):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("jupyter lab exited: " + self.log_tail())
            try:
                with urllib.request.urlopen(self.url("api/status"), timeout=5) as reply:
                    if reply.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.5)
        raise RuntimeError("jupyter lab did not start in time: " + self.log_tail())

    def log_tail(self) -> str:
        self._log.flush()
        return (self._home / "server.log").read_text(errors="replace")[-3000:]

    def close(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


class LabPage:
    """One browser tab on the lab: open notebooks, run JupyterLab commands, collect console errors."""

    def __init__(self, page, server: LabServer):
        self.page, self.server = page, server
        page.send("Log.enable")

    def load(self, timeout: float = 120.0):
        """Loads the lab (a fresh workspace) and waits until the application has started."""
        self.page.goto(self.server.url("lab/workspaces/auto-test") + "&reset", timeout=timeout)
        self.wait("!!(window.jupyterapp && window.jupyterapp.shell && document.querySelector('#jp-main-dock-panel'))",
                  timeout, "the lab did not start")
        self.run("await window.jupyterapp.started; await window.jupyterapp.restored; return true")

    def run(self, body: str):
        """Runs `body` (JavaScript, may await) in the page and returns its JSON value."""
        return self.page.evaluate(f"(async () => {{ {body} }})()")

    def wait(self, expression: str, timeout: float, what: str):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.page.evaluate(expression):
                    return
            except DevToolsError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"{what} (after {timeout:.0f} s)")

    def open(self, path: str, timeout: float = 120.0):
        """Opens a notebook and waits for its kernel to be ready."""
        self.run(f"""
            const widget = await window.jupyterapp.commands.execute('docmanager:open', {{path: {json.dumps(path)}}});
            await widget.context.ready; await widget.sessionContext.ready;
            window.jupyterapp.shell.activateById(widget.id); return true""")
        self.wait(f"""(() => {{ const w = window.jupyterapp.shell.currentWidget;
                     return !!(w && w.context && w.context.path === {json.dumps(path)} && w.sessionContext.session
                               && w.sessionContext.session.kernel
                               && w.sessionContext.session.kernel.connectionStatus === 'connected'
                               && w.sessionContext.session.kernel.status === 'idle'); }})()""",
                  timeout, f"{path}: the kernel did not start")

    def run_all(self, timeout: float):
        """Run All on the current notebook, then waits until every code cell has run and the kernel is idle."""
        self.run("await window.jupyterapp.commands.execute('notebook:run-all-cells'); return true")
        self.wait("""(() => { const w = window.jupyterapp.shell.currentWidget;
                    const cells = w.content.widgets.filter(c => c.model.type === 'code');
                    return w.sessionContext.session.kernel.status === 'idle'
                           && cells.every(c => c.model.executionCount !== null); })()""",
                  timeout, "Run All did not finish")

    def command(self, name: str, args: dict = None):
        return self.run(f"await window.jupyterapp.commands.execute({json.dumps(name)}, {json.dumps(args or {})});"
                        " return true")

    def set_theme(self, theme: str, timeout: float = 30.0):
        self.command("apputils:change-theme", {"theme": theme})
        light = "true" if theme == LIGHT else "false"
        self.wait(f"document.body.dataset.jpThemeLight === '{light}' && "
                  f"document.body.dataset.jpThemeName === {json.dumps(theme)}", timeout, f"theme {theme} not applied")
        time.sleep(1.0)  # the theme's stylesheet applies after the attribute flips

    def console_errors(self) -> list:
        """Errors the page logged (console.error, uncaught exceptions, failed loads) since the last call.

        Errors of pages from another server (the TensorBoard a notebook embeds, then stops) are not
        the lab's nor the extension's, and are left out.
        """
        found, kept = [], []
        lab_origin = f"http://127.0.0.1:{self.server.port}/"
        for event in self.page.browser.events:
            if event.get("sessionId") != self.page.session:
                kept.append(event)
                continue
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") == "error":
                text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
                found.append((text, _first_frame_url(params.get("stackTrace"))))
            elif method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                found.append((details.get("exception", {}).get("description", "exception"),
                              details.get("url") or _first_frame_url(details.get("stackTrace"))))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                entry = params["entry"]
                found.append((f"{entry.get('text', '')} {entry.get('url', '')}".strip(), entry.get("url", "")))
        found = [text for text, url in found if not (url.startswith("http") and not url.startswith(lab_origin))]
        self.page.browser.events[:] = kept
        return found


def _first_frame_url(stack_trace) -> str:
    """The script URL of a CDP stack trace's innermost frame ('' when there is none)."""
    frames = (stack_trace or {}).get("callFrames") or [{}]
    return frames[0].get("url", "")
