package io.metricgen.engine.promql;

import static io.metricgen.engine.promql.ValueType.MATRIX;
import static io.metricgen.engine.promql.ValueType.SCALAR;
import static io.metricgen.engine.promql.ValueType.STRING;
import static io.metricgen.engine.promql.ValueType.VECTOR;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * PromQL's functions with their argument and result types, as Prometheus's {@code
 * promql/parser/functions.go} lists them. Variadic follows Prometheus: 0 takes exactly the listed
 * arguments; n > 0 allows the last one to be left out or repeated up to n times; -1 without limit.
 */
public final class Functions {

  /** One function's signature. */
  public record Function(String name, List<ValueType> argTypes, int variadic, ValueType returns) {
    /** The type of argument i, the last listed type for the repeated ones. */
    public ValueType argType(int i) {
      return argTypes.get(Math.min(i, argTypes.size() - 1));
    }
  }

  private static final Map<String, Function> ALL = new TreeMap<>();

  static {
    for (String f :
        List.of(
            "abs",
            "ceil",
            "exp",
            "floor",
            "ln",
            "log2",
            "log10",
            "sgn",
            "sqrt",
            "sort",
            "sort_desc",
            "timestamp",
            "acos",
            "acosh",
            "asin",
            "asinh",
            "atan",
            "atanh",
            "cos",
            "cosh",
            "sin",
            "sinh",
            "tan",
            "tanh",
            "deg",
            "rad",
            "absent",
            "histogram_count",
            "histogram_sum",
            "histogram_stddev",
            "histogram_stdvar",
            "histogram_avg")) {
      add(f, VECTOR, 0, VECTOR);
    }
    for (String f :
        List.of(
            "rate",
            "irate",
            "increase",
            "delta",
            "idelta",
            "deriv",
            "changes",
            "resets",
            "absent_over_time",
            "present_over_time",
            "last_over_time",
            "avg_over_time",
            "min_over_time",
            "max_over_time",
            "sum_over_time",
            "count_over_time",
            "stddev_over_time",
            "stdvar_over_time",
            "mad_over_time")) {
      add(f, VECTOR, 0, MATRIX);
    }
    for (String f :
        List.of(
            "day_of_month",
            "day_of_week",
            "day_of_year",
            "days_in_month",
            "hour",
            "minute",
            "month",
            "year")) {
      add(f, VECTOR, 1, VECTOR);
    }
    add("clamp", VECTOR, 0, VECTOR, SCALAR, SCALAR);
    add("clamp_max", VECTOR, 0, VECTOR, SCALAR);
    add("clamp_min", VECTOR, 0, VECTOR, SCALAR);
    add("round", VECTOR, 1, VECTOR, SCALAR);
    add("histogram_quantile", VECTOR, 0, SCALAR, VECTOR);
    add("histogram_fraction", VECTOR, 0, SCALAR, SCALAR, VECTOR);
    add("holt_winters", VECTOR, 0, MATRIX, SCALAR, SCALAR);
    add("double_exponential_smoothing", VECTOR, 0, MATRIX, SCALAR, SCALAR);
    add("predict_linear", VECTOR, 0, MATRIX, SCALAR);
    add("quantile_over_time", VECTOR, 0, SCALAR, MATRIX);
    add("label_replace", VECTOR, 0, VECTOR, STRING, STRING, STRING, STRING);
    add("label_join", VECTOR, -1, VECTOR, STRING, STRING, STRING);
    add("sort_by_label", VECTOR, -1, VECTOR, STRING);
    add("sort_by_label_desc", VECTOR, -1, VECTOR, STRING);
    add("scalar", SCALAR, 0, VECTOR);
    add("vector", VECTOR, 0, SCALAR);
    add("time", SCALAR, 0);
    add("pi", SCALAR, 0);
  }

  private Functions() {}

  private static void add(String name, ValueType returns, int variadic, ValueType... args) {
    ALL.put(name, new Function(name, List.of(args), variadic, returns));
  }

  /** The function of this name, or null. */
  public static Function named(String name) {
    return ALL.get(name);
  }

  /** Every function, by name. */
  public static Map<String, Function> all() {
    return java.util.Collections.unmodifiableMap(ALL);
  }

  /** The aggregation operators; the ones taking a parameter map to its type. */
  static final Map<String, ValueType> AGGREGATORS =
      Map.ofEntries(
          Map.entry("sum", VECTOR),
          Map.entry("min", VECTOR),
          Map.entry("max", VECTOR),
          Map.entry("avg", VECTOR),
          Map.entry("group", VECTOR),
          Map.entry("stddev", VECTOR),
          Map.entry("stdvar", VECTOR),
          Map.entry("count", VECTOR),
          Map.entry("count_values", STRING),
          Map.entry("topk", SCALAR),
          Map.entry("bottomk", SCALAR),
          Map.entry("quantile", SCALAR),
          Map.entry("limitk", SCALAR),
          Map.entry("limit_ratio", SCALAR));

  /** Whether the aggregator takes a parameter before its expression. */
  static boolean takesParam(String aggregator) {
    return AGGREGATORS.get(aggregator) != VECTOR;
  }
}
