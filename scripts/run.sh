#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, and starts AttentionScope on the
# bundled default model (or on the model folder given as the first argument).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
exec build/app/attnscope "$@"
