#!/usr/bin/env bash
# Runs a command with AWS_ENDPOINT_URL pointing at an AWS emulator: the one AWS_ENDPOINT_URL already names
# (LocalStack, or a moto server you run), or else a moto server started here from .venv and stopped afterwards.
# One emulator per run: tests and the demo share it and isolate themselves by resource-name prefixes.
set -euo pipefail
cd "$(dirname "$0")/.."
export AWS_REGION="${AWS_REGION:-us-east-1}"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
if [ -z "${AWS_ENDPOINT_URL:-}" ]; then
  scripts/venv.sh
  port="${CAIRN_EMULATOR_PORT:-5055}"
  if curl -fsS -o /dev/null "http://127.0.0.1:$port/moto-api/" 2>/dev/null; then
    echo "port $port already serves an emulator; stop it or set CAIRN_EMULATOR_PORT" >&2
    exit 1
  fi
  mkdir -p .local
  .venv/bin/python scripts/moto_server.py -H 127.0.0.1 -p "$port" > .local/moto.log 2>&1 &
  moto_pid=$!
  trap 'kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true' EXIT
  export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 150); do
    curl -fsS -o /dev/null "$AWS_ENDPOINT_URL/moto-api/" 2>/dev/null && break
    kill -0 "$moto_pid" 2>/dev/null || { echo "moto server did not start; see .local/moto.log" >&2; exit 1; }
    sleep 0.2
  done
fi
"$@"
