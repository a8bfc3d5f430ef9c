package io.metricgen.engine.signal;

import java.util.List;

/** Shapes made of other shapes: sequences, repetition, arithmetic, noise. */
public final class Combinators {

  private Combinators() {}

  /**
   * Segments one after another; each segment's signal starts at its own step 0. {@code lengths[i]}
   * is segment i's length in steps; {@link Long#MAX_VALUE} for an open-ended last one. After the
   * last segment there are no samples.
   */
  public static Signal sequence(List<Signal> segments, long[] lengths) {
    Signal[] parts = segments.toArray(new Signal[0]);
    long[] lens = lengths.clone();
    return (key, step) ->
        new Signal.Cursor() {
          private int segment;
          private long remaining;
          private Signal.Cursor current;

          {
            long offset = step;
            while (segment < parts.length && offset >= lens[segment]) {
              offset -= lens[segment];
              segment++;
            }
            if (segment < parts.length) {
              current = parts[segment].open(key, offset);
              remaining = lens[segment] - offset;
            }
          }

          @Override
          public double next() {
            while (current != null && remaining == 0) {
              segment++;
              current = segment < parts.length ? parts[segment].open(key, 0) : null;
              remaining = segment < parts.length ? lens[segment] : 0;
            }
            if (current == null) {
              return Samples.ABSENT;
            }
            remaining--;
            return current.next();
          }
        };
  }

  /** {@code inner} restarted from its step 0 every {@code everySteps}. */
  public static Signal repeat(Signal inner, long everySteps) {
    return (key, step) ->
        new Signal.Cursor() {
          private long local = step % everySteps;
          private Signal.Cursor current = inner.open(key, local);

          @Override
          public double next() {
            if (local == everySteps) {
              local = 0;
              current = inner.open(key, 0);
            }
            local++;
            return current.next();
          }
        };
  }

  /**
   * 0 for the first {@code delaySteps} steps, then {@code inner} from its step 0: a shape that
   * starts later than the signal it is added to.
   */
  public static Signal delayed(Signal inner, long delaySteps) {
    return delayed(inner, delaySteps, 0);
  }

  /** {@code before} for the first {@code delaySteps} steps, then {@code inner} from its step 0. */
  public static Signal delayed(Signal inner, long delaySteps, double before) {
    return (key, step) -> {
      if (step >= delaySteps) {
        return inner.open(key, step - delaySteps);
      }
      return new Signal.Cursor() {
        private long waiting = delaySteps - step;
        private Signal.Cursor current;

        @Override
        public double next() {
          if (waiting > 0) {
            waiting--;
            return before;
          }
          if (current == null) {
            current = inner.open(key, 0);
          }
          return current.next();
        }
      };
    };
  }

  /** The sum of signals; a step where any has no value has none (the first marker wins). */
  public static Signal sum(List<Signal> terms) {
    return fold(terms, 0, Double::sum);
  }

  /** The product of signals; a step where any has no value has none (the first marker wins). */
  public static Signal product(List<Signal> factors) {
    return fold(factors, 1, (a, b) -> a * b);
  }

  /** {@code parts} combined step by step with {@code op} from {@code identity}. */
  private static Signal fold(
      List<Signal> terms, double identity, java.util.function.DoubleBinaryOperator op) {
    Signal[] parts = terms.toArray(new Signal[0]);
    return (key, step) -> {
      Signal.Cursor[] cursors = new Signal.Cursor[parts.length];
      for (int i = 0; i < parts.length; i++) {
        cursors[i] = parts[i].open(key, step);
      }
      return () -> {
        double result = identity;
        double missing = 0;
        boolean anyMissing = false;
        for (Signal.Cursor c : cursors) {
          double v = c.next(); // every term advances, so stateful terms stay in step
          if (!anyMissing && Samples.isMissing(v)) {
            anyMissing = true;
            missing = v;
          }
          result = op.applyAsDouble(result, v);
        }
        return anyMissing ? missing : result;
      };
    };
  }

  /** {@code inner * factor}. */
  public static Signal scale(Signal inner, double factor) {
    return (key, step) -> {
      Signal.Cursor c = inner.open(key, step);
      return () -> {
        double v = c.next();
        return Samples.isMissing(v) ? v : v * factor;
      };
    };
  }

  /** {@code inner} held within [min, max]. */
  public static Signal clamp(Signal inner, double min, double max) {
    return (key, step) -> {
      Signal.Cursor c = inner.open(key, step);
      return () -> {
        double v = c.next();
        return Samples.isMissing(v) ? v : Math.max(min, Math.min(max, v));
      };
    };
  }

  /** {@code inner} plus Gaussian noise of standard deviation {@code stddev}. */
  public static Signal noise(Signal inner, double stddev, long salt) {
    return (key, step) -> {
      Signal.Cursor c = inner.open(key, step);
      long noiseKey = Rng.derive(key, salt);
      return new Signal.Cursor() {
        private long k = step;

        @Override
        public double next() {
          double v = c.next();
          double n = stddev * Rng.gaussian(noiseKey, k++);
          return Samples.isMissing(v) ? v : v + n;
        }
      };
    };
  }
}
