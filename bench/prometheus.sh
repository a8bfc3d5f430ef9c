# Sourced by the benchmarks: a local Prometheus with the remote-write receiver, started afresh
# into $work/data on $PORT, and stopped by PID. Needs $work, $PORT and $work/prometheus.yml;
# $PROM_FLAGS, when set, adds flags (such as --enable-feature=native-histograms).

start_prometheus() {
  rm -rf "$work/data"
  prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
    --web.listen-address="127.0.0.1:$PORT" --web.enable-remote-write-receiver \
    --log.level=warn ${PROM_FLAGS:-} >"$work/prometheus.log" 2>&1 &
  PROM=$!
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$PORT/-/ready" >/dev/null && return
    sleep 0.2
  done
  echo "prometheus did not start" >&2; cat "$work/prometheus.log" >&2; exit 1
}

stop_prometheus() { kill "$PROM"; wait "$PROM" 2>/dev/null || true; }

# Samples of bench_value stored over a range selector of $1, at $END.
stored() {
  curl -sg "http://127.0.0.1:$PORT/api/v1/query?query=sum(count_over_time(bench_value[$1]))&time=$END" \
    | sed -E 's/.*"value":\[[^,]*,"([0-9]+)".*/\1/'
}

# CPU seconds Prometheus has used so far (user + system).
receiver_cpu() {
  awk -v t="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / t }' "/proc/$PROM/stat"
}
