package io.metricgen.engine.signal;

/**
 * A random walk that reflects off its bounds. Each value depends on the one before, so opening at
 * step k replays the k steps before it: the replay is what keeps resumed runs bit-identical.
 */
public final class RandomWalk implements Signal {

  private final double min;
  private final double max;
  private final double start;
  private final double maxStep;
  private final long salt;

  public RandomWalk(double min, double max, double start, double maxStep, long salt) {
    this.min = min;
    this.max = max;
    this.start = start;
    this.maxStep = maxStep;
    this.salt = salt;
  }

  @Override
  public Cursor open(long key, long step) {
    long walkKey = Rng.derive(key, salt);
    Cursor cursor =
        new Cursor() {
          private long k;
          private double value = start;

          @Override
          public double next() {
            if (k > 0) {
              value = reflect(value + maxStep * (2 * Rng.unit(walkKey, k) - 1));
            }
            k++;
            return value;
          }
        };
    for (long i = 0; i < step; i++) {
      cursor.next();
    }
    return cursor;
  }

  private double reflect(double v) {
    if (v > max) {
      v = 2 * max - v;
    } else if (v < min) {
      v = 2 * min - v;
    }
    return Math.max(min, Math.min(max, v));
  }
}
