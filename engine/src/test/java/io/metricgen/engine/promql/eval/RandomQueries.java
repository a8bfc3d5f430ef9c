package io.metricgen.engine.promql.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Random well-typed PromQL over the metrics of {@link RandomScenario}: every function and operator
 * of Prometheus 2.42, modifiers, subqueries and vector matching, weighted so that most queries
 * return data. Seeded: the same seed gives the same queries.
 */
final class RandomQueries {

  static final List<String> RANGE_FUNCTIONS =
      List.of(
          "rate",
          "increase",
          "delta",
          "irate",
          "idelta",
          "deriv",
          "changes",
          "resets",
          "avg_over_time",
          "min_over_time",
          "max_over_time",
          "sum_over_time",
          "count_over_time",
          "stddev_over_time",
          "stdvar_over_time",
          "last_over_time",
          "present_over_time",
          "absent_over_time");

  static final List<String> SIMPLE_FUNCTIONS =
      List.of(
          "abs",
          "ceil",
          "floor",
          "exp",
          "sqrt",
          "ln",
          "log2",
          "log10",
          "sin",
          "cos",
          "tan",
          "asin",
          "acos",
          "atan",
          "sinh",
          "cosh",
          "tanh",
          "asinh",
          "acosh",
          "atanh",
          "rad",
          "deg",
          "sgn",
          "timestamp",
          "sort",
          "sort_desc");

  static final List<String> AGGREGATIONS =
      List.of("sum", "min", "max", "avg", "group", "stddev", "stdvar", "count");

  static final List<String> ARITHMETIC = List.of("+", "-", "*", "/", "%", "^", "atan2");
  static final List<String> COMPARISONS = List.of("==", "!=", ">", "<", ">=", "<=");

  private final Random random;
  private final long startMillis;
  private final long endMillis;

  RandomQueries(long seed, long startMillis, long endMillis) {
    this.random = new Random(seed);
    this.startMillis = startMillis;
    this.endMillis = endMillis;
  }

  private <T> T pick(List<T> l) {
    return l.get(random.nextInt(l.size()));
  }

  private boolean chance(double p) {
    return random.nextDouble() < p;
  }

  String next() {
    return random.nextInt(10) == 0 ? nativeQuery() : vector(3);
  }

  /**
   * A query for the instant API, which also takes range vectors (a selector's raw samples, a
   * subquery's points), scalars and strings.
   */
  String nextInstant() {
    return switch (random.nextInt(10)) {
      case 0 -> selectorNoAt(pick(RandomScenario.FLOAT_METRICS)) + "[" + range() + "] @ end()";
      case 1 ->
          selectorNoAt(pick(RandomScenario.FLOAT_METRICS)) + "[" + range() + "]" + modifiers();
      case 2 ->
          "("
              + vector(1)
              + ")["
              + pick(List.of("5m", "3m", "10m"))
              + ":"
              + pick(List.of("", "1m", "30s"))
              + "]";
      case 3 -> scalar(2);
      case 4 -> "\"" + pick(List.of("a string", "", "x\\\\y", "x\\q")) + "\"";
      case 5 -> selectorNoAt("mg_native_seconds") + "[" + range() + "]";
      default -> next();
    };
  }

  String vector(int depth) {
    int choice = depth <= 0 ? random.nextInt(2) : random.nextInt(13);
    return switch (choice) {
      case 0 -> selector(pick(RandomScenario.FLOAT_METRICS));
      case 1 -> rangeFunction(depth);
      case 2 -> pick(SIMPLE_FUNCTIONS) + "(" + vector(depth - 1) + ")";
      case 3 -> aggregation(depth);
      case 4 -> vector(depth - 1) + " " + pick(ARITHMETIC) + " " + scalar(depth - 1);
      case 5 -> scalar(depth - 1) + " " + pick(ARITHMETIC) + " " + vector(depth - 1);
      case 6 ->
          vector(depth - 1)
              + " "
              + pick(COMPARISONS)
              + (chance(0.4) ? " bool " : " ")
              + scalar(depth - 1);
      case 7 -> vectorVector(depth);
      case 8 -> otherFunction(depth);
      case 9 -> "histogram_quantile(" + quantile() + ", " + bucketRates() + ")";
      case 10 -> overSubquery(depth);
      case 11 -> "-" + vector(depth - 1);
      default -> "(" + vector(depth - 1) + ")";
    };
  }

