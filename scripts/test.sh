#!/usr/bin/env bash
# Set up .venv with the test tools (and Chromium), then lint, type-check and run every test.
# Extra arguments go to pytest (for example -m "not slow" for the quick loop).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
.venv/bin/python -m ruff check generator tests benchmarks
.venv/bin/python -m ruff format --check generator tests benchmarks
.venv/bin/python -m mypy
# Two pytest-xdist workers keep both cores busy while a test waits on a build process, Chromium or
# a sleep. Each test module runs whole in one worker (its module fixtures are made once, and
# test_fuzz's last test reads what the others ran). -n 0 runs everything in this process.
exec .venv/bin/python -m pytest -n 2 --dist loadfile "$@"
