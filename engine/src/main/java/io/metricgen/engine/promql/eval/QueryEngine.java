package io.metricgen.engine.promql.eval;

import io.metricgen.engine.DeepStack;
import io.metricgen.engine.promql.Expr;
import io.metricgen.engine.promql.Parser;
import io.metricgen.engine.promql.PromqlException;
import io.metricgen.engine.promql.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * PromQL without a Prometheus: instant and range queries over a {@link Storage}, with Prometheus
 * 2.42's semantics (5 minute lookback, staleness, {@code offset}, {@code @}, subqueries) and the
 * errors its HTTP API gives. What it does not compute it refuses with {@link Unsupported}.
 *
 * <pre>{@code
 * QueryEngine engine = QueryEngine.builder(new ScenarioStorage(scenario, origin, Map.of())).build();
 * QueryResult r = engine.range("rate(requests_total[5m])", start, end, 15_000);
 * }</pre>
 */
public final class QueryEngine {

  /** Prometheus's default limit of points per series in a range query. */
  public static final long MAX_POINTS = 11_000;

  private final Storage storage;
  private final long subqueryStepMillis;
  private final long maxSamples;

  private QueryEngine(Builder b) {
    this.storage = b.storage;
    this.subqueryStepMillis = b.subqueryStepMillis;
    this.maxSamples = b.maxSamples;
  }

  public static Builder builder(Storage storage) {
    return new Builder(storage);
  }

  /** Options: the default subquery step (Prometheus's evaluation interval) and a sample limit. */
  public static final class Builder {
    private final Storage storage;
    private long subqueryStepMillis = 60_000;
    private long maxSamples = 50_000_000;

    private Builder(Storage storage) {
      this.storage = java.util.Objects.requireNonNull(storage);
    }

    /** The step of subqueries that name none, as Prometheus's global evaluation_interval. */
    public Builder subqueryStepMillis(long millis) {
      if (millis <= 0) {
        throw new IllegalArgumentException("the subquery step must be positive");
      }
      this.subqueryStepMillis = millis;
      return this;
    }

    /** How many samples a query may hold at once (Prometheus's --query.max-samples). */
    public Builder maxSamples(long n) {
      if (n <= 0) {
        throw new IllegalArgumentException("the sample limit must be positive");
      }
      this.maxSamples = n;
      return this;
    }

    public QueryEngine build() {
      return new QueryEngine(this);
    }
  }

  Storage storage() {
    return storage;
  }

  long subqueryStepMillis() {
    return subqueryStepMillis;
  }

  /** The expression parsed, or a {@code bad_data} error worded as Prometheus's parser words it. */
  public static Expr parse(String query) {
    try {
      return Parser.parse(query);
    } catch (PromqlException e) {
      throw QueryException.badData(e.line() + ":" + e.column() + ": parse error: " + e.reason());
    }
  }

  /** An instant query at {@code timeMillis}. */
  public QueryResult instant(String query, long timeMillis) {
    Expr expr;
    try {
      expr = parse(query);
    } catch (QueryException e) {
      // The instant query API names the parameter; the range query API does not (2.42).
      throw QueryException.badData("invalid parameter \"query\": " + e.getMessage());
    }
    return instant(expr, timeMillis);
  }

  public QueryResult instant(Expr expr, long timeMillis) {
    Evaluator.Context context =
        new Evaluator.Context(timeMillis, timeMillis, subqueryStepMillis, maxSamples);
    Evaluator ev = new Evaluator(storage, timeMillis, timeMillis, 1, context);
    Object value = DeepStack.run(() -> ev.eval(expr));
    if (value instanceof String s) {
      return new QueryResult("string", null, timeMillis, 0, s);
    }
    @SuppressWarnings("unchecked")
    List<RangeSeries> m = (List<RangeSeries>) value;
    return switch (expr.type()) {
      case SCALAR -> new QueryResult("scalar", null, timeMillis, m.get(0).points.v[0], null);
      case VECTOR -> new QueryResult("vector", m, timeMillis, 0, null);
      default -> new QueryResult("matrix", m, timeMillis, 0, null);
    };
  }

  /** A range query from start to end (Unix milliseconds) every step. */
  public QueryResult range(String query, long startMillis, long endMillis, long stepMillis) {
    if (endMillis < startMillis) {
      throw QueryException.badData(
          "invalid parameter \"end\": end timestamp must not be before start time");
    }
    if (stepMillis <= 0) {
      throw QueryException.badData(
          "invalid parameter \"step\": zero or negative query resolution step widths are not"
              + " accepted. Try a positive integer");
    }
    if ((endMillis - startMillis) / stepMillis > MAX_POINTS) {
      throw QueryException.badData(
          "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query"
              + " resolution (?step=XX)");
    }
    Expr expr = parse(query);
    if (expr.type() != ValueType.VECTOR && expr.type() != ValueType.SCALAR) {
      throw QueryException.badData(
          "invalid expression type \""
              + expr.type().words()
              + "\" for range query, must be Scalar or instant Vector");
    }
    return range(expr, startMillis, endMillis, stepMillis);
  }

  public QueryResult range(Expr expr, long startMillis, long endMillis, long stepMillis) {
    Evaluator.Context context =
        new Evaluator.Context(startMillis, endMillis, subqueryStepMillis, maxSamples);
    Evaluator ev = new Evaluator(storage, startMillis, endMillis, stepMillis, context);
    List<RangeSeries> m = new ArrayList<>(DeepStack.run(() -> ev.matrix(expr)));
    m.sort((a, b) -> a.labels.compareTo(b.labels));
    return new QueryResult("matrix", m, startMillis, 0, null);
  }
}
