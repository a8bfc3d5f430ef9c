package io.metricgen.engine.promql.eval;

import java.util.List;
import java.util.Random;

/**
 * A random scenario with every kind of series a query can meet: gauges of several shapes, gaps and
 * staleness markers, counters with resets, classic histograms, summaries and native histograms.
 */
final class RandomScenario {

  static final List<String> FLOAT_METRICS =
      List.of(
          "mg_gauge",
          "mg_gappy",
          "mg_requests_total",
          "mg_resetting_total",
          "mg_latency_seconds_bucket",
          "mg_latency_seconds_count",
          "mg_latency_seconds_sum",
          "mg_rpc_seconds",
          "mg_rpc_seconds_count");

  static final List<String> COUNTERS =
      List.of("mg_requests_total", "mg_resetting_total", "mg_latency_seconds_count");

  static final List<String> FLOAT_METRICS_WITH_INST =
      List.of("mg_gauge", "mg_gappy", "mg_requests_total");

  private RandomScenario() {}

  static String yaml(long seed, int steps) {
    Random r = new Random(seed);
    StringBuilder y = new StringBuilder("interval: 15s\nseed: " + seed + "\nmetrics:\n");
    y.append("  - name: mg_gauge\n    type: gauge\n    help: g\n")
        .append("    labels: {inst: [a, b, c], zone: [z1, z2]}\n")
        .append("    value: ")
        .append(
            switch (r.nextInt(3)) {
              case 0 -> "{sine: {period: 37m, amplitude: 50, offset: 10}, noise: 3}";
              case 1 -> "{randomWalk: {min: -20, max: 80}}";
              default -> "{uniform: {min: -5, max: 5}}";
            })
        .append('\n');
    y.append("  - name: mg_gappy\n    type: gauge\n    help: g\n")
        .append("    labels: {inst: [a, b]}\n")
        .append("    value: {series: \"")
        .append(notation(r, steps))
        .append("\"}\n");
    y.append("  - name: mg_requests\n    type: counter\n    help: c\n")
        .append("    labels: {inst: [a, b, c], code: [\"200\", \"500\"]}\n")
        .append("    rate: {uniform: {min: 0, max: ")
        .append(1 + r.nextInt(30))
        .append("}}\n    resets: [")
        .append(10 + r.nextInt(40))
        .append("m, ")
        .append(60 + r.nextInt(50))
        .append("m]\n");
    y.append("  - name: mg_resetting\n    type: counter\n    help: c\n")
        .append("    labels: {inst: [a]}\n")
        .append("    value: {series: \"0+5x40 3+1x20 _x5 10+7x60 0+2x")
        .append(steps)
        .append("\"}\n");
    y.append("  - name: mg_latency_seconds\n    type: histogram\n    help: h\n")
        .append("    labels: {route: [/cart, /pay]}\n")
        .append("    rate: {sine: {period: 50m, amplitude: 5, offset: 8}}\n")
        .append("    distribution: {logNormal: {p50: 0.2, p99: 2}}\n")
        .append("    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5]\n")
        .append("    resets: [70m]\n");
    y.append("  - name: mg_rpc_seconds\n    type: summary\n    help: s\n")
        .append("    rate: 4\n    quantiles: [0.5, 0.9, 0.99]\n")
        .append("    distribution: {logNormal: {p50: 0.05, p99: 0.4}}\n");
    y.append("  - name: mg_native_seconds\n    type: histogram\n    help: n\n")
        .append("    labels: {route: [/cart, /pay]}\n")
        .append("    rate: {uniform: {min: 1, max: 20}}\n")
        .append("    distribution: {logNormal: {p50: 0.1, p99: 1.5}}\n")
        .append("    native: {schema: ")
        .append(r.nextInt(4))
        .append("}\n    resets: [80m]\n");
    return y.toString();
  }

  /** Promtool series notation over about {@code steps} steps with gaps and staleness markers. */
  private static String notation(Random r, int steps) {
    StringBuilder s = new StringBuilder();
    int n = 0;
    while (n < steps) {
      int len = 1 + r.nextInt(40);
      switch (r.nextInt(6)) {
        case 0 -> s.append("_x").append(len).append(' ');
        case 1 -> {
          s.append("stale ");
          len = 1;
        }
        case 2 -> s.append(r.nextInt(100)).append("x").append(len).append(' ');
        default ->
            s.append(r.nextInt(50) - 10)
                .append(r.nextBoolean() ? "+" : "-")
                .append(r.nextInt(5))
                .append('x')
                .append(len)
                .append(' ');
      }
      n += len + 1;
    }
    return s.toString().trim();
  }
}
