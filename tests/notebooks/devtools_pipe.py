"""Headless Chromium driven over the DevTools protocol on a pipe, with the standard library only.

`chromium --remote-debugging-pipe` reads JSON commands from file descriptor 3 and writes
replies and events to descriptor 4, each message ending in a NUL byte (what Puppeteer's
`pipe: true` uses). No websocket client, no Playwright, no browser download: the system's
Debian `chromium` is enough.

    with Browser() as browser:
        page = browser.new_page(width=1200, height=900)
        page.goto("file:///tmp/x.html")
        title = page.evaluate("document.title")
        page.screenshot("/tmp/x.png")
"""
from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from typing import Optional

# Runs in the child before chromium: its fd 3 reads our commands, its fd 4 writes the replies
# (a tiny exec wrapper rather than preexec_fn, which is unsafe with threads).
_WIRE = """
import fcntl, os, sys
r, w = int(sys.argv[1]), int(sys.argv[2])
r3, w4 = fcntl.fcntl(r, fcntl.F_DUPFD, 10), fcntl.fcntl(w, fcntl.F_DUPFD, 10)  # never 3 or 4
os.dup2(r3, 3)
os.dup2(w4, 4)
for fd in {r, w, r3, w4} - {3, 4}:
    os.close(fd)
os.execv(sys.argv[3], sys.argv[3:])
"""

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> Optional[str]:
    """The browser executable: $CHROMIUM, else the first of CANDIDATES on PATH, else None."""
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


class DevToolsError(RuntimeError):
    """The browser answered a command with an error, or did not answer in time."""


class Browser:
    """One headless Chromium process; `new_page()` opens tabs in it."""

    FLAGS = ("--headless", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
             "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
             "--mute-audio", "--disable-extensions", "--disable-background-networking", "--disable-sync",
             # Offline by construction: every host name fails at once (nbconvert pages name CDNs).
             "--host-resolver-rules=MAP * ~NOTFOUND")

    def __init__(self, executable: Optional[str] = None, timeout: float = 30.0):
        self.executable = executable or find_chromium()
        if not self.executable:
            raise FileNotFoundError("no chromium executable found (install Debian's `chromium`)")
        self.timeout = timeout
        self._next_id = 0
        self._buffer = b""
        self.events = []
        self._profile = tempfile.mkdtemp(prefix="tfsess-chromium-")
        self._log = tempfile.TemporaryFile()  # chromium's stderr (a pipe nobody reads could fill up)
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        self.process = subprocess.Popen(
            [sys.executable, "-c", _WIRE, str(to_browser_r), str(from_browser_w), self.executable, *self.FLAGS,
             f"--user-data-dir={self._profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._log,
            pass_fds=(to_browser_r, from_browser_w))
        os.close(to_browser_r)
        os.close(from_browser_w)

    # ------------------------------------------------------------------ protocol
    def send(self, method: str, params: Optional[dict] = None, session: Optional[str] = None,
             timeout: Optional[float] = None) -> dict:
        """Sends one command and returns its result (events that arrive meanwhile go to .events)."""
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise DevToolsError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for_event(self, method: str, session: Optional[str] = None, timeout: Optional[float] = None) -> dict:
        """The first event `method` (of `session`) not yet consumed, waiting for it if need be."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            for i, event in enumerate(self.events):
                if event.get("method") == method and (session is None or event.get("sessionId") == session):
                    return self.events.pop(i)
            self.events.append(self._read(deadline))

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise DevToolsError("chromium did not answer in time")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise DevToolsError("chromium closed the DevTools pipe: " + self._stderr_tail())
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def _stderr_tail(self) -> str:
        self._log.seek(0)
        return self._log.read().decode(errors="replace")[-2000:]

    # ------------------------------------------------------------------ pages
    def new_page(self, width: int = 1200, height: int = 900) -> "Page":
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        page.send("Page.enable")
        page.send("Runtime.enable")
        page.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        return page

    def close(self):
        try:
            if self.process.poll() is None:
                self.send("Browser.close", timeout=5)
        except (DevToolsError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass
        self._log.close()
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Page:
    """One tab: navigate, evaluate JavaScript, take screenshots."""

    def __init__(self, browser: Browser, session: str):
        self.browser, self.session = browser, session

    def send(self, method: str, params: Optional[dict] = None, timeout: Optional[float] = None) -> dict:
        return self.browser.send(method, params, self.session, timeout)

    def goto(self, url: str, timeout: float = 30.0):
        """Loads `url` and waits for its load event."""
        self.send("Page.navigate", {"url": url})
        self.browser.wait_for_event("Page.loadEventFired", self.session, timeout)

    def evaluate(self, expression: str):
        """The JSON value of a JavaScript expression (exceptions raise DevToolsError)."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True})
        if "exceptionDetails" in result:
            raise DevToolsError(f"{expression[:80]}...: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path, clip: Optional[dict] = None, full_page: bool = True) -> str:
        """Writes a PNG of the page (all of it, or the `clip` rectangle {x, y, width, height})."""
        params = {"format": "png", "captureBeyondViewport": full_page or clip is not None}
        if clip is not None:
            params["clip"] = {**clip, "scale": 1}
        elif full_page:
            size = self.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            params["clip"] = {"x": 0, "y": 0, "width": size[0], "height": min(size[1], 16000), "scale": 1}
        data = self.send("Page.captureScreenshot", params, timeout=60)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
        return str(path)
