#!/usr/bin/env bash
# Renders the README's screenshots: runs the app under Xvfb on the default model with a sentence
# typed, on the last decoder layer's cross-attention, and writes docs/screenshot.png (light theme,
# English), then the same in the dark theme, in the presentation theme at 1024 × 768 (a projector)
# and in Traditional Chinese (docs/screenshot-dark.png, -presentation.png, -zh_TW.png).
#   scripts/screenshot.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
[[ -x "$build/app/attnscope" ]] || bash scripts/build.sh
mkdir -p docs
# A throwaway settings folder: the screenshot does not depend on (or change) the user's settings.
config=$(mktemp -d)
trap 'rm -rf "$config"' EXIT
shot() {
  local out=$1
  shift
  rm -rf "${config:?}"/*
  XDG_CONFIG_HOME="$config" xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$build/app/attnscope" \
    --text "the happy child likes the horse who follows the small dog in winter ." \
    --step 6 "$@" \
    --screenshot "$out"
  echo "wrote $out"
}
shot docs/screenshot.png
shot docs/screenshot-dark.png --theme dark
shot docs/screenshot-presentation.png --theme presentation --size 1024x768
# the interface follows the system locale (ui/state/language.h)
LANGUAGE=zh_TW LC_ALL=zh_TW.UTF-8 LANG=zh_TW.UTF-8 shot docs/screenshot-zh_TW.png
