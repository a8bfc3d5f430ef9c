package io.metricgen.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** A scenario: which series exist and what value each has at every step. Plain data. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Scenario {

  /** Sample spacing used when a scenario sets none. */
  public static final String DEFAULT_INTERVAL = "15s";

  /** Series cap used when a scenario sets none. */
  public static final int DEFAULT_MAX_SERIES = 10_000;

  @JsonPropertyDescription(
      "Spacing between samples, a Prometheus duration such as 15s. Every duration in the scenario"
          + " that ends a segment or a repetition must be a multiple of it. Default 15s.")
  public String interval;

  @JsonPropertyDescription(
      "Seed for every random shape. The same seed gives the same samples on every run. Default 0.")
  public Long seed;

  @JsonPropertyDescription(
      "Refuse the scenario when its label combinations expand to more series than this."
          + " Default 10000.")
  public Integer maxSeries;

  @JsonPropertyDescription("The metric families to generate.")
  public List<MetricSpec> metrics = new ArrayList<>();

  @JsonPropertyDescription(
      "Alert expectations that metricgen test-rules checks with promtool: \"ALERT firing"
          + " FROM..TO\" (offsets from the start, like \"HighErrorRate firing 55m..60m\") or"
          + " \"ALERT inactive\". The generator ignores them.")
  public List<String> expect;
}
