package io.metricgen.engine.series;

import io.metricgen.engine.signal.Samples;
import io.metricgen.engine.signal.Signal;

/** Values taken as they are from a signal: gauges, and counters given by value. */
final class DirectCursor implements SeriesCursor {
  private final Signal.Cursor signal;
  private final double[] values = new double[1];
  private final ExemplarRecorder exemplars;
  private long step;
  private double last = Double.NaN;

  DirectCursor(Signal.Cursor signal, long step, ExemplarRecorder exemplars) {
    this.signal = signal;
    this.step = step;
    this.exemplars = exemplars;
  }

  @Override
  public int next() {
    double v = signal.next();
    long k = step++;
    if (Samples.isAbsent(v)) {
      return ABSENT;
    }
    if (Samples.isStale(v)) {
      return STALE;
    }
    if (exemplars != null && v > last) {
      exemplars.counted(k, 0, v - last);
    }
    last = v;
    values[0] = v;
    return PRESENT;
  }

  @Override
  public double[] values() {
    return values;
  }

  @Override
  public ExemplarPlan.Exemplar exemplar() {
    return exemplars == null ? null : exemplars.latest();
  }
}
