package io.metricgen.engine.ruletest;

import io.metricgen.engine.Problem;
import io.metricgen.engine.dashboard.RuleReader;
import io.metricgen.engine.promql.Expr;
import io.metricgen.engine.promql.Parser;
import io.metricgen.engine.promql.PromqlException;
import io.metricgen.engine.promql.eval.QueryEngine;
import io.metricgen.engine.promql.eval.QueryException;
import io.metricgen.engine.promql.eval.QueryResult;
import io.metricgen.engine.promql.eval.RangeSeries;
import io.metricgen.engine.promql.eval.SeriesLabels;
import io.metricgen.engine.template.AlertTemplates;
import io.metricgen.engine.template.TemplateException;
import io.metricgen.engine.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a promtool test checks beyond the ALERTS series: for alerts whose expectations name their
 * labels, promtool's {@code alert_rule_test} at times inside and around each window, with every
 * firing alert's labels and its annotations rendered as Prometheus renders them (with the value
 * metricgen's evaluator computes for the sample the alert's last evaluation saw); and for recording
 * rules, {@code promql_expr_test} of the recorded series at a few times against the evaluator's
 * values. promtool, running the real rule evaluation, then proves or refutes both.
 */
public final class RuleChecks {

  private RuleChecks() {}

  /** One alert promtool should see firing: its labels (without alertname) and annotations. */
  public record ExpectedAlert(
      SortedMap<String, String> labels, SortedMap<String, String> annotations) {}

  /** An {@code alert_rule_test}: at this time, exactly these alerts of this name fire. */
  public record AlertCheck(long time, String alert, List<ExpectedAlert> alerts) {}

  /** A sample a query should return: labels in PromQL notation, and the value. */
  public record ExpectedSample(String labels, double value) {}

  /** A {@code promql_expr_test}: the query at this time returns exactly these samples. */
  public record ExprCheck(String expr, long time, List<ExpectedSample> samples) {}

  /**
   * The checks.
   *
   * @param alerts alert_rule_tests, for alerts whose expectations give labels
   * @param exprs promql_expr_tests of recording rules
   * @param annotated how many alerts' labels and annotations are checked
   * @param labelsOnly how many alerts' labels alone are checked (their annotations can't be told)
   * @param recordingRulesChecked how many recording rules have checks
   * @param recordingChecks how many checks of recording rules there are
   * @param notes what the user should know: rules not checked and why, disagreements
   */
  public record Checks(
      List<AlertCheck> alerts,
      List<ExprCheck> exprs,
      int annotated,
      int labelsOnly,
      int recordingRulesChecked,
      int recordingChecks,
      List<String> notes) {}

  /** At most this many samples are written for one recording rule at one time. */
  static final int MAX_SAMPLES_PER_CHECK = 50;

  /**
   * Parses every alerting rule's label and annotation templates, as Prometheus does when it loads
   * rules: the problems, each with file, line and field.
   */
  public static List<Problem> templateProblems(List<RuleReader.Rule> rules) {
    List<Problem> out = new ArrayList<>();
    for (RuleReader.Rule r : rules) {
      if (r.alert() == null) {
        continue;
      }
      try {
        AlertInstances.Templates.of(r.labels(), r.annotations());
      } catch (TemplateException e) {
        out.add(new Problem(r.source(), r.line(), ruleField(r), e.getMessage()));
      }
    }
    return out;
  }

  private static String ruleField(RuleReader.Rule r) {
    String f = r.field();
    return f.endsWith(".expr") ? f.substring(0, f.length() - ".expr".length()) : f;
  }

