#!/usr/bin/env bash
# Backfill benchmark: 1,000 series x 1 day at 15 s (5.76 M samples) into a local Prometheus,
# three ways, each into a fresh data directory:
#   1. metricgen backfill (remote write), with the sender's CPU time and peak heap;
#   2. a replay of the same requests, encoded beforehand: the receiver's ceiling;
#   3. metricgen export --split 2h, then promtool tsdb create-blocks-from openmetrics.
# Needs the jar (./mvnw -B -q package -DskipTests) and Debian's prometheus package.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=cli/target/metricgen.jar
SCENARIO=examples/benchmark-1000-series.yaml
PORT=${PORT:-19099}
URL="http://127.0.0.1:$PORT/api/v1/write"
START=$(date -u -d "$(date -u +%Y-%m-%dT%H:00:00Z) -26 hours" +%Y-%m-%dT%H:%M:%SZ)
END=$(date -u -d "$START +24 hours" +%Y-%m-%dT%H:%M:%SZ)
work=$(mktemp -d)
trap 'kill "${PROM:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
printf 'global:\n  scrape_interval: 15s\n' > "$work/prometheus.yml"

. bench/prometheus.sh

echo "range $START .. $END"
echo "== 1. metricgen backfill (remote write)"
start_prometheus
TIMEFORMAT='sender CPU: %U s user + %S s system in %R s'
time java -Xmx256m -XX:+UseParallelGC -jar "$JAR" backfill -f "$SCENARIO" --remote-write "$URL" \
  --start "$START" --end "$END" --checkpoint "$work/bench.checkpoint"
echo "stored: $(stored 1d) samples"
stop_prometheus

echo "== 2. replay of pre-encoded requests (the receiver's ceiling)"
start_prometheus
java -Xmx1g -cp "$JAR" bench/ReplayBench.java "$SCENARIO" "$URL" "$START" "$END"
echo "stored: $(stored 1d) samples"
stop_prometheus

echo "== 3. export --split 2h + promtool tsdb create-blocks-from openmetrics"
TIMEFORMAT='export: %R s'
time java -Xmx128m -XX:+UseParallelGC -jar "$JAR" export -f "$SCENARIO" --start "$START" --end "$END" \
  --split 2h -o "$work/windows" 2>/dev/null
TIMEFORMAT='promtool: %R s for 5760000 samples'
time (for f in "$work"/windows/*.om; do
  promtool tsdb create-blocks-from openmetrics "$f" "$work/blocks" >/dev/null
done)
