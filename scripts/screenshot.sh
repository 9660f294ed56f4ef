#!/usr/bin/env bash
# Saves a screenshot of the Library window, on a fresh library made from the end-to-end test
# fixtures, to $1 (default docs/screenshots/library.png). Builds nothing: it needs
# target/debug/roundtable and target/debug/roundtable-desktop, Xvfb and ImageMagick's `import`.
#
#   scripts/screenshot.sh
#   LC_ALL=zh_CN.UTF-8 scripts/screenshot.sh docs/screenshots/library-zh.png
#   SCREENSHOT_DELAY=8 scripts/screenshot.sh    # wait longer after the window appears
#
# The interface language follows the locale, as for a person (a fresh profile has no saved
# choice); WebKit sees only locales that are installed (`locale -a`), else it uses English.
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-docs/screenshots/library.png}"
app="${ROUNDTABLE_APP:-$PWD/target/debug/roundtable-desktop}"
cli="${ROUNDTABLE_CLI:-$PWD/target/debug/roundtable}"
delay="${SCREENSHOT_DELAY:-4}"

for bin in "$app" "$cli"; do
  [ -x "$bin" ] || { echo "screenshot: $bin is missing; build it with: cargo build -p roundtable-cli -p roundtable-desktop" >&2; exit 1; }
done
for tool in Xvfb import; do
  command -v "$tool" >/dev/null || { echo "screenshot: $tool is missing (apt-get install xvfb imagemagick)" >&2; exit 1; }
done

tmp="$(mktemp -d "${TMPDIR:-/tmp}/roundtable-shot.XXXXXX")"
xvfb_pid=""
app_pid=""
cleanup() {
  if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; wait "$xvfb_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

library="$tmp/library.sqlite"
"$cli" --library "$library" import tests/e2e/fixtures/*.txt >/dev/null

# A display of our own even when one is set: the picture is of this window and nothing else.
display=99
while [ -e "/tmp/.X${display}-lock" ] || [ -e "/tmp/.X11-unix/X${display}" ]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do
  [ -e "/tmp/.X11-unix/X${display}" ] && break
  kill -0 "$xvfb_pid" 2>/dev/null || { echo "screenshot: Xvfb :$display did not start" >&2; exit 1; }
  sleep 0.1
done
export DISPLAY=":$display"

mkdir -p "$tmp/data" "$tmp/config" "$tmp/cache"
# A fresh profile (no saved language), the fixtures' library, WebKit without a GPU.
ROUNDTABLE_LIBRARY="$library" \
  XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" \
  WEBKIT_DISABLE_COMPOSITING_MODE="${WEBKIT_DISABLE_COMPOSITING_MODE:-1}" \
  WEBKIT_DISABLE_DMABUF_RENDERER="${WEBKIT_DISABLE_DMABUF_RENDERER:-1}" \
  NO_AT_BRIDGE=1 \
  "$app" >"$tmp/app.log" 2>&1 &
app_pid=$!

# Wait for the window to be mapped (up to 30 s), then give the page time to load and paint.
window=""
for _ in $(seq 300); do
  kill -0 "$app_pid" 2>/dev/null || { echo "screenshot: the app exited:" >&2; cat "$tmp/app.log" >&2; exit 1; }
  if command -v xwininfo >/dev/null; then
    # The largest window named Roundtable (GTK also makes small helper windows).
    window="$(xwininfo -root -tree 2>/dev/null | awk '/"Roundtable"/ {
      for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+x[0-9]+[+-]/) { split($i, g, /[x+-]/); a = g[1] * g[2] }
      if (a > best) { best = a; id = $1 } } END { if (best > 100 * 100) print id }')"
    [ -n "$window" ] && break
  else
    break
  fi
  sleep 0.1
done
sleep "$delay"

mkdir -p "$(dirname "$out")"
if [ -n "$window" ] && import -window root -crop "$(xwininfo -id "$window" | awk '
    /Absolute upper-left X/ { x = $NF } /Absolute upper-left Y/ { y = $NF }
    /Width:/ { w = $NF } /Height:/ { h = $NF }
    END { printf "%dx%d+%d+%d", w, h, x, y }')" +repage "$out" 2>/dev/null; then
  : # the window alone
else
  import -window root "$out"
fi
echo "screenshot: $out"
