package io.metricgen.engine.series;

/**
 * A series' exemplars: the step of the latest one, kept as numbers while a cursor replays and made
 * into an exemplar (trace id, value) only when asked for.
 */
final class ExemplarRecorder {
  private final ExemplarPlan plan;
  private final long key;
  private final ExemplarPlan.Exemplar exemplar = new ExemplarPlan.Exemplar();
  private long step = -1;
  private double increase;

  ExemplarRecorder(ExemplarPlan plan, long key) {
    this.plan = plan;
    this.key = key;
  }

  /**
   * Step {@code k} counted {@code observations} whole observations (histograms) or rose by {@code
   * increase} (counters).
   */
  void counted(long k, double observations, double increase) {
    boolean histogram = plan.observations() != null;
    if (plan.due(k) && (histogram ? observations > 0 : increase > 0)) {
      step = k;
      this.increase = increase;
    }
  }

  ExemplarPlan.Exemplar latest() {
    if (step < 0) {
      return null;
    }
    if (exemplar.step != step) {
      plan.record(key, step, increase, exemplar);
    }
    return exemplar;
  }
}
