#!/usr/bin/env bash
# From the command line, as a user runs it: the bundled journeys × 8 against
# `shopper demo --serve`, `--workers 1` then `--workers 4`, wall clock, and the ratio.
# Issue 17's target: workers 4 at least 2.5× faster than workers 1 on 2 cores.
#
#   bash bench/cli_workers.sh [accessibility true|false] [repeat 8]
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
SHOPPER="$HERE/.venv/bin/shopper"
A11Y=${1:-true}
REPEAT=${2:-8}
WORK=$(mktemp -d /tmp/shopper-cli-workers.XXXX)
cd "$WORK"
"$SHOPPER" demo --serve > serve.txt 2>&1 &
SERVE=$!
trap 'kill $SERVE 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do grep -q 'outgoing: smtp://' serve.txt 2>/dev/null && break; sleep 0.1; done
grep -q 'outgoing: smtp://' serve.txt || { echo "shopper demo --serve did not start:"; cat serve.txt; exit 1; }
URL=$(grep -o 'http://127.0.0.1:[0-9]*' serve.txt | head -1)
OUTGOING=$(grep -o 'outgoing: smtp://127.0.0.1:[0-9]*' serve.txt | sed 's/outgoing: //')
MAIL=$(sed -n 's/.*messages in \([^)]*\)).*/\1/p' serve.txt | head -1)  # the folder it prints
cat > shopper.yaml <<YAML
mailbox: maildir:${MAIL:-reports/mail}
outgoing: $OUTGOING
accessibility: $A11Y
YAML
declare -A took
for workers in 1 4; do
  started=$(date +%s.%N)
  "$SHOPPER" run "$HERE/journeys" --base-url "$URL" --repeat "$REPEAT" --workers "$workers" \
    --no-progress --out "out$workers" > "run$workers.txt" 2>&1 || true
  took[$workers]=$(echo "$(date +%s.%N) - $started" | bc)
  echo "workers $workers: ${took[$workers]} s"; tail -4 "run$workers.txt" | sed "s/^/    /"
done
echo "workers 4 vs 1: $(echo "scale=2; ${took[1]} / ${took[4]}" | bc)× (target ≥ 2.5×), accessibility $A11Y, $(nproc) cores"
