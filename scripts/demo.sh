#!/usr/bin/env bash
# Set everything up, then walk the bundled journeys on the bundled demo site and print where
# the report is. Extra arguments go to `shopper demo` (e.g. --out DIR, --serve).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/shopper demo "$@"
