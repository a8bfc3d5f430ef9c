package io.metricgen.engine.verify;

import io.metricgen.engine.dashboard.Dashboard;
import io.metricgen.engine.dashboard.Interpolation;
import io.metricgen.engine.dashboard.RuleReader;
import io.metricgen.engine.dashboard.VariableQuery;
import io.metricgen.engine.dashboard.VariableValues;
import io.metricgen.engine.promql.Expr;
import io.metricgen.engine.promql.Parser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every panel query of a dashboard through Prometheus (or a scenario evaluated in process)
 * over a range, as Grafana would show it: template variables resolved against the same source, set
 * to their first value and, where the dashboard allows it, to All. Rules run the same way, without
 * variables.
 */
public final class DashboardVerifier {

  private static final long SCRAPE_SECONDS = 15;

  private final QuerySource prometheus;
  private final Instant end;
  private final Duration range;
  private final long step;
  // Once Prometheus can't be reached, the remaining queries say so at once rather than each wait.
  private String unreachable;

  public DashboardVerifier(QuerySource prometheus, Instant end, Duration range) {
    this.prometheus = prometheus;
    this.end = end;
    this.range = range;
    // Grafana asks for about one point per pixel; a few hundred points show the same coverage.
    this.step = Math.max(SCRAPE_SECONDS, range.toSeconds() / 300);
  }

  /** Every target of every panel, once per variant of the variables. */
  public List<TargetResult> verify(Dashboard d) throws InterruptedException {
    Instant start = end.minus(range);
    Interpolation first = builtIns();
    Interpolation all = builtIns();
    boolean anyAll = false;
    for (Dashboard.Variable v : VariableValues.inDependencyOrder(d.variables()).variables()) {
      List<String> values = values(v, first, start);
      if (values.isEmpty()) {
        continue;
      }
      first.with(v.name(), Interpolation.Value.one(v, values.get(0)));
      all.with(v.name(), Interpolation.Value.all(v, values));
      anyAll |= v.includeAll();
    }
    List<TargetResult> out = new ArrayList<>();
    for (Dashboard.Panel p : d.panels()) {
      String owner = d.title() + " / " + p.title();
      String key = d.source() + "#" + p.field();
      for (Dashboard.Target t : p.targets()) {
        out.add(
            run(
                owner,
                key,
                t.refId(),
                d.variables().isEmpty() ? "" : "first",
                first.apply(t.expr()),
                start));
        if (anyAll) {
          String text = all.apply(t.expr());
          String equality = equalsMultiValue(text, all);
          out.add(
              equality != null
                  ? new TargetResult(
                      owner, key, t.refId(), "All", text, TargetResult.NOT_APPLICABLE, null)
                  : run(owner, key, t.refId(), "All", text, start));
        }
      }
    }
    return out;
  }

  /** Every rule's expression: an alert's returns series while it would fire. */
  public List<TargetResult> verifyRules(List<RuleReader.Rule> rules) throws InterruptedException {
    List<TargetResult> out = new ArrayList<>();
    for (RuleReader.Rule r : rules) {
      out.add(
          run(
              r.source() + " / " + r.name(),
              r.source() + ":" + r.line(),
              r.alert() != null ? "alert" : "record",
              "",
              r.expr(),
              end.minus(range)));
    }
    return out;
  }

  /**
   * The matcher that compares a label by = or != with what All interpolates to ({@code (a|b)},
   * {@code .+}): Grafana's query finds nothing there either, whatever the data. Null when none.
   */
  private static String equalsMultiValue(String query, Interpolation all) {
    java.util.Set<String> texts = all.interpolatedTexts().keySet();
    try {
      for (Expr.VectorSelector s :
          Expr.selectors(io.metricgen.engine.DeepStack.run(() -> Parser.parse(query)))) {
        for (Expr.Matcher m : s.matchers()) {
          if ((m.op() == Expr.MatchOp.EQUAL || m.op() == Expr.MatchOp.NOT_EQUAL)
              && texts.contains(m.value())) {
            return m.label();
          }
        }
      }
    } catch (RuntimeException e) {
      return null; // Prometheus will say what is wrong with it
    }
    return null;
  }

  private Interpolation builtIns() {
    return new Interpolation().withBuiltIns(step, range.toSeconds(), SCRAPE_SECONDS);
  }

  private TargetResult run(
      String owner, String key, String refId, String variant, String query, Instant start)
      throws InterruptedException {
    if (unreachable != null) {
      return new TargetResult(owner, key, refId, variant, query, 0, unreachable);
    }
    try {
      return new TargetResult(
          owner, key, refId, variant, query, prometheus.rangeSeries(query, start, end, step), null);
    } catch (PrometheusQueries.QueryException e) {
      if (e.unreachable()) {
        unreachable = e.getMessage();
      }
      return new TargetResult(owner, key, refId, variant, query, 0, e.getMessage());
    }
  }

  private List<String> values(Dashboard.Variable v, Interpolation earlier, Instant start)
      throws InterruptedException {
    List<String> fixed = VariableValues.withoutDataSource(v);
    if (fixed != null) {
      return fixed;
    }
    VariableQuery q = VariableQuery.parse(earlier.apply(v.query()));
    List<String> found;
    try {
      found =
          switch (q.kind()) {
            case LABEL_VALUES -> prometheus.labelValues(q.label(), q.expr(), start, end);
            case QUERY_RESULT -> prometheus.instant(q.expr(), end);
            default -> List.of();
          };
    } catch (PrometheusQueries.QueryException e) {
      return List.of();
    }
    return VariableValues.applyRegex(VariableValues.pattern(v.regex()), found);
  }
}
