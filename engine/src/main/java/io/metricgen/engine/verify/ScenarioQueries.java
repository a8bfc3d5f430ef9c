package io.metricgen.engine.verify;

import io.metricgen.engine.promql.Expr;
import io.metricgen.engine.promql.eval.QueryEngine;
import io.metricgen.engine.promql.eval.QueryException;
import io.metricgen.engine.promql.eval.QueryResult;
import io.metricgen.engine.promql.eval.RangeSeries;
import io.metricgen.engine.promql.eval.ScenarioStorage;
import io.metricgen.engine.promql.eval.SeriesLabels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A scenario's series answering a dashboard's queries in process, as the Prometheus they would be
 * stored in: {@code verify --scenario}, before any data exists anywhere.
 */
public final class ScenarioQueries implements QuerySource {

  private final ScenarioStorage storage;
  private final QueryEngine engine;
  private final String name;

  public ScenarioQueries(ScenarioStorage storage, String name) {
    this.storage = storage;
    this.engine = QueryEngine.builder(storage).build();
    this.name = name;
  }

  @Override
  public String describe() {
    return "the scenario " + name;
  }

  @Override
  public int rangeSeries(String expr, Instant start, Instant end, long stepSeconds)
      throws PrometheusQueries.QueryException {
    QueryResult r;
    try {
      r = engine.range(expr, start.toEpochMilli(), end.toEpochMilli(), stepSeconds * 1000);
    } catch (QueryException e) {
      throw new PrometheusQueries.QueryException(e.getMessage());
    }
    return (int) r.series().stream().filter(s -> s.size() > 0).count();
  }

  @Override
  public List<String> instant(String expr, Instant time) throws PrometheusQueries.QueryException {
    QueryResult r;
    try {
      r = engine.instant(expr, time.toEpochMilli());
    } catch (QueryException e) {
      throw new PrometheusQueries.QueryException(e.getMessage());
    }
    List<String> out = new ArrayList<>();
    if (r.resultType().equals("scalar")) {
      out.add("{} " + r.scalar() + " " + r.time());
      return out;
    }
    for (RangeSeries s : r.series()) {
      SeriesLabels l = s.labels();
      StringBuilder line = new StringBuilder(l.get(SeriesLabels.NAME)).append('{');
      boolean first = true;
      for (int i = 0; i < l.size(); i++) {
        if (!l.name(i).equals(SeriesLabels.NAME)) {
          line.append(first ? "" : ", ").append(l.name(i)).append("=\"").append(l.value(i));
          line.append('"');
          first = false;
        }
      }
      line.append("} ").append(s.value(0)).append(' ').append(r.time());
      out.add(line.toString());
    }
    return out;
  }

  @Override
  public List<String> labelValues(String label, String selector, Instant start, Instant end)
      throws PrometheusQueries.QueryException {
    TreeSet<String> out = new TreeSet<>();
    List<Expr.Matcher> matchers = List.of();
    if (selector != null) {
      Expr e;
      try {
        e = QueryEngine.parse(selector);
      } catch (QueryException x) {
        throw new PrometheusQueries.QueryException(x.getMessage());
      }
      if (!(e instanceof Expr.VectorSelector vs)) {
        throw new PrometheusQueries.QueryException(
            "label_values() takes a series selector, not " + selector);
      }
      matchers = new ArrayList<>(vs.matchers());
      if (vs.name() != null) {
        matchers.add(new Expr.Matcher(SeriesLabels.NAME, Expr.MatchOp.EQUAL, vs.name()));
      }
    }
    for (var s : storage.select(matchers, start.toEpochMilli(), end.toEpochMilli())) {
      String v = s.labels().get(label);
      if (s.size() > 0 && !v.isEmpty()) {
        out.add(v);
      }
    }
    return new ArrayList<>(out);
  }
}
