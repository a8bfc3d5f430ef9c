#!/usr/bin/env bash
# test-rules at scale: a 30,000-series scenario over 6 h at 1 m written as a promtool test file
# with a 512 MiB heap (the file is streamed series by series). Prints the time, the peak RSS and
# the file's size. Needs a built cli/target/metricgen.jar.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-cli/target/metricgen.jar}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
a=$(seq -s, 1 100 | sed 's/,/, /g')
b=$(seq -s, 1 300 | sed 's/,/, /g')
cat >"$work/s.yaml" <<YAML
interval: 1m
maxSeries: 30000
metrics:
  - name: app_requests_total
    type: counter
    labels: {a: [$a], b: [$b]}
    rate: {sine: {period: 1h, amplitude: 2, offset: 5}, noise: 0.5}
YAML
cat >"$work/rules.yaml" <<'YAML'
groups:
  - name: g
    rules:
      - alert: TooManyRequests
        expr: sum(rate(app_requests_total[5m])) > 1e9
YAML
/usr/bin/time -f "%e s, peak RSS %M KB" java -Xmx512m -jar "$JAR" test-rules -f "$work/s.yaml" \
  --rules "$work/rules.yaml" --expect "TooManyRequests inactive" --range 6h --no-run \
  -o "$work/test.yaml"
echo "file: $(du -h "$work/test.yaml" | cut -f1), $(grep -c -- '- series:' "$work/test.yaml") series"
