package io.metricgen.engine.series;

import io.metricgen.engine.signal.Samples;
import io.metricgen.engine.signal.Signal;

/**
 * A counter given by value during an incident: it goes on from its last value, rising by the
 * incident's rate (per second) each step, plus its own rise when the incident adds to it rather
 * than replaces it. A fall of its own value is a reset of its own and adds what it fell to, as
 * Prometheus's {@code increase} counts it.
 */
final class IncreaseCursor implements SeriesCursor {

  private final Signal.Cursor own;
  private final Signal.Cursor incident;
  private final boolean replace;
  private final double intervalSeconds;
  private final double[] values = new double[1];
  private double total;
  private double lastOwn = Double.NaN;
  private boolean started;

  /**
   * @param last the counter's last value, or NaN when it had none
   */
  IncreaseCursor(
      Signal.Cursor own,
      Signal.Cursor incident,
      boolean replace,
      long intervalMillis,
      double last) {
    this.own = own;
    this.incident = incident;
    this.replace = replace;
    this.intervalSeconds = intervalMillis / 1000.0;
    this.total = Double.isNaN(last) ? 0 : last;
  }

  @Override
  public int next() {
    double v = own.next();
    double r = incident.next();
    boolean ownMissing = Samples.isMissing(v);
    if (!ownMissing) {
      if (!replace && started && !Double.isNaN(lastOwn)) {
        total += v >= lastOwn ? v - lastOwn : v;
      }
      lastOwn = v;
    }
    if (Samples.isMissing(r)) {
      started = true;
      return Samples.isStale(r) ? STALE : ABSENT;
    }
    if (!replace && ownMissing) {
      started = true;
      return Samples.isStale(v) ? STALE : ABSENT;
    }
    if (started && r > 0) {
      total += r * intervalSeconds;
    }
    started = true;
    values[0] = total;
    return PRESENT;
  }

  @Override
  public double[] values() {
    return values;
  }
}