  /**
   * Plans the checks.
   *
   * @param rules every rule read
   * @param recording the recording rules promtool runs (others are left out of its copy)
   * @param expectations what the scenario promises
   * @param engine the evaluator over the scenario's series
   * @param provided the series names the scenario gives
   */
  public static Checks plan(
      List<RuleReader.Rule> rules,
      List<RuleReader.Rule> recording,
      List<Expectation> expectations,
      QueryEngine engine,
      Set<String> provided,
      long range,
      long eval) {
    List<String> notes = new ArrayList<>();
    long last = (range - 1) / eval * eval;
    Set<String> notGiven = new HashSet<>(Set.of("ALERTS", "ALERTS_FOR_STATE"));
    rules.stream().filter(r -> r.record() != null).forEach(r -> notGiven.add(r.record()));
    notGiven.removeAll(provided);
    AlertTemplates.Query query = onlyGiven(AlertInstances.query(engine), notGiven);
    List<AlertCheck> alertChecks = new ArrayList<>();
    List<ExprCheck> exprChecks = new ArrayList<>();
    int annotated = 0;
    int labelsOnly = 0;
    for (Map.Entry<String, List<Expectation>> e : labelled(expectations).entrySet()) {
      List<AlertCheck> checks =
          alertChecks(e.getKey(), e.getValue(), rules, engine, query, range, eval, notes);
      if (checks != null) {
        alertChecks.addAll(checks);
        annotated++;
        continue;
      }
      labelsOnly++;
      // Labels only, through the ALERTS series.
      for (AlertCheck c : labelsOnly(e.getKey(), e.getValue(), range, eval)) {
        List<ExpectedSample> samples = new ArrayList<>();
        for (ExpectedAlert a : c.alerts()) {
          Map<String, String> l = new TreeMap<>(a.labels());
          l.put("alertname", c.alert());
          l.put("alertstate", "firing");
          samples.add(new ExpectedSample(RuleTestWriter.seriesKey("ALERTS", l), 1));
        }
        exprChecks.add(
            new ExprCheck(
                "ALERTS{alertname="
                    + RuleTestWriter.promqlString(c.alert())
                    + ", alertstate=\"firing\"}",
                c.time(),
                samples));
      }
    }
    int checked = 0;
    int recordingChecks = 0;
    Set<String> recorded = new HashSet<>();
    Set<String> twice = new HashSet<>();
    recording.forEach(
        r -> {
          if (!recorded.add(r.record())) {
            twice.add(r.record());
          }
        });
    for (RuleReader.Rule r : recording) {
      if (twice.contains(r.record())) {
        continue; // several rules record it: the series is theirs together
      }
      List<ExprCheck> c = recordingChecks(r, engine, provided, recorded, last, eval);
      if (!c.isEmpty()) {
        checked++;
        recordingChecks += c.size();
        exprChecks.addAll(c);
      }
    }
    return new Checks(
        alertChecks, exprChecks, annotated, labelsOnly, checked, recordingChecks, notes);
  }

  /**
   * Template queries over the scenario's series alone: a query that reads what rules record, or
   * ALERTS, fails here (promtool has those series, the evaluator does not), so that the alert's
   * annotations are not promised.
   */
  private static AlertTemplates.Query onlyGiven(AlertTemplates.Query query, Set<String> notGiven) {
    return (promql, time) -> {
      try {
        for (Expr.VectorSelector v : Expr.selectors(Parser.parse(promql))) {
          if (v.name() == null || v.name().isEmpty() || notGiven.contains(v.name())) {
            throw new TemplateException(
                "the query " + promql + " reads series that rules record or ALERTS");
          }
        }
      } catch (PromqlException e) {
        throw new TemplateException(e.getMessage());
      }
      return query.run(promql, time);
    };
  }

  /** Expectations by alert, for the alerts whose firing windows all give labels. */
  public static Map<String, List<Expectation>> labelled(List<Expectation> expectations) {
    Map<String, List<Expectation>> byAlert = new LinkedHashMap<>();
    for (Expectation x : expectations) {
      byAlert.computeIfAbsent(x.alert(), k -> new ArrayList<>()).add(x);
    }
    Map<String, List<Expectation>> out = new LinkedHashMap<>();
    byAlert.forEach(
        (name, xs) -> {
          if (xs.stream().anyMatch(x -> x.labels() != null)) {
            out.put(name, xs);
          }
        });
    return out;
  }

