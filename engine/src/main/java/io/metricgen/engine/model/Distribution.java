package io.metricgen.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * The distribution of histogram or summary observations: logNormal or weights, and optionally a
 * scale over time.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Distribution {

  @JsonPropertyDescription("Log-normal observations, given by their median and 99th percentile.")
  public LogNormal logNormal;

  @JsonPropertyDescription(
      "Histograms only: relative weight of each bucket, one per bucket bound plus one for +Inf."
          + " Observations fall at the middle of their bucket.")
  public List<Double> weights;

  @JsonPropertyDescription(
      "A factor on every observation that follows a shape over time (default 1): at 3, each"
          + " observation is three times what logNormal or weights say, so every quantile and the"
          + " mean are too. Latency that rises during an incident and comes back:"
          + " {sequence: [{for: 1h, value: 1}, {for: 20m, value: 5}, {value: 1}]}. Above 0 and at"
          + " most 1e6; a step where the shape is not above 0 keeps the factor of the step before."
          + " The bucket counts accumulate at each step's factor, so they stay cumulative and never"
          + " decrease.")
  public Shape scale;

  /** Log-normal parameters. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class LogNormal {
    @JsonPropertyDescription("Median observation, greater than 0.")
    public Double p50;

    @JsonPropertyDescription("99th percentile observation, greater than p50.")
    public Double p99;
  }
}
