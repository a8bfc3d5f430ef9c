package io.metricgen.engine.series;

import io.metricgen.engine.signal.Rng;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * When a family's series record exemplars, and what they carry: every {@code everySteps}-th step on
 * which the series counted something, a {@code trace_id} that is a pure function of the series and
 * the step (so runs of one seed, resumed or sharded, agree), the fixed labels, and a value: an
 * observation drawn from the histogram's distribution, or the counter's increase.
 *
 * @param observations where a histogram's exemplar values come from; null for counters
 */
public record ExemplarPlan(long everySteps, Labels fixedLabels, Observations observations) {

  /** The label that carries the trace id, as Grafana's exemplar links expect by default. */
  public static final String TRACE_ID = "trace_id";

  /** OpenMetrics' limit on an exemplar's label names and values together, in characters. */
  public static final int MAX_LABEL_CHARS = 128;

  /** Characters that trace_id takes with its 32 hex digits. */
  public static final int TRACE_ID_CHARS = TRACE_ID.length() + 32;

  private static final long TRACE_SALT = 0x7472_6163_6569_6431L;
  private static final long VALUE_SALT = 0x7661_6c75_6573_0001L;

  /** Whether step {@code step} records an exemplar (when it counted anything). */
  public boolean due(long step) {
    return step % everySteps == 0;
  }

  /** Records the exemplar of {@code step} for the series with {@code key} into {@code out}. */
  void record(long key, long step, double increase, Exemplar out) {
    long high = Rng.mix(Rng.derive(key, step) ^ TRACE_SALT);
    long low = Rng.mix(high ^ Rng.derive(key, ~step));
    out.traceId = hex(high) + hex(low);
    out.step = step;
    if (observations == null) {
      out.value = increase;
    } else {
      double u = ((Rng.mix(Rng.derive(key, step) ^ VALUE_SALT) >>> 11) + 0.5) * 0x1.0p-53;
      out.value = observations.valueAt(u);
    }
  }

  private static String hex(long v) {
    String s = Long.toHexString(v);
    return "0".repeat(16 - s.length()) + s;
  }

  /** A series' latest exemplar; cursors reuse it. */
  public static final class Exemplar {
    String traceId;
    double value;
    long step = -1;

    public String traceId() {
      return traceId;
    }

    public double value() {
      return value;
    }

    /** The step that recorded it; its timestamp is that step's. */
    public long step() {
      return step;
    }
  }
}
