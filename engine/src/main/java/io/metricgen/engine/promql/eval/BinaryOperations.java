package io.metricgen.engine.promql.eval;

import io.metricgen.engine.promql.BinaryOp;
import io.metricgen.engine.promql.Expr.Binary;
import io.metricgen.engine.promql.Expr.Grouping;
import io.metricgen.engine.promql.Expr.VectorMatching;
import io.metricgen.engine.promql.ValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Binary operators between scalars and vectors, with vector matching and Prometheus 2.42's errors
 * ({@code VectorBinop}, {@code VectorAnd}/{@code Or}/{@code Unless} in {@code engine.go}).
 */
final class BinaryOperations {

  private static final VectorMatching DEFAULT =
      new VectorMatching(false, List.of(), Grouping.ONE_TO_ONE, List.of());

  private BinaryOperations() {}

  static List<RangeSeries> eval(Evaluator ev, Binary b) {
    ValueType lt = b.lhs().type();
    ValueType rt = b.rhs().type();
    BinaryOp op = b.op();
    List<io.metricgen.engine.promql.Expr> both = List.of(b.lhs(), b.rhs());
    if (lt == ValueType.SCALAR && rt == ValueType.SCALAR) {
      return ev.rangeEval(
          (v, ts) ->
              List.of(
                  new Sample(
                      SeriesLabels.EMPTY,
                      ts,
                      scalar(op, v.get(0).get(0).v(), v.get(1).get(0).v()),
                      null)),
          both);
    }
    if (lt == ValueType.VECTOR && rt == ValueType.VECTOR) {
      VectorMatching m = b.matching() == null ? DEFAULT : b.matching();
      Signatures sigs = new Signatures(m);
      return switch (op) {
        case AND -> ev.rangeEval((v, ts) -> and(v.get(0), v.get(1), sigs), both);
        case OR -> ev.rangeEval((v, ts) -> or(v.get(0), v.get(1), sigs), both);
        case UNLESS -> ev.rangeEval((v, ts) -> unless(v.get(0), v.get(1), sigs), both);
        default ->
            ev.rangeEval((v, ts) -> vectors(op, v.get(0), v.get(1), m, b.returnBool(), sigs), both);
      };
    }
    boolean swap = lt == ValueType.SCALAR;
    return ev.rangeEval(
        (v, ts) -> {
          List<Sample> vec = swap ? v.get(1) : v.get(0);
          double s = (swap ? v.get(0) : v.get(1)).get(0).v();
          return vectorScalar(op, vec, s, swap, b.returnBool());
        },
        both);
  }

  /** The signature a series matches on: its labels with on(...) or without ignoring(...). */
  private static final class Signatures {
    private final boolean on;
    private final Set<String> names;
    private final Map<SeriesLabels, SeriesLabels> cache =
        new java.util.concurrent.ConcurrentHashMap<>();

    Signatures(VectorMatching m) {
      this.on = m.on();
      this.names = new TreeSet<>(m.labels());
      if (!on) {
        names.add(SeriesLabels.NAME);
      }
    }

    SeriesLabels of(SeriesLabels l) {
      return cache.computeIfAbsent(l, x -> on ? x.keep(names) : x.drop(names));
    }
  }

  private static List<Sample> and(List<Sample> lhs, List<Sample> rhs, Signatures sigs) {
    if (lhs.isEmpty() || rhs.isEmpty()) {
      return List.of();
    }
    Set<SeriesLabels> right = new HashSet<>();
    for (Sample s : rhs) {
      right.add(sigs.of(s.labels()));
    }
    List<Sample> out = new ArrayList<>();
    for (Sample s : lhs) {
      if (right.contains(sigs.of(s.labels()))) {
        out.add(s);
      }
    }
    return out;
  }

  private static List<Sample> or(List<Sample> lhs, List<Sample> rhs, Signatures sigs) {
    if (lhs.isEmpty()) {
      return rhs;
    }
    if (rhs.isEmpty()) {
      return lhs;
    }
    Set<SeriesLabels> left = new HashSet<>();
    List<Sample> out = new ArrayList<>(lhs);
    for (Sample s : lhs) {
      left.add(sigs.of(s.labels()));
    }
    for (Sample s : rhs) {
      if (!left.contains(sigs.of(s.labels()))) {
        out.add(s);
      }
    }
    return out;
  }

  private static List<Sample> unless(List<Sample> lhs, List<Sample> rhs, Signatures sigs) {
    if (lhs.isEmpty() || rhs.isEmpty()) {
      return lhs;
    }
    Set<SeriesLabels> right = new HashSet<>();
    for (Sample s : rhs) {
      right.add(sigs.of(s.labels()));
    }
    List<Sample> out = new ArrayList<>();
    for (Sample s : lhs) {
      if (!right.contains(sigs.of(s.labels()))) {
        out.add(s);
      }
    }
    return out;
  }

