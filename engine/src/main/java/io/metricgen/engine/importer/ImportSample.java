package io.metricgen.engine.importer;

import java.util.SortedMap;

/**
 * One sample read from an import file.
 *
 * @param labels label names to values, sorted, without the metric name
 * @param timestampMillis when it was taken; the reading time when the file left it empty
 * @param line where it stands in the file, for messages
 */
public record ImportSample(
    String name, SortedMap<String, String> labels, double value, long timestampMillis, int line) {

  /** The series this sample belongs to, as Prometheus would print it. */
  public String seriesId() {
    return name + labels;
  }
}
