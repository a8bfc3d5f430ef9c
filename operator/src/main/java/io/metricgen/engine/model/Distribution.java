package io.metricgen.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** The distribution of histogram or summary observations: exactly one field is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Distribution {

  @JsonPropertyDescription("Log-normal observations, given by their median and 99th percentile.")
  public LogNormal logNormal;

  @JsonPropertyDescription(
      "Histograms only: relative weight of each bucket, one per bucket bound plus one for +Inf."
          + " Observations fall at the middle of their bucket.")
  public List<Double> weights;

  /** Log-normal parameters. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class LogNormal {
    @JsonPropertyDescription("Median observation, greater than 0.")
    public Double p50;

    @JsonPropertyDescription("99th percentile observation, greater than p50.")
    public Double p99;
  }
}
