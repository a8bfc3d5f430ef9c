package io.metricgen.engine.signal;

/** A signal whose value at a step needs no earlier step: most shapes. */
abstract class StepFunction implements Signal {

  /** The value at {@code step} for the series {@code key}. */
  abstract double at(long key, long step);

  @Override
  public Cursor open(long key, long step) {
    return new Cursor() {
      private long k = step;

      @Override
      public double next() {
        return at(key, k++);
      }
    };
  }
}
