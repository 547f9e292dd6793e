#!/usr/bin/env bash
# Set up .venv, then build the guide, every cohort site and every applicant site from profiles/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/img-guide build "$@"
