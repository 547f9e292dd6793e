#!/usr/bin/env bash
# Set up .venv with the test tools (and Chromium), then run every test. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
.venv/bin/python -m ruff check generator tests benchmarks
exec .venv/bin/python -m pytest "$@"
