#!/usr/bin/env bash
# Stop the annotation server started by scripts/doccano-up.sh (wrapper over `khabar doccano down`).
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/khabar doccano down "$@"
