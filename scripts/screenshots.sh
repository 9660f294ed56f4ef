#!/usr/bin/env bash
# Takes the README's screenshots from the real app (library, import preview, editor; light and
# dark; Chinese and English) into docs/screenshots/. Needs what tests/e2e/run.sh needs.
set -euo pipefail
cd "$(dirname "$0")/.."
E2E_FILES=tests/e2e/screenshots.e2e.mjs exec tests/e2e/run.sh
