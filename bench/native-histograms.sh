#!/usr/bin/env bash
# Native against classic histograms over remote write: the same 500 histogram series (one
# log-normal distribution) x 1 day at 60 s, backfilled into a fresh local Prometheus started with
# --enable-feature=native-histograms, once as classic histograms (11 buckets: 14 float samples a
# series and step), once as native ones (schema 3, at most 160 buckets: one histogram sample), and
# once as both. Each line gives the time (JVM start included), histogram samples (series x steps)
# per second, the samples written per second, the request bytes the sender reports, and the CPU
# seconds of sender and receiver, which share this machine's cores.
# Needs the jar (./mvnw -B -q package -DskipTests) and Debian's prometheus package.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-cli/target/metricgen.jar}
PORT=${PORT:-19097}
URL="http://127.0.0.1:$PORT/api/v1/write"
END=$(date -u +%Y-%m-%dT%H:00:00Z)
START=$(date -u -d "$END -1 day" +%Y-%m-%dT%H:%M:%SZ)
SERIES=500
STEPS=1440
PROM_FLAGS="--enable-feature=native-histograms"
work=$(mktemp -d)
trap 'kill "${PROM:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
printf 'global:\n  scrape_interval: 1h\n' > "$work/prometheus.yml"
. bench/prometheus.sh

scenario() { # $1: what the histogram exposes besides its distribution
  cat <<YAML
interval: 60s
seed: 5
metrics:
  - name: bench_latency_seconds
    type: histogram
    labels:
      route: [r00, r01, r02, r03, r04, r05, r06, r07, r08, r09, r10, r11, r12, r13, r14, r15, r16, r17, r18, r19, r20, r21, r22, r23, r24]
      pod: [p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15, p16, p17, p18, p19]
    rate: {uniform: {min: 20, max: 40}}
    distribution: {logNormal: {p50: 0.15, p99: 2}}
$1
YAML
}

TIMEFORMAT="%R %U %S"
echo "range $START .. $END: $SERIES histogram series x $STEPS steps, $(nproc) cores"
for kind in classic native both; do
  case $kind in
    classic) extra="    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]" ;;
    native) extra="    native: {schema: 3}" ;;
    both) extra=$'    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]\n    native: {schema: 3}' ;;
  esac
  scenario "$extra" > "$work/$kind.yaml"
  start_prometheus
  before=$(receiver_cpu)
  { time java -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$JAR" backfill \
      -f "$work/$kind.yaml" --remote-write "$URL" --start "$START" --end "$END" \
      --checkpoint "$work/cp" >"$work/$kind.log" 2>&1; } 2>"$work/times" \
    || { cat "$work/$kind.log" >&2; exit 1; }
  after=$(receiver_cpu)
  read -r real user sys < "$work/times"
  samples=$(sed -nE 's/^backfilled ([0-9]+) samples.*/\1/p' "$work/$kind.log")
  histograms=$((SERIES * STEPS))
  count=$(curl -sg "http://127.0.0.1:$PORT/api/v1/query?query=count(histogram_count(bench_latency_seconds))%20or%20count(bench_latency_seconds_count)&time=$END" \
    | sed -E 's/.*"value":\[[^,]*,"([0-9]+)".*/\1/')
  awk -v k="$kind" -v r="$real" -v h="$histograms" -v s="$samples" -v u="$user" -v y="$sys" \
      -v b="$before" -v a="$after" -v c="$count" \
    'BEGIN { printf "%-7s %6.2f s  %8.0f histograms/s  %9.0f samples/s  CPU: sender %.1f s, receiver %.1f s; series at the end: %s\n",
             k, r, h / r, s / r, u + y, a - b, c }'
  stop_prometheus
done
