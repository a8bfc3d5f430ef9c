package io.metricgen.engine.scaffold;

import io.metricgen.engine.DeepStack;
import io.metricgen.engine.MetricgenException;
import io.metricgen.engine.Problem;
import io.metricgen.engine.dashboard.RuleReader.Rule;
import io.metricgen.engine.load.ScenarioCompiler;
import io.metricgen.engine.model.Distribution;
import io.metricgen.engine.model.MetricSpec;
import io.metricgen.engine.model.MetricType;
import io.metricgen.engine.model.Scenario;
import io.metricgen.engine.model.Shape;
import io.metricgen.engine.promql.Expr;
import io.metricgen.engine.promql.Parser;
import io.metricgen.engine.promql.PromqlException;
import io.metricgen.engine.promql.eval.QueryEngine;
import io.metricgen.engine.promql.eval.QueryException;
import io.metricgen.engine.promql.eval.ScenarioStorage;
import io.metricgen.engine.promql.eval.SeriesLabels;
import io.metricgen.engine.ruletest.AlertInstances;
import io.metricgen.engine.ruletest.AlertStates;
import io.metricgen.engine.ruletest.Expectation;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.series.MetricFamily;
import io.metricgen.engine.series.SampleNames;
import io.metricgen.engine.template.TemplateException;
import io.metricgen.engine.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Gives each alerting rule an incident: a time in which its condition holds for longer than its
 * {@code for}, with time before and after in which it does not.
 *
 * <p>The metrics the alerts read get a quiet baseline, a constant level (a gauge's value, a
 * counter's rate) at which every alert that reads them is quiet. Then, for each alert, the planner
 * looks for a change to one of its metrics (or two) that makes its condition hold: another level, a
 * gap, a ramp, a value that flaps, a counter that resets, observations that grow larger. It aims
 * with the numbers the expression holds (its thresholds, their products and quotients, multiples
 * and fractions of them) and checks each guess with the PromQL evaluator, as a black box: it never
 * reasons about what an expression means, so any expression the evaluator computes can be planned.
 * Incidents are then laid out in time: alerts that read the same metrics take turns (none sees
 * another's incident in its own window), alerts on different metrics share time. Finally every
 * alert is evaluated over the whole timeline, as Prometheus's rule evaluation would (every minute
 * from the start, with {@code for}), and what it does there is what is promised: a scenario never
 * promises what it does not deliver.
 */
final class IncidentPlanner {

  static final long EVAL = 60_000;

  /** Quiet time before each incident. */
  static final long LEAD = 10 * 60_000;

  /** How long an alert fires, at least, once its condition has held for its for. */
  static final long FIRING = 10 * 60_000;

  /** The longest for (and keep_firing_for) an incident is made for. */
  static final long MAX_HOLD = Duration.ofDays(1).toMillis();

  /** The longest an alert may take to resolve after its incident. */
  static final long MAX_RECOVERY = Duration.ofDays(2).toMillis();

  /** The most metrics one alert may read for an incident to be planned for it. */
  static final int MAX_FAMILIES = 16;

  /** How long baselines are checked to be quiet, at most. */
  static final long QUIET_CHECKED = Duration.ofHours(6).toMillis();

  /** Guesses checked per alert, at most: an alert that can't fire costs a bounded time. */
  static final int MAX_TRIES = 600;

  /** How far back an instant selector finds a sample (Prometheus's default lookback delta). */
  private static final long LOOKBACK = 5 * 60_000;

  /** What a metric does for a while. */
  sealed interface Mode {
    /** A gauge's value, or the rate of a counter, histogram or summary. */
    record Level(double value) implements Mode {}

    /** Observations of a histogram or summary this many times larger. */
    record Scale(double factor) implements Mode {}

    /** No samples. */
    record Absent() implements Mode {}

    /** A gauge that changes by this much per second from its baseline. */
    record Ramp(double perSecond) implements Mode {}

    /** A gauge that alternates between its baseline and this much more at every sample. */
    record Flap(double amplitude) implements Mode {}

    /** A counter that resets every minute. */
    record Resets() implements Mode {}

    /** A counter at this rate that resets when the incident ends, back to where it started. */
    record Bump(double rate) implements Mode {}

    /** A counter that resets when the incident starts and stays at zero until it ends. */
    record Restart() implements Mode {}
  }

  /** One family of the scenario as the alerts see it. */
  static final class Family {
    final int index;
    final MetricSpec spec;
    double baseline;
    // A histogram's or summary's factor on its observations outside incidents.
    double baseScale = 1;
    // Series whose baseline is not the family's: their level, NaN for no samples at all.
    final Map<Integer, Double> rowLevel = new HashMap<>();

    double level(int row) {
      return rowLevel.getOrDefault(row, baseline);
    }

    final List<Alert> readers = new ArrayList<>();
    // Time taken: incidents on it, and windows in which an alert reading it is observed.
    final List<Taken> changed = new ArrayList<>();
    final List<Taken> observed = new ArrayList<>();
    final List<Segment> incidents = new ArrayList<>();
    // Each series' labels, in the compiled family's order.
    final List<Map<String, String>> rows = new ArrayList<>();

    Family(int index, MetricSpec spec) {
      this.index = index;
      this.spec = spec;
    }

    MetricType type() {
      return spec.type;
    }
  }

  /** A change to some series of a family (all of them when {@code series} is null) for a while. */
  record Segment(long from, long to, Mode mode, java.util.BitSet series) {
    boolean applies(int row) {
      return series == null || series.get(row);
    }
  }

  /** Time in which some series of a family (all when null) are changed, or watched. */
  record Taken(long from, long to, java.util.BitSet series) {
    boolean collides(long otherFrom, long otherTo, java.util.BitSet others) {
      return from < otherTo
          && otherFrom < to
          && (series == null || others == null || series.intersects(others));
    }
  }

  /** A change to one family, on the series the alert reads of it (null: all of them). */
  record Change(Mode mode, java.util.BitSet series) {}

  /** What one alert needs, and what it got. */
  static final class Alert {
    final Rule rule;
    Expr expr;
    final List<Family> reads = new ArrayList<>();
    final List<Double> literals = new ArrayList<>();
    long forMillis;
    long keepMillis;
    long reach;
    String reason;
    // The plan: which families change how, for how long, and when.
    Map<Family, Change> changes;
    // For each family it reads, the series its selectors find (null: all of them).
    final Map<Family, java.util.BitSet> targets = new HashMap<>();
    // For each family, what each of its selectors finds, when less than all series.
    final Map<Family, List<java.util.BitSet>> selected = new HashMap<>();
    long duration;
    long recovery;
    long start = -1;
    List<AlertStates.Interval> promised = List.of();
    // Its expression over the whole timeline, once evaluated (for its history and its labels).
    io.metricgen.engine.promql.eval.QueryResult whole;

    Alert(Rule rule) {
      this.rule = rule;
    }

    Problem problem(String why) {
      return new Problem(
          rule.source(), rule.line(), rule.field(), "alert " + rule.alert() + ": " + why);
    }
  }

  private final Scenario scenario;
  private final long interval;
  private final List<Family> families = new ArrayList<>();
  // Sorted: selectors without a metric name find their families in the same order on every run.
  private final Map<String, Family> bySampleName = new java.util.TreeMap<>();
  private final List<Alert> alerts = new ArrayList<>();
  // The whole timeline, once verified.
  private QueryEngine wholeEngine;
  private long length;

  private IncidentPlanner(Scenario scenario) {
    this.scenario = scenario;
    this.interval = Durations.parse(scenario.interval).toMillis();
  }

  /**
   * Changes the shapes of the metrics that the alerts read, in place, and returns the promises.
   *
   * @param skipped alerting rules scaffold could not read, by source:line, left without a plan
   */
  static Incidents plan(Scenario scenario, List<Rule> rules, Set<String> skipped) {
    IncidentPlanner p = new IncidentPlanner(scenario);
    p.index();
    List<Problem> unpromised = new ArrayList<>();
    int read = 0;
    for (Rule r : rules) {
      if (r.alert() == null) {
        continue;
      }
      read++;
      Alert a = new Alert(r);
      if (skipped.contains(r.source() + ":" + r.line())) {
        unpromised.add(a.problem("its query could not be scaffolded (see the warnings above)"));
        continue;
      }
      p.read(a);
      if (a.reason == null) {
        try {
          AlertInstances.Templates.of(r.labels(), r.annotations());
        } catch (TemplateException e) {
          a.reason = e.getMessage() + " (Prometheus refuses a rule whose template does not parse)";
        }
      }
      p.alerts.add(a);
    }
    p.widenBuckets();
    p.quietBaselines();
    for (Alert a : p.alerts) {
      if (a.reason == null) {
        p.search(a);
      }
    }
    p.schedule();
    long length = p.verify();
    Map<String, List<AlertStates.Interval>> windows = p.windowsByName();
    List<String> expect = new ArrayList<>();
    int promised = 0;
    for (Alert a : p.alerts) {
      if (a.reason != null) {
        unpromised.add(a.problem(a.reason));
        continue;
      }
      promised++;
      // Written once for each name, with the windows of every rule of that name: each alert with
      // its labels where they can be told apart, else the windows of the name.
      List<AlertStates.Interval> merged = windows.remove(a.rule.alert());
      if (merged == null) {
        continue;
      }
      List<Expectation> labelled = p.labelled(a.rule.alert(), merged);
      if (labelled != null) {
        labelled.forEach(x -> expect.add(x.toString()));
      } else {
        for (AlertStates.Interval i : merged) {
          expect.add(new Expectation(a.rule.alert(), true, i.from(), i.to()).toString());
        }
      }
    }
    p.writeShapes();
    scenario.expect = expect.isEmpty() ? null : expect;
    return new Incidents(read, promised, expect, unpromised, length);
  }

  /** Which sample names belong to which family of the scenario. */
  private void index() {
    CompiledScenario compiled = ScenarioCompiler.compile(scenario);
    for (int i = 0; i < scenario.metrics.size(); i++) {
      MetricSpec spec = scenario.metrics.get(i);
      Family f = new Family(i, spec);
      f.baseline = defaultBaseline(spec);
      families.add(f);
    }
    for (MetricFamily mf : compiled.families()) {
      Family f = null;
      for (Family candidate : families) {
        String name = candidate.spec.name;
        String base =
            candidate.spec.type == MetricType.COUNTER && name.endsWith("_total")
                ? name.substring(0, name.length() - "_total".length())
                : name;
        if (base.equals(mf.name())) {
          f = candidate;
          break;
        }
      }
      if (f == null) {
        continue;
      }
      for (SampleNames n : SampleNames.of(mf)) {
        bySampleName.put(n.name(), f);
      }
      for (var series : mf.series()) {
        Map<String, String> row = new LinkedHashMap<>();
        series.labels().forEach(l -> row.put(l.getName(), l.getValue()));
        f.rows.add(row);
      }
      bySampleName.putIfAbsent(mf.name(), f);
    }
  }

  /** A baseline that fits what the name says the metric measures; checked and moved later. */
  private static double defaultBaseline(MetricSpec spec) {
    String n = spec.name.toLowerCase(Locale.ROOT);
    if (spec.type != MetricType.GAUGE) {
      if (n.contains("bytes")) {
        return 100_000;
      }
      if (n.contains("error") || n.contains("fail")) {
        return 0;
      }
      return spec.type == MetricType.COUNTER ? 1 : 5;
    }
    if (n.equals("up")
        || n.endsWith("_up")
        || n.endsWith("_status")
        || n.endsWith("_health")
        || n.endsWith("_info")) {
      return 1;
    }
    if (n.contains("bytes")) {
      return 4e9;
    }
    if (n.endsWith("_ratio")) {
      return 0.5;
    }
    if (n.contains("percent") || n.endsWith("_pct")) {
      return 50;
    }
    if (n.endsWith("_seconds")) {
      return 1;
    }
    if (n.endsWith("_celsius")) {
      return 40;
    }
    return 10;
  }

  /** Reads what the alert's expression needs: its metrics, numbers, reach, for. */
  private void read(Alert a) {
    Rule r = a.rule;
    try {
      a.forMillis = r.forDuration() == null ? 0 : Durations.parse(r.forDuration()).toMillis();
      a.keepMillis = r.keepFiringFor() == null ? 0 : Durations.parse(r.keepFiringFor()).toMillis();
    } catch (IllegalArgumentException e) {
      a.reason = "its for or keep_firing_for is not a duration: " + e.getMessage();
      return;
    }
    if (a.forMillis > MAX_HOLD || a.keepMillis > MAX_HOLD) {
      a.reason =
          "it must hold for "
              + Durations.format(Duration.ofMillis(Math.max(a.forMillis, a.keepMillis)))
              + " before it fires (or keep firing that long); incidents here last at most "
              + Durations.format(Duration.ofMillis(MAX_HOLD));
      return;
    }
    try {
      a.expr = DeepStack.run(() -> Parser.parse(r.expr()));
    } catch (PromqlException | DeepStack.TooDeepException e) {
      a.reason = "its expression does not parse: " + e.getMessage();
      return;
    }
    Set<Family> reads = new LinkedHashSet<>();
    boolean readsSomething = false;
    for (Expr node : Expr.nodes(a.expr)) {
      if (node instanceof Expr.NumberLiteral n && Double.isFinite(n.value())) {
        a.literals.add(n.value());
      } else if (node instanceof Expr.VectorSelector v) {
        readsSomething = true;
        if (v.modifiers().at() != null) {
          a.reason = "it reads a time fixed with @, which a scenario's data does not follow";
          return;
        }
        String name = v.metricName();
        if ("ALERTS".equals(name) || "ALERTS_FOR_STATE".equals(name)) {
          a.reason =
              "it reads "
                  + name
                  + ", which only Prometheus's own evaluation of other alerts writes";
          return;
        }
        for (Family f : familiesOf(v)) {
          reads.add(f);
          target(a, f, v);
        }
      } else if (node instanceof Expr.Call c && CLOCK_FUNCTIONS.contains(c.function().name())) {
        a.reason =
            "it compares with the clock ("
                + c.function().name()
                + "()), which a scenario's data does not follow: promtool starts at"
                + " 1970-01-01, a backfill or a live generator at its own start";
        return;
      }
    }
    if (!readsSomething) {
      a.reason = "it reads no series: its condition is the same at every time";
      return;
    }
    if (reads.isEmpty()) {
      a.reason = "none of the series it reads is in the scenario";
      return;
    }
    if (reads.size() > MAX_FAMILIES) {
      a.reason =
          "it reads "
              + reads.size()
              + " metrics (a selector without a metric name finds them all); incidents are planned"
              + " for alerts on at most "
              + MAX_FAMILIES;
      return;
    }
    a.reads.addAll(reads);
    reads.forEach(f -> f.readers.add(a));
    a.reach = reach(a.expr);
  }

  /** Functions whose value depends on the time of evaluation itself. */
  private static final Set<String> CLOCK_FUNCTIONS =
      Set.of(
          "time",
          "timestamp",
          "minute",
          "hour",
          "day_of_week",
          "day_of_month",
          "day_of_year",
          "days_in_month",
          "month",
          "year");

  /** Adds the series of f that the selector finds to what the alert reads of f. */
  private static void target(Alert a, Family f, Expr.VectorSelector v) {
    if (a.targets.containsKey(f) && a.targets.get(f) == null) {
      return;
    }
    java.util.BitSet found = new java.util.BitSet();
    for (int i = 0; i < f.rows.size(); i++) {
      boolean all = true;
      for (Expr.Matcher m : v.matchers()) {
        String label = m.label();
        if (!label.equals("__name__") && !label.equals("le") && !label.equals("quantile")) {
          all &= m.matches(f.rows.get(i).getOrDefault(label, ""));
        }
      }
      if (all) {
        found.set(i);
      }
    }
    if (!found.isEmpty() && found.cardinality() < f.rows.size()) {
      List<java.util.BitSet> sets = a.selected.computeIfAbsent(f, k -> new ArrayList<>());
      if (!sets.contains(found)) {
        sets.add((java.util.BitSet) found.clone());
      }
    }
    java.util.BitSet before = a.targets.get(f);
    if (before != null) {
      found.or(before);
    }
    a.targets.put(f, found.cardinality() == f.rows.size() || found.isEmpty() ? null : found);
  }

  private List<Family> familiesOf(Expr.VectorSelector v) {
    String name = v.metricName();
    if (name != null) {
      Family f = bySampleName.get(name);
      return f == null ? List.of() : List.of(f);
    }
    Set<Family> out = new LinkedHashSet<>();
    for (Map.Entry<String, Family> e : bySampleName.entrySet()) {
      boolean all = true;
      for (Expr.Matcher m : v.matchers()) {
        if (m.label().equals("__name__")) {
          all &= m.matches(e.getKey());
        }
      }
      if (all) {
        out.add(e.getValue());
      }
    }
    return List.copyOf(out);
  }

  /** How far back from an evaluation the expression reads, at most. */
  static long reach(Expr e) {
    return DeepStack.run(() -> reachOf(e));
  }

  private static long reachOf(Expr e) {
    if (e instanceof Expr.VectorSelector v) {
      return LOOKBACK + Math.max(0, v.modifiers().offsetMillis());
    }
    if (e instanceof Expr.MatrixSelector m) {
      return m.rangeMillis() + Math.max(0, m.selector().modifiers().offsetMillis());
    }
    if (e instanceof Expr.Subquery q) {
      return q.rangeMillis() + Math.max(0, q.modifiers().offsetMillis()) + reachOf(q.expr());
    }
    long max = 0;
    for (Expr child : Expr.children(e)) {
      max = Math.max(max, reachOf(child));
    }
    return max;
  }

  /**
   * Adds bucket bounds above the thresholds of alerts that compare a histogram's quantiles: a
   * classic histogram's quantile never passes its highest finite bound, so a threshold above it
   * could not be reached.
   */
  private void widenBuckets() {
    for (Family f : families) {
      if (f.type() != MetricType.HISTOGRAM
          || f.spec.nativeHistogram != null && f.spec.buckets == null) {
        continue;
      }
      TreeSet<Double> bounds =
          new TreeSet<>(f.spec.buckets == null ? ScenarioBuilder.DEFAULT_BUCKETS : f.spec.buckets);
      double highest = bounds.last();
      int added = 0;
      for (Alert a : f.readers) {
        boolean quantiles =
            Expr.nodes(a.expr).stream()
                .anyMatch(
                    n ->
                        n instanceof Expr.Call c
                            && c.function().name().equals("histogram_quantile"));
        for (double l : a.literals) {
          if (quantiles && l >= highest && l <= 1e9 && added < 8) {
            bounds.add(round(l * 2));
            bounds.add(round(l * 10));
            added++;
          }
        }
      }
      if (added > 0) {
        f.spec.buckets = List.copyOf(bounds);
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // Baselines

  /** Moves baselines until every alert is quiet on them, where some level makes it so. */
  private void quietBaselines() {
    for (Alert a : alerts) {
      if (a.reason != null) {
        continue;
      }
      Boolean quiet = quiet(a);
      if (quiet == null) {
        continue;
      }
      if (quiet) {
        continue;
      }
      if (!fixBaseline(a)) {
        a.reason =
            "its condition holds at every level tried for "
                + names(a.reads)
                + " (it holds whatever the data, or only on data a level can't give)";
      }
    }
  }

  private boolean fixBaseline(Alert a) {
    int tries = 0;
    for (Family f : a.reads) {
      double level = f.baseline;
      double scale = f.baseScale;
      Map<Integer, Double> rows = new HashMap<>(f.rowLevel);
      List<double[]> settings = new ArrayList<>();
      if (f.type() == MetricType.HISTOGRAM || f.type() == MetricType.SUMMARY) {
        factors(a, f).forEach(x -> settings.add(new double[] {level, x}));
      }
      for (double v : levels(a, f, level)) {
        if (f.type() == MetricType.GAUGE || v >= 0) {
          settings.add(new double[] {v, scale});
        }
      }
      // The series the alert reads, then those of each selector, then one alone (which may also
      // have no samples: one of two versions that an alert counts).
      for (int pass = 0; pass < 3; pass++) {
        for (java.util.BitSet target : targets(a, f, pass)) {
          List<double[]> mine = new ArrayList<>(settings);
          if (pass == 2) {
            mine.add(new double[] {Double.NaN, scale});
          }
          for (double[] setting : mine) {
            if (++tries > MAX_TRIES / 3) {
              restore(f, level, scale, rows);
              return false;
            }
            if (target == null) {
              f.baseline = setting[0];
            } else {
              target.stream().forEach(r -> f.rowLevel.put(r, setting[0]));
            }
            f.baseScale = setting[1];
            if (Boolean.TRUE.equals(quiet(a)) && othersQuiet(a, f)) {
              return true;
            }
            restore(f, level, scale, rows);
          }
        }
      }
    }
    return false;
  }

  private static void restore(Family f, double level, double scale, Map<Integer, Double> rows) {
    f.baseline = level;
    f.baseScale = scale;
    f.rowLevel.clear();
    f.rowLevel.putAll(rows);
  }

  /** Whether the alerts before this one that read f, and were quiet, still are. */
  private boolean othersQuiet(Alert a, Family f) {
    int mine = alerts.indexOf(a);
    for (Alert b : f.readers) {
      if (b != a && b.reason == null && b.expr != null && alerts.indexOf(b) < mine) {
        if (!Boolean.TRUE.equals(quiet(b))) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Whether the alert's expression returns nothing on the baselines, at every evaluation from the
   * start to well past its reach; null when it can't be evaluated (and the reason set).
   */
  private Boolean quiet(Alert a) {
    long end = Math.min(Math.max(a.reach, LEAD) + 30 * 60_000, QUIET_CHECKED);
    QueryEngine engine = engine(a, Map.of(), 0, 0, end);
    if (engine == null) {
      return null;
    }
    AlertStates.History h = history(a, engine, end);
    return h == null ? null : h.active().isEmpty();
  }

  // ---------------------------------------------------------------------------------------
  // Search

  /** Looks for changes that make the alert fire once and resolve. */
  private void search(Alert a) {
    int tries = 0;
    List<List<Mode>> modes = new ArrayList<>();
    for (Family f : a.reads) {
      modes.add(modes(a, f));
    }
    // All the series the alert reads of a metric; then those of each of its selectors (one side
    // of a difference); then one series alone (one instance unlike the others).
    for (int pass = 0; pass < 3; pass++) {
      for (int i = 0; i < a.reads.size(); i++) {
        Family f = a.reads.get(i);
        for (java.util.BitSet series : targets(a, f, pass)) {
          for (Mode m : modes.get(i)) {
            if (++tries > MAX_TRIES) {
              break;
            }
            if (tryGuess(a, Map.of(f, new Change(m, series)))) {
              return;
            }
          }
        }
      }
    }
    // Two metrics at once, for conditions that need both (a and b, a ratio of two rates).
    int n = Math.min(4, a.reads.size());
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        List<Mode> left = forPairs(modes.get(i));
        List<Mode> right = forPairs(modes.get(j));
        for (Mode l : left) {
          for (Mode r : right) {
            if (++tries > 2 * MAX_TRIES) {
              break;
            }
            Map<Family, Change> both = new LinkedHashMap<>();
            both.put(a.reads.get(i), new Change(l, a.targets.get(a.reads.get(i))));
            both.put(a.reads.get(j), new Change(r, a.targets.get(a.reads.get(j))));
            if (tryGuess(a, both)) {
              return;
            }
          }
        }
      }
    }
    if (a.reason == null) {
      a.reason =
          "no change tried to "
              + names(a.reads)
              + " (levels from its thresholds, gaps, ramps, flaps, resets, larger observations)"
              + " makes its condition hold for its for and then stop";
    }
  }

  /**
   * What a search of two metrics at once tries of one: its likeliest changes, and a drop to 0 or 1
   * (a state gauge that must read 0, such as a read-only flag, beside a level elsewhere).
   */
  private static List<Mode> forPairs(List<Mode> modes) {
    Set<Mode> out = new LinkedHashSet<>(modes.subList(0, Math.min(10, modes.size())));
    for (Mode m : List.of(new Mode.Level(0), new Mode.Level(1))) {
      if (modes.contains(m)) {
        out.add(m);
      }
    }
    return List.copyOf(out);
  }

  /** The sets of series of f worth changing together in a pass of the search. */
  private static List<java.util.BitSet> targets(Alert a, Family f, int pass) {
    java.util.BitSet all = a.targets.get(f);
    return switch (pass) {
      case 0 -> java.util.Collections.singletonList(all);
      case 1 -> {
        List<java.util.BitSet> sets = a.selected.getOrDefault(f, List.of());
        yield sets.size() > 1 || sets.size() == 1 && !sets.get(0).equals(all) ? sets : List.of();
      }
      default -> {
        int size = all == null ? f.rows.size() : all.cardinality();
        if (size < 2) {
          yield List.of();
        }
        java.util.BitSet one = new java.util.BitSet();
        one.set(all == null ? 0 : all.nextSetBit(0));
        yield List.of(one);
      }
    };
  }

  /**
   * Whether these changes, for the alert's incident duration after a quiet lead, make it fire for
   * at least two evaluations and then resolve, with its condition holding at no other time.
   */
  private boolean tryGuess(Alert a, Map<Family, Change> changes) {
    long duration = align(Math.min(a.reach, 3_600_000) + a.forMillis + FIRING);
    long recovery = align(Math.min(a.reach + a.keepMillis + 15 * 60_000, MAX_RECOVERY));
    long end = LEAD + duration + recovery;
    QueryEngine engine = engine(a, changes, LEAD, LEAD + duration, end);
    if (engine == null) {
      return false;
    }
    Boolean before = empty(a, engine, LEAD - EVAL);
    if (before == null || !before) {
      return false;
    }
    // Holds at the end of the incident, or earlier (a comparison with an hour ago holds for an
    // hour): a quick look at a few times before the whole run is evaluated.
    boolean holds = false;
    for (long t :
        new long[] {
          LEAD + duration - EVAL,
          align(LEAD + Math.min(duration, a.forMillis + 15 * 60_000)) - EVAL,
          align(LEAD + duration / 2)
        }) {
      Boolean empty = empty(a, engine, t);
      if (empty == null) {
        return false;
      }
      if (!empty) {
        holds = true;
        break;
      }
    }
    if (!holds) {
      return false;
    }
    AlertStates.History h = history(a, engine, end);
    if (h == null || h.firing().size() != 1 || h.active().size() != 1) {
      return false;
    }
    AlertStates.Interval active = h.active().get(0);
    AlertStates.Interval firing = h.firing().get(0);
    if (active.from() < LEAD
        || firing.to() - firing.from() < 2 * EVAL
        || firing.to() >= end - EVAL
        || !clean(a, h)) {
      return false;
    }
    a.changes = changes;
    a.duration = duration;
    // Quiet again two evaluations after it resolved.
    a.recovery =
        align(Math.max(0, Math.max(firing.to(), active.to()) + 2 * EVAL - LEAD - duration));
    return true;
  }

  /**
   * Whether each time the condition holds it makes the alert fire, from for after it starts to its
   * end: nothing pending that never fires, which a check of the expression alone would see.
   */
  private static boolean clean(Alert a, AlertStates.History h) {
    if (h.active().size() != h.firing().size()) {
      return false;
    }
    long hold = (a.forMillis + EVAL - 1) / EVAL * EVAL;
    for (int i = 0; i < h.active().size(); i++) {
      AlertStates.Interval active = h.active().get(i);
      AlertStates.Interval firing = h.firing().get(i);
      if (firing.from() != active.from() + hold
          || firing.to() < active.to()
          || firing.to() > active.to() + a.keepMillis) {
        return false;
      }
    }
    return true;
  }

  /** Changes worth trying to one metric of the alert, the likeliest first. */
  private List<Mode> modes(Alert a, Family f) {
    Set<String> functions = new TreeSet<>();
    for (Expr node : Expr.nodes(a.expr)) {
      if (node instanceof Expr.Call c) {
        functions.add(c.function().name());
      }
    }
    List<Mode> out = new ArrayList<>();
    List<Double> levels = levels(a, f, f.baseline);
    boolean absentFirst = functions.contains("absent") || functions.contains("absent_over_time");
    if (absentFirst) {
      out.add(new Mode.Absent());
    }
    switch (f.type()) {
      case GAUGE -> {
        boolean changes = functions.contains("changes") || functions.contains("resets");
        boolean slope =
            functions.contains("deriv")
                || functions.contains("predict_linear")
                || functions.contains("delta")
                || functions.contains("idelta")
                || functions.contains("rate")
                || functions.contains("irate")
                || functions.contains("increase");
        List<Mode> ramps = ramps(levels, f.baseline);
        List<Mode> flaps = flaps(levels, f.baseline);
        if (changes) {
          out.addAll(flaps);
        }
        if (slope) {
          out.addAll(ramps);
        }
        levels.stream().filter(v -> v != f.baseline).forEach(v -> out.add(new Mode.Level(v)));
        if (!slope) {
          out.addAll(ramps);
        }
        if (!changes) {
          out.addAll(flaps);
        }
      }
      case COUNTER -> {
        if (functions.contains("resets")) {
          out.add(new Mode.Resets());
        }
        levels.stream()
            .filter(v -> v >= 0 && v != f.baseline)
            .forEach(v -> out.add(new Mode.Level(v)));
        levels.stream().filter(v -> v > 0).limit(12).forEach(v -> out.add(new Mode.Bump(v)));
        out.add(new Mode.Restart());
        if (!functions.contains("resets")) {
          out.add(new Mode.Resets());
        }
      }
      case HISTOGRAM, SUMMARY -> {
        for (double factor : factors(a, f)) {
          if (factor != f.baseScale) {
            out.add(new Mode.Scale(factor));
          }
        }
        levels.stream()
            .filter(v -> v >= 0 && v != f.baseline)
            .forEach(v -> out.add(new Mode.Level(v)));
      }
    }
    if (!absentFirst) {
      out.add(new Mode.Absent());
    }
    return out;
  }

  private static List<Mode> ramps(List<Double> levels, double baseline) {
    Set<Double> slopes = new LinkedHashSet<>();
    for (double v : levels) {
      if (v > 0) {
        slopes.add(v * 1.5);
        slopes.add(-v * 1.5);
      }
    }
    double scale = Math.max(1, Math.abs(baseline));
    for (double seconds : new double[] {60, 600, 3600, 6 * 3600, 86_400}) {
      slopes.add(-scale / seconds);
      slopes.add(scale / seconds);
    }
    return slopes.stream().limit(60).map(s -> (Mode) new Mode.Ramp(s)).toList();
  }

  private static List<Mode> flaps(List<Double> levels, double baseline) {
    Set<Double> amplitudes = new LinkedHashSet<>();
    amplitudes.add(Math.max(1, Math.abs(baseline)));
    levels.stream().filter(v -> v > 0).limit(4).forEach(v -> amplitudes.add(v * 1.5));
    return amplitudes.stream().map(v -> (Mode) new Mode.Flap(v)).toList();
  }

  /** Factors on a histogram's observations: to the thresholds, and round multiples. */
  private static List<Double> factors(Alert a, Family f) {
    Set<Double> out = new LinkedHashSet<>();
    double p50 = 0.1;
    double p99 = 1;
    Distribution d = f.spec.distribution;
    if (d != null && d.logNormal != null && d.logNormal.p50 != null && d.logNormal.p99 != null) {
      p50 = d.logNormal.p50;
      p99 = d.logNormal.p99;
    }
    // Factors that put the median or the 99th percentile on either side of each threshold.
    for (double l : a.literals) {
      if (l > 0) {
        for (double base : new double[] {p99, p50}) {
          for (double m : new double[] {1.5, 3, 10, 0.5, 0.1}) {
            add(out, l / base * m);
          }
        }
      }
    }
    for (double m : new double[] {3, 10, 100, 1000, 0.1, 0.01}) {
      add(out, f.baseScale * m);
    }
    add(out, 1);
    out.removeIf(x -> !(x > 0 && x <= 1e5));
    return List.copyOf(out);
  }

  /** Levels worth trying, from the expression's numbers and the baseline, the likeliest first. */
  static List<Double> levels(Alert a, Family f, double baseline) {
    Set<Double> out = new LinkedHashSet<>();
    List<Double> numbers = new ArrayList<>(new LinkedHashSet<>(a.literals));
    int pairs = Math.min(numbers.size(), 6);
    List<Double> seeds = new ArrayList<>(numbers);
    for (int i = 0; i < pairs; i++) {
      for (int j = 0; j < pairs; j++) {
        double x = numbers.get(i);
        double y = numbers.get(j);
        if (i != j) {
          seeds.add(x * y);
          if (y != 0) {
            seeds.add(x / y);
          }
        }
      }
    }
    for (double s : seeds) {
      for (double v :
          new double[] {
            s, s * 1.5, s / 1.5, s + 1, s - 1, s * 2, s / 2, s * 10, s / 10, s * 100, s / 100, -s
          }) {
        add(out, v);
      }
    }
    for (double v :
        new double[] {0, 1, 2, 5, 10, 100, 1000, 1e4, 1e6, 1e9, 1e12, 0.5, 0.1, 0.01, 1e-3}) {
      add(out, v);
    }
    for (double m : new double[] {0, 0.5, 2, 10, 100, 0.01}) {
      add(out, baseline * m);
    }
    return out.stream().limit(160).toList();
  }

  private static void add(Set<Double> out, double v) {
    if (Double.isFinite(v) && Math.abs(v) <= 1e15) {
      // Rounded to 12 significant digits: 0.1 * 3 is 0.3 in a scenario file.
      double r = v == 0 ? 0 : Double.parseDouble(String.format(Locale.ROOT, "%.12g", v));
      out.add(r == 0 ? 0.0 : r);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Evaluation

  /**
   * An engine over the alert's metrics: baselines, with the changes from {@code from} to {@code
   * to}, stored from 0 to {@code end}. Null when it can't be built (the reason set).
   */
  private QueryEngine engine(Alert a, Map<Family, Change> changes, long from, long to, long end) {
    Scenario s = new Scenario();
    s.interval = scenario.interval;
    s.seed = scenario.seed;
    s.maxSeries = scenario.maxSeries;
    for (Family f : a.reads) {
      Change c = changes.get(f);
      List<Segment> segments =
          c == null ? List.of() : List.of(new Segment(from, to, c.mode(), c.series()));
      s.metrics.add(withShape(f, segments));
    }
    try {
      CompiledScenario compiled = ScenarioCompiler.compile(s);
      return QueryEngine.builder(new ScenarioStorage(compiled, 0, end, Map.of()))
          .subqueryStepMillis(EVAL)
          .build();
    } catch (MetricgenException e) {
      return null;
    }
  }

  /** Whether the expression returns nothing at t; null when it can't be evaluated. */
  private static Boolean empty(Alert a, QueryEngine engine, long t) {
    try {
      var r = engine.instant(a.expr, t);
      return switch (r.resultType()) {
        case "vector" -> r.series().isEmpty();
        case "scalar" -> false;
        default -> {
          a.reason = "its expression is a " + r.resultType() + ", not an instant vector";
          yield null;
        }
      };
    } catch (QueryException e) {
      a.reason = "the evaluator can't compute it: " + e.getMessage();
      return null;
    }
  }

  /** The alert's expression over the whole timeline: evaluated once, kept for the alert. */
  private io.metricgen.engine.promql.eval.QueryResult whole(Alert a) {
    if (a.whole == null) {
      a.whole = wholeEngine.range(a.expr, 0, length - EVAL, EVAL);
    }
    return a.whole;
  }

  /** What the alert does over the whole timeline; null (with its reason) when it can't be said. */
  private AlertStates.History wholeHistory(Alert a) {
    try {
      return AlertStates.of(whole(a), 0, length - EVAL, EVAL, a.forMillis, a.keepMillis);
    } catch (QueryException e) {
      a.reason = "the evaluator can't compute it: " + e.getMessage();
      return null;
    }
  }

  private static AlertStates.History history(Alert a, QueryEngine engine, long end) {
    try {
      var r = engine.range(a.expr, 0, end - EVAL, EVAL);
      return AlertStates.of(r, 0, end - EVAL, EVAL, a.forMillis, a.keepMillis);
    } catch (QueryException e) {
      a.reason = "the evaluator can't compute it: " + e.getMessage();
      return null;
    }
  }

  // ---------------------------------------------------------------------------------------
  // Layout and proof

  /** Gives each planned alert the earliest start at which it sees no other alert's incident. */
  private void schedule() {
    for (Alert a : alerts) {
      if (a.reason != null) {
        continue;
      }
      TreeSet<Long> starts = new TreeSet<>();
      starts.add(LEAD);
      for (Family f : a.reads) {
        for (Taken c : f.changed) {
          starts.add(align(c.to() + LEAD));
        }
      }
      for (Family f : a.changes.keySet()) {
        for (Taken o : f.observed) {
          starts.add(align(o.to()));
          starts.add(align(o.to() + LEAD));
        }
        for (Taken c : f.changed) {
          starts.add(align(c.to() + LEAD));
        }
      }
      for (long s : starts) {
        if (fits(a, s)) {
          place(a, s);
          break;
        }
      }
    }
  }

  private long align(long t) {
    long unit = EVAL % interval == 0 ? EVAL : interval;
    return (t + unit - 1) / unit * unit;
  }

  /**
   * Whether the alert's incident may start at s: no other incident changes what it reads while it
   * is watched, and its own changes touch nothing another alert watches or changes then.
   */
  private boolean fits(Alert a, long s) {
    long watchFrom = s - LEAD;
    long watchTo = s + a.duration + a.recovery;
    for (Family f : a.reads) {
      for (Taken c : f.changed) {
        if (c.collides(watchFrom, watchTo, a.targets.get(f))) {
          return false;
        }
      }
    }
    for (Map.Entry<Family, Change> e : a.changes.entrySet()) {
      Family f = e.getKey();
      java.util.BitSet series = e.getValue().series();
      for (Taken o : f.observed) {
        if (o.collides(s, s + a.duration, series)) {
          return false;
        }
      }
      for (Taken c : f.changed) {
        if (c.collides(s, s + a.duration, series)) {
          return false;
        }
      }
    }
    return true;
  }

  private void place(Alert a, long s) {
    a.start = s;
    for (Family f : a.reads) {
      f.observed.add(new Taken(s - LEAD, s + a.duration + a.recovery, a.targets.get(f)));
    }
    a.changes.forEach(
        (f, c) -> {
          f.changed.add(new Taken(s, s + a.duration, c.series()));
          f.incidents.add(new Segment(s, s + a.duration, c.mode(), c.series()));
        });
  }

  /**
   * Evaluates every planned alert over the whole timeline, as promtool will: what it does there is
   * promised, if it fires in its own window, holds nowhere without firing, and resolves before the
   * end. Returns the timeline's length.
   */
  private long verify() {
    long length = LEAD;
    for (Alert a : alerts) {
      if (a.reason == null) {
        length = Math.max(length, a.start + a.duration + a.recovery + LEAD);
      }
    }
    length = align(length);
    families.forEach(f -> f.incidents.sort((x, y) -> Long.compare(x.from(), y.from())));
    // A segment on some series may overlap one on others; each series' own list is in order.
    Scenario whole = new Scenario();
    whole.interval = scenario.interval;
    whole.seed = scenario.seed;
    whole.maxSeries = scenario.maxSeries;
    for (Family f : families) {
      whole.metrics.add(f.readers.isEmpty() ? f.spec : withShape(f, f.incidents));
    }
    CompiledScenario compiled = ScenarioCompiler.compile(whole);
    QueryEngine engine =
        QueryEngine.builder(new ScenarioStorage(compiled, 0, length, Map.of()))
            .subqueryStepMillis(EVAL)
            .build();
    this.wholeEngine = engine;
    this.length = length;
    for (Alert a : alerts) {
      if (a.reason != null) {
        continue;
      }
      if (a.start < 0) {
        a.reason = "no time was found for its incident";
        continue;
      }
      AlertStates.History h = wholeHistory(a);
      if (h == null) {
        continue;
      }
      long own = a.start;
      boolean fired =
          h.firing().stream()
              .anyMatch(i -> i.from() >= own && i.from() < own + a.duration + a.recovery);
      if (!fired) {
        a.reason =
            "its incident did not make it fire in the whole scenario (another alert's changes to "
                + names(a.reads)
                + " interfere)";
      } else if (!clean(a, h)) {
        a.reason =
            "in the whole scenario its condition also holds at times it does not fire (another"
                + " alert's incident on "
                + names(a.reads)
                + " makes it true for less than its for)";
      } else if (h.firing().get(h.firing().size() - 1).to() >= length - EVAL
          || h.active().get(0).from() == 0) {
        a.reason = "in the whole scenario it holds at the start or the end";
      } else {
        a.promised = h.firing();
      }
    }
    return length;
  }

  /**
   * For each alert name with a promise, when some rule of that name fires: promtool sees ALERTS by
   * name, so the windows of all its rules together (merged where they touch). A rule of that name
   * without a promise of its own that fires at the start or the end, or can't be evaluated, takes
   * the promises of the name away (and says why).
   */
  private Map<String, List<AlertStates.Interval>> windowsByName() {
    Map<String, List<Alert>> byName = new LinkedHashMap<>();
    for (Alert a : alerts) {
      byName.computeIfAbsent(a.rule.alert(), k -> new ArrayList<>()).add(a);
    }
    Map<String, List<AlertStates.Interval>> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<Alert>> e : byName.entrySet()) {
      List<Alert> rules = e.getValue();
      if (rules.stream().allMatch(a -> a.reason != null)) {
        continue;
      }
      List<AlertStates.Interval> all = new ArrayList<>();
      String spoiled = null;
      for (Alert a : rules) {
        if (a.reason == null) {
          all.addAll(a.promised);
          continue;
        }
        if (a.expr == null) {
          spoiled = "its expression does not parse";
          continue;
        }
        String reason = a.reason;
        AlertStates.History h = wholeHistory(a);
        a.reason = reason;
        if (h == null) {
          spoiled = "it can't be evaluated";
        } else if (!h.firing().isEmpty()
            && (h.active().get(0).from() == 0
                || h.firing().get(h.firing().size() - 1).to() >= length - EVAL)) {
          spoiled = "it holds at the start or the end";
        } else {
          all.addAll(h.firing());
        }
      }
      if (spoiled != null) {
        for (Alert a : rules) {
          if (a.reason == null) {
            a.reason =
                "another rule named "
                    + a.rule.alert()
                    + " has no incident of its own and "
                    + spoiled
                    + "; promtool sees alerts by name";
          }
        }
        continue;
      }
      all.sort((x, y) -> Long.compare(x.from(), y.from()));
      List<AlertStates.Interval> merged = new ArrayList<>();
      for (AlertStates.Interval i : all) {
        AlertStates.Interval last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
        if (last != null && i.from() <= last.to() + EVAL) {
          merged.set(
              merged.size() - 1,
              new AlertStates.Interval(last.from(), Math.max(last.to(), i.to())));
        } else {
          merged.add(i);
        }
      }
      out.put(e.getKey(), merged);
    }
    return out;
  }

  /**
   * The windows of an alert name as one expectation per alert and window, with the alert's labels
   * as Prometheus computes them (the expression's output labels, the rules' labels rendered); null
   * where they can't be told apart (two rules make the same alert, a template fails) or do not add
   * up to the name's windows.
   */
  private List<Expectation> labelled(String name, List<AlertStates.Interval> merged) {
    long end = length - EVAL;
    Map<SeriesLabels, List<AlertStates.Interval>> byLabels = new java.util.TreeMap<>();
    for (Alert a : alerts) {
      if (!name.equals(a.rule.alert()) || a.expr == null) {
        continue;
      }
      try {
        var found =
            AlertInstances.of(
                whole(a),
                0,
                end,
                EVAL,
                a.forMillis,
                a.keepMillis,
                a.rule.labels(),
                AlertInstances.Templates.of(a.rule.labels(), a.rule.annotations()),
                AlertInstances.query(wholeEngine));
        for (AlertInstances.Instance in : found) {
          if (byLabels.put(in.labels(), in.firing()) != null) {
            return null;
          }
        }
      } catch (QueryException | TemplateException e) {
        return null;
      }
    }
    List<Expectation> out = new ArrayList<>();
    boolean[] covered = new boolean[(int) (end / EVAL) + 1];
    for (Map.Entry<SeriesLabels, List<AlertStates.Interval>> e : byLabels.entrySet()) {
      java.util.SortedMap<String, String> labels =
          new java.util.TreeMap<>(AlertInstances.map(e.getKey()));
      for (AlertStates.Interval i : e.getValue()) {
        out.add(new Expectation(name, true, i.from(), i.to(), labels));
        for (long t = i.from(); t <= i.to(); t += EVAL) {
          covered[(int) (t / EVAL)] = true;
        }
      }
    }
    // The alerts' windows together must be the name's windows, evaluation by evaluation.
    boolean[] windows = new boolean[covered.length];
    for (AlertStates.Interval i : merged) {
      for (long t = i.from(); t <= i.to() && t <= end; t += EVAL) {
        windows[(int) (t / EVAL)] = true;
      }
    }
    if (!java.util.Arrays.equals(covered, windows)) {
      return null;
    }
    out.sort(
        java.util.Comparator.comparingLong(Expectation::fromMillis)
            .thenComparing(x -> x.labels().toString()));
    return out;
  }

  /** Writes each family's baseline and incidents into the scenario's shapes. */
  private void writeShapes() {
    for (Family f : families) {
      if (!f.readers.isEmpty()) {
        scenario.metrics.set(f.index, withShape(f, f.incidents));
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // Shapes

  /**
   * A copy of the family's metric with its baseline, changed by the segments (sorted): those on all
   * series in its own shapes, those on some series in overrides, one for each group of series that
   * the same segments change.
   */
  private MetricSpec withShape(Family f, List<Segment> segments) {
    MetricSpec in = f.spec;
    MetricSpec m = new MetricSpec();
    m.name = in.name;
    m.type = in.type;
    m.help = in.help;
    m.unit = in.unit;
    m.labels = in.labels;
    m.series = in.series;
    m.buckets = in.buckets;
    m.quantiles = in.quantiles;
    m.nativeHistogram = in.nativeHistogram;
    m.exemplars = in.exemplars;
    if (in.type == MetricType.HISTOGRAM || in.type == MetricType.SUMMARY) {
      m.distribution = new Distribution();
      if (in.distribution != null) {
        m.distribution.logNormal = in.distribution.logNormal;
        m.distribution.weights = in.distribution.weights;
      }
    }
    List<Segment> common = segments.stream().filter(x -> x.series() == null).toList();
    Shapes shapes = shapes(f, common, f.baseline);
    m.value = shapes.value();
    m.rate = shapes.rate();
    m.resets = shapes.resets();
    if (m.distribution != null) {
      m.distribution.scale = shapes.scale();
    }
    // Series that other segments change, or whose baseline is their own, in groups that share
    // both: one override each.
    record Group(List<Segment> segments, double level) {}
    Map<Group, List<Map<String, String>>> groups = new LinkedHashMap<>();
    for (int row = 0; row < f.rows.size(); row++) {
      int r = row;
      List<Segment> mine = segments.stream().filter(x -> x.applies(r)).toList();
      double level = f.level(row);
      if (mine.size() != common.size() || Double.compare(level, f.baseline) != 0) {
        groups.computeIfAbsent(new Group(mine, level), k -> new ArrayList<>()).add(f.rows.get(row));
      }
    }
    if (!groups.isEmpty()) {
      m.overrides = new ArrayList<>();
      groups.forEach(
          (group, rows) -> {
            Shapes own = shapes(f, group.segments(), group.level());
            io.metricgen.engine.model.SeriesOverride o =
                new io.metricgen.engine.model.SeriesOverride();
            o.series = rows;
            o.value = own.value();
            o.rate = own.rate();
            o.resets = own.resets() == null && m.resets != null ? List.of() : own.resets();
            o.scale = own.scale();
            m.overrides.add(o);
          });
    }
    return m;
  }

  /** A family's shapes over these segments: value, or rate with resets and a scale. */
  private record Shapes(Shape value, Shape rate, List<String> resets, Shape scale) {}

  private Shapes shapes(Family f, List<Segment> segments, double baseline) {
    return switch (f.type()) {
      case GAUGE -> new Shapes(sequence(segments, baseline, this::gaugeSegment), null, null, null);
      case COUNTER ->
          new Shapes(null, sequence(segments, baseline, this::rateSegment), resets(segments), null);
      case HISTOGRAM, SUMMARY ->
          new Shapes(
              null,
              sequence(segments, baseline, this::rateSegment),
              null,
              f.baseScale != 1 || segments.stream().anyMatch(x -> x.mode() instanceof Mode.Scale)
                  ? sequence(segments, f.baseScale, this::scaleSegment)
                  : null);
    };
  }

  private interface SegmentShape {
    Shape of(Segment s, double baseline);
  }

  private Shape sequence(List<Segment> segments, double baseline, SegmentShape shape) {
    if (segments.isEmpty()) {
      return constant(baseline);
    }
    List<Shape.Segment> out = new ArrayList<>();
    long t = 0;
    for (Segment s : segments) {
      if (s.from() > t) {
        out.add(segment(s.from() - t, constant(baseline)));
      }
      out.add(segment(s.to() - s.from(), shape.of(s, baseline)));
      t = s.to();
    }
    out.add(segment(0, constant(baseline)));
    Shape seq = new Shape();
    seq.sequence = out;
    return seq;
  }

  private static Shape.Segment segment(long millis, Shape value) {
    Shape.Segment s = new Shape.Segment();
    s.duration = millis == 0 ? null : Durations.format(Duration.ofMillis(millis));
    s.value = value;
    return s;
  }

  private Shape gaugeSegment(Segment s, double level) {
    Mode m = s.mode();
    // A series with no samples outside incidents ramps and flaps from 0.
    double baseline = Double.isNaN(level) ? 0 : level;
    if (m instanceof Mode.Level l) {
      return Shape.ofConstant(l.value());
    }
    if (m instanceof Mode.Absent) {
      return gap();
    }
    if (m instanceof Mode.Ramp r) {
      Shape shape = new Shape();
      shape.linear = new Shape.Linear();
      shape.linear.from = baseline;
      shape.linear.to = round(baseline + r.perSecond() * (s.to() - s.from()) / 1000.0);
      shape.linear.over = Durations.format(Duration.ofMillis(s.to() - s.from()));
      return shape;
    }
    if (m instanceof Mode.Flap f) {
      Shape shape = new Shape();
      shape.square = new Shape.Square();
      shape.square.period = Durations.format(Duration.ofMillis(2 * interval));
      shape.square.low = baseline;
      shape.square.high = round(baseline + f.amplitude());
      shape.square.duty = 0.5;
      return shape;
    }
    return constant(level);
  }

  private Shape rateSegment(Segment s, double baseline) {
    Mode m = s.mode();
    if (m instanceof Mode.Level l) {
      return Shape.ofConstant(l.value());
    }
    if (m instanceof Mode.Bump b) {
      return Shape.ofConstant(b.rate());
    }
    if (m instanceof Mode.Restart) {
      return Shape.ofConstant(0);
    }
    if (m instanceof Mode.Absent) {
      return gap();
    }
    return constant(baseline);
  }

  private Shape scaleSegment(Segment s, double baseline) {
    return Shape.ofConstant(s.mode() instanceof Mode.Scale f ? f.factor() : baseline);
  }

  /** A counter's resets: every minute of a Resets segment, the end of a Bump. */
  private static List<String> resets(List<Segment> segments) {
    List<String> out = new ArrayList<>();
    for (Segment s : segments) {
      if (s.mode() instanceof Mode.Resets) {
        for (long t = s.from() + EVAL; t < s.to(); t += EVAL) {
          out.add(Durations.format(Duration.ofMillis(t)));
        }
      } else if (s.mode() instanceof Mode.Bump) {
        out.add(Durations.format(Duration.ofMillis(s.to())));
      } else if (s.mode() instanceof Mode.Restart) {
        out.add(Durations.format(Duration.ofMillis(s.from())));
      }
    }
    return out.isEmpty() ? null : out;
  }

  /** The value at every step; NaN for no samples at all. */
  private static Shape constant(double v) {
    return Double.isNaN(v) ? gap() : Shape.ofConstant(v);
  }

  private static Shape gap() {
    Shape s = new Shape();
    s.gap = true;
    return s;
  }

  private static double round(double v) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.12g", v));
  }

  private static String names(List<Family> fs) {
    List<String> n = fs.stream().map(f -> f.spec.name).limit(4).toList();
    return String.join(", ", n) + (fs.size() > 4 ? " and " + (fs.size() - 4) + " more" : "");
  }
}
