#!/usr/bin/env bash
# Browser tests run in Debian's chromium (no browser downloads). On a fresh machine this
# installs it when we are root with apt; otherwise it says what to install and fails.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  command -v chromium >/dev/null 2>&1 && exit 0
fi
echo "The browser tests need Chromium on the PATH as 'chromium' (Debian: apt-get install chromium)." >&2
exit 1
