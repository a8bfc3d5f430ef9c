package io.metricgen.engine.promql.eval;

import io.metricgen.engine.promql.Expr;
import io.metricgen.engine.promql.Expr.Aggregate;
import io.metricgen.engine.promql.Expr.Binary;
import io.metricgen.engine.promql.Expr.Call;
import io.metricgen.engine.promql.Expr.MatrixSelector;
import io.metricgen.engine.promql.Expr.Modifiers;
import io.metricgen.engine.promql.Expr.NumberLiteral;
import io.metricgen.engine.promql.Expr.Paren;
import io.metricgen.engine.promql.Expr.StringLiteral;
import io.metricgen.engine.promql.Expr.Subquery;
import io.metricgen.engine.promql.Expr.Unary;
import io.metricgen.engine.promql.Expr.VectorSelector;
import io.metricgen.engine.promql.ValueType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates an expression over the steps start, start+interval, ... end, node by node as Prometheus
 * 2.x's engine does ({@code promql/engine.go}): every node yields a matrix with a point per step
 * where it has a value; an instant query is one step. Selectors read the {@link Storage} for the
 * times the node needs, so memory follows the query's range.
 */
final class Evaluator {

  /** Prometheus's default lookback for instant vector selectors. */
  static final long LOOKBACK_MILLIS = 5 * 60_000;

  final Storage storage;
  final long start;
  final long end;
  final long interval;
  final Context context;

  /** What every evaluator of one query shares: @ start()/end(), the default step, the budget. */
  static final class Context {
    final long queryStart;
    final long queryEnd;
    final long subqueryStepMillis;
    final long maxSamples;
    final java.util.concurrent.atomic.AtomicLong samples =
        new java.util.concurrent.atomic.AtomicLong();

    Context(long queryStart, long queryEnd, long subqueryStepMillis, long maxSamples) {
      this.queryStart = queryStart;
      this.queryEnd = queryEnd;
      this.subqueryStepMillis = subqueryStepMillis;
      this.maxSamples = maxSamples;
    }

    void count(long n) {
      if (samples.addAndGet(n) > maxSamples) {
        throw QueryException.execution(
            "query processing would load too many samples into memory in query execution");
      }
    }
  }

  Evaluator(Storage storage, long start, long end, long interval, Context context) {
    this.storage = storage;
    this.start = start;
    this.end = end;
    this.interval = interval;
    this.context = context;
  }

  int steps() {
    return end < start ? 0 : (int) ((end - start) / interval) + 1;
  }

  /** The node's value: a matrix (list of series), or a String for a string literal. */
  Object eval(Expr e) {
    if (e instanceof Paren p) {
      return eval(p.expr());
    }
    if (e instanceof StringLiteral s) {
      return s.value();
    }
    if (e instanceof NumberLiteral n) {
      return rangeEval(
          (args, ts) -> List.of(new Sample(SeriesLabels.EMPTY, ts, n.value(), null)), List.of());
    }
    if (e instanceof VectorSelector vs) {
      return selectVector(vs);
    }
    if (e instanceof MatrixSelector ms) {
      return instantMatrix(ms);
    }
    if (e instanceof Subquery sq) {
      return subquery(sq);
    }
    if (e instanceof Unary u) {
      return unary(u);
    }
    if (e instanceof Call c) {
      return Calls.eval(this, c);
    }
    if (e instanceof Aggregate a) {
      return Aggregations.eval(this, a);
    }
    if (e instanceof Binary b) {
      return BinaryOperations.eval(this, b);
    }
    throw new Unsupported("expressions of kind " + e.getClass().getSimpleName());
  }

  @SuppressWarnings("unchecked")
  List<RangeSeries> matrix(Expr e) {
    Object v = eval(e);
    if (v instanceof List<?> l) {
      return (List<RangeSeries>) l;
    }
    throw new IllegalStateException("a string where a vector was expected");
  }

  /** A step's function of the argument vectors; string arguments are null there. */
  interface StepFunction {
    List<Sample> apply(List<List<Sample>> args, long ts);
  }

  /**
   * Evaluates the arguments, then calls {@code f} with their vectors at each step, and gathers the
   * results into series (Prometheus's {@code rangeEval}).
   */
  List<RangeSeries> rangeEval(StepFunction f, List<Expr> exprs) {
    List<List<RangeSeries>> inputs = new ArrayList<>(exprs.size());
    for (Expr e : exprs) {
      inputs.add(e == null || e.type() == ValueType.STRING ? null : matrix(e));
    }
    return rangeEvalOver(f, inputs);
  }

