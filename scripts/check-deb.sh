#!/usr/bin/env bash
# Proves the Debian package works on a bare Debian 12: builds attnscope_<version>_amd64.deb with
# cpack, makes a minimal bookworm root with debootstrap, installs the package there with apt (so
# its declared dependencies, and only those, are what it runs with), runs the command line on a
# bundled model and starts the desktop app under Xvfb for a screenshot. Prints PASS or FAIL for
# each step; exits 1 when any step failed. Runs as root (debootstrap, chroot, mounts); by hand, not
# in .ci/run: the downloads take minutes. docs/packaging.md describes it.
#   scripts/check-deb.sh [build-dir]
# Environment: DEBIAN_MIRROR (default http://deb.debian.org/debian).
# Everything it makes is under <build-dir>/check-deb/: the root (made afresh each run), the
# screenshot, the logs, and a download cache reused by the next run.
set -euo pipefail
build=$(realpath -m "${1:-$(dirname "$0")/../build}")  # relative to where it is called from
cd "$(dirname "$0")/.."
source_dir=$PWD
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
work=$build/check-deb
root=$work/root
logs=$work/logs
started=$SECONDS

if [[ $(id -u) -ne 0 ]]; then
  echo "check-deb: run as root (debootstrap, chroot and mount need it): sudo $0 $*" >&2
  exit 1
fi
# The root is made under the build folder: never inside the source tree proper.
if [[ $build == "$source_dir" || ($build == "$source_dir"/* && ${build#"$source_dir"/} != build*) ]]; then
  echo "check-deb: the build folder must be build*/ or outside the source tree, not $build" >&2
  exit 1
fi

failures=0
report() {  # report PASS|FAIL step [detail]
  printf '%-4s  %s%s\n' "$1" "$2" "${3:+ ($3)}"
  [[ $1 == PASS ]] || failures=$((failures + 1))
}
# Runs a step with its output in logs/<name>.log; the last lines are shown when it fails, and it
# returns 1 then (callers say whether the steps after it can still run).
step() {  # step name description command...
  local name=$1 description=$2
  shift 2
  if "$@" >"$logs/$name.log" 2>&1; then
    report PASS "$description"
  else
    report FAIL "$description" "see $logs/$name.log"
    tail -n 15 "$logs/$name.log" | sed 's/^/      /'
    return 1
  fi
}

# Mounts made inside the root, undone in reverse order on any exit.
mounts=()
xvfb_pid=
debootstrap_pid=
cleanup() {
  if [[ -n $debootstrap_pid ]] && kill -0 "$debootstrap_pid" 2>/dev/null; then
    kill "$debootstrap_pid" 2>/dev/null || true
    wait "$debootstrap_pid" 2>/dev/null || true
  fi
  if [[ -n $xvfb_pid ]]; then
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
    xvfb_pid=
  fi
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" 2>/dev/null || true
  done
  mounts=()
}
trap cleanup EXIT
bind() {  # bind host-path root-relative-path
  mkdir -p "$root$2"
  mount --bind "$1" "$root$2"
  mounts+=("$root$2")
}

for tool in debootstrap dpkg-shlibdeps Xvfb desktop-file-validate; do
  if ! command -v "$tool" >/dev/null; then
    package=$tool
    [[ $tool == dpkg-shlibdeps ]] && package=dpkg-dev
    [[ $tool == Xvfb ]] && package=xvfb
    [[ $tool == desktop-file-validate ]] && package=desktop-file-utils
    echo "check-deb: installing $package (needed for $tool)"
    apt-get install -y -qq --no-install-recommends "$package" >/dev/null
  fi
done

rm -rf "$logs" "$work/screenshot.png"
mkdir -p "$logs" "$work/debootstrap-cache" "$work/apt-archives/partial"

# The bare root is made while the package builds (one waits on the network, the other on the CPU);
# its result is collected in step 3.
# Never delete through a bind mount left by a killed run (it would reach the host's /dev).
if grep -q " $root/" /proc/mounts; then
  echo "check-deb: $root still has mounts from an earlier run; unmount them first:" >&2
  grep " $root/" /proc/mounts | cut -d' ' -f2 >&2
  exit 1
fi
rm -rf --one-file-system "$root"
debootstrap --variant=minbase --cache-dir="$work/debootstrap-cache" bookworm "$root" "$mirror" \
  >"$logs/debootstrap.log" 2>&1 &
debootstrap_pid=$!

# 1. The package, from a portable build (packaging.cmake refuses a -march=native one).
build_package() {
  cmake -S "$source_dir" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release &&
    cmake --build "$build" -j "$(nproc)" &&
    rm -f "$build"/attnscope_*.deb &&
    (cd "$build" && cpack -G DEB)
}
if ! step cpack "cpack -G DEB builds the package" build_package; then
  wait "$debootstrap_pid" || true
  exit 1
fi
deb=$(ls "$build"/attnscope_*_amd64.deb)
report PASS "package file: $(basename "$deb"), $(du -h "$deb" | cut -f1)"

# 2. What it holds and declares.
dpkg-deb --info "$deb" >"$logs/info.log"
dpkg-deb --contents "$deb" >"$logs/contents.log"
depends=$(dpkg-deb --field "$deb" Depends)
if [[ $depends == *libqt6widgets6* && $depends == *libc6* ]]; then
  report PASS "Depends computed by dpkg-shlibdeps" "$(tr ',' '\n' <<<"$depends" | wc -l) packages"
else
  report FAIL "Depends computed by dpkg-shlibdeps" "got: $depends"
fi
expected_files=(./usr/bin/attnscope ./usr/bin/attnscope-cli ./usr/share/applications/attnscope.desktop
  ./usr/share/icons/hicolor/scalable/apps/attnscope.svg
  ./usr/share/attnscope/models/reverse-checkpoints/step-003000/model.safetensors
  ./usr/share/attnscope/models/encdec-post-relu/model.safetensors)
# every lesson in resources/lessons/ and every bundled model in models/ (test fixtures excluded)
for lesson in resources/lessons/*.json; do expected_files+=("./usr/share/attnscope/lessons/${lesson##*/}"); done
for model in models/*/; do
  model=${model%/}
  [[ ${model##*/} == for-tests-* ]] && continue
  [[ -f $model/config.json ]] && expected_files+=("./usr/share/attnscope/models/${model##*/}/config.json")
