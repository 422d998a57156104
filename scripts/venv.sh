#!/usr/bin/env bash
# Creates the project-local .venv with the pinned Python tools (moto, aws-sam-cli, cfn-lint).
# Re-installs only when requirements-dev.txt changed since the last successful install.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=.venv/.requirements-installed
if [ -f "$stamp" ] && cmp -s requirements-dev.txt "$stamp"; then
  exit 0
fi
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=23"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
cp requirements-dev.txt "$stamp"
echo "python tools installed in .venv"
