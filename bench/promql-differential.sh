#!/usr/bin/env bash
# The PromQL differential test at scale: a random scenario backfilled into a real Prometheus 2.42
# and N random queries (default 20,000) through both it and metricgen's evaluator. Prints the
# agreement per function and operator, and every disagreement; exits non-zero on one.
#   bash bench/promql-differential.sh [QUERIES] [SEED]
# Needs Debian's prometheus package (as the tests do).
set -euo pipefail
cd "$(dirname "$0")/.."
QUERIES=${1:-20000}
SEED=${2:-1}
./mvnw -B -q test -Dtest=DifferentialQueryTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dspotless.check.skip=true -Ddifferential.queries="$QUERIES" -Ddifferential.seed="$SEED" \
  -Dsurefire.printSummary=false 2>&1 \
  | sed -n '/^PromQL differential test/,/^queries with data/p;/^DIFFERS/,+1p'