done
for file in "${expected_files[@]}"; do
  if grep -q " $file\$" "$logs/contents.log"; then
    report PASS "package holds ${file#.}"
  else
    report FAIL "package holds ${file#.}"
  fi
done
# the Python module (app/python), for Debian's python3
python_module=$(grep -o ' ./usr/lib/python3/dist-packages/attnscope\.cpython-[^ ]*\.so$' "$logs/contents.log" || true)
if [[ -n $python_module ]]; then
  report PASS "package holds the Python module" "${python_module# .}"
else
  report FAIL "package holds the Python module" "no /usr/lib/python3/dist-packages/attnscope.cpython-*.so"
fi
# the interface translation is compiled into the app (a Qt resource, :/i18n/attnscope_zh_TW.qm); rcc
# stores resource names as UTF-16, so the name is looked for in that encoding
dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/bin/attnscope >"$work/attnscope.bin"
if LC_ALL=C grep -qaP "$(printf 'attnscope_zh_TW' | sed 's/./\\x00&/g')" "$work/attnscope.bin"; then
  report PASS "the app holds its zh_TW translation (:/i18n/attnscope_zh_TW.qm)"
else
  report FAIL "the app holds its zh_TW translation (:/i18n/attnscope_zh_TW.qm)"
fi
rm -f "$work/attnscope.bin"

dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/share/applications/attnscope.desktop >"$work/attnscope.desktop"
step desktop-file "desktop-file-validate attnscope.desktop" desktop-file-validate "$work/attnscope.desktop" || true

# 3. A bare Debian 12 with the package installed by apt.
debootstrap_status=0
wait "$debootstrap_pid" || debootstrap_status=$?
debootstrap_pid=
if ((debootstrap_status == 0)); then
  report PASS "debootstrap --variant=minbase bookworm" "$(du -sh "$root" | cut -f1)"
else
  report FAIL "debootstrap --variant=minbase bookworm" "see $logs/debootstrap.log"
  tail -n 15 "$logs/debootstrap.log" | sed 's/^/      /'
  exit 1
fi
cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${mirror%/debian}/debian-security bookworm-security main
EOF
# Mirrors and snapshot proxies may serve Release files past their Valid-Until date.
echo 'Acquire::Check-Valid-Until "false";' >"$root/etc/apt/apt.conf.d/99check-deb"
cp /etc/resolv.conf "$root/etc/resolv.conf"
bind /proc /proc
bind /dev /dev
bind /dev/pts /dev/pts
bind "$work/apt-archives" /var/cache/apt/archives
cp "$deb" "$root/tmp/"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
step apt-update "apt-get update in the root" in_root apt-get update || exit 1
# Without Recommends: the declared Depends alone must be enough to run.
step apt-install "apt-get install ./$(basename "$deb") (dependencies resolved by apt)" \
  in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "/tmp/$(basename "$deb")" ||
  exit 1

# 4. The command line on a bundled model.
model=/usr/share/attnscope/models/translate-en-zh
step cli-info "attnscope-cli info $model" in_root attnscope-cli info "$model" || true
sed 's/^/      /' "$logs/cli-info.log" | head -n 8
step cli-generate "attnscope-cli generate --model $model" \
  in_root attnscope-cli generate --model "$model" --text "the cat sees the small dog ." || true
sed 's/^/      /' "$logs/cli-generate.log" | head -n 4

# The Python module with Debian's interpreter and NumPy, which a user installs to use it (Suggests).
step python-deps "apt-get install python3 python3-numpy (the Python module's Suggests)" \
  in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 python3-numpy || true
step python-import "python3: import attnscope; open a bundled model, trace it" \
  in_root python3 -c "import attnscope; m = attnscope.open('$model'); t = m.trace('the cat sees the small dog .');
print(attnscope.__file__); print(t.attention('encoder_self', 0).shape)" || true
sed 's/^/      /' "$logs/python-import.log" | head -n 4

# 5. The desktop app under Xvfb (the host's server, its socket bound into the root), opening its
# default model from the installed share/attnscope/models, as a user's first start would.
display=99
while [[ -e /tmp/.X11-unix/X$display || -e /tmp/.X$display-lock ]]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1600x1000x24 -nolisten tcp >"$logs/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do
  [[ -S /tmp/.X11-unix/X$display ]] && break
  sleep 0.2
done
bind /tmp/.X11-unix /tmp/.X11-unix
mkdir -p -m 700 "$root/tmp/home"
step gui "attnscope under Xvfb, default model, screenshot" \
  in_root env DISPLAY=":$display" HOME=/tmp/home XDG_CONFIG_HOME=/tmp/home/.config XDG_RUNTIME_DIR=/tmp/home \
  timeout 300 attnscope --text "the cat sees the small dog ." --step 6 --screenshot /tmp/screenshot.png || true
if [[ -s $root/tmp/screenshot.png ]]; then
  cp "$root/tmp/screenshot.png" "$work/screenshot.png"
  report PASS "screenshot saved" "$work/screenshot.png, $(du -h "$work/screenshot.png" | cut -f1)"
else
  report FAIL "screenshot saved"
fi

cleanup
echo "check-deb: $failures failed step(s), $((SECONDS - started)) s"
((failures == 0))