  private static List<Sample> vectors(
      BinaryOp op,
      List<Sample> lhs,
      List<Sample> rhs,
      VectorMatching m,
      boolean returnBool,
      Signatures sigs) {
    if (lhs.isEmpty() || rhs.isEmpty()) {
      return List.of();
    }
    boolean oneToMany = m.grouping() == Grouping.RIGHT;
    if (oneToMany) {
      List<Sample> t = lhs;
      lhs = rhs;
      rhs = t;
    }
    Map<SeriesLabels, Sample> right = new LinkedHashMap<>();
    for (Sample rs : rhs) {
      SeriesLabels sig = sigs.of(rs.labels());
      Sample dupl = right.get(sig);
      if (dupl != null) {
        String oneSide = oneToMany ? "left" : "right";
        SeriesLabels matched =
            m.on() ? rs.labels().keep(m.labels()) : rs.labels().drop(withName(m.labels()));
        throw QueryException.execution(
            "found duplicate series for the match group "
                + matched
                + " on the "
                + oneSide
                + " hand-side of the operation: ["
                + rs.labels()
                + ", "
                + dupl.labels()
                + "];many-to-many matching not allowed: matching labels must be unique on one"
                + " side");
      }
      right.put(sig, rs);
    }
    Map<SeriesLabels, Set<SeriesLabels>> matched = new HashMap<>();
    List<Sample> out = new ArrayList<>();
    for (Sample ls : lhs) {
      SeriesLabels sig = sigs.of(ls.labels());
      Sample rs = right.get(sig);
      if (rs == null) {
        continue;
      }
      double vl = ls.v();
      double vr = rs.v();
      FloatHistogram hl = ls.h();
      FloatHistogram hr = rs.h();
      if (oneToMany) {
        double t = vl;
        vl = vr;
        vr = t;
        FloatHistogram th = hl;
        hl = hr;
        hr = th;
      }
      if ((hl != null || hr != null) && !(op == BinaryOp.ADD && hl != null && hr != null)) {
        throw new Unsupported(
            "the operator " + op.symbol() + " with native histograms (only + of two)");
      }
      double value;
      FloatHistogram hv = null;
      boolean keep = true;
      if (hl != null) {
        hv = hl.schema <= hr.schema ? hl.copy().add(hr) : hr.copy().add(hl);
        value = 0;
      } else if (op.comparison()) {
        keep = compare(op, vl, vr);
        value = vl;
      } else {
        value = arithmetic(op, vl, vr);
      }
      if (returnBool) {
        value = keep ? 1 : 0;
      } else if (!keep) {
        continue;
      }
      SeriesLabels metric = resultMetric(ls.labels(), rs.labels(), op, m);
      if (returnBool) {
        metric = metric.withoutName();
      }
      Set<SeriesLabels> inserted = matched.get(sig);
      if (m.grouping() == Grouping.ONE_TO_ONE) {
        if (inserted != null) {
          throw QueryException.execution(
              "multiple matches for labels: many-to-one matching must be explicit"
                  + " (group_left/group_right)");
        }
        matched.put(sig, Set.of());
      } else {
        if (inserted == null) {
          inserted = new HashSet<>();
          matched.put(sig, inserted);
        } else if (inserted.contains(metric)) {
          throw QueryException.execution(
              "multiple matches for labels: grouping labels must ensure unique matches");
        }
        inserted.add(metric);
      }
      out.add(new Sample(metric, ls.t(), value, hv));
    }
    return out;
  }

  private static List<String> withName(List<String> labels) {
    List<String> out = new ArrayList<>(labels);
    out.add(SeriesLabels.NAME);
    return out;
  }

  private static SeriesLabels resultMetric(
      SeriesLabels lhs, SeriesLabels rhs, BinaryOp op, VectorMatching m) {
    SeriesLabels.Builder b = lhs.builder();
    if (dropsName(op)) {
      b.delete(SeriesLabels.NAME);
    }
    SeriesLabels out = b.build();
    if (m.grouping() == Grouping.ONE_TO_ONE) {
      out = m.on() ? out.keep(m.labels()) : out.drop(m.labels());
    }
    if (!m.include().isEmpty()) {
      SeriesLabels.Builder inc = out.builder();
      for (String name : m.include()) {
        inc.set(name, rhs.get(name));
      }
      out = inc.build();
    }
    return out;
  }

  private static List<Sample> vectorScalar(
      BinaryOp op, List<Sample> vec, double scalar, boolean swap, boolean returnBool) {
    List<Sample> out = new ArrayList<>(vec.size());
    for (Sample s : vec) {
      if (s.h() != null) {
        throw new Unsupported(
            "the operator " + op.symbol() + " between a native histogram and a number");
      }
      double lv = swap ? scalar : s.v();
      double rv = swap ? s.v() : scalar;
      double value;
      boolean keep = true;
      if (op.comparison()) {
        keep = compare(op, lv, rv);
        value = swap ? rv : lv;
      } else {
        value = arithmetic(op, lv, rv);
      }
      if (returnBool) {
        value = keep ? 1 : 0;
        keep = true;
      }
      if (keep) {
        SeriesLabels labels = dropsName(op) || returnBool ? s.labels().withoutName() : s.labels();
        out.add(new Sample(labels, s.t(), value, null));
      }
    }
    return out;
  }

  static double scalar(BinaryOp op, double l, double r) {
    if (op.comparison()) {
      return compare(op, l, r) ? 1 : 0;
    }
    return arithmetic(op, l, r);
  }

  private static double arithmetic(BinaryOp op, double l, double r) {
    return switch (op) {
      case ADD -> l + r;
      case SUB -> l - r;
      case MUL -> l * r;
      case DIV -> l / r;
      case POW -> GoMath.pow(l, r);
      case MOD -> l % r;
      case ATAN2 -> GoMath.atan2(l, r);
      default -> throw new IllegalArgumentException(op.symbol());
    };
  }

  private static boolean compare(BinaryOp op, double l, double r) {
    return switch (op) {
      case EQL -> l == r;
      case NEQ -> l != r;
      case GTR -> l > r;
      case LSS -> l < r;
      case GTE -> l >= r;
      case LTE -> l <= r;
      default -> throw new IllegalArgumentException(op.symbol());
    };
  }

  private static boolean dropsName(BinaryOp op) {
    return switch (op) {
      case ADD, SUB, MUL, DIV, POW, MOD -> true;
      default -> false;
    };
  }

  /** Go's {@code %q}. */
  static String goQuote(String s) {
    return io.metricgen.engine.promql.Expr.StringLiteral.quote(s);
  }
}
