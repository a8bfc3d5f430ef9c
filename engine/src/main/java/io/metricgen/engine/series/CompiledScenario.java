package io.metricgen.engine.series;

import java.util.List;

/** A validated scenario, ready to produce samples. */
public record CompiledScenario(long intervalMillis, long seed, List<MetricFamily> families) {

  /** How many series all families hold. */
  public int seriesCount() {
    return families.stream().mapToInt(f -> f.series().size()).sum();
  }

  /**
   * What a destination that carries neither native histograms nor exemplars (a text format, the
   * Pushgateway) leaves out of this scenario, in a sentence that starts with {@code destination};
   * null when it leaves out nothing.
   */
  public String classicOnlyNote(String destination) {
    List<String> natives =
        families.stream().filter(f -> f.nativeLayout() != null).map(MetricFamily::name).toList();
    List<String> exemplars =
        families.stream().filter(f -> f.exemplars() != null).map(MetricFamily::name).toList();
    if (natives.isEmpty() && exemplars.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder("note: " + destination);
    if (!natives.isEmpty()) {
      out.append(" takes no native histograms: ")
          .append(String.join(", ", natives))
          .append(natives.size() == 1 ? " goes" : " go")
          .append(" as classic buckets");
    }
    if (!exemplars.isEmpty()) {
      out.append(natives.isEmpty() ? " takes no exemplars: those of " : "; the exemplars of ")
          .append(String.join(", ", exemplars))
          .append(" are left out");
    }
    return out.toString();
  }
}
