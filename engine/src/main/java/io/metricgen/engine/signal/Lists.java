package io.metricgen.engine.signal;

/** Shapes given value by value: custom values and promtool series notation. */
public final class Lists {

  private Lists() {}

  /**
   * One value per step, then no samples. Values may be {@link Samples#ABSENT} or {@link
   * Samples#STALE}.
   */
  public static Signal of(double[] values) {
    double[] copy = values.clone();
    return new StepFunction() {
      @Override
      double at(long key, long step) {
        return step < copy.length ? copy[(int) step] : Samples.ABSENT;
      }
    };
  }
}
