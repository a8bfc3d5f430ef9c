package io.metricgen.engine.load;

import io.metricgen.engine.model.Shape;
import io.metricgen.engine.signal.Combinators;
import io.metricgen.engine.signal.Lists;
import io.metricgen.engine.signal.PromtoolSeries;
import io.metricgen.engine.signal.RandomWalk;
import io.metricgen.engine.signal.Signal;
import io.metricgen.engine.signal.Waves;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks a {@link Shape} and turns it into a {@link Signal}; problems go to {@link Checks}. */
final class ShapeCompiler {

  static final String KINDS =
      "constant, linear, values, series, uniform, randomWalk, sine, square, sawtooth, triangle,"
          + " spike, gap, sequence, repeat, sum, scale, clamp";

  private final Checks checks;
  private final long interval;
  private long nextSalt;

  ShapeCompiler(Checks checks) {
    this.checks = checks;
    this.interval = checks.intervalMillis();
  }

  /** The signal for {@code shape}, or null when it has problems (already reported). */
  Signal compile(Shape shape, FieldPath path) {
    if (shape == null) {
      checks
          .problems()
          .add(path, "required: a number, promtool series notation, or one of " + KINDS);
      return null;
    }
    Map<String, Object> kinds = kindsOf(shape);
    if (kinds.isEmpty()) {
      checks.problems().add(path, "no shape given; expected one of " + KINDS);
      return null;
    }
    if (kinds.size() > 1) {
      checks
          .problems()
          .add(
              path,
              "sets "
                  + String.join(" and ", kinds.keySet())
                  + "; a shape has exactly one kind (combine shapes with sum or sequence)");
      return null;
    }
    String kind = kinds.keySet().iterator().next();
    Signal signal = compileKind(shape, kind, path.field(kind));
    if (shape.noise != null) {
      if (shape.noise < 0 || shape.noise.isNaN()) {
        checks.problems().add(path.field("noise"), "must be 0 or more, got " + shape.noise);
        return null;
      }
      if (signal != null && shape.noise > 0) {
        signal = Combinators.noise(signal, shape.noise, nextSalt++);
      }
    }
    return signal;
  }

  private static Map<String, Object> kindsOf(Shape s) {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("constant", s.constant);
    all.put("linear", s.linear);
    all.put("values", s.values);
    all.put("series", s.series);
    all.put("uniform", s.uniform);
    all.put("randomWalk", s.randomWalk);
    all.put("sine", s.sine);
    all.put("square", s.square);
    all.put("sawtooth", s.sawtooth);
    all.put("triangle", s.triangle);
    all.put("spike", s.spike);
    all.put("gap", s.gap);
    all.put("sequence", s.sequence);
    all.put("repeat", s.repeat);
    all.put("sum", s.sum);
    all.put("scale", s.scale);
    all.put("clamp", s.clamp);
    all.values().removeIf(v -> v == null);
    return all;
  }

