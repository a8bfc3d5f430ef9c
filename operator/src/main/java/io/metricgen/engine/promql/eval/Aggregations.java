package io.metricgen.engine.promql.eval;

import io.metricgen.engine.promql.Expr;
import io.metricgen.engine.promql.Expr.Aggregate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Aggregation operators, one step at a time, as Prometheus 2.42's {@code aggregation}. */
final class Aggregations {

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private Aggregations() {}

  static List<RangeSeries> eval(Evaluator ev, Aggregate a) {
    String op = a.op();
    if (op.equals("limitk") || op.equals("limit_ratio")) {
      throw new Unsupported(
          op + " is newer than Prometheus 2.42, whose semantics metricgen follows");
    }
    List<String> grouping = new ArrayList<>(new TreeSet<>(a.grouping()));
    Map<SeriesLabels, SeriesLabels> keys = new HashMap<>();
    if (a.param() != null && Evaluator.unwrap(a.param()) instanceof Expr.StringLiteral s) {
      return ev.rangeEval(
          (v, ts) -> aggregate(op, grouping, a.without(), s.value(), v.get(1), ts, keys),
          Arrays.asList(null, a.expr()));
    }
    return ev.rangeEval(
        (v, ts) -> {
          Object param = a.param() == null ? null : v.get(0).get(0).v();
          return aggregate(op, grouping, a.without(), param, v.get(1), ts, keys);
        },
        Arrays.asList(a.param(), a.expr()));
  }

  private static final class Group {
    final SeriesLabels labels;
    double value;
    double mean;
    int count;
    boolean hasFloat;
    boolean hasHistogram;
    FloatHistogram histogram;
    List<Sample> members;
    List<Sample> heap;

    Group(SeriesLabels labels) {
      this.labels = labels;
    }
  }

  static List<Sample> aggregate(
      String op,
      List<String> grouping,
      boolean without,
      Object param,
      List<Sample> vec,
      long ts,
      Map<SeriesLabels, SeriesLabels> keyCache) {
    long k = 0;
    if (op.equals("topk") || op.equals("bottomk")) {
      double f = (Double) param;
      if (!convertibleToLong(f)) {
        throw QueryException.execution("Scalar value " + goV(f) + " overflows int64");
      }
      k = (long) f;
      if (k < 1) {
        return List.of();
      }
    }
    String valueLabel = null;
    List<String> groupingNow = grouping;
    if (op.equals("count_values")) {
      valueLabel = (String) param;
      if (!LABEL_NAME.matcher(valueLabel).matches()) {
        throw QueryException.execution(
            "invalid label name " + BinaryOperations.goQuote(valueLabel));
      }
      if (!without) {
        TreeSet<String> g = new TreeSet<>(grouping);
        g.add(valueLabel);
        groupingNow = new ArrayList<>(g);
      }
    }
    for (Sample s : vec) {
      if (s.h() != null && !op.equals("sum") && !op.equals("count") && !op.equals("group")) {
        throw new Unsupported(op + " over native histograms");
      }
    }
    Map<SeriesLabels, Group> groups = new LinkedHashMap<>();
    for (Sample s : vec) {
      SeriesLabels metric = s.labels();
      if (valueLabel != null) {
        metric = metric.builder().set(valueLabel, GoFloat.format(s.v(), 'f')).build();
      }
      SeriesLabels key;
      if (valueLabel == null) {
        final List<String> g = groupingNow;
        key = keyCache.computeIfAbsent(metric, m -> groupKey(m, g, without));
      } else {
        key = groupKey(metric, groupingNow, without);
      }
      Group group = groups.get(key);
      if (group == null) {
        SeriesLabels labels;
        if (without) {
          List<String> drop = new ArrayList<>(groupingNow);
          drop.add(SeriesLabels.NAME);
          labels = metric.drop(drop);
        } else if (!groupingNow.isEmpty()) {
          labels = metric.keep(groupingNow);
        } else {
          labels = SeriesLabels.EMPTY;
        }
        group = new Group(labels);
        group.value = s.v();
        group.mean = s.v();
        group.count = 1;
        if (s.h() == null) {
          group.hasFloat = true;
        } else if (op.equals("sum")) {
          group.histogram = s.h().copy();
          group.hasHistogram = true;
        }
        switch (op) {
          case "stdvar", "stddev" -> group.value = 0;
          case "topk", "bottomk" -> {
            group.heap = new ArrayList<>();
            group.heap.add(s);
          }
          case "quantile" -> {
            group.members = new ArrayList<>();
            group.members.add(s);
          }
          case "group" -> group.value = 1;
          default -> {}
        }
        groups.put(key, group);
        continue;
      }
      add(op, group, s, k);
    }
    List<Sample> out = new ArrayList<>(groups.size());
    for (Group g : groups.values()) {
      switch (op) {
        case "avg" -> g.value = g.mean;
        case "count", "count_values" -> g.value = g.count;
        case "stdvar" -> g.value = g.value / g.count;
        case "stddev" -> g.value = Math.sqrt(g.value / g.count);
        case "topk", "bottomk" -> {
          List<Sample> members = g.heap;
          if (members.size() > 1) {
            members = GoHeap.sort(members, GoHeap.reverse(less(op)));
          }
          for (Sample m : members) {
            out.add(new Sample(m.labels(), ts, m.v(), null));
          }
          continue;
        }
        case "quantile" -> {
          double[] values = new double[g.members.size()];
          for (int i = 0; i < values.length; i++) {
            values[i] = g.members.get(i).v();
          }
          g.value = RangeFunctions.quantile((Double) param, values);
        }
        case "sum" -> {
          if (g.hasFloat && g.hasHistogram) {
            continue;
          }
        }
        default -> {}
      }
      out.add(new Sample(g.labels, ts, g.value, g.histogram));
    }
    return out;
  }

