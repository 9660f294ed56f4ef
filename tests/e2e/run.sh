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
watchdog_pid=""
# Every process the tests start (tauri-driver runs detached, in a session of its own) inherits
# this variable: cleanup finds them all by it, even those whose parent is already gone.
marker="$$-$(date +%s%N)"
run_processes() {
  grep -lzx "ROUNDTABLE_E2E_RUN=$marker" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3 || true
}
end_run_processes() {
  local pids
  pids=$(run_processes)
  [ -n "$pids" ] || return 0
  kill -TERM $pids 2>/dev/null || true
  sleep 0.5
  pids=$(run_processes)
  [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
}
cleanup() {
  # The watchdog and its sleep: a sleep left behind would hold this script's output open.
  if [ -n "$watchdog_pid" ]; then
    local sleeper
    sleeper=$(pgrep -P "$watchdog_pid" || true)
    kill -KILL "$watchdog_pid" 2>/dev/null || true
    [ -z "$sleeper" ] || kill $sleeper 2>/dev/null || true
  fi
  end_run_processes
  if [ -n "$xvfb_pid" ]; then kill -KILL "$xvfb_pid" 2>/dev/null || true; wait "$xvfb_pid" 2>/dev/null || true; fi
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

# Every test has its own time limit; the whole run has one too, so a stuck process can fail
# the run but never hang it.
limit="${E2E_TIME_LIMIT:-900}"
set +e
ROUNDTABLE_E2E_RUN="$marker" node --test --test-timeout="${E2E_TEST_TIMEOUT:-180000}" ${E2E_FILES:-tests/e2e/*.test.mjs} &
tests_pid=$!
( sleep "$limit" && echo "e2e: still running after ${limit} s; ending the tests" >&2 && end_run_processes ) &
watchdog_pid=$!
disown "$watchdog_pid" # its end is not news
wait "$tests_pid"
status=$?
set -e
exit "$status"
