package io.metricgen.engine.series;

import java.util.List;

/** A validated scenario, ready to produce samples. */
public record CompiledScenario(long intervalMillis, long seed, List<MetricFamily> families) {

  /** How many series all families hold. */
  public int seriesCount() {
    return families.stream().mapToInt(f -> f.series().size()).sum();
  }
}