  /** {@link #rangeEval} over arguments already evaluated (null for strings). */
  List<RangeSeries> rangeEvalOver(StepFunction f, List<List<RangeSeries>> inputs) {
    int steps = steps();
    if (start == end) {
      List<Sample> result = new ArrayList<>();
      evalSteps(f, inputs, 0, 1, new List[] {result});
      List<RangeSeries> mat = new ArrayList<>(result.size());
      for (Sample s : result) {
        Points p = new Points(1);
        p.add(start, s.v(), s.h());
        mat.add(new RangeSeries(s.labels(), p));
      }
      context.count(mat.size());
      return mat;
    }
    @SuppressWarnings("unchecked")
    List<Sample>[] results = new List[steps];
    // Steps are independent: long ranges are cut into runs of steps evaluated on every core.
    int cores = java.util.concurrent.ForkJoinPool.getCommonPoolParallelism();
    int chunks = steps >= 512 && cores > 1 ? Math.min(cores * 4, steps / 128) : 1;
    try {
      java.util.stream.IntStream.range(0, chunks)
          .parallel()
          .forEach(
              c ->
                  evalSteps(
                      f,
                      inputs,
                      (int) ((long) c * steps / chunks),
                      (int) ((long) (c + 1) * steps / chunks),
                      results));
    } catch (QueryException e) {
      if (chunks > 1) {
        // Report the error of the earliest step, as an evaluation in order would.
        evalSteps(f, inputs, 0, steps, results);
      }
      throw e;
    }
    Map<SeriesLabels, Points> out = new LinkedHashMap<>();
    for (int k = 0; k < steps; k++) {
      long ts = start + k * interval;
      for (Sample s : results[k]) {
        out.computeIfAbsent(s.labels(), l -> new Points(Math.min(steps, 64))).add(ts, s.v(), s.h());
      }
      context.count(results[k].size());
      results[k] = null;
    }
    List<RangeSeries> mat = new ArrayList<>(out.size());
    out.forEach((l, p) -> mat.add(new RangeSeries(l, p)));
    return mat;
  }

  /** Steps [from, to) of a rangeEval, each result into {@code results[step]}. */
  private void evalSteps(
      StepFunction f, List<List<RangeSeries>> inputs, int from, int to, List<Sample>[] results) {
    int k = inputs.size();
    long first = start + from * interval;
    int[][] cursors = new int[k][];
    for (int i = 0; i < k; i++) {
      List<RangeSeries> m = inputs.get(i);
      if (m != null) {
        cursors[i] = new int[m.size()];
        for (int s = 0; s < m.size(); s++) {
          Points p = m.get(s).points;
          int c = java.util.Arrays.binarySearch(p.t, 0, p.n, first);
          cursors[i][s] = c >= 0 ? c : -c - 1;
        }
      }
    }
    List<List<Sample>> args = new ArrayList<>(java.util.Collections.nCopies(k, null));
    Set<SeriesLabels> seen = new HashSet<>();
    for (int step = from; step < to; step++) {
      long ts = start + step * interval;
      for (int i = 0; i < k; i++) {
        List<RangeSeries> m = inputs.get(i);
        if (m == null) {
          continue;
        }
        Sample[] vec = new Sample[m.size()];
        int n = 0;
        for (int s = 0; s < vec.length; s++) {
          RangeSeries series = m.get(s);
          Points p = series.points;
          int c = cursors[i][s];
          if (c < p.n && p.t[c] == ts) {
            vec[n++] = new Sample(series.labels, ts, p.v[c], p.h(c));
            cursors[i][s] = c + 1;
          }
        }
        args.set(i, java.util.Arrays.asList(vec).subList(0, n));
      }
      List<Sample> result = f.apply(args, ts);
      if (result.size() > 1) {
        seen.clear();
        for (Sample s : result) {
          if (!seen.add(s.labels())) {
            throw QueryException.execution("vector cannot contain metrics with the same labelset");
          }
        }
      }
      if (start == end) {
        results[0].addAll(result);
      } else {
        results[step] = result;
      }
    }
  }

  static void checkUniqueSeries(List<RangeSeries> matrix) {
    Set<SeriesLabels> seen = new HashSet<>(matrix.size() * 2);
    for (RangeSeries s : matrix) {
      if (!seen.add(s.labels)) {
        throw QueryException.execution("vector cannot contain metrics with the same labelset");
      }
    }
  }

  /** The time an @ modifier pins a node to, or null. */
  Long at(Modifiers m) {
    if (m.at() == null) {
      return null;
    }
    if ("start".equals(m.at().function())) {
      return context.queryStart;
    }
    if ("end".equals(m.at().function())) {
      return context.queryEnd;
    }
    return Math.round(m.at().seconds() * 1000);
  }