  private String rangeFunction(int depth) {
    String m = pick(RandomScenario.FLOAT_METRICS);
    String f = pick(RANGE_FUNCTIONS);
    String range = "[" + range() + "]";
    String sel = selectorNoAt(m) + range + modifiers();
    return switch (random.nextInt(8)) {
      case 0 -> "quantile_over_time(" + quantile() + ", " + sel + ")";
      case 1 ->
          "predict_linear("
              + selectorNoAt(m)
              + range
              + offset()
              + ", "
              + pick(List.of("60", "300", "-120", "0"))
              + ")";
      case 2 ->
          "holt_winters("
              + sel
              + ", "
              + pick(List.of("0.5", "0.1", "0.9"))
              + ", "
              + pick(List.of("0.5", "0.3", "0.99"))
              + ")";
      default -> f + "(" + sel + ")";
    };
  }

  private String overSubquery(int depth) {
    String inner =
        chance(0.5)
            ? "rate(" + selectorNoAt(pick(RandomScenario.COUNTERS)) + "[" + range() + "])"
            : vector(depth - 1);
    String step = pick(List.of("", "30s", "1m", "45s", "15s", "2m"));
    String f = pick(RANGE_FUNCTIONS);
    if (f.equals("rate") || f.equals("increase") || f.equals("irate")) {
      f = "max_over_time";
    }
    return f
        + "(("
        + inner
        + ")["
        + pick(List.of("5m", "10m", "3m", "7m30s"))
        + ":"
        + step
        + "]"
        + (chance(0.2) ? " offset " + pick(List.of("1m", "5m", "90s")) : "")
        + ")";
  }

  private String aggregation(int depth) {
    String inner = vector(depth - 1);
    String grouping = "";
    if (chance(0.6)) {
      grouping = (chance(0.7) ? " by " : " without ") + "(" + labelList() + ")";
    }
    return switch (random.nextInt(10)) {
      case 0 -> "topk" + grouping + "(" + pick(List.of("1", "2", "5")) + ", " + inner + ")";
      case 1 -> "bottomk" + grouping + "(" + pick(List.of("1", "3")) + ", " + inner + ")";
      case 2 -> "quantile" + grouping + "(" + quantile() + ", " + inner + ")";
      case 3 -> "count_values" + grouping + "(\"value\", " + "round(" + inner + ", 10))";
      default -> pick(AGGREGATIONS) + grouping + "(" + inner + ")";
    };
  }

  private String vectorVector(int depth) {
    String l = vector(depth - 1);
    String r = vector(depth - 1);
    return switch (random.nextInt(6)) {
      case 0, 1 -> l + " " + pick(ARITHMETIC) + " " + matching() + r;
      case 2 -> l + " " + pick(COMPARISONS) + (chance(0.4) ? " bool " : " ") + matching() + r;
      case 3 ->
          l
              + " "
              + pick(List.of("and", "or", "unless"))
              + " "
              + (chance(0.4) ? pick(List.of("on(inst) ", "ignoring(zone) ", "on() ")) : "")
              + r;
      case 4 ->
          "sum by (inst) ("
              + l
              + ") "
              + pick(ARITHMETIC)
              + " on(inst) group_left "
              + pick(RandomScenario.FLOAT_METRICS_WITH_INST);
      default ->
          selectorNoAt(pick(RandomScenario.FLOAT_METRICS_WITH_INST))
              + " / ignoring("
              + pick(List.of("zone", "code", "route"))
              + ") group_left sum without("
              + pick(List.of("zone", "code", "route"))
              + ") ("
              + l
              + ")";
    };
  }

  private String matching() {
    return switch (random.nextInt(5)) {
      case 0 -> "on(inst) ";
      case 1 -> "ignoring(zone, code) ";
      case 2 -> "on() ";
      default -> "";
    };
  }

  private String otherFunction(int depth) {
    String v = vector(depth - 1);
    return switch (random.nextInt(11)) {
      case 0 -> "clamp(" + v + ", " + number() + ", " + number() + ")";
      case 1 -> "clamp_max(" + v + ", " + number() + ")";
      case 2 -> "clamp_min(" + v + ", " + number() + ")";
      case 3 -> "round(" + v + (chance(0.5) ? ", " + pick(List.of("0.1", "5", "0.25")) : "") + ")";
      case 4 ->
          "label_replace("
              + v
              + ", \""
              + pick(List.of("dst", "inst", "zone"))
              + "\", \""
              + pick(List.of("$1", "x-$1", "${1}y", "$2", "", "$1x"))
              + "\", \""
              + pick(List.of("inst", "zone", "__name__", "nope"))
              + "\", \""
              + pick(List.of("(.*)", "([a-z])(.*)", "mg_(.*)", "b", ".+"))
              + "\")";
      case 5 ->
          "label_join("
              + v
              + ", \"joined\", \""
              + pick(List.of("-", "", ","))
              + "\", \"inst\", \"zone\")";
      case 6 -> "absent(" + selector(pick(RandomScenario.FLOAT_METRICS)) + ")";
      case 7 -> "vector(" + scalar(depth - 1) + ")";
      case 8 ->
          pick(
                  List.of(
                      "hour",
                      "minute",
                      "day_of_week",
                      "day_of_month",
                      "day_of_year",
                      "days_in_month",
                      "month",
                      "year"))
              + "("
              + (chance(0.5) ? "" : "timestamp(" + v + ")")
              + ")";
      case 9 ->
          "absent_over_time("
              + selectorNoAt(pick(RandomScenario.FLOAT_METRICS))
              + "["
              + range()
              + "])";
      default -> "scalar(" + v + ") * " + v;
    };
  }

