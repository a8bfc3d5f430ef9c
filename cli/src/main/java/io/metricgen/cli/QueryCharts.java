package io.metricgen.cli;

import io.metricgen.engine.chart.ChartData;
import io.metricgen.engine.promql.eval.QueryEngine;
import io.metricgen.engine.promql.eval.QueryException;
import io.metricgen.engine.promql.eval.QueryResult;
import io.metricgen.engine.promql.eval.RangeSeries;
import io.metricgen.engine.promql.eval.ScenarioStorage;
import io.metricgen.engine.series.CompiledScenario;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A query's result over a scenario's first steps, as chart lines (preview --query). */
final class QueryCharts {

  /** The scenario's time 0 in previews: a fixed day, so that charts don't change by the hour. */
  static final long ORIGIN = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  private QueryCharts() {}

  /** The scenario's series that the query's selectors read, as preview draws them. */
  static List<ChartData> readBy(CompiledScenario scenario, String query, long steps) {
    java.util.Set<String> names = new java.util.HashSet<>();
    try {
      for (var selector : io.metricgen.engine.promql.Expr.selectors(QueryEngine.parse(query))) {
        String name = selector.metricName();
        if (name != null) {
          names.add(name);
          names.add(name.replaceAll("_(bucket|count|sum|total)$", ""));
        }
      }
    } catch (QueryException e) {
      return List.of(); // lines() says what is wrong with it
    }
    List<ChartData> out = new ArrayList<>();
    for (ChartData line : ChartData.of(scenario, steps, Integer.MAX_VALUE)) {
      String title = line.title();
      int end = title.indexOf('{') >= 0 ? title.indexOf('{') : title.indexOf(' ');
      String name = end < 0 ? title : title.substring(0, end);
      if (names.contains(name)
          || names.contains(name.replaceAll("_(bucket|count|sum|total)$", ""))) {
        out.add(line);
      }
    }
    return out;
  }

  static List<ChartData> lines(CompiledScenario scenario, String query, long steps) {
    long interval = scenario.intervalMillis();
    ScenarioStorage storage =
        new ScenarioStorage(scenario, ORIGIN, ORIGIN + steps * interval, Map.of());
    QueryResult r =
        QueryEngine.builder(storage)
            .build()
            .range(query, ORIGIN, ORIGIN + (steps - 1) * interval, interval);
    List<ChartData> out = new ArrayList<>();
    for (RangeSeries s : r.series()) {
      double[] v = new double[(int) steps];
      Arrays.fill(v, Double.NaN);
      for (int i = 0; i < s.size(); i++) {
        if (s.histogram(i) == null) {
          v[(int) ((s.time(i) - ORIGIN) / interval)] = s.value(i);
        }
      }
      out.add(new ChartData(query + " " + s.labels(), v));
    }
    if (out.isEmpty()) {
      double[] v = new double[(int) steps];
      Arrays.fill(v, Double.NaN);
      out.add(new ChartData(query + " (no data)", v));
    }
    return out;
  }
}
