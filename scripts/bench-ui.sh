#!/usr/bin/env bash
# Measures the UI in the real app (library of 10,000 documents, a 2,000-turn document, typing)
# and prints the figures. Needs the same as tests/e2e/run.sh; BENCH_DOCS and BENCH_TURNS change
# the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
# Generating the library takes minutes: the limits of a test run are raised.
E2E_TEST_TIMEOUT="${E2E_TEST_TIMEOUT:-1800000}" E2E_TIME_LIMIT="${E2E_TIME_LIMIT:-2400}" E2E_FILES=tests/e2e/bench.e2e.mjs exec tests/e2e/run.sh
