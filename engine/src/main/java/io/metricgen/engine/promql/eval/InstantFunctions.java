package io.metricgen.engine.promql.eval;

import io.metricgen.engine.promql.Expr;
import io.metricgen.engine.promql.Expr.MatrixSelector;
import io.metricgen.engine.promql.Expr.StringLiteral;
import io.metricgen.engine.promql.Expr.VectorSelector;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/** The functions of instant vectors and scalars, one step at a time (Prometheus 2.42). */
final class InstantFunctions {

  private static final Map<String, DoubleUnaryOperator> SIMPLE = new LinkedHashMap<>();

  static {
    SIMPLE.put("abs", Math::abs);
    SIMPLE.put("ceil", Math::ceil);
    SIMPLE.put("floor", Math::floor);
    SIMPLE.put("exp", GoMath::exp);
    SIMPLE.put("sqrt", Math::sqrt);
    SIMPLE.put("ln", GoMath::log);
    SIMPLE.put("log2", v -> GoMath.log2(v));
    SIMPLE.put("log10", GoMath::log10);
    SIMPLE.put("sin", GoMath::sin);
    SIMPLE.put("cos", GoMath::cos);
    SIMPLE.put("tan", GoMath::tan);
    SIMPLE.put("asin", GoMath::asin);
    SIMPLE.put("acos", GoMath::acos);
    SIMPLE.put("atan", GoMath::atan);
    SIMPLE.put("sinh", GoMath::sinh);
    SIMPLE.put("cosh", GoMath::cosh);
    SIMPLE.put("tanh", GoMath::tanh);
    SIMPLE.put("asinh", GoMath::asinh);
    SIMPLE.put("acosh", GoMath::acosh);
    SIMPLE.put("atanh", GoMath::atanh);
    SIMPLE.put("rad", v -> v * Math.PI / 180);
    SIMPLE.put("deg", v -> v * 180 / Math.PI);
    SIMPLE.put("sgn", v -> v < 0 ? -1 : v > 0 ? 1 : v);
  }

  private InstantFunctions() {}

  static List<Sample> apply(String name, List<List<Sample>> vals, List<Expr> args, long ts) {
    DoubleUnaryOperator simple = SIMPLE.get(name);
    if (simple != null) {
      return map(name, vals.get(0), simple);
    }
    return switch (name) {
      case "time" -> List.of(scalar(ts, ts / 1000.0));
      case "pi" -> List.of(scalar(ts, Math.PI));
      case "vector" -> List.of(new Sample(SeriesLabels.EMPTY, ts, vals.get(0).get(0).v(), null));
      case "scalar" -> {
        List<Sample> v = vals.get(0);
        yield List.of(
            scalar(ts, v.size() == 1 && v.get(0).h() == null ? v.get(0).v() : Double.NaN));
      }
      case "clamp" -> {
        double min = vals.get(1).get(0).v();
        double max = vals.get(2).get(0).v();
        yield max < min
            ? List.of()
            : map(name, vals.get(0), v -> GoMath.max(min, GoMath.min(max, v)));
      }
      case "clamp_max" -> {
        double max = vals.get(1).get(0).v();
        yield map(name, vals.get(0), v -> GoMath.min(max, v));
      }
      case "clamp_min" -> {
        double min = vals.get(1).get(0).v();
        yield map(name, vals.get(0), v -> GoMath.max(min, v));
      }
      case "round" -> {
        double toNearest = vals.size() >= 2 ? vals.get(1).get(0).v() : 1;
        double inverse = 1.0 / toNearest;
        yield map(name, vals.get(0), v -> Math.floor(v * inverse + 0.5) / inverse);
      }
      case "timestamp" -> timestamps(vals.get(0));
      case "absent" ->
          vals.get(0).isEmpty()
              ? List.of(new Sample(absentLabels(args.get(0)), ts, 1, null))
              : List.of();
      case "sort" -> sorted(vals.get(0), false);
      case "sort_desc" -> sorted(vals.get(0), true);
      case "histogram_count", "histogram_sum" -> {
        List<Sample> out = new ArrayList<>();
        for (Sample s : vals.get(0)) {
          if (s.h() != null) {
            double v = name.equals("histogram_count") ? s.h().count : s.h().sum;
            out.add(new Sample(s.labels().withoutName(), ts, v, null));
          }
        }
        yield out;
      }
      case "histogram_fraction" -> {
        double lower = vals.get(0).get(0).v();
        double upper = vals.get(1).get(0).v();
        List<Sample> out = new ArrayList<>();
        for (Sample s : vals.get(2)) {
          if (s.h() != null) {
            out.add(
                new Sample(
                    s.labels().withoutName(),
                    ts,
                    HistogramQuantiles.fraction(lower, upper, s.h()),
                    null));
          }
        }
        yield out;
      }
      case "histogram_quantile" ->
          HistogramQuantiles.apply(vals.get(0).get(0).v(), vals.get(1), ts);
      case "label_replace" -> LabelFunctions.replace(vals.get(0), args);
      case "label_join" -> LabelFunctions.join(vals.get(0), args);
      case "days_in_month",
          "day_of_month",
          "day_of_week",
          "day_of_year",
          "hour",
          "minute",
          "month",
          "year" ->
          date(name, vals, ts);
      default -> throw new Unsupported("the function " + name + "()");
    };
  }

