#!/usr/bin/env bash
# Set up .venv with the test tools (and Chromium), then lint, type-check and run every test.
# Extra arguments go to pytest (for example -m "not slow" for the quick loop).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
.venv/bin/python -m ruff check generator tests benchmarks
.venv/bin/python -m ruff format --check generator tests benchmarks
.venv/bin/python -m mypy
exec .venv/bin/python -m pytest "$@"
