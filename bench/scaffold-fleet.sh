#!/usr/bin/env bash
# Scaffold on real fleets, as given: for each set of dashboards and rules, `scaffold` (timed, with
# its peak RSS), `backfill` 6 h of the scenario into a fresh Prometheus 2.42, and `verify` every
# panel and rule against it. Prints one row a set: panels with data, rules with data, skipped.
#
# Usage: bench/scaffold-fleet.sh NAME=DASHBOARDS[:RULES] ...
#   e.g. bench/scaffold-fleet.sh ceph=/etc/grafana/dashboards/ceph-dashboard:/etc/prometheus/ceph
# With no arguments it runs Debian's ceph sets (ceph-grafana-dashboards, ceph-prometheus-alerts).
# ALL=1 also scaffolds every set in one call, to compare its series with the sets apart.
# Needs: prometheus and curl on the PATH, and a built cli/target/metricgen.jar.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-cli/target/metricgen.jar}
PORT=${PORT:-19490}
work=$(mktemp -d)
# KEEP=1 keeps the scenarios, logs and verify tables, and says where.
trap 'stop_prometheus 2>/dev/null || true; if [ -n "${KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi' EXIT
. bench/prometheus.sh

if [ $# -eq 0 ]; then set -- ceph=/etc/grafana/dashboards/ceph-dashboard:/etc/prometheus/ceph; fi
cat >"$work/prometheus.yml" <<EOF
global: {scrape_interval: 1h}
storage: {tsdb: {out_of_order_time_window: 8h}}
EOF

inputs() { # DASHBOARDS[:RULES] -> scaffold/verify options
  local d=${1%%:*} r=""
  [ "$1" != "$d" ] && r=${1#*:}
  [ -n "$d" ] && printf -- '--dashboard %s ' "$d"
  [ -n "$r" ] && printf -- '--rules %s ' "$r"
  return 0
}

printf '%-10s %8s %9s %9s %12s %16s %16s %8s\n' set seconds "RSS MiB" series "queries" "panels w/ data" "rules w/ data" skipped
all_args=""
total_series=0
for spec in "$@"; do
  name=${spec%%=*}
  args=$(inputs "${spec#*=}")
  all_args="$all_args $args"
  # shellcheck disable=SC2086
  /usr/bin/time -f "%e %M" -o "$work/time" java -jar "$JAR" scaffold $args -o "$work/$name.yaml" \
    2>"$work/$name.scaffold" || { echo "$name: scaffold failed"; cat "$work/$name.scaffold"; continue; }
  read -r secs rss <"$work/time"
  series=$(sed -nE 's/^scaffolded [0-9]+ metrics \(([0-9]+) series\).*/\1/p' "$work/$name.scaffold")
  queries=$(sed -nE 's/.* from ([0-9]+) queries.*/\1/p' "$work/$name.scaffold")
  skipped=$(grep -c '^warning: skipped' "$work/$name.scaffold" || true)
  total_series=$((total_series + series))
  start_prometheus
  java -jar "$JAR" backfill -f "$work/$name.yaml" --remote-write "http://127.0.0.1:$PORT/api/v1/write" \
    --start=-6h --end=now --checkpoint "$work/$name.checkpoint" >"$work/$name.backfill" 2>&1 || { echo "$name: backfill failed"; tail "$work/$name.backfill"; }
  # shellcheck disable=SC2086
  java -jar "$JAR" verify $args --prometheus "http://127.0.0.1:$PORT" --range 6h >"$work/$name.verify" 2>&1 || true
  stop_prometheus
  panels=$(grep -E '^panels with data:' "$work/$name.verify" | sed -E 's/panels with data: *//' || true)
  rules=$(grep -E '^rules with data:' "$work/$name.verify" | sed -E 's/rules with data: *//' || true)
  printf '%-10s %8s %9d %9s %12s %16s %16s %8s\n' "$name" "$secs" $((rss / 1024)) "$series" "$queries" "${panels:--}" "${rules:--}" "$skipped"
  if [ -n "${SHOW:-}" ]; then
    grep -E 'no data|error' "$work/$name.verify" | head -n "${SHOW}" || true
    grep '^warning' "$work/$name.scaffold" | head -n "${SHOW}" || true
  fi
done

if [ -n "${ALL:-}" ] && [ $# -gt 1 ]; then
  # shellcheck disable=SC2086
  /usr/bin/time -f "%e %M" -o "$work/time" java -jar "$JAR" scaffold $all_args -o "$work/all.yaml" \
    2>"$work/all.scaffold"
  read -r secs rss <"$work/time"
  series=$(sed -nE 's/^scaffolded [0-9]+ metrics \(([0-9]+) series\).*/\1/p' "$work/all.scaffold")
  printf '%-10s %8s %9d %9s   (the sets apart: %d series, ratio %s)\n' all "$secs" $((rss / 1024)) "$series" \
    "$total_series" "$(awk -v a="$series" -v b="$total_series" 'BEGIN { printf "%.2f", a / b }')"
  # The one scenario serves every set: backfill it once, verify each set against it.
  start_prometheus
  java -jar "$JAR" backfill -f "$work/all.yaml" --remote-write "http://127.0.0.1:$PORT/api/v1/write" \
    --start=-6h --end=now --checkpoint "$work/all.checkpoint" >"$work/all.backfill" 2>&1 || tail "$work/all.backfill"
  for spec in "$@"; do
    name=${spec%%=*}
    # shellcheck disable=SC2086
    java -jar "$JAR" verify $(inputs "${spec#*=}") --prometheus "http://127.0.0.1:$PORT" --range 6h \
      >"$work/all-$name.verify" 2>&1 || true
    printf '  %-8s from the one scenario: %s\n' "$name" "$(grep -E '^panels with data:' "$work/all-$name.verify" || true)"
  done
  stop_prometheus
fi
