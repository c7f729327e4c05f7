#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, and starts AttentionScope on the
# bundled default model. Until the desktop app lands, it shows the command-line view of a test model.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
model=tests/data/torch/encdec-post-relu
build/app/attnscope-cli info "$model"
build/app/attnscope-cli generate --model "$model" --text "${1:-the cat sees a dog}"