  private static Sample scalar(long ts, double v) {
    return new Sample(SeriesLabels.EMPTY, ts, v, null);
  }

  private static List<Sample> map(String name, List<Sample> in, DoubleUnaryOperator f) {
    List<Sample> out = new ArrayList<>(in.size());
    for (Sample s : in) {
      if (s.h() != null) {
        throw new Unsupported(name + "() over native histograms");
      }
      out.add(new Sample(s.labels().withoutName(), s.t(), f.applyAsDouble(s.v()), null));
    }
    return out;
  }

  static List<Sample> timestamps(List<Sample> in) {
    List<Sample> out = new ArrayList<>(in.size());
    for (Sample s : in) {
      out.add(new Sample(s.labels().withoutName(), s.t(), s.t() / 1000.0, null));
    }
    return out;
  }

  private static List<Sample> sorted(List<Sample> in, boolean descending) {
    for (Sample s : in) {
      if (s.h() != null) {
        throw new Unsupported("sorting native histograms");
      }
    }
    // sort: Reverse(byReverseValue), so ascending with NaN last; sort_desc the mirror image.
    return GoHeap.sort(in, GoHeap.reverse(descending ? GoHeap::byValue : GoHeap::byReverseValue));
  }

  /**
   * The labels {@code absent} gives: those that equality matchers fix, once each (Prometheus's
   * {@code createLabelsForAbsentFunction}).
   */
  static SeriesLabels absentLabels(Expr arg) {
    Expr e = Evaluator.unwrap(arg);
    List<Expr.Matcher> matchers;
    if (e instanceof VectorSelector vs) {
      matchers = vs.matchers();
    } else if (e instanceof MatrixSelector ms) {
      matchers = ms.selector().matchers();
    } else {
      return SeriesLabels.EMPTY;
    }
    SeriesLabels.Builder b = SeriesLabels.EMPTY.builder();
    Set<String> has = new HashSet<>();
    for (Expr.Matcher m : matchers) {
      if (m.label().equals(SeriesLabels.NAME)) {
        continue;
      }
      if (m.op() == Expr.MatchOp.EQUAL && !has.contains(m.label())) {
        b.set(m.label(), m.value());
        has.add(m.label());
      } else {
        b.delete(m.label());
      }
    }
    return b.build();
  }

  private static List<Sample> date(String name, List<List<Sample>> vals, long ts) {
    if (vals.isEmpty()) {
      return List.of(scalar(ts, dateField(name, Math.floorDiv(ts, 1000))));
    }
    List<Sample> out = new ArrayList<>();
    for (Sample s : vals.get(0)) {
      if (s.h() != null) {
        throw new Unsupported(name + "() over native histograms");
      }
      double v = s.v();
      // Go's int64(v) of NaN or of a float out of range is undefined; Prometheus gives odd dates.
      if (Double.isNaN(v) || Double.isInfinite(v) || Math.abs(v) > 1e15) {
        throw new Unsupported(name + "() of " + v + ", a time no calendar holds");
      }
      out.add(new Sample(s.labels().withoutName(), s.t(), dateField(name, (long) v), null));
    }
    return out;
  }

  private static double dateField(String name, long seconds) {
    ZonedDateTime t = Instant.ofEpochSecond(seconds).atZone(ZoneOffset.UTC);
    return switch (name) {
      case "days_in_month" -> t.toLocalDate().lengthOfMonth();
      case "day_of_month" -> t.getDayOfMonth();
      case "day_of_week" -> t.getDayOfWeek().getValue() % 7;
      case "day_of_year" -> t.getDayOfYear();
      case "hour" -> t.getHour();
      case "minute" -> t.getMinute();
      case "month" -> t.getMonthValue();
      case "year" -> t.getYear();
      default -> throw new IllegalArgumentException(name);
    };
  }

  static String stringArg(Expr e) {
    return ((StringLiteral) Evaluator.unwrap(e)).value();
  }
}
