package io.metricgen.engine.scaffold;

import io.metricgen.engine.Problem;
import io.metricgen.engine.promql.BinaryOp;
import io.metricgen.engine.promql.Expr;
import io.metricgen.engine.promql.Expr.Matcher;
import io.metricgen.engine.promql.Expr.VectorSelector;
import io.metricgen.engine.regex.Examples;
import io.metricgen.engine.regex.LabelValues;
import io.metricgen.engine.regex.LabelValues.Constraint;
import io.metricgen.engine.regex.LabelValues.Op;
import io.metricgen.engine.regex.LabelValues.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one query asks of the metrics it reads, written into the scaffold's needs: for each
 * selector, label values that meet all its matchers on each label together (or the selector
 * reported as one that can never match), and the joins, groupings and comparisons around it.
 */
final class SelectorSink implements QueryWalker.Sink {

  private static final Map<List<Constraint>, LabelValues.Result> SOLVED = new HashMap<>();

  private final Scaffolder s;
  private final String origin;
  private final Problem at;
  private boolean met = true;

  SelectorSink(Scaffolder s, String origin, Problem at) {
    this.s = s;
    this.origin = origin;
    this.at = at;
  }

  /** Whether every selector of the query could be met. */
  boolean met() {
    return met;
  }

  @Override
  public void selector(VectorSelector selector, QueryWalker.Context context) {
    String name = selector.metricName();
    if (name == null) {
      return;
    }
    MetricNeeds n = s.needs(name);
    n.usedBy.add(origin);
    n.sets.add(s.pools.set());
    n.functions.addAll(context.functions());
    for (String label : context.labels()) {
      n.byLe |= label.equals("le");
      n.byQuantile |= label.equals("quantile");
      if (!label.equals("le") && !label.equals("quantile")) {
        n.labels.add(label);
        s.pools.require(name, label, 2);
      }
    }
    Map<String, List<Matcher>> byLabel = new LinkedHashMap<>();
    List<Matcher> all = new ArrayList<>(selector.matchers());
    all.addAll(context.conditions());
    for (Matcher m : all) {
      if (!m.label().equals("__name__")) {
        byLabel.computeIfAbsent(m.label(), k -> new ArrayList<>()).add(m);
      }
    }
    for (Map.Entry<String, List<Matcher>> e : byLabel.entrySet()) {
      String label = e.getKey();
      if (label.equals("le") || label.equals("quantile")) {
        bounds(n, label, e.getValue());
        continue;
      }
      String why = label(n, label, e.getValue());
      if (why != null) {
        met = false;
        s.skip(at, origin, why);
      }
    }
  }

  /** Bucket bounds and quantiles the matchers name: numbers, so a dot means the decimal point. */
  private static void bounds(MetricNeeds n, String label, List<Matcher> matchers) {
    for (Matcher m : matchers) {
      List<String> values =
          m.op() == Expr.MatchOp.EQUAL
              ? List.of(m.value())
              : m.op() == Expr.MatchOp.REGEX ? alternativesOrPlain(m.value()) : List.of();
      for (String v : values) {
        if (label.equals("le") && !v.isEmpty()) {
          n.leValues.add(v);
        }
        try {
          double d = Double.parseDouble(v);
          (label.equals("le") ? n.le : n.quantiles).add(d);
        } catch (NumberFormatException ignored) {
          // +Inf and odd spellings: the defaults cover them.
        }
      }
      if (label.equals("quantile")) {
        n.byQuantile = true;
      }
    }
  }

  private static List<String> alternativesOrPlain(String regex) {
    List<String> alts = Examples.alternatives(regex);
    if (!alts.isEmpty()) {
      return alts;
    }
    return List.of(regex.replace("\\.", ".").replaceAll("[()]", "").split("\\|"));
  }

  /**
   * Gives the metric's label a value that meets every matcher on it; null when done, else why the
   * selector can never match.
   */
  private String label(MetricNeeds n, String label, List<Matcher> matchers) {
    List<Matcher> read = matchers.stream().map(this::readAsValue).toList();
    List<Constraint> cs = new ArrayList<>();
    boolean positive = false;
    for (Matcher m : read) {
      if (m.op() == Expr.MatchOp.EQUAL && m.value().isEmpty()) {
        continue; // the label absent: a metric that lacks it has it so
      }
      cs.add(new Constraint(op(m.op()), m.value()));
      positive |= m.op() == Expr.MatchOp.EQUAL || m.op() == Expr.MatchOp.REGEX;
    }
    if (cs.isEmpty()) {
      return null;
    }
    n.labels.add(label);
    n.matchers.addAll(read);
    String metric = n.name;
    // Every alternative of a literal list (GET|POST) gets data, whichever one a viewer picks.
    boolean added = false;
    for (Constraint c : cs) {
      if (c.op() == Op.REGEX) {
        for (String alt : Examples.alternatives(c.value())) {
          if (!alt.isEmpty() && cs.stream().allMatch(o -> o.matches(alt))) {
            s.pools.add(metric, label, alt);
            added = true;
          }
        }
      } else if (c.op() == Op.EQUAL && cs.stream().allMatch(o -> o.matches(c.value()))) {
        s.pools.add(metric, label, c.value());
        added = true;
      }
    }
    if (added) {
      return null;
    }
    if (!positive) {
      s.pools.require(metric, label, 1);
    }
    if (s.pools.has(metric, label)) {
      for (String v : s.pools.values(metric, label)) {
        if (cs.stream().allMatch(c -> c.matches(v))) {
          s.pools.add(metric, label, v); // this query's set asks for it too
          return null;
        }
      }
    }
    // A value that looks like the label's usual ones (host-1:9100 for instance) before a made-up
    // one.
    for (String v : LabelPools.defaults(label)) {
      if (cs.stream().allMatch(c -> c.matches(v))) {
        s.pools.add(metric, label, v);
        return null;
      }
    }
    LabelValues.Result r;
    synchronized (SOLVED) {
      if (SOLVED.size() > 10_000) {
        SOLVED.clear();
      }
      r = SOLVED.computeIfAbsent(List.copyOf(cs), LabelValues::solve);
    }
    if (r.outcome() == Outcome.FOUND) {
      if (!r.value().isEmpty()) {
        s.pools.add(metric, label, r.value());
      }
      return null;
    }
    String matchersText = String.join(", ", cs.stream().map(c -> label + c).toList());
    return r.outcome() == Outcome.UNSATISFIABLE
        ? "the selector can never match: no value of "
            + label
            + " meets "
            + matchersText
            + " ("
            + r.reason()
            + ")"
        : "no value found for " + matchersText + ": " + r.reason();
  }

