package io.metricgen.engine.promql.eval;

import io.metricgen.engine.promql.Expr;
import io.metricgen.engine.promql.Expr.Aggregate;
import java.util.ArrayList;
import java.util.Arrays;
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
    Grouper keys = new Grouper();
    if (a.param() == null && SeriesMajor.OPS.contains(op) && ev.start != ev.end) {
      List<RangeSeries> in = ev.matrix(a.expr());
      if (in.stream().noneMatch(x -> x.points.h != null)) {
        return SeriesMajor.aggregate(ev, op, grouping, a.without(), in, keys);
      }
      return ev.rangeEvalOver(
          (v, ts) -> aggregate(op, grouping, a.without(), null, v.get(0), ts, keys), List.of(in));
    }
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

  /**
   * Numbers the groups of an aggregation once for all its steps: a series' labels are the same
   * object at every step, so most lookups end at an identity check.
   */
  static final class Grouper {
    // Concurrent: the steps of a long range are evaluated on several threads.
    private final Map<SeriesLabels, Integer> byMetric =
        new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<SeriesLabels, Integer> byKey = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger next =
        new java.util.concurrent.atomic.AtomicInteger();

    int id(SeriesLabels metric, List<String> grouping, boolean without) {
      Integer id = byMetric.get(metric);
      if (id == null) {
        id = idOfKey(groupKey(metric, grouping, without));
        byMetric.put(metric, id);
      }
      return id;
    }

    int idOfKey(SeriesLabels key) {
      return byKey.computeIfAbsent(key, k -> next.getAndIncrement());
    }

    int size() {
      return next.get();
    }
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
      Grouper grouper) {
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
    int[] ids = new int[vec.size()];
    SeriesLabels[] metrics = new SeriesLabels[vec.size()];
    for (int i = 0; i < ids.length; i++) {
      Sample s = vec.get(i);
      SeriesLabels metric = s.labels();
      if (valueLabel != null) {
        metric = metric.builder().set(valueLabel, GoFloat.format(s.v(), 'f')).build();
        ids[i] = grouper.idOfKey(groupKey(metric, groupingNow, without));
      } else {
        ids[i] = grouper.id(metric, groupingNow, without);
      }
      metrics[i] = metric;
    }
    Group[] byId = new Group[grouper.size()];
    List<Group> groups = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      Sample s = vec.get(i);
      SeriesLabels metric = metrics[i];
      Group group = byId[ids[i]];
      if (group == null) {
        group = new Group(groupLabels(metric, groupingNow, without));
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
        byId[ids[i]] = group;
        groups.add(group);
        continue;
      }
      add(op, group, s, k);
    }
    List<Sample> out = new ArrayList<>(groups.size());
    for (Group g : groups) {
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

  /** A group's labels: the grouping ones, or all but those and the metric name. */
  static SeriesLabels groupLabels(SeriesLabels metric, List<String> grouping, boolean without) {
    if (without) {
      List<String> drop = new ArrayList<>(grouping);
      drop.add(SeriesLabels.NAME);
      return metric.drop(drop);
    }
    return grouping.isEmpty() ? SeriesLabels.EMPTY : metric.keep(grouping);
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
