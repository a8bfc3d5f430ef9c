package io.metricgen.engine.load;

import io.metricgen.engine.model.Shape;
import io.metricgen.engine.signal.PromtoolSeries;
import java.util.List;
import java.util.Locale;

/**
 * The largest magnitude a shape's values can reach, from its parameters alone (interval arithmetic
 * over the shape tree), so that a shape whose values would overflow a float64 (an amplitude of
 * 1e308 plus an offset) is refused before it writes {@code +Inf}. Missing or invalid parameters
 * count as 0: they are reported by the compiler.
 */
final class ShapeBounds {

  /** Gaussian noise from 53-bit uniforms stays within this many standard deviations. */
  static final double NOISE_SIGMAS = 9;

  private ShapeBounds() {}

  static double of(Shape s) {
    if (s == null) {
      return 0;
    }
    double bound = kind(s);
    if (s.noise != null && s.noise > 0) {
      bound += NOISE_SIGMAS * s.noise;
    }
    return bound;
  }

  private static double kind(Shape s) {
    if (s.constant != null) {
      return abs(s.constant);
    } else if (s.linear != null) {
      return max(s.linear.from, s.linear.to);
    } else if (s.values != null) {
      return s.values.stream().mapToDouble(ShapeBounds::abs).max().orElse(0);
    } else if (s.series != null) {
      return series(s.series);
    } else if (s.uniform != null) {
      return max(s.uniform.min, s.uniform.max);
    } else if (s.randomWalk != null) {
      return Math.max(max(s.randomWalk.min, s.randomWalk.max), abs(s.randomWalk.start));
    } else if (s.sine != null) {
      return abs(s.sine.offset) + abs(s.sine.amplitude);
    } else if (s.square != null) {
      return max(s.square.low, s.square.high);
    } else if (s.sawtooth != null) {
      return max(s.sawtooth.low, s.sawtooth.high);
    } else if (s.triangle != null) {
      return max(s.triangle.low, s.triangle.high);
    } else if (s.spike != null) {
      return max(s.spike.base, s.spike.height);
    } else if (s.sequence != null) {
      return s.sequence.stream()
          .mapToDouble(seg -> seg == null ? 0 : of(seg.value))
          .max()
          .orElse(0);
    } else if (s.repeat != null) {
      return of(s.repeat.value);
    } else if (s.sum != null) {
      return sum(s.sum);
    } else if (s.scale != null) {
      return abs(s.scale.factor) * of(s.scale.value);
    } else if (s.clamp != null) {
      return Math.min(of(s.clamp.value), max(s.clamp.min, s.clamp.max));
    }
    return 0;
  }

  private static double sum(List<Shape> terms) {
    double total = 0;
    for (Shape t : terms) {
      total += of(t);
    }
    return total;
  }

  /** promtool notation as written: an Inf it names is meant, one it overflows to is not. */
  private static double series(String notation) {
    boolean namesInf = notation.toLowerCase(Locale.ROOT).contains("inf");
    try {
      double bound = 0;
      for (double v : PromtoolSeries.expand(notation)) {
        if (!Double.isNaN(v) && !(Double.isInfinite(v) && namesInf)) {
          bound = Math.max(bound, Math.abs(v));
        }
      }
      return bound;
    } catch (IllegalArgumentException e) {
      return 0;
    }
  }

  private static double max(Double a, Double b) {
    return Math.max(abs(a), abs(b));
  }

  private static double abs(Double v) {
    return v == null || v.isNaN() ? 0 : Math.abs(v);
  }
}