  /**
   * An equality with what a multi-valued variable interpolates to ({@code (a|b)} for All, an
   * escaped value) is read as Grafana's query means it: a match of those values.
   */
  private Matcher readAsValue(Matcher m) {
    List<String> values = s.interpolated.get(m.value());
    if (values == null || (m.op() != Expr.MatchOp.EQUAL && m.op() != Expr.MatchOp.NOT_EQUAL)) {
      return m;
    }
    if (values.size() == 1) {
      return new Matcher(m.label(), m.op(), values.get(0));
    }
    // A query that compares a label with several values by = finds nothing in Grafana either;
    // read it as the match of any of them, so the other variants still give the label values.
    String alternation =
        String.join(
            "|",
            values.stream().map(io.metricgen.engine.dashboard.Interpolation::quoteRegex).toList());
    return new Matcher(
        m.label(),
        m.op() == Expr.MatchOp.EQUAL ? Expr.MatchOp.REGEX : Expr.MatchOp.NOT_REGEX,
        alternation);
  }

  private static Op op(Expr.MatchOp op) {
    return switch (op) {
      case EQUAL -> Op.EQUAL;
      case NOT_EQUAL -> Op.NOT_EQUAL;
      case REGEX -> Op.REGEX;
      case NOT_REGEX -> Op.NOT_REGEX;
    };
  }

  @Override
  public void sameLabels(
      List<VectorSelector> left, List<VectorSelector> right, Set<String> ignoring) {
    s.sameLabels.add(new Scaffolder.SameLabels(names(left), names(right), ignoring));
  }

  @Override
  public void joined(List<VectorSelector> left, List<VectorSelector> right, Set<String> on) {
    s.joins.add(new Scaffolder.Join(names(left), names(right), on));
  }

  @Override
  public void oneSide(List<QueryWalker.Reached> selectors, Set<String> on) {
    for (QueryWalker.Reached r : selectors) {
      if (r.selector().metricName() == null) {
        continue;
      }
      MetricNeeds n = s.needs(r.selector().metricName());
      n.labels.addAll(on);
      // A label the selector pins with = is one value within this query, whatever the metric has.
      Set<String> pinned = pinned(r.selector());
      if (r.kept() != null) {
        Set<String> single = new HashSet<>(r.kept());
        single.removeAll(on);
        single.removeAll(pinned);
        n.singleValued.addAll(single);
        continue;
      }
      Set<String> varying = new HashSet<>(on);
      varying.addAll(pinned);
      if (n.varyingOnOneSide == null) {
        n.varyingOnOneSide = varying;
      } else {
        n.varyingOnOneSide.retainAll(varying);
      }
    }
  }

  private static Set<String> pinned(VectorSelector selector) {
    Set<String> out = new HashSet<>();
    for (Matcher m : selector.matchers()) {
      if (m.op() == Expr.MatchOp.EQUAL) {
        out.add(m.label());
      }
    }
    return out;
  }

  @Override
  public void relabeled(
      List<VectorSelector> selectors, String dst, String replacement, String src, String regex) {
    for (String name : names(selectors)) {
      s.needs(name).required.add(new Matcher(src, Expr.MatchOp.REGEX, regex));
      // Source values that give the dst values already known: /dev/(.*) with sda gives /dev/sda.
      for (String metric : List.copyOf(s.pools.metricsWith(dst))) {
        if (!s.needs(metric).usedBy.contains(origin)) {
          continue; // only the metrics this query joins with
        }
        for (String wanted : s.pools.values(metric, dst)) {
          String source = Relabel.invert(regex, replacement, wanted);
          if (source != null) {
            s.pools.add(name, src, source);
          }
        }
      }
    }
  }

  @Override
  public void singleValued(List<QueryWalker.Reached> selectors, Set<String> labels) {
    for (QueryWalker.Reached r : selectors) {
      if (r.selector().metricName() == null) {
        continue;
      }
      Set<String> single = new HashSet<>(labels);
      single.removeAll(pinned(r.selector()));
      if (r.kept() != null) {
        single.retainAll(r.kept());
      }
      s.needs(r.selector().metricName()).singleValued.addAll(single);
    }
  }

  @Override
  public void compared(VectorSelector selector, BinaryOp op, double value) {
    if (selector.metricName() != null) {
      s.needs(selector.metricName()).comparisons.add(new MetricNeeds.Comparison(op, value));
    }
  }

  private static Set<String> names(List<VectorSelector> selectors) {
    Set<String> out = new HashSet<>();
    for (VectorSelector sel : selectors) {
      if (sel.metricName() != null) {
        out.add(sel.metricName());
      }
    }
    return out;
  }
}
