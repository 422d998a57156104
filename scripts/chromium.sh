#!/usr/bin/env bash
# Installs Debian's chromium for the real-browser test (HubPageBrowserTest) when it is missing. `make test` runs
# this as root on CI; elsewhere it uses sudo when it can, and otherwise says what to run.
set -euo pipefail

if [[ -x /usr/bin/chromium ]]; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "chromium.sh: /usr/bin/chromium is missing and there is no apt-get here; install Chromium by hand" >&2
  exit 1
fi
as_root=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    echo "chromium.sh: /usr/bin/chromium is missing; run: sudo apt-get update && sudo apt-get install -y chromium" >&2
    exit 1
  fi
fi
echo "chromium.sh: installing chromium (apt-get) for the real-browser test"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null
/usr/bin/chromium --version