  private static void add(String op, Group group, Sample s, long k) {
    double v = s.v();
    switch (op) {
      case "sum" -> {
        if (s.h() != null) {
          group.hasHistogram = true;
          if (group.histogram != null) {
            group.histogram.add(s.h());
          }
        } else {
          group.hasFloat = true;
          group.value += v;
        }
      }
      case "avg" -> {
        group.count++;
        if (Double.isInfinite(group.mean)) {
          if (Double.isInfinite(v) && (group.mean > 0) == (v > 0)) {
            return;
          }
          if (!Double.isInfinite(v) && !Double.isNaN(v)) {
            return;
          }
        }
        group.mean += v / group.count - group.mean / group.count;
      }
      case "group" -> {}
      case "max" -> {
        if (group.value < v || Double.isNaN(group.value)) {
          group.value = v;
        }
      }
      case "min" -> {
        if (group.value > v || Double.isNaN(group.value)) {
          group.value = v;
        }
      }
      case "count", "count_values" -> group.count++;
      case "stdvar", "stddev" -> {
        group.count++;
        double delta = v - group.mean;
        group.mean += delta / group.count;
        group.value += delta * (v - group.mean);
      }
      case "topk", "bottomk" -> {
        Sample top = group.heap.get(0);
        boolean better =
            op.equals("topk")
                ? top.v() < v || Double.isNaN(top.v())
                : top.v() > v || Double.isNaN(top.v());
        if (group.heap.size() < k || better) {
          if (group.heap.size() == k) {
            if (k == 1) {
              group.heap.set(0, s);
              return;
            }
            GoHeap.pop(group.heap, less(op));
          }
          GoHeap.push(group.heap, s, less(op));
        }
      }
      case "quantile" -> group.members.add(s);
      default -> throw new Unsupported("the aggregation " + op);
    }
  }

  /** The heap order of topk (lowest on top) and bottomk (highest on top), NaN on top of both. */
  private static GoHeap.Less less(String op) {
    return op.equals("topk") ? GoHeap::byValue : GoHeap::byReverseValue;
  }

  private static SeriesLabels groupKey(SeriesLabels m, List<String> grouping, boolean without) {
    if (without) {
      List<String> drop = new ArrayList<>(grouping);
      drop.add(SeriesLabels.NAME);
      return m.drop(drop);
    }
    return grouping.isEmpty() ? SeriesLabels.EMPTY : m.keep(grouping);
  }

  static boolean convertibleToLong(double v) {
    return v <= 9.223372036854775807E18 && v >= -9.223372036854775808E18;
  }

  /** Go's {@code %v} of a float. */
  static String goV(double v) {
    return GoFloat.format(v, 'g');
  }
}
