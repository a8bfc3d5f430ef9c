package io.metricgen.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/**
 * Some series of a metric that follow their own shapes: one instance that goes down, one disk that
 * fills. Fields left out are the metric's own.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SeriesOverride {

  @JsonPropertyDescription(
      "Which series: each row is labels with values, and a series that carries all the labels of"
          + " some row, with those values, follows this override. Each row must match a series of"
          + " the metric. A series follows the first override that matches it.")
  public List<Map<String, String>> series;

  @JsonPropertyDescription("Gauges, and counters given by value: the value at each step.")
  public Shape value;

  @JsonPropertyDescription("Counters given by rate, histograms and summaries: the per-second rate.")
  public Shape rate;

  @JsonPropertyDescription(
      "Counters given by rate, histograms and summaries: offsets from the start at which these"
          + " series reset to zero, instead of the metric's resets.")
  public List<String> resets;

  @JsonPropertyDescription(
      "Histograms and summaries: a factor on every observation of these series over time, as"
          + " distribution.scale.")
  public Shape scale;
}
