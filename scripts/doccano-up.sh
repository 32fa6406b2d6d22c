#!/usr/bin/env bash
# Start the annotation server (thin wrapper over `khabar doccano up`; options pass through).
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/khabar doccano up "$@"
