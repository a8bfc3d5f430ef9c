package io.metricgen.engine.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The Prometheus metric types a scenario can generate. */
public enum MetricType {
  @JsonProperty("gauge")
  GAUGE,
  @JsonProperty("counter")
  COUNTER,
  @JsonProperty("histogram")
  HISTOGRAM,
  @JsonProperty("summary")
  SUMMARY;

  /** The name used in YAML and in exposition formats. */
  public String yamlName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
