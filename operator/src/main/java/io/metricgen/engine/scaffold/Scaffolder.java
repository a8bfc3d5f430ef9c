package io.metricgen.engine.scaffold;

import io.metricgen.engine.Problem;
import io.metricgen.engine.dashboard.Dashboard;
import io.metricgen.engine.dashboard.Interpolation;
import io.metricgen.engine.dashboard.RuleReader.Rule;
import io.metricgen.engine.dashboard.VariableQuery;
import io.metricgen.engine.dashboard.VariableValues;
import io.metricgen.engine.promql.BinaryOp;
import io.metricgen.engine.promql.Expr;
import io.metricgen.engine.promql.Expr.Matcher;
import io.metricgen.engine.promql.Expr.VectorSelector;
import io.metricgen.engine.promql.Parser;
import io.metricgen.engine.promql.PromqlException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Makes a scenario that gives every panel of some dashboards, and every rule of some rule files,
 * data: it reads each query (with the dashboard's template variables set to each of their values,
 * and to All), gathers what each metric must be and carry, and picks label values that every
 * matcher, join and variable finds. {@link ScenarioBuilder} then turns the needs into metrics.
 */
public final class Scaffolder {

  // A label named in a variable's regex, as in /instance="([^"]+)"/.
  private static final Pattern REGEX_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\\\\?\"\\(");
  private static final long STEP_SECONDS = 60;
  private static final long RANGE_SECONDS = 6 * 3600;
  private static final long SCRAPE_SECONDS = 15;

  private final LabelPools pools = new LabelPools();
  private final Map<String, MetricNeeds> needs = new LinkedHashMap<>();
  private final List<Problem> problems = new ArrayList<>();
  private final List<Set<String>[]> sameLabels = new ArrayList<>();
  private int queries;
  private boolean firstPass = true;

  private Scaffolder() {}

  /** The scenario for these dashboards and rules. */
  public static Scaffold scaffold(List<Dashboard> dashboards, List<Rule> rules) {
    Scaffolder s = new Scaffolder();
    // The second pass sees the label values the first one added, so that every value a variable
    // can take has data, not only those known when the variable was first read. Which value a
    // variable starts with can change then, so only the second pass's matchers choose the value
    // of a label that may have one.
    for (int pass = 0; pass < 2; pass++) {
      if (pass == 1) {
        s.needs.values().forEach(n -> n.matchers.clear());
      }
      for (Rule r : rules) {
        s.query(
            r.expr(),
            (r.alert() != null ? "alert " : "recording rule ") + r.name(),
            new Problem(r.source(), r.line(), r.field(), ""));
      }
      for (Dashboard d : dashboards) {
        s.dashboard(d);
      }
      s.firstPass = false;
    }
    s.unifyLabels();
    ScenarioBuilder builder = new ScenarioBuilder(s.needs, s.pools);
    return new Scaffold(
        builder.scenario(), builder.usedBy(), List.copyOf(s.problems), builder.notes(), s.queries);
  }

  private void dashboard(Dashboard d) {
    Interpolation first = builtIns();
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (Dashboard.Variable v : VariableValues.inDependencyOrder(d.variables())) {
      List<String> vs = values(d, v, first);
      if (!vs.isEmpty()) {
        values.put(v.name(), vs);
        first.with(v.name(), Interpolation.Value.one(v, vs.get(0)));
      }
    }
    // One variant with every variable at its first value, one with All, and one for each other
    // value of each variable: whichever a viewer picks, the panel has data.
    List<Interpolation> variants = new ArrayList<>();
    variants.add(first);
    Interpolation all = builtIns();
    for (Dashboard.Variable v : d.variables()) {
      List<String> vs = values.get(v.name());
      if (vs == null) {
        continue;
      }
      all.with(v.name(), Interpolation.Value.all(v, vs));
      for (String value : vs.subList(1, vs.size())) {
        Interpolation one = builtIns();
        first.values().forEach(one::with);
        one.with(v.name(), Interpolation.Value.one(v, value));
        variants.add(one);
      }
    }
    variants.add(all);
    for (Dashboard.Panel p : d.panels()) {
      for (Dashboard.Target t : p.targets()) {
        String origin =
            "dashboard \"" + d.title() + "\" panel \"" + p.title() + "\" (" + t.refId() + ")";
        Problem at = new Problem(d.source(), t.line(), t.field(), "");
        Set<String> seen = new HashSet<>();
        for (Interpolation variant : variants) {
          String text = variant.apply(t.expr());
          if (seen.add(text) && !query(text, origin, at)) {
            break;
          }
        }
      }
    }
  }

  private static Interpolation builtIns() {
    return new Interpolation().withBuiltIns(STEP_SECONDS, RANGE_SECONDS, SCRAPE_SECONDS);
  }

  private List<String> values(Dashboard d, Dashboard.Variable v, Interpolation earlier) {
    List<String> fixed = VariableValues.withoutDataSource(v);
    return fixed != null ? fixed : queryVariable(d, v, earlier);
  }

  private List<String> queryVariable(Dashboard d, Dashboard.Variable v, Interpolation earlier) {
    VariableQuery q = VariableQuery.parse(earlier.apply(v.query()));
    String origin = "dashboard \"" + d.title() + "\" variable $" + v.name();
    Problem at = new Problem(d.source(), v.line(), v.field() + ".query", "");
    String label = null;
    switch (q.kind()) {
      case LABEL_VALUES -> {
        label = q.label();
        if (q.expr() != null && query(q.expr(), origin, at)) {
          for (VectorSelector s : selectors(q.expr())) {
            if (s.metricName() != null) {
              needs(s.metricName()).labels.add(label);
            }
          }
        }
      }
      case QUERY_RESULT -> {
        query(q.expr(), origin, at);
        var m = REGEX_LABEL.matcher(v.regex());
        label = m.find() ? m.group(1) : null;
      }
      default -> {}
    }
    if (label == null || label.isEmpty()) {
      return List.of(v.name() + "-1");
    }
    pools.require(label, 2);
    // Sorted, as Prometheus lists label values: the first is the one Grafana starts with.
    return VariableRegex.apply(v.regex(), label, pools).stream().sorted().toList();
  }

  private static List<VectorSelector> selectors(String text) {
    List<VectorSelector> out = new ArrayList<>();
    new QueryWalker(new CollectingSink(out)).walk(Parser.parse(text));
    return out;
  }

  /** Reads one query into the needs; false (and a problem) when it does not parse. */
  private boolean query(String text, String origin, Problem at) {
    if (firstPass) {
      queries++;
    }
    Expr e;
    try {
      e = Parser.parse(text);
    } catch (PromqlException ex) {
      // Reported once: the second pass reads the same queries again.
      if (firstPass) {
        problems.add(
            new Problem(at.source(), at.line(), at.field(), origin + ": " + ex.getMessage()));
      }
      return false;
    }
    new QueryWalker(new Sink(origin, at)).walk(e);
    return true;
  }

  private MetricNeeds needs(String name) {
    return needs.computeIfAbsent(name, MetricNeeds::new);
  }

  /** Labels of metrics on both sides of a join without on(), made the same until stable. */
  private void unifyLabels() {
    for (int round = 0; round < 10; round++) {
      boolean changed = false;
      for (Set<String>[] pair : sameLabels) {
        Set<String> union = new HashSet<>();
        for (int side = 0; side < 2; side++) {
          for (String metric : pair[side]) {
            union.addAll(needs(metric).labels);
          }
        }
        union.removeAll(pair[2]);
        union.remove("le");
        union.remove("quantile");
        for (int side = 0; side < 2; side++) {
          for (String metric : pair[side]) {
            changed |= needs(metric).labels.addAll(union);
          }
        }
      }
      if (!changed) {
        return;
      }
    }
  }

  private final class Sink implements QueryWalker.Sink {
    private final String origin;
    private final Problem at;

    Sink(String origin, Problem at) {
      this.origin = origin;
      this.at = at;
    }

    @Override
    public void selector(VectorSelector selector, QueryWalker.Context context) {
      String name = selector.metricName();
      if (name == null) {
        return;
      }
      MetricNeeds n = needs(name);
      n.usedBy.add(origin);
      n.functions.addAll(context.functions());
      for (String label : context.labels()) {
        n.byLe |= label.equals("le");
        if (!label.equals("le") && !label.equals("quantile")) {
          n.labels.add(label);
          pools.require(label, 2);
        }
      }
      List<Matcher> all = new ArrayList<>(selector.matchers());
      all.addAll(context.conditions());
      for (Matcher m : all) {
        if (m.label().equals("__name__")) {
          continue;
        }
        if (m.label().equals("le")) {
          List<String> bounds =
              m.op() == Expr.MatchOp.EQUAL
                  ? List.of(m.value())
                  : m.op() == Expr.MatchOp.REGEX
                      // Bounds are numbers: a dot in le=~"0.5|1" means the decimal point.
                      ? List.of(m.value().replace("\\.", ".").replaceAll("[()]", "").split("\\|"))
                      : null;
          for (String bound : bounds == null ? List.<String>of() : bounds) {
            try {
              n.le.add(Double.parseDouble(bound));
            } catch (NumberFormatException ignored) {
              // +Inf and odd spellings: the default buckets cover them.
            }
          }
          continue;
        }
        if (m.op() == Expr.MatchOp.EQUAL && m.value().isEmpty()) {
          continue;
        }
        n.labels.add(m.label());
        n.matchers.add(m);
        String problem = pools.satisfy(m);
        if (problem != null && firstPass) {
          problems.add(
              new Problem(
                  at.source(), at.line(), at.field(), origin + ": " + m.label() + ": " + problem));
        }
      }
    }

    @Override
    public void sameLabels(
        List<VectorSelector> left, List<VectorSelector> right, Set<String> ignoring) {
      @SuppressWarnings("unchecked")
      Set<String>[] pair = new Set[] {names(left), names(right), ignoring};
      sameLabels.add(pair);
    }

    @Override
    public void oneSide(List<VectorSelector> selectors, Set<String> on) {
      for (String name : names(selectors)) {
        MetricNeeds n = needs(name);
        n.labels.addAll(on);
        if (n.varyingOnOneSide == null) {
          n.varyingOnOneSide = new HashSet<>(on);
        } else {
          n.varyingOnOneSide.retainAll(on);
        }
      }
    }

    @Override
    public void relabeled(
        List<VectorSelector> selectors, String dst, String replacement, String src, String regex) {
      for (String name : names(selectors)) {
        needs(name).required.add(new Matcher(src, Expr.MatchOp.REGEX, regex));
      }
      // Source values that give the dst values already known: /dev/(.*) with sda gives /dev/sda.
      for (String wanted : pools.values(dst)) {
        String source = Relabel.invert(regex, replacement, wanted);
        if (source != null) {
          pools.add(src, source);
        }
      }
    }

    @Override
    public void singleValued(List<VectorSelector> selectors, Set<String> labels) {
      for (String name : names(selectors)) {
        needs(name).singleValued.addAll(labels);
      }
    }

    @Override
    public void compared(VectorSelector selector, BinaryOp op, double value) {
      if (selector.metricName() != null) {
        needs(selector.metricName()).comparisons.add(new MetricNeeds.Comparison(op, value));
      }
    }

    private Set<String> names(List<VectorSelector> selectors) {
      Set<String> out = new HashSet<>();
      for (VectorSelector s : selectors) {
        if (s.metricName() != null) {
          out.add(s.metricName());
        }
      }
      return out;
    }
  }

  /** Collects the selectors of a query and nothing else. */
  private record CollectingSink(List<VectorSelector> out) implements QueryWalker.Sink {
    @Override
    public void selector(VectorSelector selector, QueryWalker.Context context) {
      out.add(selector);
    }

    @Override
    public void sameLabels(List<VectorSelector> l, List<VectorSelector> r, Set<String> i) {}

    @Override
    public void oneSide(List<VectorSelector> selectors, Set<String> on) {}

    @Override
    public void relabeled(
        List<VectorSelector> selectors, String dst, String replacement, String src, String regex) {}

    @Override
    public void singleValued(List<VectorSelector> selectors, Set<String> labels) {}

    @Override
    public void compared(VectorSelector selector, BinaryOp op, double value) {}
  }
}
