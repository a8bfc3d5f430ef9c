#!/usr/bin/env bash
# PromQL over 1,000 series x 1 day at 15 s, side by side: Prometheus 2.42's query_range on the
# backfilled data (over HTTP, JSON included), `metricgen query` on the scenario alone (mg_cli: a
# fresh JVM each time, producing the samples from the scenario, JSON written), and the same
# evaluator in a warm JVM (mg_warm: bench/QueryBench.java, the library's use). Each line: the
# query, the seconds each took (best of 3; of 5 warm), the series each returned, and whether
# the answers agree.
# Needs the jar (./mvnw -B -q package -DskipTests), Debian's prometheus package, curl and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=cli/target/metricgen.jar
PORT=${PORT:-19098}
SCENARIO=examples/benchmark-1000-series.yaml
END=$(date -u +%Y-%m-%dT%H:00:00Z)
START=$(date -u -d "$END -1 day" +%Y-%m-%dT%H:%M:%SZ)
START_S=$(date -u -d "$START" +%s)
END_S=$(date -u -d "$END" +%s)
work=$(mktemp -d)
trap 'kill "${PROM:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
printf 'global:\n  scrape_interval: 1h\n' > "$work/prometheus.yml"
. bench/prometheus.sh
start_prometheus
java -jar "$JAR" backfill -f "$SCENARIO" --remote-write "http://127.0.0.1:$PORT/api/v1/write" \
  --start "$START" --end "$END" --checkpoint "$work/cp" 2>&1 | tail -1
QUERIES=(
  'bench_value'
  'sum(bench_value)'
  'avg by (region) (bench_value)'
  'max_over_time(bench_value[5m])'
  'sum by (service) (rate(bench_value[5m]))'
  'quantile by (region) (0.9, bench_value)'
  'bench_value > on(region) group_left avg by (region) (bench_value)'
)
best() { sort -n | head -1; }
WARM=($(java -cp "$JAR" bench/QueryBench.java "$SCENARIO" "$START_S" "${QUERIES[@]}"))
printf '%-80s %7s %7s %8s %8s %8s %s\n' query prom_s mg_cli_s mg_warm_s p_series m_series agree
n=0
for q in "${QUERIES[@]}"; do
  for i in 1 2 3; do
    curl -s -o "$work/p.json" -w '%{time_total}\n' --get "http://127.0.0.1:$PORT/api/v1/query_range" \
      --data-urlencode "query=$q" --data "start=$START_S" --data "end=$END_S" --data step=15
  done > "$work/pt"
  for i in 1 2 3; do
    s=$(date +%s.%N)
    java -jar "$JAR" query -f "$SCENARIO" --start "$START" --end "$END" --step 15s --origin "$START" --until "$END" \
      --output json "$q" > "$work/m.json"
    echo "$(date +%s.%N) - $s" | bc
  done > "$work/mt"
  read -r ps ms agree < <(python3 - "$work/p.json" "$work/m.json" <<'PYEOF'
import json, math, sys
p = json.load(open(sys.argv[1]))["data"]["result"]
m = json.load(open(sys.argv[2]))["data"]["result"]
key = lambda s: json.dumps(s["metric"], sort_keys=True)
pm = {key(s): s["values"] for s in p}
mm = {key(s): s["values"] for s in m}
ok = pm.keys() == mm.keys() and all(
    len(pm[k]) == len(mm[k]) and all(
        a[0] == b[0] and (a[1] == b[1] or abs(float(a[1]) - float(b[1])) <= 1e-9 * abs(float(a[1])))
        for a, b in zip(pm[k], mm[k]))
    for k in pm)
print(len(p), len(m), "yes" if ok else "NO")
PYEOF
)
  printf '%-80s %7.2f %7.2f %8s %8s %8s %s\n' "$q" "$(best < "$work/pt")" "$(best < "$work/mt")" \
    "${WARM[$n]}" "$ps" "$ms" "$agree"
  n=$((n + 1))
done
