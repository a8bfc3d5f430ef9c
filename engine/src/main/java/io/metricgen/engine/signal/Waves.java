package io.metricgen.engine.signal;

/**
 * Shapes that are functions of time: constant, linear, periodic waves, spikes, random values. Time
 * is {@code step * intervalMillis}, kept in whole milliseconds so long runs lose no precision.
 */
public final class Waves {

  private Waves() {}

  public static Signal constant(double value) {
    return new StepFunction() {
      @Override
      double at(long key, long step) {
        return value;
      }
    };
  }

  /** No sample at any step. */
  public static Signal gap() {
    return constant(Samples.ABSENT);
  }

  /** From {@code from} to {@code to} over {@code overMillis}, then {@code to}. */
  public static Signal linear(double from, double to, long overMillis, long intervalMillis) {
    return new StepFunction() {
      @Override
      double at(long key, long step) {
        long t = step * intervalMillis;
        return t >= overMillis ? to : from + (to - from) * ((double) t / overMillis);
      }
    };
  }

  /** {@code offset + amplitude * sin(2 pi (t + phase) / period)}, exact at the quarter points. */
  public static Signal sine(
      long periodMillis, double amplitude, double offset, long phaseMillis, long intervalMillis) {
    return new StepFunction() {
      @Override
      double at(long key, long step) {
        long pos = Math.floorMod(step * intervalMillis + phaseMillis, periodMillis);
        double sin;
        if (pos == 0 || 2 * pos == periodMillis) {
          sin = 0;
        } else if (4 * pos == periodMillis) {
          sin = 1;
        } else if (4 * pos == 3 * periodMillis) {
          sin = -1;
        } else {
          sin = StrictMath.sin(2 * Math.PI * ((double) pos / periodMillis));
        }
        return offset + amplitude * sin;
      }
    };
  }

  /** {@code high} for the first {@code duty} of each period, {@code low} after. */
  public static Signal square(
      long periodMillis, double low, double high, double duty, long intervalMillis) {
    return new StepFunction() {
      @Override
      double at(long key, long step) {
        long pos = Math.floorMod(step * intervalMillis, periodMillis);
        return pos < duty * periodMillis ? high : low;
      }
    };
  }

  /** Rises from {@code low} towards {@code high} over each period, then drops back. */
  public static Signal sawtooth(long periodMillis, double low, double high, long intervalMillis) {
    return new StepFunction() {
      @Override
      double at(long key, long step) {
        long pos = Math.floorMod(step * intervalMillis, periodMillis);
        return low + (high - low) * ((double) pos / periodMillis);
      }
    };
  }

  /** Rises from {@code low} to {@code high} over the first half of each period, falls back. */
  public static Signal triangle(long periodMillis, double low, double high, long intervalMillis) {
    return new StepFunction() {
      @Override
      double at(long key, long step) {
        long pos = Math.floorMod(step * intervalMillis, periodMillis);
        long up = 2 * pos;
        return up <= periodMillis
            ? low + (high - low) * ((double) up / periodMillis)
            : high - (high - low) * ((double) (up - periodMillis) / periodMillis);
      }
    };
  }

  /** {@code base}, and {@code height} for {@code width} from {@code at}, every {@code every}. */
  public static Signal spike(
      double base,
      double height,
      long everyMillis,
      long atMillis,
      long widthMillis,
      long intervalMillis) {
    return new StepFunction() {
      @Override
      double at(long key, long step) {
        long t = step * intervalMillis - atMillis;
        return t >= 0 && t % everyMillis < widthMillis ? height : base;
      }
    };
  }

  /** A new uniform value in [min, max) at every step. */
  public static Signal uniform(double min, double max, long salt) {
    return new StepFunction() {
      @Override
      double at(long key, long step) {
        return min + (max - min) * Rng.unit(Rng.derive(key, salt), step);
      }
    };
  }
}