  private String bucketRates() {
    String sel = selectorNoAt("mg_latency_seconds_bucket");
    return switch (random.nextInt(4)) {
      case 0 -> sel;
      case 1 -> "rate(" + sel + "[" + range() + "])";
      default ->
          "sum by (le" + (chance(0.5) ? ", route" : "") + ") (rate(" + sel + "[" + range() + "]))";
    };
  }

  String nativeQuery() {
    String sel = selectorNoAt("mg_native_seconds");
    String r = "[" + range() + "]";
    String rate = pick(List.of("rate", "increase", "delta")) + "(" + sel + r + ")";
    String inner =
        switch (random.nextInt(4)) {
          case 0 -> sel;
          case 1 -> rate;
          case 2 -> "sum(" + rate + ")";
          default -> "sum by (route) (" + rate + ")";
        };
    return switch (random.nextInt(6)) {
      // Not 0: Prometheus's answer then depends on the empty buckets its chunks happen to hold.
      case 0 ->
          "histogram_quantile("
              + pick(List.of("0.5", "0.9", "0.99", "1", "0.1"))
              + ", "
              + inner
              + ")";
      case 1 -> "histogram_count(" + inner + ")";
      case 2 -> "histogram_sum(" + inner + ")";
      case 3 ->
          "histogram_fraction("
              + pick(List.of("0", "0.1", "0.25"))
              + ", "
              + pick(List.of("0.5", "1", "2.5", "+Inf"))
              + ", "
              + inner
              + ")";
      case 4 -> "count(" + inner + ")";
      default -> inner;
    };
  }

  String scalar(int depth) {
    int choice = depth <= 0 ? 0 : random.nextInt(6);
    return switch (choice) {
      case 0, 1 -> number();
      case 2 -> "scalar(" + vector(depth - 1) + ")";
      case 3 -> "time()";
      case 4 -> number() + " " + pick(ARITHMETIC) + " " + scalar(depth - 1);
      default -> number() + " " + pick(COMPARISONS) + " bool " + number();
    };
  }

  private String number() {
    return pick(
        List.of(
            "0", "1", "2", "0.5", "-1", "10", "100", "3.7", "1e3", "NaN", "Inf", "-Inf", "0.001"));
  }

  private String quantile() {
    return pick(List.of("0.5", "0.9", "0.99", "0.1", "0", "1", "1.5", "-0.1", "0.75"));
  }

  private String range() {
    return pick(List.of("1m", "2m", "5m", "90s", "10m", "30s", "15s", "1h"));
  }

  private String labelList() {
    return pick(List.of("inst", "zone", "inst, zone", "code", "", "route", "__name__", "le"));
  }

  String selector(String metric) {
    return selectorNoAt(metric) + modifiers();
  }

  private String selectorNoAt(String metric) {
    List<String> matchers = new ArrayList<>();
    if (chance(0.4)) {
      String label = pick(List.of("inst", "zone", "code", "route"));
      matchers.add(
          switch (random.nextInt(4)) {
            case 0 -> label + "=\"" + pick(List.of("a", "b", "z1", "200", "/pay")) + "\"";
            case 1 -> label + "!=\"" + pick(List.of("a", "c", "z2", "500")) + "\"";
            case 2 -> label + "=~\"" + pick(List.of("a|b", "z.*", "[25]00", ".*")) + "\"";
            default -> label + "!~\"" + pick(List.of("c", "z1", "5.*", "")) + "\"";
          });
    }
    return metric + (matchers.isEmpty() ? "" : "{" + String.join(",", matchers) + "}");
  }

  private String modifiers() {
    StringBuilder out = new StringBuilder();
    if (chance(0.15)) {
      out.append(offset());
    }
    if (chance(0.1)) {
      long t = startMillis + (long) (random.nextDouble() * (endMillis - startMillis));
      out.append(
          switch (random.nextInt(3)) {
            case 0 -> " @ start()";
            case 1 -> " @ end()";
            default -> String.format(Locale.ROOT, " @ %.3f", t / 1000.0);
          });
    }
    return out.toString();
  }

  private String offset() {
    return " offset " + pick(List.of("1m", "5m", "30s", "17s", "2h"));
  }
}
