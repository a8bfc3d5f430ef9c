package io.metricgen.engine.scaffold;

import io.metricgen.engine.DeepStack;
import io.metricgen.engine.Problem;
import io.metricgen.engine.dashboard.Dashboard;
import io.metricgen.engine.dashboard.Interpolation;
import io.metricgen.engine.dashboard.RuleReader.Rule;
import io.metricgen.engine.dashboard.VariableQuery;
import io.metricgen.engine.dashboard.VariableValues;
import io.metricgen.engine.model.Scenario;
import io.metricgen.engine.promql.Expr.VectorSelector;
import io.metricgen.engine.promql.Parser;
import io.metricgen.engine.promql.PromqlException;
import io.metricgen.engine.regex.RegexSyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Makes a scenario that gives every panel of some dashboards, and every rule of some rule files,
 * data: it reads each query (with the dashboard's template variables set to each of their values,
 * and to All), gathers what each metric must be and carry, and picks label values that every
 * matcher, join and variable finds. {@link ScenarioBuilder} then turns the needs into metrics.
 *
 * <p>One query that can't be read or met (it doesn't parse, a selector can never match, a variable
 * it needs has no value) is reported with its place and left out; the rest is scaffolded.
 */
public final class Scaffolder {

  // A label named in a variable's regex, as in /instance="([^"]+)"/.
  private static final Pattern REGEX_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\\\\?\"\\(");
  private static final long STEP_SECONDS = 60;
  private static final long RANGE_SECONDS = 6 * 3600;
  private static final long SCRAPE_SECONDS = 15;

  final LabelPools pools = new LabelPools();
  final Map<String, MetricNeeds> needs = new LinkedHashMap<>();
  private final Map<String, Problem> skipped = new LinkedHashMap<>();
  final List<SameLabels> sameLabels = new ArrayList<>();
  // A set: both passes, and every variant of a panel, report the same joins again.
  final Set<Join> joins = new LinkedHashSet<>();
  private int queries;
  private boolean firstPass = true;
  // Texts that a variant's multi-valued variables interpolate to ((a|b), escaped values), mapped
  // to the values themselves: an equality matcher that reads one compares with the value.
  Map<String, List<String>> interpolated = Map.of();

  /**
   * Two groups of selectors whose series a binary operation matches on these labels (all: null).
   */
  record Join(Set<String> left, Set<String> right, Set<String> on) {}

  private Scaffolder() {}

  /** The scenario for these dashboards and rules, all of one set. */
  public static Scaffold scaffold(List<Dashboard> dashboards, List<Rule> rules) {
    return scaffold(dashboards, rules, source -> "");
  }

  /**
   * The scenario for these dashboards and rules, which come from several input sets (repositories
   * given apart): {@code setOf} names the set of a source file. A metric that several sets read
   * gets each set's combinations of label values, not the product of all of them.
   */
  public static Scaffold scaffold(
      List<Dashboard> dashboards, List<Rule> rules, Function<String, String> setOf) {
    return scaffold(dashboards, rules, setOf, false);
  }

  /**
   * The scenario for these dashboards and rules; with {@code incidents}, every alerting rule that
   * can fire gets an incident in which it does, and a promise in the scenario's {@code expect:}
   * list (see {@link IncidentPlanner}).
   */
  public static Scaffold scaffold(
      List<Dashboard> dashboards,
      List<Rule> rules,
      Function<String, String> setOf,
      boolean incidents) {
    Scaffolder s = new Scaffolder();
    Set<String> skippedPanels = new HashSet<>();
    Set<String> skippedRules = new HashSet<>();
    // The second pass sees the label values the first one added, so that every value a variable
    // can take has data, not only those known when the variable was first read. Which value a
    // variable starts with can change then, so only the second pass's matchers choose the value
    // of a label that may have one.
    for (int pass = 0; pass < 2; pass++) {
      if (pass == 1) {
        s.needs.values().forEach(n -> n.matchers.clear());
      }
      for (Rule r : rules) {
        String origin = (r.alert() != null ? "alert " : "recording rule ") + r.name();
        Problem at = new Problem(r.source(), r.line(), r.field(), "");
        s.pools.inSet(setOf.apply(r.source()));
        if (!s.query(r.expr(), origin, at)) {
          skippedRules.add(r.source() + ":" + r.line());
        }
        if (r.alert() == null && r.name() != null) {
          s.recorded(r.name(), r.expr());
        }
      }
      for (Dashboard d : dashboards) {
        s.pools.inSet(setOf.apply(d.source()));
        s.dashboard(d, skippedPanels);
      }
      s.link();
      s.firstPass = false;
    }
    s.unifyLabels();
    s.pools.inSet(null); // what the builder adds is asked for by no set
    int panels = dashboards.stream().mapToInt(d -> d.panels().size()).sum();
    ScenarioBuilder builder = new ScenarioBuilder(s.needs, s.pools);
    Scenario scenario = builder.scenario();
    Incidents planned =
        incidents && rules.stream().anyMatch(r -> r.alert() != null)
            ? IncidentPlanner.plan(scenario, rules, skippedRules)
            : Incidents.NONE;
    return new Scaffold(
        scenario,
        builder.usedBy(),
        List.copyOf(s.skipped.values()),
        builder.notes(),
        s.queries,
        new Scaffold.Count(panels, panels - skippedPanels.size()),
        new Scaffold.Count(rules.size(), rules.size() - skippedRules.size()),
        planned);
  }

  private void dashboard(Dashboard d, Set<String> skippedPanels) {
    Interpolation first = builtIns();
    Map<String, List<String>> values = new LinkedHashMap<>();
    VariableValues.Ordered ordered = VariableValues.inDependencyOrder(d.variables());
    for (Dashboard.Variable v : ordered.cyclic()) {
      skip(
          new Problem(d.source(), v.line(), v.field() + ".query", ""),
          "dashboard \"" + d.title() + "\" variable $" + v.name(),
          "its query refers to a variable that refers back to it (a cycle), so it has no value;"
              + " the queries that use it are skipped");
    }
    for (Dashboard.Variable v : ordered.variables()) {
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
      boolean whole = true;
      for (Dashboard.Target t : p.targets()) {
        String origin =
            "dashboard \"" + d.title() + "\" panel \"" + p.title() + "\" (" + t.refId() + ")";
        Problem at = new Problem(d.source(), t.line(), t.field(), "");
        Set<String> seen = new HashSet<>();
        for (Interpolation variant : variants) {
          String text = variant.apply(t.expr());
          if (!seen.add(text)) {
            continue;
          }
          String missing = unresolved(d, text);
          if (missing != null) {
            skip(at, origin, missing);
            whole = false;
            break;
          }
          interpolated = variant.interpolatedTexts();
          boolean ok = query(text, origin, at);
          interpolated = Map.of();
          if (!ok) {
            whole = false;
            break;
          }
        }
      }
      if (!whole) {
        skippedPanels.add(d.source() + "#" + p.field());
      }
    }
  }

  /** Why a query still refers to one of the dashboard's variables, or null when it doesn't. */
  private static String unresolved(Dashboard d, String text) {
    for (String name : Interpolation.references(text)) {
      if (d.variable(name) != null) {
        return "refers to the variable $" + name + ", which has no value";
      }
    }
    return null;
  }

  private static Interpolation builtIns() {
    return new Interpolation().withBuiltIns(STEP_SECONDS, RANGE_SECONDS, SCRAPE_SECONDS);
  }

  private List<String> values(Dashboard d, Dashboard.Variable v, Interpolation earlier) {
    List<String> fixed = VariableValues.withoutDataSource(v);
    return fixed != null ? fixed : queryVariable(d, v, earlier);
  }

  private List<String> queryVariable(Dashboard d, Dashboard.Variable v, Interpolation earlier) {
    String text = earlier.apply(v.query());
    String origin = "dashboard \"" + d.title() + "\" variable $" + v.name();
    Problem at = new Problem(d.source(), v.line(), v.field() + ".query", "");
    String missing = unresolved(d, text);
    if (missing != null) {
      skip(at, origin, missing);
      return List.of();
    }
    VariableQuery q = VariableQuery.parse(text);
    String label = null;
    Set<String> metrics = new TreeSet<>();
    switch (q.kind()) {
      case LABEL_VALUES -> {
        label = q.label();
        if (q.expr() != null && query(q.expr(), origin, at)) {
          for (VectorSelector s : selectors(q.expr())) {
            if (s.metricName() != null) {
              needs(s.metricName()).labels.add(label);
              metrics.add(s.metricName());
            }
          }
        } else if (q.expr() == null) {
          metrics.addAll(pools.metricsWith(label));
        }
      }
      case QUERY_RESULT -> {
        var m = REGEX_LABEL.matcher(v.regex());
        label = m.find() ? m.group(1) : null;
        if (query(q.expr(), origin, at)) {
          for (VectorSelector s : selectors(q.expr())) {
            if (s.metricName() != null && label != null) {
              needs(s.metricName()).labels.add(label);
              metrics.add(s.metricName());
            }
          }
        }
      }
      default -> {}
    }
    if (label == null || label.isEmpty() || metrics.isEmpty()) {
      return List.of(v.name() + "-1");
    }
    Set<String> found = new LinkedHashSet<>();
    for (String metric : metrics) {
      pools.require(metric, label, 2);
      found.addAll(pools.values(metric, label));
    }
    String first = metrics.iterator().next();
    String name = label;
    List<String> kept =
        VariableRegex.apply(v.regex(), new ArrayList<>(found), x -> pools.add(first, name, x));
    // Sorted, as Prometheus lists label values: the first is the one Grafana starts with.
    return kept.stream().sorted().toList();
  }

  private static List<VectorSelector> selectors(String text) {
    return DeepStack.run(
        () -> {
          List<VectorSelector> out = new ArrayList<>();
          new QueryWalker(new CollectingSink(out)).walk(Parser.parse(text));
          return out;
        });
  }

  /**
   * Reads one query into the needs; false (and the query skipped, with why) when it does not parse
   * or one of its selectors can never be met.
   */
  boolean query(String text, String origin, Problem at) {
    if (firstPass) {
      queries++;
    }
    try {
      // Queries nest as deep as Prometheus allows (2,000 parentheses): read on a larger stack.
      return DeepStack.run(
          () -> {
            io.metricgen.engine.promql.Expr e = Parser.parse(text);
            SelectorSink sink = new SelectorSink(this, origin, at);
            new QueryWalker(sink).walk(e);
            return sink.met();
          });
    } catch (PromqlException | RegexSyntaxException | DeepStack.TooDeepException ex) {
      skip(at, origin, ex.getMessage());
      return false;
    }
  }

  /** A recorded series: its name carries the labels its expression keeps. */
  private void recorded(String name, String expr) {
    try {
      for (VectorSelector s : selectors(expr)) {
        if (s.metricName() != null && needs.containsKey(name)) {
          joins.add(new Join(Set.of(name), Set.of(s.metricName()), null));
        }
      }
    } catch (PromqlException | RegexSyntaxException | DeepStack.TooDeepException ignored) {
      // Reported when the rule's query was read.
    }
  }

  /** Records something left out; each place and reason once, whichever pass finds it. */
  void skip(Problem at, String origin, String why) {
    String key = at.source() + ":" + at.line() + ":" + at.field() + ":" + origin + ":" + why;
    skipped.putIfAbsent(key, new Problem(at.source(), at.line(), at.field(), origin + ": " + why));
  }

  MetricNeeds needs(String name) {
    return needs.computeIfAbsent(name, MetricNeeds::new);
  }

  /** One pool for each label that the two sides of a join match on. */
  private void link() {
    for (Join j : joins) {
      for (String l : j.left()) {
        for (String r : j.right()) {
          Set<String> on = j.on();
          if (on == null) {
            on = new HashSet<>(needs(l).labels);
            on.retainAll(needs(r).labels);
          }
          for (String label : on) {
            if (!label.equals("le") && !label.equals("quantile")) {
              pools.link(l, r, label);
            }
          }
        }
      }
    }
  }

  /**
   * Metrics on the two sides of a one-to-one match without {@code on()}: their labels must be the
   * same but for those the match ignores.
   *
   * @param left metric names on the left
   * @param right metric names on the right
   * @param ignoring labels of {@code ignoring(...)}, empty without it
   */
  record SameLabels(Set<String> left, Set<String> right, Set<String> ignoring) {
    SameLabels {
      left = Set.copyOf(left);
      right = Set.copyOf(right);
      ignoring = Set.copyOf(ignoring);
    }

    /** Both sides' metrics, left first. */
    List<String> metrics() {
      List<String> out = new ArrayList<>(new java.util.TreeSet<>(left));
      out.addAll(new java.util.TreeSet<>(right));
      return out;
    }
  }

  /** Labels of metrics on both sides of a join without on(), made the same until stable. */
  private void unifyLabels() {
    for (int round = 0; round < 10; round++) {
      boolean changed = false;
      for (SameLabels pair : sameLabels) {
        Set<String> union = new HashSet<>();
        for (String metric : pair.metrics()) {
          union.addAll(needs(metric).labels);
        }
        union.removeAll(pair.ignoring());
        union.remove("le");
        union.remove("quantile");
        for (String metric : pair.metrics()) {
          changed |= needs(metric).labels.addAll(union);
        }
      }
      if (!changed) {
        break;
      }
    }
    link();
  }

  /** Collects the selectors of a query and nothing else. */
  private record CollectingSink(List<VectorSelector> out) implements QueryWalker.Sink {
    @Override
    public void selector(VectorSelector selector, QueryWalker.Context context) {
      out.add(selector);
    }
  }
}