  /**
   * Whether the expression, at this time, adds floats over series in an order that matters: a sum
   * of three or more series, or an average or standard deviation of two or more (Prometheus 2.42
   * averages incrementally). Prometheus adds them in the order it stores the series in, which
   * promtool leaves to chance, so the last bits of the result are not fixed.
   */
  static boolean addsInStorageOrder(String expr, QueryEngine engine, long time) {
    try {
      for (Expr node : Expr.nodes(Parser.parse(expr))) {
        if (!(node instanceof Expr.Aggregate a)) {
          continue;
        }
        int enough =
            switch (a.op()) {
              case "sum" -> 3;
              case "avg", "stddev", "stdvar" -> 2;
              default -> Integer.MAX_VALUE;
            };
        if (enough == Integer.MAX_VALUE) {
          continue;
        }
        QueryResult inner = engine.instant(a.expr(), time);
        Map<SeriesLabels, Integer> groups = new java.util.HashMap<>();
        for (RangeSeries series : inner.series()) {
          SeriesLabels l = series.labels();
          SeriesLabels key =
              a.without() ? l.drop(a.grouping()).withoutName() : l.keep(a.grouping());
          if (groups.merge(key, 1, Integer::sum) >= enough) {
            return true;
          }
        }
      }
      return false;
    } catch (PromqlException | QueryException e) {
      return true;
    }
  }

  /**
   * Whether an annotation prints the value with all its digits (12 or more significant ones), where
   * a last bit that differs shows.
   */
  static boolean printsLastDigits(Map<String, String> texts, double value) {
    String full = io.metricgen.engine.template.GoFmt.value(value);
    String mantissa = full.replaceFirst("[eE].*$", "").replace("-", "").replace(".", "");
    mantissa = mantissa.replaceFirst("^0+", "");
    if (mantissa.length() < 12) {
      return false;
    }
    return texts.values().stream().anyMatch(t -> t.contains(full));
  }

  /** The alerts expected at each time to check, without annotations. */
  private static List<AlertCheck> labelsOnly(
      String name, List<Expectation> xs, long range, long eval) {
    TreeSet<Long> times = new TreeSet<>();
    for (Expectation x : xs) {
      times.addAll(RuleTestWriter.times(x, range, eval));
    }
    List<AlertCheck> out = new ArrayList<>();
    for (long t : times) {
      Map<SortedMap<String, String>, ExpectedAlert> firing = new LinkedHashMap<>();
      for (Expectation x : xs) {
        if (x.firing() && t >= x.fromMillis() && t <= x.toMillis()) {
          firing.putIfAbsent(x.labels(), new ExpectedAlert(x.labels(), new TreeMap<>()));
        }
      }
      out.add(new AlertCheck(t, name, new ArrayList<>(firing.values())));
    }
    return out;
  }