  static List<Expr.Matcher> matchers(VectorSelector vs) {
    if (vs.name() == null) {
      return vs.matchers();
    }
    List<Expr.Matcher> all = new ArrayList<>(vs.matchers().size() + 1);
    all.add(new Expr.Matcher(SeriesLabels.NAME, Expr.MatchOp.EQUAL, vs.name()));
    all.addAll(vs.matchers());
    return all;
  }

  /** An instant vector selector at every step: the latest sample within the lookback. */
  List<RangeSeries> selectVector(VectorSelector vs) {
    long offset = vs.modifiers().offsetMillis();
    Long at = at(vs.modifiers());
    long first = (at != null ? at : start) - offset;
    long last = (at != null ? at : end) - offset;
    List<RangeSeries> out = new ArrayList<>();
    int steps = steps();
    for (Storage.StoredSeries s : storage.select(matchers(vs), first - LOOKBACK_MILLIS, last)) {
      Points p = new Points(Math.min(steps, 64));
      int j = 0;
      for (long ts = start; ts <= end; ts += interval) {
        long ref = (at != null ? at : ts) - offset;
        while (j < s.size() && s.times()[j] <= ref) {
          j++;
        }
        int i = j - 1;
        if (i < 0 || s.times()[i] < ref - LOOKBACK_MILLIS) {
          continue;
        }
        FloatHistogram h = s.histograms() == null ? null : s.histograms()[i];
        if (h == null && Storage.isStale(s.values()[i])) {
          continue;
        }
        p.add(ts, h == null ? s.values()[i] : 0, h);
      }
      if (p.n > 0) {
        context.count(p.n);
        out.add(new RangeSeries(s.labels(), p));
      }
    }
    return out;
  }

  /** The samples of one step of an instant vector selector, with their own timestamps. */
  List<Sample> selectAt(VectorSelector vs, long ts) {
    long offset = vs.modifiers().offsetMillis();
    Long at = at(vs.modifiers());
    long ref = (at != null ? at : ts) - offset;
    List<Sample> out = new ArrayList<>();
    for (Storage.StoredSeries s : storage.select(matchers(vs), ref - LOOKBACK_MILLIS, ref)) {
      int i = s.size() - 1;
      if (i < 0) {
        continue;
      }
      FloatHistogram h = s.histograms() == null ? null : s.histograms()[i];
      if (h == null && Storage.isStale(s.values()[i])) {
        continue;
      }
      out.add(new Sample(s.labels(), s.times()[i], h == null ? s.values()[i] : 0, h));
    }
    return out;
  }

  /** A range vector selector at an instant query's time: its raw samples, markers left out. */
  private List<RangeSeries> instantMatrix(MatrixSelector ms) {
    if (start != end) {
      throw QueryException.execution("cannot do range evaluation of matrix selector");
    }
    List<RangeSeries> out = new ArrayList<>();
    for (Window w : Window.of(this, ms)) {
      w.slide(start);
      if (w.hi > w.lo) {
        Points p = new Points(w.hi - w.lo);
        for (int i = w.lo; i < w.hi; i++) {
          p.add(w.t[i], w.v[i], w.h == null ? null : w.h[i]);
        }
        context.count(p.n);
        out.add(new RangeSeries(w.labels, p));
      }
    }
    return out;
  }

  /**
   * A subquery over this evaluator's steps: its expression at steps of its own, aligned to
   * multiples of the step, from the first step's window start to the last step's end.
   */
  List<RangeSeries> subquery(Subquery sq) {
    long offset = sq.modifiers().offsetMillis();
    Long at = at(sq.modifiers());
    long from = (at != null ? at : start) - offset - sq.rangeMillis();
    long to = (at != null ? at : end) - offset;
    long step = sq.stepMillis() != 0 ? sq.stepMillis() : context.subqueryStepMillis;
    long innerStart = step * (from / step);
    if (innerStart < from) {
      innerStart += step;
    }
    return new Evaluator(storage, innerStart, to, step, context).matrix(sq.expr());
  }

  private List<RangeSeries> unary(Unary u) {
    List<RangeSeries> m = matrix(u.expr());
    if (u.op() != '-') {
      return m;
    }
    List<RangeSeries> out = new ArrayList<>(m.size());
    for (RangeSeries s : m) {
      Points p = new Points(s.points.n);
      for (int i = 0; i < s.points.n; i++) {
        if (s.points.h(i) != null) {
          throw new Unsupported("unary minus on native histograms");
        }
        p.add(s.points.t[i], -s.points.v[i], null);
      }
      out.add(new RangeSeries(s.labels.withoutName(), p));
    }
    checkUniqueSeries(out);
    return out;
  }

  static Expr unwrap(Expr e) {
    while (e instanceof Paren p) {
      e = p.expr();
    }
    return e;
  }
}
