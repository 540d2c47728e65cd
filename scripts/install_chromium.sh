#!/usr/bin/env bash
# Install Debian's Chromium for the headless browser tests of the HTML reports.
#
# Idempotent: does nothing when /usr/bin/chromium is already there. Runs
# apt-get as root, or through sudo when not root and sudo exists. Playwright's
# own browser download cannot work on machines without internet, so the tests
# drive this system Chromium instead.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    echo "chromium already installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    echo "install_chromium.sh: $CHROMIUM is missing and this user ($(id -un)) is not root" >&2
    echo "and has no sudo; install Debian's 'chromium' package by hand." >&2
    exit 1
fi

"${SUDO[@]}" apt-get update
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

if [ ! -x "$CHROMIUM" ]; then
    echo "install_chromium.sh: apt-get finished but $CHROMIUM is still missing" >&2
    exit 1
fi
echo "chromium installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
