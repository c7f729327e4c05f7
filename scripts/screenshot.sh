#!/usr/bin/env bash
# Renders the README's screenshot: runs the app under Xvfb on the default model with a sentence
# typed, on the last decoder layer's cross-attention, and writes docs/screenshot.png.
#   scripts/screenshot.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
[[ -x "$build/app/attnscope" ]] || bash scripts/build.sh
mkdir -p docs
# A throwaway settings folder: the screenshot does not depend on (or change) the user's settings.
config=$(mktemp -d)
trap 'rm -rf "$config"' EXIT
XDG_CONFIG_HOME="$config" xvfb-run -a -s "-screen 0 1600x1000x24" \
  "$build/app/attnscope" \
  --text "the happy child likes the horse who follows the small dog in winter ." \
  --step 6 \
  --screenshot docs/screenshot.png
echo "wrote docs/screenshot.png"