  /**
   * alert_rule_tests for one alert name, or null when its annotations can't be told exactly (a
   * template ranges over a query's samples, whose order promtool leaves to chance, or its query
   * fails on these series): then its labels are checked alone.
   */
  private static List<AlertCheck> alertChecks(
      String name,
      List<Expectation> xs,
      List<RuleReader.Rule> rules,
      QueryEngine engine,
      AlertTemplates.Query query,
      long range,
      long eval,
      List<String> notes) {
    long last = (range - 1) / eval * eval;
    // Each rule of that name: its templates and its alerts over the whole range.
    List<AlertInstances.Templates> templates = new ArrayList<>();
    List<List<AlertInstances.Instance>> instances = new ArrayList<>();
    List<String> exprs = new ArrayList<>();
    for (RuleReader.Rule r : rules) {
      if (!name.equals(r.alert())) {
        continue;
      }
      exprs.add(r.expr());
      AlertInstances.Templates t = AlertInstances.Templates.of(r.labels(), r.annotations());
      List<AlertInstances.Instance> found = List.of();
      try {
        QueryResult q = engine.range(r.expr(), 0, last, eval);
        found =
            AlertInstances.of(
                q,
                0,
                last,
                eval,
                millis(r.forDuration()),
                millis(r.keepFiringFor()),
                r.labels(),
                t,
                query);
      } catch (QueryException | TemplateException ex) {
        notes.add(
            r.source()
                + ":"
                + r.line()
                + ": alert "
                + name
                + ": metricgen can't compute its alerts' annotations ("
                + ex.getMessage()
                + "); promtool decides");
      }
      templates.add(t);
      instances.add(found);
    }
    TreeSet<Long> times = new TreeSet<>();
    for (Expectation x : xs) {
      times.addAll(RuleTestWriter.times(x, range, eval));
    }
    List<AlertCheck> out = new ArrayList<>();
    Set<String> noted = new HashSet<>();
    for (long t : times) {
      Map<SortedMap<String, String>, ExpectedAlert> firing = new LinkedHashMap<>();
      for (Expectation x : xs) {
        if (!x.firing() || t < x.fromMillis() || t > x.toMillis()) {
          continue;
        }
        SortedMap<String, String> labels = x.labels() == null ? new TreeMap<>() : x.labels();
        if (firing.containsKey(labels)) {
          continue;
        }
        SeriesLabels id = SeriesLabels.of(labels);
        SortedMap<String, String> annotations = null;
        for (int i = 0; i < instances.size() && annotations == null; i++) {
          for (AlertInstances.Instance in : instances.get(i)) {
            if (!in.labels().equals(id)) {
              continue;
            }
            Map.Entry<Long, AlertInstances.Sample> seen = in.at(t);
            if (seen == null) {
              continue;
            }
            try {
              AlertInstances.Annotations a =
                  AlertInstances.annotations(
                      templates.get(i), seen.getValue(), seen.getKey(), query);
              boolean lastDigits =
                  printsLastDigits(a.texts(), seen.getValue().value())
                      && addsInStorageOrder(exprs.get(i), engine, seen.getKey());
              if (a.unordered() || a.queryFailed() || lastDigits) {
                notes.add(
                    "alert "
                        + name
                        + ": its labels are checked, not its annotations: "
                        + (a.queryFailed()
                            ? "a query in them fails on the scenario's series or reads what"
                                + " rules record"
                            : a.unordered()
                                ? "they read a query's samples in the order Prometheus stores"
                                    + " them, which promtool leaves to chance"
                                : "they print a sum's value to its last digit, and the last"
                                    + " digits follow the order Prometheus adds series in,"
                                    + " which promtool leaves to chance"));
                return null;
              }
              annotations = a.texts();
            } catch (TemplateException ex) {
              String note =
                  "alert " + name + " " + Expectation.labelSet(labels) + ": " + ex.getMessage();
              if (noted.add(note)) {
                notes.add(note + " (so its test fails: Prometheus renders it as an error)");
              }
              annotations = new TreeMap<>();
              annotations.put("error", "<error expanding template: " + ex.getMessage() + ">");
            }
            break;
          }
        }
        if (annotations == null) {
          // The evaluator does not see this alert: promtool, with the real rule evaluation, says.
          String note =
              "alert "
                  + name
                  + " "
                  + Expectation.labelSet(labels)
                  + " is promised at "
                  + Durations.format(Duration.ofMillis(t))
                  + " but metricgen's evaluator does not see it fire there; promtool decides";
          if (noted.add(note)) {
            notes.add(note);
          }
          annotations = new TreeMap<>();
          if (!templates.isEmpty()) {
            try {
              annotations =
                  AlertInstances.annotations(
                          templates.get(0),
                          new AlertInstances.Sample(SeriesLabels.of(labels), Double.NaN),
                          t,
                          query)
                      .texts();
            } catch (TemplateException ex) {
              // left empty: the test fails either way
            }
          }
        }
        firing.put(labels, new ExpectedAlert(labels, annotations));
      }
      out.add(new AlertCheck(t, name, new ArrayList<>(firing.values())));
    }
    return out;
  }

