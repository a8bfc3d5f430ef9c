#!/usr/bin/env bash
# Incidents from real rule sets, as given: scaffold --rules (which plans, checks and promises an
# incident per alert), then test-rules (promtool proves the promises). Prints, per set, the share
# of alerts promised, the timeline, and the time and peak RSS of each step. Needs a built
# cli/target/metricgen.jar and promtool on the PATH.
#   bench/incidents.sh [NAME=RULES_FILE_OR_DIR ...]
# Default: Debian's ceph alerts and the awesome-prometheus-alerts copy in the test resources.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-cli/target/metricgen.jar}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sets=("$@")
if [ ${#sets[@]} -eq 0 ]; then
  sets=(ceph=/etc/prometheus/ceph/ceph_default_alerts.yml apa=cli/src/test/resources/fleets/apa/rules)
fi
for set in "${sets[@]}"; do
  name=${set%%=*}
  rules=${set#*=}
  echo "== $name ($rules)"
  /usr/bin/time -f "scaffold: %e s, peak RSS %M KB" java -jar "$JAR" scaffold --rules "$rules" \
    -o "$work/$name.yaml" 2>"$work/$name.err" || { cat "$work/$name.err"; exit 1; }
  grep -E "^alerts: |^scaffold: " "$work/$name.err"
  /usr/bin/time -f "test-rules: %e s, peak RSS %M KB" java -jar "$JAR" test-rules \
    -f "$work/$name.yaml" --rules "$rules" -o "$work/$name-test.yaml" >"$work/$name.out" \
    2>"$work/$name.test.err" || true
  grep -E "promtool test rules: " "$work/$name.out"
  grep -E "^test-rules: " "$work/$name.test.err"
done
