#!/usr/bin/env bash
# Installs what tests/notebooks/test_browser.py needs: Debian's chromium (no downloaded browser
# builds) and fonts for it; the test drives it over the DevTools pipe with the standard library
# only. Safe to run twice; skips (exit 0) with a note when apt-get is unavailable, and the browser
# test then skips itself.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
    echo "browser_deps: $(chromium --version 2>/dev/null | head -n1) already installed"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "browser_deps: no apt-get here; the browser check will be skipped"
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "browser_deps: not root and no sudo; the browser check will be skipped"
        exit 0
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# --no-install-recommends keeps out printing, avahi and the like; fonts make text render.
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation fonts-dejavu-core >/dev/null
echo "browser_deps: $(chromium --version 2>/dev/null | head -n1) installed"