  /**
   * Checks of a recording rule's series at three times, when the evaluator can compute them: its
   * expression reads only series the scenario gives (not another rule's, not ALERTS), has no topk
   * or bottomk (which pick among equal values by an order promtool leaves to chance), and returns
   * floats. At each time: how many series it records, and each one's value, to a relative 1e-9
   * (sums over several series add up in the order Prometheus stores them, which promtool leaves to
   * chance, so the last bits may differ).
   */
  private static List<ExprCheck> recordingChecks(
      RuleReader.Rule r,
      QueryEngine engine,
      Set<String> provided,
      Set<String> recorded,
      long last,
      long eval) {
    Expr expr;
    try {
      expr = Parser.parse(r.expr());
    } catch (PromqlException e) {
      return List.of();
    }
    for (Expr.VectorSelector v : Expr.selectors(expr)) {
      if (v.name() == null
          || v.name().isEmpty()
          || !provided.contains(v.name())
          || recorded.contains(v.name())) {
        return List.of();
      }
    }
    for (Expr node : Expr.nodes(expr)) {
      if (node instanceof Expr.Aggregate a && (a.op().equals("topk") || a.op().equals("bottomk"))) {
        return List.of();
      }
    }
    List<ExprCheck> out = new ArrayList<>();
    TreeSet<Long> times = new TreeSet<>();
    for (long t : new long[] {last / 3, 2 * last / 3, last}) {
      times.add(Math.max(eval, t / eval * eval));
    }
    for (long t : times) {
      QueryResult q;
      try {
        q = engine.instant(expr, t);
      } catch (QueryException e) {
        return List.of();
      }
      List<Map<String, String>> labelSets = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      if (q.resultType().equals("scalar")) {
        labelSets.add(recordedLabels(SeriesLabels.EMPTY, r.labels()));
        values.add(q.scalar());
      } else if (q.resultType().equals("vector")) {
        for (RangeSeries s : q.series()) {
          if (s.histogram(0) != null) {
            return List.of();
          }
          labelSets.add(recordedLabels(s.labels(), r.labels()));
          values.add(s.value(0));
        }
      } else {
        return List.of();
      }
      if (labelSets.size() > MAX_SAMPLES_PER_CHECK || values.stream().anyMatch(v -> v.isNaN())) {
        continue;
      }
      String name = r.record();
      out.add(
          new ExprCheck(
              "count(" + name + ")",
              t,
              labelSets.isEmpty()
                  ? List.of()
                  : List.of(new ExpectedSample("{}", labelSets.size()))));
      if (labelSets.isEmpty()) {
        continue;
      }
      Set<String> allNames = new TreeSet<>();
      labelSets.forEach(l -> allNames.addAll(l.keySet()));
      List<String> terms = new ArrayList<>();
      List<ExpectedSample> samples = new ArrayList<>();
      for (int i = 0; i < labelSets.size(); i++) {
        Map<String, String> exact = new TreeMap<>(labelSets.get(i));
        allNames.forEach(n -> exact.putIfAbsent(n, ""));
        String selector = RuleTestWriter.seriesKey(name, exact);
        double v = values.get(i);
        terms.add(
            Double.isInfinite(v)
                ? selector + " == bool " + (v > 0 ? "+Inf" : "-Inf")
                : "abs("
                    + selector
                    + " - ("
                    + number(v)
                    + ")) <= bool "
                    + number(Math.max(Math.abs(v) * 1e-9, 1e-12)));
        samples.add(new ExpectedSample(RuleTestWriter.seriesKey("", labelSets.get(i)), 1));
      }
      out.add(new ExprCheck(String.join(" or ", terms), t, samples));
    }
    return out;
  }

  /**
   * The labels a recording rule records a sample with: the expression's, without the name, with the
   * rule's labels set over them (an empty one removes the label), as Prometheus does.
   */
  private static Map<String, String> recordedLabels(SeriesLabels output, Map<String, String> rule) {
    SeriesLabels.Builder b = output.withoutName().builder();
    rule.forEach(b::set);
    return AlertInstances.map(b.build());
  }

  private static String number(double v) {
    return io.metricgen.engine.promql.eval.GoFloat.format(v, 'g');
  }

  private static long millis(String duration) {
    return duration == null || duration.isBlank() ? 0 : Durations.parse(duration).toMillis();
  }
}
