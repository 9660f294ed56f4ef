#!/usr/bin/env bash
# Runs the end-to-end tests (tests/e2e/*.test.mjs) against the built app.
#
# Needs: target/debug/roundtable-desktop and target/debug/roundtable already built
# (cargo build -p roundtable-cli -p roundtable-desktop), tauri-driver (cargo install
# tauri-driver --locked), WebKitWebDriver (Debian: webkit2gtk-driver), Xvfb and Node 20.
#
# Each test file starts its own tauri-driver on free ports with the environment it needs (its
# own library), so this script only provides the display and cleans up: when DISPLAY is unset
# it starts Xvfb on a free display. Exits with the tests' status.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PATH"

app="${ROUNDTABLE_APP:-$PWD/target/debug/roundtable-desktop}"
cli="${ROUNDTABLE_CLI:-$PWD/target/debug/roundtable}"
for bin in "$app" "$cli"; do
  if [ ! -x "$bin" ]; then
    echo "e2e: $bin is missing; build it with: cargo build -p roundtable-cli -p roundtable-desktop" >&2
    exit 1
  fi
done
export ROUNDTABLE_APP="$app" ROUNDTABLE_CLI="$cli"
if [ -z "${TAURI_DRIVER:-}" ] && ! command -v tauri-driver >/dev/null; then
  echo "e2e: tauri-driver is missing; install it with: cargo install tauri-driver --locked" >&2
  exit 1
fi
command -v WebKitWebDriver >/dev/null || { echo "e2e: WebKitWebDriver is missing (apt-get install webkit2gtk-driver)" >&2; exit 1; }

xvfb_pid=""
tests_pid=""
cleanup() {
  # The tests run in a process group of their own: ending the group ends tauri-driver,
  # WebKitWebDriver and any app window a failed test left behind.
  if [ -n "$tests_pid" ]; then kill -TERM -- "-$tests_pid" 2>/dev/null || true; fi
  if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; wait "$xvfb_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -z "${DISPLAY:-}" ]; then
  command -v Xvfb >/dev/null || { echo "e2e: no DISPLAY and no Xvfb (apt-get install xvfb)" >&2; exit 1; }
  display=99
  while [ -e "/tmp/.X${display}-lock" ] || [ -e "/tmp/.X11-unix/X${display}" ]; do display=$((display + 1)); done
  Xvfb ":$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 100); do
    [ -e "/tmp/.X11-unix/X${display}" ] && break
    kill -0 "$xvfb_pid" 2>/dev/null || { echo "e2e: Xvfb :$display did not start" >&2; exit 1; }
    sleep 0.1
  done
  export DISPLAY=":$display"
fi

# WebKitGTK under Xvfb: no GPU, so no compositing and no DMA-BUF renderer; no a11y bus.
# (Set them to 0 to try the accelerated path.)
export WEBKIT_DISABLE_COMPOSITING_MODE="${WEBKIT_DISABLE_COMPOSITING_MODE:-1}"
export WEBKIT_DISABLE_DMABUF_RENDERER="${WEBKIT_DISABLE_DMABUF_RENDERER:-1}"
export NO_AT_BRIDGE=1
mkdir -p tests/e2e/.out

set +e
set -m # a process group for the tests, so cleanup can end everything they started
node --test ${E2E_FILES:-tests/e2e/*.test.mjs} &
tests_pid=$!
set +m
wait "$tests_pid"
status=$?
set -e
exit "$status"
