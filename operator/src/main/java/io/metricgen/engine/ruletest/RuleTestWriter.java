package io.metricgen.engine.ruletest;

import io.metricgen.engine.exposition.ExpositionFormat;
import io.metricgen.engine.exposition.Progress;
import io.metricgen.engine.exposition.RangeExporter;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.time.Durations;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes a {@code promtool test rules} file: every series of a scenario spelled out in promtool's
 * input_series notation over a range from time 0 (exact: the values are the scenario's own), and,
 * for each expectation, queries of the ALERTS series at times inside the window (firing) and just
 * outside it and at the range's ends (not firing).
 *
 * @see <a
 *     href="https://prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules/">Unit
 *     testing for rules</a>
 */
public final class RuleTestWriter {

  private RuleTestWriter() {}

  /** The test file's YAML. */
  public static String write(
      CompiledScenario scenario,
      List<String> ruleFiles,
      List<Expectation> expectations,
      Duration range,
      Duration evaluationInterval)
      throws IOException {
    long interval = scenario.intervalMillis();
    int steps = (int) ((range.toMillis() + interval - 1) / interval);
    Map<String, String[]> series = samples(scenario, range.toMillis(), steps, interval);
    StringBuilder out = new StringBuilder();
    out.append("# Written by metricgen test-rules: the scenario's series over ")
        .append(Durations.format(range))
        .append(", and the expected alerts.\n");
    out.append("rule_files:\n");
    for (String f : ruleFiles) {
      out.append("  - ").append(quote(f)).append('\n');
    }
    out.append("evaluation_interval: ").append(Durations.format(evaluationInterval)).append('\n');
    out.append("tests:\n  - interval: ").append(Durations.format(Duration.ofMillis(interval)));
    out.append("\n    input_series:\n");
    for (Map.Entry<String, String[]> e : series.entrySet()) {
      out.append("      - series: ").append(quote(e.getKey())).append('\n');
      out.append("        values: ").append(quote(Notation.compress(e.getValue()))).append('\n');
    }
    out.append("    promql_expr_test:\n");
    for (Expectation x : expectations) {
      String expr = "max(ALERTS{alertname=\"" + x.alert() + "\", alertstate=\"firing\"})";
      for (long t : times(x, range.toMillis(), evaluationInterval.toMillis())) {
        boolean inside = x.firing() && t >= x.fromMillis() && t <= x.toMillis();
        out.append("      - expr: ").append(quote(expr)).append('\n');
        out.append("        eval_time: ")
            .append(Durations.format(Duration.ofMillis(t)))
            .append('\n');
        out.append(
            inside
                ? "        exp_samples: [{labels: '{}', value: 1}]\n"
                : "        exp_samples: []\n");
      }
    }
    return out.toString();
  }

  /** Times to check: the window's ends and middle, one evaluation outside it, the range's ends. */
  static List<Long> times(Expectation x, long range, long eval) {
    TreeSet<Long> t = new TreeSet<>();
    long last = (range - 1) / eval * eval;
    t.add(0L);
    t.add(last);
    if (x.firing()) {
      long from = ceil(x.fromMillis(), eval);
      long to = x.toMillis() / eval * eval;
      t.add(from);
      t.add(to);
      t.add((from + to) / 2 / eval * eval);
      t.add(from - eval);
      t.add(to + eval);
    }
    t.removeIf(v -> v < 0 || v > last);
    return new ArrayList<>(t);
  }

  private static long ceil(long v, long step) {
    return (v + step - 1) / step * step;
  }

  /** Each series' value at every step, "_" where it has none, from the scenario's own export. */
  private static Map<String, String[]> samples(
      CompiledScenario scenario, long rangeMillis, int steps, long interval) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    new RangeExporter(scenario, 0, rangeMillis, Progress.NONE)
        .threads(1)
        .exportTo(buffer, ExpositionFormat.TEXT);
    Map<String, String[]> out = new LinkedHashMap<>();
    for (String line : buffer.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int lastSpace = line.lastIndexOf(' ');
      int valueSpace = line.lastIndexOf(' ', lastSpace - 1);
      String key = line.substring(0, valueSpace);
      String value = line.substring(valueSpace + 1, lastSpace);
      int step = (int) (Long.parseLong(line.substring(lastSpace + 1)) / interval);
      String[] values =
          out.computeIfAbsent(
              key,
              k -> {
                String[] v = new String[steps];
                java.util.Arrays.fill(v, "_");
                return v;
              });
      if (step >= 0 && step < steps) {
        values[step] = value;
      }
    }
    return out;
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
