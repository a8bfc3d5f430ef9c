#!/usr/bin/env bash
# Sharded backfill benchmark: 1,000 series x 7 days at 60 s (10.08 M samples) into a local
# Prometheus without an out-of-order window, written by 1, 2 and 4 shard processes (as a Backfill's
# Indexed Job runs them, in step through their checkpoints), each into a fresh data directory;
# beside them, the receiver's ceiling in the same run: a replay of the same requests, encoded
# beforehand, sent a 30-minute slice at a time as a backfill sends them. Goal: 4 shards reach 90 %
# of the ceiling. Each line also gives the CPU seconds the senders and the receiver used: on a
# machine with few cores they share, that, not the sharding, is what bounds the rate.
# Needs the jar (./mvnw -B -q package -DskipTests) and Debian's prometheus package.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-cli/target/metricgen.jar}
SCENARIO=bench/1000-series-60s.yaml
PORT=${PORT:-19098}
URL="http://127.0.0.1:$PORT/api/v1/write"
END=$(date -u +%Y-%m-%dT%H:%M:00Z)
START=$(date -u -d "$END -7 days" +%Y-%m-%dT%H:%M:%SZ)
SAMPLES=10080000
# A shard is a short batch: the client compiler alone and the serial collector leave the cores to
# the work (on 2 cores they halve the sender's CPU against the defaults).
SHARD_JVM="-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
work=$(mktemp -d)
trap 'kill "${PROM:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
printf 'global:\n  scrape_interval: 1h\n' > "$work/prometheus.yml"

. bench/prometheus.sh
report() { # label seconds senders-cpu receiver-cpu-before receiver-cpu-after
  awk -v l="$1" -v s="$SAMPLES" -v sec="$2" -v c="$3" -v b="$4" -v a="$5" -v ceil="${CEILING:-0}" \
    'BEGIN { r = s / sec; printf "%s: %.2f s, %.0f samples/s", l, sec, r;
             if (ceil > 0) printf " (%.0f %% of the ceiling)", 100 * r / ceil;
             printf "; CPU: senders %.1f s, receiver %.1f s\n", c, a - b }'
}
TIMEFORMAT="%R %U %S"

echo "range $START .. $END, $SAMPLES samples, $(nproc) cores"
start_prometheus
before=$(receiver_cpu)
{ time java -Xmx2g -cp "$JAR" bench/ReplayBench.java "$SCENARIO" "$URL" \
    "$START" "$END" 2 2>"$work/replay.log"; } 2>"$work/times"
after=$(receiver_cpu)
# The replay's own timing excludes encoding: that is the receiver's ceiling.
CEILING=$(sed -E 's/.*: ([0-9]+) samples\/s/\1/' "$work/replay.log" | tail -1)
read -r _ user sys < "$work/times"
seconds=$(awk -v s="$SAMPLES" -v r="$CEILING" 'BEGIN { print s / r }')
report "ceiling (replay of pre-encoded requests)" "$seconds" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" "$before" "$after"
echo "  stored: $(stored 8d) samples"
stop_prometheus

# SHARDS="1" runs fewer.
for shards in ${SHARDS:-1 2 4}; do
  start_prometheus
  rm -f "$work"/cp*
  before=$(receiver_cpu)
  { time (
      pids=()
      for ((i = 0; i < shards; i++)); do
        java $SHARD_JVM -jar "$JAR" backfill -f "$SCENARIO" \
          --remote-write "$URL" --start "$START" --end "$END" --shards "$shards" --shard "$i" \
          --checkpoint "$work/cp" >"$work/shard-$i.log" 2>&1 &
        pids+=($!)
      done
      for pid in "${pids[@]}"; do
        wait "$pid" || { echo "a shard failed:" >&2; cat "$work"/shard-*.log >&2; exit 1; }
      done
    ); } 2>"$work/times"
  after=$(receiver_cpu)
  read -r real user sys < "$work/times"
  report "$shards shard(s), JVM start included" "$real" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" "$before" "$after"
  echo "  stored: $(stored 8d) samples"
  stop_prometheus
done