  private Signal compileKind(Shape s, String kind, FieldPath p) {
    Problems problems = checks.problems();
    switch (kind) {
      case "constant":
        return Waves.constant(s.constant);
      case "linear":
        {
          double from = checks.orDefault(s.linear.from, 0);
          double to = checks.required(s.linear.to, p.field("to"));
          long over = checks.positiveDuration(s.linear.over, p.field("over"));
          return over < 0 || Double.isNaN(to) ? null : Waves.linear(from, to, over, interval);
        }
      case "values":
        {
          double[] v = new double[s.values.size()];
          for (int i = 0; i < v.length; i++) {
            Double x = s.values.get(i);
            if (x == null) {
              problems.add(p.index(i), "must be a number; for a missing sample use series: \"_\"");
              return null;
            }
            v[i] = x;
          }
          return Lists.of(v);
        }
      case "series":
        try {
          return Lists.of(PromtoolSeries.expand(s.series));
        } catch (IllegalArgumentException e) {
          problems.add(p, e.getMessage());
          return null;
        }
      case "uniform":
        {
          double min = checks.required(s.uniform.min, p.field("min"));
          double max = checks.required(s.uniform.max, p.field("max"));
          return ordered(min, max, p) ? Waves.uniform(min, max, nextSalt++) : null;
        }
      case "randomWalk":
        return randomWalk(s.randomWalk, p);
      case "sine":
        {
          long period = checks.positiveDuration(s.sine.period, p.field("period"));
          long phase = checks.durationOr(s.sine.phase, 0, p.field("phase"));
          double amplitude = checks.orDefault(s.sine.amplitude, 1);
          double offset = checks.orDefault(s.sine.offset, 0);
          return period < 0 || phase < 0
              ? null
              : Waves.sine(period, amplitude, offset, phase, interval);
        }
      case "square":
        {
          long period = checks.positiveDuration(s.square.period, p.field("period"));
          double duty = checks.orDefault(s.square.duty, 0.5);
          if (!(duty > 0 && duty < 1)) {
            problems.add(p.field("duty"), "must be between 0 and 1 (exclusive), got " + duty);
            return null;
          }
          double low = checks.orDefault(s.square.low, 0);
          double high = checks.orDefault(s.square.high, 1);
          return period < 0 ? null : Waves.square(period, low, high, duty, interval);
        }
      case "sawtooth":
      case "triangle":
        {
          Shape.Wave w = kind.equals("sawtooth") ? s.sawtooth : s.triangle;
          long period = checks.positiveDuration(w.period, p.field("period"));
          double low = checks.orDefault(w.low, 0);
          double high = checks.orDefault(w.high, 1);
          if (period < 0) {
            return null;
          }
          return kind.equals("sawtooth")
              ? Waves.sawtooth(period, low, high, interval)
              : Waves.triangle(period, low, high, interval);
        }
      case "spike":
        {
          double height = checks.required(s.spike.height, p.field("height"));
          long every = checks.positiveDuration(s.spike.every, p.field("every"));
          long at = checks.durationOr(s.spike.at, 0, p.field("at"));
          long width = checks.durationOr(s.spike.width, interval, p.field("width"));
          if (every > 0 && width > every) {
            problems.add(p.field("width"), "must not be longer than every (" + s.spike.every + ")");
            return null;
          }
          if (Double.isNaN(height) || every < 0 || at < 0 || width < 0) {
            return null;
          }
          double base = checks.orDefault(s.spike.base, 0);
          return Waves.spike(base, height, every, at, width, interval);
        }
      case "gap":
        if (!s.gap) {
          problems.add(p, "must be true (gap: true means no samples); remove it for samples");
          return null;
        }
        return Waves.gap();
      case "sequence":
        return sequence(s.sequence, p);
      case "repeat":
        {
          long every = checks.steps(s.repeat.every, p.field("every"));
          Signal inner = compile(s.repeat.value, p.field("value"));
          return every < 0 || inner == null ? null : Combinators.repeat(inner, every);
        }
      case "sum":
        {
          if (s.sum.isEmpty()) {
            problems.add(p, "needs at least one shape");
            return null;
          }
          List<Signal> terms = new ArrayList<>();
          for (int i = 0; i < s.sum.size(); i++) {
            terms.add(compile(s.sum.get(i), p.index(i)));
          }
          return terms.contains(null) ? null : Combinators.sum(terms);
        }
      case "scale":
        {
          double factor = checks.required(s.scale.factor, p.field("factor"));
          Signal inner = compile(s.scale.value, p.field("value"));
          return inner == null || Double.isNaN(factor) ? null : Combinators.scale(inner, factor);
        }
      case "clamp":
        {
          double min = checks.orDefault(s.clamp.min, Double.NEGATIVE_INFINITY);
          double max = checks.orDefault(s.clamp.max, Double.POSITIVE_INFINITY);
          if (s.clamp.min == null && s.clamp.max == null) {
            problems.add(p, "needs min, max or both");
            return null;
          }
          Signal inner = compile(s.clamp.value, p.field("value"));
          return inner == null || !ordered(min, max, p) ? null : Combinators.clamp(inner, min, max);
        }
      default:
        throw new IllegalStateException("unhandled shape kind " + kind);
    }
  }

  private Signal randomWalk(Shape.RandomWalk w, FieldPath p) {
    double min = checks.required(w.min, p.field("min"));
    double max = checks.required(w.max, p.field("max"));
    if (!ordered(min, max, p)) {
      return null;
    }
    double start = checks.orDefault(w.start, (min + max) / 2);
    double step = checks.orDefault(w.step, (max - min) / 20);
    if (start < min || start > max) {
      checks.problems().add(p.field("start"), "must be within [min, max], got " + start);
      return null;
    }
    if (!(step > 0)) {
      checks.problems().add(p.field("step"), "must be greater than 0, got " + step);
      return null;
    }
    return new RandomWalk(min, max, start, step, nextSalt++);
  }

  private Signal sequence(List<Shape.Segment> segments, FieldPath p) {
    if (segments.isEmpty()) {
      checks.problems().add(p, "needs at least one segment");
      return null;
    }
    List<Signal> parts = new ArrayList<>();
    long[] lengths = new long[segments.size()];
    boolean ok = true;
    for (int i = 0; i < segments.size(); i++) {
      Shape.Segment seg = segments.get(i);
      FieldPath sp = p.index(i);
      if (seg == null) {
        checks.problems().add(sp, "must be a segment with for and value");
        return null;
      }
      if (seg.duration == null && i == segments.size() - 1) {
        lengths[i] = Long.MAX_VALUE;
      } else if (seg.duration == null) {
        checks.problems().add(sp.field("for"), "required: only the last segment may omit it");
        ok = false;
      } else {
        lengths[i] = checks.steps(seg.duration, sp.field("for"));
        ok &= lengths[i] > 0;
      }
      Signal part = compile(seg.value, sp.field("value"));
      ok &= part != null;
      parts.add(part);
    }
    return ok ? Combinators.sequence(parts, lengths) : null;
  }

  private boolean ordered(double min, double max, FieldPath p) {
    if (Double.isNaN(min) || Double.isNaN(max)) {
      return false;
    }
    if (!(min < max)) {
      checks.problems().add(p, "min must be less than max, got min " + min + " and max " + max);
      return false;
    }
    return true;
  }
}
