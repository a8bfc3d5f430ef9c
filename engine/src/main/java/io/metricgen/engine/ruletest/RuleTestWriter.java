package io.metricgen.engine.ruletest;

import io.metricgen.engine.exposition.SeriesLines;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.series.MetricFamily;
import io.metricgen.engine.series.SampleNames;
import io.metricgen.engine.series.Series;
import io.metricgen.engine.series.SeriesCursor;
import io.metricgen.engine.time.Durations;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes a {@code promtool test rules} file: every series of a scenario spelled out in promtool's
 * input_series notation over a range from time 0 (exact: the values are the scenario's own), and,
 * for each alert expected, queries of the ALERTS series at times inside each of its windows
 * (firing) and just outside them and at the range's ends (not firing, unless another of its windows
 * holds that time).
 *
 * @see <a
 *     href="https://prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules/">Unit
 *     testing for rules</a>
 */
public final class RuleTestWriter {

  private RuleTestWriter() {}

  /**
   * Writes the test file's YAML. The series are written one at a time, straight from the engine:
   * memory holds one series over the range, never the whole scenario.
   */
  public static void write(
      Writer out,
      CompiledScenario scenario,
      List<String> ruleFiles,
      List<Expectation> expectations,
      RuleChecks.Checks checks,
      Duration range,
      Duration evaluationInterval)
      throws IOException {
    long interval = scenario.intervalMillis();
    int steps = (int) ((range.toMillis() + interval - 1) / interval);
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
    for (MetricFamily family : scenario.families()) {
      List<SampleNames> names = SampleNames.of(family);
      for (Series s : family.series()) {
        String[][] values = new String[names.size()][steps];
        SeriesCursor cursor = family.cursor(s, 0);
        for (int k = 0; k < steps; k++) {
          boolean present = cursor.next() == SeriesCursor.PRESENT;
          double[] v = cursor.values();
          for (int i = 0; i < names.size(); i++) {
            values[i][k] = present ? number(v[i], names.get(i).integral()) : "_";
          }
        }
        for (int i = 0; i < names.size(); i++) {
          out.append("      - series: ").append(quote(key(names.get(i), s))).append('\n');
          out.append("        values: ").append(quote(Notation.compress(values[i]))).append('\n');
        }
      }
    }
    if (!checks.alerts().isEmpty()) {
      out.append("    alert_rule_test:\n");
      for (RuleChecks.AlertCheck c : checks.alerts()) {
        out.append("      - eval_time: ")
            .append(Durations.format(Duration.ofMillis(c.time())))
            .append('\n');
        out.append("        alertname: ").append(quote(c.alert())).append('\n');
        if (c.alerts().isEmpty()) {
          out.append("        exp_alerts: []\n");
          continue;
        }
        out.append("        exp_alerts:\n");
        for (RuleChecks.ExpectedAlert a : c.alerts()) {
          out.append("          - exp_labels:");
          map(out, a.labels(), "              ");
          out.append("            exp_annotations:");
          map(out, a.annotations(), "              ");
        }
      }
    }
    out.append("    promql_expr_test:\n");
    for (RuleChecks.ExprCheck c : checks.exprs()) {
      out.append("      - expr: ").append(quote(c.expr())).append('\n');
      out.append("        eval_time: ")
          .append(Durations.format(Duration.ofMillis(c.time())))
          .append('\n');
      if (c.samples().isEmpty()) {
        out.append("        exp_samples: []\n");
        continue;
      }
      out.append("        exp_samples:\n");
      for (RuleChecks.ExpectedSample s : c.samples()) {
        out.append("          - labels: ").append(quote(s.labels())).append('\n');
        out.append("            value: ").append(yamlFloat(s.value())).append('\n');
      }
    }
    // An alert may have several windows: it fires in each and at no time outside all of them.
    // Alerts whose expectations give labels are checked by alert_rule_test above instead.
    Map<String, List<Expectation>> byAlert = new LinkedHashMap<>();
    for (Expectation x : expectations) {
      byAlert.computeIfAbsent(x.alert(), k -> new ArrayList<>()).add(x);
    }
    byAlert.keySet().removeAll(RuleChecks.labelled(expectations).keySet());
    for (Map.Entry<String, List<Expectation>> e : byAlert.entrySet()) {
      String expr =
          "max(ALERTS{alertname=" + promqlString(e.getKey()) + ", alertstate=\"firing\"})";
      TreeSet<Long> times = new TreeSet<>();
      for (Expectation x : e.getValue()) {
        times.addAll(times(x, range.toMillis(), evaluationInterval.toMillis()));
      }
      for (long t : times) {
        boolean inside =
            e.getValue().stream()
                .anyMatch(x -> x.firing() && t >= x.fromMillis() && t <= x.toMillis());
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
    out.flush();
  }

  /** A YAML map of strings, one per line, or {} when empty. */
  private static void map(Appendable out, Map<String, String> m, String indent) throws IOException {
    if (m.isEmpty()) {
      out.append(" {}\n");
      return;
    }
    out.append('\n');
    for (Map.Entry<String, String> e : m.entrySet()) {
      out.append(indent).append(quote(e.getKey())).append(": ").append(doubleQuoted(e.getValue()));
      out.append('\n');
    }
  }

  /** A YAML double-quoted scalar: exact for any text, newlines and all. */
  static String doubleQuoted(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20
              || c == 0x7f
              || (c >= 0x80 && c <= 0x9f)
              || c == '\u2028'
              || c == '\u2029'
              || c == '\uFEFF') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** A float as YAML reads it back exactly. */
  private static String yamlFloat(double v) {
    if (Double.isNaN(v)) {
      return ".nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? ".inf" : "-.inf";
    }
    return io.metricgen.engine.promql.eval.GoFloat.format(v, 'g');
  }

  /** A series in PromQL notation: {@code name{a="1", b="2"}}, values quoted as Go quotes. */
  public static String seriesKey(String name, Map<String, String> labels) {
    StringBuilder out = new StringBuilder(name).append('{');
    boolean first = true;
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(labels).entrySet()) {
      out.append(first ? "" : ", ")
          .append(e.getKey())
          .append('=')
          .append(io.metricgen.engine.promql.Expr.StringLiteral.quote(e.getValue()));
      first = false;
    }
    return out.append('}').toString();
  }

  /** A series in promtool's notation: {@code name{label="value",...}}. */
  private static String key(SampleNames n, Series s) {
    StringBuilder out = new StringBuilder(n.name());
    var labels = s.labels();
    if (!labels.isEmpty() || n.extraLabel() != null) {
      out.append('{');
      for (int i = 0; i < labels.size(); i++) {
        out.append(i == 0 ? "" : ",").append(labels.getName(i)).append("=\"");
        SeriesLines.escapeLabelValue(labels.getValue(i), out);
        out.append('"');
      }
      if (n.extraLabel() != null) {
        out.append(labels.isEmpty() ? "" : ",").append(n.extraLabel()).append("=\"");
        out.append(n.extraValue()).append('"');
      }
      out.append('}');
    }
    return out.toString();
  }

  private static String number(double v, boolean integral) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return integral ? Long.toString((long) v) : Double.toString(v);
  }

  /** A PromQL string literal holding the text: any alert name Prometheus accepts is safe in it. */
  public static String promqlString(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c == '\n' ? "\\n" : String.valueOf(c));
    }
    return out.append('"').toString();
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

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
